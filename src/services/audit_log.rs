//! Reading the audit log for admins: filtered pages of events and the chain's state. The
//! reading itself is recorded.

use crate::context::AppContext;
use crate::domain::audit::{self, Actor, AuditAction, NewEvent, Subject, Verification};
use crate::entities::audit_event;
use crate::error::AppError;
use crate::ids::StaffId;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Serialize;

/// Events per page.
pub const PAGE_SIZE: u64 = 50;

/// Filters of the audit page.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Actions starting with this (e.g. `staff.login`).
    pub action: Option<String>,
    /// Exactly this actor (e.g. `staff:3`).
    pub actor: Option<String>,
    /// Page number from 0.
    pub page: u64,
}

/// One event as shown.
#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    /// Position in the chain.
    pub seq: i64,
    /// When (UTC, seconds).
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// On what.
    pub subject: String,
    /// Details (JSON text).
    pub details: String,
}

/// A page of events.
#[derive(Debug, Clone, Serialize)]
pub struct EventPage {
    /// The events, newest first.
    pub events: Vec<EventRow>,
    /// Matching events in all.
    pub total: u64,
    /// This page (from 0).
    pub page: u64,
    /// Whether there is a next page.
    pub has_next: bool,
    /// Whether the whole chain verifies.
    pub intact: bool,
    /// Where it breaks, if it does.
    pub broken_at: Option<i64>,
}

/// A filtered page of events, plus the chain's state; records the read.
pub async fn page(
    ctx: &AppContext,
    viewer: StaffId,
    filter: &Filter,
) -> Result<EventPage, AppError> {
    let mut q = audit_event::Entity::find();
    if let Some(a) = filter.action.as_deref().filter(|a| !a.is_empty()) {
        q = q.filter(audit_event::Column::Action.starts_with(a));
    }
    if let Some(a) = filter.actor.as_deref().filter(|a| !a.is_empty()) {
        q = q.filter(audit_event::Column::Actor.eq(a));
    }
    let paginator = q
        .order_by_desc(audit_event::Column::Seq)
        .paginate(&ctx.db, PAGE_SIZE);
    let total = paginator.num_items().await?;
    let rows = paginator.fetch_page(filter.page).await?;
    let verification = audit::verify(&ctx.db, &ctx.crypto).await?;
    record(
        ctx,
        NewEvent::staff(
            viewer,
            AuditAction::AuditView,
            Subject::AuditLog,
            serde_json::json!({ "action": filter.action, "actor": filter.actor, "page": filter.page }),
        ),
    )
    .await?;
    let (intact, broken_at) = match verification {
        Verification::Intact { .. } => (true, None),
        Verification::Broken { seq, .. } => (false, Some(seq)),
    };
    Ok(EventPage {
        events: rows
            .into_iter()
            .map(|r| EventRow {
                seq: r.seq,
                at: r.at.format("%Y-%m-%d %H:%M:%S").to_string(),
                actor: r.actor,
                action: r.action,
                subject: r.subject,
                details: r.details,
            })
            .collect(),
        total,
        page: filter.page,
        has_next: (filter.page + 1) * PAGE_SIZE < total,
        intact,
        broken_at,
    })
}

/// Records one event in a transaction of its own: what a staff page that only reads
/// personal data (or hands out a file) leaves behind.
pub async fn record(ctx: &AppContext, event: NewEvent) -> Result<(), AppError> {
    let txn = ctx.begin_write().await?;
    audit::record(&txn, &ctx.crypto, event).await?;
    txn.commit().await?;
    Ok(())
}

/// Appends one event to the audit chain inside `txn` (the transaction of the change it
/// records): the one place services write an event from its four parts.
pub(crate) async fn append(
    txn: &sea_orm::DatabaseTransaction,
    ctx: &AppContext,
    actor: Actor,
    action: AuditAction,
    subject: Subject,
    details: serde_json::Value,
) -> Result<(), AppError> {
    audit::record(
        txn,
        &ctx.crypto,
        NewEvent {
            actor,
            action,
            subject,
            details,
        },
    )
    .await?;
    Ok(())
}
