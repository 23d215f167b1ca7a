//! Staff pages shared by every capability: login and enrolment, the dashboard, staff
//! administration, four-eyes approvals, the audit log, the mail page (failed email), and the
//! staff navigation the other capabilities' staff pages show.

pub mod admin;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod home;
pub mod mail;

use crate::domain::staff::account::Role;
use crate::web::staff_auth::CurrentStaff;
use serde_json::{Value, json};

/// Every staff route.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    [
        auth::routes(),
        home::routes(),
        admin::routes(),
        approvals::routes(),
        audit::routes(),
        mail::routes(),
    ]
    .concat()
}

/// What the layout needs to show the staff navigation.
#[must_use]
pub fn nav(current: &CurrentStaff) -> Value {
    json!({
        "name": current.account.display_name,
        "is_admin": current.has(Role::Admin),
        "is_caseworker": current.has(Role::Caseworker),
        "is_organiser": current.has(Role::Organiser),
    })
}
