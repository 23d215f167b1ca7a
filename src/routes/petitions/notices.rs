//! The `?notice=` values each petition page understands, and their message keys.

use crate::web::notice::Notices;

/// The staff overview (pause and resume signing).
pub const OVERVIEW: Notices = Notices::new("petitions-notice-", &["paused", "resumed"]);

/// A petition's staff page (after creating, saving, moving its state).
pub const PETITION: Notices = Notices::new("petition-notice-", &["created", "saved", "state"]);

/// The admins' signing controls.
pub const SIGNING: Notices = Notices::new(
    "signing-notice-",
    &["saved", "removed", "counted", "applied", "reversed"],
);

/// The organisers' progress page (milestones, due date and next step).
pub const PROGRESS: Notices = Notices::new("progress-notice-", &["milestone", "removed", "saved"]);

/// The organisers' news page.
pub const NEWS: Notices = Notices::new("news-notice-", &["drafted", "proposed", "approved"]);
