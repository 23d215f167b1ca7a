//! A staff member's own settings page: whether they get the content-free "something is
//! waiting for you" email (and in which language: the page's when they save).

use crate::context::AppContext;
use crate::error::AppError;
use crate::services::staff::alerts;
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill};
use crate::web::guards::csrf::CsrfForm;
use crate::web::guards::staff_auth::CurrentStaff;
use crate::web::page::Page;
use rocket::http::Status;
use rocket::response::Redirect;
use rocket::{FromForm, State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::json;

async fn view(
    page: &Page,
    ctx: &AppContext,
    current: &CurrentStaff,
    notice: Option<&str>,
    errors: &FieldErrors,
) -> Result<Template, AppError> {
    let wants = alerts::wants_email(ctx, current.account.id).await?;
    let refill = Refill::errors(page.locale, errors);
    Ok(page.render_form(
        "staff/settings",
        "staff-settings-title",
        &refill,
        json!({
            "staff": super::nav(current),
            "wants_email": wants,
            "notice": super::notices::SETTINGS.message(notice),
        }),
    ))
}

#[get("/staff/settings?<notice>")]
async fn settings(
    page: Page,
    ctx: &State<AppContext>,
    current: &CurrentStaff,
    notice: Option<&str>,
) -> Result<Template, AppError> {
    view(&page, ctx, current, notice, &FieldErrors::default()).await
}

/// The settings form.
#[derive(Debug, FromForm)]
pub struct SettingsForm {
    /// `on` or `off`.
    pub email: String,
}

#[post("/staff/settings", data = "<form>")]
async fn save(
    page: Page,
    ctx: &State<AppContext>,
    current: &CurrentStaff,
    form: CsrfForm<SettingsForm>,
) -> Result<Answer, AppError> {
    let wanted = match form.parsed.as_ref().map(|f| f.email.as_str()) {
        Ok("on") => true,
        Ok("off") => false,
        _ => {
            let mut errors = FieldErrors::default();
            errors.add("email", "invalid-choice");
            let shown = view(&page, ctx, current, None, &errors).await?;
            return Ok(Answer::Page((Status::UnprocessableEntity, shown)));
        }
    };
    alerts::set_wants_email(ctx, current.account.id, wanted, page.locale).await?;
    Ok(Answer::Redirect(Redirect::to(uri!(settings(
        notice = Some("saved")
    )))))
}

/// The settings routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![settings, save]
}
