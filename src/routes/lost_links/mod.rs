//! "Lost your link?" (`/links`): one public form where a person gives their email address
//! and is told, always the same way, that if we hold something for it we have emailed
//! fresh links (`services::lost_links` does the rest in the background).

mod forms;

use crate::context::AppContext;
use crate::error::AppError;
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill};
use crate::web::guards::csrf::CsrfForm;
use crate::web::guards::rate_limit::RateLimited;
use crate::web::page::Page;
use forms::LostLinkForm;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::json;
use std::collections::BTreeMap;

fn form_page(page: &Page, raw: &BTreeMap<String, String>, errors: &FieldErrors) -> Template {
    let refill = Refill::errors(page.locale, errors).with_values(raw, &["email"]);
    page.render_form("lost_links/form", "lost-links-title", &refill, json!({}))
}

#[get("/links")]
fn show(page: Page) -> Template {
    form_page(&page, &BTreeMap::new(), &FieldErrors::default())
}

#[post("/links", data = "<form>")]
async fn ask(
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    form: CsrfForm<LostLinkForm>,
) -> Result<Answer, AppError> {
    match forms::check(ctx, &form).await? {
        Ok(email) => {
            crate::services::lost_links::ask(ctx, &email, page.locale);
            Ok(Answer::Redirect(Redirect::to(uri!(sent))))
        }
        Err(errors) => Ok(Answer::refused(form_page(&page, &form.raw, &errors))),
    }
}

#[get("/links/sent")]
fn sent(page: Page) -> Template {
    page.render("lost_links/sent", "lost-links-sent-title", json!({}))
}

/// The "lost your link?" routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![show, ask, sent]
}
