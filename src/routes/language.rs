//! The language page: `GET /language` shows the choice, `POST /language` remembers it and
//! returns to the page the visitor came from.

use crate::context::AppContext;
use crate::i18n::Locale;
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill, local_path};
use crate::web::guards::csrf::CsrfForm;
use crate::web::guards::locale::remember;
use crate::web::guards::rate_limit::RateLimited;
use crate::web::page::Page;
use rocket::form::FromForm;
use rocket::http::CookieJar;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::json;
use std::collections::BTreeMap;

/// The language form.
#[derive(Debug, FromForm)]
pub struct LanguageForm {
    /// The chosen locale code.
    pub lang: String,
    /// Where to go afterwards (a local path).
    pub next: Option<String>,
}

fn form_page(page: &Page, values: &BTreeMap<String, String>, errors: &FieldErrors) -> Template {
    // Strict templates: every field the form shows must be present, even if not submitted.
    let refill = Refill::errors(page.locale, errors).with_values(values, &["lang", "next"]);
    page.render_form("language", "language-title", &refill, json!({}))
}

#[get("/language?<next>")]
fn show(page: Page, next: Option<&str>) -> Template {
    let mut values = BTreeMap::new();
    values.insert("lang".to_owned(), page.locale.code().to_owned());
    values.insert(
        "next".to_owned(),
        next.and_then(local_path).unwrap_or("/").to_owned(),
    );
    form_page(&page, &values, &FieldErrors::default())
}

#[post("/language", data = "<form>")]
fn choose(
    cookies: &CookieJar<'_>,
    ctx: &State<AppContext>,
    page: Page,
    _limit: RateLimited,
    form: CsrfForm<LanguageForm>,
) -> Answer {
    let mut errors = FieldErrors::default();
    let chosen = match &form.parsed {
        Ok(f) => match Locale::parse(&f.lang).filter(|l| l.code() == f.lang) {
            Some(l) => Some(l),
            None => {
                errors.add("lang", "invalid-choice");
                None
            }
        },
        Err(e) => {
            errors = e.clone();
            None
        }
    };
    let next = form.raw.get("next").map(String::as_str).unwrap_or("/");
    if next != "/" && local_path(next).is_none() {
        errors.add("next", "invalid");
    }
    match chosen {
        Some(locale) if errors.is_empty() => {
            remember(cookies, locale, ctx.config.is_release());
            let target = local_path(next).unwrap_or("/").to_owned();
            Answer::Redirect(Redirect::to(target))
        }
        _ => Answer::refused(form_page(&page, &form.raw, &errors)),
    }
}

/// The language routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![show, choose]
}

/// The URL of the language page.
#[must_use]
pub fn language_uri() -> String {
    uri!(show(next = Option::<&str>::None)).to_string()
}
