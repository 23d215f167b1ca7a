//! The `outbox` table: queued email, recipient and rendered content encrypted.

use sea_orm::entity::prelude::*;

/// One queued email.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Template name (safe to log).
    pub template: String,
    /// Locale the email was rendered in.
    pub locale: String,
    /// Encrypted recipient address.
    pub recipient: Vec<u8>,
    /// Encrypted rendered email (JSON: subject, text, html).
    pub payload: Vec<u8>,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// When the next attempt is due.
    pub next_attempt_at: DateTimeUtc,
    /// A worker holds the row until this time.
    pub locked_until: Option<DateTimeUtc>,
    /// The last delivery error (never contains the address).
    pub last_error: Option<String>,
    /// Message-Id of the sent email.
    pub message_id: Option<String>,
    /// When it was queued.
    pub created_at: DateTimeUtc,
    /// When it was delivered.
    pub sent_at: Option<DateTimeUtc>,
    /// Random token of the worker holding the lease; results are written only under it.
    pub lease_token: Option<String>,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
