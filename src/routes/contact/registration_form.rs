//! The public self-registration form: names, places, address, language, how open the
//! person is to contact and their rules, always answered by the same "check your inbox"
//! page.

use super::forms::{relationship_choices, relationships, summary, text};
use crate::context::AppContext;
use crate::domain::contact::form as cf;
use crate::domain::contact::records::{Openness, RegistrationData, RegistrationRules};
use crate::domain::people::email::email_rules;
use crate::domain::people::relationship::Relationship;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::services::contact::intake::{self as svc, RegistrationInput};
use crate::web::answer::Answer;
use crate::web::client_ip::ClientIp;
use crate::web::csrf::CsrfForm;
use crate::web::forms::{FieldErrors, signer_email_field};
use crate::web::page::Page;
use crate::web::rate_limit::RateLimited;
use chrono::{Datelike, Utc};
use rocket::form::FromForm;
use rocket::http::Status;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The registration form.
#[derive(Debug, FromForm)]
pub struct RegisterForm {
    name_latin: Option<String>,
    name_persian: Option<String>,
    aliases: Option<String>,
    birth_year: Option<String>,
    father_name: Option<String>,
    places: Option<String>,
    email: Option<String>,
    language: Option<String>,
    openness: Option<String>,
    only_relationships: Vec<String>,
    only_names: Option<String>,
    deny_names: Option<String>,
    deny_aliases: Option<String>,
    consent: Option<String>,
}

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

fn register_order(locale: Locale) -> Vec<(String, String, String)> {
    REGISTER_FIELDS
        .iter()
        .map(|(f, label, focus)| ((*f).to_owned(), locale.t(label), (*focus).to_owned()))
        .collect()
}

fn register_page(
    page: &Page,
    form: Option<&CsrfForm<RegisterForm>>,
    errors: &FieldErrors,
) -> Template {
    let locale = page.locale;
    let empty = BTreeMap::new();
    let raw = form.map_or(&empty, |f| &f.raw);
    let (by_field, error_summary) = summary(errors, locale, &register_order(locale));
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
    page.render(
        "contact/register",
        "contact-register-title",
        json!({
            "values": values,
            "languages": languages,
            "openness": choices,
            "relationships": relationship_choices(locale, &checked),
            "consent_checked": raw.get("consent").is_some_and(|v| v == "yes"),
            "errors": by_field,
            "error_summary": error_summary,
        }),
    )
}

async fn check_register(
    ctx: &AppContext,
    form: &CsrfForm<RegisterForm>,
) -> Result<Result<RegistrationInput, FieldErrors>, AppError> {
    let mut e = FieldErrors::default();
    let f = match &form.parsed {
        Ok(f) => f,
        Err(parse) => {
            e = parse.clone();
            if e.is_empty() {
                e.add("name_latin", "invalid");
            }
            return Ok(Err(e));
        }
    };
    let mut take = |field: &str, r: Result<String, &'static str>| {
        r.map_err(|code| e.add(field, code)).unwrap_or_default()
    };
    let name_latin = take("name_latin", cf::latin_name(text(f.name_latin.as_ref())));
    let name_persian = take(
        "name_persian",
        cf::persian_name(text(f.name_persian.as_ref())),
    );
    let father_name = take(
        "father_name",
        cf::any_name(text(f.father_name.as_ref()), false),
    );
    if text(f.name_latin.as_ref()).trim().is_empty()
        && text(f.name_persian.as_ref()).trim().is_empty()
    {
        e.add("name_latin", "contact-name-needed");
    }
    let mut list = |field: &str, v: &Option<String>, digits: bool| {
        cf::lines(text(v.as_ref()), digits)
            .map_err(|code| e.add(field, code))
            .unwrap_or_default()
    };
    let aliases = list("aliases", &f.aliases, false);
    let places = list("places", &f.places, true);
    let only_names = list("only_names", &f.only_names, false);
    let deny_names = list("deny_names", &f.deny_names, false);
    let deny_aliases = list("deny_aliases", &f.deny_aliases, false);
    let birth_year = cf::year(text(f.birth_year.as_ref()), Utc::now().year())
        .map_err(|code| e.add("birth_year", code))
        .unwrap_or_default();
    let rules = email_rules(&ctx.db).await?;
    let raw_email = text(f.email.as_ref());
    let email = signer_email_field(raw_email, &rules, &mut e);
    let locale = Locale::ALL
        .into_iter()
        .find(|l| Some(l.code()) == f.language.as_deref());
    if locale.is_none() {
        e.add("language", "invalid-choice");
    }
    let openness = match f.openness.as_deref() {
        None | Some("") => {
            e.add("openness", "required");
            None
        }
        Some(v) => Openness::parse(v).or_else(|| {
            e.add("openness", "invalid-choice");
            None
        }),
    };
    let mut only_relationships = Vec::new();
    for r in &f.only_relationships {
        match Relationship::parse(r).filter(|x| relationships().any(|y| y == *x)) {
            Some(rel) if !only_relationships.contains(&rel.as_str().to_owned()) => {
                only_relationships.push(rel.as_str().to_owned());
            }
            Some(_) => {}
            None => e.add("only_relationships", "invalid-choice"),
        }
    }
    if openness == Some(Openness::Relationships) && only_relationships.is_empty() {
        e.add("only_relationships", "contact-relationships-needed");
    }
    if openness == Some(Openness::Named) && only_names.is_empty() {
        e.add("only_names", "contact-names-needed");
    }
    if f.consent.as_deref() != Some("yes") {
        e.add("consent", "consent-required");
    }
    let (Some(email), Some(locale), Some(openness)) = (email, locale, openness) else {
        return Ok(Err(e));
    };
    if !e.is_empty() {
        return Ok(Err(e));
    }
    let names: Vec<String> = [name_latin, name_persian]
        .into_iter()
        .filter(|n| !n.is_empty())
        .chain(aliases)
        .collect();
    Ok(Ok(RegistrationInput {
        data: RegistrationData {
            names,
            birth_year,
            father_name,
            places,
            email: String::new(),
        },
        email,
        openness,
        rules: RegistrationRules {
            only_relationships: if openness == Openness::Relationships {
                only_relationships
            } else {
                Vec::new()
            },
            only_names: if openness == Openness::Named {
                only_names
            } else {
                Vec::new()
            },
            deny_names,
            deny_aliases,
            deny_relationships: Vec::new(),
            deny_requester_keys: Vec::new(),
        },
        locale,
    }))
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
            Ok(Answer::Redirect(Redirect::to(uri!(super::forms::sent))))
        }
        Err(errors) => Ok(Answer::Page((
            Status::UnprocessableEntity,
            register_page(&page, Some(&form), &errors),
        ))),
    }
}

/// The registration form's routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![register_form, register_submit]
}
