//! Case notes and the contact log on a request's or a match's own page
//! (`/staff/contact/requests/<id>/notes`, `/staff/contact/matches/<id>/notes`): the notes,
//! newest first and paginated (reading them is audited), the form that adds a note or logs
//! a call or meeting with an optional follow-up day, and "done" for a follow-up listed on
//! the staff home page. Caseworkers only; every form carries CSRF.

use crate::context::AppContext;
use crate::domain::staff::notes::{
    ContactChannel, ContactOutcome, MAX_FOLLOW_UP_DAYS, MAX_TEXT_CHARS, NoteKind,
};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{CaseNoteId, MatchId, RequestId};
use crate::services::staff::notes::{self, NewNote, Target};
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill};
use crate::web::guards::csrf::{CsrfForm, TokenOnly};
use crate::web::guards::staff_auth::CaseworkerStaff;
use crate::web::notice::Notices;
use crate::web::page::Page;
use crate::web::pagination::{self, PageNo};
use chrono::{NaiveDate, Utc};
use rocket::form::FromForm;
use rocket::http::Status;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The notices of the notes page.
const NOTICES: Notices = Notices::new("notes-notice-", &["added"]);

/// The note form as submitted.
#[derive(Debug, FromForm)]
pub struct NoteForm {
    kind: String,
    channel: Option<String>,
    outcome: Option<String>,
    text: String,
    follow_up_on: Option<String>,
}

/// The fields of the note form, in order, with their labels (for the error summary).
const FIELDS: &[(&str, &str, &str)] = &[
    ("kind", "notes-field-kind", "kind-note"),
    ("channel", "notes-field-channel", "channel"),
    ("outcome", "notes-field-outcome", "outcome"),
    ("text", "notes-field-text", "text"),
    ("follow_up_on", "notes-field-follow-up", "follow_up_on"),
];

/// A day typed year-month-day, Gregorian or Solar Hijri, in any digits (as every date field
/// reads it: [`crate::i18n::calendar::read_day`]); empty is `Ok(None)`.
///
/// # Errors
/// The message code of the problem (`calendar-day-format`, `calendar-day-range`).
pub(crate) fn parse_day(raw: Option<&str>) -> Result<Option<NaiveDate>, &'static str> {
    let raw = raw.unwrap_or_default().trim();
    if raw.is_empty() {
        return Ok(None);
    }
    crate::i18n::calendar::read_day(raw)
        .map(|(day, _)| Some(day))
        .map_err(|p| p.day_code())
}

