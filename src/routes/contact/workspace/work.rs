//! The caseworkers' workspace pages: the home of work by stage (`/staff/work`, where a
//! caseworker lands after login), the filtered and searchable case list
//! (`/staff/work/cases`), assigning a request (taking it, giving it back, or an
//! administrator's choice of caseworker), and the need-to-know step: the reason a
//! caseworker not assigned to a case gives before its personal data is shown.

use crate::context::AppContext;
use crate::domain::contact::stage::CaseStage;
use crate::domain::staff::account::Role;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{MatchId, RequestId, StaffId};
use crate::services::contact::assignment::{self, AssignProblem, Assigner};
use crate::services::contact::work::{self as svc, Assignee, Filter, Flag, Query, Viewer};
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill, note_ok};
use crate::web::guards::csrf::CsrfForm;
use crate::web::guards::staff_auth::{CaseworkerStaff, CurrentStaff};
use crate::web::page::Page;
use chrono::Utc;
use rocket::http::Status;
use rocket::response::Redirect;
use rocket::{FromForm, State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::json;

/// The stages a page offers, with their message keys.
fn stage_options() -> Vec<serde_json::Value> {
    CaseStage::ALL
        .iter()
        .map(|s| json!({ "value": s.as_str(), "key": s.label_key() }))
        .collect()
}

/// The caseworker home: work by stage (`mine`: only the viewer's cases).
#[get("/staff/work?<mine>")]
pub async fn home(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    mine: Option<bool>,
) -> Result<Template, AppError> {
    let mine = mine.unwrap_or(false);
    let viewer = Viewer {
        id: staff.0.account.id,
    };
    let view = svc::home(ctx, viewer, mine, Utc::now()).await?;
    Ok(page.render(
        "contact/staff/work",
        "work-title",
        json!({
            "staff": crate::routes::staff::nav(staff.0),
            "w": view,
            "stages": stage_options(),
        }),
    ))
}

/// The case list's query, as typed.
#[derive(Debug, Default, Clone)]
struct RawFilter<'a> {
    q: Option<&'a str>,
    stage: Option<&'a str>,
    assignee: Option<&'a str>,
    flag: Option<&'a str>,
    age: Option<&'a str>,
    lang: Option<&'a str>,
    page: Option<usize>,
}

/// A query value that was given (not empty).
fn given(v: Option<&str>) -> Option<&str> {
    v.map(str::trim).filter(|v| !v.is_empty())
}

/// Checks the list's query; an unknown stage, assignee, flag, age or language is a field
/// error (the page answers 422 and lists nothing).
async fn check_filter(
    ctx: &AppContext,
    viewer: StaffId,
    raw: &RawFilter<'_>,
) -> Result<Result<Filter, FieldErrors>, AppError> {
    let mut errors = FieldErrors::default();
    let stage = match given(raw.stage) {
        None => None,
        Some(s) => {
            let parsed = CaseStage::parse(s);
            if parsed.is_none() {
                errors.add("stage", "work-unknown-stage");
            }
            parsed
        }
    };
    let assignee = match given(raw.assignee) {
        None => None,
        Some("me") => Some(Assignee::Me),
        Some("none") => Some(Assignee::Nobody),
        Some(s) => {
            let known = match s.parse::<i64>() {
                Ok(n) => assignment::caseworkers(ctx)
                    .await?
                    .into_iter()
                    .find(|c| c.id == StaffId(n))
                    .map(|c| c.id),
                Err(_) => None,
            };
            if known.is_none() {
                errors.add("assignee", "work-unknown-assignee");
            }
            known.map(|id| {
                if id == viewer {
                    Assignee::Me
                } else {
                    Assignee::Staff(id)
                }
            })
        }
    };
    let flag = match given(raw.flag) {
        None => None,
        Some("hostile") => Some(Flag::Hostile),
        Some("clear") => Some(Flag::Clear),
        Some(_) => {
            errors.add("flag", "invalid-choice");
            None
        }
    };
    let min_age_days = match given(raw.age) {
        None => None,
        Some(a) => match a.parse::<u32>() {
            Ok(d) if d <= 3650 => Some(d),
            _ => {
                errors.add("age", "work-bad-age");
                None
            }
        },
    };
    let locale = match given(raw.lang) {
        None => None,
        Some(l) => {
            let parsed = Locale::parse(l);
            if parsed.is_none() {
                errors.add("language", "invalid-choice");
            }
            parsed
        }
    };
    let query = match given(raw.q) {
        None => None,
        Some(q) if !note_ok(q) => {
            errors.add("q", "note-invalid");
            None
        }
        Some(q) => {
            let digits = q.trim_start_matches('#');
            match digits.parse::<i64>() {
                Ok(n) if n > 0 => Some(Query::Number(n)),
                _ => Some(Query::Name(q.to_owned())),
            }
        }
    };
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    Ok(Ok(Filter {
        stage,
        assignee,
        flag,
        min_age_days,
        locale,
        query,
        page: raw.page.unwrap_or(0).min(10_000),
    }))
}

