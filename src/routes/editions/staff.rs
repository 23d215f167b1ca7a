//! Staff edition pages (organisers): freezing an edition, watching its bundle being built,
//! downloading it (audited), retrying a failed build, and recording hand-overs and their
//! later answers.

use super::forms::{AnswerForm, FreezeForm, HandoverForm};
use crate::context::AppContext;
use crate::domain::petitions::edition::{EditionState, HandoverMedium};
use crate::error::AppError;
use crate::i18n::{Locale, TextArg};
use crate::ids::{EditionId, HandoverId, PetitionId};
use crate::services::editions::{self as svc, NewHandover};
use crate::services::petitions::manage as petition_manage;
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill, note_ok};
use crate::web::guards::csrf::{CsrfForm, TokenOnly};
use crate::web::guards::staff_auth::OrganiserStaff;
use crate::web::page::Page;
use chrono::Utc;
use peyvand_export as export;
use rocket::http::{Header, Status};
use rocket::response::Redirect;
use rocket::{Responder, State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::json;
use std::collections::BTreeMap;

async fn list_view(
    page: &Page,
    ctx: &AppContext,
    staff: &OrganiserStaff<'_>,
    id: PetitionId,
    error: Option<&str>,
) -> Result<Template, AppError> {
    let Some(p) = petition_manage::detail(ctx, id, page.locale).await? else {
        return Err(AppError::NotFound);
    };
    let locales: Vec<serde_json::Value> = Locale::ALL
        .iter()
        .map(
            |l| json!({ "code": l.code(), "name": l.native_name(), "selected": *l == page.locale }),
        )
        .collect();
    Ok(page.render(
        "editions/staff/list",
        "editions-title",
        json!({
            "staff": crate::routes::staff::nav(staff.0),
            "petition": p,
            "editions": svc::list(ctx, id).await?,
            "book_locales": locales,
            "error": error,
        }),
    ))
}

#[get("/staff/petitions/<id>/editions")]
async fn editions(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
) -> Result<Template, AppError> {
    list_view(&page, ctx, &staff, id, None).await
}

#[post("/staff/petitions/<id>/editions", data = "<form>")]
async fn freeze(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    form: CsrfForm<FreezeForm>,
) -> Result<Answer, AppError> {
    let locale = form
        .parsed
        .as_ref()
        .ok()
        .and_then(|f| Locale::parse(&f.locale));
    let Some(locale) = locale else {
        return Ok(Answer::refused(
            list_view(&page, ctx, &staff, id, Some("form-error-invalid-choice")).await?,
        ));
    };
    let actor = crate::domain::audit::Actor::Staff(staff.0.account.id);
    match svc::freeze(ctx, actor, id, locale, Utc::now()).await? {
        Ok(e) => Ok(Answer::Redirect(Redirect::to(uri!(edition(
            id = e.id,
            notice = Some("frozen")
        ))))),
        Err(problem) => Ok(Answer::refused(
            list_view(&page, ctx, &staff, id, Some(problem.code())).await?,
        )),
    }
}

/// What the edition page says above the facts.
enum Said {
    /// Nothing.
    Nothing,
    /// A notice (its message key) after an action went through.
    Notice(String),
    /// Why an action was refused (its message key).
    Problem(&'static str),
}

/// A form sent back to the edition page: what was typed, what was wrong, and which
/// hand-over's answer form it was (none for the hand-over form).
#[derive(Clone, Copy)]
struct Filled<'a> {
    raw: &'a BTreeMap<String, String>,
    errors: &'a FieldErrors,
    answering: Option<HandoverId>,
}

impl Filled<'_> {
    /// Nothing typed.
    fn empty() -> Filled<'static> {
        static RAW: BTreeMap<String, String> = BTreeMap::new();
        static ERRORS: std::sync::LazyLock<FieldErrors> =
            std::sync::LazyLock::new(FieldErrors::default);
        Filled {
            raw: &RAW,
            errors: &ERRORS,
            answering: None,
        }
    }
}

