//! Staff actions on a match: asking the sought person, recording an answer obtained by
//! phone or in person, proposing a release, running an approved proposal (the connection
//! itself), and the review of a decliner's welfare text.

use super::life::{add_notice, finish, transition};
use super::records::{
    NewConsent, counts, record_consent, requester_consent, sought_consent, welfare_reviewable,
};
use super::sought::apply_sought_answer;
use super::{Answer, Case, FlowProblem, case, notify, state_of};
use crate::context::AppContext;
use crate::domain::approval::{self, Action, ApprovalKind, ApprovalStatus};
use crate::domain::audit::{self, Actor, AuditAction, NewEvent, Subject};
use crate::domain::contact::consent::{
    Channel, Decision, Party, REQUESTER_WORDING, SOUGHT_WORDING, WelfareState,
};
use crate::domain::contact::match_flow::{MatchEvent, MatchState};
use crate::domain::contact::records::{NoticeKind, RecordState, context};
use crate::entities::{approval as approval_row, consent, contact_request, registration};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{ApprovalId, MatchId, StaffId};
use crate::services::contact::candidates::still_a_candidate;
use crate::services::contact::relay;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter};

/// Asks the sought person of a verified match: a content-free email with a link to the
/// page that shows who is asking.
pub async fn ask(
    ctx: &AppContext,
    caseworker: StaffId,
    match_id: MatchId,
    now: DateTime<Utc>,
) -> Result<Result<(), FlowProblem>, AppError> {
    let case = case(&ctx.db, match_id).await?.ok_or(AppError::NotFound)?;
    if state_of(&case.m) != MatchState::Verified {
        return Ok(Err(FlowProblem::WrongState));
    }
    if case.request.hostile {
        return Ok(Err(FlowProblem::Flagged));
    }
    if case.request.state != RecordState::Active || case.registration.state != RecordState::Active {
        return Ok(Err(FlowProblem::Inactive));
    }
    if !still_a_candidate(ctx, &case.request, &case.sought, &case.registration)? {
        return Ok(Err(FlowProblem::Vetoed));
    }
    let txn = ctx.begin_write().await?;
    notify(&txn, ctx, &case, Party::Sought, now).await?;
    let actor = Actor::Staff(caseworker);
    if transition(&txn, ctx, &actor, &case.m, MatchEvent::RequestConsent, now)
        .await?
        .is_none()
    {
        return Ok(Err(FlowProblem::WrongState));
    }
    txn.commit().await?;
    Ok(Ok(()))
}

/// An answer a staff member obtained by phone or in person.
#[derive(Debug, Clone, Copy)]
pub struct Asserted<'a> {
    /// Whose answer.
    pub party: Party,
    /// The answer.
    pub answer: &'a Answer,
    /// How it was obtained (the approval's reason).
    pub how: &'a str,
    /// The language the wording was read out in.
    pub locale: Locale,
}

/// Records an answer a staff member obtained by phone or in person, and proposes it to a
/// second staff member: until approved it does not count and the match does not move.
/// Returns the proposal's id.
pub async fn assert_consent(
    ctx: &AppContext,
    caseworker: StaffId,
    match_id: MatchId,
    asserted: &Asserted<'_>,
    now: DateTime<Utc>,
) -> Result<Result<ApprovalId, FlowProblem>, AppError> {
    let Asserted {
        party,
        answer,
        how,
        locale,
    } = *asserted;
    let case = case(&ctx.db, match_id).await?.ok_or(AppError::NotFound)?;
    let st = state_of(&case.m);
    let fits = match party {
        Party::Sought => matches!(st, MatchState::Verified | MatchState::ConsentRequested),
        Party::Requester => !st.is_final(),
    };
    if !fits {
        return Ok(Err(FlowProblem::WrongState));
    }
    if case.request.state != RecordState::Active || case.registration.state != RecordState::Active {
        return Ok(Err(FlowProblem::Inactive));
    }
    if party == Party::Sought && case.request.hostile {
        return Ok(Err(FlowProblem::Flagged));
    }
    let txn = ctx.begin_write().await?;
    let (wording_v, match_ref) = match party {
        Party::Sought => (SOUGHT_WORDING, Some(match_id)),
        Party::Requester => (REQUESTER_WORDING, None),
    };
    let c = record_consent(
        &txn,
        ctx,
        NewConsent {
            request_id: case.request.id,
            match_id: match_ref,
            party,
            answer,
            wording: wording_v,
            locale,
            channel: Channel::Staff,
            asserted_by: Some(caseworker),
        },
        now,
    )
    .await?;
    let action = Action::ConfirmConsent {
        match_id,
        consent_id: c.id,
    };
    let proposal = approval::Proposal {
        action: &action,
        proposer: caseworker,
        reason: how,
    };
    let id = approval::propose(&txn, &ctx.crypto, proposal, ctx.config.staff.approval, now).await?;
    txn.commit().await?;
    Ok(Ok(id))
}

