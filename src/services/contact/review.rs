//! Caseworker review of contact requests and registrations: the queue (with screening
//! signals for hostile requests), a request with each sought person's ranked candidates
//! and their per-field explanation (vetoed registrations never generated), decisions on
//! candidates, the hostile flag, and revealing a contact detail with a reason. Every read
//! of personal data and every decision is audited; contact details stay hidden unless
//! revealed.

use crate::context::AppContext;
use crate::domain::audit::{self, AuditAction, NewEvent, Subject};
use crate::domain::contact::match_flow::{MatchEvent, MatchState, next};
use crate::domain::contact::records::{
    self as c, Openness, RecordState, RegistrationData, RegistrationRules, RequesterData,
    ReviewState, SoughtData, context,
};
use crate::domain::people::relationship::Relationship;
use crate::entities::{contact_match, contact_request, registration, sought_person};
use crate::error::AppError;
use crate::ids::{MatchId, RegistrationId, RequestId, SoughtId, StaffId};
use crate::services::contact::candidates::{forget_index, index};
use chrono::{DateTime, Duration, Utc};
use peyvand_matching::{Candidate, Field};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;
use std::collections::HashMap;

/// Candidates shown per sought person.
pub const CANDIDATES: usize = 10;

/// Within this window, several requests from one network are a screening signal.
const SCREENING_WINDOW: Duration = Duration::days(30);

/// A request in the queue.
#[derive(Debug, Clone, Serialize)]
pub struct QueueRow {
    /// Id.
    pub id: RequestId,
    /// Filed (UTC).
    pub created_at: DateTime<Utc>,
    /// The requester's name.
    pub requester: String,
    /// Relationship.
    pub relationship: Relationship,
    /// Country code.
    pub country: String,
    /// Sought persons' names.
    pub sought: Vec<String>,
    /// Other active requests from the same network in the screening window.
    pub same_network: u64,
    /// Flagged as suspected hostile.
    pub hostile: bool,
    /// Whether a caseworker reviewed it.
    pub reviewed: bool,
}

/// A registration in the queue: no names, so the list cannot be browsed for a person (a
/// registration is seen by name only as a candidate, or on its own audited page).
#[derive(Debug, Clone, Serialize)]
pub struct RegistrationRow {
    /// Id.
    pub id: RegistrationId,
    /// Registered (UTC).
    pub created_at: DateTime<Utc>,
    /// Openness.
    pub openness: Openness,
    /// Whether a caseworker reviewed it.
    pub reviewed: bool,
}

/// The caseworker queue: active requests and registrations, unreviewed first (at most 100
/// each). The read is audited.
pub async fn queue(
    ctx: &AppContext,
    viewer: StaffId,
    now: DateTime<Utc>,
) -> Result<(Vec<QueueRow>, Vec<RegistrationRow>), AppError> {
    let requests = contact_request::Entity::find()
        .filter(contact_request::Column::State.eq(RecordState::Active))
        .order_by_asc(contact_request::Column::Review)
        .order_by_asc(contact_request::Column::Id)
        .all(&ctx.db)
        .await?;
    let mut networks: HashMap<&str, u64> = HashMap::new();
    for r in requests
        .iter()
        .filter(|r| r.created_at >= now - SCREENING_WINDOW && !r.network_hash.is_empty())
    {
        *networks.entry(r.network_hash.as_str()).or_default() += 1;
    }
    let mut rows = Vec::new();
    for r in requests.iter().take(100) {
        let requester: RequesterData = c::open(&ctx.crypto, context::REQUESTER, &r.requester_enc)?;
        let sought = sought_of(&ctx.db, ctx, r.id).await?;
        rows.push(QueueRow {
            id: r.id,
            created_at: r.created_at,
            requester: requester.name,
            relationship: r.relationship,
            country: r.country.clone(),
            sought: sought
                .iter()
                .map(|(_, s)| s.all_names().join(" / "))
                .collect(),
            same_network: networks
                .get(r.network_hash.as_str())
                .copied()
                .unwrap_or(1)
                .saturating_sub(1),
            hostile: r.hostile,
            reviewed: r.review == ReviewState::Reviewed,
        });
    }
    let regs = registration::Entity::find()
        .filter(registration::Column::State.eq(RecordState::Active))
        .order_by_asc(registration::Column::Review)
        .order_by_asc(registration::Column::Id)
        .all(&ctx.db)
        .await?;
    let mut reg_rows = Vec::new();
    for r in regs.iter().take(100) {
        reg_rows.push(RegistrationRow {
            id: r.id,
            created_at: r.created_at,
            openness: r.openness,
            reviewed: r.review == ReviewState::Reviewed,
        });
    }
    crate::services::audit_log::record(
        ctx,
        NewEvent::staff(
            viewer,
            AuditAction::ContactQueueView,
            Subject::AllContact,
            serde_json::json!({
                "requests": rows.iter().map(|r| r.id).collect::<Vec<_>>(),
                "registrations": reg_rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            }),
        ),
    )
    .await?;
    Ok((rows, reg_rows))
}

