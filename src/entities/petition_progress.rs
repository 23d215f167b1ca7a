//! The `petition_progress` table: one row a petition, once an organiser saved it — the day
//! an answer is due from the officials and the next step, in each language.

use crate::ids::{PetitionId, StaffId};
use sea_orm::entity::prelude::*;

/// A petition's due date and next step.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "petition_progress")]
pub struct Model {
    /// The petition.
    #[sea_orm(primary_key, auto_increment = false)]
    pub petition_id: PetitionId,
    /// The day an answer is due (none: no due date set).
    pub answer_due_on: Option<Date>,
    /// The next step in English (empty: none said).
    pub next_step_en: String,
    /// In Persian.
    pub next_step_fa: String,
    /// In French.
    pub next_step_fr: String,
    /// Who saved it last.
    pub updated_by: StaffId,
    /// When.
    pub updated_at: DateTimeUtc,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
