//! The email outbox: [`enqueue`] renders and stores an email (recipient and content
//! encrypted, its Message-ID fixed) in the caller's transaction; [`process_due`] claims due
//! rows in batches under a lease token (row locks with SKIP LOCKED on PostgreSQL, so several
//! workers can share the table), sends up to the configured number at once over pooled SMTP
//! connections, and records each result only after the relay answered. Failures are retried
//! with exponential back-off for the retry window (days, as MTAs do); a permanent refusal or
//! the window's end marks the email failed, kept for an administrator ([`failed_overview`],
//! [`retry_failed`]). Delivered rows keep no address or content.
//!
//! The outbox is lent what it uses ([`Outbox`]): the database and its write gate, field
//! encryption, the mailer, the mail settings and the worker's wake-up.

use super::{EmailTemplate, Failure, MailError, Mailer, RenderedEmail};
use crate::config::MailConfig;
use crate::crypto::Crypto;
use crate::db::WriteGate;
use crate::domain::audit::{self, AuditAction, NewEvent, Subject};
use crate::domain::outbox::OutboxStatus;
use crate::entities::outbox;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{OutboxId, StaffId};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, DatabaseConnection,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::{BTreeMap, VecDeque};
use std::time::Duration;
use tokio::sync::Notify;
use tokio::task::JoinSet;

/// What the outbox works with, lent by its caller (the application context lends its own:
/// `ctx.outbox()`).
#[derive(Debug, Clone, Copy)]
pub struct Outbox<'a> {
    /// The database, for the worker's and the administrators' own transactions.
    pub db: &'a DatabaseConnection,
    /// The write gate those transactions queue at.
    pub write_gate: &'a WriteGate,
    /// Seals and opens recipients and contents.
    pub crypto: &'a Crypto,
    /// Renders, numbers and sends.
    pub mailer: &'a Mailer,
    /// Back-off, retry window, and how many emails are sent at once.
    pub config: &'a MailConfig,
    /// Wakes the worker when mail is queued.
    pub wakeup: &'a Notify,
}

const RECIPIENT: &str = "outbox.recipient";
const PAYLOAD: &str = "outbox.payload";
/// How long a worker holds claimed rows before another may take them.
const LEASE: Duration = Duration::from_secs(300);
/// A claimed row is sent only while at least this much of its lease is left: enough for
/// the SMTP timeout (30 s) and the write of the result, so no other worker can take it
/// while this one still sends it.
const LEASE_MARGIN: Duration = Duration::from_secs(90);
/// Rows claimed at a time, per email sent at once.
const BATCH_PER_SEND: usize = 4;
/// Longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

/// An email rendered and sealed, ready to be stored: the CPU work of queuing, done before
/// a transaction is opened.
#[derive(Debug, Clone)]
pub struct Prepared {
    template: &'static str,
    locale: Locale,
    recipient: Vec<u8>,
    payload: Vec<u8>,
}

/// Renders `email` in `locale` for `to` and seals recipient and content.
pub fn prepare<T: EmailTemplate>(
    outbox: Outbox<'_>,
    to: &str,
    locale: Locale,
    email: &T,
) -> Result<Prepared, AppError> {
    let _: lettre::message::Mailbox = to.parse().map_err(|_| super::MailError::Address)?;
    let rendered = outbox.mailer.render(locale, email)?;
    let payload = serde_json::to_vec(&rendered).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Prepared {
        template: T::NAME,
        locale,
        recipient: outbox.crypto.encrypt_str(RECIPIENT, to)?,
        payload: outbox.crypto.encrypt(PAYLOAD, &payload)?,
    })
}

/// Seals an email already rendered (for mass emails rendered once per language): the
/// address is checked and sealed with the content, as [`prepare`] does.
pub fn prepare_rendered(
    outbox: Outbox<'_>,
    to: &str,
    locale: Locale,
    template: &'static str,
    rendered: &super::RenderedEmail,
) -> Result<Prepared, AppError> {
    let _: lettre::message::Mailbox = to.parse().map_err(|_| super::MailError::Address)?;
    let payload = serde_json::to_vec(rendered).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Prepared {
        template,
        locale,
        recipient: outbox.crypto.encrypt_str(RECIPIENT, to)?,
        payload: outbox.crypto.encrypt(PAYLOAD, &payload)?,
    })
}

