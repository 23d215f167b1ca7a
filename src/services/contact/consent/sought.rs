//! The sought person's side, through their emailed link: the page it shows, their answer
//! and what it does to the match ("never from this person" included), their messages and
//! their withdrawal.

use super::life::{add_notice, finish, transitions};
use super::parties::{post, refuse_for_good, withdraw};
use super::records::{
    NewConsent, given, record_consent, requester_consent, shared_detail, sought_consent, wording,
};
use super::{Answer, Case, case, requester_data, state_of};
use crate::context::AppContext;
use crate::domain::audit::Actor;
use crate::domain::contact::consent::{Channel, Decision, Party, SOUGHT_WORDING, WelfareState};
use crate::domain::contact::match_flow::{MatchEvent, MatchState};
use crate::domain::contact::records::NoticeKind;
use crate::domain::people::relationship::Relationship;
use crate::entities::consent;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{MatchId, Token};
use crate::services::contact::candidates::forget_index;
use crate::services::contact::links;
use crate::services::contact::relay;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction};

/// What a sought person's link shows.
#[derive(Debug, Clone)]
pub enum SoughtPage {
    /// The question: who is asking (only what the requester agreed to show: their name
    /// and relationship), and the wording of the consent.
    Ask {
        /// The requester's name.
        requester: String,
        /// Their stated relationship.
        relationship: Relationship,
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
    token: &Token,
    now: DateTime<Utc>,
) -> Result<Option<MatchId>, AppError> {
    Ok(links::resolve(db, token, now)
        .await?
        .filter(|l| l.party == Party::Sought)
        .and_then(|l| l.match_id))
}

/// The page behind a sought person's link (`None`: no such link, or it expired).
pub async fn sought_page(
    ctx: &AppContext,
    token: &Token,
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
                relationship: case.request.relationship,
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
    token: &Token,
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
pub(super) async fn apply_sought_answer(
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
    let decision = c.decision;
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
    if c.welfare_state == WelfareState::Preset && !case.request.hostile {
        add_notice(txn, case, NoticeKind::Welfare, None, None, now).await?;
    }
    if decision == Decision::Never {
        refuse_for_good(txn, ctx, actor, case).await?;
    }
    Ok(true)
}

/// A message from the sought person through their link.
pub async fn sought_posts(
    ctx: &AppContext,
    token: &Token,
    body: &str,
    now: DateTime<Utc>,
) -> Result<Option<Result<(), relay::PostProblem>>, AppError> {
    let Some(match_id) = sought_link(&ctx.db, token, now).await? else {
        return Ok(None);
    };
    let case = case(&ctx.db, match_id).await?.ok_or(AppError::NotFound)?;
    post(ctx, &case, Party::Sought, body, now).await.map(Some)
}

/// Withdraws the sought person's consent through their link: the match closes silently
/// (the requester's page does not change, unless they were connected).
pub async fn sought_withdraws(
    ctx: &AppContext,
    token: &Token,
    block: bool,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let Some(match_id) = sought_link(&ctx.db, token, now).await? else {
        return Ok(false);
    };
    withdraw(ctx, match_id, Party::Sought, block, now).await
}
