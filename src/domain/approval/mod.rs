//! Four-eyes approvals: one staff member proposes an action with a reason; a *different*
//! staff member holding the required role approves or rejects it before it expires. Only
//! an approval lets the caller run the action (in the same transaction); a rejection or an
//! expiry runs nothing. Used for second-factor resets and changes to administrators, and (by
//! caseworkers) for releasing a connection and for letting staff-asserted consent count.

use crate::crypto::Crypto;
use crate::domain::audit::{self, AuditAction, NewEvent, Subject};
use crate::domain::staff::account::{Role, Roles};
use crate::entities::approval;
use crate::ids::{
    ApprovalId, ConsentId, MatchId, PaperBatchId, RegistrationId, RequestId, StaffId,
};
pub use vocab::{ApprovalKind, ApprovalStatus};

pub mod vocab;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    Set,
};

crate::string_enum! {
    /// A proposal's status as a page shows it (never stored).
    pub enum ShownStatus {
        /// Waiting for a decision, in time.
        Pending = "pending",
        /// Approved (and run).
        Approved = "approved",
        /// Rejected (nothing ran).
        Rejected = "rejected",
        /// Still pending, but past its time.
        Expired = "expired",
    }
}

/// The status a page shows: as stored, or `expired` for a pending proposal past its time.
#[must_use]
pub fn shown_status(row: &approval::Model, now: DateTime<Utc>) -> ShownStatus {
    match row.status {
        ApprovalStatus::Pending if now >= row.expires_at => ShownStatus::Expired,
        ApprovalStatus::Pending => ShownStatus::Pending,
        ApprovalStatus::Approved => ShownStatus::Approved,
        ApprovalStatus::Rejected => ShownStatus::Rejected,
    }
}

/// An action that needs a second person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Remove a staff member's password and second factor and send them a new enrolment
    /// link (their authenticator was lost or may be in the wrong hands).
    ResetSecondFactor {
        /// The account.
        staff_id: StaffId,
    },
    /// Change a staff member's roles when the admin role is given or taken.
    SetRoles {
        /// The account.
        staff_id: StaffId,
        /// The roles afterwards.
        roles: Roles,
    },
    /// Disable or enable an administrator's account.
    SetActive {
        /// The account.
        staff_id: StaffId,
        /// Enabled afterwards?
        active: bool,
    },
    /// Release a match's connection (relay thread, chosen contact details) once its
    /// cooling-off period is over.
    ReleaseConnection {
        /// The match.
        match_id: MatchId,
    },
    /// Let a staff-asserted consent (obtained by phone or in person) count.
    ConfirmConsent {
        /// The match it concerns.
        match_id: MatchId,
        /// The consent record.
        consent_id: ConsentId,
    },
    /// Let a batch of typed-up paper signatures count (an organiser checks what another
    /// typed in).
    CheckPaperBatch {
        /// The batch.
        batch_id: PaperBatchId,
    },
    /// Send an update to every signer who asked for news of the petition (a mass email: a
    /// second organiser, or an admin, approves).
    SendPetitionUpdate {
        /// The update.
        update_id: crate::ids::UpdateId,
    },
    /// Let a contact request a caseworker filed for someone on the phone, in person or by
    /// post count: the requester's staff-asserted consent is confirmed and the request
    /// comes into force.
    ConfirmAssistedRequest {
        /// The request.
        request_id: RequestId,
        /// The requester's consent record.
        consent_id: ConsentId,
    },
    /// Let a registration a caseworker recorded for a person located off-line count (it
    /// comes into force and can be matched).
    ConfirmOfflineRegistration {
        /// The registration.
        registration_id: RegistrationId,
    },
}

