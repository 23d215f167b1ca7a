//! Petition pages: the public petition, signing and its links; the staff overview and
//! letter moderation, the draft editor, and the admins' signing controls.

pub mod edit;
pub mod forms;
pub mod news;
pub mod notices;
pub mod paper;
pub mod paper_letters;
pub mod progress;
pub mod public;
pub mod signing;
pub mod staff;
mod staff_frame;

/// Every petition route.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    [
        public::routes(),
        staff::routes(),
        edit::routes(),
        signing::routes(),
        paper::routes(),
        progress::routes(),
        news::routes(),
        paper_letters::routes(),
    ]
    .concat()
}
