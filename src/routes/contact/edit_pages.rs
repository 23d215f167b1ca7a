//! Changing and erasing one's own contact record (issue #14): the registered person's
//! change form (names, openness, allow list, vetoes), the requester's additions to a person
//! they seek, "erase my data now" on both pages (a confirmation step first, never a button
//! beside another), and the page that says what was erased.

use super::answer::invalid_link;
use super::form_parts::{digits, relationship_choices, text};
use super::forms::{
    ConfirmedForm, RegistrationEditForm, SoughtAddForm, check_registration_edit, check_sought_add,
};
use crate::context::AppContext;
use crate::domain::contact::form as cf;
use crate::domain::contact::records::Openness;
use crate::error::AppError;
use crate::i18n::{Locale, TextArg};
use crate::ids::Token;
use crate::services::contact::editing::{self as svc, AddOutcome, SoughtEntry};
use crate::services::contact::intake::{self as intake, Change, RequestStatus};
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill};
use crate::web::guards::csrf::CsrfForm;
use crate::web::guards::rate_limit::{LinkRateLimited, RateLimited};
use crate::web::page::Page;
use chrono::Utc;
use rocket::response::Redirect;
use rocket::{State, get, post, routes};
use rocket_dyn_templates::Template;
use serde_json::{Value, json};
use std::collections::BTreeMap;

// ---------------------------------------------------------------- the registered person

/// The change form's fields in order: name, label key, control to focus.
const EDIT_FIELDS: [(&str, &str, &str); 6] = [
    ("names", "contact-edit-names", "names"),
    ("openness", "contact-openness-legend", "openness-anyone"),
    (
        "only_relationships",
        "contact-only-relationships",
        "only-rel-parent",
    ),
    ("only_names", "contact-only-names", "only_names"),
    ("deny_names", "contact-deny-names", "deny_names"),
    ("deny_aliases", "contact-deny-aliases", "deny_aliases"),
];

fn registration_path(token: &Token) -> String {
    format!("/contact/registration/{}", token.as_str())
}

fn status_path(token: &Token) -> String {
    format!("/contact/status/{}", token.as_str())
}

/// The change form, filled with `values` (the stored record, or what was submitted).
fn edit_template(
    page: &Page,
    token: &Token,
    values: &BTreeMap<String, String>,
    checked: &[String],
    errors: &FieldErrors,
) -> Template {
    let locale = page.locale;
    let refill = Refill::labelled(locale, errors, &EDIT_FIELDS);
    let openness = Openness::parse(text(values.get("openness")));
    let choices: Vec<Value> = Openness::ALL
        .iter()
        .map(|o| json!({ "value": o.as_str(), "label": locale.t(&format!("contact-openness-{}", o.as_str())), "checked": Some(*o) == openness }))
        .collect();
    let mut shown = serde_json::Map::new();
    for (f, _, _) in EDIT_FIELDS {
        shown.insert(f.to_owned(), text(values.get(f)).into());
    }
    page.render_form(
        "contact/edit_registration",
        "contact-edit-title",
        &refill,
        json!({
            "token": token.as_str(),
            "values": shown,
            "openness": choices,
            "relationships": relationship_choices(locale, checked),
        }),
    )
}

