//! The clock: consents lapse after their validity (also during cooling-off), an unanswered
//! ask closes with its link, only a requester's confirmation after the sought person's
//! consent starts the cooling-off period, and an expired registration or a flagged request
//! ends a match waiting for release.

use super::us;
use crate::support::factory::case::{Case, link_token, relay};
use crate::support::factory::contact::consents;
use chrono::Duration;
use peyvand::entities::{contact_request, registration};
use peyvand::i18n::Locale;
use peyvand::services::contact::consent::{self as flow, AnswerProblem, FlowProblem};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

#[rocket::async_test]
async fn a_sought_consent_lapses_after_its_validity() {
    let case = Case::new().await;
    let (m, _) = case.answered(&relay()).await;
    let validity = Duration::days(90);
    let report = case
        .tick(case.at(2) + validity - Duration::minutes(1))
        .await;
    assert_eq!((report.closed, report.cooling_off), (0, 0));
    assert_eq!(case.state(m).await, "consented");
    // A requester's re-confirmation after the lapse moves nothing.
    case.confirm(&relay(), case.at(2) + validity).await;
    let report = case.tick(case.at(2) + validity).await;
    assert_eq!((report.closed, report.cooling_off), (1, 0));
    assert_eq!(case.state(m).await, "closed");
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_consent_lapsing_during_cooling_off_closes_the_match() {
    let case = Case::new().await;
    let (m, _) = case.cooling_off(&relay(), &relay()).await;
    // The sought consent (given at 2 h) lapses first.
    let report = case.tick(case.at(2) + Duration::days(90)).await;
    assert_eq!(report.closed, 1);
    assert_eq!(case.state(m).await, "closed");
    assert_eq!(
        flow::propose_release(
            &case.app.ctx,
            case.a.id,
            m,
            "late",
            case.at(3) + Duration::days(90)
        )
        .await
        .unwrap(),
        Err(FlowProblem::WrongState)
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn an_unanswered_ask_closes_after_the_window_and_its_link_expires() {
    let case = Case::new().await;
    let (m, token) = case.asked().await;
    let window = Duration::days(30);
    let report = case.tick(case.at(1) + window - Duration::minutes(1)).await;
    assert_eq!(report.closed, 0);
    assert_eq!(case.state(m).await, "consent_requested");
    // The emailed link ends with the window, even before the job runs.
    assert_eq!(
        flow::answer(
            &case.app.ctx,
            &link_token(&token),
            &relay(),
            Locale::Fa,
            case.at(1) + window
        )
        .await
        .unwrap(),
        Err(AnswerProblem::InvalidLink)
    );
    assert!(case.page(&token, case.at(1) + window).await.is_none());
    let report = case.tick(case.at(1) + window).await;
    assert_eq!(report.closed, 1);
    assert_eq!(case.state(m).await, "closed");
    assert!(consents(&case.app).await.is_empty());
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn only_a_requester_confirmation_after_the_sought_consent_moves_the_match() {
    let case = Case::new().await;
    let (m, token) = case.asked().await;
    case.confirm(&relay(), case.at(1) + Duration::minutes(30))
        .await;
    case.answer(&token, &relay(), case.at(2)).await;
    let report = case.tick(case.at(3)).await;
    assert_eq!((report.cooling_off, report.closed), (0, 0));
    assert_eq!(case.state(m).await, "consented");
    assert_eq!(case.match_row(m).await.cooling_until, None);
    case.confirm(&relay(), case.at(4)).await;
    assert_eq!(case.tick(case.at(4)).await.cooling_off, 1);
    let row = case.match_row(m).await;
    assert_eq!(row.state.as_str(), "cooling_off");
    assert_eq!(
        row.cooling_until.map(us),
        Some(us(case.at(4) + Duration::hours(72)))
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_registration_past_its_expiry_is_not_released() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.cooling_off(&relay(), &relay()).await;
    // The registration lapsed at 50 h; the expiry job has not closed the row yet.
    registration::Entity::update_many()
        .col_expr(registration::Column::ExpiresAt, Expr::value(case.at(50)))
        .filter(registration::Column::Id.eq(case.registration))
        .exec(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(
        flow::propose_release(&app.ctx, case.a.id, m, "both agreed", case.at(76))
            .await
            .unwrap(),
        Err(FlowProblem::Inactive)
    );
    case.tick(case.at(76)).await;
    assert_eq!(case.state(m).await, "closed");
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn flagging_a_request_ends_its_matches_waiting_for_release() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.cooling_off(&relay(), &relay()).await;
    contact_request::Entity::update_many()
        .col_expr(contact_request::Column::Hostile, Expr::value(true))
        .exec(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(case.tick(case.at(4)).await.closed, 1);
    assert_eq!(case.state(m).await, "closed");
}
