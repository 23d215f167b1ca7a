//! What a route answers: a page with a status, a redirect, or cacheable JSON — the one
//! answer type every route module uses.

use rocket::Responder;
use rocket::http::{Header, Status};
use rocket::response::Redirect;
use rocket::serde::json::Json;
use rocket_dyn_templates::Template;
use serde_json::Value;

/// A page, a redirect, or JSON.
#[derive(Responder)]
pub enum Answer {
    /// Go on.
    Redirect(Redirect),
    /// A page with a status (200, 404, 422, …).
    Page((Status, Template)),
    /// Cacheable JSON.
    Json(Json<Value>, Header<'static>),
}

impl Answer {
    /// A page answered with 200.
    #[must_use]
    pub fn ok(page: Template) -> Self {
        Self::Page((Status::Ok, page))
    }

    /// A refused form, re-shown (with its [`crate::web::forms::Refill`]) as 422.
    #[must_use]
    pub fn refused(page: Template) -> Self {
        Self::Page((Status::UnprocessableEntity, page))
    }

    /// A page answered with `status`.
    #[must_use]
    pub fn page(status: Status, page: Template) -> Self {
        Self::Page((status, page))
    }
}

impl From<Redirect> for Answer {
    fn from(r: Redirect) -> Self {
        Self::Redirect(r)
    }
}
