//! Expiry of contact requests and registrations, run hourly by the background jobs: one
//! content-free renewal reminder [`RENEWAL_NOTICE_DAYS`] days before expiry (with a fresh
//! personal link, since only the hash of the old one is kept; the old link stops working),
//! then `closed` once expired. Unverified rows whose verification link has lapsed are
//! closed too. Each row is handled in its own transaction, guarded by its state, so two
//! instances running the job at once neither double-send nor double-close.

use crate::context::AppContext;
use crate::crypto::{random_token, sha256_hex};
use crate::domain::audit::{self, Actor, AuditAction, NewEvent, Subject};
use crate::domain::contact::records::{
    self as dc, RecordState, RegistrationData, RequesterData, context,
};
use crate::entities::{contact_request, registration};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::mail::outbox;
use crate::services::audit_log::append;
use crate::services::contact::intake::{
    REGISTRATION_ROWS, RENEWAL_NOTICE_DAYS, REQUEST_ROWS, RenewalEmail, Rows, VERIFY_WINDOW_DAYS,
    format_date, link,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

/// What a run did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ExpiryReport {
    /// Renewal reminders queued for requests.
    pub requests_reminded: u64,
    /// Requests closed on expiry.
    pub requests_closed: u64,
    /// Registrations reminded.
    pub registrations_reminded: u64,
    /// Registrations closed on expiry.
    pub registrations_closed: u64,
    /// Unverified requests and registrations closed after the verification window.
    pub unverified_closed: u64,
}

async fn record(
    txn: &sea_orm::DatabaseTransaction,
    ctx: &AppContext,
    action: AuditAction,
    subject: Subject,
) -> Result<(), AppError> {
    append(
        txn,
        ctx,
        Actor::System,
        action,
        subject,
        serde_json::json!({}),
    )
    .await
}

/// Sends due reminders, closes what expired, and closes lapsed unverified rows, as of
/// `now`. Idempotent.
pub async fn run(ctx: &AppContext, now: DateTime<Utc>) -> Result<ExpiryReport, AppError> {
    let mut report = ExpiryReport::default();
    let notice = now + Duration::days(RENEWAL_NOTICE_DAYS);

    // Close the expired first, so none of them is reminded.
    report.requests_closed =
        close_expired::<contact_request::Entity, _>(ctx, &REQUEST_ROWS, now).await?;
    report.registrations_closed =
        close_expired::<registration::Entity, _>(ctx, &REGISTRATION_ROWS, now).await?;
    if report.registrations_closed > 0 {
        // Caseworkers' candidate lists stop offering them at once (on this instance).
        crate::services::contact::candidates::forget_index(ctx);
    }
    let due = contact_request::Entity::find()
        .filter(contact_request::Column::State.eq(RecordState::Active))
        .filter(contact_request::Column::RenewalSentAt.is_null())
        .filter(contact_request::Column::ExpiresAt.gt(now))
        .filter(contact_request::Column::ExpiresAt.lte(notice))
        .all(&ctx.db)
        .await?;
    for r in due {
        let who: RequesterData = dc::open(&ctx.crypto, context::REQUESTER, &r.requester_enc)?;
        let to = Owner {
            id: r.id,
            email: &who.email,
            locale: &r.locale,
            expires_at: r.expires_at,
        };
        report.requests_reminded +=
            remind::<contact_request::Entity, _>(ctx, &REQUEST_ROWS, &to, now).await?;
    }

    // Registrations, the same way.
    let due = registration::Entity::find()
        .filter(registration::Column::State.eq(RecordState::Active))
        .filter(registration::Column::RenewalSentAt.is_null())
        .filter(registration::Column::ExpiresAt.gt(now))
        .filter(registration::Column::ExpiresAt.lte(notice))
        .all(&ctx.db)
        .await?;
    for r in due {
        let data: RegistrationData = dc::open(&ctx.crypto, context::REGISTRATION, &r.data_enc)?;
        let to = Owner {
            id: r.id,
            email: &data.email,
            locale: &r.locale,
            expires_at: r.expires_at,
        };
        report.registrations_reminded +=
            remind::<registration::Entity, _>(ctx, &REGISTRATION_ROWS, &to, now).await?;
    }

    // Verification links that lapsed: nobody confirmed the address, nothing was ever
    // visible to staff; the rows are closed (their sealed data waits for retention).
    let lapsed = now - Duration::days(VERIFY_WINDOW_DAYS);
    let txn = ctx.begin_write().await?;
    let requests = contact_request::Entity::update_many()
        .col_expr(
            contact_request::Column::State,
            Expr::value(RecordState::Closed),
        )
        .col_expr(contact_request::Column::ClosedAt, Expr::value(now))
        .filter(contact_request::Column::State.eq(RecordState::Unverified))
        .filter(contact_request::Column::CreatedAt.lte(lapsed))
        .exec(&*txn)
        .await?
        .rows_affected;
    let registrations = registration::Entity::update_many()
        .col_expr(
            registration::Column::State,
            Expr::value(RecordState::Closed),
        )
        .col_expr(registration::Column::ClosedAt, Expr::value(now))
        .filter(registration::Column::State.eq(RecordState::Unverified))
        .filter(registration::Column::CreatedAt.lte(lapsed))
        .exec(&*txn)
        .await?
        .rows_affected;
    if requests + registrations > 0 {
        audit::record(
            &txn,
            &ctx.crypto,
            NewEvent {
                actor: Actor::System,
                action: AuditAction::ContactUnverifiedClose,
                subject: Subject::Contact,
                details: serde_json::json!({ "requests": requests, "registrations": registrations }),
            },
        )
        .await?;
    }
    txn.commit().await?;
    report.unverified_closed = requests + registrations;
    Ok(report)
}

