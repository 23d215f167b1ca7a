//! Caseworker contact pages: the review queue, a request with ranked candidates, decisions
//! on candidates, the hostile flag, marking reviewed, revealing a contact detail with a
//! reason, and a registration's page.

use super::forms::{DecisionForm, FlagForm, RevealForm};
use super::workspace::need_to_know::need_to_know;
use crate::context::AppContext;
use crate::error::AppError;
use crate::ids::{RegistrationId, RequestId, SoughtId};
use crate::services::contact::assignment::CaseRef;
use crate::services::contact::review::{self as svc, DecisionProblem, Detail, Revealed, Reviewed};
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill, note_ok};
use crate::web::guards::csrf::{CsrfForm, TokenOnly};
use crate::web::guards::staff_auth::CaseworkerStaff;
use crate::web::page::Page;
use chrono::Utc;
use rocket::http::Status;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::json;

#[get("/staff/contact")]
async fn queue(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
) -> Result<Template, AppError> {
    let (requests, registrations) = svc::queue(ctx, staff.0.account.id, Utc::now()).await?;
    Ok(page.render(
        "contact/staff/queue",
        "case-queue-title",
        json!({ "staff": crate::routes::staff::nav(staff.0), "requests": requests, "registrations": registrations }),
    ))
}

/// What the request page shows besides the request.
#[derive(Default)]
struct Extra {
    notice: Option<String>,
    revealed: Option<(String, String)>,
    errors: FieldErrors,
    status: Option<Status>,
}

async fn request_page(
    page: &Page,
    ctx: &AppContext,
    staff: &CaseworkerStaff<'_>,
    id: RequestId,
    extra: Extra,
) -> Result<(Status, Template), AppError> {
    if let Some(shown) = need_to_know(page, ctx, staff.0, CaseRef::Request(id)).await? {
        return Ok(shown);
    }
    let view = svc::request(ctx, staff.0.account.id, id).await?;
    let assignment = super::workspace::need_to_know::assignment_view(ctx, staff.0, id).await?;
    let refill = Refill::errors(page.locale, &extra.errors);
    let (revealed_label, revealed) = extra.revealed.unzip();
    let title = page.locale.t_args(
        "case-request-title",
        &[("id", crate::i18n::TextArg::Num(id.0 as f64))],
    );
    Ok((
        extra.status.unwrap_or(Status::Ok),
        page.render_titled_form(
            "contact/staff/request",
            &title,
            &refill,
            json!({
                "staff": crate::routes::staff::nav(staff.0),
                "r": view,
                "notice": extra.notice,
                "revealed": revealed,
                "revealed_label": revealed_label,
                "assignment": assignment,
            }),
        ),
    ))
}

#[get("/staff/contact/requests/<id>?<notice>")]
async fn request(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: RequestId,
    notice: Option<&str>,
) -> Result<(Status, Template), AppError> {
    let extra = Extra {
        notice: super::notices::REVIEW.message(notice),
        ..Extra::default()
    };
    request_page(&page, ctx, &staff, id, extra).await
}

fn to_request(id: RequestId, notice: &str) -> Redirect {
    Redirect::to(uri!(request(id = id, notice = Some(notice))))
}

#[post(
    "/staff/contact/requests/<id>/sought/<sought>/candidates/<registration>",
    data = "<form>"
)]
async fn decide(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: RequestId,
    sought: SoughtId,
    registration: RegistrationId,
    form: CsrfForm<DecisionForm>,
) -> Result<Answer, AppError> {
    if let Some(shown) = need_to_know(&page, ctx, staff.0, CaseRef::Request(id)).await? {
        return Ok(Answer::Page(shown));
    }
    let verified = match form.parsed.as_ref().map(|f| f.decision.as_str()) {
        Ok("verify") => true,
        Ok("reject") => false,
        _ => {
            let mut errors = FieldErrors::default();
            errors.add("decision", "invalid-choice");
            let extra = Extra {
                errors,
                status: Some(Status::UnprocessableEntity),
                ..Extra::default()
            };
            return Ok(Answer::Page(
                request_page(&page, ctx, &staff, id, extra).await?,
            ));
        }
    };
    match svc::decide(
        ctx,
        staff.0.account.id,
        id,
        sought,
        registration,
        verified,
        Utc::now(),
    )
    .await?
    {
        Ok(_) => Ok(Answer::Redirect(to_request(
            id,
            if verified { "verified" } else { "rejected" },
        ))),
        Err(DecisionProblem::NotACandidate) => Err(AppError::NotFound),
        Err(problem @ (DecisionProblem::AlreadyDecided | DecisionProblem::Flagged)) => {
            let mut errors = FieldErrors::default();
            errors.add(
                "decision",
                if problem == DecisionProblem::Flagged {
                    "request-flagged"
                } else {
                    "already-decided"
                },
            );
            let extra = Extra {
                errors,
                status: Some(Status::UnprocessableEntity),
                ..Extra::default()
            };
            Ok(Answer::Page(
                request_page(&page, ctx, &staff, id, extra).await?,
            ))
        }
    }
}

