//! Petition news pages: the one-click unsubscribe link (a GET shows a button; the POST —
//! from the button or a mail client's RFC 8058 one-click — acts, and answers the same for
//! any token), and the organisers' page to write an update in each language, preview it
//! with its number of recipients, propose it, and approve another organiser's (four-eyes).

use super::forms::{DecideUpdateForm, UpdateForm};
use crate::context::AppContext;
use crate::domain::approval::DecisionError;
use crate::domain::petitions::news::{UpdateOrigin, UpdateState};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{PetitionId, UpdateId};
use crate::services::approvals::{self, Decision};
use crate::services::petitions::news as svc;
use crate::services::petitions::progress::pick;
use crate::web::answer::Answer;
use crate::web::forms::FieldErrors;
use crate::web::guards::csrf::{CsrfForm, TokenOnly};
use crate::web::guards::rate_limit::{LinkRateLimited, RateLimited};
use crate::web::guards::staff_auth::OrganiserStaff;
use crate::web::page::Page;
use chrono::Utc;
use rocket::http::Status;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The longest token looked at; longer ones are cut (and match nothing).
const MAX_TOKEN: usize = 200;

fn unsubscribe_page(page: &Page, token: &str, done: bool) -> Template {
    let token: String = token.chars().take(MAX_TOKEN).collect();
    page.render(
        "petitions/unsubscribe",
        "news-unsubscribe-title",
        json!({ "token": token, "done": done }),
    )
}

/// The unsubscribe link as opened: a button (mail scanners that open links change nothing).
#[get("/news/unsubscribe/<token>")]
async fn unsubscribe_get(token: &str, page: Page, _l: LinkRateLimited) -> Template {
    unsubscribe_page(&page, token, false)
}

/// Unsubscribes: the same page and status for any token (known, unknown, malformed, used).
/// No CSRF token: mail clients send RFC 8058's one-click POST without one; the action only
/// ever takes news away, and the token itself is the secret.
#[post("/news/unsubscribe/<token>")]
async fn unsubscribe(
    token: &str,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
) -> Result<(Status, Template), AppError> {
    let token: String = token.chars().take(MAX_TOKEN).collect();
    svc::unsubscribe(ctx, &token, Utc::now()).await?;
    Ok((Status::Ok, unsubscribe_page(&page, &token, true)))
}

/// The organisers' news page.
const FRAME: super::staff_frame::Frame = super::staff_frame::Frame {
    template: "petitions/staff/news",
    title: "news-staff-title",
    fields: &[
        "subject_en",
        "subject_fa",
        "subject_fr",
        "body_en",
        "body_fa",
        "body_fr",
    ],
    notices: super::notices::NEWS,
};

async fn updates_view(
    page: &Page,
    ctx: &AppContext,
    staff: &OrganiserStaff<'_>,
    id: PetitionId,
    raw: &BTreeMap<String, String>,
    errors: &FieldErrors,
    notice: Option<&str>,
) -> Result<Template, AppError> {
    let me = staff.0.account.id;
    let updates: Vec<Value> = svc::list(ctx, id)
        .await?
        .into_iter()
        .map(|u| {
            let previews: Vec<Value> = Locale::ALL
                .iter()
                .map(|l| {
                    json!({
                        "lang": l.code(),
                        "dir": l.dir(),
                        "name": l.native_name(),
                        "subject": pick(&u.subject, *l),
                        "body": pick(&u.body, *l),
                    })
                })
                .collect();
            json!({
                "id": u.id,
                "state": u.state,
                "state_label": page.locale.t(&format!("news-state-{}", u.state)),
                "from_handover": u.origin == UpdateOrigin::Handover,
                "from_answer": u.origin == UpdateOrigin::Answer,
                "previews": previews,
                "values": {
                    "subject_en": u.subject.get("en"), "subject_fa": u.subject.get("fa"), "subject_fr": u.subject.get("fr"),
                    "body_en": u.body.get("en"), "body_fa": u.body.get("fa"), "body_fr": u.body.get("fr"),
                },
                "is_draft": u.state == UpdateState::Draft,
                "can_decide": u.state == UpdateState::Proposed && u.created_by != me,
                "queued": super::public::number(page.locale, u64::try_from(u.queued).unwrap_or(0)),
                "finished": u.finished,
            })
        })
        .collect();
    let recipients = svc::recipients(ctx, id).await?;
    let extra = json!({
        "updates": updates,
        "recipients": super::public::number(page.locale, recipients),
    });
    FRAME
        .render(page, ctx, staff, id, raw.clone(), errors, notice, extra)
        .await
}

