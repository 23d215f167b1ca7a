//! The administrators' mail page: how much email waits and how much failed, the failed
//! emails (queued when, attempts, the last error's category — never the address or the
//! content, which are personal data), and sending them again, one or all (CSRF, audited).

use crate::context::AppContext;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::i18n::format::Zone;
use crate::ids::OutboxId;
use crate::mail::outbox::{self, FailedOverview};
use crate::web::guards::csrf::{CsrfForm, TokenOnly};
use crate::web::guards::staff_auth::AdminStaff;
use crate::web::page::Page;
use chrono::{DateTime, Utc};
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::{Value, json};

/// A number or time in the reader's digits.
pub(super) fn shown(locale: Locale, text: impl std::fmt::Display) -> String {
    let text = text.to_string();
    match locale {
        Locale::Fa => crate::domain::contact::form::persian_digits(&text),
        Locale::En | Locale::Fr => text,
    }
}

fn when(locale: Locale, at: DateTime<Utc>, zone: &Zone) -> String {
    crate::i18n::format::date_time(locale, at, zone)
}

/// Whole hours since `at`.
fn hours(locale: Locale, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    shown(locale, (now - at).num_hours().max(0))
}

fn overview_json(locale: Locale, o: &FailedOverview, now: DateTime<Utc>, zone: &Zone) -> Value {
    let rows: Vec<Value> = o
        .rows
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "queued": when(locale, r.created_at, zone),
                "hours": hours(locale, r.created_at, now),
                "attempts": shown(locale, r.attempts),
                "error": format!("mail-error-{}", r.error),
                "reply": r.reply.map(|c| shown(locale, c)).unwrap_or_default(),
            })
        })
        .collect();
    json!({
        "failed": shown(locale, o.failed),
        "any_failed": o.failed > 0,
        "more": o.failed > rows.len() as u64,
        "shown": shown(locale, rows.len()),
        "pending": shown(locale, o.pending),
        "oldest_pending": o.oldest_pending.map(|at| when(locale, at, zone)),
        "oldest_hours": o.oldest_pending.map(|at| hours(locale, at, now)),
        "rows": rows,
    })
}

#[get("/staff/admin/mail?<notice>")]
async fn overview(
    view: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    notice: Option<&str>,
) -> Result<Template, AppError> {
    let o = outbox::failed_overview(&ctx.db).await?;
    let notice = super::notices::MAIL.message(notice);
    Ok(view.render(
        "staff/mail",
        "mail-title",
        json!({
            "staff": super::nav(admin.0),
            "mail": overview_json(view.locale, &o, Utc::now(), &ctx.config.time_zone),
            "window_days": shown(view.locale, ctx.config.mail.retry_window.as_secs() / 86_400),
            "notice": notice,
        }),
    ))
}

#[post("/staff/admin/mail/<id>/retry", data = "<_form>")]
async fn retry_one(
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    id: OutboxId,
    _form: CsrfForm<TokenOnly>,
) -> Result<Redirect, AppError> {
    if outbox::retry_failed(ctx.outbox(), admin.0.account.id, Some(id), Utc::now()).await? == 0 {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(uri!(overview(notice = Some("retried")))))
}

#[post("/staff/admin/mail/retry-all", data = "<_form>")]
async fn retry_all(
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    _form: CsrfForm<TokenOnly>,
) -> Result<Redirect, AppError> {
    let n = outbox::retry_failed(ctx.outbox(), admin.0.account.id, None, Utc::now()).await?;
    let notice = if n == 0 { "none" } else { "retried" };
    Ok(Redirect::to(uri!(overview(notice = Some(notice)))))
}

/// The mail page routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![overview, retry_one, retry_all]
}
