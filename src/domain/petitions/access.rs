//! Access lists for signing: which list an entry is on (block or allow) and what it
//! matches.

crate::string_enum! {
    /// The list an entry is on (`access_lists.list`).
    pub enum AccessList {
        /// Signatures matching it are refused.
        Block = "block",
        /// Signers matching it pass the block list and the rate limit.
        Allow = "allow",
    }
}

crate::string_enum! {
    /// What an access-list entry matches (`access_lists.kind`), in form order.
    pub enum EntryKind {
        /// An IP address or CIDR range.
        IpRange = "ip_range",
        /// The keyed hash of an IP address (as shown on the trending page).
        IpHash = "ip_hash",
        /// An email domain (stored as its blind index).
        EmailDomain = "email_domain",
        /// One email address (stored as the blind index of its canonical form).
        Email = "email",
    }
}