async fn sought_of(
    db: &impl ConnectionTrait,
    ctx: &AppContext,
    request_id: RequestId,
) -> Result<Vec<(SoughtId, SoughtData)>, AppError> {
    let rows = sought_person::Entity::find()
        .filter(sought_person::Column::RequestId.eq(request_id))
        .order_by_asc(sought_person::Column::Position)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|s| Ok((s.id, c::open(&ctx.crypto, context::SOUGHT, &s.data_enc)?)))
        .collect()
}

/// A candidate as the caseworker sees it: the registration's names and years, the
/// matcher's score and explanation, and any decision already taken.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateView {
    /// The registration.
    pub registration_id: RegistrationId,
    /// Its names and aliases.
    pub names: Vec<String>,
    /// Its birth year.
    pub birth_year: Option<i32>,
    /// Father's name.
    pub father_name: String,
    /// Places.
    pub places: Vec<String>,
    /// Score in percent.
    pub percent: i64,
    /// Per-field explanation.
    pub explanation: Vec<ExplanationRow>,
    /// A decision already taken (`verified`, `rejected` or a later state).
    pub decision: Option<MatchState>,
    /// The match recording that decision (its case page).
    pub match_id: Option<MatchId>,
}

/// One field of an explanation.
#[derive(Debug, Clone, Serialize)]
pub struct ExplanationRow {
    /// Field.
    pub field: String,
    /// Score in percent (none when a side did not give it).
    pub percent: Option<i64>,
    /// What matched.
    pub note: String,
}

/// A sought person with the candidates.
#[derive(Debug, Clone, Serialize)]
pub struct SoughtView {
    /// Id.
    pub id: SoughtId,
    /// The details as the requester gave them.
    pub data: SoughtData,
    /// Ranked candidates (vetoed registrations never appear).
    pub candidates: Vec<CandidateView>,
}

/// A request as the caseworker sees it. Contact details are absent unless revealed.
#[derive(Debug, Clone, Serialize)]
pub struct RequestView {
    /// Id.
    pub id: RequestId,
    /// The requester's name.
    pub requester: String,
    /// Whether a phone number was given.
    pub has_phone: bool,
    /// Relationship.
    pub relationship: Relationship,
    /// Country code.
    pub country: String,
    /// Language.
    pub locale: String,
    /// The message to the sought person.
    pub message: String,
    /// Filed (UTC).
    pub created_at: DateTime<Utc>,
    /// Expires (UTC).
    pub expires_at: DateTime<Utc>,
    /// State.
    pub state: RecordState,
    /// Flagged.
    pub hostile: bool,
    /// Why.
    pub hostile_note: String,
    /// Reviewed.
    pub reviewed: bool,
    /// Other active requests from the same network in the screening window.
    pub same_network: u64,
    /// Sought persons.
    pub sought: Vec<SoughtView>,
}

fn percent(x: f64) -> i64 {
    // Scores are in 0..=1; the cast cannot overflow.
    #[expect(
        clippy::cast_possible_truncation,
        reason = "scores are in 0..=1, so the percent fits"
    )]
    let p = (x.clamp(0.0, 1.0) * 100.0).round() as i64;
    p
}

fn explain(c: &Candidate) -> Vec<ExplanationRow> {
    c.explanation
        .iter()
        .map(|f| ExplanationRow {
            field: format!("{:?}", f.field).to_lowercase(),
            percent: f.score.map(percent),
            // The matcher's notes on names and places quote the two values compared (data,
            // not prose); its other notes are English prose, so the page says them itself.
            note: match (f.field, f.score) {
                (Field::Name | Field::FatherName | Field::Place, Some(_)) => f.note.clone(),
                _ => String::new(),
            },
        })
        .collect()
}

