//! The staff case view of a match: its state, consents, proposals, the thread's size and
//! the audit timeline — never a contact detail, except one a staff member recorded that a
//! second must approve.

use super::records::{counts, given, seal_holds, shared_detail, welfare_reviewable};
use super::staff::releasable;
use super::{WELFARE, case, state_of};
use crate::context::AppContext;
use crate::domain::approval::{self, ApprovalKind, ShownStatus};
use crate::domain::audit::{self, AuditAction, NewEvent, Subject};
use crate::domain::contact::consent::{Channel, Choice, Decision, Party, WelfareState};
use crate::domain::contact::match_flow::MatchState;
use crate::entities::{approval as approval_row, consent};
use crate::error::AppError;
use crate::ids::{ApprovalId, ConsentId, MatchId, RegistrationId, RequestId, StaffId};
use crate::services::contact::relay;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

/// Whether proposal `proposal_id` is about match `match_id` (its case page may decide it).
pub async fn proposal_on_match(
    db: &impl ConnectionTrait,
    match_id: MatchId,
    proposal_id: ApprovalId,
) -> Result<bool, AppError> {
    Ok(approval_row::Entity::find_by_id(proposal_id)
        .filter(approval_row::Column::Subject.eq(Subject::Match(match_id).to_string()))
        .one(db)
        .await?
        .is_some())
}

/// One consent in the case view.
#[derive(Debug, Clone, Serialize)]
pub struct ConsentRow {
    /// Record id.
    pub id: ConsentId,
    /// `requester` or `sought`.
    pub party: Party,
    /// `accept`, `decline`, `never`.
    pub decision: Decision,
    /// `portal` or `staff`.
    pub channel: Channel,
    /// `relay` or `share`.
    pub choice: Option<Choice>,
    /// Whether a contact detail is held (never the detail).
    pub shares_detail: bool,
    /// Wording version, language and hash (first 16 hex).
    pub wording: String,
    /// Welfare message state.
    pub welfare: WelfareState,
    /// The decliner's own welfare text, while it waits for review.
    pub welfare_text: Option<String>,
    /// The detail a staff member recorded for release, while the record waits for a
    /// second staff member: they must see what they approve (the read is audited).
    pub asserted_detail: Option<String>,
    /// The text may be reviewed now (a staff-recorded decline must be approved first).
    pub welfare_reviewable: bool,
    /// Given (UTC).
    pub given_at: DateTime<Utc>,
    /// Valid until (UTC).
    pub expires_at: DateTime<Utc>,
    /// Withdrawn (UTC).
    pub withdrawn_at: Option<DateTime<Utc>>,
    /// Asserting staff member.
    pub asserted_by: Option<StaffId>,
    /// Approval that lets an asserted consent count.
    pub approval_id: Option<ApprovalId>,
    /// Counts now.
    pub counts: bool,
    /// The seal matches the content.
    pub seal_ok: bool,
}

/// A proposal on the match.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalRow {
    /// Proposal id.
    pub id: ApprovalId,
    /// `contact-release` or `contact-confirm-consent`.
    pub kind: String,
    /// The same, as stored (not shown).
    #[serde(skip)]
    pub approval_kind: ApprovalKind,
    /// Who proposed it.
    pub proposed_by: StaffId,
    /// Why / how obtained.
    pub reason: String,
    /// `pending`, `approved`, `rejected`, `expired`.
    pub status: ShownStatus,
    /// Who decided.
    pub decided_by: Option<StaffId>,
    /// The viewer may decide it (pending, not theirs).
    pub decidable: bool,
}

/// One audit event about the match.
#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// Details (no contact data).
    pub details: String,
}

/// The staff case view of a match: its state and times, consents with their wording
/// versions and seals, proposals, the thread's size (never its content), and the audit
/// timeline. No contact details.
#[derive(Debug, Clone, Serialize)]
pub struct CaseView {
    /// Match id.
    pub id: MatchId,
    /// The request.
    pub request_id: RequestId,
    /// The registration (by number).
    pub registration_id: RegistrationId,
    /// State.
    pub state: MatchState,
    /// Score (‰).
    pub score: i32,
    /// End of cooling-off (UTC).
    pub cooling_until: Option<DateTime<Utc>>,
    /// Whether a release may be proposed now.
    pub releasable: bool,
    /// Why not, as a message key suffix.
    pub not_releasable: Option<String>,
    /// Can the sought person be asked now.
    pub askable: bool,
    /// Can staff record an answer now.
    pub assertable: bool,
    /// A welfare text waits for review (and may be reviewed now).
    pub welfare_pending: bool,
    /// Consents, oldest first (the requester's cover the whole request).
    pub consents: Vec<ConsentRow>,
    /// Proposals, newest first.
    pub proposals: Vec<ProposalRow>,
    /// Relay thread: open, and how many messages.
    pub thread: Option<(bool, u64)>,
    /// Audit events about the match, oldest first.
    pub events: Vec<EventRow>,
}

