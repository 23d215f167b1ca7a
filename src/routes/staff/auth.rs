//! Staff login (password, then second factor), enrolment (password through the one-time
//! link, then the authenticator and recovery codes), and logout.

use super::forms::{CodeForm, LoginForm, PasswordForm};
use crate::context::AppContext;
use crate::domain::people::network::ClientNetwork;
use crate::domain::staff::login_throttle::KnownDevice;
use crate::error::AppError;
use crate::ids::{StaffId, Token};
use crate::services::staff::accounts::{self as svc, EnrolProblem};
use crate::services::staff::login::{self as login_svc, LoginOutcome};
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill};
use crate::web::guards::client_ip::ClientIp;
use crate::web::guards::csrf::{CsrfForm, TokenOnly};
use crate::web::guards::rate_limit::{LinkRateLimited, RateLimited};
use crate::web::guards::staff_auth::{
    CurrentStaff, PendingSecondFactor, PendingTotpEnrolment, StaffDevice, clear_session,
    set_device, set_session,
};
use crate::web::page::Page;
use chrono::Utc;
use rocket::http::{CookieJar, Status};
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::json;
use std::collections::BTreeMap;

fn form_view(
    page: &Page,
    template: &'static str,
    title: &str,
    values: &BTreeMap<String, String>,
    fields: &[&str],
    errors: &FieldErrors,
    extra: serde_json::Value,
) -> Template {
    // Never send a password back to the browser.
    let refill = Refill::errors(page.locale, errors)
        .with_values(values, fields)
        .blank(&["password", "password_confirm", "code"]);
    page.render_form(template, title, &refill, extra)
}

/// After a full login (password and second factor): this browser becomes a known device
/// of the account, not subject to the per-address lock.
fn remember_device(
    ctx: &AppContext,
    cookies: &CookieJar<'_>,
    staff_id: StaffId,
) -> Result<(), AppError> {
    let device = KnownDevice::new(staff_id, Utc::now())?;
    set_device(
        cookies,
        &device,
        ctx.config.is_release(),
        ctx.config.staff.device,
    );
    Ok(())
}

#[get("/staff/login")]
fn login_page(page: Page) -> Template {
    form_view(
        &page,
        "staff/login",
        "staff-login-title",
        &BTreeMap::new(),
        &["email"],
        &FieldErrors::default(),
        json!({}),
    )
}

#[post("/staff/login", data = "<form>")]
async fn login(
    page: Page,
    ctx: &State<AppContext>,
    cookies: &CookieJar<'_>,
    ip: ClientIp,
    device: StaffDevice,
    _l: RateLimited,
    form: CsrfForm<LoginForm>,
) -> Result<Answer, AppError> {
    // One message for every refusal: unknown address, wrong password, disabled, locked.
    let refuse = || {
        let mut e = FieldErrors::default();
        e.add("email", "login-failed");
        let view = form_view(
            &page,
            "staff/login",
            "staff-login-title",
            &form.raw,
            &["email"],
            &e,
            json!({}),
        );
        Answer::refused(view)
    };
    let Ok(f) = &form.parsed else {
        return Ok(refuse());
    };
    if f.email.len() > 320 || f.password.len() > 1024 {
        return Ok(refuse());
    }
    match login_svc::login(
        ctx,
        &f.email,
        &f.password,
        &ClientNetwork::of(ip.0),
        device.0.as_ref(),
        Utc::now(),
    )
    .await?
    {
        LoginOutcome::SecondFactor(token) => {
            set_session(cookies, token, ctx.config.is_release());
            Ok(Answer::Redirect(Redirect::to(uri!(verify_page))))
        }
        LoginOutcome::Refused => Ok(refuse()),
        LoginOutcome::Busy => Ok(Answer::Page(crate::web::catchers::error_page(
            Status::ServiceUnavailable,
            page.locale,
            false,
        ))),
    }
}

