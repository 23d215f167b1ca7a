//! Public contact pages: the contact request form and the self-registration form (each
//! always answered by the same "check your inbox" page, whatever was submitted before);
//! the verification link (a GET shows a button, the POST verifies, so mail scanners that
//! open links change nothing); the requester's status page and the registered person's
//! management page, each with renewal and withdrawal.

use crate::context::AppContext;
use crate::domain::contact::form as cf;
use crate::domain::contact::records::{Openness, RegistrationData, RegistrationRules, SoughtData};
use crate::domain::people::country;
use crate::domain::petitions::signature::{self as sig, Relationship};
use crate::error::AppError;
use crate::i18n::{Locale, TextArg};
use crate::services::contact::intake::{
    self as svc, Change, Kind, MAX_SOUGHT, RegistrationInput, RequestInput, RequestStatus,
    VerifyTarget,
};
use crate::services::petitions::sign as petition_sign;
use crate::web::client_ip::ClientIp;
use crate::web::csrf::{CsrfForm, TokenOnly};
use crate::web::forms::{FieldErrors, ShownError, signer_email_field};
use crate::web::page::Page;
use crate::web::rate_limit::{LinkRateLimited, RateLimited};
use chrono::{Datelike, Utc};
use rocket::form::FromForm;
use rocket::http::Status;
use rocket::response::Redirect;
use rocket::{Responder, State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// A page or a redirect.
#[derive(Responder)]
pub enum Answer {
    /// Go on.
    Redirect(Redirect),
    /// A page with a status.
    Page((Status, Template)),
}

/// The relationships a requester may give (the petition's list without "prefer not to say").
fn relationships() -> impl Iterator<Item = Relationship> {
    Relationship::ALL
        .iter()
        .copied()
        .filter(|r| *r != Relationship::None)
}

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

/// One summary entry per error, in `order` (field, translated label, control to focus),
/// each naming its field; fields not in `order` come last, unlabelled.
fn summary(
    errors: &FieldErrors,
    locale: Locale,
    order: &[(String, String, String)],
) -> (BTreeMap<String, Vec<String>>, Vec<ShownError>) {
    let (by_field, _) = errors.shown(locale);
    let position = |f: &str| order.iter().position(|o| o.0 == f).unwrap_or(usize::MAX);
    let mut fields: Vec<&String> = by_field.keys().collect();
    fields.sort_by_key(|f| position(f));
    let mut out = Vec::new();
    for f in fields {
        let known = order.iter().find(|o| o.0 == *f);
        for m in &by_field[f] {
            out.push(ShownError {
                field: known.map_or_else(|| f.clone(), |o| o.2.clone()),
                message: known.map_or_else(|| m.clone(), |o| format!("{}: {m}", o.1)),
            });
        }
    }
    (by_field, out)
}

/// A submitted value, or "" when absent.
fn text(v: Option<&String>) -> &str {
    v.map_or("", String::as_str)
}

fn countries(locale: Locale, selected: &str) -> Vec<Value> {
    country::options(locale.code())
        .into_iter()
        .map(|c| json!({ "code": c.code, "name": c.name, "selected": c.code == selected }))
        .collect()
}

fn relationship_choices(locale: Locale, checked: &[String]) -> Vec<Value> {
    relationships()
        .map(|r| {
            json!({
                "value": r.as_str(),
                "label": locale.t(&format!("relationship-{}", r.as_str())),
                "checked": checked.iter().any(|c| c == r.as_str()),
            })
        })
        .collect()
}

// ---------------------------------------------------------------- the request form

/// `n` in the reader's digits (Persian digits in Persian).
fn digits(locale: Locale, n: usize) -> String {
    let ascii = n.to_string();
    match locale {
        Locale::Fa => cf::persian_digits(&ascii),
        Locale::En | Locale::Fr => ascii,
    }
}

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
    let relationship = text(raw.get("relationship"));
    let rels: Vec<Value> = relationships()
        .map(|r| json!({ "value": r.as_str(), "label": locale.t(&format!("relationship-{}", r.as_str())), "selected": r.as_str() == relationship }))
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
    let name = sig::clean_name(text(f.name.as_ref()), true, false)
        .map_err(|p| e.add("name", p.code()))
        .ok();
    let settings = petition_sign::settings(ctx).await?;
    let raw_email = text(f.email.as_ref());
    let email = signer_email_field(raw_email, settings.rules(), &mut e);
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
    let relationship = relationships().find(|r| r.as_str() == rel_raw);
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
            Ok(Answer::Redirect(Redirect::to(uri!(sent))))
        }
        Err(errors) => Ok(Answer::Page((
            Status::UnprocessableEntity,
            request_page(&page, &form.raw, &errors),
        ))),
    }
}

