//! Staff petition pages: the overview with letters waiting for moderation and the global
//! pause switch (admins), and letter moderation (organisers).

use super::forms::{ModerationForm, PauseForm};
use crate::context::AppContext;
use crate::domain::staff::account::Role;
use crate::error::AppError;
use crate::ids::{PetitionId, SignatureId};
use crate::services::petitions::letters as svc;
use crate::services::petitions::sign as petition_sign;
use crate::web::answer::Answer;
use crate::web::guards::csrf::CsrfForm;
use crate::web::guards::staff_auth::{AdminStaff, OrganiserOrAdmin, OrganiserStaff};
use crate::web::page::Page;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::json;

#[get("/staff/petitions?<notice>")]
async fn overview(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserOrAdmin<'_>,
    notice: Option<&str>,
) -> Result<Template, AppError> {
    let rows = svc::overview(ctx).await?;
    let paused = petition_sign::is_paused(&ctx.db).await?;
    let notice = super::notices::OVERVIEW.message(notice);
    Ok(page.render(
        "petitions/staff/list",
        "petitions-staff-title",
        json!({
            "staff": crate::routes::staff::nav(staff.0),
            "rows": rows,
            "paused": paused,
            "can_pause": staff.0.has(Role::Admin),
            "can_moderate": staff.0.has(Role::Organiser),
            "notice": notice,
        }),
    ))
}

#[post("/staff/petitions/pause", data = "<form>")]
async fn pause(
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    form: CsrfForm<PauseForm>,
) -> Result<Redirect, AppError> {
    let paused = form
        .parsed
        .as_ref()
        .map(|f| f.paused)
        .map_err(|_| AppError::NotFound)?;
    svc::set_paused(ctx, admin.0.account.id, paused).await?;
    let notice = if paused { "paused" } else { "resumed" };
    Ok(Redirect::to(uri!(overview(notice = Some(notice)))))
}

async fn letters_view(
    page: &Page,
    ctx: &AppContext,
    staff: &OrganiserStaff<'_>,
    id: PetitionId,
    error: Option<&str>,
) -> Result<Template, AppError> {
    let letters = svc::pending_letters(ctx, staff.0.account.id, id).await?;
    Ok(page.render(
        "petitions/staff/letters",
        "letters-title",
        json!({ "staff": crate::routes::staff::nav(staff.0), "petition_id": id, "letters": letters, "error": error }),
    ))
}

#[get("/staff/petitions/<id>/letters")]
async fn letters(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
) -> Result<Template, AppError> {
    letters_view(&page, ctx, &staff, id, None).await
}

async fn refuse(
    page: &Page,
    ctx: &AppContext,
    staff: &OrganiserStaff<'_>,
    id: PetitionId,
    code: &'static str,
) -> Result<Answer, AppError> {
    Ok(Answer::refused(
        letters_view(page, ctx, staff, id, Some(code)).await?,
    ))
}

#[post("/staff/petitions/<id>/letters/<signature>", data = "<form>")]
async fn moderate(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    signature: SignatureId,
    form: CsrfForm<ModerationForm>,
) -> Result<Answer, AppError> {
    let Ok(f) = &form.parsed else {
        return refuse(&page, ctx, &staff, id, "letters-error-invalid").await;
    };
    let reason = f.reason.clone().unwrap_or_default();
    let approve = match f.decision.as_str() {
        "approve" => true,
        "reject" => false,
        _ => return refuse(&page, ctx, &staff, id, "letters-error-invalid").await,
    };
    if !approve && (reason.trim().is_empty() || !crate::web::forms::note_ok(&reason)) {
        return refuse(&page, ctx, &staff, id, "letters-error-reason").await;
    }
    if !svc::moderate(ctx, staff.0.account.id, id, signature, approve, &reason).await? {
        return Err(AppError::NotFound);
    }
    Ok(Answer::Redirect(Redirect::to(uri!(letters(id = id)))))
}

/// The staff petition routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![overview, pause, letters, moderate]
}
