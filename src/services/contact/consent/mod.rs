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
//!
//! The flow is split by who acts: the sought person through their link (`sought`), the
//! requester on their own page (`requester`), either party on a match (`parties`), staff
//! (`staff`; `assisted` for a request a caseworker filed), the minute job (`tick`) and the staff case view (`case_view`). What they
//! share lives here, in `life` (moving and ending a match) and in `records` (the consent
//! records and which of them count).

mod assisted;
mod case_view;
mod life;
mod parties;
mod records;
mod requester;
mod sought;
mod staff;
mod tick;

pub use assisted::{assert_requester_consent, confirm_assisted_consent};
pub use case_view::{CaseView, ConsentRow, EventRow, ProposalRow, case_view, proposal_on_match};
pub use parties::{Closing, close_matches_of, withdraw};
pub(crate) use records::erase_details;
pub use records::{seal_holds, wording};
pub use requester::{requester_confirms, requester_leaves, requester_posts};
pub use sought::{AnswerProblem, SoughtPage, answer, sought_page, sought_posts, sought_withdraws};
pub use staff::{Asserted, ask, assert_consent, propose_release, review_welfare, run_approved};
pub use tick::{TickReport, tick};

use crate::context::AppContext;
use crate::domain::contact::consent::{Choice, Decision, Party};
use crate::domain::contact::match_flow::MatchState;
use crate::domain::contact::records::{self as contact, RequesterData, context};
use crate::entities::{contact_match, contact_request, registration, sought_person};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::MatchId;
use crate::mail::{EmailTemplate, outbox};
use crate::services::contact::intake::open_registration;
use crate::services::contact::links::{self, Link};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction, EntityTrait};
use serde::Serialize;

/// Encryption context of a shared contact detail.
pub const SHARED_DETAIL: &str = "contact.shared_detail";
/// Encryption context of a welfare message.
pub const WELFARE: &str = "contact.welfare";

/// Longest shared contact detail, in characters.
pub const DETAIL_MAX_CHARS: usize = 200;

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

async fn case(db: &impl ConnectionTrait, match_id: MatchId) -> Result<Option<Case>, AppError> {
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
    m.state
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
    if to.is_empty() {
        // A party without an address (filed or recorded by a caseworker): the case works
        // through the caseworker, and no email is attempted.
        return Ok(());
    }
    let ttl = match party {
        Party::Sought if state_of(&case.m) == MatchState::Verified => ctx.config.contact.ask_window,
        _ => ctx.config.contact.consent_validity,
    };
    let token = links::issue(txn, link, ttl, now).await?;
    outbox::enqueue(
        txn,
        ctx.outbox(),
        &to,
        locale,
        &UpdateEmail {
            link: links::url(ctx, &token, locale),
        },
    )
    .await?;
    Ok(())
}