/// Stores a prepared email in `db` (the transaction of the change that causes it).
pub async fn insert(
    db: &impl ConnectionTrait,
    outbox: Outbox<'_>,
    prepared: Prepared,
) -> Result<OutboxId, AppError> {
    let now = Utc::now();
    let row = outbox::ActiveModel {
        template: Set(prepared.template.to_owned()),
        locale: Set(prepared.locale.code().to_owned()),
        recipient: Set(prepared.recipient),
        payload: Set(prepared.payload),
        status: Set(OutboxStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        last_error: Set(None),
        // One Message-ID for every attempt: a duplicate after a lost 250 is recognisable.
        message_id: Set(Some(outbox.mailer.new_message_id()?)),
        created_at: Set(now),
        sent_at: Set(None),
        lease_token: Set(None),
        retry_since: Set(Some(now)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    log::info!("outbox: queued {} email #{}", prepared.template, row.id);
    // Wake the worker; if the caller's transaction has not committed yet, the worker's
    // next poll picks the row up.
    outbox.wakeup.notify_one();
    Ok(row.id)
}

/// Renders `email` in `locale` and queues it for `to`, inside `db` (pass the transaction of
/// the change that causes the email, so both commit or neither does).
pub async fn enqueue<T: EmailTemplate>(
    db: &impl ConnectionTrait,
    outbox: Outbox<'_>,
    to: &str,
    locale: Locale,
    email: &T,
) -> Result<OutboxId, AppError> {
    insert(db, outbox, prepare(outbox, to, locale, email)?).await
}

/// What one [`process_due`] round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct OutboxReport {
    /// Delivered now.
    pub sent: u32,
    /// Failed now, will be retried.
    pub retried: u32,
    /// Failed now for the last time (kept for an administrator).
    pub failed: u32,
}

/// Delay before attempt `attempts + 1`: `base · 2^(attempts-1)`, at most an hour.
#[must_use]
pub fn backoff(base: Duration, attempts: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempts.saturating_sub(1).min(20));
    base.saturating_mul(factor).min(MAX_BACKOFF)
}

/// What happens to a row after a failed attempt at `now`: `None` gives up (the failure is
/// permanent, or the retry window that began at `since` is over), otherwise the next
/// attempt's time — `base` doubled per attempt up to an hour, and never after the window's
/// end, so the last attempt falls on it.
#[must_use]
pub fn next_attempt(
    failure: Failure,
    attempts: u32,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    base: Duration,
    window: Duration,
) -> Option<DateTime<Utc>> {
    let end = since + chrono::Duration::from_std(window).unwrap_or(chrono::Duration::MAX);
    if failure.is_permanent() || now >= end {
        return None;
    }
    let delay = chrono::Duration::from_std(backoff(base, attempts)).unwrap_or_default();
    Some((now + delay).min(end))
}

/// A claimed row and the lease it is held under.
struct Claimed {
    row: outbox::Model,
    token: std::sync::Arc<str>,
    lease_until: DateTime<Utc>,
}

/// Claims up to `limit` due rows under a fresh lease token, in a short transaction (on
/// SQLite the write lock is held only for the claim, never while sending). The lease is
/// counted from the clock at claim time (not the round's `now`).
async fn claim(
    outbox: Outbox<'_>,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<Claimed>, AppError> {
    let token: std::sync::Arc<str> = crate::crypto::random_token()?.into();
    let txn = outbox.write_gate.begin(outbox.db).await?;
    let mut query = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(OutboxStatus::Pending))
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .filter(
            Condition::any()
                .add(outbox::Column::LockedUntil.is_null())
                .add(outbox::Column::LockedUntil.lt(now.max(Utc::now()))),
        )
        .order_by_asc(outbox::Column::NextAttemptAt)
        .limit(limit);
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        query = query.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let rows = query.all(&*txn).await?;
    let lease_until = Utc::now() + chrono::Duration::from_std(LEASE).unwrap_or_default();
    if !rows.is_empty() {
        outbox::Entity::update_many()
            .col_expr(outbox::Column::LockedUntil, Expr::value(lease_until))
            .col_expr(outbox::Column::LeaseToken, Expr::value(token.to_string()))
            .filter(outbox::Column::Id.is_in(rows.iter().map(|r| r.id)))
            .exec(&*txn)
            .await?;
    }
    txn.commit().await?;
    Ok(rows
        .into_iter()
        .map(|row| Claimed {
            row,
            token: token.clone(),
            lease_until,
        })
        .collect())
}

/// One attempt's result, waiting to be recorded.
struct Outcome {
    claimed: Claimed,
    result: Result<(), Failure>,
}