#[get("/contact/sent")]
fn sent(page: Page) -> Template {
    page.render("contact/sent", "contact-sent-title", json!({}))
}

// ---------------------------------------------------------------- the registration form

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
    let openness = text(raw.get("openness")).to_owned();
    let choices: Vec<Value> = Openness::ALL
        .iter()
        .map(|o| json!({ "value": o.as_str(), "label": locale.t(&format!("contact-openness-{}", o.as_str())), "checked": o.as_str() == openness }))
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
    let settings = petition_sign::settings(ctx).await?;
    let raw_email = text(f.email.as_ref());
    let email = signer_email_field(raw_email, settings.rules(), &mut e);
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
        match relationships().find(|x| x.as_str() == r) {
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
            Ok(Answer::Redirect(Redirect::to(uri!(sent))))
        }
        Err(errors) => Ok(Answer::Page((
            Status::UnprocessableEntity,
            register_page(&page, Some(&form), &errors),
        ))),
    }
}

// ---------------------------------------------------------------- verification

/// The "this link cannot be used" page (404), for every personal link.
pub(crate) fn invalid_link(page: &Page) -> Answer {
    Answer::Page((
        Status::NotFound,
        page.render("contact/invalid", "contact-invalid-title", json!({})),
    ))
}

fn verify_page(page: &Page, token: &str, target: VerifyTarget) -> Answer {
    let (step, kind) = match target {
        VerifyTarget::Ready(k) => ("ready", k),
        VerifyTarget::Done(k) => ("done", k),
        VerifyTarget::Invalid => return invalid_link(page),
    };
    let kind = match kind {
        Kind::Request => "request",
        Kind::Registration => "registration",
    };
    Answer::Page((
        Status::Ok,
        page.render(
            "contact/verify",
            &format!("contact-verify-{step}-title"),
            json!({ "step": step, "kind": kind, "token": token }),
        ),
    ))
}

#[get("/contact/verify/<token>")]
async fn verify_form(
    token: &str,
    _l: LinkRateLimited,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    let target = svc::verify_target(ctx, token, Utc::now()).await?;
    Ok(verify_page(&page, token, target))
}

#[post("/contact/verify/<token>", data = "<_form>")]
async fn verify(
    token: &str,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    _form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    let target = svc::verify(ctx, token, Utc::now()).await?;
    Ok(verify_page(&page, token, target))
}

// ---------------------------------------------------------------- status and management

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

/// The template data of a lifecycle status (shared by the status and management pages).
fn status_data(locale: Locale, status: &RequestStatus) -> Value {
    let (expires, expires_iso, renewable) = match status {
        RequestStatus::InProgress {
            expires_at,
            renewable,
        } => (
            Some(svc::format_date(locale, *expires_at)),
            Some(expires_at.format("%Y-%m-%d").to_string()),
            *renewable,
        ),
        RequestStatus::Expired | RequestStatus::Withdrawn => (None, None, false),
    };
    json!({
        "status": status.as_str(),
        "active": matches!(status, RequestStatus::InProgress { .. }),
        "expires": expires,
        "expires_iso": expires_iso,
        "renewable": renewable,
    })
}

fn merge(mut a: Value, b: Value) -> Value {
    if let (Some(a), Value::Object(b)) = (a.as_object_mut(), b) {
        a.extend(b);
    }
    a
}

#[post("/contact/status/<token>/renew", data = "<_form>")]
async fn status_renew(
    token: &str,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    _form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    let change = svc::renew_request(ctx, token, Utc::now()).await?;
    Ok(after_change(&page, change, "renewed", |n| {
        Redirect::to(uri!(crate::routes::contact::party::status_page(token, n)))
    }))
}

/// Where a renewal or withdrawal leads: back to the owner's page (with `notice` when it
/// took effect), or the invalid-link page.
fn after_change(
    page: &Page,
    change: Change,
    notice: &str,
    back: impl Fn(Option<&str>) -> Redirect,
) -> Answer {
    match change {
        Change::Done => Answer::Redirect(back(Some(notice))),
        Change::Unchanged => Answer::Redirect(back(None)),
        Change::Invalid => invalid_link(page),
    }
}

