//! What the public contact pages share: the "this link cannot be used" page every
//! personal link shows, and the notice a personal page shows after a change.

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

/// The message key of a `?notice=` on a personal page (others are ignored).
pub(crate) fn notice_key(notice: Option<&str>) -> Option<String> {
    notice
        .filter(|n| {
            matches!(
                *n,
                "renewed" | "withdrawn" | "confirmed" | "sent" | "left" | "answered"
            )
        })
        .map(|n| format!("contact-notice-{n}"))
}
