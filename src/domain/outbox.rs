//! The email outbox: the states a queued email moves through.

crate::string_enum! {
    /// An outbox row's state (`outbox.status`).
    pub enum OutboxStatus {
        /// Waiting to be sent (or retried).
        Pending = "pending",
        /// Delivered to the transport.
        Sent = "sent",
        /// Refused for good, or still failing at the end of the retry window: kept, with its
        /// address and content, until an administrator retries it.
        Failed = "failed",
    }
}
