//! Route handlers, a folder per capability (petitions, editions, contact, staff), each
//! with its public and staff pages; [`all`] is the table `lib.rs` mounts.

pub mod about;
pub mod contact;
pub mod editions;
pub mod health;
pub mod home;
pub mod language;
pub mod lost_links;
pub mod petitions;
pub mod staff;
pub mod static_files;

use rocket::Route;

/// Every route of the portal, mounted at `/`.
#[must_use]
pub fn all() -> Vec<Route> {
    [
        about::routes(),
        contact::routes(),
        editions::routes(),
        health::routes(),
        home::routes(),
        language::routes(),
        lost_links::routes(),
        petitions::routes(),
        staff::routes(),
    ]
    .concat()
}
