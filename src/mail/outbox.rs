//! The email outbox: [`enqueue`] renders and stores an email (recipient and content
//! encrypted) in the caller's transaction; [`process_due`] claims due rows (row locks with
//! SKIP LOCKED on PostgreSQL, so several workers can share the table), sends them and
//! retries failures with exponential back-off. Delivered rows keep no address or content.

use super::{EmailTemplate, RenderedEmail};
use crate::context::AppContext;
use crate::entities::outbox;
use crate::error::AppError;
use crate::i18n::Locale;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, LockBehavior, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseBackend, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::time::Duration;

const RECIPIENT: &str = "outbox.recipient";
const PAYLOAD: &str = "outbox.payload";
/// How long a worker holds claimed rows before another may take them.
const LEASE: Duration = Duration::from_secs(300);
/// Rows claimed per round.
const BATCH: u64 = 20;
/// Longest wait between two attempts.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);

/// Outbox row states.
pub mod status {
    /// Waiting to be sent (or retried).
    pub const PENDING: &str = "pending";
    /// Delivered to the transport.
    pub const SENT: &str = "sent";
    /// Given up after the configured attempts.
    pub const FAILED: &str = "failed";
}

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
    ctx: &AppContext,
    to: &str,
    locale: Locale,
    email: &T,
) -> Result<Prepared, AppError> {
    let _: lettre::message::Mailbox = to.parse().map_err(|_| super::MailError::Address)?;
    let rendered = ctx.mailer.render(locale, email)?;
    let payload = serde_json::to_vec(&rendered).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(Prepared {
        template: T::NAME,
        locale,
        recipient: ctx.crypto.encrypt_str(RECIPIENT, to)?,
        payload: ctx.crypto.encrypt(PAYLOAD, &payload)?,
    })
}

/// Stores a prepared email in `db` (the transaction of the change that causes it).
pub async fn insert(
    db: &impl ConnectionTrait,
    ctx: &AppContext,
    prepared: Prepared,
) -> Result<i64, AppError> {
    let now = Utc::now();
    let row = outbox::ActiveModel {
        template: Set(prepared.template.to_owned()),
        locale: Set(prepared.locale.code().to_owned()),
        recipient: Set(prepared.recipient),
        payload: Set(prepared.payload),
        status: Set(status::PENDING.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        last_error: Set(None),
        message_id: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        lease_token: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    log::info!("outbox: queued {} email #{}", prepared.template, row.id);
    // Wake the worker; if the caller's transaction has not committed yet, the worker's
    // next poll picks the row up.
    ctx.outbox_wakeup.notify_one();
    Ok(row.id)
}

/// Renders `email` in `locale` and queues it for `to`, inside `db` (pass the transaction of
/// the change that causes the email, so both commit or neither does).
pub async fn enqueue<T: EmailTemplate>(
    db: &impl ConnectionTrait,
    ctx: &AppContext,
    to: &str,
    locale: Locale,
    email: &T,
) -> Result<i64, AppError> {
    insert(db, ctx, prepare(ctx, to, locale, email)?).await
}

/// What one [`process_due`] round did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct OutboxReport {
    /// Delivered now.
    pub sent: u32,
    /// Failed now, will be retried.
    pub retried: u32,
    /// Failed now for the last time.
    pub failed: u32,
}

/// Delay before attempt `attempts + 1`: `base · 2^(attempts-1)`, at most an hour.
#[must_use]
pub fn backoff(base: Duration, attempts: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempts.saturating_sub(1).min(20));
    base.saturating_mul(factor).min(MAX_BACKOFF)
}

/// Claims up to [`BATCH`] due rows under a fresh lease token. The lease is counted from the
/// clock at claim time (not the round's `now`), so a slow batch cannot outlive it unnoticed.
async fn claim(
    ctx: &AppContext,
    now: DateTime<Utc>,
) -> Result<(String, Vec<outbox::Model>), AppError> {
    let token = crate::crypto::random_token()?;
    let txn = ctx.begin_write().await?;
    let mut query = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(status::PENDING))
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .filter(
            Condition::any()
                .add(outbox::Column::LockedUntil.is_null())
                .add(outbox::Column::LockedUntil.lt(now.max(Utc::now()))),
        )
        .order_by_asc(outbox::Column::NextAttemptAt)
        .limit(BATCH);
    if txn.get_database_backend() == DatabaseBackend::Postgres {
        query = query.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
    }
    let rows = query.all(&txn).await?;
    if !rows.is_empty() {
        let lease = Utc::now() + chrono::Duration::from_std(LEASE).unwrap_or_default();
        outbox::Entity::update_many()
            .col_expr(outbox::Column::LockedUntil, Expr::value(lease))
            .col_expr(outbox::Column::LeaseToken, Expr::value(token.clone()))
            .filter(outbox::Column::Id.is_in(rows.iter().map(|r| r.id)))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok((token, rows))
}

