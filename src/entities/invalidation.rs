//! The `invalidations` table: recorded, reversible rules that moved signatures to `invalidated`.

use crate::ids::{InvalidationId, PetitionId, StaffId};
use sea_orm::entity::prelude::*;

/// Recorded, reversible rules that moved signatures to `invalidated`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invalidations")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: InvalidationId,
    /// The petition.
    pub petition_id: PetitionId,
    /// The rule as JSON.
    pub rule: String,
    /// Why.
    pub reason: String,
    /// Who applied it.
    pub created_by: StaffId,
    /// When.
    pub created_at: DateTimeUtc,
    /// Signatures it moved.
    pub affected: i64,
    /// Reversed.
    pub reversed_at: Option<DateTimeUtc>,
    /// By whom.
    pub reversed_by: Option<StaffId>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
