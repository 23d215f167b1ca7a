//! The `petition_milestones` table: a signature count an organiser set for a petition and
//! what happens when it is reached, in each language; removed as a recorded state.

use crate::ids::{MilestoneId, PetitionId, StaffId};
use sea_orm::entity::prelude::*;

/// A milestone.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "petition_milestones")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: MilestoneId,
    /// The petition.
    pub petition_id: PetitionId,
    /// The number of signatures that reaches it.
    pub threshold: i32,
    /// What happens then, in English.
    pub consequence_en: String,
    /// In Persian.
    pub consequence_fa: String,
    /// In French.
    pub consequence_fr: String,
    /// Who set it.
    pub created_by: StaffId,
    /// When.
    pub created_at: DateTimeUtc,
    /// When it was removed (kept for staff, no longer shown).
    pub removed_at: Option<DateTimeUtc>,
    /// Who removed it.
    pub removed_by: Option<StaffId>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