#[get("/staff/petitions/<id>/news?<notice>")]
async fn updates(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    notice: Option<&str>,
) -> Result<Template, AppError> {
    updates_view(
        &page,
        ctx,
        &staff,
        id,
        &BTreeMap::new(),
        &FieldErrors::default(),
        notice,
    )
    .await
}

#[post("/staff/petitions/<id>/news", data = "<form>")]
async fn write(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    form: CsrfForm<UpdateForm>,
) -> Result<Answer, AppError> {
    let checked = form
        .parsed
        .as_ref()
        .map_err(Clone::clone)
        .and_then(UpdateForm::check);
    let errors = match checked {
        Ok(texts) => {
            svc::draft(
                ctx,
                staff.0.account.id,
                id,
                &texts,
                UpdateOrigin::Written,
                Utc::now(),
            )
            .await?;
            return Ok(Answer::Redirect(Redirect::to(uri!(updates(
                id = id,
                notice = Some("drafted")
            )))));
        }
        Err(e) => e,
    };
    Ok(Answer::refused(
        updates_view(&page, ctx, &staff, id, &form.raw, &errors, None).await?,
    ))
}

#[post("/staff/petitions/<id>/news/<update>/edit", data = "<form>")]
async fn edit(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    update: UpdateId,
    form: CsrfForm<UpdateForm>,
) -> Result<Answer, AppError> {
    let checked = form
        .parsed
        .as_ref()
        .map_err(Clone::clone)
        .and_then(UpdateForm::check);
    let errors = match checked {
        Ok(texts) => {
            if svc::edit(ctx, staff.0.account.id, id, update, &texts, Utc::now()).await? {
                return Ok(Answer::Redirect(Redirect::to(uri!(updates(
                    id = id,
                    notice = Some("drafted")
                )))));
            }
            let mut e = FieldErrors::default();
            e.add("subject_en", "news-not-draft");
            e
        }
        Err(e) => e,
    };
    Ok(Answer::refused(
        updates_view(&page, ctx, &staff, id, &form.raw, &errors, None).await?,
    ))
}

#[post("/staff/petitions/<id>/news/<update>/propose", data = "<_form>")]
async fn propose(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    update: UpdateId,
    _form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    let problem = match svc::propose(ctx, staff.0.account.id, id, update, Utc::now()).await? {
        Ok(()) => {
            return Ok(Answer::Redirect(Redirect::to(uri!(updates(
                id = id,
                notice = Some("proposed")
            )))));
        }
        Err(svc::ProposeProblem::NotDraft) => "news-not-draft",
        Err(svc::ProposeProblem::NoEnglish) => "news-english-needed",
    };
    let mut e = FieldErrors::default();
    e.add("subject_en", problem);
    Ok(Answer::refused(
        updates_view(&page, ctx, &staff, id, &BTreeMap::new(), &e, None).await?,
    ))
}

#[post("/staff/petitions/<id>/news/<update>/decide", data = "<form>")]
async fn decide(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    update: UpdateId,
    form: CsrfForm<DecideUpdateForm>,
) -> Result<Answer, AppError> {
    let approval = svc::approval_of(ctx, id, update).await?;
    let mut e = FieldErrors::default();
    match &form.parsed {
        Ok(f) if matches!(f.decision.as_str(), "approve" | "reject") => {
            let decision = Decision {
                id: approval,
                approve: f.decision == "approve",
                note: "",
                code: &f.code,
            };
            match approvals::decide(ctx, &staff.0.account, decision, page.locale, Utc::now())
                .await?
            {
                Ok(()) => {
                    return Ok(Answer::Redirect(Redirect::to(uri!(updates(
                        id = id,
                        notice = Some("approved")
                    )))));
                }
                Err(DecisionError::SecondFactor) => e.add("code", "code-wrong"),
                Err(DecisionError::OwnProposal | DecisionError::OwnAccount) => {
                    e.add("code", "news-own-update");
                }
                Err(_) => e.add("code", "news-not-draft"),
            }
        }
        Ok(_) => e.add("decision", "invalid-choice"),
        Err(errors) => e = errors.clone(),
    }
    Ok(Answer::refused(
        updates_view(&page, ctx, &staff, id, &BTreeMap::new(), &e, None).await?,
    ))
}

/// The news routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![
        unsubscribe_get,
        unsubscribe,
        updates,
        write,
        edit,
        propose,
        decide
    ]
}
