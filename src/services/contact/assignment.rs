//! Who works on a case, and who may read it. A request is assigned to one caseworker (by
//! an administrator, or taken by a caseworker from the unassigned queue); every
//! (re)assignment is kept (`case_assignments`) and audited, and the new assignee hears
//! that something waits (the content-free staff email). Need-to-know: unless the
//! deployment lets everyone see everything, an assigned request's personal data (its page,
//! its matches' pages, a revealed detail) is read by its assignee; anyone else gives a
//! reason first, which is audited and opens the case to them for the length of a staff
//! session. Unassigned requests stay open to every caseworker, who triage them; a
//! caseworker who may decide a pending proposal on a match may read that match (and, for a
//! session's length, the one who decided it).

use crate::context::AppContext;
use crate::domain::approval::ApprovalStatus;
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::domain::contact::records::RecordState;
use crate::domain::staff::account::{Role, roles_of};
use crate::entities::{
    approval, case_access, case_assignment, contact_match, contact_request, sought_person, staff,
};
use crate::error::AppError;
use crate::ids::{MatchId, RequestId, StaffId};
use crate::services::audit_log::append;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

/// A caseworker one may assign a case to.
#[derive(Debug, Clone, Serialize)]
pub struct Caseworker {
    /// Account id.
    pub id: StaffId,
    /// Display name.
    pub name: String,
}

/// The active caseworkers, by name.
///
/// # Errors
/// A database error.
pub async fn caseworkers(ctx: &AppContext) -> Result<Vec<Caseworker>, AppError> {
    let mut out: Vec<Caseworker> = staff::Entity::find()
        .filter(staff::Column::Active.eq(true))
        .all(&ctx.db)
        .await?
        .into_iter()
        .filter(|s| roles_of(s).contains(&Role::Caseworker))
        .map(|s| Caseworker {
            id: s.id,
            name: s.display_name,
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// Why an assignment was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignProblem {
    /// The assignee is not an active caseworker.
    UnknownAssignee,
    /// Only an administrator assigns a case to someone else or takes it from its
    /// assignee; a caseworker takes unassigned cases, and gives back their own.
    NotAllowed,
}

impl AssignProblem {
    /// Message key.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::UnknownAssignee => "assign-unknown",
            Self::NotAllowed => "assign-not-allowed",
        }
    }
}

/// Who assigns, and with which powers.
#[derive(Debug, Clone, Copy)]
pub struct Assigner {
    /// The staff member.
    pub id: StaffId,
    /// Whether they are an administrator (may assign to anyone).
    pub admin: bool,
}

/// Assigns request `id` to `to` (`None`: back to the unassigned queue).
///
/// # Errors
/// A database error; [`AppError::NotFound`] for a request staff cannot see.
pub async fn assign(
    ctx: &AppContext,
    by: Assigner,
    id: RequestId,
    to: Option<StaffId>,
    now: DateTime<Utc>,
) -> Result<Result<(), AssignProblem>, AppError> {
    let r = contact_request::Entity::find_by_id(id)
        .filter(contact_request::Column::State.ne(RecordState::Unverified))
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(to) = to {
        let ok = staff::Entity::find_by_id(to)
            .one(&ctx.db)
            .await?
            .is_some_and(|s| s.active && roles_of(&s).contains(&Role::Caseworker));
        if !ok {
            return Ok(Err(AssignProblem::UnknownAssignee));
        }
    }
    let allowed = by.admin
        || match (r.assigned_to, to) {
            // Taking a case from the unassigned queue.
            (None, Some(t)) => t == by.id,
            // Giving back one's own.
            (Some(a), None) => a == by.id,
            _ => false,
        };
    if !allowed {
        return Ok(Err(AssignProblem::NotAllowed));
    }
    if r.assigned_to == to {
        return Ok(Ok(()));
    }
    let txn = ctx.begin_write().await?;
    // Only from the assignee read above: of two caseworkers taking it at once, one wins.
    let mut update = contact_request::Entity::update_many()
        .col_expr(contact_request::Column::AssignedTo, Expr::value(to))
        .col_expr(
            contact_request::Column::AssignedAt,
            Expr::value(to.map(|_| now)),
        )
        .filter(contact_request::Column::Id.eq(id));
    update = match r.assigned_to {
        Some(a) => update.filter(contact_request::Column::AssignedTo.eq(a)),
        None => update.filter(contact_request::Column::AssignedTo.is_null()),
    };
    if update.exec(&*txn).await?.rows_affected != 1 {
        return Ok(Err(AssignProblem::NotAllowed));
    }
    case_assignment::ActiveModel {
        request_id: Set(id),
        staff_id: Set(to),
        assigned_by: Set(by.id),
        at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    append(
        &txn,
        ctx,
        Actor::Staff(by.id),
        AuditAction::CaseAssign,
        Subject::Request(id),
        serde_json::json!({ "from": r.assigned_to, "to": to }),
    )
    .await?;
    if let Some(t) = to.filter(|t| *t != by.id) {
        crate::domain::staff::alert::mark_waiting(&*txn, &[t], now).await?;
    }
    txn.commit().await?;
    Ok(Ok(()))
}

/// One line of a request's assignment history.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryRow {
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// To whom (none: back to the queue).
    pub to: Option<String>,
    /// By whom.
    pub by: String,
}

