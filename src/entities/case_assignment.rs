//! The `case_assignments` table: every (re)assignment of a contact request, newest last.

use crate::ids::{RequestId, StaffId};
use sea_orm::entity::prelude::*;

/// One assignment.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_assignments")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The request.
    pub request_id: RequestId,
    /// The caseworker it was assigned to (none: back to the unassigned queue).
    pub staff_id: Option<StaffId>,
    /// Who assigned it (the caseworker themselves when they took it).
    pub assigned_by: StaffId,
    /// When.
    pub at: DateTimeUtc,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
