//! The `staff_sessions` table: server-side staff sessions; the cookie holds the token, the table its hash.

use crate::ids::{SessionId, StaffId};
use sea_orm::entity::prelude::*;

/// Server-side staff sessions; the cookie holds the token, the table its hash.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_sessions")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: SessionId,
    /// The staff member.
    pub staff_id: StaffId,
    /// SHA-256 of the session token (hex).
    #[sea_orm(unique)]
    pub token_hash: String,
    /// `second_factor` (password checked), `enrol_totp` (setting up TOTP) or `full`.
    pub stage: crate::domain::staff::vocab::Stage,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last request.
    pub last_seen_at: DateTimeUtc,
    /// Absolute end.
    pub expires_at: DateTimeUtc,
    /// When it was ended.
    pub revoked_at: Option<DateTimeUtc>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
