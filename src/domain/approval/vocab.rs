//! The four-eyes vocabulary stored in columns: what a proposal would do and its state. It
//! reads no table, so the approvals entity can use it as its field types.

crate::string_enum! {
    /// A proposal's state (`approvals.status`).
    pub enum ApprovalStatus {
        /// Waiting for a decision.
        Pending = "pending",
        /// Approved (and run).
        Approved = "approved",
        /// Rejected (nothing ran).
        Rejected = "rejected",
    }
}

crate::string_enum! {
    /// What a proposal would do (`approvals.kind`): one kind per [`Action`](super::Action).
    pub enum ApprovalKind {
        /// [`Action::ResetSecondFactor`](super::Action::ResetSecondFactor).
        ResetSecondFactor = "staff.reset_second_factor",
        /// [`Action::SetRoles`](super::Action::SetRoles).
        SetRoles = "staff.set_roles",
        /// [`Action::SetActive`](super::Action::SetActive).
        SetActive = "staff.set_active",
        /// [`Action::ReleaseConnection`](super::Action::ReleaseConnection).
        ReleaseConnection = "contact.release",
        /// [`Action::ConfirmConsent`](super::Action::ConfirmConsent).
        ConfirmConsent = "contact.confirm_consent",
        /// [`Action::CheckPaperBatch`](super::Action::CheckPaperBatch).
        CheckPaperBatch = "petitions.check_paper_batch",
        /// [`Action::SendPetitionUpdate`](super::Action::SendPetitionUpdate).
        SendPetitionUpdate = "petitions.send_update",
        /// [`Action::ConfirmAssistedRequest`](super::Action::ConfirmAssistedRequest).
        ConfirmAssistedRequest = "contact.confirm_assisted_request",
        /// [`Action::ConfirmOfflineRegistration`](super::Action::ConfirmOfflineRegistration).
        ConfirmOfflineRegistration = "contact.confirm_offline_registration",
    }
}

impl ApprovalKind {
    /// The kinds about staff accounts (decided on the approvals page; the contact kinds are
    /// decided on their case page).
    pub const STAFF: [ApprovalKind; 3] = [
        ApprovalKind::ResetSecondFactor,
        ApprovalKind::SetRoles,
        ApprovalKind::SetActive,
    ];
}
