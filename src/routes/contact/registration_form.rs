//! The public self-registration form: names, places, address, language, how open the
//! person is to contact and their rules, always answered by the same "check your inbox"
//! page.

use super::form_parts::{relationship_choices, text};
use super::forms::{RegisterForm, check_register};
use crate::context::AppContext;
use crate::domain::contact::records::Openness;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::services::contact::intake::{self as svc};
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill};
use crate::web::guards::client_ip::ClientIp;
use crate::web::guards::csrf::CsrfForm;
use crate::web::guards::rate_limit::RateLimited;
use crate::web::page::Page;
use chrono::Utc;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The registration form's fields in order: name, label key, control to focus.
const REGISTER_FIELDS: [(&str, &str, &str); 14] = [
    ("name_latin", "contact-reg-name-latin", "name_latin"),
    ("name_persian", "contact-reg-name-persian", "name_persian"),
    ("aliases", "contact-reg-aliases", "aliases"),
    ("birth_year", "contact-reg-birth-year", "birth_year"),
    ("father_name", "contact-reg-father", "father_name"),
    ("places", "contact-reg-places", "places"),
    ("email", "contact-reg-email", "email"),
    ("language", "contact-reg-language", "language"),
    ("openness", "contact-openness-legend", "openness-anyone"),
    (
        "only_relationships",
        "contact-only-relationships",
        "only-rel-parent",
    ),
    ("only_names", "contact-only-names", "only_names"),
    ("deny_names", "contact-deny-names", "deny_names"),
    ("deny_aliases", "contact-deny-aliases", "deny_aliases"),
    ("consent", "contact-consent-short", "consent-box"),
];

fn register_page(
    page: &Page,
    form: Option<&CsrfForm<RegisterForm>>,
    errors: &FieldErrors,
) -> Template {
    let locale = page.locale;
    let empty = BTreeMap::new();
    let raw = form.map_or(&empty, |f| &f.raw);
    let refill = Refill::labelled(locale, errors, &REGISTER_FIELDS);
    let mut values = Map::new();
    for (f, _, _) in REGISTER_FIELDS {
        values.insert(f.to_owned(), text(raw.get(f)).into());
    }
    let checked: Vec<String> = match form.map(|f| &f.parsed) {
        Some(Ok(f)) => f.only_relationships.clone(),
        Some(Err(_)) => raw.get("only_relationships").cloned().into_iter().collect(),
        None => Vec::new(),
    };
    let language = raw
        .get("language")
        .cloned()
        .unwrap_or_else(|| locale.code().to_owned());
    let languages: Vec<Value> = Locale::ALL
        .iter()
        .map(|l| json!({ "code": l.code(), "name": l.native_name(), "dir": l.dir(), "selected": l.code() == language }))
        .collect();
    let openness = Openness::parse(text(raw.get("openness")));
    let choices: Vec<Value> = Openness::ALL
        .iter()
        .map(|o| json!({ "value": o.as_str(), "label": locale.t(&format!("contact-openness-{}", o.as_str())), "checked": Some(*o) == openness }))
        .collect();
    page.render_form(
        "contact/register",
        "contact-register-title",
        &refill,
        json!({
            "values": values,
            "languages": languages,
            "openness": choices,
            "relationships": relationship_choices(locale, &checked),
            "consent_checked": raw.get("consent").is_some_and(|v| v == "yes"),
        }),
    )
}

#[get("/contact/register")]
fn register_form(page: Page) -> Template {
    register_page(&page, None, &FieldErrors::default())
}

#[post("/contact/register", data = "<form>")]
async fn register_submit(
    page: Page,
    ctx: &State<AppContext>,
    ip: ClientIp,
    _l: RateLimited,
    form: CsrfForm<RegisterForm>,
) -> Result<Answer, AppError> {
    match check_register(ctx, &form).await? {
        Ok(input) => {
            svc::register(ctx, input, ip.0, Utc::now()).await?;
            Ok(Answer::Redirect(Redirect::to(uri!(
                super::form_parts::sent
            ))))
        }
        Err(errors) => Ok(Answer::refused(register_page(&page, Some(&form), &errors))),
    }
}

/// The registration form's routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![register_form, register_submit]
}