async fn request_row(ctx: &AppContext, id: RequestId) -> Result<contact_request::Model, AppError> {
    contact_request::Entity::find_by_id(id)
        .filter(contact_request::Column::State.ne(RecordState::Unverified))
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// One request with each sought person's ranked candidates. The read is audited with the
/// candidates shown.
pub async fn request(
    ctx: &AppContext,
    viewer: StaffId,
    id: RequestId,
) -> Result<RequestView, AppError> {
    let r = request_row(ctx, id).await?;
    let requester: RequesterData = c::open(&ctx.crypto, context::REQUESTER, &r.requester_enc)?;
    let message = ctx.crypto.decrypt_str(context::MESSAGE, &r.message_enc)?;
    let hostile_note = match &r.hostile_note_enc {
        Some(n) => ctx.crypto.decrypt_str(context::NOTE, n)?,
        None => String::new(),
    };
    let same_network = if r.network_hash.is_empty() {
        0
    } else {
        contact_request::Entity::find()
            .filter(contact_request::Column::NetworkHash.eq(r.network_hash.as_str()))
            .filter(contact_request::Column::State.eq(RecordState::Active))
            .filter(contact_request::Column::CreatedAt.gte(r.created_at - SCREENING_WINDOW))
            .filter(contact_request::Column::Id.ne(r.id))
            .count(&ctx.db)
            .await?
    };
    let index = index(ctx, r.demo).await?;
    let mut sought = Vec::new();
    let mut shown = Vec::new();
    for (sid, data) in sought_of(&ctx.db, ctx, r.id).await? {
        let q = c::query(
            &data,
            &requester.name,
            r.relationship.as_str(),
            &r.email_index,
        );
        let found = index.candidates(&q, CANDIDATES);
        let decisions: HashMap<RegistrationId, (MatchId, MatchState)> =
            contact_match::Entity::find()
                .filter(contact_match::Column::SoughtPersonId.eq(sid))
                .all(&ctx.db)
                .await?
                .into_iter()
                .map(|m| (m.registration_id, (m.id, m.state)))
                .collect();
        let mut candidates = Vec::new();
        for cand in &found {
            let Some(reg) = registration::Entity::find_by_id(RegistrationId(cand.id))
                .filter(registration::Column::State.eq(RecordState::Active))
                .one(&ctx.db)
                .await?
            else {
                continue;
            };
            let d: RegistrationData = c::open(&ctx.crypto, context::REGISTRATION, &reg.data_enc)?;
            shown.push(reg.id);
            candidates.push(CandidateView {
                registration_id: reg.id,
                names: d.names,
                birth_year: d.birth_year,
                father_name: d.father_name,
                places: d.places,
                percent: percent(cand.score),
                explanation: explain(cand),
                decision: decisions.get(&reg.id).map(|(_, st)| *st),
                match_id: decisions.get(&reg.id).map(|(m, _)| *m),
            });
        }
        sought.push(SoughtView {
            id: sid,
            data,
            candidates,
        });
    }
    crate::services::audit_log::record(
        ctx,
        NewEvent::staff(
            viewer,
            AuditAction::ContactRequestView,
            Subject::Request(id),
            serde_json::json!({ "candidates": shown }),
        ),
    )
    .await?;
    Ok(RequestView {
        id: r.id,
        requester: requester.name,
        has_phone: !requester.phone.trim().is_empty(),
        relationship: r.relationship,
        country: r.country,
        locale: r.locale,
        message,
        created_at: r.created_at,
        expires_at: r.expires_at,
        state: r.state,
        hostile: r.hostile,
        hostile_note,
        reviewed: r.review == ReviewState::Reviewed,
        same_network,
        sought,
    })
}

/// Why a decision on a candidate was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionProblem {
    /// The registration is not a candidate for this sought person (not active, vetoed, or
    /// not similar at all): it cannot be linked.
    NotACandidate,
    /// A decision was already taken.
    AlreadyDecided,
    /// The request is flagged as suspected hostile: nobody is linked to it until a
    /// caseworker clears the flag (with a reason).
    Flagged,
}