/// The case view of a match (the read is audited).
pub async fn case_view(
    ctx: &AppContext,
    viewer: StaffId,
    match_id: MatchId,
    now: DateTime<Utc>,
) -> Result<CaseView, AppError> {
    let case = case(&ctx.db, match_id).await?.ok_or(AppError::NotFound)?;
    let consents = consent::Entity::find()
        .filter(
            Condition::any()
                .add(consent::Column::MatchId.eq(match_id))
                .add(
                    Condition::all()
                        .add(consent::Column::RequestId.eq(case.request.id))
                        .add(consent::Column::Party.eq(Party::Requester)),
                ),
        )
        .order_by_asc(consent::Column::Id)
        .all(&ctx.db)
        .await?;
    let mut consent_rows = Vec::with_capacity(consents.len());
    let mut shown_details = 0;
    for c in &consents {
        let welfare_text = if c.welfare_state == WelfareState::Pending {
            c.welfare_enc
                .as_deref()
                .map(|w| ctx.crypto.decrypt_str(WELFARE, w))
                .transpose()?
        } else {
            None
        };
        let awaiting = !given(c) && c.withdrawn_at.is_none();
        let asserted_detail = if awaiting {
            shared_detail(ctx, c)?
        } else {
            None
        };
        shown_details += usize::from(asserted_detail.is_some());
        consent_rows.push(ConsentRow {
            asserted_detail,
            id: c.id,
            party: c.party,
            decision: c.decision,
            channel: c.channel,
            choice: c.choice,
            shares_detail: c.shared_detail_enc.is_some(),
            wording: format!(
                "{} · {} · {}",
                c.wording_version,
                c.wording_locale,
                c.wording_hash.get(..16).unwrap_or(&c.wording_hash)
            ),
            welfare: c.welfare_state,
            welfare_text,
            welfare_reviewable: welfare_reviewable(c),
            given_at: c.given_at,
            expires_at: c.expires_at,
            withdrawn_at: c.withdrawn_at,
            asserted_by: c.asserted_by,
            approval_id: c.approval_id,
            counts: counts(c, now),
            seal_ok: seal_holds(c),
        });
    }
    let subject = Subject::Match(match_id);
    let proposals = approval_row::Entity::find()
        .filter(approval_row::Column::Subject.eq(subject.to_string()))
        .order_by_desc(approval_row::Column::Id)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|a| {
            let status = approval::shown_status(&a, now);
            ProposalRow {
                decidable: status == ShownStatus::Pending && a.proposed_by != viewer,
                id: a.id,
                kind: a.kind.as_str().replace(['.', '_'], "-"),
                approval_kind: a.kind,
                proposed_by: a.proposed_by,
                reason: a.reason,
                status,
                decided_by: a.decided_by,
            }
        })
        .collect();
    let events = crate::entities::audit_event::Entity::find()
        .filter(crate::entities::audit_event::Column::Subject.eq(subject.to_string()))
        .order_by_asc(crate::entities::audit_event::Column::Id)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|e| EventRow {
            at: e.at,
            actor: e.actor,
            action: e.action,
            details: e.details,
        })
        .collect();
    let st = state_of(&case.m);
    let release = releasable(&ctx.db, &case, now).await?;
    let view = CaseView {
        id: match_id,
        request_id: case.request.id,
        registration_id: case.registration.id,
        state: st,
        score: case.m.score,
        cooling_until: case.m.cooling_until,
        releasable: release.is_ok(),
        not_releasable: release.err().map(|p| p.key().to_owned()),
        askable: st == MatchState::Verified,
        assertable: matches!(st, MatchState::Verified | MatchState::ConsentRequested),
        welfare_pending: consents.iter().any(welfare_reviewable),
        consents: consent_rows,
        proposals,
        thread: relay::summary(&ctx.db, match_id).await?,
        events,
    };
    audit::record_now(
        &ctx.db,
        &ctx.crypto,
        NewEvent::staff(
            viewer,
            AuditAction::MatchView,
            subject,
            if shown_details > 0 {
                serde_json::json!({ "asserted_details_shown": shown_details })
            } else {
                serde_json::Value::Null
            },
        ),
    )
    .await?;
    Ok(view)
}
