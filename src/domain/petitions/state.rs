//! The states a petition moves through (`petitions.state`). It reads no table, so the
//! petition entity can use it as its field type.

crate::string_enum! {
    /// A petition's lifecycle state (`petitions.state`), in lifecycle order.
    pub enum PetitionState {
        /// Being written; not public.
        Draft = "draft",
        /// Collecting signatures.
        Open = "open",
        /// No longer collecting.
        Closed = "closed",
        /// Handed to the officials.
        Delivered = "delivered",
    }
}
