//! The `handover_changes` table: every change to a recorded hand-over — who, when, what
//! kind, and which fields went from what to what (JSON).

use crate::ids::{HandoverChangeId, HandoverId, StaffId};
use sea_orm::entity::prelude::*;

/// A recorded change to a hand-over.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "handover_changes")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: HandoverChangeId,
    /// The hand-over.
    pub handover_id: HandoverId,
    /// Edit, answer or removal.
    pub kind: crate::domain::petitions::edition::HandoverChangeKind,
    /// The fields changed: a JSON list of `{"field", "before", "after"}`.
    pub changes: String,
    /// Who changed it.
    pub changed_by: StaffId,
    /// When.
    pub changed_at: DateTimeUtc,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