impl Action {
    /// The stored kind.
    #[must_use]
    pub fn kind(&self) -> ApprovalKind {
        match self {
            Action::ResetSecondFactor { .. } => ApprovalKind::ResetSecondFactor,
            Action::SetRoles { .. } => ApprovalKind::SetRoles,
            Action::SetActive { .. } => ApprovalKind::SetActive,
            Action::ReleaseConnection { .. } => ApprovalKind::ReleaseConnection,
            Action::ConfirmConsent { .. } => ApprovalKind::ConfirmConsent,
            Action::CheckPaperBatch { .. } => ApprovalKind::CheckPaperBatch,
            Action::SendPetitionUpdate { .. } => ApprovalKind::SendPetitionUpdate,
            Action::ConfirmAssistedRequest { .. } => ApprovalKind::ConfirmAssistedRequest,
            Action::ConfirmOfflineRegistration { .. } => ApprovalKind::ConfirmOfflineRegistration,
        }
    }

    /// The staff account the action is about (staff actions only).
    #[must_use]
    pub fn subject_staff(&self) -> Option<StaffId> {
        match self {
            Action::ResetSecondFactor { staff_id }
            | Action::SetRoles { staff_id, .. }
            | Action::SetActive { staff_id, .. } => Some(*staff_id),
            Action::ReleaseConnection { .. }
            | Action::ConfirmConsent { .. }
            | Action::CheckPaperBatch { .. }
            | Action::SendPetitionUpdate { .. }
            | Action::ConfirmAssistedRequest { .. }
            | Action::ConfirmOfflineRegistration { .. } => None,
        }
    }

    /// The match the action is about (contact actions only).
    #[must_use]
    pub fn subject_match(&self) -> Option<MatchId> {
        match self {
            Action::ReleaseConnection { match_id } | Action::ConfirmConsent { match_id, .. } => {
                Some(*match_id)
            }
            _ => None,
        }
    }

    /// The stored subject: `staff:<id>` or `match:<id>`.
    #[must_use]
    pub fn subject(&self) -> Subject {
        match *self {
            Action::ResetSecondFactor { staff_id }
            | Action::SetRoles { staff_id, .. }
            | Action::SetActive { staff_id, .. } => Subject::Staff(staff_id),
            Action::ReleaseConnection { match_id } | Action::ConfirmConsent { match_id, .. } => {
                Subject::Match(match_id)
            }
            Action::CheckPaperBatch { batch_id } => Subject::PaperBatch(batch_id),
            Action::SendPetitionUpdate { update_id } => Subject::PetitionUpdate(update_id),
            Action::ConfirmAssistedRequest { request_id, .. } => Subject::Request(request_id),
            Action::ConfirmOfflineRegistration { registration_id } => {
                Subject::Registration(registration_id)
            }
        }
    }

    fn payload(&self) -> serde_json::Value {
        match self {
            Action::ResetSecondFactor { .. } => serde_json::json!({}),
            Action::SetRoles { roles, .. } => serde_json::json!({ "roles": roles }),
            Action::SetActive { active, .. } => serde_json::json!({ "active": active }),
            Action::ReleaseConnection { .. }
            | Action::CheckPaperBatch { .. }
            | Action::SendPetitionUpdate { .. }
            | Action::ConfirmOfflineRegistration { .. } => serde_json::json!({}),
            Action::ConfirmConsent { consent_id, .. }
            | Action::ConfirmAssistedRequest { consent_id, .. } => {
                serde_json::json!({ "consent": consent_id })
            }
        }
    }

