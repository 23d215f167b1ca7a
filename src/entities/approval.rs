//! The `approvals` table: four-eyes proposals: an action proposed by one staff member, run only when another approves.

use crate::ids::{ApprovalId, StaffId};
use sea_orm::entity::prelude::*;

/// Four-eyes proposals: an action proposed by one staff member, run only when another approves.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "approvals")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: ApprovalId,
    /// The action (`staff.reset_second_factor`, `contact.release`, …).
    pub kind: crate::domain::approval::vocab::ApprovalKind,
    /// What it acts on (`staff:7`).
    pub subject: String,
    /// Action parameters as JSON.
    pub payload: String,
    /// Why it is proposed.
    pub reason: String,
    /// Who proposed it.
    pub proposed_by: StaffId,
    /// The role an approver must hold.
    pub required_role: crate::domain::staff::vocab::Role,
    /// `pending`, `approved`, `rejected`.
    pub status: crate::domain::approval::vocab::ApprovalStatus,
    /// Proposed.
    pub created_at: DateTimeUtc,
    /// Cannot be approved after this.
    pub expires_at: DateTimeUtc,
    /// Who decided.
    pub decided_by: Option<StaffId>,
    /// When.
    pub decided_at: Option<DateTimeUtc>,
    /// Decision note.
    pub note: Option<String>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
