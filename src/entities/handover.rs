//! The `handovers` table: which official or office received which edition, when, how, and
//! what they answered.

use crate::ids::{EditionId, HandoverId, StaffId};
use sea_orm::entity::prelude::*;

/// A hand-over of an edition.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "handovers")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: HandoverId,
    /// The edition.
    pub edition_id: EditionId,
    /// The person who received it.
    pub recipient: String,
    /// Their office.
    pub office: String,
    /// The day.
    pub handed_on: Date,
    /// `print`, `pdf` or `usb`.
    pub form: crate::domain::petitions::edition::HandoverMedium,
    /// Their acknowledgement.
    pub acknowledgement: String,
    /// Their answer: its summary in English (or as given, when only one was typed).
    pub answer: String,
    /// The day they answered, when the answer was added later.
    pub answered_on: Option<Date>,
    /// Who recorded it.
    pub created_by: StaffId,
    /// When.
    pub created_at: DateTimeUtc,
    /// When it was removed (kept, shown to staff as removed, not counted).
    pub removed_at: Option<DateTimeUtc>,
    /// Who removed it.
    pub removed_by: Option<StaffId>,
    /// How it reached them: in person, by post or by email (none when not said).
    pub channel: Option<crate::domain::petitions::edition::HandoverChannel>,
    /// The answer's summary in Persian (`answer` holds the English one).
    pub answer_fa: String,
    /// The answer's summary in French.
    pub answer_fr: String,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// Whether an answer is recorded (its summary in any language).
    #[must_use]
    pub fn has_answer(&self) -> bool {
        [&self.answer, &self.answer_fa, &self.answer_fr]
            .iter()
            .any(|t| !t.trim().is_empty())
    }
}
