//! The `case_access` table: a caseworker not assigned to a request gave a reason to read
//! it; the reading is open to them until `expires_at` (the reason is in the audit log).

use crate::ids::{RequestId, StaffId};
use sea_orm::entity::prelude::*;

/// One reasoned access.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_access")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The request.
    pub request_id: RequestId,
    /// The caseworker.
    pub staff_id: StaffId,
    /// Given.
    pub granted_at: DateTimeUtc,
    /// Open until.
    pub expires_at: DateTimeUtc,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
