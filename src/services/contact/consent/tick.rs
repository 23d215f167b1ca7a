//! The minute job: it moves matches on, closes lapsed ones, sends the requesters'
//! check-ins and erases relay messages past retention.

use super::life::{finish, transition};
use super::records::{counts, requester_consent, sought_consent};
use super::{CheckinEmail, case, requester_data, state_of};
use crate::context::AppContext;
use crate::domain::audit::Actor;
use crate::domain::contact::consent::Party;
use crate::domain::contact::match_flow::{MatchEvent, MatchState};
use crate::domain::contact::records::RecordState;
use crate::entities::{contact_match, contact_request};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::mail::outbox;
use crate::services::contact::candidates::rules_admit;
use crate::services::contact::links::{self, Link};
use crate::services::contact::relay;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};

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

/// Moves matches on and closes lapsed ones (and those the registration's rules now
/// refuse); sends due check-ins; erases relay messages
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
        .filter(contact_match::Column::State.is_in(open_states))
        .all(&ctx.db)
        .await?;
    let actor = Actor::System;
    for m in rows {
        let Some(case) = case(&ctx.db, m.id).await? else {
            continue;
        };
        let st = state_of(&m);
        let parties_in_force = case.request.state == RecordState::Active
            && now < case.request.expires_at
            && case.registration.state == RecordState::Active
            && now < case.registration.expires_at;
        // A rule the registered person changed in place ("never this person", "no one",
        // an allow list) or an alias the requester added may now refuse this requester:
        // the match closes as the person's own withdrawal closes one.
        let excluded =
            parties_in_force && !rules_admit(ctx, &case.request, &case.sought, &case.registration)?;
        let sought = sought_consent(&ctx.db, m.id).await?;
        let sought_counts = sought.as_ref().is_some_and(|c| counts(c, now));
        let close = match st {
            MatchState::Declined | MatchState::Withdrawn => true,
            _ if !parties_in_force || excluded => true,
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
            if finish(&txn, ctx, &actor, m.id, !parties_in_force || excluded, now).await? {
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
        .filter(contact_request::Column::State.eq(RecordState::Active))
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
        // A requester without an address is checked in with by their caseworker: the row
        // is marked, no email is attempted.
        if q.exec(&*txn).await?.rows_affected == 1 && !to.is_empty() {
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
                ctx.outbox(),
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
