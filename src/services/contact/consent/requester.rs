//! The requester's side, on their own page: the re-confirmation (a record against the
//! request, never a match), and the messages and leaving of a connection their page shows.

use super::parties::{post, withdraw};
use super::records::{NewConsent, record_consent};
use super::{Answer, Case, case};
use crate::context::AppContext;
use crate::domain::contact::consent::{Channel, Party, REQUESTER_WORDING};
use crate::domain::contact::records::{NoticeKind, RecordState};
use crate::entities::{contact_request, request_notice};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{MatchId, Token};
use crate::services::contact::intake;
use crate::services::contact::relay;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The requester re-confirms, on their own page, that they still want contact and how.
/// Always the same work: one record against the request, whatever the request's matches
/// (the minute job finds the matches it completes). `false`: no such link, or the request
/// is not in force.
pub async fn requester_confirms(
    ctx: &AppContext,
    token: &Token,
    answer: &Answer,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let Some(r) = intake::request_by_status_token(&ctx.db, token).await? else {
        return Ok(false);
    };
    if r.state != RecordState::Active || now >= r.expires_at {
        return Ok(false);
    }
    let txn = ctx.begin_write().await?;
    record_consent(
        &txn,
        ctx,
        NewConsent {
            request_id: r.id,
            match_id: None,
            party: Party::Requester,
            answer,
            wording: REQUESTER_WORDING,
            locale,
            channel: Channel::Portal,
            asserted_by: None,
        },
        now,
    )
    .await?;
    contact_request::Entity::update_many()
        .col_expr(contact_request::Column::ConfirmedAt, Expr::value(now))
        .filter(contact_request::Column::Id.eq(r.id))
        .exec(&*txn)
        .await?;
    txn.commit().await?;
    Ok(true)
}

/// A message from the requester on one of their connections (the match is named by the
/// notice on their own page).
pub async fn requester_posts(
    ctx: &AppContext,
    token: &Token,
    match_id: MatchId,
    body: &str,
    now: DateTime<Utc>,
) -> Result<Option<Result<(), relay::PostProblem>>, AppError> {
    let Some(case) = requester_case(ctx, token, match_id).await? else {
        return Ok(None);
    };
    let posted = post(ctx, &case, Party::Requester, body, now).await?;
    // The requester wrote: the caseworker assigned to the request hears that something
    // waits (no content; the requester is connected already, so nothing is revealed).
    if posted.is_ok()
        && let Some(assignee) = case.request.assigned_to
    {
        let txn = ctx.begin_write().await?;
        crate::domain::staff::alert::mark_waiting(&*txn, &[assignee], now).await?;
        txn.commit().await?;
    }
    Ok(Some(posted))
}

/// The requester leaves one of their connections (and with it the relay thread).
pub async fn requester_leaves(
    ctx: &AppContext,
    token: &Token,
    match_id: MatchId,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    if requester_case(ctx, token, match_id).await?.is_none() {
        return Ok(false);
    }
    withdraw(ctx, match_id, Party::Requester, false, now).await
}

/// The case behind a requester's link and a match id they name, only when their page
/// shows that match (a connection notice): a tampered id finds nothing.
async fn requester_case(
    ctx: &AppContext,
    token: &Token,
    match_id: MatchId,
) -> Result<Option<Case>, AppError> {
    let Some(r) = intake::request_by_status_token(&ctx.db, token).await? else {
        return Ok(None);
    };
    let shown = request_notice::Entity::find()
        .filter(request_notice::Column::RequestId.eq(r.id))
        .filter(request_notice::Column::MatchId.eq(match_id))
        .filter(request_notice::Column::Kind.eq(NoticeKind::Connected))
        .one(&ctx.db)
        .await?
        .is_some();
    if !shown {
        return Ok(None);
    }
    case(&ctx.db, match_id).await
}
