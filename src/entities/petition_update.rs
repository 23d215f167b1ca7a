//! The `petition_updates` table: news organisers write to the signers who asked for it, in
//! each language, sent only once a second person approves, queued in batches.

use crate::domain::petitions::news::{UpdateOrigin, UpdateState};
use crate::ids::{ApprovalId, PetitionId, StaffId, UpdateId};
use sea_orm::entity::prelude::*;

/// An update.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "petition_updates")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: UpdateId,
    /// The petition.
    pub petition_id: PetitionId,
    /// Subject in English (empty: none in this language).
    pub subject_en: String,
    /// In Persian.
    pub subject_fa: String,
    /// In French.
    pub subject_fr: String,
    /// Text in English.
    pub body_en: String,
    /// In Persian.
    pub body_fa: String,
    /// In French.
    pub body_fr: String,
    /// Its state.
    pub state: UpdateState,
    /// What started it.
    pub origin: UpdateOrigin,
    /// Who wrote it.
    pub created_by: StaffId,
    /// When.
    pub created_at: DateTimeUtc,
    /// Last edited.
    pub updated_at: DateTimeUtc,
    /// The four-eyes proposal to send it.
    pub approval_id: Option<ApprovalId>,
    /// Who approved the sending.
    pub approved_by: Option<StaffId>,
    /// When.
    pub approved_at: Option<DateTimeUtc>,
    /// The last signature id queued (batches continue after it).
    pub cursor: i64,
    /// Emails queued so far.
    pub queued: i64,
    /// When every recipient had been queued.
    pub finished_at: Option<DateTimeUtc>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
