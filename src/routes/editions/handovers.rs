//! Hand-overs on the staff edition page: recording one, correcting it (every change kept
//! and shown as its history, in words, in the page's language), adding or correcting the
//! answer in each language, and marking it removed.

use super::forms::{AnswerForm, HandoverEditForm, HandoverForm};
use super::handover_view::{Filled, Target};
use super::staff::{Said, edition_view};
use crate::context::AppContext;
use crate::domain::petitions::edition::{HandoverChannel, HandoverMedium};
use crate::error::AppError;
use crate::ids::{EditionId, HandoverId};
use crate::services::editions::{self as svc, AnswerTexts, HandoverFacts, NewHandover};
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, note_ok};
use crate::web::guards::csrf::{CsrfForm, TokenOnly};
use crate::web::guards::staff_auth::OrganiserStaff;
use crate::web::page::Page;
use chrono::{NaiveDate, Utc};
use rocket::response::Redirect;
use rocket::{State, post, routes, uri};
use std::collections::BTreeMap;

/// Longest acknowledgement or answer.
const MAX_ANSWER_CHARS: usize = 5_000;

fn short_text(errors: &mut FieldErrors, field: &str, value: &str, required: bool) {
    if required && value.trim().is_empty() {
        errors.add(field, "required");
    } else if !note_ok(value) {
        errors.add(field, "note-invalid");
    }
}

fn long_text(errors: &mut FieldErrors, field: &str, value: &str) {
    if value.chars().count() > MAX_ANSWER_CHARS {
        errors.add(field, "too-long");
    } else if !crate::domain::people::text::is_clean(value) {
        errors.add(field, "control-characters");
    }
}

/// A typed day, or its problem added to `errors`.
fn typed_day(errors: &mut FieldErrors, field: &str, raw: &str) -> Option<NaiveDate> {
    crate::i18n::calendar::read_day(raw)
        .map(|(d, _)| d)
        .map_err(|p| errors.add(field, p.day_code()))
        .ok()
}

/// The checked facts of a hand-over form (new or corrected), or the problems in `errors`.
async fn facts(
    ctx: &AppContext,
    errors: &mut FieldErrors,
    id: EditionId,
    (recipient, office, handed_on, form, channel): (&str, &str, &str, &str, &str),
) -> Result<Option<HandoverFacts>, AppError> {
    short_text(errors, "recipient", recipient, true);
    short_text(errors, "office", office, true);
    let day = typed_day(errors, "handed_on", handed_on);
    let Some(e) = svc::get(ctx, id).await? else {
        return Err(AppError::NotFound);
    };
    if let Some(p) =
        day.and_then(|d| svc::handover_day_problem(d, e.cut_off, Utc::now().date_naive()))
    {
        let (field, code) = p.code();
        errors.add(field, code);
    }
    let medium = HandoverMedium::parse(form);
    if medium.is_none() {
        errors.add("form", "handover-form");
    }
    let channel = if channel.is_empty() {
        Some(None)
    } else {
        HandoverChannel::parse(channel).map(Some)
    };
    if channel.is_none() {
        errors.add("channel", "invalid-choice");
    }
    Ok(match (day, medium, channel, errors.is_empty()) {
        (Some(handed_on), Some(form), Some(channel), true) => Some(HandoverFacts {
            recipient: recipient.to_owned(),
            office: office.to_owned(),
            handed_on,
            form,
            channel,
        }),
        _ => None,
    })
}

async fn refused(
    page: &Page,
    ctx: &AppContext,
    staff: &OrganiserStaff<'_>,
    id: EditionId,
    raw: &BTreeMap<String, String>,
    errors: &FieldErrors,
    target: Target,
) -> Result<Answer, AppError> {
    let filled = Filled {
        raw,
        errors,
        target,
    };
    Ok(Answer::refused(
        edition_view(page, ctx, staff, id, Said::Nothing, filled).await?,
    ))
}

