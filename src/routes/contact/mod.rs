//! Family-contact pages: the public request and registration forms, the parties' pages
//! behind their links, and the caseworkers' review queue and case page.

pub mod case;
pub mod party;
pub mod public;
pub mod review;

/// Every contact route.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    [
        public::routes(),
        party::routes(),
        review::routes(),
        case::routes(),
    ]
    .concat()
}
