//! The `?notice=` values each contact page understands, and their message keys.

use crate::web::notice::Notices;

/// A personal-link page (after a change the person made).
pub const PERSONAL: Notices = Notices::new(
    "contact-notice-",
    &[
        "renewed",
        "withdrawn",
        "confirmed",
        "sent",
        "left",
        "answered",
        "edited",
        "added",
        "taken-over",
    ],
);

/// A caseworker's case page.
pub const CASE: Notices = Notices::new(
    "case-notice-",
    &[
        "asked",
        "asserted",
        "release-proposed",
        "proposal-approved",
        "proposal-rejected",
        "welfare-released",
        "welfare-withheld",
    ],
);

/// A caseworker's request or registration review page.
pub const REVIEW: Notices = Notices::new(
    "case-notice-",
    &[
        "verified",
        "rejected",
        "flagged",
        "unflagged",
        "reviewed",
        "assigned",
    ],
);
