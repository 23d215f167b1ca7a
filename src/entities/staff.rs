//! The `staff` table: a staff account (email encrypted, found by its blind index).

use crate::ids::StaffId;
use sea_orm::entity::prelude::*;

/// A staff account (email encrypted, found by its blind index).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: StaffId,
    /// Encrypted email address.
    pub email_enc: Vec<u8>,
    /// Blind index of the canonical email (hex).
    #[sea_orm(unique)]
    pub email_index: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Roles, comma-separated in role order (`admin`, `caseworker`, `organiser`).
    pub roles: crate::domain::staff::vocab::Roles,
    /// Whether the account may log in.
    pub active: bool,
    /// Argon2id PHC string; `None` until enrolment.
    pub password_hash: Option<String>,
    /// Encrypted TOTP secret (pending until `totp_enabled`).
    pub totp_secret: Option<Vec<u8>>,
    /// Whether the second factor is set up.
    pub totp_enabled: bool,
    /// The last TOTP time step accepted (replays are refused).
    pub totp_last_step: Option<i64>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
