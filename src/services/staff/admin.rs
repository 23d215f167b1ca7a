//! Staff administration. Changes that could hand one person control are four-eyes
//! proposals: giving or taking the admin role, disabling or enabling an administrator,
//! and resetting a second factor (which removes password and authenticator and emails a
//! new enrolment link). Nobody changes their own roles or access. Deciding a proposal is
//! `services::approvals`, which runs the approved action with the functions here.

use crate::context::AppContext;
use crate::domain::approval::{self, Action, ApprovalKind, ShownStatus};
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::domain::staff::account::{Role, Roles, roles_of};
use crate::domain::staff::session;
use crate::entities::staff;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{ApprovalId, StaffId};
use crate::mail::outbox;
use crate::services::audit_log::append;
use crate::services::staff::accounts::{
    StaffReenrolEmail, email_of, new_enrolment_link, retire_recovery_codes,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use serde::Serialize;

/// Why an admin action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminProblem {
    /// No such account.
    NotFound,
    /// Nobody changes their own roles or access.
    OwnAccount,
    /// At least one role is needed.
    NoRole,
    /// A reason is needed for a four-eyes proposal.
    ReasonRequired,
    /// The last enrolled, active admin cannot lose the role or be disabled.
    LastAdmin,
    /// The account has a second factor: use the (four-eyes) reset instead.
    AlreadyEnrolled,
}

/// What an admin action did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminOutcome {
    /// Done now.
    Done,
    /// Proposed; runs when a second admin approves (the proposal's id).
    Proposed(ApprovalId),
}

/// Administrators who can act: active, enrolled (second factor on), with the role.
pub(crate) async fn working_admins(
    db: &impl ConnectionTrait,
    except: StaffId,
) -> Result<usize, sea_orm::DbErr> {
    let all = staff::Entity::find()
        .filter(staff::Column::Active.eq(true))
        .filter(staff::Column::TotpEnabled.eq(true))
        .all(db)
        .await?;
    Ok(all
        .iter()
        .filter(|a| a.id != except && roles_of(a).contains(&Role::Admin))
        .count())
}

