//! The `?notice=` values the edition pages understand, and their message keys.

use crate::web::notice::Notices;

/// A petition's editions page.
pub const EDITIONS: Notices = Notices::new(
    "edition-notice-",
    &[
        "frozen", "handover", "retried", "answer", "removed", "edited",
    ],
);
