//! The four-eyes release: never by its proposer, never by another role or without a fresh
//! code, decided once; and not at all once the proposer lost the caseworker role or was
//! disabled.

use super::approval_row;
use crate::support::factory::case::{Case, relay};
use crate::support::factory::staff::{decide, decide_with, staffer};
use peyvand::domain::approval::DecisionError;
use peyvand::domain::staff::account::Role;
use peyvand::entities::{relay_thread, staff};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[rocket::async_test]
async fn a_release_needs_a_second_caseworker_with_a_fresh_code() {
    let case = Case::new().await;
    let app = &case.app;
    let organiser = staffer(app, "olga@example.org", &[Role::Organiser]).await;
    let admin = staffer(app, "adel@example.org", &[Role::Admin]).await;
    let (m, _) = case.cooling_off(&relay(), &relay()).await;
    let p = case.propose_release(m, case.at(76)).await;
    assert_eq!(
        decide(app, &case.a, p, true, case.at(76)).await,
        Err(DecisionError::OwnProposal)
    );
    assert_eq!(
        decide(app, &organiser, p, true, case.at(76)).await,
        Err(DecisionError::MissingRole)
    );
    assert_eq!(
        decide(app, &admin, p, true, case.at(76)).await,
        Err(DecisionError::MissingRole)
    );
    assert_eq!(
        decide_with(app, case.b.id, p, true, "000000", case.at(76)).await,
        Err(DecisionError::SecondFactor)
    );
    assert_eq!(case.state(m).await, "cooling_off");
    assert_eq!(approval_row(app, p).await.status.as_str(), "pending");
    let view = case.case_view(&case.a, m, case.at(76)).await;
    assert!(!view.proposals[0].decidable, "not by its proposer");
    let view = case.case_view(&case.b, m, case.at(76)).await;
    assert!(view.proposals[0].decidable);

    decide(app, &case.b, p, true, case.at(77)).await.unwrap();
    assert_eq!(case.state(m).await, "connected");
    assert_eq!(
        decide(app, &case.b, p, true, case.at(78)).await,
        Err(DecisionError::AlreadyDecided)
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_release_proposed_by_someone_no_longer_a_caseworker_is_not_run() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.cooling_off(&relay(), &relay()).await;
    let p = case.propose_release(m, case.at(76)).await;
    // The proposer loses the caseworker role before a colleague decides.
    staff::Entity::update_many()
        .col_expr(staff::Column::Roles, Expr::value("organiser"))
        .filter(staff::Column::Id.eq(case.a.id))
        .exec(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(
        decide(app, &case.b, p, true, case.at(76)).await,
        Err(DecisionError::NoLongerValid)
    );
    assert_eq!(case.state(m).await, "cooling_off");
    assert_eq!(
        approval_row(app, p).await.status.as_str(),
        "pending",
        "nothing written"
    );
}

#[rocket::async_test]
async fn a_proposal_by_a_caseworker_since_disabled_cannot_be_approved() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.cooling_off(&relay(), &relay()).await;
    let p = case.propose_release(m, case.at(76)).await;
    // The proposer is disabled (say, found to be passing cases on) before anyone decides.
    staff::Entity::update_many()
        .col_expr(staff::Column::Active, Expr::value(false))
        .filter(staff::Column::Id.eq(case.a.id))
        .exec(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(
        decide(app, &case.b, p, true, case.at(77)).await,
        Err(DecisionError::NoLongerValid)
    );
    assert_eq!(case.state(m).await, "cooling_off");
    assert_eq!(approval_row(app, p).await.status.as_str(), "pending");
    assert!(
        relay_thread::Entity::find()
            .one(&app.ctx.db)
            .await
            .unwrap()
            .is_none()
    );
    case.assert_audit_chain_intact().await;
}