#[get("/staff/login/verify")]
fn verify_page(page: Page, _pending: PendingSecondFactor) -> Template {
    form_view(
        &page,
        "staff/verify",
        "staff-verify-title",
        &BTreeMap::new(),
        &["code"],
        &FieldErrors::default(),
        json!({}),
    )
}

#[post("/staff/login/verify", data = "<form>")]
async fn verify(
    page: Page,
    ctx: &State<AppContext>,
    cookies: &CookieJar<'_>,
    pending: PendingSecondFactor,
    _l: RateLimited,
    form: CsrfForm<CodeForm>,
) -> Result<Answer, AppError> {
    let code = form
        .parsed
        .as_ref()
        .map(|f| f.code.clone())
        .unwrap_or_default();
    match login_svc::second_factor(ctx, pending.session_id, &pending.account, &code, Utc::now())
        .await?
    {
        Some(token) => {
            set_session(cookies, token, ctx.config.is_release());
            remember_device(ctx, cookies, pending.account.id)?;
            // Caseworkers land on their work by stage; everyone else on the dashboard.
            if crate::domain::staff::account::roles_of(&pending.account)
                .contains(&crate::domain::staff::account::Role::Caseworker)
            {
                return Ok(Answer::Redirect(Redirect::to(uri!(
                    crate::routes::contact::workspace::work::home(mine = None::<bool>)
                ))));
            }
            Ok(Answer::Redirect(Redirect::to(uri!(super::home::dashboard))))
        }
        None => {
            let mut e = FieldErrors::default();
            e.add("code", "code-wrong");
            Ok(Answer::refused(form_view(
                &page,
                "staff/verify",
                "staff-verify-title",
                &form.raw,
                &["code"],
                &e,
                json!({}),
            )))
        }
    }
}

#[get("/staff/enrol/<token>")]
async fn enrol_page(
    _l: LinkRateLimited,
    page: Page,
    ctx: &State<AppContext>,
    token: Option<Token>,
) -> Result<Answer, AppError> {
    // Showing the form uses nothing up, so mail scanners that open links do no harm.
    // A segment not shaped like a token is never looked up: the same page as an unknown one.
    let live = match &token {
        Some(t) => svc::enrolment_account(ctx, t, Utc::now()).await?.is_some(),
        None => false,
    };
    let Some(token) = token.filter(|_| live) else {
        return Ok(Answer::Page((
            Status::NotFound,
            page.render("staff/link_invalid", "staff-link-invalid-title", json!({})),
        )));
    };
    Ok(Answer::Page((
        Status::Ok,
        form_view(
            &page,
            "staff/enrol",
            "staff-enrol-title",
            &BTreeMap::new(),
            &[],
            &FieldErrors::default(),
            json!({ "token": token.as_str() }),
        ),
    )))
}

#[post("/staff/enrol/<token>", data = "<form>")]
async fn enrol(
    page: Page,
    ctx: &State<AppContext>,
    cookies: &CookieJar<'_>,
    token: Option<Token>,
    _l: RateLimited,
    form: CsrfForm<PasswordForm>,
) -> Result<Answer, AppError> {
    let mut errors = FieldErrors::default();
    if let Ok(f) = &form.parsed {
        let enrolled = match &token {
            Some(t) => {
                svc::enrol_password(ctx, t, &f.password, &f.password_confirm, Utc::now()).await?
            }
            // Not shaped like a link: never looked up, the same answer as an unknown one.
            None => Err(EnrolProblem::LinkInvalid),
        };
        match enrolled {
            Ok(session) => {
                set_session(cookies, session, ctx.config.is_release());
                return Ok(Answer::Redirect(Redirect::to(uri!(totp_page))));
            }
            Err(EnrolProblem::Busy) => {
                return Ok(Answer::Page(crate::web::catchers::error_page(
                    Status::ServiceUnavailable,
                    page.locale,
                    false,
                )));
            }
            Err(EnrolProblem::LinkInvalid) => {
                return Ok(Answer::Page((
                    Status::NotFound,
                    page.render("staff/link_invalid", "staff-link-invalid-title", json!({})),
                )));
            }
            Err(EnrolProblem::Mismatch) => errors.add("password_confirm", "password-mismatch"),
            Err(EnrolProblem::Password(p)) => errors.add("password", p.code()),
        }
    } else {
        errors.add("password", "required");
    }
    Ok(Answer::refused(form_view(
        &page,
        "staff/enrol",
        "staff-enrol-title",
        &form.raw,
        &[],
        &errors,
        json!({ "token": token.as_ref().map(Token::as_str) }),
    )))
}