/// Sends every email due at `now` (tests pass a later `now` to skip back-off waits): up to
/// the configured number at once, claiming more as sends finish, recording results in
/// small groups as they come in. Returns when nothing due is left.
pub async fn process_due(outbox: Outbox<'_>, now: DateTime<Utc>) -> Result<OutboxReport, AppError> {
    let limit = outbox.config.concurrency.max(1);
    let batch = (limit * BATCH_PER_SEND) as u64;
    let margin = chrono::Duration::from_std(LEASE_MARGIN).unwrap_or_default();
    let mut report = OutboxReport::default();
    let mut queue: VecDeque<Claimed> = VecDeque::new();
    let mut exhausted = false;
    let mut in_flight: JoinSet<Outcome> = JoinSet::new();
    let mut done = Vec::new();
    loop {
        while in_flight.len() < limit {
            if queue.is_empty() && !exhausted {
                let claimed = claim(outbox, now, batch).await?;
                exhausted = (claimed.len() as u64) < batch;
                queue.extend(claimed);
            }
            let Some(claimed) = queue.pop_front() else {
                break;
            };
            if claimed.lease_until - Utc::now() < margin {
                // Too little lease left to send safely: the row is taken again once its
                // lease runs out (by this worker's next round, or another's).
                continue;
            }
            let (crypto, mailer) = (outbox.crypto.clone(), outbox.mailer.clone());
            in_flight.spawn(async move {
                let result = attempt(&crypto, &mailer, &claimed.row).await;
                Outcome { claimed, result }
            });
        }
        let Some(first) = in_flight.join_next().await else {
            break;
        };
        done.push(first.map_err(|e| AppError::Internal(format!("outbox send task: {e}")))?);
        while let Some(next) = in_flight.try_join_next() {
            done.push(next.map_err(|e| AppError::Internal(format!("outbox send task: {e}")))?);
        }
        record(outbox, now, std::mem::take(&mut done), &mut report).await?;
    }
    Ok(report)
}

/// The row's Message-ID: the stored one, or (rows queued before they were stored) one
/// derived from the row.
fn message_id(mailer: &Mailer, row: &outbox::Model) -> String {
    row.message_id
        .clone()
        .unwrap_or_else(|| mailer.derived_message_id(row.id, row.created_at.timestamp_micros()))
}

async fn attempt(crypto: &Crypto, mailer: &Mailer, row: &outbox::Model) -> Result<(), Failure> {
    let to = crypto
        .decrypt_str(RECIPIENT, &row.recipient)
        .map_err(|_| Failure::Stored)?;
    let bytes = crypto
        .decrypt(PAYLOAD, &row.payload)
        .map_err(|_| Failure::Stored)?;
    let email: RenderedEmail = serde_json::from_slice(&bytes).map_err(|_| Failure::Stored)?;
    match mailer.send(&to, &email, &message_id(mailer, row)).await {
        Ok(()) => Ok(()),
        Err(MailError::Delivery(failure)) => Err(failure),
        Err(MailError::Address) => Err(Failure::Address),
        Err(MailError::Template(_) | MailError::Transport(_)) => Err(Failure::Stored),
    }
}

