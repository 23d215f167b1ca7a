//! The caseworker's case page of a match: its whole timeline (state, consents with their
//! wording and seals, proposals, the relay thread's size, audit events; never a contact
//! detail) and the actions on it: asking the sought person, recording an answer obtained
//! by phone or in person, proposing the release, deciding a colleague's proposal (with a
//! fresh second-factor code), and reviewing a decliner's welfare message.

use super::forms::{AssertForm, DecideForm, ReleaseForm, WelfareForm, check_assert};
use super::workspace::need_to_know::need_to_know;
use crate::context::AppContext;
use crate::domain::approval::{ApprovalKind, DecisionError, ShownStatus};
use crate::domain::contact::consent::{REQUESTER_WORDING, SOUGHT_WORDING, WELFARE_MAX_CHARS};
use crate::error::AppError;
use crate::ids::{ApprovalId, MatchId};
use crate::services::approvals;
use crate::services::contact::assignment::CaseRef;
use crate::services::contact::consent::{self as flow, DETAIL_MAX_CHARS, FlowProblem};
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill, note_ok};
use crate::web::guards::csrf::{CsrfForm, TokenOnly};
use crate::web::guards::staff_auth::CaseworkerStaff;
use crate::web::page::Page;
use chrono::Utc;
use rocket::http::Status;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::json;
use std::collections::BTreeMap;

/// The fields of the "record an answer" form (re-filled after a refusal).
const ASSERT_FIELDS: &[&str] = &[
    "party",
    "decision",
    "choice",
    "detail",
    "welfare",
    "welfare_text",
    "how",
];

/// What the page shows besides the case.
#[derive(Default)]
struct Shown {
    /// A notice key (after a redirect).
    notice: Option<String>,
    /// A refusal's message key.
    error: Option<String>,
    /// Field errors.
    errors: FieldErrors,
    /// The submitted values, to re-fill the form.
    values: BTreeMap<String, String>,
    /// The proposal whose decision form was submitted.
    decided: Option<ApprovalId>,
    /// 200 unless a form was refused.
    status: Option<Status>,
}

impl Shown {
    /// A refused form: 422 with its errors and values.
    fn refused(errors: FieldErrors, values: &BTreeMap<String, String>) -> Self {
        Self {
            errors,
            values: values.clone(),
            status: Some(Status::UnprocessableEntity),
            ..Self::default()
        }
    }

    /// An action the match does not allow now: 422 with the reason.
    fn problem(p: FlowProblem, values: &BTreeMap<String, String>) -> Self {
        Self {
            error: Some(format!("case-problem-{}", p.key())),
            ..Self::refused(FieldErrors::default(), values)
        }
    }
}

