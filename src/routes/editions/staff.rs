//! Staff edition pages (organisers): freezing an edition, watching its bundle being built,
//! downloading it (audited), retrying a failed build, and recording hand-overs and their
//! later answers.

use super::forms::FreezeForm;
use super::handover_view::{Filled, Target, choices};
use crate::context::AppContext;
use crate::domain::petitions::edition::{EditionState, HandoverChannel, HandoverMedium};
use crate::error::AppError;
use crate::i18n::{Locale, TextArg};
use crate::ids::{EditionId, PetitionId};
use crate::services::editions as svc;
use crate::services::petitions::manage as petition_manage;
use crate::web::answer::Answer;
use crate::web::forms::Refill;
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
pub(super) enum Said {
    /// Nothing.
    Nothing,
    /// A notice (its message key) after an action went through.
    Notice(String),
    /// Why an action was refused (its message key).
    Problem(&'static str),
}

pub(super) async fn edition_view(
    page: &Page,
    ctx: &AppContext,
    staff: &OrganiserStaff<'_>,
    id: EditionId,
    said: Said,
    filled: Filled<'_>,
) -> Result<Template, AppError> {
    let Filled { raw, errors, .. } = filled;
    let answering = match filled.target {
        Target::Answer(h) | Target::Edit(h) => Some(h),
        Target::New => None,
    };
    let Some(e) = svc::get(ctx, id).await? else {
        return Err(AppError::NotFound);
    };
    let Some(p) = petition_manage::detail(ctx, e.petition_id, page.locale).await? else {
        return Err(AppError::NotFound);
    };
    let building = e.state == EditionState::Building && !svc::is_stale(&e, Utc::now());
    let refill = Refill::errors(page.locale, errors);
    let mut values = if filled.target == Target::New {
        raw.clone()
    } else {
        BTreeMap::new()
    };
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
    let (forms, channels) = if filled.target == Target::New {
        let chosen = values.get("form").and_then(|f| HandoverMedium::parse(f));
        let channel = values
            .get("channel")
            .and_then(|f| HandoverChannel::parse(f));
        (
            choices(HandoverMedium::ALL, chosen),
            choices(HandoverChannel::ALL, channel),
        )
    } else {
        (
            choices(HandoverMedium::ALL, None),
            choices(HandoverChannel::ALL, None),
        )
    };
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
            "handovers": super::handover_view::rows(page, ctx, id, &filled).await?,
            "answering": answering,
            "forms": forms,
            "channels": channels,
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
pub(crate) async fn edition(
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

/// The edition routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![editions, freeze, edition, download, retry]
}