    /// Reads a stored proposal back.
    #[must_use]
    pub fn from_row(row: &approval::Model) -> Option<Action> {
        let payload: serde_json::Value = serde_json::from_str(&row.payload).ok()?;
        if let Some(m) = row.subject.strip_prefix("match:") {
            let match_id = m.parse().ok()?;
            return match row.kind {
                ApprovalKind::ReleaseConnection => Some(Action::ReleaseConnection { match_id }),
                ApprovalKind::ConfirmConsent => Some(Action::ConfirmConsent {
                    match_id,
                    consent_id: ConsentId(payload.get("consent")?.as_i64()?),
                }),
                _ => None,
            };
        }
        if let Some(b) = row.subject.strip_prefix("paper_batch:") {
            let batch_id = PaperBatchId(b.parse().ok()?);
            return (row.kind == ApprovalKind::CheckPaperBatch)
                .then_some(Action::CheckPaperBatch { batch_id });
        }
        if let Some(r) = row.subject.strip_prefix("contact_request:") {
            let request_id = RequestId(r.parse().ok()?);
            return (row.kind == ApprovalKind::ConfirmAssistedRequest).then_some(
                Action::ConfirmAssistedRequest {
                    request_id,
                    consent_id: ConsentId(payload.get("consent")?.as_i64()?),
                },
            );
        }
        if let Some(r) = row.subject.strip_prefix("registration:") {
            let registration_id = RegistrationId(r.parse().ok()?);
            return (row.kind == ApprovalKind::ConfirmOfflineRegistration)
                .then_some(Action::ConfirmOfflineRegistration { registration_id });
        }
        if let Some(u) = row.subject.strip_prefix("petition_update:") {
            let update_id = crate::ids::UpdateId(u.parse().ok()?);
            return (row.kind == ApprovalKind::SendPetitionUpdate)
                .then_some(Action::SendPetitionUpdate { update_id });
        }
        let staff_id = row.subject.strip_prefix("staff:")?.parse().ok()?;
        match row.kind {
            ApprovalKind::ResetSecondFactor => Some(Action::ResetSecondFactor { staff_id }),
            ApprovalKind::SetRoles => Some(Action::SetRoles {
                staff_id,
                roles: payload.get("roles")?.as_str()?.parse().ok()?,
            }),
            ApprovalKind::SetActive => Some(Action::SetActive {
                staff_id,
                active: payload.get("active")?.as_bool()?,
            }),
            _ => None,
        }
    }

    /// The role an approver must hold.
    #[must_use]
    pub fn required_role(&self) -> Role {
        if matches!(
            self,
            Action::CheckPaperBatch { .. } | Action::SendPetitionUpdate { .. }
        ) {
            Role::Organiser
        } else if self.subject_match().is_some()
            || matches!(
                self,
                Action::ConfirmAssistedRequest { .. } | Action::ConfirmOfflineRegistration { .. }
            )
        {
            Role::Caseworker
        } else {
            Role::Admin
        }
    }
}

/// Why a decision is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecisionError {
    /// No such proposal.
    #[error("no such proposal")]
    NotFound,
    /// Already approved or rejected.
    #[error("already decided")]
    AlreadyDecided,
    /// Past its expiry.
    #[error("expired")]
    Expired,
    /// The proposer cannot decide their own proposal.
    #[error("the proposer cannot decide")]
    OwnProposal,
    /// The person the action is about cannot decide it.
    #[error("the subject cannot decide")]
    OwnAccount,
    /// The decider lacks the required role.
    #[error("missing role")]
    MissingRole,
    /// The decider's second-factor code is wrong.
    #[error("second factor required")]
    SecondFactor,
    /// The proposer or the account concerned is no longer in a state the action fits
    /// (disabled, or no longer an administrator).
    #[error("no longer valid")]
    NoLongerValid,
}

impl DecisionError {
    /// The message key suffix a page shows for it.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::NotFound => "not-found",
            Self::AlreadyDecided => "already-decided",
            Self::Expired => "expired",
            Self::OwnProposal => "own-proposal",
            Self::OwnAccount => "own-account",
            Self::MissingRole => "missing-role",
            Self::SecondFactor => "second-factor",
            Self::NoLongerValid => "no-longer-valid",
        }
    }
}

/// What a proposal is: the action, who proposes it and why.
#[derive(Debug, Clone, Copy)]
pub struct Proposal<'a> {
    /// The action.
    pub action: &'a Action,
    /// The proposing staff member.
    pub proposer: StaffId,
    /// Why (trimmed when stored).
    pub reason: &'a str,
}

