//! Error pages for every status Rocket or a guard produces (400, 403, 404, 413, 415, 422,
//! 429, 500 …), translated into the visitor's language, and the response an [`AppError`]
//! becomes: its cause logged once, the visitor shown a safe page with the right status.

use super::guards::locale::resolve;
use super::page::base_context;
use crate::error::AppError;
use crate::i18n::Locale;
use rocket::http::Status;
use rocket::response::{self, Redirect, Responder};
use rocket::serde::json::Json;
use rocket::{Catcher, Request, catch, catchers};
use rocket_dyn_templates::Template;
use serde_json::Value;

/// The statuses with their own wording; others use the generic one.
const WORDED: [u16; 9] = [400, 403, 404, 413, 415, 422, 429, 500, 503];

/// Renders the error page for `status` in `locale`.
#[must_use]
pub fn error_page(status: Status, locale: Locale, unsupported_lang: bool) -> (Status, Template) {
    let key = if WORDED.contains(&status.code) {
        status.code.to_string()
    } else {
        "other".to_owned()
    };
    worded_page(status, &key, locale, unsupported_lang)
}

#[catch(default)]
fn any_error(status: Status, req: &Request<'_>) -> (Status, Template) {
    let resolved = resolve(req);
    // A refused CSRF token and a refused role are both 403, with different explanations.
    if status == Status::Forbidden && super::guards::csrf::was_refused(req) {
        return worded_page(
            status,
            "csrf",
            resolved.locale,
            resolved.unsupported_request,
        );
    }
    error_page(status, resolved.locale, resolved.unsupported_request)
}

/// A page for `status` with the wording of `key` (`error-<key>-title`, `error-<key>-text`).
#[must_use]
pub fn worded_page(
    status: Status,
    key: &str,
    locale: Locale,
    unsupported_lang: bool,
) -> (Status, Template) {
    let title = locale.t(&format!("error-{key}-title"));
    let mut ctx = base_context(locale, &title, None, unsupported_lang);
    ctx.insert("status".into(), status.code.into());
    ctx.insert(
        "message".into(),
        locale.t(&format!("error-{key}-text")).into(),
    );
    (
        status,
        Template::render(crate::assets::page_name("error"), Value::Object(ctx)),
    )
}

/// Staff pages without a session: to the login page.
#[catch(401)]
fn staff_login_required() -> Redirect {
    Redirect::to("/staff/login")
}

/// Staff JSON without a session.
#[catch(401)]
fn api_unauthorized() -> (Status, Json<Value>) {
    (
        Status::Unauthorized,
        Json(serde_json::json!({ "error": "unauthorized" })),
    )
}

/// Staff JSON with the wrong role.
#[catch(403)]
fn api_forbidden() -> (Status, Json<Value>) {
    (
        Status::Forbidden,
        Json(serde_json::json!({ "error": "forbidden" })),
    )
}

/// Catchers by mount point.
#[must_use]
pub fn all() -> Vec<(&'static str, Vec<Catcher>)> {
    vec![
        ("/", catchers![any_error]),
        ("/staff", catchers![staff_login_required]),
        ("/staff/api", catchers![api_unauthorized, api_forbidden]),
    ]
}

impl<'r> Responder<'r, 'static> for AppError {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        let status = Status::from_code(self.status_code()).unwrap_or(Status::InternalServerError);
        if status.code >= 500 {
            // The route template, not the path: a path may carry a one-time token.
            log::error!(
                "{} {}: {self}",
                req.method(),
                super::observe::route_label(req)
            );
        }
        let resolved = resolve(req);
        if status == Status::ServiceUnavailable {
            if let Some(ctx) = req.rocket().state::<crate::context::AppContext>() {
                ctx.write_gate.health().record(false);
            }
            // A storage fault: the transaction was not committed, and the page says so.
            return worded_page(
                status,
                "unsaved",
                resolved.locale,
                resolved.unsupported_request,
            )
            .respond_to(req);
        }
        error_page(status, resolved.locale, resolved.unsupported_request).respond_to(req)
    }
}