#[post("/staff/contact/requests/<id>/flag", data = "<form>")]
async fn flag(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: RequestId,
    form: CsrfForm<FlagForm>,
) -> Result<Answer, AppError> {
    if let Some(shown) = need_to_know(&page, ctx, staff.0, CaseRef::Request(id)).await? {
        return Ok(Answer::Page(shown));
    }
    let mut errors = FieldErrors::default();
    match &form.parsed {
        Ok(f) => {
            if f.reason.trim().is_empty() {
                errors.add("reason", "required");
            } else if !note_ok(&f.reason) {
                errors.add("reason", "note-invalid");
            }
            if errors.is_empty() {
                svc::flag(
                    ctx,
                    staff.0.account.id,
                    id,
                    f.hostile,
                    &f.reason,
                    Utc::now(),
                )
                .await?;
                return Ok(Answer::Redirect(to_request(
                    id,
                    if f.hostile { "flagged" } else { "unflagged" },
                )));
            }
        }
        Err(e) => errors = e.clone(),
    }
    let extra = Extra {
        errors,
        status: Some(Status::UnprocessableEntity),
        ..Extra::default()
    };
    Ok(Answer::Page(
        request_page(&page, ctx, &staff, id, extra).await?,
    ))
}

#[post("/staff/contact/requests/<id>/reviewed", data = "<_form>")]
async fn reviewed(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: RequestId,
    _form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    if let Some(shown) = need_to_know(&page, ctx, staff.0, CaseRef::Request(id)).await? {
        return Ok(Answer::Page(shown));
    }
    svc::mark_reviewed(ctx, staff.0.account.id, Reviewed::Request(id)).await?;
    Ok(Answer::Redirect(to_request(id, "reviewed")))
}

/// `reason_field`: the name the reason's errors are shown under (the request page has two
/// reason fields: the flag's and the reveal's).
fn reveal_problems(
    form: &CsrfForm<RevealForm>,
    reason_field: &str,
) -> Result<(Detail, String), FieldErrors> {
    let mut errors = FieldErrors::default();
    let f = form.parsed.as_ref().map_err(Clone::clone)?;
    let detail = Detail::parse(&f.detail);
    if detail.is_none() {
        errors.add("detail", "invalid-choice");
    }
    if f.reason.trim().is_empty() {
        errors.add(reason_field, "required");
    } else if !note_ok(&f.reason) {
        errors.add(reason_field, "note-invalid");
    }
    match detail {
        Some(d) if errors.is_empty() => Ok((d, f.reason.clone())),
        _ => Err(errors),
    }
}

#[post("/staff/contact/requests/<id>/reveal", data = "<form>")]
async fn reveal(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: RequestId,
    form: CsrfForm<RevealForm>,
) -> Result<(Status, Template), AppError> {
    if let Some(shown) = need_to_know(&page, ctx, staff.0, CaseRef::Request(id)).await? {
        return Ok(shown);
    }
    let extra = match reveal_problems(&form, "reveal_reason") {
        Ok((detail, reason)) if detail != Detail::RegistrationEmail => {
            let value = svc::reveal(
                ctx,
                staff.0.account.id,
                Revealed::Request(id, detail),
                &reason,
            )
            .await?;
            let label = if detail == Detail::RequesterEmail {
                "case-email"
            } else {
                "case-phone"
            };
            Extra {
                revealed: Some((label.to_owned(), value)),
                ..Extra::default()
            }
        }
        Ok(_) => return Err(AppError::NotFound),
        Err(errors) => Extra {
            errors,
            status: Some(Status::UnprocessableEntity),
            ..Extra::default()
        },
    };
    request_page(&page, ctx, &staff, id, extra).await
}

async fn registration_page(
    page: &Page,
    ctx: &AppContext,
    staff: &CaseworkerStaff<'_>,
    id: RegistrationId,
    revealed: Option<String>,
    errors: &FieldErrors,
) -> Result<Template, AppError> {
    let view = svc::registration(ctx, staff.0.account.id, id).await?;
    let refill = Refill::errors(page.locale, errors);
    let title = page.locale.t_args(
        "case-registration-title",
        &[("id", crate::i18n::TextArg::Num(id.0 as f64))],
    );
    Ok(page.render_titled_form(
        "contact/staff/registration",
        &title,
        &refill,
        json!({
            "staff": crate::routes::staff::nav(staff.0),
            "reg": view,
            "revealed": revealed,
        }),
    ))
}

#[get("/staff/contact/registrations/<id>")]
async fn registration(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: RegistrationId,
) -> Result<Template, AppError> {
    registration_page(&page, ctx, &staff, id, None, &FieldErrors::default()).await
}

#[post("/staff/contact/registrations/<id>/reveal", data = "<form>")]
async fn reveal_registration(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: RegistrationId,
    form: CsrfForm<RevealForm>,
) -> Result<(Status, Template), AppError> {
    match reveal_problems(&form, "reason") {
        Ok((Detail::RegistrationEmail, reason)) => {
            let value =
                svc::reveal(ctx, staff.0.account.id, Revealed::Registration(id), &reason).await?;
            Ok((
                Status::Ok,
                registration_page(&page, ctx, &staff, id, Some(value), &FieldErrors::default())
                    .await?,
            ))
        }
        Ok(_) => Err(AppError::NotFound),
        Err(errors) => Ok((
            Status::UnprocessableEntity,
            registration_page(&page, ctx, &staff, id, None, &errors).await?,
        )),
    }
}

#[post("/staff/contact/registrations/<id>/reviewed", data = "<_form>")]
async fn registration_reviewed(
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: RegistrationId,
    _form: CsrfForm<TokenOnly>,
) -> Result<Redirect, AppError> {
    svc::mark_reviewed(ctx, staff.0.account.id, Reviewed::Registration(id)).await?;
    Ok(Redirect::to(uri!(registration(id = id))))
}

/// The caseworker contact routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![
        queue,
        request,
        decide,
        flag,
        reviewed,
        reveal,
        registration,
        reveal_registration,
        registration_reviewed
    ]
}