/// Records a proposal, valid for `ttl`, with its audit event (`approval.propose`, naming
/// its kind and subject); returns its id.
pub async fn propose(
    txn: &DatabaseTransaction,
    crypto: &Crypto,
    proposal: Proposal<'_>,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<ApprovalId, sea_orm::DbErr> {
    let Proposal {
        action,
        proposer,
        reason,
    } = proposal;
    let row = approval::ActiveModel {
        kind: Set(action.kind()),
        subject: Set(action.subject().to_string()),
        payload: Set(action.payload().to_string()),
        reason: Set(reason.trim().to_owned()),
        proposed_by: Set(proposer),
        required_role: Set(action.required_role()),
        status: Set(ApprovalStatus::Pending),
        created_at: Set(now),
        expires_at: Set(now + ttl),
        decided_by: Set(None),
        decided_at: Set(None),
        note: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    // Everyone who may decide it hears that something waits (no content; at most hourly).
    let mut except = vec![proposer];
    except.extend(action.subject_staff());
    crate::domain::staff::alert::mark_role_waiting(txn, action.required_role(), &except, now)
        .await?;
    audit::record(
        txn,
        crypto,
        NewEvent::staff(
            proposer,
            AuditAction::ApprovalPropose,
            Subject::Approval(row.id),
            serde_json::json!({ "kind": action.kind(), "subject": action.subject().to_string() }),
        ),
    )
    .await?;
    Ok(row.id)
}

/// Records `decider`'s decision on proposal `id`. On approval returns the action, which the
/// caller must run in the same transaction; a rejection returns `None` and runs nothing.
///
/// # Errors
/// The decision is refused (see [`DecisionError`]); nothing is written then.
pub async fn decide(
    db: &impl ConnectionTrait,
    id: ApprovalId,
    decider: StaffId,
    decider_roles: &[Role],
    approve: bool,
    note: &str,
    now: DateTime<Utc>,
) -> Result<Result<Option<Action>, DecisionError>, sea_orm::DbErr> {
    let Some(row) = approval::Entity::find_by_id(id).one(db).await? else {
        return Ok(Err(DecisionError::NotFound));
    };
    let Some(action) = Action::from_row(&row) else {
        return Ok(Err(DecisionError::NotFound));
    };
    let refusal = if row.status != ApprovalStatus::Pending {
        Some(DecisionError::AlreadyDecided)
    } else if now >= row.expires_at {
        Some(DecisionError::Expired)
    } else if row.proposed_by == decider {
        Some(DecisionError::OwnProposal)
    } else if action.subject_staff() == Some(decider) {
        Some(DecisionError::OwnAccount)
    } else if !(decider_roles.contains(&row.required_role)
        // A mass email to signers: a second organiser, or an admin.
        || (row.kind == ApprovalKind::SendPetitionUpdate && decider_roles.contains(&Role::Admin)))
    {
        Some(DecisionError::MissingRole)
    } else {
        None
    };
    if let Some(e) = refusal {
        return Ok(Err(e));
    }
    // Conditional on still pending: of two deciders racing, exactly one wins.
    let decided = approval::Entity::update_many()
        .col_expr(
            approval::Column::Status,
            Expr::value(if approve {
                ApprovalStatus::Approved
            } else {
                ApprovalStatus::Rejected
            }),
        )
        .col_expr(approval::Column::DecidedBy, Expr::value(decider))
        .col_expr(approval::Column::DecidedAt, Expr::value(now))
        .col_expr(
            approval::Column::Note,
            Expr::value((!note.is_empty()).then(|| note.to_owned())),
        )
        .filter(approval::Column::Id.eq(id))
        .filter(approval::Column::Status.eq(ApprovalStatus::Pending))
        .exec(db)
        .await?;
    if decided.rows_affected != 1 {
        return Ok(Err(DecisionError::AlreadyDecided));
    }
    Ok(Ok(approve.then_some(action)))
}
