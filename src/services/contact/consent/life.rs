//! The life of a match: moving it by an event (audited, and only from the state it was
//! read in), ending it with everything that hangs on it, and the notices a match leaves on
//! the requester's page.

use super::{Case, state_of};
use crate::context::AppContext;
use crate::domain::approval::ApprovalStatus;
use crate::domain::audit::{self, Actor, NewEvent, Subject};
use crate::domain::contact::match_flow::{MatchEvent, MatchState, next};
use crate::domain::contact::records::NoticeKind;
use crate::entities::{approval as approval_row, contact_match, request_notice};
use crate::error::AppError;
use crate::ids::MatchId;
use crate::services::contact::relay;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

/// Moves a match by `event` if its stored state still is `m`'s and the life of a match
/// allows it; audits the change. Returns the new state, or `None` (nothing written).
pub(super) async fn transition(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    actor: &Actor,
    m: &contact_match::Model,
    event: MatchEvent,
    now: DateTime<Utc>,
) -> Result<Option<MatchState>, AppError> {
    let from = state_of(m);
    let Ok(to) = next(from, event) else {
        return Ok(None);
    };
    let mut update = contact_match::Entity::update_many()
        .col_expr(contact_match::Column::State, Expr::value(to))
        .col_expr(contact_match::Column::UpdatedAt, Expr::value(now));
    if to == MatchState::Closed {
        update = update.col_expr(contact_match::Column::ClosedAt, Expr::value(now));
    }
    if to == MatchState::CoolingOff {
        update = update.col_expr(
            contact_match::Column::CoolingUntil,
            Expr::value(now + ctx.config.contact.cooling_off),
        );
    }
    let n = update
        .filter(contact_match::Column::Id.eq(m.id))
        .filter(contact_match::Column::State.eq(from))
        .exec(txn)
        .await?
        .rows_affected;
    if n != 1 {
        return Ok(None);
    }
    audit::record(
        txn,
        &ctx.crypto,
        NewEvent {
            actor: actor.clone(),
            action: event.audit_action(),
            subject: Subject::Match(m.id),
            details: serde_json::json!({ "from": from.as_str(), "to": to.as_str() }),
        },
    )
    .await?;
    Ok(Some(to))
}

/// Runs `events` one after the other on a match (re-reading it between steps).
pub(super) async fn transitions(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    actor: &Actor,
    match_id: MatchId,
    events: &[MatchEvent],
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    for e in events {
        let Some(m) = contact_match::Entity::find_by_id(match_id).one(txn).await? else {
            return Ok(false);
        };
        if transition(txn, ctx, actor, &m, *e, now).await?.is_none() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Ends a match: a withdrawal (when the party withdrew and the state allows it) then
/// closing; cancels a pending release, closes the relay thread (its content erased after
/// the retention period) and ends the requester's connection notice. The parties' links
/// keep working until they expire, showing that the conversation ended.
pub(super) async fn finish(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    actor: &Actor,
    match_id: MatchId,
    withdraw: bool,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let Some(m) = contact_match::Entity::find_by_id(match_id).one(txn).await? else {
        return Ok(false);
    };
    let from = state_of(&m);
    if from.is_final() {
        return Ok(false);
    }
    let events: &[MatchEvent] = if withdraw && next(from, MatchEvent::Withdraw).is_ok() {
        &[MatchEvent::Withdraw, MatchEvent::Close]
    } else {
        &[MatchEvent::Close]
    };
    if !transitions(txn, ctx, actor, match_id, events, now).await? {
        return Ok(false);
    }
    approval_row::Entity::update_many()
        .col_expr(
            approval_row::Column::Status,
            Expr::value(ApprovalStatus::Rejected),
        )
        .col_expr(approval_row::Column::DecidedAt, Expr::value(now))
        .col_expr(
            approval_row::Column::Note,
            Expr::value("cancelled: the match closed"),
        )
        .filter(approval_row::Column::Subject.eq(Subject::Match(match_id).to_string()))
        .filter(approval_row::Column::Status.eq(ApprovalStatus::Pending))
        .exec(txn)
        .await?;
    relay::close(txn, match_id, ctx.config.contact.relay_retention, now).await?;
    request_notice::Entity::update_many()
        .col_expr(request_notice::Column::EndedAt, Expr::value(now))
        .filter(request_notice::Column::MatchId.eq(match_id))
        .filter(request_notice::Column::EndedAt.is_null())
        .exec(txn)
        .await?;
    Ok(true)
}

pub(super) async fn add_notice(
    txn: &DatabaseTransaction,
    case: &Case,
    kind: NoticeKind,
    match_id: Option<MatchId>,
    body_enc: Option<Vec<u8>>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    request_notice::ActiveModel {
        request_id: Set(case.request.id),
        sought_person_id: Set(case.m.sought_person_id),
        match_id: Set(match_id),
        kind: Set(kind),
        body_enc: Set(body_enc),
        created_at: Set(now),
        ended_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}
