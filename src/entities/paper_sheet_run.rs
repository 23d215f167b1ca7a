//! The `paper_sheet_runs` table: a printed run of numbered signature sheets.

use crate::ids::{PaperRunId, PetitionId, StaffId};
use sea_orm::entity::prelude::*;

/// A run of sheets `first_number..=last_number` printed for a petition.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "paper_sheet_runs")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: PaperRunId,
    /// The petition.
    pub petition_id: PetitionId,
    /// The first sheet number of the run.
    pub first_number: i32,
    /// The last sheet number of the run.
    pub last_number: i32,
    /// Lines on each sheet.
    pub lines: i32,
    /// The language the sheets were printed in.
    pub locale: String,
    /// Who printed them (`None` from the command line).
    pub created_by: Option<StaffId>,
    /// When.
    pub created_at: DateTimeUtc,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
