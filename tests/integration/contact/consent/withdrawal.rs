//! Withdrawal: by the sought person (silently) or the requester during cooling-off, which
//! cancels a pending release; after the connection, which closes the thread for both and
//! erases its messages after the retention period; a shared detail leaving with its giver;
//! a requester's later "no" outweighing their earlier "yes".

use super::{SOUGHT_DETAIL, approval_row, us};
use crate::support::factory::case::{Case, link_token, refuse, relay, share};
use crate::support::factory::contact::consents;
use crate::support::factory::staff::decide;
use chrono::Duration;
use peyvand::domain::approval::DecisionError;
use peyvand::domain::contact::consent::Decision;
use peyvand::entities::{audit_event, relay_message, relay_thread};
use peyvand::services::contact::consent::{self as flow, FlowProblem, SoughtPage, WelfareChoice};
use peyvand::services::contact::intake::{self, Change, RequestStatus};
use peyvand::services::contact::relay::PostProblem;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[rocket::async_test]
async fn the_sought_person_withdraws_during_cooling_off_silently() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, token) = case.cooling_off(&relay(), &relay()).await;
    let in_progress = case.view(case.at(76)).await;
    let p = case.propose_release(m, case.at(76)).await;
    assert!(
        flow::sought_withdraws(&app.ctx, &link_token(&token), false, case.at(77))
            .await
            .unwrap()
    );
    let row = case.match_row(m).await;
    assert_eq!(row.state.as_str(), "closed");
    assert_eq!(row.closed_at.map(us), Some(us(case.at(77))));
    let proposal = approval_row(app, p).await;
    assert_eq!(
        proposal.status.as_str(),
        "rejected",
        "the pending release is cancelled"
    );
    assert_eq!(
        decide(app, &case.b, p, true, case.at(78)).await,
        Err(DecisionError::AlreadyDecided)
    );
    assert_eq!(case.state(m).await, "closed");
    assert!(
        relay_thread::Entity::find()
            .one(&app.ctx.db)
            .await
            .unwrap()
            .is_none(),
        "no thread was opened"
    );
    let sought = consents(app)
        .await
        .into_iter()
        .find(|c| c.party.as_str() == "sought")
        .unwrap();
    assert_eq!(sought.withdrawn_at.map(us), Some(us(case.at(77))));
    assert!(
        matches!(
            case.page(&token, case.at(78)).await,
            Some(SoughtPage::Ended)
        ),
        "the link shows that it ended, nothing more"
    );
    case.tick(case.at(79)).await;
    assert_eq!(
        format!("{:?}", case.view(case.at(76)).await),
        format!("{in_progress:?}"),
        "the requester's page is unchanged"
    );
    assert!(matches!(
        case.view(case.at(79)).await.status,
        RequestStatus::InProgress { .. }
    ));
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn the_requester_withdraws_the_request_during_cooling_off() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, token) = case.cooling_off(&relay(), &relay()).await;
    let p = case.propose_release(m, case.at(76)).await;
    assert_eq!(
        intake::withdraw_request(&app.ctx, &link_token(&case.status), case.at(77))
            .await
            .unwrap(),
        Change::Done
    );
    // Before the job runs, an approval is refused and runs nothing.
    assert_eq!(
        decide(app, &case.b, p, true, case.at(77)).await,
        Err(DecisionError::NoLongerValid)
    );
    assert_eq!(case.state(m).await, "cooling_off");
    let report = case.tick(case.at(78)).await;
    assert_eq!(report.closed, 1);
    assert_eq!(case.state(m).await, "closed");
    assert_eq!(approval_row(app, p).await.status.as_str(), "rejected");
    assert_eq!(
        decide(app, &case.b, p, true, case.at(79)).await,
        Err(DecisionError::AlreadyDecided)
    );
    let view = case.view(case.at(79)).await;
    assert_eq!(view.status, RequestStatus::Withdrawn);
    assert!(view.notices.is_empty());
    assert!(matches!(
        case.page(&token, case.at(79)).await,
        Some(SoughtPage::Ended)
    ));
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn withdrawal_after_the_connection_closes_the_thread_and_erases_it_later() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, token) = case.connected(&relay(), &relay()).await;
    assert_eq!(
        flow::requester_posts(
            &app.ctx,
            &link_token(&case.status),
            m,
            "Hello from Leila",
            case.at(77)
        )
        .await
        .unwrap(),
        Some(Ok(()))
    );
    assert_eq!(
        flow::sought_posts(&app.ctx, &link_token(&token), "Hello back", case.at(78))
            .await
            .unwrap(),
        Some(Ok(()))
    );
    assert!(
        flow::sought_withdraws(&app.ctx, &link_token(&token), false, case.at(80))
            .await
            .unwrap()
    );
    assert_eq!(case.state(m).await, "closed");
    assert_eq!(
        flow::requester_posts(
            &app.ctx,
            &link_token(&case.status),
            m,
            "Are you there?",
            case.at(81)
        )
        .await
        .unwrap(),
        Some(Err(PostProblem::Closed))
    );
    assert!(
        !matches!(
            flow::sought_posts(&app.ctx, &link_token(&token), "one more", case.at(81))
                .await
                .unwrap(),
            Some(Ok(()))
        ),
        "no more posts from the sought side"
    );
    let view = case.view(case.at(81)).await;
    assert_eq!(view.notices.len(), 1);
    let n = &view.notices[0];
    assert!(n.ended, "the notice says the connection ended");
    let thread = n.thread.as_ref().unwrap();
    assert!(!thread.open);
    assert_eq!(thread.messages.len(), 3);
    assert!(thread.messages.iter().all(|x| !x.body.is_empty()));
    let t = relay_thread::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(t.state.as_str(), "closed");

    // Kept for the retention period, then the bodies are erased (the rows stay).
    let retention = Duration::days(30);
    let report = case
        .tick(case.at(80) + retention - Duration::minutes(1))
        .await;
    assert_eq!(report.erased, 0);
    let report = case.tick(case.at(80) + retention).await;
    assert_eq!(report.erased, 3);
    let rows = relay_message::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    for r in &rows {
        assert_eq!(r.erased_at.map(us), Some(us(case.at(80) + retention)));
        assert!(r.body_enc.is_empty());
    }
    let view = case.view(case.at(80) + retention).await;
    let thread = view.notices[0].thread.as_ref().unwrap();
    assert!(thread.messages.iter().all(|x| x.body.is_empty()));
    assert_eq!(
        case.tick(case.at(81) + retention).await.erased,
        0,
        "erased once"
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_requester_leaving_a_connection_ends_it_for_both() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, token) = case.connected(&relay(), &relay()).await;
    assert!(
        flow::requester_leaves(&app.ctx, &link_token(&case.status), m, case.at(80))
            .await
            .unwrap()
    );
    assert_eq!(case.state(m).await, "closed");
    assert_eq!(
        flow::requester_posts(
            &app.ctx,
            &link_token(&case.status),
            m,
            "Hello?",
            case.at(81)
        )
        .await
        .unwrap(),
        Some(Err(PostProblem::Closed))
    );
    assert!(!matches!(
        flow::sought_posts(&app.ctx, &link_token(&token), "Hello?", case.at(81))
            .await
            .unwrap(),
        Some(Ok(()))
    ));
    let n = &case.view(case.at(81)).await.notices[0];
    assert!(n.ended && !n.thread.as_ref().unwrap().open);
    // The requester's consent covers the whole request and stays.
    let requester = consents(app)
        .await
        .into_iter()
        .find(|c| c.party.as_str() == "requester")
        .unwrap();
    assert_eq!(requester.withdrawn_at, None);
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_shared_detail_leaves_the_requesters_page_when_the_sought_person_leaves() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, token) = case.connected(&relay(), &share(SOUGHT_DETAIL)).await;
    let view = case.view(case.at(77)).await;
    assert_eq!(view.notices[0].text.as_deref(), Some(SOUGHT_DETAIL));
    // They leave and block.
    assert!(
        flow::sought_withdraws(&app.ctx, &link_token(&token), true, case.at(78))
            .await
            .unwrap()
    );
    assert_eq!(case.state(m).await, "closed");
    let view = case.view(case.at(79)).await;
    assert!(view.notices[0].ended);
    assert_eq!(view.notices[0].text, None);
    assert!(!format!("{view:?}").contains(SOUGHT_DETAIL));
    // The deny rule the block added is in the audit log, like "never from this person".
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("registration.deny_rule"))
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].subject,
        format!("registration:{}", case.registration)
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_requester_who_answers_no_later_no_longer_counts_as_consenting() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.cooling_off(&relay(), &relay()).await;
    // During cooling-off the requester changes their mind on their own page.
    case.confirm(&refuse(Decision::Decline, WelfareChoice::None), case.at(4))
        .await;
    let report = case.tick(case.at(5)).await;
    assert_eq!(report.closed, 1, "the older yes does not outlive the no");
    assert_eq!(case.state(m).await, "closed");
    assert_eq!(
        flow::propose_release(&app.ctx, case.a.id, m, "both agreed", case.at(76))
            .await
            .unwrap(),
        Err(FlowProblem::WrongState)
    );
    case.assert_audit_chain_intact().await;
}
