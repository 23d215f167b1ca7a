//! The audit log page (admins): filtered events, newest first, and whether the chain
//! verifies. Viewing it is itself audited.

use crate::context::AppContext;
use crate::error::AppError;
use crate::services::audit_log::{self, Filter};
use crate::web::guards::staff_auth::AdminStaff;
use crate::web::page::Page;
use rocket::{State, get, routes};
use rocket_dyn_templates::Template;
use serde_json::json;

#[get("/staff/admin/audit?<action>&<actor>&<page>")]
async fn events(
    view: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    action: Option<&str>,
    actor: Option<&str>,
    page: Option<u64>,
) -> Result<Template, AppError> {
    let clip = |s: Option<&str>| s.map(|s| s.chars().take(100).collect::<String>());
    let filter = Filter {
        action: clip(action),
        actor: clip(actor),
        page: page.unwrap_or(0).min(1_000_000),
    };
    let result = audit_log::page(ctx, admin.0.account.id, &filter).await?;
    Ok(view.render(
        "staff/audit",
        "audit-title",
        json!({
            "staff": super::nav(admin.0),
            "log": result,
            "filter": { "action": filter.action.unwrap_or_default(), "actor": filter.actor.unwrap_or_default() },
            "prev_page": filter.page.checked_sub(1),
            "next_page": filter.page + 1,
        }),
    ))
}

/// The audit routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![events]
}