/// Records finished attempts in one transaction, each only under the lease it was sent
/// under: if a lease ran out and another worker took the row, its result stands and ours
/// is dropped. A row is marked sent only here, after the relay's 250; a crash before this
/// commit means the email is sent again (same Message-ID), never lost.
async fn record(
    outbox: Outbox<'_>,
    now: DateTime<Utc>,
    outcomes: Vec<Outcome>,
    report: &mut OutboxReport,
) -> Result<(), AppError> {
    use sea_orm::sea_query::ExprTrait as _;
    let mail = outbox.config;
    // Delivered rows, by lease token: one statement each.
    let mut sent: BTreeMap<std::sync::Arc<str>, Vec<OutboxId>> = BTreeMap::new();
    let mut failed = Vec::new();
    for Outcome { claimed, result } in outcomes {
        let row = &claimed.row;
        match result {
            Ok(()) => {
                log::info!(
                    "outbox: sent {} email #{} as {}",
                    row.template,
                    row.id,
                    message_id(outbox.mailer, row)
                );
                sent.entry(claimed.token.clone()).or_default().push(row.id);
                report.sent += 1;
            }
            Err(failure) => {
                let attempts = row.attempts + 1;
                let since = row.retry_since.unwrap_or(row.created_at);
                let next = next_attempt(
                    failure,
                    u32::try_from(attempts).unwrap_or(u32::MAX),
                    since,
                    now,
                    mail.backoff,
                    mail.retry_window,
                );
                log::warn!(
                    "outbox: {} email #{} attempt {attempts} failed{}: {failure}",
                    row.template,
                    row.id,
                    if next.is_none() {
                        " (kept as failed)"
                    } else {
                        ""
                    }
                );
                let mut update = outbox::ActiveModel {
                    attempts: Set(attempts),
                    locked_until: Set(None),
                    lease_token: Set(None),
                    last_error: Set(Some(failure.code())),
                    ..Default::default()
                };
                if let Some(next) = next {
                    update.next_attempt_at = Set(next);
                    report.retried += 1;
                } else {
                    // Kept with address and content: an administrator may retry it.
                    update.status = Set(OutboxStatus::Failed);
                    report.failed += 1;
                }
                failed.push((row.id, claimed.token.clone(), update));
            }
        }
    }
    let txn = outbox.write_gate.begin(outbox.db).await?;
    let mut lost = 0;
    for (token, ids) in sent {
        let expected = ids.len() as u64;
        let written = outbox::Entity::update_many()
            .col_expr(outbox::Column::Status, Expr::value(OutboxStatus::Sent))
            .col_expr(outbox::Column::SentAt, Expr::value(now))
            .col_expr(
                outbox::Column::Attempts,
                Expr::col(outbox::Column::Attempts).add(1),
            )
            .col_expr(outbox::Column::LastError, Expr::value(None::<String>))
            .col_expr(
                outbox::Column::LockedUntil,
                Expr::value(None::<DateTime<Utc>>),
            )
            .col_expr(outbox::Column::LeaseToken, Expr::value(None::<String>))
            // Data minimisation: a delivered email needs neither address nor content.
            .col_expr(outbox::Column::Recipient, Expr::value(Vec::<u8>::new()))
            .col_expr(outbox::Column::Payload, Expr::value(Vec::<u8>::new()))
            .filter(outbox::Column::Id.is_in(ids))
            .filter(outbox::Column::LeaseToken.eq(&*token))
            .exec(&*txn)
            .await?;
        lost += expected - written.rows_affected;
    }
    for (id, token, update) in failed {
        let written = outbox::Entity::update_many()
            .set(update)
            .filter(outbox::Column::Id.eq(id))
            .filter(outbox::Column::LeaseToken.eq(&*token))
            .exec(&*txn)
            .await?;
        lost += 1 - written.rows_affected;
    }
    txn.commit().await?;
    if lost > 0 {
        log::warn!(
            "outbox: the lease on {lost} email(s) was lost; their results were not recorded"
        );
    }
    Ok(())
}

/// One failed email as administrators see it: no address, no content, no template.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FailedEmail {
    /// Row id.
    pub id: OutboxId,
    /// When it was queued.
    pub created_at: DateTime<Utc>,
    /// Attempts made.
    pub attempts: i32,
    /// Category of the last failure (`permanent`, `transient`, `timeout`, `tls`,
    /// `connection`, `file`, `address`, `stored` or `other`).
    pub error: &'static str,
    /// The relay's reply code, when it answered.
    pub reply: Option<u16>,
}

/// The state of the outbox for the administrators' mail page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FailedOverview {
    /// Failed emails kept (retryable).
    pub failed: u64,
    /// Emails waiting to be sent or retried.
    pub pending: u64,
    /// When the oldest waiting email was queued.
    pub oldest_pending: Option<DateTime<Utc>>,
    /// The newest failed emails, at most [`FAILED_SHOWN`].
    pub rows: Vec<FailedEmail>,
}

/// Failed emails listed on the mail page (the count covers all).
pub const FAILED_SHOWN: u64 = 200;

/// Failed emails that can still be sent: older versions erased a failed email's address
/// and content, and those cannot be retried.
fn retryable() -> Condition {
    Condition::all()
        .add(outbox::Column::Status.eq(OutboxStatus::Failed))
        .add(outbox::Column::Recipient.ne(Vec::<u8>::new()))
}

/// How many failed emails are kept (for the staff home and navigation).
pub async fn failed_count(db: &impl ConnectionTrait) -> Result<u64, AppError> {
    Ok(outbox::Entity::find().filter(retryable()).count(db).await?)
}

