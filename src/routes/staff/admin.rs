//! Staff administration (admins only): the list, invitations, and per-account actions —
//! roles, access, ending sessions, a new enrolment link for an unfinished account, and the
//! second-factor reset. Changes that concern administrators are proposed for a second
//! admin's approval; nobody changes their own roles or access.

use super::forms::{ActiveForm, InviteForm, ReasonForm, RolesForm, parse_roles};
use crate::context::AppContext;
use crate::domain::staff::account::Role;
use crate::error::AppError;
use crate::ids::StaffId;
use crate::services::staff::accounts::{self as svc, CreateProblem, NewStaff};
use crate::services::staff::admin::{self as admin_svc, AdminOutcome, AdminProblem};
use crate::services::staff::login as login_svc;
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill, note_ok};
use crate::web::guards::csrf::{CsrfForm, TokenOnly};
use crate::web::guards::staff_auth::AdminStaff;
use crate::web::page::Page;
use chrono::Utc;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::json;
use std::collections::BTreeMap;

fn role_choices(selected: &[String], with_admin: bool) -> Vec<serde_json::Value> {
    Role::ALL
        .iter()
        .filter(|r| with_admin || **r != Role::Admin)
        .map(
            |r| json!({ "value": r.as_str(), "checked": selected.iter().any(|s| Role::parse(s) == Some(*r)) }),
        )
        .collect()
}

#[get("/staff/admin/staff?<notice>")]
async fn list(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    notice: Option<&str>,
) -> Result<Template, AppError> {
    let rows = svc::list(ctx, admin.0.account.id).await?;
    Ok(page.render(
        "staff/admin_list",
        "staff-admin-title",
        json!({ "staff": super::nav(admin.0), "rows": rows, "notice": super::notices::ACCOUNTS.message(notice) }),
    ))
}

fn invite_view(
    page: &Page,
    admin: &AdminStaff<'_>,
    raw: &BTreeMap<String, String>,
    roles: &[String],
    errors: &FieldErrors,
) -> Template {
    let mut values = raw.clone();
    for f in ["email", "display_name"] {
        values.entry(f.to_owned()).or_default();
    }
    let refill = Refill::errors(page.locale, errors);
    page.render_form(
        "staff/admin_invite",
        "staff-invite-title",
        &refill,
        json!({
            "staff": super::nav(admin.0),
            "values": values,
            // The admin role is granted after enrolment, with a second admin's approval.
            "roles": role_choices(roles, false),
        }),
    )
}

#[get("/staff/admin/staff/new")]
fn invite_page(page: Page, admin: AdminStaff<'_>) -> Template {
    invite_view(
        &page,
        &admin,
        &BTreeMap::new(),
        &[],
        &FieldErrors::default(),
    )
}

#[post("/staff/admin/staff", data = "<form>")]
async fn invite(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    form: CsrfForm<InviteForm>,
) -> Result<Answer, AppError> {
    let mut errors = FieldErrors::default();
    let (email, name, raw_roles) = match &form.parsed {
        Ok(f) => (f.email.clone(), f.display_name.clone(), f.roles.clone()),
        Err(e) => {
            errors = e.clone();
            (String::new(), String::new(), Vec::new())
        }
    };
    let roles = parse_roles(&raw_roles, &mut errors);
    if errors.is_empty() {
        let new = NewStaff {
            email,
            display_name: name,
            roles,
        };
        match svc::invite(ctx, admin.0.account.id, &new, page.locale, Utc::now()).await? {
            Ok(_) => {
                return Ok(Answer::Redirect(Redirect::to(uri!(list(
                    notice = Some("invited")
                )))));
            }
            Err(CreateProblem::Email(p)) => errors.add("email", p.staff_code()),
            Err(CreateProblem::Exists) => errors.add("email", "email-exists"),
            Err(CreateProblem::Name) => errors.add("display_name", "name-invalid"),
            Err(CreateProblem::NoRole) => errors.add("roles", "role-required"),
            Err(CreateProblem::AdminNeedsApproval) => errors.add("roles", "admin-needs-approval"),
        }
    }
    Ok(Answer::refused(invite_view(
        &page, &admin, &form.raw, &raw_roles, &errors,
    )))
}

async fn detail_view(
    page: &Page,
    ctx: &AppContext,
    admin: &AdminStaff<'_>,
    id: StaffId,
    notice: Option<String>,
    errors: &FieldErrors,
    raw: &BTreeMap<String, String>,
) -> Result<Option<Template>, AppError> {
    let Some(row) = svc::view(ctx, admin.0.account.id, id).await? else {
        return Ok(None);
    };
    let current: Vec<String> = row.roles.iter().map(|r| r.as_str().to_owned()).collect();
    let refill = Refill::errors(page.locale, errors);
    let mut values = raw.clone();
    values.entry("reason".into()).or_default();
    let title = row.display_name.clone();
    Ok(Some(page.render_titled_form(
        "staff/admin_detail",
        &title,
        &refill,
        json!({
            "staff": super::nav(admin.0),
            "member": row,
            "roles": role_choices(&current, true),
            "is_self": id == admin.0.account.id,
            "notice": notice,
            "values": values,
        }),
    )))
}

#[get("/staff/admin/staff/<id>?<notice>")]
async fn detail(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    id: StaffId,
    notice: Option<&str>,
) -> Result<Template, AppError> {
    detail_view(
        &page,
        ctx,
        &admin,
        id,
        super::notices::ACCOUNTS.message(notice),
        &FieldErrors::default(),
        &BTreeMap::new(),
    )
    .await?
    .ok_or(AppError::NotFound)
}

