//! Answers a caseworker records (by phone, in person): they count only once a second
//! caseworker approves, each tied to its own approval; a decline cancels a pending one; the
//! approver sees an asserted detail, and that read is audited.

use super::approval_row;
use crate::support::factory::case::{Case, refuse, relay, share};
use crate::support::factory::contact::consents;
use crate::support::factory::staff::decide;
use peyvand::domain::approval::DecisionError;
use peyvand::domain::contact::consent::{Decision, Party};
use peyvand::entities::audit_event;
use peyvand::i18n::Locale;
use peyvand::services::contact::consent::{self as flow, FlowProblem, WelfareChoice};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[rocket::async_test]
async fn a_staff_asserted_sought_consent_counts_only_once_approved() {
    let case = Case::new().await;
    let app = &case.app;
    let m = case.verify(case.at(1)).await;
    let p = case
        .assert_consent(
            m,
            Party::Sought,
            &relay(),
            "by phone, identity checked with the family facts",
            Locale::Fa,
            case.at(2),
        )
        .await;
    assert_eq!(case.state(m).await, "verified", "the match does not move");
    case.confirm(&relay(), case.at(3)).await;
    for hour in [3, 30] {
        let report = case.tick(case.at(hour)).await;
        assert_eq!((report.cooling_off, report.closed), (0, 0));
        assert_eq!(case.state(m).await, "verified");
        assert_eq!(
            flow::propose_release(&app.ctx, case.a.id, m, "asserted", case.at(hour))
                .await
                .unwrap(),
            Err(FlowProblem::WrongState)
        );
    }
    let view = case.case_view(&case.b, m, case.at(4)).await;
    let sought = view
        .consents
        .iter()
        .find(|c| c.party.as_str() == "sought")
        .unwrap();
    assert_eq!(
        (
            sought.channel.as_str(),
            sought.asserted_by,
            sought.approval_id
        ),
        ("staff", Some(case.a.id), None)
    );
    assert!(!sought.counts, "not without a second staff member");
    assert!(!view.releasable);
    assert_eq!(view.proposals[0].kind, "contact-confirm-consent");
    assert!(view.proposals[0].decidable);
    assert_eq!(
        decide(app, &case.a, p, true, case.at(4)).await,
        Err(DecisionError::OwnProposal)
    );

    // A second caseworker approves: it counts, the match moves on as if answered.
    decide(app, &case.b, p, true, case.at(40)).await.unwrap();
    assert_eq!(case.state(m).await, "consented");
    let view = case.case_view(&case.b, m, case.at(40)).await;
    let sought = view
        .consents
        .iter()
        .find(|c| c.party.as_str() == "sought")
        .unwrap();
    assert!(sought.counts);
    assert!(sought.approval_id.is_some());
    assert_eq!(sought.approval_id, Some(p));
    // The requester's re-confirmation (3 h) came after the asserted answer (2 h).
    assert_eq!(case.tick(case.at(40)).await.cooling_off, 1);
    let release = flow::propose_release(&app.ctx, case.a.id, m, "ok", case.at(40 + 73))
        .await
        .unwrap()
        .unwrap();
    decide(app, &case.b, release, true, case.at(40 + 73))
        .await
        .unwrap();
    assert_eq!(case.state(m).await, "connected");
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_staff_asserted_requester_consent_counts_only_once_approved() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.answered(&relay()).await;
    let p = case
        .assert_consent(
            m,
            Party::Requester,
            &relay(),
            "in person at the office",
            Locale::En,
            case.at(3),
        )
        .await;
    let report = case.tick(case.at(4)).await;
    assert_eq!((report.cooling_off, report.closed), (0, 0));
    assert_eq!(case.state(m).await, "consented");
    let view = case.case_view(&case.b, m, case.at(4)).await;
    let requester = view
        .consents
        .iter()
        .find(|c| c.party.as_str() == "requester")
        .unwrap();
    assert!(!requester.counts);
    decide(app, &case.b, p, true, case.at(5)).await.unwrap();
    let view = case.case_view(&case.b, m, case.at(5)).await;
    assert!(
        view.consents
            .iter()
            .find(|c| c.party.as_str() == "requester")
            .unwrap()
            .counts
    );
    assert_eq!(case.tick(case.at(5)).await.cooling_off, 1);
    assert_eq!(case.state(m).await, "cooling_off");
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn each_asserted_consent_records_the_approval_that_let_it_count() {
    let case = Case::new().await;
    let app = &case.app;
    let m = case.verify(case.at(1)).await;
    let for_sought = case
        .assert_consent(
            m,
            Party::Sought,
            &relay(),
            "by phone",
            Locale::Fa,
            case.at(2),
        )
        .await;
    let for_requester = case
        .assert_consent(
            m,
            Party::Requester,
            &relay(),
            "in person",
            Locale::En,
            case.at(3),
        )
        .await;
    // Decided in the other order than proposed, by the same second caseworker.
    decide(app, &case.b, for_requester, true, case.at(4))
        .await
        .unwrap();
    decide(app, &case.b, for_sought, true, case.at(5))
        .await
        .unwrap();
    let records = consents(app).await;
    let approval_of = |party: &str| {
        records
            .iter()
            .find(|c| c.party.as_str() == party)
            .unwrap()
            .approval_id
    };
    assert_eq!(approval_of("sought"), Some(for_sought));
    assert_eq!(approval_of("requester"), Some(for_requester));
    assert_eq!(case.state(m).await, "consented");
    // The requester's asserted consent (3 h) followed the sought person's (2 h).
    assert_eq!(case.tick(case.at(5)).await.cooling_off, 1);
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_decline_cancels_a_pending_staff_assertion_on_the_match() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, token) = case.asked().await;
    let asserted = case
        .assert_consent(
            m,
            Party::Sought,
            &relay(),
            "by phone",
            Locale::En,
            case.at(2),
        )
        .await;
    case.answer(
        &token,
        &refuse(Decision::Decline, WelfareChoice::None),
        case.at(3),
    )
    .await;
    assert_eq!(case.state(m).await, "closed");
    assert_eq!(
        approval_row(app, asserted).await.status.as_str(),
        "rejected"
    );
    assert!(
        decide(app, &case.b, asserted, true, case.at(4))
            .await
            .is_err()
    );
    assert_eq!(case.state(m).await, "closed");
}

#[rocket::async_test]
async fn the_approver_of_an_asserted_detail_sees_it_and_the_read_is_audited() {
    let case = Case::new().await;
    let app = &case.app;
    let m = case.verify(case.at(1)).await;
    case.assert_consent(
        m,
        Party::Sought,
        &share("+46 70 555 0199"),
        "in person",
        Locale::En,
        case.at(2),
    )
    .await;
    let view = case.case_view(&case.b, m, case.at(3)).await;
    let row = view
        .consents
        .iter()
        .find(|c| c.party.as_str() == "sought")
        .unwrap();
    assert_eq!(row.asserted_detail.as_deref(), Some("+46 70 555 0199"));
    let read = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("match.view"))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(read.details.contains("asserted_details_shown"));
}