async fn case_page(
    page: &Page,
    ctx: &AppContext,
    staff: &CaseworkerStaff<'_>,
    id: MatchId,
    shown: Shown,
) -> Result<(Status, Template), AppError> {
    if let Some(page) = need_to_know(page, ctx, staff.0, CaseRef::Match(id)).await? {
        return Ok(page);
    }
    let view = flow::case_view(ctx, staff.0.account.id, id, Utc::now()).await?;
    let state = view.state;
    // The requester's answer covers the whole request: staff may record it on any open
    // match; the sought person's only before they answered.
    let requester_assertable = !state.is_final();
    let release_pending = view.proposals.iter().any(|p| {
        p.approval_kind == ApprovalKind::ReleaseConnection && p.status == ShownStatus::Pending
    });
    let thread = view
        .thread
        .map(|(open, messages)| json!({ "open": open, "messages": messages }));
    // The summary names each field (its label) and links to it.
    let refill = Refill::labelled(
        page.locale,
        &shown.errors,
        &[
            ("party", "case-assert-party", "party"),
            ("decision", "case-assert-decision", "decision"),
            ("choice", "case-assert-choice", "choice"),
            ("detail", "case-assert-detail", "detail"),
            ("welfare", "case-assert-welfare", "welfare"),
            ("welfare_text", "case-assert-welfare-text", "welfare_text"),
            ("how", "case-assert-how", "how"),
            ("release_reason", "case-release-reason", "release_reason"),
        ],
    );
    let fields: Vec<&str> = ASSERT_FIELDS
        .iter()
        .chain(&["reason", "note"])
        .copied()
        .collect();
    // A one-time code is never sent back.
    let refill = refill.with_values(&shown.values, &fields).blank(&["code"]);
    // The timeline in words: staff by name, actions in the page's language.
    let timeline = crate::services::history::timeline(
        &ctx.db,
        page.locale,
        &crate::domain::audit::Subject::Match(id),
    )
    .await?;
    // Staff named by name on the proposals and staff-recorded answers.
    let mut staff_ids: Vec<crate::ids::StaffId> = Vec::new();
    for p in &view.proposals {
        staff_ids.push(p.proposed_by);
        staff_ids.extend(p.decided_by);
    }
    staff_ids.extend(view.consents.iter().filter_map(|c| c.asserted_by));
    let names = crate::services::staff::notes::staff_names(&ctx.db, staff_ids).await?;
    let mut c = serde_json::to_value(&view).map_err(|e| AppError::Internal(e.to_string()))?;
    for (list, fields) in [
        ("proposals", &["proposed_by", "decided_by"][..]),
        ("consents", &["asserted_by"][..]),
    ] {
        for row in c[list].as_array_mut().into_iter().flatten() {
            for f in fields {
                let name = row[*f]
                    .as_i64()
                    .and_then(|id| names.get(&crate::ids::StaffId(id)).cloned());
                row[format!("{f}_name")] = name.into();
            }
        }
    }
    let title = page.locale.t_args(
        "case-match-title",
        &[("id", crate::i18n::TextArg::Num(id.0 as f64))],
    );
    Ok((
        shown.status.unwrap_or(Status::Ok),
        page.render_titled_form(
            "contact/staff/match",
            &title,
            &refill,
            json!({
                "staff": crate::routes::staff::nav(staff.0),
                "c": c,
                "timeline": timeline,
                "score_percent": format!("{:.1}", f64::from(view.score) / 10.0),
                "thread": thread,
                "release_pending": release_pending,
                "can_assert": view.assertable || requester_assertable,
                "requester_assertable": requester_assertable,
                "wording_sought": flow::wording(SOUGHT_WORDING, page.locale).0,
                "wording_requester": flow::wording(REQUESTER_WORDING, page.locale).0,
                "language": page.locale.native_name(),
                "detail_max": DETAIL_MAX_CHARS,
                "welfare_max": WELFARE_MAX_CHARS,
                "notice": shown.notice,
                "error": shown.error,
                "decided": shown.decided,
            }),
        ),
    ))
}

#[get("/staff/contact/matches/<id>?<notice>")]
async fn case(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: MatchId,
    notice: Option<&str>,
) -> Result<(Status, Template), AppError> {
    let shown = Shown {
        notice: super::notices::CASE.message(notice),
        ..Shown::default()
    };
    case_page(&page, ctx, &staff, id, shown).await
}

fn to_case(id: MatchId, notice: &str) -> Redirect {
    Redirect::to(uri!(case(id = id, notice = Some(notice))))
}

/// The page again after a refusal.
async fn again(
    page: &Page,
    ctx: &AppContext,
    staff: &CaseworkerStaff<'_>,
    id: MatchId,
    shown: Shown,
) -> Result<Answer, AppError> {
    Ok(Answer::Page(case_page(page, ctx, staff, id, shown).await?))
}

#[post("/staff/contact/matches/<id>/ask", data = "<form>")]
async fn ask(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: MatchId,
    form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    if let Some(shown) = need_to_know(&page, ctx, staff.0, CaseRef::Match(id)).await? {
        return Ok(Answer::Page(shown));
    }
    match flow::ask(ctx, staff.0.account.id, id, Utc::now()).await? {
        Ok(()) => Ok(Answer::Redirect(to_case(id, "asked"))),
        Err(p) => again(&page, ctx, &staff, id, Shown::problem(p, &form.raw)).await,
    }
}

#[post("/staff/contact/matches/<id>/assert", data = "<form>")]
async fn assert(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: MatchId,
    form: CsrfForm<AssertForm>,
) -> Result<Answer, AppError> {
    if let Some(shown) = need_to_know(&page, ctx, staff.0, CaseRef::Match(id)).await? {
        return Ok(Answer::Page(shown));
    }
    let checked = form
        .parsed
        .as_ref()
        .map_err(Clone::clone)
        .and_then(check_assert);
    let (party, answer, how) = match checked {
        Ok(a) => a,
        Err(errors) => {
            return again(&page, ctx, &staff, id, Shown::refused(errors, &form.raw)).await;
        }
    };
    // The wording the person agreed to is the one on this page, in its language.
    let asserted = flow::Asserted {
        party,
        answer: &answer,
        how: &how,
        locale: page.locale,
    };
    match flow::assert_consent(ctx, staff.0.account.id, id, &asserted, Utc::now()).await? {
        Ok(_) => Ok(Answer::Redirect(to_case(id, "asserted"))),
        Err(p) => again(&page, ctx, &staff, id, Shown::problem(p, &form.raw)).await,
    }
}

