//! The `case_notes` table: a caseworker's note on a request or a match, or a logged call
//! or meeting, its text encrypted, with an optional follow-up day.

use crate::domain::staff::notes::{ContactChannel, ContactOutcome, NoteKind};
use crate::ids::{CaseNoteId, MatchId, RequestId, StaffId};
use sea_orm::entity::prelude::*;

/// A case note or contact-log entry.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_notes")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: CaseNoteId,
    /// The request (also set for a note on one of its matches).
    pub request_id: RequestId,
    /// The match, for a note on a match.
    pub match_id: Option<MatchId>,
    /// A note or a logged contact.
    pub kind: NoteKind,
    /// How the contact happened (contact-log entries).
    pub channel: Option<ContactChannel>,
    /// What came of it (contact-log entries).
    pub outcome: Option<ContactOutcome>,
    /// The text, sealed under [`crate::domain::staff::notes::TEXT_CONTEXT`].
    pub text_enc: Vec<u8>,
    /// Who wrote it.
    pub author_id: StaffId,
    /// When.
    pub created_at: DateTimeUtc,
    /// The day to follow up on, if any.
    pub follow_up_on: Option<Date>,
    /// When the follow-up was marked done.
    pub follow_up_done_at: Option<DateTimeUtc>,
    /// Who marked it done.
    pub follow_up_done_by: Option<StaffId>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
