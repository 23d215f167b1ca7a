//! The pages behind the public personal links: the verification link (a GET shows a
//! button, the POST verifies, so mail scanners that open links change nothing), the
//! registered person's management page, and the renewal and withdrawal of a request or a
//! registration.

use super::answer::invalid_link;
use super::notices::PERSONAL;
use crate::context::AppContext;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::Token;
use crate::services::contact::intake::{self as svc, Change, Kind, RequestStatus, VerifyTarget};
use crate::web::answer::Answer;
use crate::web::guards::csrf::{CsrfForm, TokenOnly};
use crate::web::guards::rate_limit::{LinkRateLimited, RateLimited};
use crate::web::page::Page;
use chrono::Utc;
use rocket::http::Status;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use serde_json::{Value, json};

// ---------------------------------------------------------------- verification

fn verify_page(page: &Page, token: &Token, target: VerifyTarget) -> Answer {
    let (step, kind) = match target {
        VerifyTarget::Ready(k) => ("ready", k),
        VerifyTarget::Done(k) => ("done", k),
        VerifyTarget::Invalid => return invalid_link(page),
    };
    let kind = match kind {
        Kind::Request => "request",
        Kind::Registration => "registration",
    };
    Answer::Page((
        Status::Ok,
        page.render(
            "contact/verify",
            &format!("contact-verify-{step}-title"),
            json!({ "step": step, "kind": kind, "token": token.as_str() }),
        ),
    ))
}

#[get("/contact/verify/<token>")]
async fn verify_form(
    token: Option<Token>,
    _l: LinkRateLimited,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    let target = svc::verify_target(ctx, token, Utc::now()).await?;
    Ok(verify_page(&page, token, target))
}

#[post("/contact/verify/<token>", data = "<_form>")]
async fn verify(
    token: Option<Token>,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    _form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    let target = svc::verify(ctx, token, Utc::now()).await?;
    Ok(verify_page(&page, token, target))
}

// ---------------------------------------------------------------- status and management

/// The template data of a lifecycle status (shared by the status and management pages).
fn status_data(locale: Locale, zone: &crate::i18n::format::Zone, status: &RequestStatus) -> Value {
    let (expires, expires_iso, renewable) = match status {
        RequestStatus::InProgress {
            expires_at,
            renewable,
        } => (
            Some(svc::format_date(locale, *expires_at, zone)),
            Some(expires_at.format("%Y-%m-%d").to_string()),
            *renewable,
        ),
        RequestStatus::Expired | RequestStatus::Withdrawn => (None, None, false),
    };
    json!({
        "status": status.as_str(),
        "active": matches!(status, RequestStatus::InProgress { .. }),
        "expires": expires,
        "expires_iso": expires_iso,
        "renewable": renewable,
    })
}

fn merge(mut a: Value, b: Value) -> Value {
    if let (Some(a), Value::Object(b)) = (a.as_object_mut(), b) {
        a.extend(b);
    }
    a
}

#[post("/contact/status/<token>/renew", data = "<_form>")]
async fn status_renew(
    token: Option<Token>,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    _form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    let change = svc::renew_request(ctx, token, Utc::now()).await?;
    Ok(after_change(&page, change, "renewed", |n| {
        Redirect::to(uri!(crate::routes::contact::party::status_page(token, n)))
    }))
}

/// Where a renewal or withdrawal leads: back to the owner's page (with `notice` when it
/// took effect), or the invalid-link page.
fn after_change(
    page: &Page,
    change: Change,
    notice: &str,
    back: impl Fn(Option<&str>) -> Redirect,
) -> Answer {
    match change {
        Change::Done => Answer::Redirect(back(Some(notice))),
        Change::Unchanged => Answer::Redirect(back(None)),
        Change::Invalid => invalid_link(page),
    }
}

fn withdraw_page(page: &Page, kind: &str, token: &Token) -> Answer {
    Answer::Page((
        Status::Ok,
        page.render(
            "contact/withdraw",
            &format!("contact-withdraw-{kind}-title"),
            json!({ "kind": kind, "token": token.as_str() }),
        ),
    ))
}

