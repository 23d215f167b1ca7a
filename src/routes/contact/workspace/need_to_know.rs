//! The need-to-know step of the caseworkers' case pages: whether the viewer may read a
//! case's personal data, the 403 page that asks a reason otherwise, and what the request
//! page shows about its assignment.

use crate::context::AppContext;
use crate::domain::staff::account::Role;
use crate::error::AppError;
use crate::ids::{MatchId, RequestId};
use crate::services::contact::assignment::{self, CaseRef};
use crate::web::forms::{FieldErrors, Refill};
use crate::web::guards::staff_auth::CurrentStaff;
use crate::web::page::Page;
use chrono::Utc;
use rocket::http::Status;
use rocket_dyn_templates::Template;
use serde_json::json;

/// The need-to-know page: the case is someone else's; a reason opens it.
pub(crate) fn reason_page(
    page: &Page,
    staff: &CurrentStaff,
    request_id: RequestId,
    then: Option<MatchId>,
    errors: &FieldErrors,
    status: Status,
) -> (Status, Template) {
    let refill = Refill::labelled(
        page.locale,
        errors,
        &[("reason", "work-reason-label", "reason")],
    );
    (
        status,
        page.render_form(
            "contact/staff/need_reason",
            "work-reason-title",
            &refill,
            json!({
                "staff": crate::routes::staff::nav(staff),
                "request_id": request_id,
                "then": then,
            }),
        ),
    )
}

/// `Some(page)` when `staff` may not read the case's personal data yet: the 403 page that
/// asks for a reason. Handlers that show or act on a case answer it instead.
pub(crate) async fn need_to_know(
    page: &Page,
    ctx: &AppContext,
    staff: &CurrentStaff,
    what: CaseRef,
) -> Result<Option<(Status, Template)>, AppError> {
    let (request_id, ok) = assignment::may_read(ctx, staff.account.id, what, Utc::now()).await?;
    if ok {
        return Ok(None);
    }
    let then = match what {
        CaseRef::Match(m) => Some(m),
        CaseRef::Request(_) => None,
    };
    Ok(Some(reason_page(
        page,
        staff,
        request_id,
        then,
        &FieldErrors::default(),
        Status::Forbidden,
    )))
}

/// What the request page shows about its assignment.
pub(crate) async fn assignment_view(
    ctx: &AppContext,
    staff: &CurrentStaff,
    id: RequestId,
) -> Result<serde_json::Value, AppError> {
    let (current, history) = assignment::history(ctx, id).await?;
    let me = staff.account.id;
    let admin = staff.has(Role::Admin);
    let mine = current.as_ref().is_some_and(|c| c.id == me);
    Ok(json!({
        "assignee": current,
        "mine": mine,
        "history": history,
        "can_take": current.is_none(),
        "can_give_back": mine || (admin && current.is_some()),
        "is_admin": admin,
        "caseworkers": if admin { assignment::caseworkers(ctx).await? } else { Vec::new() },
    }))
}
