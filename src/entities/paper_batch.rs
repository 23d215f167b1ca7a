//! The `paper_batches` table: typed-up signature sheets waiting for, or past, the second
//! staff member's check.

use crate::ids::{ApprovalId, PaperBatchId, PetitionId, StaffId};
use sea_orm::entity::prelude::*;

/// One batch of typed-up sheets.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "paper_batches")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: PaperBatchId,
    /// The petition.
    pub petition_id: PetitionId,
    /// `pending`, `checked` or `rejected`.
    pub state: crate::domain::petitions::paper::BatchState,
    /// Where the sheets were collected (an event, a place).
    pub collected_where: String,
    /// The day they were collected, `YYYY-MM-DD`.
    pub collected_on: String,
    /// How many signatures it holds.
    pub lines: i32,
    /// Who typed it in.
    pub entered_by: StaffId,
    /// When.
    pub created_at: DateTimeUtc,
    /// The four-eyes proposal that checks it.
    pub approval_id: Option<ApprovalId>,
    /// Who checked (or rejected) it.
    pub checked_by: Option<StaffId>,
    /// When.
    pub checked_at: Option<DateTimeUtc>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