/// Proposes releasing the connection of a match whose cooling-off period is over; a
/// second staff member must approve.
pub async fn propose_release(
    ctx: &AppContext,
    caseworker: StaffId,
    match_id: MatchId,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Result<ApprovalId, FlowProblem>, AppError> {
    let case = case(&ctx.db, match_id).await?.ok_or(AppError::NotFound)?;
    if let Err(p) = releasable(&ctx.db, &case, now).await? {
        return Ok(Err(p));
    }
    let pending = approval_row::Entity::find()
        .filter(approval_row::Column::Subject.eq(Subject::Match(match_id).to_string()))
        .filter(approval_row::Column::Kind.eq(ApprovalKind::ReleaseConnection))
        .filter(approval_row::Column::Status.eq(ApprovalStatus::Pending))
        .filter(approval_row::Column::ExpiresAt.gt(now))
        .one(&ctx.db)
        .await?
        .is_some();
    if pending {
        return Ok(Err(FlowProblem::Pending));
    }
    let txn = ctx.begin_write().await?;
    let action = Action::ReleaseConnection { match_id };
    let proposal = approval::Proposal {
        action: &action,
        proposer: caseworker,
        reason,
    };
    let id = approval::propose(&txn, &ctx.crypto, proposal, ctx.config.staff.approval, now).await?;
    txn.commit().await?;
    Ok(Ok(id))
}

/// Whether a match may be released now: cooling off and its period over, both parties'
/// consents counting, request and registration in force, the request not flagged.
pub(super) async fn releasable(
    db: &impl ConnectionTrait,
    case: &Case,
    now: DateTime<Utc>,
) -> Result<Result<(), FlowProblem>, AppError> {
    if state_of(&case.m) != MatchState::CoolingOff {
        return Ok(Err(FlowProblem::WrongState));
    }
    if case.m.cooling_until.is_none_or(|t| now < t) {
        return Ok(Err(FlowProblem::CoolingOff));
    }
    if case.request.hostile {
        return Ok(Err(FlowProblem::Flagged));
    }
    if case.request.state != RecordState::Active
        || now >= case.request.expires_at
        || case.registration.state != RecordState::Active
        || now >= case.registration.expires_at
    {
        return Ok(Err(FlowProblem::Inactive));
    }
    let sought_ok = sought_consent(db, case.m.id)
        .await?
        .is_some_and(|c| counts(&c, now));
    let requester_ok = requester_consent(db, case.request.id, now).await?.is_some();
    if !(sought_ok && requester_ok) {
        return Ok(Err(FlowProblem::NoConsent));
    }
    Ok(Ok(()))
}

/// Re-asserts, with a write that holds their rows until this transaction ends, that the
/// request is still active, unexpired and not flagged, and the registration still active
/// and unexpired. [`releasable`] only read them: on PostgreSQL (read committed) a
/// withdrawal or a flag committed just after that read would not stop a release running
/// at the same moment; now one waits for the other and the later one sees the change.
async fn hold_parties(
    txn: &DatabaseTransaction,
    case: &Case,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let request = contact_request::Entity::update_many()
        .col_expr(
            contact_request::Column::State,
            Expr::value(RecordState::Active),
        )
        .filter(contact_request::Column::Id.eq(case.request.id))
        .filter(contact_request::Column::State.eq(RecordState::Active))
        .filter(contact_request::Column::Hostile.eq(false))
        .filter(contact_request::Column::ExpiresAt.gt(now))
        .exec(txn)
        .await?
        .rows_affected;
    let registration = registration::Entity::update_many()
        .col_expr(
            registration::Column::State,
            Expr::value(RecordState::Active),
        )
        .filter(registration::Column::Id.eq(case.registration.id))
        .filter(registration::Column::State.eq(RecordState::Active))
        .filter(registration::Column::ExpiresAt.gt(now))
        .exec(txn)
        .await?
        .rows_affected;
    Ok(request == 1 && registration == 1)
}

/// Runs an approved contact action (proposal `approval_id`) inside the approval's
/// transaction. `false`: the match or the consent no longer allows it (the caller writes
/// nothing then).
pub async fn run_approved(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    decider: StaffId,
    approval_id: ApprovalId,
    action: &Action,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let actor = Actor::Staff(decider);
    match *action {
        Action::ReleaseConnection { match_id } => {
            let Some(case) = case(txn, match_id).await? else {
                return Ok(false);
            };
            if releasable(txn, &case, now).await?.is_err() || !hold_parties(txn, &case, now).await?
            {
                return Ok(false);
            }
            connect(txn, ctx, &actor, &case, now).await
        }
        Action::ConfirmConsent {
            match_id,
            consent_id,
        } => {
            let Some(c) = consent::Entity::find_by_id(consent_id).one(txn).await? else {
                return Ok(false);
            };
            if c.approval_id.is_some() || c.withdrawn_at.is_some() || now >= c.expires_at {
                return Ok(false);
            }
            consent::Entity::update_many()
                .col_expr(consent::Column::ApprovalId, Expr::value(approval_id))
                .filter(consent::Column::Id.eq(consent_id))
                .exec(txn)
                .await?;
            if c.party == Party::Sought {
                let Some(case) = case(txn, match_id).await? else {
                    return Ok(false);
                };
                apply_sought_answer(txn, ctx, &actor, &case, &c, now).await
            } else {
                if c.decision != Decision::Accept {
                    // The requester no longer wants contact: this match ends now; the
                    // others lose the requester's consent (their latest answer) and the
                    // minute job ends those that were waiting on it.
                    let Some(case) = case(txn, match_id).await? else {
                        return Ok(false);
                    };
                    finish(txn, ctx, &actor, case.m.id, true, now).await?;
                }
                Ok(true)
            }
        }
        _ => Ok(false),
    }
}

/// The connection: the match becomes `connected`, the relay thread opens (with the
/// requester's message, held until now, as its first message), the requester's page gets
/// its connection notice (with the detail the sought person chose to share), and both
/// parties get the content-free email.
async fn connect(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    actor: &Actor,
    case: &Case,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    if transition(txn, ctx, actor, &case.m, MatchEvent::Release, now)
        .await?
        .is_none()
    {
        return Ok(false);
    }
    let message = ctx
        .crypto
        .decrypt_str(context::MESSAGE, &case.request.message_enc)?;
    relay::open(
        txn,
        ctx,
        case.m.id,
        Some((Party::Requester, message.as_str())),
        now,
    )
    .await?;
    let sought = sought_consent(txn, case.m.id).await?;
    let detail = sought.and_then(|c| c.shared_detail_enc);
    add_notice(
        txn,
        case,
        NoticeKind::Connected,
        Some(case.m.id),
        detail,
        now,
    )
    .await?;
    notify(txn, ctx, case, Party::Requester, now).await?;
    notify(txn, ctx, case, Party::Sought, now).await?;
    Ok(true)
}

/// A caseworker's review of a decliner's own welfare text: released (it appears on the
/// requester's page) or withheld.
pub async fn review_welfare(
    ctx: &AppContext,
    caseworker: StaffId,
    match_id: MatchId,
    release: bool,
    now: DateTime<Utc>,
) -> Result<Result<(), FlowProblem>, AppError> {
    let case = case(&ctx.db, match_id).await?.ok_or(AppError::NotFound)?;
    let Some(c) = sought_consent(&ctx.db, match_id).await? else {
        return Ok(Err(FlowProblem::WrongState));
    };
    // A decline recorded by staff counts (and its message may be passed on) only once a
    // second staff member approved it: one person alone cannot reach the requester.
    if !welfare_reviewable(&c) {
        return Ok(Err(FlowProblem::WrongState));
    }
    // Releasing it would tell a suspected hostile requester that the person was found.
    if release && case.request.hostile {
        return Ok(Err(FlowProblem::Flagged));
    }
    let txn = ctx.begin_write().await?;
    let to = if release {
        WelfareState::Released
    } else {
        WelfareState::Withheld
    };
    let n = consent::Entity::update_many()
        .col_expr(consent::Column::WelfareState, Expr::value(to))
        .filter(consent::Column::Id.eq(c.id))
        .filter(consent::Column::WelfareState.eq(WelfareState::Pending))
        .exec(&*txn)
        .await?
        .rows_affected;
    if n != 1 {
        return Ok(Err(FlowProblem::WrongState));
    }
    if release {
        // The sealed text as it is: notices open welfare texts under the same purpose.
        add_notice(
            &txn,
            &case,
            NoticeKind::Welfare,
            None,
            c.welfare_enc.clone(),
            now,
        )
        .await?;
    }
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            caseworker,
            if release {
                AuditAction::WelfareRelease
            } else {
                AuditAction::WelfareWithhold
            },
            Subject::Match(match_id),
            serde_json::json!({ "consent": c.id }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(()))
}
