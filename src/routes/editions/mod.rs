//! Edition pages: the organisers' freeze, build, download and hand-over pages.

pub mod forms;
pub mod notices;
pub mod staff;

/// Every edition route.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    staff::routes()
}