async fn edition_view(
    page: &Page,
    ctx: &AppContext,
    staff: &OrganiserStaff<'_>,
    id: EditionId,
    said: Said,
    filled: Filled<'_>,
) -> Result<Template, AppError> {
    let Filled {
        raw,
        errors,
        answering,
    } = filled;
    let Some(e) = svc::get(ctx, id).await? else {
        return Err(AppError::NotFound);
    };
    let Some(p) = petition_manage::detail(ctx, e.petition_id, page.locale).await? else {
        return Err(AppError::NotFound);
    };
    let building = e.state == EditionState::Building && !svc::is_stale(&e, Utc::now());
    let refill = Refill::errors(page.locale, errors);
    let mut values = raw.clone();
    for f in [
        "recipient",
        "office",
        "handed_on",
        "acknowledgement",
        "answer",
        "later_answer",
        "answered_on",
    ] {
        values.entry(f.to_owned()).or_default();
    }
    let chosen = values.get("form").and_then(|f| HandoverMedium::parse(f));
    let forms: Vec<serde_json::Value> = HandoverMedium::ALL
        .iter()
        .map(|f| json!({ "value": f, "checked": chosen == Some(*f) }))
        .collect();
    let title = page.locale.t_args(
        "edition-number",
        &[("number", TextArg::Num(f64::from(e.number)))],
    );
    Ok(page.render_titled_form(
        "editions/staff/edition",
        &title,
        &refill,
        json!({
            "staff": crate::routes::staff::nav(staff.0),
            "petition": p,
            "edition": svc::EditionRow::from(e),
            "building": building,
            "fingerprint": export::fingerprint(&ctx.signing_key.verifying_key()),
            "handovers": svc::handovers(ctx, id).await?,
            "answering": answering,
            "forms": forms,
            "values": values,
            "notice": match &said {
                Said::Notice(n) => Some(n.as_str()),
                _ => None,
            },
            "problem": match said {
                Said::Problem(p) => Some(p),
                _ => None,
            },
        }),
    ))
}

#[get("/staff/editions/<id>?<notice>")]
async fn edition(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: EditionId,
    notice: Option<&str>,
) -> Result<Template, AppError> {
    edition_view(
        &page,
        ctx,
        &staff,
        id,
        super::notices::EDITIONS
            .message(notice)
            .map_or(Said::Nothing, Said::Notice),
        Filled::empty(),
    )
    .await
}

/// A bundle download.
#[derive(Responder)]
#[response(content_type = "application/zip")]
pub struct Download(Vec<u8>, Header<'static>, Header<'static>);

#[get("/staff/editions/<id>/bundle")]
async fn download(
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: EditionId,
) -> Result<Download, AppError> {
    let Some((name, bytes)) = svc::bundle(ctx, staff.0.account.id, id).await? else {
        return Err(AppError::NotFound);
    };
    Ok(Download(
        bytes,
        Header::new(
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ),
        Header::new("Cache-Control", "no-store"),
    ))
}

/// Sends a failed or stale build back to be built; a live or finished one is refused
/// with the page and a message (409).
#[post("/staff/editions/<id>/retry", data = "<_form>")]
async fn retry(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: EditionId,
    _form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    let problem = match svc::retry(ctx, staff.0.account.id, id, Utc::now()).await? {
        Ok(()) => {
            return Ok(Answer::Redirect(Redirect::to(uri!(edition(
                id = id,
                notice = Some("retried")
            )))));
        }
        Err(svc::RetryProblem::Live) => "edition-error-live",
        Err(svc::RetryProblem::Ready) => "edition-error-ready",
    };
    let view = edition_view(
        &page,
        ctx,
        &staff,
        id,
        Said::Problem(problem),
        Filled::empty(),
    )
    .await?;
    Ok(Answer::Page((Status::Conflict, view)))
}

/// Longest acknowledgement or answer.
const MAX_ANSWER_CHARS: usize = 5_000;

fn short_text(errors: &mut FieldErrors, field: &str, value: &str, required: bool) {
    if required && value.trim().is_empty() {
        errors.add(field, "required");
    } else if !note_ok(value) {
        errors.add(field, "note-invalid");
    }
}