/// Records a caseworker's decision on a candidate: `verified` (the consent work can
/// start) or `rejected`. Only a registration the matcher offers for this sought person and
/// requester can be linked, so a veto cannot be bypassed by editing a form.
pub async fn decide(
    ctx: &AppContext,
    caseworker: StaffId,
    request_id: RequestId,
    sought_id: SoughtId,
    registration_id: RegistrationId,
    verified: bool,
    now: DateTime<Utc>,
) -> Result<Result<MatchId, DecisionProblem>, AppError> {
    let s = sought_person::Entity::find_by_id(sought_id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)?;
    if s.request_id != request_id {
        return Err(AppError::NotFound);
    }
    let r = request_row(ctx, s.request_id).await?;
    if r.state != RecordState::Active {
        return Err(AppError::NotFound);
    }
    if verified && r.hostile {
        return Ok(Err(DecisionProblem::Flagged));
    }
    let requester: RequesterData = c::open(&ctx.crypto, context::REQUESTER, &r.requester_enc)?;
    let data: SoughtData = c::open(&ctx.crypto, context::SOUGHT, &s.data_enc)?;
    forget_index(ctx);
    let index = index(ctx, r.demo).await?;
    let q = c::query(
        &data,
        &requester.name,
        r.relationship.as_str(),
        &r.email_index,
    );
    let Some(cand) = index
        .candidates(&q, CANDIDATES * 5)
        .into_iter()
        .find(|cand| RegistrationId(cand.id) == registration_id)
    else {
        return Ok(Err(DecisionProblem::NotACandidate));
    };
    let txn = ctx.begin_write().await?;
    let exists = contact_match::Entity::find()
        .filter(contact_match::Column::SoughtPersonId.eq(sought_id))
        .filter(contact_match::Column::RegistrationId.eq(registration_id))
        .one(&*txn)
        .await?
        .is_some();
    if exists {
        return Ok(Err(DecisionProblem::AlreadyDecided));
    }
    // A decision is the first step of a match's life: proposed, then verified or rejected.
    let event = if verified {
        MatchEvent::Verify
    } else {
        MatchEvent::Reject
    };
    let st = next(MatchState::Proposed, event).map_err(|e| AppError::Internal(e.to_string()))?;
    let score = i32::try_from(percent(cand.score) * 10).unwrap_or(0);
    let m = contact_match::ActiveModel {
        sought_person_id: Set(sought_id),
        registration_id: Set(registration_id),
        score: Set(score),
        state: Set(st),
        created_by: Set(caseworker),
        created_at: Set(now),
        updated_at: Set(now),
        note: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            caseworker,
            if verified {
                AuditAction::MatchVerify
            } else {
                AuditAction::MatchReject
            },
            Subject::Match(m.id),
            serde_json::json!({ "sought_person": sought_id, "registration": registration_id, "score": score }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(m.id))
}

/// Flags (or clears) a request as suspected hostile. A reason is required both ways; the
/// notes are kept as a history (encrypted), newest last, never overwritten.
pub async fn flag(
    ctx: &AppContext,
    caseworker: StaffId,
    id: RequestId,
    hostile: bool,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let r = request_row(ctx, id).await?;
    let mut history = match &r.hostile_note_enc {
        Some(n) => ctx.crypto.decrypt_str(context::NOTE, n)?,
        None => String::new(),
    };
    if !history.is_empty() {
        history.push('\n');
    }
    let mark = if hostile { "+" } else { "−" };
    history.push_str(&format!(
        "{} {mark} {}",
        now.format("%Y-%m-%d %H:%M"),
        reason.trim()
    ));
    let txn = ctx.begin_write().await?;
    contact_request::Entity::update_many()
        .col_expr(contact_request::Column::Hostile, Expr::value(hostile))
        .col_expr(
            contact_request::Column::HostileNoteEnc,
            Expr::value(Some(ctx.crypto.encrypt_str(context::NOTE, &history)?)),
        )
        .filter(contact_request::Column::Id.eq(id))
        .exec(&*txn)
        .await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            caseworker,
            if hostile {
                AuditAction::ContactRequestFlag
            } else {
                AuditAction::ContactRequestUnflag
            },
            Subject::Request(id),
            serde_json::Value::Null,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Marks a request or registration reviewed.
pub async fn mark_reviewed(
    ctx: &AppContext,
    caseworker: StaffId,
    what: Reviewed,
) -> Result<(), AppError> {
    let txn = ctx.begin_write().await?;
    let n = match what {
        Reviewed::Request(id) => {
            contact_request::Entity::update_many()
                .col_expr(
                    contact_request::Column::Review,
                    Expr::value(ReviewState::Reviewed),
                )
                .filter(contact_request::Column::Id.eq(id))
                .filter(contact_request::Column::State.ne(RecordState::Unverified))
                .exec(&*txn)
                .await?
                .rows_affected
        }
        Reviewed::Registration(id) => {
            registration::Entity::update_many()
                .col_expr(
                    registration::Column::Review,
                    Expr::value(ReviewState::Reviewed),
                )
                .filter(registration::Column::Id.eq(id))
                .filter(registration::Column::State.ne(RecordState::Unverified))
                .exec(&*txn)
                .await?
                .rows_affected
        }
    };
    if n == 0 {
        return Err(AppError::NotFound);
    }
    let subject = match what {
        Reviewed::Request(id) => Subject::Request(id),
        Reviewed::Registration(id) => Subject::Registration(id),
    };
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            caseworker,
            AuditAction::ContactReviewed,
            subject,
            serde_json::Value::Null,
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What [`mark_reviewed`] marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reviewed {
    /// A contact request.
    Request(RequestId),
    /// A registration.
    Registration(RegistrationId),
}

/// A contact detail staff may reveal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The requester's email address.
    RequesterEmail,
    /// The requester's phone number.
    RequesterPhone,
    /// A registered person's email address.
    RegistrationEmail,
}

impl Detail {
    /// From the form value.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "email" => Some(Self::RequesterEmail),
            "phone" => Some(Self::RequesterPhone),
            "registration_email" => Some(Self::RegistrationEmail),
            _ => None,
        }
    }
}