fn to_edition(id: EditionId, notice: &str) -> Answer {
    Answer::Redirect(Redirect::to(uri!(super::staff::edition(
        id = id,
        notice = Some(notice)
    ))))
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
            let checked = facts(
                ctx,
                &mut errors,
                id,
                (&f.recipient, &f.office, &f.handed_on, &f.form, &f.channel),
            )
            .await?;
            long_text(&mut errors, "acknowledgement", &f.acknowledgement);
            long_text(&mut errors, "answer", &f.answer);
            if let (Some(facts), true) = (checked, errors.is_empty()) {
                let h = NewHandover {
                    recipient: facts.recipient,
                    office: facts.office,
                    handed_on: facts.handed_on,
                    form: facts.form,
                    channel: facts.channel,
                    acknowledgement: f.acknowledgement.clone(),
                    answer: f.answer.clone(),
                };
                if svc::record_handover(ctx, staff.0.account.id, id, h, Utc::now()).await? {
                    return Ok(to_edition(id, "handover"));
                }
                errors.add("recipient", "edition-not-ready");
            }
        }
        Err(e) => errors = e.clone(),
    }
    refused(&page, ctx, &staff, id, &form.raw, &errors, Target::New).await
}

/// Corrects a recorded hand-over's facts; the change is kept in its history.
#[post("/staff/editions/<id>/handovers/<handover_id>/edit", data = "<form>")]
async fn edit(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: EditionId,
    handover_id: HandoverId,
    form: CsrfForm<HandoverEditForm>,
) -> Result<Answer, AppError> {
    let mut errors = FieldErrors::default();
    match &form.parsed {
        Ok(f) => {
            let checked = facts(
                ctx,
                &mut errors,
                id,
                (&f.recipient, &f.office, &f.handed_on, &f.form, &f.channel),
            )
            .await?;
            if let Some(facts) = checked {
                let me = staff.0.account.id;
                match svc::edit_handover(ctx, me, id, handover_id, facts, Utc::now()).await? {
                    Ok(_) => return Ok(to_edition(id, "edited")),
                    Err(p) => {
                        let (_, code) = p.code();
                        errors.add("handed_on", code);
                    }
                }
            }
        }
        Err(e) => errors = e.clone(),
    }
    let target = Target::Edit(handover_id);
    refused(&page, ctx, &staff, id, &form.raw, &errors, target).await
}

/// Adds or corrects the answer an official gave after a hand-over, in each language, with
/// its day: not in the future and not before the hand-over (a translated refusal, 422,
/// nothing stored).
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
            let day = typed_day(&mut errors, "answered_on", &f.answered_on);
            let texts = [
                ("later_answer", &f.later_answer),
                ("later_answer_fa", &f.later_answer_fa),
                ("later_answer_fr", &f.later_answer_fr),
            ];
            if texts.iter().all(|(_, t)| t.trim().is_empty()) {
                errors.add("later_answer", "answer-summary-needed");
            }
            for (field, value) in texts {
                long_text(&mut errors, field, value);
            }
            if let (Some(day), true) = (day, errors.is_empty()) {
                let answer = AnswerTexts {
                    en: f.later_answer.clone(),
                    fa: f.later_answer_fa.clone(),
                    fr: f.later_answer_fr.clone(),
                };
                let me = staff.0.account.id;
                match svc::record_answer(ctx, me, id, handover_id, &answer, day, Utc::now()).await?
                {
                    Ok(()) => return Ok(to_edition(id, "answer")),
                    Err(p) => {
                        let (field, code) = p.code();
                        errors.add(field, code);
                    }
                }
            }
        }
        Err(e) => errors = e.clone(),
    }
    let target = Target::Answer(handover_id);
    refused(&page, ctx, &staff, id, &form.raw, &errors, target).await
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
    Ok(Redirect::to(uri!(super::staff::edition(
        id = id,
        notice = Some("removed")
    ))))
}

/// The hand-over routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![handover, edit, answer, remove]
}