#[get("/staff/enrol/second-factor")]
async fn totp_page(
    page: Page,
    ctx: &State<AppContext>,
    pending: PendingTotpEnrolment,
) -> Result<Template, AppError> {
    // Only while the second factor is off; afterwards the key is never shown again.
    let material = svc::totp_enrolment(ctx, &pending.account)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(form_view(
        &page,
        "staff/totp",
        "staff-totp-title",
        &BTreeMap::new(),
        &["code"],
        &FieldErrors::default(),
        json!({ "enrolment": material }),
    ))
}

#[post("/staff/enrol/second-factor", data = "<form>")]
async fn totp_confirm(
    page: Page,
    ctx: &State<AppContext>,
    cookies: &CookieJar<'_>,
    pending: PendingTotpEnrolment,
    _l: RateLimited,
    form: CsrfForm<CodeForm>,
) -> Result<Answer, AppError> {
    let code = form
        .parsed
        .as_ref()
        .map(|f| f.code.clone())
        .unwrap_or_default();
    match svc::confirm_totp(ctx, &pending.account, &code, Utc::now()).await? {
        Some((token, codes)) => {
            set_session(cookies, token, ctx.config.is_release());
            remember_device(ctx, cookies, pending.account.id)?;
            // Shown once, on this response only; stored hashed.
            Ok(Answer::Page((
                Status::Ok,
                page.render(
                    "staff/recovery_codes",
                    "staff-recovery-title",
                    json!({ "codes": codes }),
                ),
            )))
        }
        None => {
            let material = svc::totp_enrolment(ctx, &pending.account)
                .await?
                .ok_or(AppError::NotFound)?;
            let mut e = FieldErrors::default();
            e.add("code", "code-wrong");
            let view = form_view(
                &page,
                "staff/totp",
                "staff-totp-title",
                &form.raw,
                &["code"],
                &e,
                json!({ "enrolment": material }),
            );
            Ok(Answer::refused(view))
        }
    }
}

#[post("/staff/logout", data = "<_form>")]
async fn logout(
    ctx: &State<AppContext>,
    cookies: &CookieJar<'_>,
    current: &CurrentStaff,
    _form: CsrfForm<TokenOnly>,
) -> Result<Redirect, AppError> {
    login_svc::logout(ctx, current.session_id, current.account.id, Utc::now()).await?;
    clear_session(cookies, ctx.config.is_release());
    Ok(Redirect::to(uri!(login_page)))
}

#[post("/staff/sessions/end-all", data = "<_form>")]
async fn logout_everywhere(
    ctx: &State<AppContext>,
    cookies: &CookieJar<'_>,
    current: &CurrentStaff,
    _form: CsrfForm<TokenOnly>,
) -> Result<Redirect, AppError> {
    login_svc::revoke_sessions(ctx, current.account.id, current.account.id, Utc::now()).await?;
    clear_session(cookies, ctx.config.is_release());
    Ok(Redirect::to(uri!(login_page)))
}

/// The authentication routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![
        login_page,
        login,
        verify_page,
        verify,
        enrol_page,
        enrol,
        totp_page,
        totp_confirm,
        logout,
        logout_everywhere
    ]
}