/// Whose contact detail a caseworker reveals: the requester's email or phone on a request,
/// or a registered person's email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revealed {
    /// A request's requester ([`Detail::RequesterEmail`] or [`Detail::RequesterPhone`]).
    Request(RequestId, Detail),
    /// A registration ([`Detail::RegistrationEmail`]).
    Registration(RegistrationId),
}

/// Reveals one contact detail to a caseworker; the reason is recorded in the audit log.
pub async fn reveal(
    ctx: &AppContext,
    caseworker: StaffId,
    what: Revealed,
    reason: &str,
) -> Result<String, AppError> {
    let (value, subject, detail) = match what {
        Revealed::Request(_, Detail::RegistrationEmail) => return Err(AppError::NotFound),
        Revealed::Request(id, detail) => {
            let r = request_row(ctx, id).await?;
            let who: RequesterData = c::open(&ctx.crypto, context::REQUESTER, &r.requester_enc)?;
            let v = if detail == Detail::RequesterEmail {
                who.email
            } else {
                who.phone
            };
            (v, Subject::Request(id), detail)
        }
        Revealed::Registration(id) => {
            let r = registration_row(ctx, id).await?;
            // Only the address of someone a caseworker has linked to a request: never of a
            // person found by browsing, or of one who vetoed every requester.
            let linked = contact_match::Entity::find()
                .filter(contact_match::Column::RegistrationId.eq(id))
                .filter(contact_match::Column::State.ne(MatchState::Rejected))
                .one(&ctx.db)
                .await?
                .is_some();
            if !linked {
                return Err(AppError::NotFound);
            }
            let d: RegistrationData = c::open(&ctx.crypto, context::REGISTRATION, &r.data_enc)?;
            (
                d.email,
                Subject::Registration(id),
                Detail::RegistrationEmail,
            )
        }
    };
    let txn = ctx.begin_write().await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            caseworker,
            AuditAction::ContactReveal,
            subject,
            serde_json::json!({ "detail": format!("{detail:?}"), "reason": reason.trim() }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(value)
}

async fn registration_row(
    ctx: &AppContext,
    id: RegistrationId,
) -> Result<registration::Model, AppError> {
    registration::Entity::find_by_id(id)
        .filter(registration::Column::State.eq(RecordState::Active))
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)
}

/// A registration as the caseworker sees it (no contact detail unless revealed).
#[derive(Debug, Clone, Serialize)]
pub struct RegistrationView {
    /// Id.
    pub id: RegistrationId,
    /// Names, years, places (the email is blanked).
    pub data: RegistrationData,
    /// Rules.
    pub rules: RegistrationRules,
    /// Openness.
    pub openness: Openness,
    /// State.
    pub state: RecordState,
    /// Registered (UTC).
    pub created_at: DateTime<Utc>,
    /// Expires (UTC).
    pub expires_at: DateTime<Utc>,
    /// Reviewed.
    pub reviewed: bool,
}

/// One registration; the read is audited.
pub async fn registration(
    ctx: &AppContext,
    viewer: StaffId,
    id: RegistrationId,
) -> Result<RegistrationView, AppError> {
    let r = registration_row(ctx, id).await?;
    let mut data: RegistrationData = c::open(&ctx.crypto, context::REGISTRATION, &r.data_enc)?;
    data.email = String::new();
    let rules: RegistrationRules = c::open(&ctx.crypto, context::RULES, &r.rules_enc)?;
    crate::services::audit_log::record(
        ctx,
        NewEvent::staff(
            viewer,
            AuditAction::RegistrationView,
            Subject::Registration(id),
            serde_json::Value::Null,
        ),
    )
    .await?;
    Ok(RegistrationView {
        id: r.id,
        data,
        rules,
        openness: r.openness,
        state: r.state,
        created_at: r.created_at,
        expires_at: r.expires_at,
        reviewed: r.review == ReviewState::Reviewed,
    })
}
