//! What cannot be forged or replayed: answers through forged or used links, a requester
//! acting on matches their page does not show; consent records sealed, naming the wording
//! they answered, and a tampered record no longer verifying.

use super::REQUESTER_DETAIL;
use crate::support::factory::case::{
    Case, MESSAGE, REQUESTER_PHONE, link_token, refuse, relay, share, verify_match,
};
use crate::support::factory::contact::{self, consents};
use chrono::Duration;
use peyvand::crypto::random_token;
use peyvand::domain::contact::consent::{Decision, REQUESTER_WORDING, SOUGHT_WORDING};
use peyvand::domain::contact::records::SoughtData;
use peyvand::entities::{audit_event, consent, registration};
use peyvand::i18n::Locale;
use peyvand::ids::{MatchId, Token};
use peyvand::services::contact::consent::{self as flow, AnswerProblem, WelfareChoice};
use peyvand::services::contact::intake;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

#[rocket::async_test]
async fn replayed_answers_and_forged_links_change_nothing() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, token) = case.asked().await;
    for forged in [
        random_token().unwrap(),
        "short".to_owned(),
        "'; DROP TABLE consents; --".to_owned(),
        case.status.clone(),
    ] {
        // A string not shaped like a token never reaches the services (the routes answer
        // it as an unknown link without looking it up).
        let Some(forged_token) = Token::parse(&forged) else {
            continue;
        };
        assert_eq!(
            flow::answer(&app.ctx, &forged_token, &relay(), Locale::Fa, case.at(2))
                .await
                .unwrap(),
            Err(AnswerProblem::InvalidLink),
            "{forged}"
        );
        assert!(case.page(&forged, case.at(2)).await.is_none());
    }
    assert!(consents(app).await.is_empty());

    case.answer(&token, &relay(), case.at(2)).await;
    let events = audit_event::Entity::find()
        .count(&app.ctx.db)
        .await
        .unwrap();
    let records = consents(app).await;
    for again in [relay(), refuse(Decision::Never, WelfareChoice::Preset)] {
        assert_eq!(
            flow::answer(
                &app.ctx,
                &link_token(&token),
                &again,
                Locale::Fa,
                case.at(2)
            )
            .await
            .unwrap(),
            Err(AnswerProblem::AlreadyAnswered)
        );
    }
    assert_eq!(consents(app).await, records, "nothing new written");
    assert_eq!(
        audit_event::Entity::find()
            .count(&app.ctx.db)
            .await
            .unwrap(),
        events
    );
    assert_eq!(case.state(m).await, "consented");
    let reg = registration::Entity::find_by_id(case.registration)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        intake::open_registration(&app.ctx, &reg)
            .unwrap()
            .rules
            .deny_names
            .is_empty()
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_requester_can_only_act_on_the_connections_their_page_shows() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.connected(&relay(), &relay()).await;
    // Another family's request with a match of its own (not connected).
    let other = contact::request()
        .by("Parisa Ahmadi", "parisa@example.org")
        .phone(REQUESTER_PHONE)
        .message(MESSAGE)
        .seeking(SoughtData {
            name_latin: "Zahra Ahmadi".into(),
            birth_year: Some(1975),
            father_name: "Ali".into(),
            ..SoughtData::default()
        })
        .insert(app)
        .await;
    let reg = contact::registration()
        .names(&["Zahra Ahmadi"])
        .born(1975)
        .email("zahra@example.net")
        .insert(app)
        .await;
    let m2 = verify_match(app, case.a.id, other.id, other.sought, reg, case.at(77))
        .await
        .unwrap();
    for (token, id) in [
        (case.status.as_str(), m2),
        (case.status.as_str(), MatchId(m.0 + 1000)),
        (other.status.as_str(), m),
        ("not-a-real-token-at-all-000", m),
    ] {
        assert_eq!(
            flow::requester_posts(&app.ctx, &link_token(token), id, "tampered", case.at(78))
                .await
                .unwrap(),
            None,
            "{token} / {id}"
        );
        assert!(
            !flow::requester_leaves(&app.ctx, &link_token(token), id, case.at(78))
                .await
                .unwrap()
        );
    }
    assert_eq!(case.state(m).await, "connected");
    assert_eq!(case.state(m2).await, "verified");
    assert_eq!(
        case.case_view(&case.a, m, case.at(78)).await.thread,
        Some((true, 1)),
        "nothing was posted"
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn consent_records_are_sealed_and_name_their_wording() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.cooling_off(&share(REQUESTER_DETAIL), &relay()).await;
    let records = consents(app).await;
    assert_eq!(records.len(), 2);
    assert!(records.iter().all(flow::seal_holds));
    let sought = records
        .iter()
        .find(|c| c.party.as_str() == "sought")
        .unwrap();
    let requester = records
        .iter()
        .find(|c| c.party.as_str() == "requester")
        .unwrap();
    assert_eq!(
        (
            sought.wording_version.as_str(),
            sought.wording_locale.as_str()
        ),
        (SOUGHT_WORDING.version, "fa")
    );
    assert_eq!(
        sought.wording_hash,
        flow::wording(SOUGHT_WORDING, Locale::Fa).1
    );
    assert_eq!(
        requester.wording_hash,
        flow::wording(REQUESTER_WORDING, Locale::En).1
    );
    assert_eq!(
        requester.match_id, None,
        "the requester's covers the request"
    );
    assert!(
        !String::from_utf8_lossy(requester.shared_detail_enc.as_deref().unwrap())
            .contains("Signal"),
        "the shared detail is stored encrypted"
    );
    let hashes: Vec<String> = [Locale::En, Locale::Fa, Locale::Fr]
        .into_iter()
        .map(|l| flow::wording(SOUGHT_WORDING, l).1)
        .collect();
    assert!(hashes[0] != hashes[1] && hashes[1] != hashes[2] && hashes[0] != hashes[2]);
    assert_ne!(hashes[0], flow::wording(REQUESTER_WORDING, Locale::En).1);

    // Tampering with one field breaks the seal.
    consent::Entity::update_many()
        .col_expr(
            consent::Column::ExpiresAt,
            Expr::value(sought.expires_at + Duration::days(365)),
        )
        .filter(consent::Column::Id.eq(sought.id))
        .exec(&app.ctx.db)
        .await
        .unwrap();
    consent::Entity::update_many()
        .col_expr(consent::Column::Choice, Expr::value("relay"))
        .filter(consent::Column::Id.eq(requester.id))
        .exec(&app.ctx.db)
        .await
        .unwrap();
    let tampered = consents(app).await;
    assert!(tampered.iter().all(|c| !flow::seal_holds(c)));
    let view = case.case_view(&case.a, m, case.at(4)).await;
    assert!(view.consents.iter().all(|c| !c.seal_ok));
    case.assert_audit_chain_intact().await;
}
