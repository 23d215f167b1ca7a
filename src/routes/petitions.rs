//! Public petition pages (`GET /petitions/<slug>`); signing arrives with the petitions issue.

use crate::context::AppContext;
use crate::domain::petition;
use crate::error::AppError;
use crate::web::page::Page;
use rocket::{State, get, routes};
use rocket_dyn_templates::Template;
use serde_json::json;

#[get("/petitions/<slug>")]
async fn show(slug: &str, page: Page, ctx: &State<AppContext>) -> Result<Template, AppError> {
    if slug.len() > 100 {
        return Err(AppError::NotFound);
    }
    let p = petition::public_by_slug(&ctx.db, slug, page.locale)
        .await?
        .ok_or(AppError::NotFound)?;
    let title = p.title.clone();
    Ok(page.render_titled("petition", &title, json!({ "petition": p })))
}

/// The petition routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![show]
}
