//! Reissued links ("lost your link?"): what a link sent again opens (a file that reads no
//! table, so the entity can use it; finding the row is in `reissued_link`).

crate::string_enum! {
    /// What a reissued link opens (`reissued_links.kind`).
    pub enum LinkKind {
        /// A signature's confirmation page (the receipt once confirmed).
        SignatureConfirm = "signature_confirm",
        /// A signature's withdrawal page.
        SignatureWithdraw = "signature_withdraw",
        /// A registration's management page.
        RegistrationManage = "registration_manage",
    }
}