/// Closes the active rows of one table whose expiry has passed, each in its own
/// transaction guarded by its state; returns how many.
async fn close_expired<E, I>(
    ctx: &AppContext,
    rows: &Rows<E::Column, I>,
    now: DateTime<Utc>,
) -> Result<u64, AppError>
where
    E: EntityTrait,
    E::Column: Copy,
    I: Copy + Into<sea_orm::Value> + sea_orm::TryGetable,
{
    let expired: Vec<I> = E::find()
        .select_only()
        .column(rows.id)
        .filter(rows.state.eq(RecordState::Active))
        .filter(rows.expires_at.lte(now))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let mut closed = 0;
    for id in expired {
        let txn = ctx.begin_write().await?;
        let n = E::update_many()
            .col_expr(rows.state, Expr::value(RecordState::Closed))
            .col_expr(rows.closed_at, Expr::value(now))
            .filter(rows.id.eq(id))
            .filter(rows.state.eq(RecordState::Active))
            .filter(rows.expires_at.lte(now))
            .exec(&*txn)
            .await?
            .rows_affected;
        if n == 1 {
            record(&txn, ctx, rows.expire, (rows.subject)(id)).await?;
        }
        txn.commit().await?;
        closed += n;
    }
    Ok(closed)
}

/// Whom a renewal reminder goes to.
struct Owner<'a, I> {
    id: I,
    email: &'a str,
    locale: &'a str,
    expires_at: DateTime<Utc>,
}

/// Sends one content-free renewal reminder for row `to.id` with a fresh personal link (the
/// old one stops working: only the hash is kept), unless another run already did.
async fn remind<E, I>(
    ctx: &AppContext,
    rows: &Rows<E::Column, I>,
    to: &Owner<'_, I>,
    now: DateTime<Utc>,
) -> Result<u64, AppError>
where
    E: EntityTrait,
    E::Column: Copy,
    I: Copy + Into<sea_orm::Value>,
{
    let locale = Locale::parse(to.locale).unwrap_or_default();
    let token = random_token()?;
    // A record without an address (filed by a caseworker) is renewed through its
    // caseworker: it is marked reminded, and no email is attempted.
    let mail = if to.email.is_empty() {
        None
    } else {
        Some(outbox::prepare(
            ctx.outbox(),
            to.email,
            locale,
            &RenewalEmail {
                link: link(ctx, rows.link, &token, locale),
                date: format_date(locale, to.expires_at, &ctx.config.time_zone),
            },
        )?)
    };
    let txn = ctx.begin_write().await?;
    let n = E::update_many()
        .col_expr(rows.renewal_sent_at, Expr::value(now))
        .col_expr(rows.link_hash, Expr::value(sha256_hex(token.as_bytes())))
        .filter(rows.id.eq(to.id))
        .filter(rows.state.eq(RecordState::Active))
        .filter(rows.renewal_sent_at.is_null())
        .exec(&*txn)
        .await?
        .rows_affected;
    if n == 1 {
        if let Some(mail) = mail {
            outbox::insert(&*txn, ctx.outbox(), mail).await?;
        }
        record(&txn, ctx, rows.remind, (rows.subject)(to.id)).await?;
    }
    txn.commit().await?;
    Ok(n)
}