/// Turns a submitted form into a note, or the field errors.
fn check(form: &NoteForm, today: NaiveDate) -> Result<NewNote, FieldErrors> {
    let mut errors = FieldErrors::default();
    let kind = NoteKind::parse(&form.kind);
    if kind.is_none() {
        errors.add("kind", "invalid-choice");
    }
    fn pick(raw: &Option<String>) -> Option<&str> {
        raw.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    let channel = pick(&form.channel).map(ContactChannel::parse);
    if channel == Some(None) {
        errors.add("channel", "invalid-choice");
    }
    let outcome = pick(&form.outcome).map(ContactOutcome::parse);
    if outcome == Some(None) {
        errors.add("outcome", "invalid-choice");
    }
    let follow_up_on = match parse_day(form.follow_up_on.as_deref()) {
        Ok(d) => d,
        Err(code) => {
            errors.add("follow_up_on", code);
            None
        }
    };
    let note = NewNote {
        kind: kind.unwrap_or(NoteKind::Note),
        channel: channel.flatten(),
        outcome: outcome.flatten(),
        text: form.text.clone(),
        follow_up_on,
    };
    if kind.is_some() {
        for p in note.problems(today) {
            errors.add(p.field, p.code);
        }
    }
    if errors.is_empty() {
        Ok(note)
    } else {
        Err(errors)
    }
}

/// A choice list for a select: value, translated label, selected.
fn options(locale: Locale, key: &str, values: &[&str], selected: Option<&str>) -> Vec<Value> {
    values
        .iter()
        .map(|v| {
            json!({
                "value": v,
                "label": locale.t(&format!("{key}{}", v.replace('_', "-"))),
                "selected": selected == Some(*v),
            })
        })
        .collect()
}

/// The page's path for `target`.
fn path(target: Target) -> String {
    match target {
        Target::Request(id) => format!("/staff/contact/requests/{id}/notes"),
        Target::Match(id) => format!("/staff/contact/matches/{id}/notes"),
    }
}

async fn notes_page(
    page: &Page,
    ctx: &AppContext,
    staff: &CaseworkerStaff<'_>,
    target: Target,
    asked: PageNo,
    notice: Option<String>,
    refused: Option<(FieldErrors, &BTreeMap<String, String>)>,
) -> Result<Answer, AppError> {
    let listed = notes::list(ctx, staff.0.account.id, target, asked).await?;
    let pager = pagination::links(page.locale, &path(target), &[], &listed);
    let locale = page.locale;
    let rows: Vec<Value> = listed
        .items
        .iter()
        .map(|n| {
            json!({
                "id": n.id,
                "match_id": n.match_id,
                "kind": n.kind,
                "channel": n.channel.map(|c| c.as_str().replace('_', "-")),
                "outcome": n.outcome.map(|o| o.as_str().replace('_', "-")),
                "text": n.text,
                "author": n.author,
                "at": n.at,
                "follow_up_on": n.follow_up_on.as_deref().map(|d| pagination::digits(locale, d)),
                "follow_up_done": n.follow_up_done,
            })
        })
        .collect();
    let (status, refill, values) = match refused {
        Some((errors, raw)) => (
            Status::UnprocessableEntity,
            Refill::labelled(locale, &errors, FIELDS)
                .with_values(raw, &["kind", "channel", "outcome", "text", "follow_up_on"]),
            raw.clone(),
        ),
        None => (
            Status::Ok,
            Refill::default().with_values(
                &BTreeMap::new(),
                &["kind", "channel", "outcome", "text", "follow_up_on"],
            ),
            BTreeMap::new(),
        ),
    };
    let value = |k: &str| values.get(k).map(String::as_str);
    let channels: Vec<&str> = ContactChannel::ALL.iter().map(|c| c.as_str()).collect();
    let outcomes: Vec<&str> = ContactOutcome::ALL.iter().map(|c| c.as_str()).collect();
    let (title_key, id) = match target {
        Target::Request(id) => ("notes-title-request", id.0),
        Target::Match(id) => ("notes-title-match", id.0),
    };
    #[expect(clippy::cast_precision_loss, reason = "a row id shown in a title")]
    let title = locale.t_args(title_key, &[("id", crate::i18n::TextArg::Num(id as f64))]);
    let (case_href, case_key) = match target {
        Target::Request(id) => (
            format!("/staff/contact/requests/{id}"),
            "notes-back-request",
        ),
        Target::Match(id) => (format!("/staff/contact/matches/{id}"), "notes-back-match"),
    };
    let today = Utc::now().date_naive();
    Ok(Answer::page(
        status,
        page.render_titled_form(
            "staff/notes",
            &title,
            &refill,
            json!({
                "staff": super::nav(staff.0),
                "action": path(target),
                "case_href": case_href,
                "case_key": case_key,
                "case_id": id,
                "notes": rows,
                "pager": pager,
                "notice": notice,
                "is_contact": value("kind") == Some("contact"),
                "channels": options(locale, "notes-channel-", &channels, value("channel")),
                "outcomes": options(locale, "notes-outcome-", &outcomes, value("outcome")),
                "text_max": MAX_TEXT_CHARS,
                "today": today.to_string(),
                "latest": (today + chrono::Duration::days(MAX_FOLLOW_UP_DAYS)).to_string(),
            }),
        ),
    ))
}

async fn show(
    page: &Page,
    ctx: &AppContext,
    staff: &CaseworkerStaff<'_>,
    target: Target,
    asked: Option<PageNo>,
    notice: Option<&str>,
) -> Result<Answer, AppError> {
    let Some(asked) = asked else {
        return Err(AppError::NotFound);
    };
    notes_page(
        page,
        ctx,
        staff,
        target,
        asked,
        NOTICES.message(notice),
        None,
    )
    .await
}

#[get("/staff/contact/requests/<id>/notes?<page>&<notice>")]
async fn request_notes(
    view: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: RequestId,
    page: Option<&str>,
    notice: Option<&str>,
) -> Result<Answer, AppError> {
    let asked = pagination::asked(page);
    show(&view, ctx, &staff, Target::Request(id), asked, notice).await
}

#[get("/staff/contact/matches/<id>/notes?<page>&<notice>")]
async fn match_notes(
    view: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: MatchId,
    page: Option<&str>,
    notice: Option<&str>,
) -> Result<Answer, AppError> {
    let asked = pagination::asked(page);
    show(&view, ctx, &staff, Target::Match(id), asked, notice).await
}

async fn add(
    page: &Page,
    ctx: &AppContext,
    staff: &CaseworkerStaff<'_>,
    target: Target,
    form: CsrfForm<NoteForm>,
) -> Result<Answer, AppError> {
    if !notes::exists(ctx, target).await? {
        return Err(AppError::NotFound);
    }
    let now = Utc::now();
    let checked = form.parsed.and_then(|f| check(&f, now.date_naive()));
    let note = match checked {
        Ok(n) => n,
        Err(errors) => {
            return notes_page(
                page,
                ctx,
                staff,
                target,
                PageNo::FIRST,
                None,
                Some((errors, &form.raw)),
            )
            .await;
        }
    };
    match notes::add(ctx, staff.0.account.id, target, &note, now).await? {
        Ok(_) => Ok(Redirect::to(format!("{}?notice=added", path(target))).into()),
        Err(problems) => {
            let mut errors = FieldErrors::default();
            for p in problems {
                errors.add(p.field, p.code);
            }
            notes_page(
                page,
                ctx,
                staff,
                target,
                PageNo::FIRST,
                None,
                Some((errors, &form.raw)),
            )
            .await
        }
    }
}

#[post("/staff/contact/requests/<id>/notes", data = "<form>")]
async fn add_request_note(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: RequestId,
    form: CsrfForm<NoteForm>,
) -> Result<Answer, AppError> {
    add(&page, ctx, &staff, Target::Request(id), form).await
}

#[post("/staff/contact/matches/<id>/notes", data = "<form>")]
async fn add_match_note(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: MatchId,
    form: CsrfForm<NoteForm>,
) -> Result<Answer, AppError> {
    add(&page, ctx, &staff, Target::Match(id), form).await
}

#[post("/staff/contact/notes/<id>/done", data = "<_form>")]
async fn follow_up_done(
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: CaseNoteId,
    _form: CsrfForm<TokenOnly>,
) -> Result<Redirect, AppError> {
    notes::mark_done(ctx, staff.0.account.id, id, Utc::now()).await?;
    Ok(Redirect::to(uri!(super::home::dashboard)))
}

/// The notes routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![
        request_notes,
        match_notes,
        add_request_note,
        add_match_note,
        follow_up_done
    ]
}
