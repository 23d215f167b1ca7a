//! Editions: the states a frozen edition of a petition moves through while its bundle is
//! built, and the forms a hand-over takes.

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

crate::string_enum! {
    /// How an edition was handed over (`handovers.form`), in form order.
    pub enum HandoverMedium {
        /// On paper.
        Print = "print",
        /// As PDF files.
        Pdf = "pdf",
        /// On a USB stick.
        Usb = "usb",
    }
}
