//! `GET /`: what Peyvand is, the public petitions, and how to ask for help.

use crate::context::AppContext;
use crate::domain::petitions::petition;
use crate::error::AppError;
use crate::web::page::Page;
use rocket::{State, get, routes};
use rocket_dyn_templates::Template;
use serde_json::json;

#[get("/")]
async fn index(page: Page, ctx: &State<AppContext>) -> Result<Template, AppError> {
    let petitions = petition::public_list(&ctx.db, page.locale).await?;
    Ok(page.render("home", "home-title", json!({ "petitions": petitions })))
}

/// The home routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![index]
}
