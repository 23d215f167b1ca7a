//! The `outbox` table: queued email, recipient and rendered content encrypted.

use crate::ids::OutboxId;
use sea_orm::entity::prelude::*;

/// One queued email.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: OutboxId,
    /// Template name (safe to log).
    pub template: String,
    /// Locale the email was rendered in.
    pub locale: String,
    /// Encrypted recipient address.
    pub recipient: Vec<u8>,
    /// Encrypted rendered email (JSON: subject, text, html).
    pub payload: Vec<u8>,
    /// `pending`, `sent` or `failed` (kept, with address and content, for an administrator
    /// to retry).
    pub status: crate::domain::outbox::OutboxStatus,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// When the next attempt is due.
    pub next_attempt_at: DateTimeUtc,
    /// A worker holds the row until this time.
    pub locked_until: Option<DateTimeUtc>,
    /// The category of the last delivery failure (`permanent:550`, `timeout`, …; never the
    /// server's text or the address).
    pub last_error: Option<String>,
    /// The email's Message-ID, fixed when it is queued and carried by every attempt.
    pub message_id: Option<String>,
    /// When it was queued.
    pub created_at: DateTimeUtc,
    /// When it was delivered.
    pub sent_at: Option<DateTimeUtc>,
    /// Random token of the worker holding the lease; results are written only under it.
    pub lease_token: Option<String>,
    /// When the retry window began (queued, or retried by an administrator); `None` on
    /// older rows, whose window begins at `created_at`.
    pub retry_since: Option<DateTimeUtc>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
