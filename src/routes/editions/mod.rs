//! Edition pages: the organisers' freeze, build, download and hand-over pages, and the
//! public bundle check (`/verify`) for officials.

pub mod answer_scans;
pub mod forms;
mod handover_view;
pub mod handovers;
pub mod notices;
pub mod staff;
pub mod verify;

/// Every edition route.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    [
        staff::routes(),
        handovers::routes(),
        verify::routes(),
        answer_scans::routes(),
    ]
    .concat()
}
