//! Staff petition management pages: a petition's page with its state actions, and the
//! draft form (organisers create and edit drafts; admins publish, close, reopen and mark
//! delivered).

use super::forms::{DraftForm, StateForm};
use crate::context::AppContext;
use crate::domain::petitions::petition::{
    DraftInput, PetitionState, TextInput, can_move, draft_problems,
};
use crate::domain::staff::account::Role;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::PetitionId;
use crate::services::petitions::manage::{self as svc, SaveProblem};
use crate::services::petitions::sign as petition_sign;
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill};
use crate::web::guards::csrf::CsrfForm;
use crate::web::guards::staff_auth::{AdminStaff, CurrentStaff, OrganiserOrAdmin, OrganiserStaff};
use crate::web::page::Page;
use chrono::Utc;
use rocket::http::Status;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::json;
use std::collections::BTreeMap;

/// Text fields of the form, per language.
const TEXT_FIELDS: [&str; 3] = ["title", "summary", "body"];
/// Other fields of the form.
const FIELDS: [&str; 5] = ["slug", "goal", "addressees", "opens_on", "closes_on"];

/// The form's fields in order, with their labels, for the error summary.
const SUMMARY: [crate::web::forms::SummaryField<'static>; 14] = [
    ("slug", "petition-field-slug", "slug"),
    ("addressees", "petition-field-addressees", "addressees"),
    ("goal", "petition-field-goal", "goal"),
    ("opens_on", "petition-field-opens", "opens_on"),
    ("closes_on", "petition-field-closes", "closes_on"),
    ("title_en", "petition-field-title", "title_en"),
    ("summary_en", "petition-field-summary", "summary_en"),
    ("body_en", "petition-field-body", "body_en"),
    ("title_fa", "petition-field-title", "title_fa"),
    ("summary_fa", "petition-field-summary", "summary_fa"),
    ("body_fa", "petition-field-body", "body_fa"),
    ("title_fr", "petition-field-title", "title_fr"),
    ("summary_fr", "petition-field-summary", "summary_fr"),
    ("body_fr", "petition-field-body", "body_fr"),
];

fn date(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<chrono::DateTime<Utc>> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match crate::i18n::calendar::read_day(raw) {
        Ok((d, _)) => d.and_hms_opt(0, 0, 0).map(|t| t.and_utc()),
        Err(p) => {
            errors.add(field, p.day_code());
            None
        }
    }
}

/// Reads the form into a draft, collecting every problem.
fn draft(f: &DraftForm, errors: &mut FieldErrors) -> DraftInput {
    let goal = match f.goal.trim() {
        "" => None,
        g => match g.parse::<i32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add("goal", "invalid-number");
                None
            }
        },
    };
    let texts = [
        ("en", &f.title_en, &f.summary_en, &f.body_en),
        ("fa", &f.title_fa, &f.summary_fa, &f.body_fa),
        ("fr", &f.title_fr, &f.summary_fr, &f.body_fr),
    ]
    .into_iter()
    .map(|(locale, title, summary, body)| TextInput {
        locale,
        title: title.clone(),
        summary: summary.clone(),
        body: body.clone(),
    })
    .collect();
    let d = DraftInput {
        slug: f.slug.trim().to_owned(),
        goal,
        addressees: f.addressees.clone(),
        opens_at: date(&f.opens_on, "opens_on", errors),
        closes_at: date(&f.closes_on, "closes_on", errors),
        collects_letters: f.collects_letters,
        texts,
    };
    for (field, code) in draft_problems(&d) {
        if !errors.0.contains_key(&field) {
            errors.add(&field, code);
        }
    }
    d
}