/// A request's assignee (name) and its assignment history, oldest first.
///
/// # Errors
/// A database error.
pub async fn history(
    ctx: &AppContext,
    id: RequestId,
) -> Result<(Option<Caseworker>, Vec<HistoryRow>), AppError> {
    let names: std::collections::HashMap<StaffId, String> = staff::Entity::find()
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.display_name))
        .collect();
    let name = |s: StaffId| names.get(&s).cloned().unwrap_or_else(|| format!("#{s}"));
    let rows = case_assignment::Entity::find()
        .filter(case_assignment::Column::RequestId.eq(id))
        .order_by_asc(case_assignment::Column::Id)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|a| HistoryRow {
            at: a.at,
            to: a.staff_id.map(name),
            by: name(a.assigned_by),
        })
        .collect();
    let current = contact_request::Entity::find_by_id(id)
        .one(&ctx.db)
        .await?
        .and_then(|r| r.assigned_to)
        .map(|s| Caseworker {
            id: s,
            name: name(s),
        });
    Ok((current, rows))
}

/// The request a match belongs to.
///
/// # Errors
/// A database error; [`AppError::NotFound`] for an unknown match.
pub async fn request_of_match(ctx: &AppContext, m: MatchId) -> Result<RequestId, AppError> {
    let m = contact_match::Entity::find_by_id(m)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(sought_person::Entity::find_by_id(m.sought_person_id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)?
        .request_id)
}

/// Which case a staff member wants to read: a request, or a match of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseRef {
    /// A request's page.
    Request(RequestId),
    /// A match's page.
    Match(MatchId),
}

/// Whether `viewer` may read the personal data of the case `what` now (see the module
/// docs). Returns the request and the answer.
///
/// # Errors
/// A database error; [`AppError::NotFound`] for an unknown case.
pub async fn may_read(
    ctx: &AppContext,
    viewer: StaffId,
    what: CaseRef,
    now: DateTime<Utc>,
) -> Result<(RequestId, bool), AppError> {
    let request_id = match what {
        CaseRef::Request(id) => id,
        CaseRef::Match(m) => request_of_match(ctx, m).await?,
    };
    if ctx.config.contact.everyone_sees_everything {
        return Ok((request_id, true));
    }
    let Some(r) = contact_request::Entity::find_by_id(request_id)
        .one(&ctx.db)
        .await?
    else {
        return Err(AppError::NotFound);
    };
    if r.assigned_to.is_none_or(|a| a == viewer) {
        return Ok((request_id, true));
    }
    let granted = case_access::Entity::find()
        .filter(case_access::Column::StaffId.eq(viewer))
        .filter(case_access::Column::RequestId.eq(request_id))
        .filter(case_access::Column::ExpiresAt.gt(now))
        .one(&ctx.db)
        .await?
        .is_some();
    if granted {
        return Ok((request_id, true));
    }
    if let CaseRef::Match(m) = what {
        // The second pair of eyes: a colleague's proposal on this match waits for them.
        let decider = approval::Entity::find()
            .filter(approval::Column::Subject.eq(Subject::Match(m).to_string()))
            .filter(approval::Column::Status.eq(ApprovalStatus::Pending))
            .filter(approval::Column::ExpiresAt.gt(now))
            .filter(approval::Column::ProposedBy.ne(viewer))
            .one(&ctx.db)
            .await?
            .is_some();
        if decider {
            return Ok((request_id, true));
        }
        // …and, for the rest of a session, the one who decided it (the case page she is
        // sent back to after her decision).
        let decided = approval::Entity::find()
            .filter(approval::Column::Subject.eq(Subject::Match(m).to_string()))
            .filter(approval::Column::DecidedBy.eq(viewer))
            .filter(approval::Column::DecidedAt.gt(now - ctx.config.staff.absolute))
            .one(&ctx.db)
            .await?
            .is_some();
        if decided {
            return Ok((request_id, true));
        }
    }
    Ok((request_id, false))
}

/// Records `viewer`'s reason to read request `id` (audited with the reason) and opens it
/// to them for a staff session's length.
///
/// # Errors
/// A database error; [`AppError::NotFound`] for a request staff cannot see.
pub async fn give_reason(
    ctx: &AppContext,
    viewer: StaffId,
    id: RequestId,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    contact_request::Entity::find_by_id(id)
        .filter(contact_request::Column::State.ne(RecordState::Unverified))
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let txn = ctx.begin_write().await?;
    case_access::ActiveModel {
        request_id: Set(id),
        staff_id: Set(viewer),
        granted_at: Set(now),
        expires_at: Set(now + ctx.config.staff.absolute),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    append(
        &txn,
        ctx,
        Actor::Staff(viewer),
        AuditAction::CaseAccess,
        Subject::Request(id),
        serde_json::json!({ "reason": reason.trim() }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
