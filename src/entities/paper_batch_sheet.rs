//! The `paper_batch_sheets` table: which batch used which sheet number (unique per
//! petition, so a sheet is never entered twice).

use crate::ids::{PaperBatchId, PaperSheetUseId, PetitionId};
use sea_orm::entity::prelude::*;

/// A sheet number used by a batch.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "paper_batch_sheets")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: PaperSheetUseId,
    /// The petition.
    pub petition_id: PetitionId,
    /// The sheet number.
    pub sheet_number: i32,
    /// The batch.
    pub batch_id: PaperBatchId,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
