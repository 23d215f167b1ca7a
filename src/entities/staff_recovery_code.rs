//! The `staff_recovery_codes` table: single-use second-factor recovery codes, stored hashed.

use crate::ids::{RecoveryCodeId, StaffId};
use sea_orm::entity::prelude::*;

/// Single-use second-factor recovery codes, stored hashed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_recovery_codes")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: RecoveryCodeId,
    /// The staff member.
    pub staff_id: StaffId,
    /// Keyed hash of the code (hex).
    pub code_hash: String,
    /// When it was used.
    pub used_at: Option<DateTimeUtc>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
