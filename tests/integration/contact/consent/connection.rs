//! The whole walk to a connection: the question, both consents, the cooling-off period,
//! the four-eyes release, the relay thread opening with the requester's message, messages
//! both ways with one content-free email each, and no address ever crossing over — with
//! and without a detail each party chose to share.

use super::{
    REQUESTER_DETAIL, SOUGHT_DETAIL, all_of, approval_row, assert_content_free, mail_count, us,
};
use crate::support::factory::case::{
    Case, MESSAGE, REQUESTER_EMAIL, REQUESTER_NAME, REQUESTER_PHONE, SOUGHT_EMAIL, delivered_to,
    link_token, relay, share,
};
use crate::support::factory::staff::decide;
use chrono::Duration;
use peyvand::domain::contact::consent::SOUGHT_WORDING;
use peyvand::i18n::Locale;
use peyvand::services::contact::consent::{self as flow, FlowProblem, SoughtPage};
use peyvand::services::contact::intake::RequestStatus;
use peyvand::services::contact::relay::PostProblem;

/// Both consent, the cooling-off period passes, two caseworkers release, the parties write
/// through the relay. With `share`, each party shares a detail, which reaches the other
/// exactly as given; either way no address is ever shown to the other party.
async fn walk_to_a_connection(share_details: bool) {
    let case = Case::new().await;
    let app = &case.app;
    let (requester_answer, sought_answer) = if share_details {
        (share(REQUESTER_DETAIL), share(SOUGHT_DETAIL))
    } else {
        (relay(), relay())
    };
    // Everything each party is shown, to check for the other's address at the end.
    let mut sought_saw: Vec<String> = Vec::new();
    let mut requester_saw: Vec<String> = Vec::new();

    let untouched = case.view(case.at(1)).await;
    requester_saw.push(format!("{untouched:?}"));
    let (m, token) = case.asked().await;
    let page = case.page(&token, case.at(1)).await.unwrap();
    sought_saw.push(format!("{page:?}"));
    match page {
        SoughtPage::Ask {
            requester,
            relationship,
            wording,
        } => {
            assert_eq!(requester, REQUESTER_NAME);
            assert_eq!(relationship.as_str(), "sibling");
            assert_eq!(wording, flow::wording(SOUGHT_WORDING, Locale::Fa).0);
        }
        other => panic!("the question, not {other:?}"),
    }

    case.answer(&token, &sought_answer, case.at(2)).await;
    assert_eq!(case.state(m).await, "consented");
    let page = case.page(&token, case.at(2)).await.unwrap();
    sought_saw.push(format!("{page:?}"));
    assert!(matches!(page, SoughtPage::Accepted));
    // Safety rule 1: the requester's page has not changed.
    assert_eq!(
        format!("{:?}", case.view(case.at(1)).await),
        format!("{untouched:?}")
    );

    case.confirm(&requester_answer, case.at(3)).await;
    let report = case.tick(case.at(3)).await;
    assert_eq!(report.cooling_off, 1);
    let row = case.match_row(m).await;
    assert_eq!(row.state.as_str(), "cooling_off");
    assert_eq!(
        row.cooling_until.map(us),
        Some(us(case.at(3) + Duration::hours(72)))
    );
    assert_eq!(case.tick(case.at(4)).await.cooling_off, 0, "once");

    // Not before the period is over.
    for hour in [4, 74] {
        assert_eq!(
            flow::propose_release(&app.ctx, case.a.id, m, "both agreed", case.at(hour))
                .await
                .unwrap(),
            Err(FlowProblem::CoolingOff)
        );
    }
    let view = case.case_view(&case.a, m, case.at(74)).await;
    assert!(!view.releasable);
    assert_eq!(view.not_releasable.as_deref(), Some("cooling-off"));
    let during = case.view(case.at(74)).await;
    requester_saw.push(format!("{during:?}"));
    assert!(matches!(during.status, RequestStatus::InProgress { .. }));
    assert!(
        during.notices.is_empty(),
        "nothing shows before the release"
    );
    let page = case.page(&token, case.at(74)).await.unwrap();
    sought_saw.push(format!("{page:?}"));
    assert!(matches!(page, SoughtPage::Accepted));

    // After it: A proposes, B approves with a fresh code.
    let p = case.propose_release(m, case.at(76)).await;
    assert_eq!(
        flow::propose_release(&app.ctx, case.a.id, m, "again", case.at(76))
            .await
            .unwrap(),
        Err(FlowProblem::Pending)
    );
    assert_eq!(
        case.state(m).await,
        "cooling_off",
        "a proposal alone runs nothing"
    );
    let mails_before = mail_count(app).await;
    decide(app, &case.b, p, true, case.at(76)).await.unwrap();
    assert_eq!(case.state(m).await, "connected");
    assert_eq!(approval_row(app, p).await.status.as_str(), "approved");
    assert_eq!(
        mail_count(app).await,
        mails_before + 2,
        "one content-free email to each party"
    );
    assert_eq!(delivered_to(app, REQUESTER_EMAIL).await.len(), 1);

    // The thread opens with the requester's message, held until now.
    let view = case.view(case.at(77)).await;
    requester_saw.push(format!("{view:?}"));
    assert!(matches!(view.status, RequestStatus::InProgress { .. }));
    assert_eq!(view.notices.len(), 1);
    let notice = &view.notices[0];
    assert_eq!(notice.kind.as_str(), "connected");
    assert_eq!(notice.match_id, Some(m));
    assert_eq!(notice.person, "Mohamadreza Husseini");
    assert!(!notice.ended);
    assert_eq!(
        notice.text.as_deref(),
        share_details.then_some(SOUGHT_DETAIL),
        "exactly the detail the sought person chose to share, or none"
    );
    let thread = notice.thread.as_ref().unwrap();
    assert!(thread.open);
    assert_eq!(thread.messages.len(), 1);
    assert!(thread.messages[0].mine);
    assert_eq!(thread.messages[0].body, MESSAGE);
    let page = case.page(&token, case.at(77)).await.unwrap();
    sought_saw.push(format!("{page:?}"));
    match &page {
        SoughtPage::Connected { detail, thread } => {
            assert_eq!(
                detail.as_deref(),
                share_details.then_some(REQUESTER_DETAIL),
                "exactly the detail the requester chose to share, or none"
            );
            assert!(thread.open);
            assert_eq!(thread.messages.len(), 1);
            assert!(!thread.messages[0].mine);
            assert_eq!(thread.messages[0].body, MESSAGE);
        }
        other => panic!("connected, not {other:?}"),
    }

    // Each message queues exactly one content-free email, to the other party.
    let before = mail_count(app).await;
    assert_eq!(
        flow::requester_posts(
            &app.ctx,
            &link_token(&case.status),
            m,
            "Hello from Leila",
            case.at(78)
        )
        .await
        .unwrap(),
        Some(Ok(()))
    );
    assert_eq!(mail_count(app).await, before + 1);
    assert_eq!(app.ctx.mailer.sent().pop().unwrap().to, SOUGHT_EMAIL);
    assert_eq!(
        flow::sought_posts(
            &app.ctx,
            &link_token(&token),
            "Hello back from Reza",
            case.at(79)
        )
        .await
        .unwrap(),
        Some(Ok(()))
    );
    assert_eq!(mail_count(app).await, before + 2);
    let last = app.ctx.mailer.sent().pop().unwrap();
    assert_eq!(last.to, REQUESTER_EMAIL);
    assert_eq!(
        flow::sought_posts(&app.ctx, &link_token(&token), "   ", case.at(79))
            .await
            .unwrap(),
        Some(Err(PostProblem::Empty))
    );
    assert_eq!(
        mail_count(app).await,
        before + 2,
        "nothing for an empty post"
    );

    let view = case.view(case.at(80)).await;
    requester_saw.push(format!("{view:?}"));
    let bodies: Vec<(bool, String)> = view.notices[0]
        .thread
        .as_ref()
        .unwrap()
        .messages
        .iter()
        .map(|x| (x.mine, x.body.clone()))
        .collect();
    assert_eq!(
        bodies,
        [
            (true, MESSAGE.to_owned()),
            (true, "Hello from Leila".to_owned()),
            (false, "Hello back from Reza".to_owned()),
        ]
    );
    let page = case.page(&token, case.at(80)).await.unwrap();
    sought_saw.push(format!("{page:?}"));

    // Addresses never cross over: not on the pages, not in any email.
    let to_sought = delivered_to(app, SOUGHT_EMAIL).await;
    let to_requester = delivered_to(app, REQUESTER_EMAIL).await;
    assert_eq!(to_sought.len(), 3, "asked, connected, one message");
    assert_eq!(to_requester.len(), 2, "connected, one message");
    for mail in to_sought.iter().chain(&to_requester) {
        assert_content_free(mail);
    }
    let sought_side = sought_saw
        .iter()
        .cloned()
        .chain(to_sought.iter().map(all_of))
        .collect::<Vec<_>>()
        .join("\n");
    let requester_side = requester_saw
        .iter()
        .cloned()
        .chain(to_requester.iter().map(all_of))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!sought_side.contains(REQUESTER_EMAIL));
    assert!(!sought_side.contains(REQUESTER_PHONE));
    assert!(!requester_side.contains(SOUGHT_EMAIL));
    assert_eq!(sought_side.contains(REQUESTER_DETAIL), share_details);
    assert_eq!(requester_side.contains(SOUGHT_DETAIL), share_details);

    // The staff case view shows the thread's size, never its content or an address.
    let view = case.case_view(&case.b, m, case.at(80)).await;
    assert_eq!(view.thread, Some((true, 3)));
    let shown = format!("{view:?}");
    for secret in [
        REQUESTER_EMAIL,
        SOUGHT_EMAIL,
        MESSAGE,
        "Hello from Leila",
        REQUESTER_DETAIL,
        SOUGHT_DETAIL,
    ] {
        assert!(!shown.contains(secret), "the case view shows {secret:?}");
    }
    assert!(view.consents.iter().all(|c| c.seal_ok && c.counts));
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn both_consent_cool_off_and_two_caseworkers_connect_them_through_the_relay() {
    walk_to_a_connection(false).await;
}

#[rocket::async_test]
async fn a_shared_detail_reaches_the_other_party_exactly_as_given() {
    walk_to_a_connection(true).await;
}
