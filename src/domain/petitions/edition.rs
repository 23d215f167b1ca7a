//! Editions: the states a frozen edition of a petition moves through while its bundle is
//! built, the forms a hand-over takes, how it reached the officials and what a recorded
//! change to it was.

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

crate::string_enum! {
    /// How a hand-over reached the officials (`handovers.channel`), in form order.
    pub enum HandoverChannel {
        /// Given in person.
        InPerson = "in_person",
        /// Sent by post.
        Post = "post",
        /// Sent by email.
        Email = "email",
    }
}

crate::string_enum! {
    /// What a recorded change to a hand-over was (`handover_changes.kind`).
    pub enum HandoverChangeKind {
        /// Its facts were edited.
        Edit = "edit",
        /// Its answer was added or edited.
        Answer = "answer",
        /// It was marked removed.
        Remove = "remove",
    }
}
