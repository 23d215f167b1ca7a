//! The public contact request form: up to three sought-person blocks, checked field by
//! field, and always answered by the same "check your inbox" page.

use super::forms::{countries, digits, relationships, summary, text};
use crate::context::AppContext;
use crate::domain::contact::form as cf;
use crate::domain::contact::records::SoughtData;
use crate::domain::people::country;
use crate::domain::people::email::email_rules;
use crate::domain::people::names::clean_name;
use crate::domain::people::relationship::Relationship;
use crate::error::AppError;
use crate::i18n::{Locale, TextArg};
use crate::services::contact::intake::{self as svc, MAX_SOUGHT, RequestInput};
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

/// A sought-person block of the request form (`s1.name_latin`, `s2.…`).
#[derive(Debug, FromForm)]
pub struct SoughtForm {
    name_latin: Option<String>,
    name_persian: Option<String>,
    aliases: Option<String>,
    birth_year: Option<String>,
    father_name: Option<String>,
    birthplace: Option<String>,
    last_place: Option<String>,
    last_year: Option<String>,
    facts: Option<String>,
}

/// The fields of a sought-person block, in form order, with their label keys.
const SOUGHT_FIELDS: [(&str, &str); 9] = [
    ("name_latin", "contact-sought-name-latin"),
    ("name_persian", "contact-sought-name-persian"),
    ("aliases", "contact-sought-aliases"),
    ("birth_year", "contact-sought-birth-year"),
    ("father_name", "contact-sought-father"),
    ("birthplace", "contact-sought-birthplace"),
    ("last_place", "contact-sought-last-place"),
    ("last_year", "contact-sought-last-year"),
    ("facts", "contact-sought-facts"),
];

/// The contact request form.
#[derive(Debug, FromForm)]
pub struct RequestForm {
    name: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    country: Option<String>,
    relationship: Option<String>,
    s1: SoughtForm,
    s2: SoughtForm,
    s3: SoughtForm,
    message: Option<String>,
    consent: Option<String>,
}

/// The request form's own fields in order: name, label key, control to focus. The
/// sought-person blocks come between `relationship` and `message`.
const REQUEST_FIELDS: [(&str, &str, &str); 7] = [
    ("name", "contact-your-name", "name"),
    ("email", "contact-your-email", "email"),
    ("phone", "contact-your-phone", "phone"),
    ("country", "contact-your-country", "country"),
    ("relationship", "contact-relationship", "relationship"),
    ("message", "contact-message", "message"),
    ("consent", "contact-consent-short", "consent-box"),
];

fn block_label(locale: Locale, n: usize) -> String {
    locale.t_args(
        "contact-person-n",
        &[("n", TextArg::Str(&digits(locale, n)))],
    )
}

fn request_order(locale: Locale) -> Vec<(String, String, String)> {
    let own = |i: usize| {
        let (f, label, focus) = REQUEST_FIELDS[i];
        (f.to_owned(), locale.t(label), focus.to_owned())
    };
    let mut order: Vec<_> = (0..5).map(own).collect();
    for n in 1..=MAX_SOUGHT {
        for (f, label) in SOUGHT_FIELDS {
            order.push((
                format!("s{n}.{f}"),
                format!("{} — {}", block_label(locale, n), locale.t(label)),
                format!("s{n}-{f}"),
            ));
        }
    }
    order.extend((5..REQUEST_FIELDS.len()).map(own));
    order
}

fn request_page(page: &Page, raw: &BTreeMap<String, String>, errors: &FieldErrors) -> Template {
    let locale = page.locale;
    let (by_field, error_summary) = summary(errors, locale, &request_order(locale));
    let mut values = Map::new();
    for (f, _, _) in REQUEST_FIELDS {
        values.insert(f.to_owned(), text(raw.get(f)).into());
    }
    let blocks: Vec<Value> = (1..=MAX_SOUGHT)
        .map(|n| {
            let mut v = Map::new();
            let mut e = Map::new();
            for (f, _) in SOUGHT_FIELDS {
                let key = format!("s{n}.{f}");
                v.insert(f.to_owned(), text(raw.get(&key)).into());
                if let Some(msgs) = by_field.get(&key) {
                    e.insert(f.to_owned(), json!(msgs));
                }
            }
            let filled = v.values().any(|x| x.as_str().is_some_and(|s| !s.is_empty()));
            json!({
                "n": n,
                "label": block_label(locale, n),
                "add_label": locale.t_args("contact-add-person", &[("n", TextArg::Str(&digits(locale, n)))]),
                "first": n == 1,
                "open": n == 1 || filled || !e.is_empty(),
                "values": v,
                "errors": e,
                "facts_max": cf::MAX_FACTS_CHARS,
            })
        })
        .collect();
    let relationship = Relationship::parse(text(raw.get("relationship")));
    let rels: Vec<Value> = relationships()
        .map(|r| json!({ "value": r.as_str(), "label": locale.t(&format!("relationship-{}", r.as_str())), "selected": Some(r) == relationship }))
        .collect();
    page.render(
        "contact/request",
        "contact-request-title",
        json!({
            "values": values,
            "blocks": blocks,
            "countries": countries(locale, text(raw.get("country"))),
            "relationships": rels,
            "language_name": locale.native_name(),
            "consent_checked": raw.get("consent").is_some_and(|v| v == "yes"),
            "message_max": cf::MAX_MESSAGE_CHARS,
            "errors": by_field,
            "error_summary": error_summary,
        }),
    )
}

