//! Editions: the states a frozen edition of a petition moves through while its bundle is
//! built.

crate::string_enum! {
    /// An edition's state (`editions.state`).
    pub enum EditionState {
        /// Frozen; the bundle is being built.
        Building = "building",
        /// The bundle is ready.
        Ready = "ready",
        /// The build failed (see `error`); it can be retried.
        Failed = "failed",
    }
}