#[post("/staff/contact/matches/<id>/release", data = "<form>")]
async fn release(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: MatchId,
    form: CsrfForm<ReleaseForm>,
) -> Result<Answer, AppError> {
    if let Some(shown) = need_to_know(&page, ctx, staff.0, CaseRef::Match(id)).await? {
        return Ok(Answer::Page(shown));
    }
    let mut errors = FieldErrors::default();
    let reason = match &form.parsed {
        Ok(f) if f.reason.trim().is_empty() => {
            errors.add("release_reason", "required");
            String::new()
        }
        Ok(f) if !note_ok(&f.reason) => {
            errors.add("release_reason", "note-invalid");
            String::new()
        }
        Ok(f) => f.reason.trim().to_owned(),
        Err(e) => {
            errors = e.clone();
            String::new()
        }
    };
    if !errors.is_empty() {
        return again(&page, ctx, &staff, id, Shown::refused(errors, &form.raw)).await;
    }
    match flow::propose_release(ctx, staff.0.account.id, id, &reason, Utc::now()).await? {
        Ok(_) => Ok(Answer::Redirect(to_case(id, "release-proposed"))),
        Err(p) => again(&page, ctx, &staff, id, Shown::problem(p, &form.raw)).await,
    }
}

#[post("/staff/contact/matches/<id>/proposals/<proposal>", data = "<form>")]
async fn decide(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: MatchId,
    proposal: ApprovalId,
    form: CsrfForm<DecideForm>,
) -> Result<Answer, AppError> {
    if let Some(shown) = need_to_know(&page, ctx, staff.0, CaseRef::Match(id)).await? {
        return Ok(Answer::Page(shown));
    }
    if !flow::proposal_on_match(&ctx.db, id, proposal).await? {
        return Err(AppError::NotFound);
    }
    let refused = |key: &str| Shown {
        error: Some(format!("case-decide-error-{key}")),
        decided: Some(proposal),
        ..Shown::refused(FieldErrors::default(), &form.raw)
    };
    let f = match &form.parsed {
        Ok(f) if ["approve", "reject"].contains(&f.decision.as_str()) && note_ok(&f.note) => f,
        _ => return again(&page, ctx, &staff, id, refused("invalid")).await,
    };
    let approve = f.decision == "approve";
    let decision = approvals::Decision {
        id: proposal,
        approve,
        note: &f.note,
        code: &f.code,
    };
    match approvals::decide(ctx, &staff.0.account, decision, page.locale, Utc::now()).await? {
        Ok(()) => Ok(Answer::Redirect(to_case(
            id,
            if approve {
                "proposal-approved"
            } else {
                "proposal-rejected"
            },
        ))),
        Err(DecisionError::NotFound) => Err(AppError::NotFound),
        Err(e) => again(&page, ctx, &staff, id, refused(e.key())).await,
    }
}

#[post("/staff/contact/matches/<id>/welfare", data = "<form>")]
async fn welfare(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: MatchId,
    form: CsrfForm<WelfareForm>,
) -> Result<Answer, AppError> {
    if let Some(shown) = need_to_know(&page, ctx, staff.0, CaseRef::Match(id)).await? {
        return Ok(Answer::Page(shown));
    }
    let release = match form.parsed.as_ref().map(|f| f.decision.as_str()) {
        Ok("release") => true,
        Ok("withhold") => false,
        _ => {
            let mut errors = FieldErrors::default();
            errors.add("welfare_review", "invalid-choice");
            return again(&page, ctx, &staff, id, Shown::refused(errors, &form.raw)).await;
        }
    };
    match flow::review_welfare(ctx, staff.0.account.id, id, release, Utc::now()).await? {
        Ok(()) => Ok(Answer::Redirect(to_case(
            id,
            if release {
                "welfare-released"
            } else {
                "welfare-withheld"
            },
        ))),
        Err(p) => again(&page, ctx, &staff, id, Shown::problem(p, &form.raw)).await,
    }
}

/// The case page routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![case, ask, assert, release, decide, welfare]
}