fn form_view(
    page: &Page,
    staff: &CurrentStaff,
    id: Option<PetitionId>,
    raw: &BTreeMap<String, String>,
    errors: &FieldErrors,
) -> Template {
    let mut values = raw.clone();
    for f in FIELDS {
        values.entry(f.to_owned()).or_default();
    }
    let languages: Vec<serde_json::Value> = Locale::ALL
        .iter()
        .map(|l| {
            let code = l.code();
            let mut v = json!({ "code": code, "dir": l.dir(), "name": l.native_name() });
            for f in TEXT_FIELDS {
                let key = format!("{f}_{code}");
                v[f] = json!(values.get(&key).cloned().unwrap_or_default());
                v[format!("{f}_errors")] = json!(errors.shown(page.locale).0.get(&key));
            }
            v
        })
        .collect();
    let refill = Refill::labelled(page.locale, errors, &SUMMARY);
    let letters = raw
        .get("collects_letters")
        .is_some_and(|v| v == "true" || v == "on")
        || (id.is_none() && raw.is_empty());
    page.render_form(
        "petitions/staff/form",
        if id.is_some() {
            "petition-edit-title"
        } else {
            "petition-new-title"
        },
        &refill,
        json!({
            "staff": crate::routes::staff::nav(staff),
            "action": id.map_or_else(|| "/staff/petitions".to_owned(), |i| format!("/staff/petitions/{i}/edit")),
            "values": values,
            "collects_letters": letters,
            "languages": languages,
        }),
    )
}

#[get("/staff/petitions/new")]
fn new_page(page: Page, staff: OrganiserStaff<'_>) -> Template {
    form_view(
        &page,
        staff.0,
        None,
        &BTreeMap::new(),
        &FieldErrors::default(),
    )
}

async fn save(
    page: &Page,
    ctx: &AppContext,
    staff: &OrganiserStaff<'_>,
    id: Option<PetitionId>,
    form: &CsrfForm<DraftForm>,
) -> Result<Answer, AppError> {
    let mut errors = FieldErrors::default();
    let input = match &form.parsed {
        Ok(f) => Some(draft(f, &mut errors)),
        Err(e) => {
            errors = e.clone();
            None
        }
    };
    if let (Some(d), true) = (input, errors.is_empty()) {
        let me = staff.0.account.id;
        let now = Utc::now();
        let outcome = match id {
            None => svc::create(ctx, me, &d, now).await?,
            Some(id) => svc::update(ctx, me, id, &d, now).await?.map(|()| id),
        };
        match outcome {
            Ok(pid) => {
                let notice = if id.is_some() { "saved" } else { "created" };
                return Ok(Answer::Redirect(to_detail(pid, Some(notice))));
            }
            Err(SaveProblem::SlugTaken) => errors.add("slug", "slug-taken"),
            Err(SaveProblem::NotDraft) => errors.add("slug", "petition-not-draft"),
        }
    }
    Ok(Answer::refused(form_view(
        page, staff.0, id, &form.raw, &errors,
    )))
}

#[post("/staff/petitions", data = "<form>")]
async fn create(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    form: CsrfForm<DraftForm>,
) -> Result<Answer, AppError> {
    save(&page, ctx, &staff, None, &form).await
}

#[get("/staff/petitions/<id>/edit")]
async fn edit_page(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
) -> Result<Answer, AppError> {
    let Some(p) = svc::detail(ctx, id, page.locale).await? else {
        return Err(AppError::NotFound);
    };
    if p.state != PetitionState::Draft {
        return Ok(Answer::Redirect(to_detail(id, None)));
    }
    let mut raw = BTreeMap::from([
        ("slug".to_owned(), p.slug.clone()),
        (
            "goal".to_owned(),
            p.goal.map(|g| g.to_string()).unwrap_or_default(),
        ),
        ("addressees".to_owned(), p.addressees.clone()),
        ("opens_on".to_owned(), p.opens_on.clone()),
        ("closes_on".to_owned(), p.closes_on.clone()),
        (
            "collects_letters".to_owned(),
            p.collects_letters.to_string(),
        ),
    ]);
    for t in &p.texts {
        raw.insert(format!("title_{}", t.locale), t.title.clone());
        raw.insert(format!("summary_{}", t.locale), t.summary.clone());
        raw.insert(format!("body_{}", t.locale), t.body.clone());
    }
    Ok(Answer::Page((
        Status::Ok,
        form_view(&page, staff.0, Some(id), &raw, &FieldErrors::default()),
    )))
}

#[post("/staff/petitions/<id>/edit", data = "<form>")]
async fn edit(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    form: CsrfForm<DraftForm>,
) -> Result<Answer, AppError> {
    save(&page, ctx, &staff, Some(id), &form).await
}

fn to_detail(id: PetitionId, notice: Option<&str>) -> Redirect {
    Redirect::to(uri!(detail(id = id, notice = notice)))
}

