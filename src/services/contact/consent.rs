//! The consent flow of a match, from asking the sought person to the connection: the
//! sought person's answer through their emailed link, the requester's re-confirmation on
//! their own page, staff-asserted consent (counted only after a second staff member
//! approves), the cooling-off period, the four-eyes release, relay messages between
//! connected parties, withdrawal and its cascade, welfare messages, and the minute job
//! that moves matches on, closes lapsed ones and sends the requesters' check-ins.
//!
//! Safety rule 1 shapes it: nothing a requester does takes longer or looks different
//! because of a match. The requester's re-confirmation only stores a record against the
//! request (it names no match); the job, not the requester's request, finds the matches
//! it completes. The requester's page learns of a match only through a notice
//! (`request_notices`): a connection, or a welfare message the decliner released.

use crate::context::AppContext;
use crate::domain::approval::{self, Action};
use crate::domain::audit::{self, Actor, NewEvent};
use crate::domain::contact::consent::{
    self as dc, Channel, Choice, Content, Decision, Party, REQUESTER_WORDING, SOUGHT_WORDING,
    Wording, welfare,
};
use crate::domain::contact::match_flow::{MatchEvent, MatchState, next};
use crate::domain::contact::records::{self as contact, RequesterData, context, state};
use crate::entities::{
    approval as approval_row, consent, contact_match, contact_request, registration,
    request_notice, sought_person,
};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::mail::{EmailTemplate, outbox};
use crate::services::contact::intake::{self, open_registration};
use crate::services::contact::links::{self, Link};
use crate::services::contact::relay;
use crate::services::contact::review::{forget_index, still_a_candidate};
use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseTransaction, EntityTrait,
    NotSet, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

/// Encryption context of a shared contact detail.
pub const SHARED_DETAIL: &str = "contact.shared_detail";
/// Encryption context of a welfare message.
pub const WELFARE: &str = "contact.welfare";

/// Longest shared contact detail, in characters.
pub const DETAIL_MAX_CHARS: usize = 200;

/// Kinds of notice on a requester's page.
pub mod notice_kind {
    /// The connection with a sought person is open (or was, until `ended_at`).
    pub const CONNECTED: &str = "connected";
    /// A welfare message the decliner chose to release.
    pub const WELFARE: &str = "welfare";
}

/// "There is a message for you": the only email the flow sends a party (asking, a
/// connection, a relay message), with a fresh link; it names no person and no purpose.
#[derive(Debug, Serialize)]
pub struct UpdateEmail {
    /// The party's page (the neutral `/p/` address).
    pub link: String,
}

impl EmailTemplate for UpdateEmail {
    const NAME: &'static str = "contact_update";
}

/// The scheduled check-in: every active requester gets it on the same schedule, whatever
/// is happening on their request.
#[derive(Debug, Serialize)]
pub struct CheckinEmail {
    /// The requester's page.
    pub link: String,
}

impl EmailTemplate for CheckinEmail {
    const NAME: &'static str = "contact_checkin";
}

/// Why a staff action on a match was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowProblem {
    /// The match is not in a state that allows it.
    WrongState,
    /// The request is flagged as suspected hostile.
    Flagged,
    /// The request or the registration is no longer active.
    Inactive,
    /// The cooling-off period is not over.
    CoolingOff,
    /// A consent it needs does not count (missing, expired, withdrawn, not approved).
    NoConsent,
    /// A proposal is already waiting for a second staff member.
    Pending,
    /// The registration's rules now refuse this requester (e.g. "never from this person"
    /// answered on another request).
    Vetoed,
}

impl FlowProblem {
    /// Message key suffix.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::WrongState => "wrong-state",
            Self::Flagged => "flagged",
            Self::Inactive => "inactive",
            Self::CoolingOff => "cooling-off",
            Self::NoConsent => "no-consent",
            Self::Pending => "pending",
            Self::Vetoed => "vetoed",
        }
    }
}

/// A welfare message a decliner chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WelfareChoice {
    /// None.
    None,
    /// "I am well but do not wish contact" (released at once).
    Preset,
    /// Their own short text (released after a caseworker's review).
    Own(String),
}

/// A party's answer, already checked by the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Accept, decline, or never from this person.
    pub decision: Decision,
    /// With accept: relay or share.
    pub choice: Option<Choice>,
    /// With share: the contact detail to release.
    pub detail: String,
    /// With decline: the welfare message.
    pub welfare: WelfareChoice,
}

/// The match, its sought person, request and registration.
struct Case {
    m: contact_match::Model,
    sought: sought_person::Model,
    request: contact_request::Model,
    registration: registration::Model,
}

