//! A petition's progress: the timeline on the public page (shaped here for the reader's
//! language), its Atom feed, and the organisers' page for milestones, the answer due date
//! and the next step.

use super::forms::{MilestoneForm, ProgressForm};
use crate::context::AppContext;
use crate::error::AppError;
use crate::i18n::{Locale, TextArg};
use crate::ids::{MilestoneId, PetitionId};
use crate::services::petitions::progress::{self as svc, Progress, Step, pick};
use crate::services::petitions::sign as sign_svc;
use crate::web::answer::Answer;
use crate::web::forms::FieldErrors;
use crate::web::guards::csrf::{CsrfForm, TokenOnly};
use crate::web::guards::staff_auth::OrganiserStaff;
use crate::web::page::Page;
use atom_syndication::{Entry, Feed, Link, Person, Text};
use chrono::{DateTime, Utc};
use rocket::http::{ContentType, Header};
use rocket::response::Redirect;
use rocket::{Responder, State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// A day (`YYYY-MM-DD`), or any ASCII digits, in the reader's digits.
fn day(locale: Locale, iso: &str) -> String {
    match locale {
        Locale::Fa => crate::domain::contact::form::persian_digits(iso),
        Locale::En | Locale::Fr => iso.to_owned(),
    }
}

/// A count in the reader's digits.
fn count(locale: Locale, n: i64) -> String {
    day(locale, &n.max(0).to_string())
}

/// One timeline entry in `locale`: its day, a title and the lines under it. Texts staff
/// typed (offices, answers) are returned apart, to be shown isolated (`<bdi>`, `dir=auto`).
fn entry(locale: Locale, step: &Step) -> Value {
    let t = |key: &str, args: &[(&str, &str)]| {
        let args: Vec<(&str, TextArg<'_>)> =
            args.iter().map(|(k, v)| (*k, TextArg::Str(v))).collect();
        locale.t_args(key, &args)
    };
    match step {
        Step::Published => json!({ "title": locale.t("progress-published") }),
        Step::Milestone {
            threshold,
            consequence,
            reached,
        } => {
            let n = count(locale, i64::from(*threshold));
            json!({
                "title": if *reached { t("progress-milestone-reached", &[("count", &n)]) } else { t("progress-milestone-ahead", &[("count", &n)]) },
                "text": pick(consequence, locale),
                "ahead": !reached,
            })
        }
        Step::Edition {
            edition,
            signatures,
        } => json!({
            "title": t("progress-edition", &[
                ("number", &count(locale, i64::from(*edition))),
                ("count", &count(locale, *signatures)),
            ]),
        }),
        Step::Handover {
            office,
            recipient,
            medium,
            channel,
            edition,
            fingerprint,
        } => {
            let mut detail = t(
                "progress-handover-detail",
                &[
                    ("number", &count(locale, i64::from(*edition))),
                    ("form", &locale.t(&format!("handover-form-{medium}"))),
                ],
            );
            if let Some(c) = channel {
                detail = format!("{detail} · {}", locale.t(&format!("handover-channel-{c}")));
            }
            json!({
                "title": locale.t("progress-handover"),
                "office": office,
                "recipient": recipient,
                "detail": detail,
                "fingerprint": fingerprint,
            })
        }
        Step::Answer {
            office,
            summary,
            letter,
        } => {
            let text = pick(summary, locale);
            // Shown in another language: say so, and mark the text's language.
            let shown = summary
                .iter()
                .find(|(_, t)| **t == text)
                .map(|(l, _)| *l)
                .filter(|_| !summary.contains_key(locale.code()) && !text.is_empty());
            let note = shown.map(|l| {
                let language = locale.t(&format!("progress-language-{l}"));
                t("progress-answer-fallback", &[("language", &language)])
            });
            json!({
                "title": locale.t("progress-answer"),
                "office": office,
                "text": text,
                "text_lang": shown.unwrap_or(locale.code()),
                "note": note,
                "letter": letter,
            })
        }
    }
}

/// The progress section of the public petition page, in `locale`.
#[must_use]
pub fn timeline_view(locale: Locale, progress: &Progress) -> Value {
    let events: Vec<Value> = progress
        .events
        .iter()
        .map(|e| {
            let mut v = entry(locale, &e.step);
            if let (Some(on), Value::Object(map)) = (&e.on, &mut v) {
                map.insert("on".into(), day(locale, on).into());
                map.insert("datetime".into(), on.clone().into());
            }
            v
        })
        .collect();
    let waiting = progress.waiting.as_ref().map(|w| {
        let days = count(locale, w.days_since_handover);
        let args = [("days", TextArg::Str(&days))];
        let mut lines = vec![locale.t_args("progress-waiting", &args)];
        if let Some(due) = &w.due_on {
            let due = day(locale, due);
            match w.overdue_days {
                Some(late) => {
                    let late = count(locale, late);
                    lines.push(locale.t_args(
                        "progress-overdue",
                        &[("date", TextArg::Str(&due)), ("days", TextArg::Str(&late))],
                    ));
                }
                None => {
                    lines.push(locale.t_args("progress-due", &[("date", TextArg::Str(&due))]));
                }
            }
        }
        json!({ "lines": lines, "overdue": w.overdue_days.is_some() })
    });
    let next = pick(&progress.next_step, locale);
    json!({
        "events": events,
        "waiting": waiting,
        "next_step": (!next.is_empty()).then_some(next),
    })
}

/// The timeline of a public petition, as of now.
///
/// # Errors
/// Database errors.
pub async fn of(
    ctx: &AppContext,
    p: &crate::entities::petition::Model,
) -> Result<Progress, AppError> {
    let total = sign_svc::counts(ctx, p.id).await?.total;
    svc::timeline(ctx, p, total, Utc::now().date_naive()).await
}

/// An Atom document.
#[derive(Responder)]
pub struct AtomFeed(String, ContentType, Header<'static>);

/// The feed's entries in `locale`: one per dated event, newest first.
fn feed(ctx: &AppContext, locale: Locale, slug: &str, title: &str, progress: &Progress) -> String {
    let base = format!("{}/petitions/{slug}", ctx.config.public_url);
    let page_link = |lang: Locale| Link {
        href: format!("{base}?lang={}", lang.code()),
        rel: "alternate".into(),
        hreflang: Some(lang.code().into()),
        mime_type: Some("text/html".into()),
        ..Default::default()
    };
    let mut entries: Vec<Entry> = progress
        .events
        .iter()
        .filter_map(|e| e.at.map(|at| (e, at)))
        .map(|(e, at)| {
            let v = entry(locale, &e.step);
            let field = |k: &str| v.get(k).and_then(Value::as_str).unwrap_or_default();
            let title_text = match field("office") {
                "" => field("title").to_owned(),
                office => format!("{}: {office}", field("title")),
            };
            let summary = [field("text"), field("detail")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            Entry {
                id: format!("{base}#progress-{}", e.id),
                title: Text::plain(title_text),
                updated: at.fixed_offset(),
                summary: (!summary.is_empty()).then(|| Text::plain(summary)),
                links: vec![page_link(locale)],
                ..Default::default()
            }
        })
        .collect();
    entries.reverse();
    let updated: DateTime<Utc> = progress
        .events
        .iter()
        .filter_map(|e| e.at)
        .max()
        .unwrap_or_else(Utc::now);
    let feed = Feed {
        id: format!("{base}/progress.atom?lang={}", locale.code()),
        title: Text::plain(title),
        updated: updated.fixed_offset(),
        lang: Some(locale.code().into()),
        authors: vec![Person {
            name: ctx.config.public_url.clone(),
            ..Default::default()
        }],
        links: vec![
            Link {
                href: format!("{base}/progress.atom?lang={}", locale.code()),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Default::default()
            },
            page_link(locale),
        ],
        entries,
        ..Default::default()
    };
    feed.to_string()
}

/// The petition's progress as an Atom feed, in the reader's language (`?lang=`).
#[get("/petitions/<slug>/progress.atom")]
async fn atom(slug: &str, page: Page, ctx: &State<AppContext>) -> Result<AtomFeed, AppError> {
    let p = sign_svc::published(ctx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let title = p
        .view(page.locale)
        .map(|v| v.title)
        .unwrap_or_else(|| p.model.slug.clone());
    let progress = of(ctx, &p.model).await?;
    Ok(AtomFeed(
        feed(ctx, page.locale, &p.model.slug, &title, &progress),
        ContentType::new("application", "atom+xml"),
        Header::new("Cache-Control", "public, max-age=60"),
    ))
}

/// The organisers' progress page: milestones, the answer due date and the next step.
const FRAME: super::staff_frame::Frame = super::staff_frame::Frame {
    template: "petitions/staff/progress",
    title: "progress-staff-title",
    fields: &[
        "threshold",
        "consequence_en",
        "consequence_fa",
        "consequence_fr",
        "answer_due_on",
        "next_step_en",
        "next_step_fa",
        "next_step_fr",
    ],
    notices: super::notices::PROGRESS,
};

async fn staff_view(
    page: &Page,
    ctx: &AppContext,
    staff: &OrganiserStaff<'_>,
    id: PetitionId,
    raw: Option<&BTreeMap<String, String>>,
    errors: &FieldErrors,
    notice: Option<&str>,
) -> Result<Template, AppError> {
    let saved = svc::staff_progress(ctx, id).await?;
    let mut values = BTreeMap::new();
    if let Some(due) = &saved.answer_due_on {
        values.insert("answer_due_on".to_owned(), due.clone());
    }
    for (code, text) in &saved.next_step {
        values.insert(format!("next_step_{code}"), text.clone());
    }
    if let Some(raw) = raw {
        values.extend(raw.clone());
    }
    let milestones: Vec<Value> = saved
        .milestones
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "threshold": count(page.locale, i64::from(m.threshold)),
                "consequences": m.consequence.iter().map(|(l, t)| json!({ "lang": l, "text": t })).collect::<Vec<_>>(),
                "removed": m.removed,
            })
        })
        .collect();
    let extra = json!({ "milestones": milestones });
    FRAME
        .render(page, ctx, staff, id, values, errors, notice, extra)
        .await
}

#[get("/staff/petitions/<id>/progress?<notice>")]
async fn staff_page(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    notice: Option<&str>,
) -> Result<Template, AppError> {
    staff_view(
        &page,
        ctx,
        &staff,
        id,
        None,
        &FieldErrors::default(),
        notice,
    )
    .await
}

#[post("/staff/petitions/<id>/milestones", data = "<form>")]
async fn add_milestone(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    form: CsrfForm<MilestoneForm>,
) -> Result<Answer, AppError> {
    let checked = form
        .parsed
        .as_ref()
        .map_err(Clone::clone)
        .and_then(MilestoneForm::check);
    let errors = match checked {
        Ok(m) => {
            svc::add_milestone(ctx, staff.0.account.id, id, m, Utc::now()).await?;
            return Ok(Answer::Redirect(Redirect::to(uri!(staff_page(
                id = id,
                notice = Some("milestone")
            )))));
        }
        Err(errors) => errors,
    };
    Ok(Answer::refused(
        staff_view(&page, ctx, &staff, id, Some(&form.raw), &errors, None).await?,
    ))
}

#[post(
    "/staff/petitions/<id>/milestones/<milestone>/remove",
    data = "<_form>"
)]
async fn remove_milestone(
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    milestone: MilestoneId,
    _form: CsrfForm<TokenOnly>,
) -> Result<Redirect, AppError> {
    svc::remove_milestone(ctx, staff.0.account.id, id, milestone, Utc::now()).await?;
    Ok(Redirect::to(uri!(staff_page(
        id = id,
        notice = Some("removed")
    ))))
}

#[post("/staff/petitions/<id>/progress", data = "<form>")]
async fn save(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    form: CsrfForm<ProgressForm>,
) -> Result<Answer, AppError> {
    let today = Utc::now().date_naive();
    let checked = form
        .parsed
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|f| f.check(today));
    let errors = match checked {
        Ok(input) => {
            svc::save_progress(ctx, staff.0.account.id, id, input, Utc::now()).await?;
            return Ok(Answer::Redirect(Redirect::to(uri!(staff_page(
                id = id,
                notice = Some("saved")
            )))));
        }
        Err(errors) => errors,
    };
    Ok(Answer::refused(
        staff_view(&page, ctx, &staff, id, Some(&form.raw), &errors, None).await?,
    ))
}

/// The progress routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![atom, staff_page, add_milestone, remove_milestone, save]
}
