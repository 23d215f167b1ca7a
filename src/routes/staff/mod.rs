//! Staff pages: login and enrolment, the dashboard, staff administration, four-eyes
//! approvals, the audit log, the mail page (failed email), and the caseworkers' contact pages (requests, registrations
//! and the case page of a match).

pub mod admin;
pub mod approvals;
pub mod audit;
pub mod auth;
pub mod case_view;
pub mod contact;
pub mod editions;
pub mod home;
pub mod mail;
pub mod petition_edit;
pub mod petitions;
pub mod signing;

use crate::domain::staff::Role;
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
        petitions::routes(),
        petition_edit::routes(),
        signing::routes(),
        editions::routes(),
        contact::routes(),
        case_view::routes(),
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
