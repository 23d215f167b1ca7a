//! Relay threads: the states a connected match's message thread moves through.

crate::string_enum! {
    /// A relay thread's state (`relay_threads.state`).
    pub enum ThreadState {
        /// Messages may be posted.
        Open = "open",
        /// A party left or withdrew, or the match closed.
        Closed = "closed",
    }
}