fn problem_code(p: AdminProblem) -> (&'static str, &'static str) {
    match p {
        AdminProblem::NotFound => ("reason", "invalid"),
        AdminProblem::OwnAccount => ("reason", "own-account"),
        AdminProblem::NoRole => ("roles", "role-required"),
        AdminProblem::ReasonRequired => ("reason", "reason-required"),
        AdminProblem::LastAdmin => ("reason", "last-admin"),
        AdminProblem::AlreadyEnrolled => ("reason", "already-enrolled"),
    }
}

async fn refused(
    page: &Page,
    ctx: &AppContext,
    admin: &AdminStaff<'_>,
    id: StaffId,
    errors: &FieldErrors,
    raw: &BTreeMap<String, String>,
) -> Result<Answer, AppError> {
    let view = detail_view(page, ctx, admin, id, None, errors, raw)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Answer::refused(view))
}

async fn after(
    page: Page,
    ctx: &AppContext,
    admin: AdminStaff<'_>,
    id: StaffId,
    result: Result<AdminOutcome, AdminProblem>,
    done: &str,
    raw: &BTreeMap<String, String>,
) -> Result<Answer, AppError> {
    match result {
        Ok(AdminOutcome::Done) => Ok(Answer::Redirect(Redirect::to(uri!(detail(
            id = id,
            notice = Some(done)
        ))))),
        Ok(AdminOutcome::Proposed(_)) => Ok(Answer::Redirect(Redirect::to(uri!(detail(
            id = id,
            notice = Some("proposed")
        ))))),
        Err(AdminProblem::NotFound) => Err(AppError::NotFound),
        Err(p) => {
            let mut errors = FieldErrors::default();
            let (field, code) = problem_code(p);
            errors.add(field, code);
            refused(&page, ctx, &admin, id, &errors, raw).await
        }
    }
}

#[post("/staff/admin/staff/<id>/roles", data = "<form>")]
async fn set_roles(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    id: StaffId,
    form: CsrfForm<RolesForm>,
) -> Result<Answer, AppError> {
    let mut errors = FieldErrors::default();
    let (raw_roles, reason) = match &form.parsed {
        Ok(f) => (f.roles.clone(), f.reason.clone()),
        Err(_) => (Vec::new(), String::new()),
    };
    let roles = parse_roles(&raw_roles, &mut errors);
    if !note_ok(&reason) {
        errors.add("reason", "too-long");
    }
    if !errors.is_empty() {
        return refused(&page, ctx, &admin, id, &errors, &form.raw).await;
    }
    let result =
        admin_svc::set_roles(ctx, admin.0.account.id, id, &roles, &reason, Utc::now()).await?;
    after(page, ctx, admin, id, result, "saved", &form.raw).await
}

#[post("/staff/admin/staff/<id>/active", data = "<form>")]
async fn set_active(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    id: StaffId,
    form: CsrfForm<ActiveForm>,
) -> Result<Answer, AppError> {
    let (active, reason) = match &form.parsed {
        Ok(f) => (f.active, f.reason.clone().unwrap_or_default()),
        Err(_) => {
            let mut errors = FieldErrors::default();
            errors.add("reason", "invalid");
            return refused(&page, ctx, &admin, id, &errors, &form.raw).await;
        }
    };
    if !note_ok(&reason) {
        let mut errors = FieldErrors::default();
        errors.add("reason", "too-long");
        return refused(&page, ctx, &admin, id, &errors, &form.raw).await;
    }
    let result =
        admin_svc::set_active(ctx, admin.0.account.id, id, active, &reason, Utc::now()).await?;
    let done = if active { "enabled" } else { "disabled" };
    after(page, ctx, admin, id, result, done, &form.raw).await
}

#[post("/staff/admin/staff/<id>/reset-second-factor", data = "<form>")]
async fn reset_second_factor(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    id: StaffId,
    form: CsrfForm<ReasonForm>,
) -> Result<Answer, AppError> {
    let reason = form
        .parsed
        .as_ref()
        .map(|f| f.reason.clone())
        .unwrap_or_default();
    if !note_ok(&reason) {
        let mut errors = FieldErrors::default();
        errors.add("reason", "too-long");
        return refused(&page, ctx, &admin, id, &errors, &form.raw).await;
    }
    let result =
        admin_svc::propose_second_factor_reset(ctx, admin.0.account.id, id, &reason, Utc::now())
            .await?;
    after(page, ctx, admin, id, result, "proposed", &form.raw).await
}

#[post("/staff/admin/staff/<id>/resend-enrolment", data = "<form>")]
async fn resend_enrolment(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    id: StaffId,
    form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    let result =
        admin_svc::resend_enrolment(ctx, admin.0.account.id, id, page.locale, Utc::now()).await?;
    after(page, ctx, admin, id, result, "link-sent", &form.raw).await
}

#[post("/staff/admin/staff/<id>/end-sessions", data = "<_form>")]
async fn end_sessions(
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    id: StaffId,
    _form: CsrfForm<TokenOnly>,
) -> Result<Redirect, AppError> {
    login_svc::revoke_sessions(ctx, admin.0.account.id, id, Utc::now()).await?;
    Ok(Redirect::to(uri!(detail(
        id = id,
        notice = Some("sessions-ended")
    ))))
}

/// The administration routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![
        list,
        invite_page,
        invite,
        detail,
        set_roles,
        set_active,
        reset_second_factor,
        resend_enrolment,
        end_sessions
    ]
}
