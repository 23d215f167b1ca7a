//! The `?notice=` values the staff pages understand, and their message keys.

use crate::web::notice::Notices;

/// The staff accounts pages.
pub const ACCOUNTS: Notices = Notices::new(
    "staff-notice-",
    &[
        "invited",
        "saved",
        "proposed",
        "sessions-ended",
        "enabled",
        "disabled",
        "link-sent",
    ],
);

/// The approvals page.
pub const APPROVALS: Notices = Notices::new("approval-notice-", &["approved", "rejected"]);

/// The failed-mail page.
pub const MAIL: Notices = Notices::new("mail-notice-", &["retried", "none"]);

/// One's own settings page.
pub const SETTINGS: Notices = Notices::new("staff-settings-notice-", &["saved"]);
