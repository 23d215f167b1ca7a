//! How a contact request or registration came in and how its owner wants to be reached:
//! online, or through a caseworker (phone, in person, post) for people without email
//! (issue #16 items 5 and 6). Stored columns, read by no table.

crate::string_enum! {
    /// How a request or registration came in (`intake_channel`).
    pub enum IntakeChannel {
        /// Filed by its owner on the public pages.
        Online = "online",
        /// Taken by a caseworker over the phone.
        Phone = "phone",
        /// Taken by a caseworker in person.
        InPerson = "in_person",
        /// Received by post and entered by a caseworker.
        Post = "post",
    }
}

impl IntakeChannel {
    /// The channels a caseworker may record (every one but `online`).
    pub const ASSISTED: [IntakeChannel; 3] = [
        IntakeChannel::Phone,
        IntakeChannel::InPerson,
        IntakeChannel::Post,
    ];
}

crate::string_enum! {
    /// How the owner wants to be reached (`contact_preference`).
    pub enum ContactPreference {
        /// By the content-free emails of the portal.
        Email = "email",
        /// By phone, by their caseworker.
        Phone = "phone",
        /// By post, by their caseworker.
        Post = "post",
        /// Only through the caseworker (who calls or meets them).
        Caseworker = "caseworker",
    }
}

impl ContactPreference {
    /// The preferences that need no email address.
    pub const WITHOUT_EMAIL: [ContactPreference; 3] = [
        ContactPreference::Phone,
        ContactPreference::Post,
        ContactPreference::Caseworker,
    ];
}
