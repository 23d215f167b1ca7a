//! Staff pages shared by every capability: login and enrolment, the dashboard, staff
//! administration, four-eyes approvals, the audit log, the mail page (failed email), one's own settings, and the
//! staff navigation the other capabilities' staff pages show.

pub mod admin;
pub mod approvals;
pub mod auth;
pub mod follow_ups;
pub mod forms;
pub mod home;
pub mod mail;
mod nav;
pub mod notes;
pub mod notices;
pub mod reports;
pub mod settings;

pub use nav::nav;

/// Every staff route.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    [
        auth::routes(),
        home::routes(),
        admin::routes(),
        approvals::routes(),
        reports::audit::routes(),
        mail::routes(),
        settings::routes(),
        notes::routes(),
        reports::stats::routes(),
    ]
    .concat()
}
