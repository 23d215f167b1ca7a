//! The `staff_tokens` table: one-time tokens for staff (enrolment links); only their hash is stored.

use crate::ids::{StaffId, StaffTokenId};
use sea_orm::entity::prelude::*;

/// One-time tokens for staff (enrolment links); only their hash is stored.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_tokens")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: StaffTokenId,
    /// The staff member.
    pub staff_id: StaffId,
    /// What the token is for (`enrol`).
    pub purpose: crate::domain::staff::vocab::TokenPurpose,
    /// SHA-256 of the token (hex).
    #[sea_orm(unique)]
    pub token_hash: String,
    /// Expiry.
    pub expires_at: DateTimeUtc,
    /// When it was used (single use).
    pub used_at: Option<DateTimeUtc>,
    /// Created.
    pub created_at: DateTimeUtc,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