#[post("/staff/editions/<id>/handovers", data = "<form>")]
async fn handover(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: EditionId,
    form: CsrfForm<HandoverForm>,
) -> Result<Answer, AppError> {
    let mut errors = FieldErrors::default();
    match &form.parsed {
        Ok(f) => {
            short_text(&mut errors, "recipient", &f.recipient, true);
            short_text(&mut errors, "office", &f.office, true);
            let day = crate::i18n::calendar::read_day(&f.handed_on)
                .map(|(d, _)| d)
                .map_err(|p| errors.add("handed_on", p.day_code()))
                .ok();
            if day.is_some_and(|d| d > Utc::now().date_naive()) {
                errors.add("handed_on", "date-future");
            } else if let (Some(d), Some(e)) = (day, svc::get(ctx, id).await?)
                && d < e.cut_off.date_naive()
            {
                errors.add("handed_on", "handover-before-edition");
            }
            let medium = HandoverMedium::parse(&f.form);
            if medium.is_none() {
                errors.add("form", "handover-form");
            }
            for (field, value) in [
                ("acknowledgement", &f.acknowledgement),
                ("answer", &f.answer),
            ] {
                if value.chars().count() > MAX_ANSWER_CHARS {
                    errors.add(field, "too-long");
                } else if !crate::domain::people::text::is_clean(value) {
                    errors.add(field, "control-characters");
                }
            }
            if let (Some(handed_on), Some(medium), true) = (day, medium, errors.is_empty()) {
                let h = NewHandover {
                    recipient: f.recipient.clone(),
                    office: f.office.clone(),
                    handed_on,
                    form: medium,
                    acknowledgement: f.acknowledgement.clone(),
                    answer: f.answer.clone(),
                };
                if svc::record_handover(ctx, staff.0.account.id, id, h, Utc::now()).await? {
                    return Ok(Answer::Redirect(Redirect::to(uri!(edition(
                        id = id,
                        notice = Some("handover")
                    )))));
                }
                errors.add("recipient", "edition-not-ready");
            }
        }
        Err(e) => errors = e.clone(),
    }
    Ok(Answer::refused(
        edition_view(
            &page,
            ctx,
            &staff,
            id,
            Said::Nothing,
            Filled {
                raw: &form.raw,
                errors: &errors,
                answering: None,
            },
        )
        .await?,
    ))
}

/// Adds the answer an official gave after a hand-over, with its day: not in the future and
/// not before the hand-over (a translated refusal, 422, nothing stored).
#[post("/staff/editions/<id>/handovers/<handover_id>/answer", data = "<form>")]
async fn answer(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: EditionId,
    handover_id: HandoverId,
    form: CsrfForm<AnswerForm>,
) -> Result<Answer, AppError> {
    let mut errors = FieldErrors::default();
    match &form.parsed {
        Ok(f) => {
            let day = crate::i18n::calendar::read_day(&f.answered_on)
                .map(|(d, _)| d)
                .map_err(|p| errors.add("answered_on", p.day_code()))
                .ok();
            if day.is_some_and(|d| d > Utc::now().date_naive()) {
                errors.add("answered_on", "answer-date-future");
            }
            if f.later_answer.trim().is_empty() {
                errors.add("later_answer", "required");
            } else if f.later_answer.chars().count() > MAX_ANSWER_CHARS {
                errors.add("later_answer", "too-long");
            } else if !crate::domain::people::text::is_clean(&f.later_answer) {
                errors.add("later_answer", "control-characters");
            }
            if let (Some(day), true) = (day, errors.is_empty()) {
                match svc::record_answer(
                    ctx,
                    staff.0.account.id,
                    id,
                    handover_id,
                    &f.later_answer,
                    day,
                )
                .await?
                {
                    Ok(()) => {
                        return Ok(Answer::Redirect(Redirect::to(uri!(edition(
                            id = id,
                            notice = Some("answer")
                        )))));
                    }
                    Err(svc::AnswerProblem::BeforeHandover) => {
                        errors.add("answered_on", "answer-before-handover");
                    }
                }
            }
        }
        Err(e) => errors = e.clone(),
    }
    Ok(Answer::refused(
        edition_view(
            &page,
            ctx,
            &staff,
            id,
            Said::Nothing,
            Filled {
                raw: &form.raw,
                errors: &errors,
                answering: Some(handover_id),
            },
        )
        .await?,
    ))
}

/// Marks a recorded hand-over removed (kept, shown as removed, audited); nothing is deleted.
#[post(
    "/staff/editions/<id>/handovers/<handover_id>/remove",
    data = "<_form>"
)]
async fn remove(
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: EditionId,
    handover_id: HandoverId,
    _form: CsrfForm<TokenOnly>,
) -> Result<Redirect, AppError> {
    svc::remove_handover(ctx, staff.0.account.id, id, handover_id, Utc::now()).await?;
    Ok(Redirect::to(uri!(edition(
        id = id,
        notice = Some("removed")
    ))))
}

/// The edition routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![
        editions, freeze, edition, download, retry, handover, answer, remove
    ]
}