async fn case(db: &impl ConnectionTrait, match_id: i64) -> Result<Option<Case>, AppError> {
    let Some(m) = contact_match::Entity::find_by_id(match_id).one(db).await? else {
        return Ok(None);
    };
    let sought = sought_person::Entity::find_by_id(m.sought_person_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let request = contact_request::Entity::find_by_id(sought.request_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let registration = registration::Entity::find_by_id(m.registration_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Some(Case {
        m,
        sought,
        request,
        registration,
    }))
}

fn state_of(m: &contact_match::Model) -> MatchState {
    // An unknown stored state reads as closed: nothing can happen to it (fail closed).
    MatchState::parse(&m.state).unwrap_or(MatchState::Closed)
}

/// Moves a match by `event` if its stored state still is `m`'s and the life of a match
/// allows it; audits the change. Returns the new state, or `None` (nothing written).
async fn transition(
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
        .col_expr(contact_match::Column::State, Expr::value(to.as_str()))
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
        .filter(contact_match::Column::State.eq(from.as_str()))
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
            subject: format!("match:{}", m.id),
            details: serde_json::json!({ "from": from.as_str(), "to": to.as_str() }),
        },
    )
    .await?;
    Ok(Some(to))
}

/// Runs `events` one after the other on a match (re-reading it between steps).
async fn transitions(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    actor: &Actor,
    match_id: i64,
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
async fn finish(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    actor: &Actor,
    match_id: i64,
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
            Expr::value(approval::status::REJECTED),
        )
        .col_expr(approval_row::Column::DecidedAt, Expr::value(now))
        .col_expr(
            approval_row::Column::Note,
            Expr::value("cancelled: the match closed"),
        )
        .filter(approval_row::Column::Subject.eq(format!("match:{match_id}")))
        .filter(approval_row::Column::Status.eq(approval::status::PENDING))
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

/// Whether a record is an answer at all: given on the portal, or recorded by staff and
/// approved by a second staff member (one still awaiting approval is not an answer yet).
fn given(c: &consent::Model) -> bool {
    c.channel != Channel::Staff.as_str() || c.approval_id.is_some()
}

fn counts(c: &consent::Model, now: DateTime<Utc>) -> bool {
    let (Some(decision), Some(channel)) =
        (Decision::parse(&c.decision), Channel::parse(&c.channel))
    else {
        return false;
    };
    dc::counts(
        decision,
        channel,
        c.approval_id.is_some(),
        c.withdrawn_at,
        c.expires_at,
        now,
    )
}

/// The sought person's latest answer on a match (an unapproved staff-asserted one
/// included: callers check [`counts`]).
async fn sought_consent(
    db: &impl ConnectionTrait,
    match_id: i64,
) -> Result<Option<consent::Model>, AppError> {
    Ok(consent::Entity::find()
        .filter(consent::Column::MatchId.eq(match_id))
        .filter(consent::Column::Party.eq(Party::Sought.as_str()))
        .order_by_desc(consent::Column::Id)
        .one(db)
        .await?)
}

/// The requester's consent in force, if any: their latest answer (a staff-asserted one
/// still waiting for a second staff member is not an answer yet), when it counts. A later
/// "no", or a lapsed latest answer, is not outlived by an earlier "yes".
async fn requester_consent(
    db: &impl ConnectionTrait,
    request_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<consent::Model>, AppError> {
    let rows = consent::Entity::find()
        .filter(consent::Column::RequestId.eq(request_id))
        .filter(consent::Column::Party.eq(Party::Requester.as_str()))
        .order_by_desc(consent::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().find(given).filter(|c| counts(c, now)))
}

/// The wording shown for `w` in `locale`: its text and hash.
#[must_use]
pub fn wording(w: Wording, locale: Locale) -> (String, String) {
    let text = locale.t(w.key);
    let hash = dc::wording_hash(w.version, locale.code(), &text);
    (text, hash)
}

/// What a new consent record holds.
struct NewConsent<'a> {
    request_id: i64,
    match_id: Option<i64>,
    party: Party,
    answer: &'a Answer,
    wording: Wording,
    locale: Locale,
    channel: Channel,
    asserted_by: Option<i64>,
}

async fn record_consent(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    c: NewConsent<'_>,
    now: DateTime<Utc>,
) -> Result<consent::Model, AppError> {
    // The seal covers the times as stored: PostgreSQL keeps microseconds, so a seal over
    // nanoseconds would never hold again once the record is read back.
    let now = now.trunc_subsecs(6);
    let (_, hash) = wording(c.wording, c.locale);
    let accept = c.answer.decision == Decision::Accept;
    let choice = if accept { c.answer.choice } else { None };
    let detail = (choice == Some(Choice::Share) && !c.answer.detail.trim().is_empty())
        .then(|| {
            ctx.crypto
                .encrypt_str(SHARED_DETAIL, c.answer.detail.trim())
        })
        .transpose()?;
    let (welfare_state, welfare_enc) = match (&c.answer.welfare, accept) {
        (WelfareChoice::Preset, false) => (welfare::PRESET, None),
        (WelfareChoice::Own(text), false) if !text.trim().is_empty() => (
            welfare::PENDING,
            Some(ctx.crypto.encrypt_str(WELFARE, text.trim())?),
        ),
        _ => (welfare::NONE, None),
    };
    let mut record = consent::Model {
        id: 0,
        request_id: c.request_id,
        match_id: c.match_id,
        party: c.party.as_str().to_owned(),
        decision: c.answer.decision.as_str().to_owned(),
        wording_version: c.wording.version.to_owned(),
        wording_locale: c.locale.code().to_owned(),
        wording_hash: hash,
        channel: c.channel.as_str().to_owned(),
        choice: choice.map(|x| x.as_str().to_owned()),
        shared_detail_enc: detail,
        welfare_enc,
        welfare_state: welfare_state.to_owned(),
        given_at: now,
        expires_at: now + ctx.config.contact.consent_validity,
        withdrawn_at: None,
        asserted_by: c.asserted_by,
        approval_id: None,
        seal: String::new(),
    };
    record.seal = seal_of(&record).unwrap_or_default();
    let mut row: consent::ActiveModel = record.into();
    row.id = NotSet;
    let row = row.insert(txn).await?;
    // The audit chain covers the record through its seal.
    audit::record(
        txn,
        &ctx.crypto,
        NewEvent {
            actor: c.asserted_by.map_or(Actor::Public, Actor::Staff),
            action: "consent.record",
            subject: c.match_id.map_or_else(
                || format!("contact_request:{}", c.request_id),
                |m| format!("match:{m}"),
            ),
            details: serde_json::json!({
                "consent": row.id,
                "party": c.party.as_str(),
                "decision": c.answer.decision.as_str(),
                "channel": c.channel.as_str(),
                "wording": c.wording.version,
                "seal": row.seal,
            }),
        },
    )
    .await?;
    Ok(row)
}

/// The seal of a consent record: what it covers is named once, here (see
/// `domain::contact::consent::Content`). `None` for a record with an unknown party, decision or
/// channel.
fn seal_of(c: &consent::Model) -> Option<String> {
    let content = Content {
        request_id: c.request_id,
        match_id: c.match_id,
        party: Party::parse(&c.party)?,
        decision: Decision::parse(&c.decision)?,
        wording_version: &c.wording_version,
        wording_locale: &c.wording_locale,
        wording_hash: &c.wording_hash,
        channel: Channel::parse(&c.channel)?,
        choice: c.choice.as_deref().and_then(Choice::parse),
        shared_detail: c.shared_detail_enc.as_deref().map(hex::encode),
        welfare: c.welfare_enc.as_deref().map(hex::encode),
        given_at: c.given_at,
        expires_at: c.expires_at,
        asserted_by: c.asserted_by,
    };
    Some(dc::seal(&content))
}

/// Whether a stored consent's seal still matches its content.
#[must_use]
pub fn seal_holds(c: &consent::Model) -> bool {
    seal_of(c).is_some_and(|s| s == c.seal)
}

fn requester_data(ctx: &AppContext, r: &contact_request::Model) -> Result<RequesterData, AppError> {
    Ok(contact::open(
        &ctx.crypto,
        context::REQUESTER,
        &r.requester_enc,
    )?)
}

/// Queues the content-free update email to `party` of a match, with a fresh link.
async fn notify(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    case: &Case,
    party: Party,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (to, locale, link) = match party {
        Party::Requester => (
            requester_data(ctx, &case.request)?.email,
            Locale::parse(&case.request.locale).unwrap_or_default(),
            Link {
                request_id: case.request.id,
                match_id: None,
                party,
            },
        ),
        Party::Sought => (
            open_registration(ctx, &case.registration)?.data.email,
            Locale::parse(&case.registration.locale).unwrap_or_default(),
            Link {
                request_id: case.request.id,
                match_id: Some(case.m.id),
                party,
            },
        ),
    };
    let ttl = match party {
        Party::Sought if state_of(&case.m) == MatchState::Verified => ctx.config.contact.ask_window,
        _ => ctx.config.contact.consent_validity,
    };
    let token = links::issue(txn, link, ttl, now).await?;
    outbox::enqueue(
        txn,
        ctx,
        &to,
        locale,
        &UpdateEmail {
            link: links::url(ctx, &token, locale),
        },
    )
    .await?;
    Ok(())
}

// ------------------------------------------------------------------ asking the sought person

/// Asks the sought person of a verified match: a content-free email with a link to the
/// page that shows who is asking.
pub async fn ask(
    ctx: &AppContext,
    caseworker: i64,
    match_id: i64,
    now: DateTime<Utc>,
) -> Result<Result<(), FlowProblem>, AppError> {
    let case = case(&ctx.db, match_id).await?.ok_or(AppError::NotFound)?;
    if state_of(&case.m) != MatchState::Verified {
        return Ok(Err(FlowProblem::WrongState));
    }
    if case.request.hostile {
        return Ok(Err(FlowProblem::Flagged));
    }
    if case.request.state != state::ACTIVE || case.registration.state != state::ACTIVE {
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

/// What a sought person's link shows.
#[derive(Debug, Clone)]
pub enum SoughtPage {
    /// The question: who is asking (only what the requester agreed to show: their name
    /// and relationship), and the wording of the consent.
    Ask {
        /// The requester's name.
        requester: String,
        /// Their stated relationship (a code).
        relationship: String,
        /// The consent wording in the page's language.
        wording: String,
    },
    /// Answered yes: waiting for the requester, the cooling-off period and staff.
    Accepted,
    /// Connected: the detail the requester chose to share, and the thread.
    Connected {
        /// The requester's shared detail.
        detail: Option<String>,
        /// The relay thread.
        thread: relay::ThreadView,
    },
    /// Nothing more to do here (declined, withdrawn, closed).
    Ended,
}

async fn sought_link(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, AppError> {
    Ok(links::resolve(db, token, now)
        .await?
        .filter(|l| l.party == Party::Sought)
        .and_then(|l| l.match_id))
}

fn shared_detail(ctx: &AppContext, c: &consent::Model) -> Result<Option<String>, AppError> {
    Ok(c.shared_detail_enc
        .as_deref()
        .map(|d| ctx.crypto.decrypt_str(SHARED_DETAIL, d))
        .transpose()?)
}

/// The page behind a sought person's link (`None`: no such link, or it expired).
pub async fn sought_page(
    ctx: &AppContext,
    token: &str,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Option<SoughtPage>, AppError> {
    let Some(match_id) = sought_link(&ctx.db, token, now).await? else {
        return Ok(None);
    };
    let case = case(&ctx.db, match_id).await?.ok_or(AppError::NotFound)?;
    Ok(Some(match state_of(&case.m) {
        MatchState::ConsentRequested => {
            let requester = requester_data(ctx, &case.request)?;
            SoughtPage::Ask {
                requester: requester.name,
                relationship: case.request.relationship.clone(),
                wording: wording(SOUGHT_WORDING, locale).0,
            }
        }
        MatchState::Consented | MatchState::CoolingOff => SoughtPage::Accepted,
        MatchState::Connected => {
            let detail = match requester_consent(&ctx.db, case.request.id, now).await? {
                Some(c) => shared_detail(ctx, &c)?,
                None => None,
            };
            let thread = relay::view(&ctx.db, ctx, match_id, Party::Sought)
                .await?
                .unwrap_or(relay::ThreadView {
                    open: false,
                    messages: Vec::new(),
                });
            SoughtPage::Connected { detail, thread }
        }
        _ => match relay::view(&ctx.db, ctx, match_id, Party::Sought).await? {
            // A connection that ended: the thread, closed.
            Some(thread) => SoughtPage::Connected {
                detail: None,
                thread,
            },
            None => SoughtPage::Ended,
        },
    }))
}

/// Why an answer was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerProblem {
    /// No such link, or it expired.
    InvalidLink,
    /// Already answered (a replayed form), or the match moved on.
    AlreadyAnswered,
}

/// Records the sought person's answer given through their link.
pub async fn answer(
    ctx: &AppContext,
    token: &str,
    answer: &Answer,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Result<(), AnswerProblem>, AppError> {
    let Some(match_id) = sought_link(&ctx.db, token, now).await? else {
        return Ok(Err(AnswerProblem::InvalidLink));
    };
    let case = case(&ctx.db, match_id).await?.ok_or(AppError::NotFound)?;
    // A staff-asserted answer still waiting for (or refused by) a second staff member
    // does not stop the person answering themselves.
    let answered = sought_consent(&ctx.db, match_id)
        .await?
        .is_some_and(|c| given(&c));
    if state_of(&case.m) != MatchState::ConsentRequested || answered {
        return Ok(Err(AnswerProblem::AlreadyAnswered));
    }
    let txn = ctx.begin_write().await?;
    let c = record_consent(
        &txn,
        ctx,
        NewConsent {
            request_id: case.request.id,
            match_id: Some(match_id),
            party: Party::Sought,
            answer,
            wording: SOUGHT_WORDING,
            locale,
            channel: Channel::Portal,
            asserted_by: None,
        },
        now,
    )
    .await?;
    if !apply_sought_answer(&txn, ctx, &Actor::Public, &case, &c, now).await? {
        // The match moved on meanwhile: nothing is kept.
        return Ok(Err(AnswerProblem::AlreadyAnswered));
    }
    txn.commit().await?;
    if answer.decision == Decision::Never {
        forget_index(ctx);
    }
    Ok(Ok(()))
}

/// Applies a sought person's counting answer to the match: accept moves it to
/// `consented`; decline and never close it (never also adds a deny rule against the
/// requester's name); a preset welfare message is released at once.
async fn apply_sought_answer(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    actor: &Actor,
    case: &Case,
    c: &consent::Model,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let id = case.m.id;
    let mut events = Vec::new();
    if state_of(&case.m) == MatchState::Verified {
        events.push(MatchEvent::RequestConsent);
    }
    let decision = Decision::parse(&c.decision).unwrap_or(Decision::Decline);
    if decision == Decision::Accept {
        events.push(MatchEvent::SoughtConsents);
    } else {
        events.push(MatchEvent::SoughtDeclines);
    }
    if !transitions(txn, ctx, actor, id, &events, now).await? {
        return Ok(false);
    }
    // A decline ends the match at once: closed, pending proposals cancelled.
    if decision != Decision::Accept && !finish(txn, ctx, actor, id, false, now).await? {
        return Ok(false);
    }
    // A welfare message tells the requester that the person was found: never to a
    // request flagged as suspected hostile (it is kept in the consent record).
    if c.welfare_state == welfare::PRESET && !case.request.hostile {
        add_notice(txn, case, notice_kind::WELFARE, None, None, now).await?;
    }
    if decision == Decision::Never {
        refuse_for_good(txn, ctx, actor, case).await?;
    }
    Ok(true)
}

/// "Never from this person": the registration refuses this requester from now on, by
/// name (as the person saw it) and by the blind index of the requester's address (so
/// another spelling or another name from the same address is refused too). Audited.
async fn refuse_for_good(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    actor: &Actor,
    case: &Case,
) -> Result<(), AppError> {
    let requester = requester_data(ctx, &case.request)?;
    let mut rules = open_registration(ctx, &case.registration)?.rules;
    if !rules.deny_names.contains(&requester.name) {
        rules.deny_names.push(requester.name);
    }
    if !rules
        .deny_requester_keys
        .contains(&case.request.email_index)
    {
        rules
            .deny_requester_keys
            .push(case.request.email_index.clone());
    }
    let sealed = contact::seal(&ctx.crypto, context::RULES, &rules)?;
    registration::Entity::update_many()
        .col_expr(registration::Column::RulesEnc, Expr::value(sealed))
        .filter(registration::Column::Id.eq(case.registration.id))
        .exec(txn)
        .await?;
    audit::record(
        txn,
        &ctx.crypto,
        NewEvent {
            actor: actor.clone(),
            action: "registration.deny_rule",
            subject: format!("registration:{}", case.registration.id),
            details: serde_json::json!({ "match": case.m.id }),
        },
    )
    .await?;
    Ok(())
}

async fn add_notice(
    txn: &DatabaseTransaction,
    case: &Case,
    kind: &str,
    match_id: Option<i64>,
    body_enc: Option<Vec<u8>>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    request_notice::ActiveModel {
        request_id: Set(case.request.id),
        sought_person_id: Set(case.m.sought_person_id),
        match_id: Set(match_id),
        kind: Set(kind.to_owned()),
        body_enc: Set(body_enc),
        created_at: Set(now),
        ended_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Withdraws the sought person's consent through their link: the match closes silently
/// (the requester's page does not change, unless they were connected).
pub async fn sought_withdraws(
    ctx: &AppContext,
    token: &str,
    block: bool,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let Some(match_id) = sought_link(&ctx.db, token, now).await? else {
        return Ok(false);
    };
    withdraw(ctx, match_id, Party::Sought, block, now).await
}

/// A party withdraws from a match (before or after the connection): their consents on it
/// are marked withdrawn and the match ends. With `block`, a sought person also refuses
/// this requester for good (see [`refuse_for_good`]).
pub async fn withdraw(
    ctx: &AppContext,
    match_id: i64,
    party: Party,
    block: bool,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let case = case(&ctx.db, match_id).await?.ok_or(AppError::NotFound)?;
    if state_of(&case.m).is_final() {
        return Ok(false);
    }
    let txn = ctx.begin_write().await?;
    // A requester leaves this connection only: their consent record covers the request,
    // so it stays for the others, and this match ends.
    if party == Party::Sought {
        consent::Entity::update_many()
            .col_expr(consent::Column::WithdrawnAt, Expr::value(now))
            .filter(consent::Column::MatchId.eq(match_id))
            .filter(consent::Column::Party.eq(party.as_str()))
            .filter(consent::Column::WithdrawnAt.is_null())
            .exec(&*txn)
            .await?;
    }
    let actor = Actor::Public;
    let done = finish(&txn, ctx, &actor, match_id, true, now).await?;
    if !done {
        // The match moved on meanwhile (e.g. it was released in the same instant): nothing
        // is kept, not even the consent's withdrawal, and the person sees where it stands.
        return Ok(false);
    }
    if block && party == Party::Sought {
        refuse_for_good(&txn, ctx, &actor, &case).await?;
    }
    txn.commit().await?;
    if block {
        forget_index(ctx);
    }
    Ok(done)
}

// ------------------------------------------------------------------ the requester

/// The requester re-confirms, on their own page, that they still want contact and how.
/// Always the same work: one record against the request, whatever the request's matches
/// (the minute job finds the matches it completes). `false`: no such link, or the request
/// is not in force.
pub async fn requester_confirms(
    ctx: &AppContext,
    token: &str,
    answer: &Answer,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let Some(r) = intake::request_by_status_token(&ctx.db, token).await? else {
        return Ok(false);
    };
    if r.state != state::ACTIVE || now >= r.expires_at {
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
    token: &str,
    match_id: i64,
    body: &str,
    now: DateTime<Utc>,
) -> Result<Option<Result<(), relay::PostProblem>>, AppError> {
    let Some(case) = requester_case(ctx, token, match_id).await? else {
        return Ok(None);
    };
    post(ctx, &case, Party::Requester, body, now)
        .await
        .map(Some)
}

/// The requester leaves one of their connections (and with it the relay thread).
pub async fn requester_leaves(
    ctx: &AppContext,
    token: &str,
    match_id: i64,
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
    token: &str,
    match_id: i64,
) -> Result<Option<Case>, AppError> {
    let Some(r) = intake::request_by_status_token(&ctx.db, token).await? else {
        return Ok(None);
    };
    let shown = request_notice::Entity::find()
        .filter(request_notice::Column::RequestId.eq(r.id))
        .filter(request_notice::Column::MatchId.eq(match_id))
        .filter(request_notice::Column::Kind.eq(notice_kind::CONNECTED))
        .one(&ctx.db)
        .await?
        .is_some();
    if !shown {
        return Ok(None);
    }
    case(&ctx.db, match_id).await
}

/// A message from the sought person through their link.
pub async fn sought_posts(
    ctx: &AppContext,
    token: &str,
    body: &str,
    now: DateTime<Utc>,
) -> Result<Option<Result<(), relay::PostProblem>>, AppError> {
    let Some(match_id) = sought_link(&ctx.db, token, now).await? else {
        return Ok(None);
    };
    let case = case(&ctx.db, match_id).await?.ok_or(AppError::NotFound)?;
    post(ctx, &case, Party::Sought, body, now).await.map(Some)
}

async fn post(
    ctx: &AppContext,
    case: &Case,
    from: Party,
    body: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), relay::PostProblem>, AppError> {
    if state_of(&case.m) != MatchState::Connected {
        return Ok(Err(relay::PostProblem::Closed));
    }
    let txn = ctx.begin_write().await?;
    if let Err(p) = relay::post(&txn, ctx, case.m.id, from, body, now).await? {
        return Ok(Err(p));
    }
    notify(&txn, ctx, case, from.other(), now).await?;
    txn.commit().await?;
    Ok(Ok(()))
}

// ------------------------------------------------------------------ staff

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
    caseworker: i64,
    match_id: i64,
    asserted: &Asserted<'_>,
    now: DateTime<Utc>,
) -> Result<Result<i64, FlowProblem>, AppError> {
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
    if case.request.state != state::ACTIVE || case.registration.state != state::ACTIVE {
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
    caseworker: i64,
    match_id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Result<i64, FlowProblem>, AppError> {
    let case = case(&ctx.db, match_id).await?.ok_or(AppError::NotFound)?;
    if let Err(p) = releasable(&ctx.db, &case, now).await? {
        return Ok(Err(p));
    }
    let pending = approval_row::Entity::find()
        .filter(approval_row::Column::Subject.eq(format!("match:{match_id}")))
        .filter(approval_row::Column::Kind.eq("contact.release"))
        .filter(approval_row::Column::Status.eq(approval::status::PENDING))
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
async fn releasable(
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
    if case.request.state != state::ACTIVE
        || now >= case.request.expires_at
        || case.registration.state != state::ACTIVE
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
        .col_expr(contact_request::Column::State, Expr::value(state::ACTIVE))
        .filter(contact_request::Column::Id.eq(case.request.id))
        .filter(contact_request::Column::State.eq(state::ACTIVE))
        .filter(contact_request::Column::Hostile.eq(false))
        .filter(contact_request::Column::ExpiresAt.gt(now))
        .exec(txn)
        .await?
        .rows_affected;
    let registration = registration::Entity::update_many()
        .col_expr(registration::Column::State, Expr::value(state::ACTIVE))
        .filter(registration::Column::Id.eq(case.registration.id))
        .filter(registration::Column::State.eq(state::ACTIVE))
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
    decider: i64,
    approval_id: i64,
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
            if c.party == Party::Sought.as_str() {
                let Some(case) = case(txn, match_id).await? else {
                    return Ok(false);
                };
                apply_sought_answer(txn, ctx, &actor, &case, &c, now).await
            } else {
                if c.decision != Decision::Accept.as_str() {
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
        notice_kind::CONNECTED,
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
    caseworker: i64,
    match_id: i64,
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
        welfare::RELEASED
    } else {
        welfare::WITHHELD
    };
    let n = consent::Entity::update_many()
        .col_expr(consent::Column::WelfareState, Expr::value(to))
        .filter(consent::Column::Id.eq(c.id))
        .filter(consent::Column::WelfareState.eq(welfare::PENDING))
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
            notice_kind::WELFARE,
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
                "welfare.release"
            } else {
                "welfare.withhold"
            },
            format!("match:{match_id}"),
            serde_json::json!({ "consent": c.id }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// Whether a consent's own welfare text waits for review and may be reviewed now: the
/// decline was given on the portal, or a second staff member approved the staff's record.
fn welfare_reviewable(c: &consent::Model) -> bool {
    c.welfare_state == welfare::PENDING && given(c)
}

// ------------------------------------------------------------------ the minute job

/// What one [`tick`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct TickReport {
    /// Matches moved to cooling-off.
    pub cooling_off: u32,
    /// Matches closed (lapsed consents, unanswered, withdrawn or expired parties).
    pub closed: u32,
    /// Check-in emails sent.
    pub checkins: u32,
    /// Relay messages erased.
    pub erased: u64,
}

/// Moves matches on and closes lapsed ones; sends due check-ins; erases relay messages
/// past retention. Runs every minute; safe to run on several instances (every change is
/// conditional on the state it read).
pub async fn tick(ctx: &AppContext, now: DateTime<Utc>) -> Result<TickReport, AppError> {
    let mut report = TickReport::default();
    let open_states = [
        MatchState::Proposed,
        MatchState::Verified,
        MatchState::ConsentRequested,
        MatchState::Consented,
        MatchState::CoolingOff,
        MatchState::Connected,
        MatchState::Declined,
        MatchState::Withdrawn,
    ];
    let rows = contact_match::Entity::find()
        .filter(contact_match::Column::State.is_in(open_states.map(MatchState::as_str)))
        .all(&ctx.db)
        .await?;
    let actor = Actor::System;
    for m in rows {
        let Some(case) = case(&ctx.db, m.id).await? else {
            continue;
        };
        let st = state_of(&m);
        let parties_in_force = case.request.state == state::ACTIVE
            && now < case.request.expires_at
            && case.registration.state == state::ACTIVE
            && now < case.registration.expires_at;
        let sought = sought_consent(&ctx.db, m.id).await?;
        let sought_counts = sought.as_ref().is_some_and(|c| counts(c, now));
        let close = match st {
            MatchState::Declined | MatchState::Withdrawn => true,
            _ if !parties_in_force => true,
            MatchState::ConsentRequested => now >= m.updated_at + ctx.config.contact.ask_window,
            // A request flagged as suspected hostile keeps nobody waiting for a release
            // or in a conversation with it.
            MatchState::Consented | MatchState::CoolingOff | MatchState::Connected
                if case.request.hostile =>
            {
                true
            }
            MatchState::Consented | MatchState::CoolingOff => !sought_counts,
            _ => false,
        };
        if close {
            let txn = ctx.begin_write().await?;
            if finish(&txn, ctx, &actor, m.id, !parties_in_force, now).await? {
                report.closed += 1;
            }
            txn.commit().await?;
            continue;
        }
        if st == MatchState::CoolingOff
            && requester_consent(&ctx.db, case.request.id, now)
                .await?
                .is_none()
        {
            let txn = ctx.begin_write().await?;
            if finish(&txn, ctx, &actor, m.id, true, now).await? {
                report.closed += 1;
            }
            txn.commit().await?;
            continue;
        }
        if st == MatchState::Consented
            && let (Some(s), Some(r)) = (
                sought.as_ref(),
                requester_consent(&ctx.db, case.request.id, now).await?,
            )
            && r.given_at > s.given_at
        {
            let txn = ctx.begin_write().await?;
            if transition(&txn, ctx, &actor, &m, MatchEvent::RequesterConsents, now)
                .await?
                .is_some()
            {
                report.cooling_off += 1;
            }
            txn.commit().await?;
        }
    }
    report.checkins = checkins(ctx, now).await?;
    report.erased = relay::erase_due(ctx, now).await?;
    Ok(report)
}

/// Sends the scheduled check-in to every active request whose last one (or whose
/// verification) is older than the check-in interval.
async fn checkins(ctx: &AppContext, now: DateTime<Utc>) -> Result<u32, AppError> {
    let before = now - ctx.config.contact.checkin;
    // Only the due rows leave the database (this runs every minute).
    let due = contact_request::Entity::find()
        .filter(contact_request::Column::State.eq(state::ACTIVE))
        .filter(contact_request::Column::ExpiresAt.gt(now))
        .filter(
            Condition::any()
                .add(contact_request::Column::CheckinSentAt.lte(before))
                .add(
                    Condition::all()
                        .add(contact_request::Column::CheckinSentAt.is_null())
                        .add(contact_request::Column::VerifiedAt.lte(before)),
                ),
        )
        .all(&ctx.db)
        .await?;
    let mut sent = 0;
    for r in due {
        let locale = Locale::parse(&r.locale).unwrap_or_default();
        let to = requester_data(ctx, &r)?.email;
        let txn = ctx.begin_write().await?;
        let mut q = contact_request::Entity::update_many()
            .col_expr(contact_request::Column::CheckinSentAt, Expr::value(now))
            .filter(contact_request::Column::Id.eq(r.id));
        q = match r.checkin_sent_at {
            Some(t) => q.filter(contact_request::Column::CheckinSentAt.eq(t)),
            None => q.filter(contact_request::Column::CheckinSentAt.is_null()),
        };
        if q.exec(&*txn).await?.rows_affected == 1 {
            let token = links::issue(
                &*txn,
                Link {
                    request_id: r.id,
                    match_id: None,
                    party: Party::Requester,
                },
                ctx.config.contact.consent_validity,
                now,
            )
            .await?;
            outbox::enqueue(
                &*txn,
                ctx,
                &to,
                locale,
                &CheckinEmail {
                    link: links::url(ctx, &token, locale),
                },
            )
            .await?;
            sent += 1;
        }
        txn.commit().await?;
    }
    Ok(sent)
}

// ------------------------------------------------------------------ the staff case view

/// Whether proposal `proposal_id` is about match `match_id` (its case page may decide it).
pub async fn proposal_on_match(
    db: &impl ConnectionTrait,
    match_id: i64,
    proposal_id: i64,
) -> Result<bool, AppError> {
    Ok(approval_row::Entity::find_by_id(proposal_id)
        .filter(approval_row::Column::Subject.eq(format!("match:{match_id}")))
        .one(db)
        .await?
        .is_some())
}

/// One consent in the case view.
#[derive(Debug, Clone, Serialize)]
pub struct ConsentRow {
    /// Record id.
    pub id: i64,
    /// `requester` or `sought`.
    pub party: String,
    /// `accept`, `decline`, `never`.
    pub decision: String,
    /// `portal` or `staff`.
    pub channel: String,
    /// `relay` or `share`.
    pub choice: Option<String>,
    /// Whether a contact detail is held (never the detail).
    pub shares_detail: bool,
    /// Wording version, language and hash (first 16 hex).
    pub wording: String,
    /// Welfare message state.
    pub welfare: String,
    /// The decliner's own welfare text, while it waits for review.
    pub welfare_text: Option<String>,
    /// The detail a staff member recorded for release, while the record waits for a
    /// second staff member: they must see what they approve (the read is audited).
    pub asserted_detail: Option<String>,
    /// The text may be reviewed now (a staff-recorded decline must be approved first).
    pub welfare_reviewable: bool,
    /// Given (UTC).
    pub given_at: String,
    /// Valid until (UTC).
    pub expires_at: String,
    /// Withdrawn (UTC).
    pub withdrawn_at: Option<String>,
    /// Asserting staff member.
    pub asserted_by: Option<i64>,
    /// Approval that lets an asserted consent count.
    pub approval_id: Option<i64>,
    /// Counts now.
    pub counts: bool,
    /// The seal matches the content.
    pub seal_ok: bool,
}

/// A proposal on the match.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalRow {
    /// Proposal id.
    pub id: i64,
    /// `contact-release` or `contact-confirm-consent`.
    pub kind: String,
    /// Who proposed it.
    pub proposed_by: i64,
    /// Why / how obtained.
    pub reason: String,
    /// `pending`, `approved`, `rejected`, `expired`.
    pub status: String,
    /// Who decided.
    pub decided_by: Option<i64>,
    /// The viewer may decide it (pending, not theirs).
    pub decidable: bool,
}

/// One audit event about the match.
#[derive(Debug, Clone, Serialize)]
pub struct EventRow {
    /// When (UTC).
    pub at: String,
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
    pub id: i64,
    /// The request.
    pub request_id: i64,
    /// The registration (by number).
    pub registration_id: i64,
    /// State.
    pub state: String,
    /// Score (‰).
    pub score: i32,
    /// End of cooling-off (UTC).
    pub cooling_until: Option<String>,
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

fn minutes(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// The case view of a match (the read is audited).
pub async fn case_view(
    ctx: &AppContext,
    viewer: i64,
    match_id: i64,
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
                        .add(consent::Column::Party.eq(Party::Requester.as_str())),
                ),
        )
        .order_by_asc(consent::Column::Id)
        .all(&ctx.db)
        .await?;
    let mut consent_rows = Vec::with_capacity(consents.len());
    let mut shown_details = 0;
    for c in &consents {
        let welfare_text = if c.welfare_state == welfare::PENDING {
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
            party: c.party.clone(),
            decision: c.decision.clone(),
            channel: c.channel.clone(),
            choice: c.choice.clone(),
            shares_detail: c.shared_detail_enc.is_some(),
            wording: format!(
                "{} · {} · {}",
                c.wording_version,
                c.wording_locale,
                c.wording_hash.get(..16).unwrap_or(&c.wording_hash)
            ),
            welfare: c.welfare_state.clone(),
            welfare_text,
            welfare_reviewable: welfare_reviewable(c),
            given_at: minutes(c.given_at),
            expires_at: minutes(c.expires_at),
            withdrawn_at: c.withdrawn_at.map(minutes),
            asserted_by: c.asserted_by,
            approval_id: c.approval_id,
            counts: counts(c, now),
            seal_ok: seal_holds(c),
        });
    }
    let subject = format!("match:{match_id}");
    let proposals = approval_row::Entity::find()
        .filter(approval_row::Column::Subject.eq(subject.clone()))
        .order_by_desc(approval_row::Column::Id)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|a| {
            let status = approval::shown_status(&a, now);
            ProposalRow {
                decidable: status == approval::status::PENDING && a.proposed_by != viewer,
                id: a.id,
                kind: a.kind.replace(['.', '_'], "-"),
                proposed_by: a.proposed_by,
                reason: a.reason,
                status,
                decided_by: a.decided_by,
            }
        })
        .collect();
    let events = crate::entities::audit_event::Entity::find()
        .filter(crate::entities::audit_event::Column::Subject.eq(subject.clone()))
        .order_by_asc(crate::entities::audit_event::Column::Id)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|e| EventRow {
            at: minutes(e.at),
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
        state: st.as_str().to_owned(),
        score: case.m.score,
        cooling_until: case.m.cooling_until.map(minutes),
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
            "match.view",
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
