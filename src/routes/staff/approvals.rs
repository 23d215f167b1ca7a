//! Four-eyes approvals (admins): the list of proposals, and approving or rejecting one.
//! The proposer, and the person a proposal is about, cannot decide it.

use super::forms::DecisionForm;
use crate::context::AppContext;
use crate::domain::approval::DecisionError;
use crate::error::AppError;
use crate::ids::ApprovalId;
use crate::services::approvals;
use crate::services::staff::admin as svc;
use crate::web::answer::Answer;
use crate::web::guards::csrf::CsrfForm;
use crate::web::guards::staff_auth::AdminStaff;
use crate::web::page::Page;
use chrono::Utc;
use rocket::http::Status;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::json;

async fn view(
    page: &Page,
    ctx: &AppContext,
    admin: &AdminStaff<'_>,
    notice: Option<&str>,
    error: Option<&str>,
) -> Result<Template, AppError> {
    let rows = svc::proposals(ctx, &admin.0.account, Utc::now()).await?;
    let notice = super::notices::APPROVALS.message(notice);
    Ok(page.render(
        "staff/approvals",
        "approvals-title",
        json!({
            "staff": super::nav(admin.0),
            "rows": rows,
            "notice": notice,
            "error": error.map(|e| format!("approval-error-{e}")),
        }),
    ))
}

#[get("/staff/approvals?<notice>")]
async fn list(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    notice: Option<&str>,
) -> Result<Template, AppError> {
    view(&page, ctx, &admin, notice, None).await
}

#[post("/staff/approvals/<id>", data = "<form>")]
async fn decide(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    id: ApprovalId,
    form: CsrfForm<DecisionForm>,
) -> Result<Answer, AppError> {
    let (approve, note, code) = match &form.parsed {
        Ok(f) if f.decision == "approve" => {
            (true, f.note.clone().unwrap_or_default(), f.code.clone())
        }
        Ok(f) if f.decision == "reject" => {
            (false, f.note.clone().unwrap_or_default(), f.code.clone())
        }
        _ => {
            let page = view(&page, ctx, &admin, None, Some("invalid")).await?;
            return Ok(Answer::refused(page));
        }
    };
    if !crate::web::forms::note_ok(&note) {
        let page = view(&page, ctx, &admin, None, Some("invalid")).await?;
        return Ok(Answer::refused(page));
    }
    match approvals::decide(
        ctx,
        &admin.0.account,
        approvals::Decision {
            id,
            approve,
            note: &note,
            code: &code,
        },
        page.locale,
        Utc::now(),
    )
    .await?
    {
        Ok(()) => {
            let notice = if approve { "approved" } else { "rejected" };
            Ok(Answer::Redirect(Redirect::to(uri!(list(
                notice = Some(notice)
            )))))
        }
        Err(e) => {
            let code = e.key();
            let status = if e == DecisionError::NotFound {
                Status::NotFound
            } else {
                Status::UnprocessableEntity
            };
            Ok(Answer::Page((
                status,
                view(&page, ctx, &admin, None, Some(code)).await?,
            )))
        }
    }
}

/// The approvals routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![list, decide]
}