async fn propose(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    admin: StaffId,
    action: &Action,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<AdminOutcome, AppError> {
    let proposal = approval::Proposal {
        action,
        proposer: admin,
        reason,
    };
    let id = approval::propose(txn, &ctx.crypto, proposal, ctx.config.staff.approval, now).await?;
    Ok(AdminOutcome::Proposed(id))
}

/// Enables or disables an account. For an administrator's account this is proposed for a
/// second admin's approval (with a reason); others change now (disabling ends sessions).
pub async fn set_active(
    ctx: &AppContext,
    admin: StaffId,
    target: StaffId,
    active: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Result<AdminOutcome, AdminProblem>, AppError> {
    if target == admin {
        return Ok(Err(AdminProblem::OwnAccount));
    }
    let txn = ctx.begin_write().await?;
    let Some(account) = staff::Entity::find_by_id(target).one(&txn).await? else {
        return Ok(Err(AdminProblem::NotFound));
    };
    if roles_of(&account).contains(&Role::Admin) {
        if reason.trim().is_empty() {
            return Ok(Err(AdminProblem::ReasonRequired));
        }
        let outcome = propose(
            &txn,
            ctx,
            admin,
            &Action::SetActive {
                staff_id: target,
                active,
            },
            reason,
            now,
        )
        .await?;
        txn.commit().await?;
        return Ok(Ok(outcome));
    }
    apply_active(&txn, ctx, admin, target, active, now).await?;
    txn.commit().await?;
    Ok(Ok(AdminOutcome::Done))
}

pub(crate) async fn apply_active(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    actor: StaffId,
    target: StaffId,
    active: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    staff::Entity::update_many()
        .col_expr(staff::Column::Active, Expr::value(active))
        .col_expr(staff::Column::UpdatedAt, Expr::value(now))
        .filter(staff::Column::Id.eq(target))
        .exec(txn)
        .await?;
    if !active {
        session::revoke_all(txn, target, now).await?;
    }
    let action = if active {
        AuditAction::StaffEnable
    } else {
        AuditAction::StaffDisable
    };
    append(
        txn,
        ctx,
        Actor::Staff(actor),
        action,
        Subject::Staff(target),
        serde_json::Value::Null,
    )
    .await
}

/// Changes another account's roles. Giving or taking the admin or caseworker role is
/// proposed for a second admin's approval (with a reason); other changes apply now.
pub async fn set_roles(
    ctx: &AppContext,
    admin: StaffId,
    target: StaffId,
    roles: &[Role],
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Result<AdminOutcome, AdminProblem>, AppError> {
    if target == admin {
        return Ok(Err(AdminProblem::OwnAccount));
    }
    if roles.is_empty() {
        return Ok(Err(AdminProblem::NoRole));
    }
    let txn = ctx.begin_write().await?;
    let Some(account) = staff::Entity::find_by_id(target).one(&txn).await? else {
        return Ok(Err(AdminProblem::NotFound));
    };
    let new_roles = Roles::new(roles);
    let current = roles_of(&account);
    if Role::ALL
        .iter()
        .filter(|r| r.needs_second_admin())
        .any(|r| current.contains(r) != roles.contains(r))
    {
        if reason.trim().is_empty() {
            return Ok(Err(AdminProblem::ReasonRequired));
        }
        let outcome = propose(
            &txn,
            ctx,
            admin,
            &Action::SetRoles {
                staff_id: target,
                roles: new_roles,
            },
            reason,
            now,
        )
        .await?;
        txn.commit().await?;
        return Ok(Ok(outcome));
    }
    apply_roles(&txn, ctx, admin, target, &new_roles, now).await?;
    txn.commit().await?;
    Ok(Ok(AdminOutcome::Done))
}

pub(crate) async fn apply_roles(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    actor: StaffId,
    target: StaffId,
    roles: &Roles,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    staff::Entity::update_many()
        .col_expr(staff::Column::Roles, Expr::value(roles.clone()))
        .col_expr(staff::Column::UpdatedAt, Expr::value(now))
        .filter(staff::Column::Id.eq(target))
        .exec(txn)
        .await?;
    append(
        txn,
        ctx,
        Actor::Staff(actor),
        AuditAction::StaffRoles,
        Subject::Staff(target),
        serde_json::json!({ "roles": roles }),
    )
    .await
}

/// Proposes resetting an account's second factor (runs on a second admin's approval).
pub async fn propose_second_factor_reset(
    ctx: &AppContext,
    admin: StaffId,
    target: StaffId,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Result<AdminOutcome, AdminProblem>, AppError> {
    if target == admin {
        return Ok(Err(AdminProblem::OwnAccount));
    }
    if reason.trim().is_empty() {
        return Ok(Err(AdminProblem::ReasonRequired));
    }
    let txn = ctx.begin_write().await?;
    if staff::Entity::find_by_id(target).one(&txn).await?.is_none() {
        return Ok(Err(AdminProblem::NotFound));
    }
    let outcome = propose(
        &txn,
        ctx,
        admin,
        &Action::ResetSecondFactor { staff_id: target },
        reason,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(outcome))
}

/// Sends a new enrolment link to an account that never finished enrolling (no second
/// factor yet, so there is nothing to take over); its old links stop working.
pub async fn resend_enrolment(
    ctx: &AppContext,
    admin: StaffId,
    target: StaffId,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Result<AdminOutcome, AdminProblem>, AppError> {
    let txn = ctx.begin_write().await?;
    let Some(account) = staff::Entity::find_by_id(target).one(&txn).await? else {
        return Ok(Err(AdminProblem::NotFound));
    };
    if account.totp_enabled {
        return Ok(Err(AdminProblem::AlreadyEnrolled));
    }
    reenrol(&txn, ctx, admin, &account, locale, now).await?;
    txn.commit().await?;
    Ok(Ok(AdminOutcome::Done))
}

/// Removes password, authenticator, recovery codes and sessions, and emails a new link.
pub(crate) async fn reenrol(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    actor: StaffId,
    account: &staff::Model,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    staff::Entity::update_many()
        .col_expr(
            staff::Column::PasswordHash,
            Expr::value(Option::<String>::None),
        )
        .col_expr(staff::Column::TotpEnabled, Expr::value(false))
        .col_expr(
            staff::Column::TotpSecret,
            Expr::value(Option::<Vec<u8>>::None),
        )
        .col_expr(
            staff::Column::TotpLastStep,
            Expr::value(Option::<i64>::None),
        )
        .col_expr(staff::Column::UpdatedAt, Expr::value(now))
        .filter(staff::Column::Id.eq(account.id))
        .exec(txn)
        .await?;
    retire_recovery_codes(txn, account.id, now).await?;
    session::revoke_all(txn, account.id, now).await?;
    let link = new_enrolment_link(txn, ctx, account.id, now).await?;
    outbox::enqueue(
        txn,
        ctx.outbox(),
        &email_of(ctx, account)?,
        locale,
        &StaffReenrolEmail { link },
    )
    .await?;
    append(
        txn,
        ctx,
        Actor::Staff(actor),
        AuditAction::StaffReenrol,
        Subject::Staff(account.id),
        serde_json::Value::Null,
    )
    .await
}

/// A proposal as the approvals page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalRow {
    /// Proposal id.
    pub id: ApprovalId,
    /// Its kind (a message key suffix).
    pub kind: String,
    /// Who proposed it (name and account number).
    pub proposer: String,
    /// The account it is about (name and account number).
    pub subject: String,
    /// Why.
    pub reason: String,
    /// `pending`, `approved`, `rejected`, or `expired` (pending past its time).
    pub status: ShownStatus,
    /// Roles or state afterwards, if the action sets them.
    pub detail: Option<String>,
    /// When it expires (UTC, minutes).
    pub expires_at: DateTime<Utc>,
    /// Whether the viewer may decide it.
    pub decidable: bool,
}

/// The latest 100 proposals, newest first; records the read.
pub async fn proposals(
    ctx: &AppContext,
    viewer: &staff::Model,
    now: DateTime<Utc>,
) -> Result<Vec<ProposalRow>, AppError> {
    use crate::entities::approval as ap;
    // Staff actions only: contact actions are decided on their case page.
    let rows = ap::Entity::find()
        .filter(ap::Column::Kind.is_in(ApprovalKind::STAFF))
        .order_by_desc(ap::Column::Id)
        .limit(100)
        .all(&ctx.db)
        .await?;
    let names: std::collections::HashMap<StaffId, String> = staff::Entity::find()
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|s| (s.id, format!("{} (#{})", s.display_name, s.id)))
        .collect();
    let name = |id: StaffId| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
    let txn = ctx.begin_write().await?;
    append(
        &txn,
        ctx,
        Actor::Staff(viewer.id),
        AuditAction::ApprovalsView,
        Subject::AllApprovals,
        serde_json::json!({ "rows": rows.len() }),
    )
    .await?;
    txn.commit().await?;
    let viewer_is_admin = roles_of(viewer).contains(&Role::Admin);
    Ok(rows
        .into_iter()
        .map(|r| {
            let action = Action::from_row(&r);
            let subject_id = action.as_ref().and_then(Action::subject_staff);
            let status = approval::shown_status(&r, now);
            ProposalRow {
                decidable: status == ShownStatus::Pending
                    && viewer_is_admin
                    && r.proposed_by != viewer.id
                    && subject_id != Some(viewer.id),
                id: r.id,
                kind: r.kind.as_str().replace(['.', '_'], "-"),
                proposer: name(r.proposed_by),
                subject: subject_id.map_or_else(String::new, name),
                reason: r.reason,
                detail: match action {
                    Some(Action::SetRoles { roles, .. }) => Some(roles.to_string()),
                    Some(Action::SetActive { active, .. }) => {
                        Some(if active { "on" } else { "off" }.to_owned())
                    }
                    _ => None,
                },
                expires_at: r.expires_at,
                status,
            }
        })
        .collect())
}