/// Counts and the newest failed emails, without addresses or content.
pub async fn failed_overview(db: &impl ConnectionTrait) -> Result<FailedOverview, AppError> {
    let failed = failed_count(db).await?;
    let pending = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(OutboxStatus::Pending))
        .count(db)
        .await?;
    let oldest_pending = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::CreatedAt)
        .filter(outbox::Column::Status.eq(OutboxStatus::Pending))
        .order_by_asc(outbox::Column::CreatedAt)
        .into_tuple::<DateTime<Utc>>()
        .one(db)
        .await?;
    let rows = outbox::Entity::find()
        .select_only()
        .columns([
            outbox::Column::Id,
            outbox::Column::CreatedAt,
            outbox::Column::Attempts,
            outbox::Column::LastError,
        ])
        .filter(retryable())
        .order_by_desc(outbox::Column::Id)
        .limit(FAILED_SHOWN)
        .into_tuple::<(OutboxId, DateTime<Utc>, i32, Option<String>)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, created_at, attempts, error)| {
            let (error, reply) = Failure::parse_code(error.as_deref().unwrap_or_default());
            FailedEmail {
                id,
                created_at,
                attempts,
                error,
                reply,
            }
        })
        .collect();
    Ok(FailedOverview {
        failed,
        pending,
        oldest_pending,
        rows,
    })
}

/// An administrator sends failed email again: one (`Some(id)`) or all. Each gets a fresh
/// retry window from `now` and keeps its Message-ID; audited. Returns how many.
pub async fn retry_failed(
    outbox: Outbox<'_>,
    admin: StaffId,
    id: Option<OutboxId>,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let txn = outbox.write_gate.begin(outbox.db).await?;
    let mut query = outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(OutboxStatus::Pending))
        .col_expr(outbox::Column::Attempts, Expr::value(0))
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(now))
        .col_expr(outbox::Column::RetrySince, Expr::value(now))
        .col_expr(
            outbox::Column::LockedUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .col_expr(outbox::Column::LeaseToken, Expr::value(None::<String>))
        .filter(retryable());
    if let Some(id) = id {
        query = query.filter(outbox::Column::Id.eq(id));
    }
    let count = query.exec(&*txn).await?.rows_affected;
    if count > 0 {
        let subject = id.map_or(Subject::FailedMail, Subject::Outbox);
        audit::record(
            &txn,
            outbox.crypto,
            NewEvent::staff(
                admin,
                AuditAction::OutboxRetry,
                subject,
                serde_json::json!({ "count": count }),
            ),
        )
        .await?;
    }
    txn.commit().await?;
    if count > 0 {
        outbox.wakeup.notify_one();
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_last_the_window_and_permanent_failures_stop_at_once() {
        let base = Duration::from_secs(30);
        let window = Duration::from_secs(3 * 86_400);
        let since = Utc::now();
        let t = Failure::Connection;
        // Early on: the back-off.
        assert_eq!(
            next_attempt(t, 1, since, since, base, window),
            Some(since + chrono::Duration::seconds(30))
        );
        // Late: capped at an hour, and never after the window's end.
        let late = since + chrono::Duration::days(2);
        assert_eq!(
            next_attempt(t, 30, since, late, base, window),
            Some(late + chrono::Duration::hours(1))
        );
        let near_end = since + chrono::Duration::days(3) - chrono::Duration::minutes(10);
        assert_eq!(
            next_attempt(t, 30, since, near_end, base, window),
            Some(since + chrono::Duration::days(3))
        );
        // At the end: given up.
        assert_eq!(
            next_attempt(
                t,
                31,
                since,
                since + chrono::Duration::days(3),
                base,
                window
            ),
            None
        );
        // A 5xx: given up at once; a 4xx is retried.
        assert_eq!(
            next_attempt(Failure::Permanent(550), 1, since, since, base, window),
            None
        );
        assert!(next_attempt(Failure::Transient(451), 1, since, since, base, window).is_some());
        // Attempts over three days of failures: more than 70 (hourly once capped).
        let (mut now, mut n) = (since, 0);
        while let Some(next) = next_attempt(t, n + 1, since, now, base, window) {
            now = next;
            n += 1;
        }
        assert!(n > 70, "{n}");
        assert_eq!(now, since + chrono::Duration::days(3));
    }

    #[test]
    fn failure_codes_round_trip_and_old_text_is_other() {
        for f in [
            Failure::Permanent(550),
            Failure::Transient(451),
            Failure::Timeout,
            Failure::Tls,
            Failure::Connection,
            Failure::Stored,
        ] {
            let (kind, reply) = Failure::parse_code(&f.code());
            assert!(f.code().starts_with(kind));
            assert_eq!(reply.is_some(), f.code().contains(':'));
        }
        assert_eq!(
            Failure::parse_code("SMTP connection failed"),
            ("other", None)
        );
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_secs(30);
        assert_eq!(backoff(base, 1), Duration::from_secs(30));
        assert_eq!(backoff(base, 2), Duration::from_secs(60));
        assert_eq!(backoff(base, 4), Duration::from_secs(240));
        assert_eq!(backoff(base, 40), MAX_BACKOFF);
    }
}