/// The list page, with `problem` (a refused assignment) or the filter's errors.
async fn list_page(
    page: &Page,
    ctx: &AppContext,
    staff: &CurrentStaff,
    raw: &RawFilter<'_>,
    problem: Option<(&str, &str)>,
) -> Result<(Status, Template), AppError> {
    let viewer = staff.account.id;
    let checked = check_filter(ctx, viewer, raw).await?;
    let (status, list, mut errors) = match checked {
        Ok(filter) => {
            let list = svc::list(ctx, Viewer { id: viewer }, &filter, Utc::now()).await?;
            (Status::Ok, Some(list), FieldErrors::default())
        }
        Err(errors) => (Status::UnprocessableEntity, None, errors),
    };
    let status = match problem {
        Some((field, code)) => {
            errors.add(field, code);
            Status::UnprocessableEntity
        }
        None => status,
    };
    let refill = Refill::labelled(
        page.locale,
        &errors,
        &[
            ("q", "work-search-label", "q"),
            ("stage", "work-filter-stage", "stage"),
            ("assignee", "work-filter-assignee", "assignee"),
            ("flag", "work-filter-flag", "flag"),
            ("age", "work-filter-age", "age"),
            ("language", "work-filter-lang", "language"),
        ],
    );
    let caseworkers = assignment::caseworkers(ctx).await?;
    let query_string = |p: usize| {
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        query.append_pair("page", &p.to_string());
        for (k, v) in [
            ("q", raw.q),
            ("stage", raw.stage),
            ("assignee", raw.assignee),
            ("flag", raw.flag),
            ("age", raw.age),
            ("language", raw.lang),
        ] {
            if let Some(v) = v.filter(|v| !v.is_empty()) {
                query.append_pair(k, v);
            }
        }
        query.finish()
    };
    let next = list
        .as_ref()
        .filter(|l| l.has_next)
        .map(|l| query_string(l.page + 1));
    let prev = list
        .as_ref()
        .filter(|l| l.page > 0)
        .map(|l| query_string(l.page - 1));
    Ok((
        status,
        page.render_form(
            "contact/staff/work_cases",
            "work-cases-title",
            &refill,
            json!({
                "staff": crate::routes::staff::nav(staff),
                "list": list,
                "max_checked": crate::services::contact::search::MAX_CHECKED,
                "stages": stage_options(),
                "caseworkers": caseworkers,
                "is_admin": staff.has(Role::Admin),
                "f": {
                    "q": raw.q.unwrap_or_default(),
                    "stage": raw.stage.unwrap_or_default(),
                    "assignee": raw.assignee.unwrap_or_default(),
                    "flag": raw.flag.unwrap_or_default(),
                    "age": raw.age.unwrap_or_default(),
                    "language": raw.lang.unwrap_or_default(),
                },
                "next": next,
                "prev": prev,
            }),
        ),
    ))
}

#[expect(
    clippy::too_many_arguments,
    reason = "one argument per query parameter of the list, as Rocket passes them"
)]
#[get("/staff/work/cases?<q>&<stage>&<assignee>&<flag>&<age>&<language>&<page>")]
async fn cases(
    p: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    q: Option<&str>,
    stage: Option<&str>,
    assignee: Option<&str>,
    flag: Option<&str>,
    age: Option<&str>,
    language: Option<&str>,
    page: Option<usize>,
) -> Result<(Status, Template), AppError> {
    let raw = RawFilter {
        q,
        stage,
        assignee,
        flag,
        age,
        lang: language,
        page,
    };
    list_page(&p, ctx, staff.0, &raw, None).await
}

