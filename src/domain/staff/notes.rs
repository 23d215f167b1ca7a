//! The vocabulary of case notes and the contact log: what an entry is, how a call or
//! meeting happened and what came of it, and the limits on what a caseworker may write.
//! Stored as text (`case_notes.kind`, `.channel`, `.outcome`).

/// The encryption context of a note's text.
pub const TEXT_CONTEXT: &str = "contact.case_note";

/// The longest note or contact-log text, in characters.
pub const MAX_TEXT_CHARS: usize = 5000;

/// How far ahead a follow-up may be set, in days.
pub const MAX_FOLLOW_UP_DAYS: i64 = 366;

crate::string_enum! {
    /// What a case entry is (`case_notes.kind`).
    pub enum NoteKind {
        /// A note.
        Note = "note",
        /// A call or a meeting, with its channel and outcome.
        Contact = "contact",
    }
}

crate::string_enum! {
    /// How a logged contact happened (`case_notes.channel`), in form order.
    pub enum ContactChannel {
        /// A telephone call.
        Phone = "phone",
        /// A video call.
        Video = "video",
        /// A meeting in person.
        InPerson = "in_person",
        /// An email or a letter.
        Written = "written",
        /// Something else.
        Other = "other",
    }
}

crate::string_enum! {
    /// What came of a logged contact (`case_notes.outcome`), in form order.
    pub enum ContactOutcome {
        /// The person was reached and spoke with the caseworker.
        Reached = "reached",
        /// Nobody answered.
        NoAnswer = "no_answer",
        /// A message was left.
        MessageLeft = "message_left",
        /// Another time was agreed.
        Rescheduled = "rescheduled",
        /// The person did not wish to talk.
        Refused = "refused",
    }
}
