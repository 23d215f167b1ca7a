//! Who we are (#14 item 8): the public privacy notice (`/privacy`: the administrators'
//! text, then the retention periods from the settings) and about page (`/about`), and the
//! administrators' page that edits both in each language (`/staff/admin/pages`, audited).

use crate::context::AppContext;
use crate::domain::site_text::{SitePage, blocks};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::services::site_texts::{self as svc, EditProblem};
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill};
use crate::web::guards::csrf::CsrfForm;
use crate::web::guards::staff_auth::AdminStaff;
use crate::web::page::Page;
use chrono::Utc;
use rocket::response::Redirect;
use rocket::{FromForm, State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::{Value, json};

async fn public_page(page: &Page, ctx: &AppContext, which: SitePage) -> Result<Template, AppError> {
    let locale = page.locale;
    let text = svc::text(ctx, which, locale).await?;
    let retention: Vec<Value> = svc::retention(ctx)
        .into_iter()
        .map(|r| {
            json!({
                "what": r.what,
                "days": crate::i18n::format::number(locale, r.days),
            })
        })
        .collect();
    Ok(page.render(
        match which {
            SitePage::Privacy => "about/privacy",
            SitePage::About => "about/about",
        },
        &format!("about-{}-title", which.as_str()),
        json!({
            "blocks": blocks(&text),
            "retention": retention,
            "organisation": ctx.config.petitions.organisation,
        }),
    ))
}

#[get("/privacy")]
async fn privacy(page: Page, ctx: &State<AppContext>) -> Result<Template, AppError> {
    public_page(&page, ctx, SitePage::Privacy).await
}

#[get("/about")]
async fn about(page: Page, ctx: &State<AppContext>) -> Result<Template, AppError> {
    public_page(&page, ctx, SitePage::About).await
}

/// The edit form of one page in one language.
#[derive(Debug, FromForm)]
pub struct EditForm {
    body: String,
}

fn target(page: &str, lang: &str) -> Option<(SitePage, Locale)> {
    let p = SitePage::parse(page)?;
    let l = Locale::ALL.into_iter().find(|l| l.code() == lang)?;
    Some((p, l))
}

async fn edit_view(
    view: &Page,
    ctx: &AppContext,
    admin: &AdminStaff<'_>,
    (which, lang): (SitePage, Locale),
    body: Option<&str>,
    errors: &FieldErrors,
    notice: bool,
) -> Result<Template, AppError> {
    let stored = svc::stored(ctx, which, lang).await?;
    let body = match body {
        Some(b) => b.to_owned(),
        None => stored
            .as_ref()
            .map_or_else(|| svc::default_text(ctx, which, lang), |r| r.body.clone()),
    };
    let pages: Vec<Value> = SitePage::ALL
        .iter()
        .flat_map(|p| {
            Locale::ALL.iter().map(move |l| {
                json!({
                    "page": p.as_str(),
                    "lang": l.code(),
                    "language": l.native_name(),
                    "title": format!("about-{}-title", p.as_str()),
                    "current": *p == which && *l == lang,
                })
            })
        })
        .collect();
    Ok(view.render_form(
        "about/staff_edit",
        "about-edit-title",
        &Refill::errors(view.locale, errors),
        json!({
            "staff": crate::routes::staff::nav(admin.0),
            "pages": pages,
            "page": which.as_str(),
            "page_title": format!("about-{}-title", which.as_str()),
            "edit_lang": lang.code(),
            "edit_dir": lang.dir(),
            "language": lang.native_name(),
            "body": body,
            "is_default": stored.is_none(),
            "saved": notice,
        }),
    ))
}

#[get("/staff/admin/pages?<page>&<lang>&<saved>")]
async fn edit(
    view: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    page: Option<&str>,
    lang: Option<&str>,
    saved: Option<bool>,
) -> Result<Template, AppError> {
    let (which, l) = target(
        page.unwrap_or("privacy"),
        lang.unwrap_or(view.locale.code()),
    )
    .ok_or(AppError::NotFound)?;
    edit_view(
        &view,
        ctx,
        &admin,
        (which, l),
        None,
        &FieldErrors::default(),
        saved == Some(true),
    )
    .await
}

#[post("/staff/admin/pages/<page>/<lang>", data = "<form>")]
async fn save(
    view: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    page: &str,
    lang: &str,
    form: CsrfForm<EditForm>,
) -> Result<Answer, AppError> {
    let (which, l) = target(page, lang).ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::default();
    let body = match &form.parsed {
        Ok(f) => f.body.clone(),
        Err(e) => {
            errors = e.clone();
            form.raw.get("body").cloned().unwrap_or_default()
        }
    };
    if errors.is_empty() {
        match svc::save(ctx, admin.0.account.id, which, l, &body, Utc::now()).await? {
            Ok(()) => {
                return Ok(Answer::Redirect(Redirect::to(uri!(edit(
                    page = Some(which.as_str()),
                    lang = Some(l.code()),
                    saved = Some(true)
                )))));
            }
            Err(EditProblem::TooLong) => errors.add("body", "too-long"),
            Err(EditProblem::ControlCharacters) => errors.add("body", "control-characters"),
        }
    }
    Ok(Answer::refused(
        edit_view(&view, ctx, &admin, (which, l), Some(&body), &errors, false).await?,
    ))
}

/// The who-we-are routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![privacy, about, edit, save]
}