/// Checks one sought-person block; `None` when it was left empty.
fn check_sought(
    n: usize,
    f: &SoughtForm,
    this_year: i32,
    e: &mut FieldErrors,
) -> Option<SoughtData> {
    let fields = [
        &f.name_latin,
        &f.name_persian,
        &f.aliases,
        &f.birth_year,
        &f.father_name,
        &f.birthplace,
        &f.last_place,
        &f.last_year,
        &f.facts,
    ];
    if fields
        .iter()
        .all(|v| v.as_deref().is_none_or(|s| s.trim().is_empty()))
    {
        return None;
    }
    let before = e.clone();
    let key = |field: &str| format!("s{n}.{field}");
    let mut take = |field: &str, r: Result<String, &'static str>| {
        r.map_err(|code| e.add(&key(field), code))
            .unwrap_or_default()
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
    let birthplace = take(
        "birthplace",
        cf::any_name(text(f.birthplace.as_ref()), true),
    );
    let last_place = take(
        "last_place",
        cf::any_name(text(f.last_place.as_ref()), true),
    );
    let facts = take(
        "facts",
        cf::free_text(text(f.facts.as_ref()), cf::MAX_FACTS_CHARS),
    );
    let aliases = cf::lines(text(f.aliases.as_ref()), false)
        .map_err(|code| e.add(&key("aliases"), code))
        .unwrap_or_default();
    let birth_year = cf::year(text(f.birth_year.as_ref()), this_year)
        .map_err(|code| e.add(&key("birth_year"), code))
        .unwrap_or_default();
    let last_year = cf::year(text(f.last_year.as_ref()), this_year)
        .map_err(|code| e.add(&key("last_year"), code))
        .unwrap_or_default();
    if let (Some(b), Some(l)) = (birth_year, last_year)
        && l < b
    {
        e.add(&key("last_year"), "contact-year-order");
    }
    let no_name = text(f.name_latin.as_ref()).trim().is_empty()
        && text(f.name_persian.as_ref()).trim().is_empty();
    if no_name {
        e.add(&key("name_latin"), "contact-name-needed");
    }
    if *e != before {
        // Errors of this block are reported; the caller refuses the form.
        return Some(SoughtData::default());
    }
    Some(SoughtData {
        name_latin,
        name_persian,
        aliases,
        birth_year,
        father_name,
        birthplace,
        last_place,
        last_year,
        facts,
    })
}

async fn check_request(
    ctx: &AppContext,
    form: &CsrfForm<RequestForm>,
) -> Result<Result<RequestInput, FieldErrors>, AppError> {
    let mut e = FieldErrors::default();
    let f = match &form.parsed {
        Ok(f) => f,
        Err(parse) => {
            e = parse.clone();
            if e.is_empty() {
                e.add("name", "invalid");
            }
            return Ok(Err(e));
        }
    };
    let name = clean_name(text(f.name.as_ref()), true, false)
        .map_err(|p| e.add("name", p.code()))
        .ok();
    let rules = email_rules(&ctx.db).await?;
    let raw_email = text(f.email.as_ref());
    let email = signer_email_field(raw_email, &rules, &mut e);
    let phone = cf::phone(text(f.phone.as_ref()))
        .map_err(|code| e.add("phone", code))
        .ok();
    let country_code = text(f.country.as_ref()).to_owned();
    if country_code.is_empty() {
        e.add("country", "required");
    } else if !country::is_known(&country_code) {
        e.add("country", "invalid-choice");
    }
    let rel_raw = text(f.relationship.as_ref());
    let relationship = Relationship::parse(rel_raw).filter(|r| relationships().any(|x| x == *r));
    if rel_raw.is_empty() {
        e.add("relationship", "required");
    } else if relationship.is_none() {
        e.add("relationship", "invalid-choice");
    }
    let this_year = Utc::now().year();
    let sought: Vec<SoughtData> = [&f.s1, &f.s2, &f.s3]
        .into_iter()
        .enumerate()
        .filter_map(|(i, s)| check_sought(i + 1, s, this_year, &mut e))
        .collect();
    if sought.is_empty() {
        e.add("s1.name_latin", "contact-sought-needed");
    }
    let message = cf::free_text(text(f.message.as_ref()), cf::MAX_MESSAGE_CHARS)
        .map_err(|code| e.add("message", code))
        .ok();
    if f.consent.as_deref() != Some("yes") {
        e.add("consent", "consent-required");
    }
    match (name, email, phone, relationship, message) {
        (Some(name), Some(email), Some(phone), Some(relationship), Some(message))
            if e.is_empty() =>
        {
            Ok(Ok(RequestInput {
                name,
                email,
                phone,
                country: country_code,
                relationship,
                message,
                sought,
            }))
        }
        _ => Ok(Err(e)),
    }
}

#[get("/contact/request")]
fn request_form(page: Page) -> Template {
    request_page(&page, &BTreeMap::new(), &FieldErrors::default())
}

#[post("/contact/request", data = "<form>")]
async fn request_submit(
    page: Page,
    ctx: &State<AppContext>,
    ip: ClientIp,
    _l: RateLimited,
    form: CsrfForm<RequestForm>,
) -> Result<Answer, AppError> {
    match check_request(ctx, &form).await? {
        Ok(input) => {
            svc::file_request(ctx, input, ip.0, page.locale, Utc::now()).await?;
            Ok(Answer::Redirect(Redirect::to(uri!(super::forms::sent))))
        }
        Err(errors) => Ok(Answer::Page((
            Status::UnprocessableEntity,
            request_page(&page, &form.raw, &errors),
        ))),
    }
}

/// The contact request form's routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![request_form, request_submit]
}