#[get("/contact/registration/<token>/edit")]
async fn registration_edit_form(
    token: Option<Token>,
    _l: LinkRateLimited,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    let Some(view) = intake::registration_view(ctx, token, Utc::now()).await? else {
        return Ok(invalid_link(&page));
    };
    if !matches!(view.status, RequestStatus::InProgress { .. }) {
        return Ok(Answer::Redirect(Redirect::to(registration_path(token))));
    }
    let values: BTreeMap<String, String> = [
        ("names", view.data.names.join("\n")),
        ("openness", view.openness.as_str().to_owned()),
        ("only_names", view.rules.only_names.join("\n")),
        ("deny_names", view.rules.deny_names.join("\n")),
        ("deny_aliases", view.rules.deny_aliases.join("\n")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    Ok(Answer::ok(edit_template(
        &page,
        token,
        &values,
        &view.rules.only_relationships,
        &FieldErrors::default(),
    )))
}

#[post("/contact/registration/<token>/edit", data = "<form>")]
async fn registration_edit(
    token: Option<Token>,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    form: CsrfForm<RegistrationEditForm>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    match check_registration_edit(&form) {
        Ok(edit) => Ok(
            match svc::edit_registration(ctx, token, edit, Utc::now()).await? {
                Change::Done => Answer::Redirect(Redirect::to(format!(
                    "{}?notice=edited",
                    registration_path(token)
                ))),
                Change::Unchanged => Answer::Redirect(Redirect::to(registration_path(token))),
                Change::Invalid => invalid_link(&page),
            },
        ),
        Err(errors) => {
            // Only a live link gets its form back; any other gets what it always got.
            if intake::registration_view(ctx, token, Utc::now())
                .await?
                .is_none()
            {
                return Ok(invalid_link(&page));
            }
            let checked: Vec<String> = match &form.parsed {
                Ok(f) => f.only_relationships.clone(),
                Err(_) => form
                    .raw
                    .get("only_relationships")
                    .cloned()
                    .into_iter()
                    .collect(),
            };
            Ok(Answer::refused(edit_template(
                &page, token, &form.raw, &checked, &errors,
            )))
        }
    }
}

// ---------------------------------------------------------------- erasing

/// "Erase your data?": what goes, what stays, that it cannot be undone, and the one button
/// that does it (on a page of its own).
fn erase_page(page: &Page, kind: &str, action: &str, back: &str) -> Answer {
    Answer::ok(page.render(
        "contact/erase",
        &format!("contact-erase-{kind}-title"),
        json!({ "kind": kind, "action": action, "back": back }),
    ))
}

fn erased(kind: &str) -> Answer {
    Answer::Redirect(Redirect::to(format!("/contact/erased/{kind}")))
}

#[get("/contact/registration/<token>/erase")]
async fn registration_erase_form(
    token: Option<Token>,
    _l: LinkRateLimited,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    registration_erase_question(&page, ctx, token).await
}

/// The question before erasing a registration, for a live link only.
async fn registration_erase_question(
    page: &Page,
    ctx: &AppContext,
    token: &Token,
) -> Result<Answer, AppError> {
    if intake::registration_view(ctx, token, Utc::now())
        .await?
        .is_none()
    {
        return Ok(invalid_link(page));
    }
    let back = registration_path(token);
    Ok(erase_page(
        page,
        "registration",
        &format!("{back}/erase"),
        &back,
    ))
}

#[post("/contact/registration/<token>/erase", data = "<form>")]
async fn registration_erase(
    token: Option<Token>,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    form: CsrfForm<ConfirmedForm>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    if !form.parsed.as_ref().is_ok_and(ConfirmedForm::is_confirmed) {
        return registration_erase_question(&page, ctx, token).await;
    }
    Ok(
        match svc::erase_registration(ctx, token, Utc::now()).await? {
            Change::Done => erased("registration"),
            Change::Unchanged | Change::Invalid => invalid_link(&page),
        },
    )
}

#[get("/contact/status/<token>/erase")]
async fn status_erase_form(
    token: Option<Token>,
    _l: LinkRateLimited,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    request_erase_question(&page, ctx, token).await
}

/// The question before erasing a request, for a live link only (the same page whatever
/// exists behind the request).
async fn request_erase_question(
    page: &Page,
    ctx: &AppContext,
    token: &Token,
) -> Result<Answer, AppError> {
    if intake::request_status(ctx, token, Utc::now())
        .await?
        .is_none()
    {
        return Ok(invalid_link(page));
    }
    let back = status_path(token);
    Ok(erase_page(page, "request", &format!("{back}/erase"), &back))
}

#[post("/contact/status/<token>/erase", data = "<form>")]
async fn status_erase(
    token: Option<Token>,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    form: CsrfForm<ConfirmedForm>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    if !form.parsed.as_ref().is_ok_and(ConfirmedForm::is_confirmed) {
        return request_erase_question(&page, ctx, token).await;
    }
    Ok(match svc::erase_request(ctx, token, Utc::now()).await? {
        Change::Done => erased("request"),
        Change::Unchanged | Change::Invalid => invalid_link(&page),
    })
}

/// What was erased, and what stays.
#[get("/contact/erased/<kind>")]
fn erased_page(kind: &str, page: Page) -> Option<Template> {
    let kind = match kind {
        "request" => "request",
        "registration" => "registration",
        _ => return None,
    };
    Some(page.render(
        "contact/erased",
        "contact-erased-title",
        json!({ "kind": kind }),
    ))
}

// ---------------------------------------------------------------- the requester's additions

/// The fields of the additions form: name, label key, control to focus.
const ADD_FIELDS: [(&str, &str, &str); 2] = [
    ("aliases", "contact-add-aliases", "aliases"),
    ("facts", "contact-add-facts", "facts"),
];

fn person_name(locale: Locale, entry: &SoughtEntry) -> String {
    entry
        .data
        .all_names()
        .into_iter()
        .next()
        .unwrap_or_else(|| {
            let n = usize::try_from(entry.position).unwrap_or(0);
            locale.t_args(
                "contact-person-n",
                &[("n", TextArg::Str(&digits(locale, n)))],
            )
        })
}

fn add_template(
    page: &Page,
    token: &Token,
    entry: &SoughtEntry,
    raw: &BTreeMap<String, String>,
    errors: &FieldErrors,
) -> Template {
    let locale = page.locale;
    let refill = Refill::labelled(locale, errors, &ADD_FIELDS);
    let name = person_name(locale, entry);
    page.render_titled_form(
        "contact/add_sought",
        &locale.t_args("contact-add-title", &[("name", TextArg::Str(&name))]),
        &refill,
        json!({
            "token": token.as_str(),
            "position": entry.position,
            "name": name,
            "names": entry.data.all_names(),
            "values": { "aliases": text(raw.get("aliases")), "facts": text(raw.get("facts")) },
            "facts_max": cf::MAX_FACTS_CHARS,
        }),
    )
}

/// The person at `position` on the request behind `token`, while the request is in force.
async fn sought_entry(
    ctx: &AppContext,
    token: &Token,
    position: &str,
) -> Result<Option<SoughtEntry>, AppError> {
    if !matches!(
        intake::request_status(ctx, token, Utc::now()).await?,
        Some(RequestStatus::InProgress { .. })
    ) {
        return Ok(None);
    }
    let Ok(position) = position.parse::<i32>() else {
        return Ok(None);
    };
    Ok(svc::sought_entries(ctx, token)
        .await?
        .and_then(|all| all.into_iter().find(|e| e.position == position)))
}

#[get("/contact/status/<token>/person/<position>")]
async fn sought_add_form(
    token: Option<Token>,
    position: &str,
    _l: LinkRateLimited,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    let Some(entry) = sought_entry(ctx, token, position).await? else {
        return Ok(invalid_link(&page));
    };
    Ok(Answer::ok(add_template(
        &page,
        token,
        &entry,
        &BTreeMap::new(),
        &FieldErrors::default(),
    )))
}

#[post("/contact/status/<token>/person/<position>", data = "<form>")]
async fn sought_add(
    token: Option<Token>,
    position: &str,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    form: CsrfForm<SoughtAddForm>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    // Looked up after the CSRF check: a malformed place is simply not on their request.
    let Some(entry) = sought_entry(ctx, token, position).await? else {
        return Ok(invalid_link(&page));
    };
    let refused = |errors: FieldErrors| {
        Answer::refused(add_template(&page, token, &entry, &form.raw, &errors))
    };
    let additions = match check_sought_add(&form) {
        Ok(a) => a,
        Err(errors) => return Ok(refused(errors)),
    };
    let mut errors = FieldErrors::default();
    match svc::add_to_sought(ctx, token, entry.position, &additions, Utc::now()).await? {
        AddOutcome::Done => {
            return Ok(Answer::Redirect(Redirect::to(format!(
                "{}?notice=added",
                status_path(token)
            ))));
        }
        AddOutcome::Unchanged => {
            return Ok(Answer::Redirect(Redirect::to(status_path(token))));
        }
        AddOutcome::Invalid => return Ok(invalid_link(&page)),
        AddOutcome::TooManyAliases => errors.add("aliases", "contact-too-many-aliases"),
        AddOutcome::FactsTooLong => errors.add("facts", "too-long"),
    }
    Ok(refused(errors))
}

/// The routes of this module.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![
        registration_edit_form,
        registration_edit,
        registration_erase_form,
        registration_erase,
        status_erase_form,
        status_erase,
        erased_page,
        sought_add_form,
        sought_add,
    ]
}
