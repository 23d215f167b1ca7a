//! The `answer_scans` table: the official's answer letter to a hand-over as a sanitised
//! JPEG (public, so not sealed); a replaced scan stays with the time it was replaced.

use crate::ids::{AnswerScanId, HandoverId, StaffId};
use sea_orm::entity::prelude::*;

/// An answer letter's scan.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "answer_scans")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: AnswerScanId,
    /// The hand-over answered.
    pub handover_id: HandoverId,
    /// The JPEG.
    pub image: Vec<u8>,
    /// Width in pixels.
    pub width: i32,
    /// Height in pixels.
    pub height: i32,
    /// Who attached it.
    pub created_by: StaffId,
    /// When.
    pub created_at: DateTimeUtc,
    /// When a newer scan replaced it (none: the current one).
    pub replaced_at: Option<DateTimeUtc>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
