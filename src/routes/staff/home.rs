//! The staff dashboard and `GET /staff/api/me` (who am I, as JSON).

use crate::domain::staff::Role;
use crate::web::page::Page;
use crate::web::staff_auth::CurrentStaff;
use rocket::serde::json::Json;
use rocket::{get, routes};
use rocket_dyn_templates::Template;
use serde_json::{Value, json};

#[get("/staff")]
pub(super) fn dashboard(page: Page, current: &CurrentStaff) -> Template {
    page.render(
        "staff/home",
        "staff-home-title",
        json!({ "staff": super::nav(current) }),
    )
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
