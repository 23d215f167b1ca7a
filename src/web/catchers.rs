//! Error pages for every status Rocket or a guard produces (400, 403, 404, 413, 415, 422,
//! 429, 500 …), translated into the visitor's language.

use super::locale::resolve;
use super::page::base_context;
use crate::i18n::Locale;
use rocket::http::Status;
use rocket::{Catcher, Request, catch, catchers};
use rocket_dyn_templates::Template;
use serde_json::Value;

/// The statuses with their own wording; others use the generic one.
const WORDED: [u16; 9] = [400, 403, 404, 413, 415, 422, 429, 500, 503];

/// Renders the error page for `status` in `locale`.
#[must_use]
pub fn error_page(status: Status, locale: Locale, unsupported_lang: bool) -> (Status, Template) {
    let code = if WORDED.contains(&status.code) {
        status.code.to_string()
    } else {
        "other".to_owned()
    };
    let title = locale.t(&format!("error-{code}-title"));
    let mut ctx = base_context(locale, &title, None, unsupported_lang);
    ctx.insert("status".into(), status.code.into());
    ctx.insert(
        "message".into(),
        locale.t(&format!("error-{code}-text")).into(),
    );
    (status, Template::render("error", Value::Object(ctx)))
}

#[catch(default)]
fn any_error(status: Status, req: &Request<'_>) -> (Status, Template) {
    let resolved = resolve(req);
    error_page(status, resolved.locale, resolved.unsupported_request)
}

/// All catchers, for mounting at `/`.
#[must_use]
pub fn all() -> Vec<Catcher> {
    catchers![any_error]
}
