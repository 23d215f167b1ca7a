//! Route handlers, one module per resource; [`all`] is the table `lib.rs` mounts.

pub mod connection;
pub mod contact;
pub mod health;
pub mod home;
pub mod language;
pub mod petitions;
pub mod staff;

use rocket::Route;

/// Every route of the portal, mounted at `/`.
#[must_use]
pub fn all() -> Vec<Route> {
    [
        connection::routes(),
        contact::routes(),
        health::routes(),
        home::routes(),
        language::routes(),
        petitions::routes(),
        staff::routes(),
    ]
    .concat()
}
