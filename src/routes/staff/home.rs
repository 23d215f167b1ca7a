//! The staff dashboard and `GET /staff/api/me` (who am I, as JSON).

use crate::context::AppContext;
use crate::domain::staff::account::Role;
use crate::error::AppError;
use crate::mail::outbox;
use crate::web::guards::staff_auth::CurrentStaff;
use crate::web::page::Page;
use rocket::serde::json::Json;
use rocket::{State, get, routes};
use rocket_dyn_templates::Template;
use serde_json::{Value, json};

#[get("/staff")]
pub(super) async fn dashboard(
    page: Page,
    ctx: &State<AppContext>,
    current: &CurrentStaff,
) -> Result<Template, AppError> {
    // Administrators see at once that some email could not be delivered.
    let failed_mail = if current.has(Role::Admin) {
        outbox::failed_count(&ctx.db).await?
    } else {
        0
    };
    let shown = super::mail::shown(page.locale, failed_mail);
    Ok(page.render(
        "staff/home",
        "staff-home-title",
        json!({
            "staff": super::nav(current),
            "failed_mail": (failed_mail > 0).then_some(shown),
            "follow_ups": super::follow_ups::follow_ups(ctx, page.locale, current).await?,
        }),
    ))
}

#[get("/staff/api/me")]
fn me(current: &CurrentStaff) -> Json<Value> {
    let roles: Vec<&str> = current.roles.iter().map(|r: &Role| r.as_str()).collect();
    Json(json!({ "id": current.account.id, "name": current.account.display_name, "roles": roles }))
}

/// The dashboard routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![dashboard, me]
}