#[get("/contact/status/<token>/withdraw")]
async fn status_withdraw_form(
    token: Option<Token>,
    _l: LinkRateLimited,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    Ok(match svc::request_status(ctx, token, Utc::now()).await? {
        Some(RequestStatus::InProgress { .. }) => withdraw_page(&page, "request", token),
        Some(_) => Answer::Redirect(Redirect::to(uri!(
            crate::routes::contact::party::status_page(token, None::<&str>)
        ))),
        None => invalid_link(&page),
    })
}

#[post("/contact/status/<token>/withdraw", data = "<_form>")]
async fn status_withdraw(
    token: Option<Token>,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    _form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    let change = svc::withdraw_request(ctx, token, Utc::now()).await?;
    Ok(after_change(&page, change, "withdrawn", |n| {
        Redirect::to(uri!(crate::routes::contact::party::status_page(token, n)))
    }))
}

/// The registered person's own page: what they registered, decrypted for them alone.
#[get("/contact/registration/<token>?<notice>")]
async fn registration_page(
    token: Option<Token>,
    _l: LinkRateLimited,
    notice: Option<&str>,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    let Some(view) = svc::registration_view(ctx, token, Utc::now()).await? else {
        return Ok(invalid_link(&page));
    };
    let locale = page.locale;
    let labels = |values: &[String]| -> Vec<String> {
        values
            .iter()
            .map(|r| locale.t(&format!("relationship-{r}")))
            .collect()
    };
    let data = merge(
        status_data(locale, &page.zone, &view.status),
        json!({
            "token": token.as_str(),
            "notice": PERSONAL.message(notice),
            "names": view.data.names,
            "birth_year": view.data.birth_year.map(|y| crate::i18n::format::year(locale, y)),
            "father_name": view.data.father_name,
            "places": view.data.places,
            "email": view.data.email,
            "language": view.locale.native_name(),
            "language_code": view.locale.code(),
            "openness": format!("contact-openness-{}", view.openness.as_str()),
            "only_relationships": labels(&view.rules.only_relationships),
            "only_names": view.rules.only_names,
            "deny_names": view.rules.deny_names,
            "deny_aliases": view.rules.deny_aliases,
        }),
    );
    Ok(Answer::Page((
        Status::Ok,
        page.render("contact/registration", "contact-registration-title", data),
    )))
}

#[post("/contact/registration/<token>/renew", data = "<_form>")]
async fn registration_renew(
    token: Option<Token>,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    _form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    let change = svc::renew_registration(ctx, token, Utc::now()).await?;
    Ok(after_change(&page, change, "renewed", |n| {
        Redirect::to(uri!(registration_page(token, n)))
    }))
}

#[get("/contact/registration/<token>/withdraw")]
async fn registration_withdraw_form(
    token: Option<Token>,
    _l: LinkRateLimited,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    Ok(
        match svc::registration_view(ctx, token, Utc::now()).await? {
            Some(v) if matches!(v.status, RequestStatus::InProgress { .. }) => {
                withdraw_page(&page, "registration", token)
            }
            Some(_) => Answer::Redirect(Redirect::to(uri!(registration_page(token, None::<&str>)))),
            None => invalid_link(&page),
        },
    )
}

#[post("/contact/registration/<token>/withdraw", data = "<_form>")]
async fn registration_withdraw(
    token: Option<Token>,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    _form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    let change = svc::withdraw_registration(ctx, token, Utc::now()).await?;
    Ok(after_change(&page, change, "withdrawn", |n| {
        Redirect::to(uri!(registration_page(token, n)))
    }))
}

/// The routes behind the public personal links.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![
        verify_form,
        verify,
        status_renew,
        status_withdraw_form,
        status_withdraw,
        registration_page,
        registration_renew,
        registration_withdraw_form,
        registration_withdraw,
    ]
}
