//! The sought person's side, through their emailed link: the page it shows, their answer
//! and what it does to the match ("never from this person" included), their messages and
//! their withdrawal.

use super::life::{add_notice, finish, transitions};
use super::parties::{post, withdraw};
use super::records::{
    NewConsent, given, record_consent, requester_consent, shared_detail, sought_consent, wording,
};
use super::{Answer, Case, case, notice_kind, requester_data, state_of};
use crate::context::AppContext;
use crate::domain::audit::{self, Actor, AuditAction, NewEvent, Subject};
use crate::domain::contact::consent::{Channel, Decision, Party, SOUGHT_WORDING, welfare};
use crate::domain::contact::match_flow::{MatchEvent, MatchState};
use crate::domain::contact::records::{self as contact, context};
use crate::entities::{consent, registration};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{MatchId, Token};
use crate::services::contact::intake::open_registration;
use crate::services::contact::links;
use crate::services::contact::relay;
use crate::services::contact::review::forget_index;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter};

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
pub(super) async fn refuse_for_good(
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
            action: AuditAction::RegistrationDenyRule,
            subject: Subject::Registration(case.registration.id),
            details: serde_json::json!({ "match": case.m.id }),
        },
    )
    .await?;
    Ok(())
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