/// The assignment form: `me`, `none`, or a caseworker's id.
#[derive(Debug, FromForm)]
pub struct AssignForm {
    /// Who.
    pub assignee: String,
}

#[post("/staff/contact/requests/<id>/assign", data = "<form>")]
async fn assign(
    page: Page,
    ctx: &State<AppContext>,
    staff: &CurrentStaff,
    id: RequestId,
    form: CsrfForm<AssignForm>,
) -> Result<Answer, AppError> {
    let admin = staff.has(Role::Admin);
    if !admin && !staff.has(Role::Caseworker) {
        return Ok(Answer::Page(crate::web::catchers::error_page(
            Status::Forbidden,
            page.locale,
            false,
        )));
    }
    let me = staff.account.id;
    let to = match form.parsed.as_ref().map(|f| f.assignee.trim()) {
        Ok("me") => Ok(Some(me)),
        Ok("none") => Ok(None),
        Ok(s) => s.parse::<i64>().map(|n| Some(StaffId(n))).map_err(|_| ()),
        Err(_) => Err(()),
    };
    let id_text = id.to_string();
    let raw = RawFilter {
        q: Some(&id_text),
        ..RawFilter::default()
    };
    let Ok(to) = to else {
        let shown = list_page(
            &page,
            ctx,
            staff,
            &raw,
            Some(("assignee", "work-unknown-assignee")),
        )
        .await?;
        return Ok(Answer::Page(shown));
    };
    let by = Assigner { id: me, admin };
    match assignment::assign(ctx, by, id, to, Utc::now()).await? {
        Ok(()) if staff.has(Role::Caseworker) => Ok(Answer::Redirect(Redirect::to(uri!(
            crate::routes::contact::review::request(id = id, notice = Some("assigned"))
        )))),
        Ok(()) => Ok(Answer::Redirect(Redirect::to(uri!(home(
            mine = None::<bool>
        ))))),
        Err(p) => {
            let field = if p == AssignProblem::UnknownAssignee {
                "assignee"
            } else {
                "q"
            };
            let shown = list_page(&page, ctx, staff, &raw, Some((field, p.key()))).await?;
            Ok(Answer::Page(shown))
        }
    }
}

/// The reason form.
#[derive(Debug, FromForm)]
pub struct ReasonForm {
    /// Why the case is read.
    pub reason: String,
    /// The match page to go on to (else the request's).
    pub then: Option<MatchId>,
}

#[post("/staff/contact/requests/<id>/access", data = "<form>")]
async fn access(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: RequestId,
    form: CsrfForm<ReasonForm>,
) -> Result<Answer, AppError> {
    let mut errors = FieldErrors::default();
    let f = match &form.parsed {
        Ok(f) => Some(f),
        Err(e) => {
            errors = e.clone();
            None
        }
    };
    if let Some(f) = f {
        if f.reason.trim().is_empty() {
            errors.add("reason", "required");
        } else if !note_ok(&f.reason) {
            errors.add("reason", "note-invalid");
        }
    }
    let then = f.and_then(|f| f.then);
    if !errors.is_empty() {
        return Ok(Answer::Page(super::need_to_know::reason_page(
            &page,
            staff.0,
            id,
            then,
            &errors,
            Status::UnprocessableEntity,
        )));
    }
    let reason = f.map(|f| f.reason.as_str()).unwrap_or_default();
    if let Some(m) = then
        && assignment::request_of_match(ctx, m).await? != id
    {
        return Err(AppError::NotFound);
    }
    assignment::give_reason(ctx, staff.0.account.id, id, reason, Utc::now()).await?;
    Ok(Answer::Redirect(match then {
        Some(m) => Redirect::to(uri!(crate::routes::contact::case::case(
            id = m,
            notice = None::<&str>
        ))),
        None => Redirect::to(uri!(crate::routes::contact::review::request(
            id = id,
            notice = None::<&str>
        ))),
    }))
}

/// The workspace routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![home, cases, assign, access]
}