fn withdraw_page(page: &Page, kind: &str, token: &str) -> Answer {
    Answer::Page((
        Status::Ok,
        page.render(
            "contact/withdraw",
            &format!("contact-withdraw-{kind}-title"),
            json!({ "kind": kind, "token": token }),
        ),
    ))
}

#[get("/contact/status/<token>/withdraw")]
async fn status_withdraw_form(
    token: &str,
    _l: LinkRateLimited,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    Ok(match svc::request_status(ctx, token, Utc::now()).await? {
        Some(RequestStatus::InProgress { .. }) => withdraw_page(&page, "request", token),
        Some(_) => Answer::Redirect(Redirect::to(uri!(
            crate::routes::contact::party::status_page(token, None::<&str>)
        ))),
        None => invalid_link(&page),
    })
}

#[post("/contact/status/<token>/withdraw", data = "<_form>")]
async fn status_withdraw(
    token: &str,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    _form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    let change = svc::withdraw_request(ctx, token, Utc::now()).await?;
    Ok(after_change(&page, change, "withdrawn", |n| {
        Redirect::to(uri!(crate::routes::contact::party::status_page(token, n)))
    }))
}

/// The registered person's own page: what they registered, decrypted for them alone.
#[get("/contact/registration/<token>?<notice>")]
async fn registration_page(
    token: &str,
    _l: LinkRateLimited,
    notice: Option<&str>,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    let Some(view) = svc::registration_view(ctx, token, Utc::now()).await? else {
        return Ok(invalid_link(&page));
    };
    let locale = page.locale;
    let labels = |values: &[String]| -> Vec<String> {
        values
            .iter()
            .map(|r| locale.t(&format!("relationship-{r}")))
            .collect()
    };
    let data = merge(
        status_data(locale, &view.status),
        json!({
            "token": token,
            "notice": notice_key(notice),
            "names": view.data.names,
            "birth_year": view.data.birth_year.and_then(|y| usize::try_from(y).ok()).map(|y| digits(locale, y)),
            "father_name": view.data.father_name,
            "places": view.data.places,
            "email": view.data.email,
            "language": view.locale.native_name(),
            "language_code": view.locale.code(),
            "openness": format!("contact-openness-{}", view.openness.as_str()),
            "only_relationships": labels(&view.rules.only_relationships),
            "only_names": view.rules.only_names,
            "deny_names": view.rules.deny_names,
            "deny_aliases": view.rules.deny_aliases,
        }),
    );
    Ok(Answer::Page((
        Status::Ok,
        page.render("contact/registration", "contact-registration-title", data),
    )))
}

#[post("/contact/registration/<token>/renew", data = "<_form>")]
async fn registration_renew(
    token: &str,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    _form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    let change = svc::renew_registration(ctx, token, Utc::now()).await?;
    Ok(after_change(&page, change, "renewed", |n| {
        Redirect::to(uri!(registration_page(token, n)))
    }))
}

#[get("/contact/registration/<token>/withdraw")]
async fn registration_withdraw_form(
    token: &str,
    _l: LinkRateLimited,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    Ok(
        match svc::registration_view(ctx, token, Utc::now()).await? {
            Some(v) if matches!(v.status, RequestStatus::InProgress { .. }) => {
                withdraw_page(&page, "registration", token)
            }
            Some(_) => Answer::Redirect(Redirect::to(uri!(registration_page(token, None::<&str>)))),
            None => invalid_link(&page),
        },
    )
}

#[post("/contact/registration/<token>/withdraw", data = "<_form>")]
async fn registration_withdraw(
    token: &str,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    _form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    let change = svc::withdraw_registration(ctx, token, Utc::now()).await?;
    Ok(after_change(&page, change, "withdrawn", |n| {
        Redirect::to(uri!(registration_page(token, n)))
    }))
}

/// The public contact routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![
        request_form,
        request_submit,
        sent,
        register_form,
        register_submit,
        verify_form,
        verify,
        status_renew,
        status_withdraw_form,
        status_withdraw,
        registration_page,
        registration_renew,
        registration_withdraw_form,
        registration_withdraw,
    ]
}
