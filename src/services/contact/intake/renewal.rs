//! Renewal and withdrawal, the same life for a request and for a registration: the
//! columns they touch and the names they are audited under, the renewal reminder, and
//! what a renew or withdraw button did.

use super::{RENEWAL_NOTICE_DAYS, append};
use crate::context::AppContext;
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::domain::contact::records::RecordState;
use crate::entities::{contact_request, registration};
use crate::error::AppError;
use crate::ids::{RegistrationId, RequestId};
use crate::mail::EmailTemplate;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Serialize;

/// The renewal reminder (with a fresh personal link: earlier ones stop working).
#[derive(Debug, Serialize)]
pub struct RenewalEmail {
    /// The status or management page.
    pub link: String,
    /// The expiry date, formatted for the recipient's language.
    pub date: String,
}

impl EmailTemplate for RenewalEmail {
    const NAME: &'static str = "contact_renewal";
}

/// What a renew or withdraw button did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Done now.
    Done,
    /// Nothing to do (not within the renewal window, or already withdrawn or closed).
    Unchanged,
    /// No such link.
    Invalid,
}

/// The columns renewal and withdrawal touch, and the names they are audited under: the
/// same life for a request and for a registration.
pub(crate) struct Rows<C, I> {
    pub(crate) id: C,
    pub(crate) state: C,
    pub(crate) expires_at: C,
    pub(crate) renewal_sent_at: C,
    pub(crate) closed_at: C,
    /// The hash of the owner's personal link (status or management page).
    pub(crate) link_hash: C,
    /// The path of that link.
    pub(crate) link: &'static str,
    pub(crate) renew: AuditAction,
    pub(crate) remind: AuditAction,
    pub(crate) withdraw: AuditAction,
    pub(crate) expire: AuditAction,
    /// What a row's events are about.
    pub(crate) subject: fn(I) -> Subject,
}

pub(crate) const REQUEST_ROWS: Rows<contact_request::Column, RequestId> = Rows {
    id: contact_request::Column::Id,
    state: contact_request::Column::State,
    expires_at: contact_request::Column::ExpiresAt,
    renewal_sent_at: contact_request::Column::RenewalSentAt,
    closed_at: contact_request::Column::ClosedAt,
    link_hash: contact_request::Column::StatusHash,
    link: "status",
    renew: AuditAction::ContactRequestRenew,
    remind: AuditAction::ContactRequestRemind,
    withdraw: AuditAction::ContactRequestWithdraw,
    expire: AuditAction::ContactRequestExpire,
    subject: Subject::Request,
};

pub(crate) const REGISTRATION_ROWS: Rows<registration::Column, RegistrationId> = Rows {
    id: registration::Column::Id,
    state: registration::Column::State,
    expires_at: registration::Column::ExpiresAt,
    renewal_sent_at: registration::Column::RenewalSentAt,
    closed_at: registration::Column::ClosedAt,
    link_hash: registration::Column::ManageHash,
    link: "registration",
    renew: AuditAction::RegistrationRenew,
    remind: AuditAction::RegistrationRemind,
    withdraw: AuditAction::RegistrationWithdraw,
    expire: AuditAction::RegistrationExpire,
    subject: Subject::Registration,
};

/// In force at `now` and close enough to expiry to renew.
pub(super) fn renewable(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < expires_at && expires_at - now <= Duration::days(RENEWAL_NOTICE_DAYS)
}

/// Renews row `id`: within [`RENEWAL_NOTICE_DAYS`] of expiry, the expiry moves a full
/// period on and a new reminder will go out before that.
pub(super) async fn renew_row<E, I>(
    ctx: &AppContext,
    rows: &Rows<E::Column, I>,
    id: I,
    current_state: RecordState,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Change, AppError>
where
    E: EntityTrait,
    E::Column: Copy,
    I: Copy + Into<sea_orm::Value>,
{
    if current_state != RecordState::Active || !renewable(expires_at, now) {
        return Ok(Change::Unchanged);
    }
    let txn = ctx.begin_write().await?;
    let changed = E::update_many()
        .col_expr(
            rows.expires_at,
            Expr::value(expires_at + ctx.config.contact.expiry),
        )
        .col_expr(
            rows.renewal_sent_at,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(rows.id.eq(id))
        .filter(rows.state.eq(RecordState::Active))
        // Within the window still: a second, concurrent press renews nothing more.
        .filter(rows.expires_at.gt(now))
        .filter(
            rows.expires_at
                .lte(now + Duration::days(RENEWAL_NOTICE_DAYS)),
        )
        .exec(&*txn)
        .await?
        .rows_affected
        == 1;
    if changed {
        append(
            &txn,
            ctx,
            Actor::Public,
            rows.renew,
            (rows.subject)(id),
            serde_json::json!({}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(if changed {
        Change::Done
    } else {
        Change::Unchanged
    })
}

/// Withdraws row `id` (active only): state `withdrawn`, `closed_at` set.
pub(super) async fn withdraw_row<E, I>(
    ctx: &AppContext,
    rows: &Rows<E::Column, I>,
    id: I,
    now: DateTime<Utc>,
) -> Result<Change, AppError>
where
    E: EntityTrait,
    E::Column: Copy,
    I: Copy + Into<sea_orm::Value>,
{
    let txn = ctx.begin_write().await?;
    let changed = E::update_many()
        .col_expr(rows.state, Expr::value(RecordState::Withdrawn))
        .col_expr(rows.closed_at, Expr::value(now))
        .filter(rows.id.eq(id))
        .filter(rows.state.eq(RecordState::Active))
        .exec(&*txn)
        .await?
        .rows_affected
        == 1;
    if changed {
        append(
            &txn,
            ctx,
            Actor::Public,
            rows.withdraw,
            (rows.subject)(id),
            serde_json::json!({}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(if changed {
        Change::Done
    } else {
        Change::Unchanged
    })
}