/// Sends every email due at `now` (tests pass a later `now` to skip back-off waits).
pub async fn process_due(ctx: &AppContext, now: DateTime<Utc>) -> Result<OutboxReport, AppError> {
    let mut report = OutboxReport::default();
    loop {
        let (token, rows) = claim(ctx, now).await?;
        let claimed = rows.len() as u64;
        for row in rows {
            deliver(ctx, row, &token, now, &mut report).await?;
        }
        if claimed < BATCH {
            return Ok(report);
        }
    }
}

async fn attempt(ctx: &AppContext, row: &outbox::Model) -> Result<String, String> {
    let to = ctx
        .crypto
        .decrypt_str(RECIPIENT, &row.recipient)
        .map_err(|e| format!("stored email cannot be decrypted: {e}"))?;
    let bytes = ctx
        .crypto
        .decrypt(PAYLOAD, &row.payload)
        .map_err(|e| format!("stored email cannot be decrypted: {e}"))?;
    let email: RenderedEmail =
        serde_json::from_slice(&bytes).map_err(|_| "stored email is unreadable".to_owned())?;
    // Transport errors are categories and codes only; the replace is a second safeguard.
    ctx.mailer
        .send(&to, &email)
        .await
        .map_err(|e| e.to_string().replace(&to, "<recipient>"))
}

async fn deliver(
    ctx: &AppContext,
    row: outbox::Model,
    token: &str,
    now: DateTime<Utc>,
    report: &mut OutboxReport,
) -> Result<(), AppError> {
    let result = attempt(ctx, &row).await;
    let attempts = row.attempts + 1;
    let mut update = outbox::ActiveModel {
        attempts: Set(attempts),
        locked_until: Set(None),
        lease_token: Set(None),
        ..Default::default()
    };
    match result {
        Ok(message_id) => {
            log::info!(
                "outbox: sent {} email #{} as {message_id}",
                row.template,
                row.id
            );
            update.status = Set(status::SENT.to_owned());
            update.sent_at = Set(Some(now));
            update.message_id = Set(Some(message_id));
            update.last_error = Set(None);
            // Data minimisation: a delivered email needs neither address nor content.
            update.recipient = Set(Vec::new());
            update.payload = Set(Vec::new());
            report.sent += 1;
        }
        Err(error) => {
            let attempts_u32 = u32::try_from(attempts).unwrap_or(u32::MAX);
            let give_up = attempts_u32 >= ctx.config.mail.max_attempts;
            log::warn!(
                "outbox: {} email #{} attempt {attempts} failed{}: {error}",
                row.template,
                row.id,
                if give_up { " (giving up)" } else { "" }
            );
            update.last_error = Set(Some(error.chars().take(500).collect()));
            if give_up {
                update.status = Set(status::FAILED.to_owned());
                // Nobody will send it now: keep no address or content either.
                update.recipient = Set(Vec::new());
                update.payload = Set(Vec::new());
                report.failed += 1;
            } else {
                let delay = backoff(ctx.config.mail.backoff, attempts_u32);
                update.next_attempt_at =
                    Set(now + chrono::Duration::from_std(delay).unwrap_or_default());
                report.retried += 1;
            }
        }
    }
    // Written only while we still hold the lease: if it ran out and another worker took
    // the row, its result stands and ours is dropped.
    let txn = ctx.begin_write().await?;
    let written = outbox::Entity::update_many()
        .set(update)
        .filter(outbox::Column::Id.eq(row.id))
        .filter(outbox::Column::LeaseToken.eq(token))
        .exec(&*txn)
        .await?;
    txn.commit().await?;
    if written.rows_affected == 0 {
        log::warn!(
            "outbox: lease on email #{} was lost; result not recorded",
            row.id
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let base = Duration::from_secs(30);
        assert_eq!(backoff(base, 1), Duration::from_secs(30));
        assert_eq!(backoff(base, 2), Duration::from_secs(60));
        assert_eq!(backoff(base, 4), Duration::from_secs(240));
        assert_eq!(backoff(base, 40), MAX_BACKOFF);
    }
}