async fn detail_view(
    page: &Page,
    ctx: &AppContext,
    staff: &CurrentStaff,
    id: PetitionId,
    notice: Option<&str>,
    error: Option<&'static str>,
) -> Result<Template, AppError> {
    let Some(p) = svc::detail(ctx, id, page.locale).await? else {
        return Err(AppError::NotFound);
    };
    let counts = petition_sign::counts(ctx, id).await?;
    let from = p.state;
    let is_admin = staff.has(Role::Admin);
    let moves: Vec<&str> = PetitionState::ALL
        .iter()
        .copied()
        .filter(|to| is_admin && can_move(from, *to))
        .map(PetitionState::as_str)
        .collect();
    let title = p.title.clone();
    Ok(page.render_titled(
        "petitions/staff/detail",
        &title,
        json!({
            "staff": crate::routes::staff::nav(staff),
            "petition": p,
            "total": counts.total,
            "is_public": from != PetitionState::Draft,
            "can_edit": staff.has(Role::Organiser) && from == PetitionState::Draft,
            "can_moderate": staff.has(Role::Organiser),
            "is_admin": is_admin,
            "moves": moves,
            "notice": super::notices::PETITION.message(notice),
            "error": error,
        }),
    ))
}

#[get("/staff/petitions/<id>?<notice>")]
async fn detail(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserOrAdmin<'_>,
    id: PetitionId,
    notice: Option<&str>,
) -> Result<Template, AppError> {
    detail_view(&page, ctx, staff.0, id, notice, None).await
}

/// Changes a petition's state. Marking it delivered takes a confirmation step first: a
/// page stating the hand-overs it rests on and the day from which its signers' personal
/// data will be erased (in the reader's calendar); without a recorded hand-over it is
/// refused (422).
#[post("/staff/petitions/<id>/state", data = "<form>")]
async fn change_state(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    id: PetitionId,
    form: CsrfForm<StateForm>,
) -> Result<Answer, AppError> {
    let parsed = form.parsed.as_ref().ok();
    let to = parsed.and_then(|f| PetitionState::parse(&f.to));
    let confirmed = parsed.is_some_and(|f| f.confirm == "yes");
    let problem = match to {
        Some(PetitionState::Delivered) if !confirmed => {
            return deliver_page(&page, ctx, admin.0, id).await;
        }
        Some(to) => svc::transition(ctx, admin.0.account.id, id, to, Utc::now()).await?,
        None => Err(svc::StateProblem::NotAllowed),
    };
    match problem {
        Ok(()) => Ok(Answer::Redirect(to_detail(id, Some("state")))),
        Err(p) => Ok(Answer::refused(
            detail_view(&page, ctx, admin.0, id, None, Some(p.code())).await?,
        )),
    }
}

/// The confirmation step of marking a petition delivered.
async fn deliver_page(
    page: &Page,
    ctx: &AppContext,
    staff: &CurrentStaff,
    id: PetitionId,
) -> Result<Answer, AppError> {
    let Some(p) = svc::detail(ctx, id, page.locale).await? else {
        return Err(AppError::NotFound);
    };
    let refuse = |code: &'static str| async move {
        Ok(Answer::refused(
            detail_view(page, ctx, staff, id, None, Some(code)).await?,
        ))
    };
    if !can_move(p.state, PetitionState::Delivered) {
        return refuse(svc::StateProblem::NotAllowed.code()).await;
    }
    let handovers = svc::live_handovers(&ctx.db, id).await?;
    if handovers.is_empty() {
        return refuse(svc::StateProblem::NoHandover.code()).await;
    }
    let erase_from = crate::services::editions::retention::erasure_from(ctx, Utc::now());
    let date = crate::i18n::format::date(page.locale, erase_from, &page.zone);
    let handovers: Vec<serde_json::Value> = handovers
        .iter()
        .map(|h| {
            json!({
                "office": h.office,
                "on": crate::i18n::format::day(page.locale, h.handed_on),
                "edition": crate::i18n::format::digits(page.locale, i64::from(h.edition)),
            })
        })
        .collect();
    let title = page.locale.t("petition-deliver-title");
    Ok(Answer::Page((
        Status::Ok,
        page.render_titled(
            "petitions/staff/deliver",
            &title,
            json!({
                "staff": crate::routes::staff::nav(staff),
                "petition": p,
                "handovers": handovers,
                "erase_from": date,
            }),
        ),
    )))
}

/// The petition management routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![new_page, create, edit_page, edit, detail, change_state]
}
