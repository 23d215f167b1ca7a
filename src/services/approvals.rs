//! The four-eyes dispatch: a staff member decides a proposal, proving presence with a fresh
//! second-factor code, and an approval runs its action in the decision's transaction —
//! staff administration's (`services::staff::admin`) or the contact consent flow's
//! (`services::contact::consent`) — only if proposer and subject are still in a state it
//! fits.

use crate::context::AppContext;
use crate::domain::approval::{self, Action, DecisionError};
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::domain::staff::account::{Role, roles_of};
use crate::entities::staff;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{ApprovalId, StaffId};
use crate::services::audit_log::append;
use crate::services::contact::consent::run_approved;
use crate::services::contact::intake;
use crate::services::petitions::paper;
use crate::services::staff::admin::{apply_active, apply_roles, reenrol, working_admins};
use crate::services::staff::login::check_second_factor;
use chrono::{DateTime, Utc};
use sea_orm::{DatabaseTransaction, EntityTrait};

/// Whether the approved `action` still fits: its proposer still active with the role the
/// action needs (admin, or caseworker for contact actions), the subject active (unless the action enables it), and no last-admin left behind.
async fn still_valid(
    txn: &DatabaseTransaction,
    proposer: StaffId,
    action: &Action,
) -> Result<bool, AppError> {
    let proposer_ok = staff::Entity::find_by_id(proposer)
        .one(txn)
        .await?
        .is_some_and(|p| p.active && roles_of(&p).contains(&action.required_role()));
    let Some(target_id) = action.subject_staff() else {
        // A contact action: the match and consent checks run with the action itself.
        return Ok(proposer_ok);
    };
    let Some(target) = staff::Entity::find_by_id(target_id).one(txn).await? else {
        return Ok(false);
    };
    let target_admin = roles_of(&target).contains(&Role::Admin);
    let fits = match action {
        Action::SetActive { active: true, .. } => true,
        Action::SetActive { active: false, .. } => {
            target.active && (!target_admin || working_admins(txn, target.id).await? > 0)
        }
        Action::SetRoles { roles, .. } => {
            let keeps_admin = roles.contains(Role::Admin);
            target.active
                && (keeps_admin || !target_admin || working_admins(txn, target.id).await? > 0)
        }
        Action::ResetSecondFactor { .. } => target.active,
        Action::ReleaseConnection { .. }
        | Action::ConfirmConsent { .. }
        | Action::CheckPaperBatch { .. }
        | Action::SendPetitionUpdate { .. }
        | Action::ConfirmAssistedRequest { .. }
        | Action::ConfirmOfflineRegistration { .. } => true,
    };
    Ok(proposer_ok && fits)
}

/// A decision on a proposal.
#[derive(Debug, Clone, Copy)]
pub struct Decision<'a> {
    /// The proposal.
    pub id: ApprovalId,
    /// Approve (or reject).
    pub approve: bool,
    /// An optional note.
    pub note: &'a str,
    /// A fresh second-factor code of the decider (TOTP or a recovery code).
    pub code: &'a str,
}

/// Records `decider`'s decision, who proves presence with a fresh second-factor code. An
/// approval runs the action in the same transaction; a rejection, an expired proposal or
/// a refusal runs nothing.
pub async fn decide(
    ctx: &AppContext,
    decider: &staff::Model,
    decision: Decision<'_>,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Result<(), DecisionError>, AppError> {
    let Decision {
        id,
        approve,
        note,
        code,
    } = decision;
    let txn = ctx.begin_write().await?;
    if check_second_factor(&txn, ctx, decider, code, now)
        .await?
        .is_none()
    {
        // Keep the throttle's count; nothing else was written.
        txn.commit().await?;
        return Ok(Err(DecisionError::SecondFactor));
    }
    let proposal = crate::entities::approval::Entity::find_by_id(id)
        .one(&txn)
        .await?;
    let proposer = proposal.as_ref().map(|r| r.proposed_by);
    let action = match approval::decide(
        &txn,
        id,
        decider.id,
        &roles_of(decider),
        approve,
        note.trim(),
        now,
    )
    .await?
    {
        Ok(a) => a,
        Err(e) => return Ok(Err(e)),
    };
    if let (Some(action), Some(proposer)) = (&action, proposer)
        && !still_valid(&txn, proposer, action).await?
    {
        return Ok(Err(DecisionError::NoLongerValid));
    }
    let verb = if approve {
        AuditAction::ApprovalApprove
    } else {
        AuditAction::ApprovalReject
    };
    append(
        &txn,
        ctx,
        Actor::Staff(decider.id),
        verb,
        Subject::Approval(id),
        serde_json::Value::Null,
    )
    .await?;
    match action {
        Some(Action::ResetSecondFactor { staff_id }) => {
            let account = staff::Entity::find_by_id(staff_id)
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?;
            reenrol(&txn, ctx, decider.id, &account, locale, now).await?;
        }
        Some(Action::SetRoles { staff_id, roles }) => {
            apply_roles(&txn, ctx, decider.id, staff_id, &roles, now).await?
        }
        Some(Action::SetActive { staff_id, active }) => {
            apply_active(&txn, ctx, decider.id, staff_id, active, now).await?
        }
        Some(action @ (Action::ReleaseConnection { .. } | Action::ConfirmConsent { .. })) => {
            // (The proposer was checked above: still active, still a caseworker.)
            // Runs in this transaction; refused (nothing written) when the match or the
            // consent no longer allows it.
            let ran = run_approved(&txn, ctx, decider.id, id, &action, now).await?;
            if !ran {
                return Ok(Err(DecisionError::NoLongerValid));
            }
        }
        Some(Action::CheckPaperBatch { batch_id }) => {
            if !paper::run_approved(&txn, ctx, decider.id, batch_id, now).await? {
                return Ok(Err(DecisionError::NoLongerValid));
            }
        }
        Some(Action::SendPetitionUpdate { update_id }) => {
            if !crate::services::petitions::news::run_approved(&txn, decider.id, update_id, now)
                .await?
            {
                return Ok(Err(DecisionError::NoLongerValid));
            }
        }
        Some(
            action @ (Action::ConfirmAssistedRequest { .. }
            | Action::ConfirmOfflineRegistration { .. }),
        ) => {
            if !intake::run_approved_assisted(&txn, ctx, id, &action, now).await? {
                return Ok(Err(DecisionError::NoLongerValid));
            }
            if matches!(action, Action::ConfirmOfflineRegistration { .. }) {
                txn.commit().await?;
                // Caseworkers' candidate lists include the person at once (on this instance).
                crate::services::contact::candidates::forget_index(ctx);
                return Ok(Ok(()));
            }
        }
        None => {
            // A rejected check of a paper batch marks the batch, so it is never counted.
            match proposal.as_ref().and_then(Action::from_row) {
                Some(Action::CheckPaperBatch { batch_id }) => {
                    paper::reject(&txn, ctx, decider.id, batch_id, now).await?;
                }
                Some(Action::SendPetitionUpdate { update_id }) => {
                    crate::services::petitions::news::reject(&txn, update_id).await?;
                }
                Some(
                    action @ (Action::ConfirmAssistedRequest { .. }
                    | Action::ConfirmOfflineRegistration { .. }),
                ) => intake::reject_assisted(&txn, &action, now).await?,
                _ => {}
            }
        }
    }
    txn.commit().await?;
    Ok(Ok(()))
}
