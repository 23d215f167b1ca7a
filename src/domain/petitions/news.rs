//! Petition news: the states an update organisers write goes through, where it came from,
//! and the version of the "email me news" wording signers agree to. Reads no table.

/// The version of the "email me news about this petition" wording on the signing form;
/// stored with each signer's choice. Change it whenever that wording changes.
pub const NEWS_WORDING_VERSION: &str = "news-2026-12-07";

crate::string_enum! {
    /// An update's state (`petition_updates.state`).
    pub enum UpdateState {
        /// Being written; not sent.
        Draft = "draft",
        /// Proposed for sending; waiting for a second organiser or an admin.
        Proposed = "proposed",
        /// Approved: being queued to its recipients in batches (done when `finished_at`).
        Approved = "approved",
        /// Rejected by the second person; never sent.
        Rejected = "rejected",
    }
}

crate::string_enum! {
    /// What started an update (`petition_updates.origin`).
    pub enum UpdateOrigin {
        /// Written by an organiser.
        Written = "written",
        /// Drafted from a recorded hand-over, for an organiser to edit.
        Handover = "handover",
        /// Drafted from the first answer recorded for a hand-over, for an organiser to edit.
        Answer = "answer",
    }
}
