//! What the public contact pages share: the "this link cannot be used" page every
//! personal link shows.

use crate::web::answer::Answer;
use crate::web::page::Page;
use rocket::http::Status;
use serde_json::json;

/// The "this link cannot be used" page (404), for every personal link.
pub(crate) fn invalid_link(page: &Page) -> Answer {
    Answer::Page((
        Status::NotFound,
        page.render("contact/invalid", "contact-invalid-title", json!({})),
    ))
}
