//! Public pages of a contact case after the request: the neutral `/p/<token>` address
//! emails point at; the requester's status page (their re-confirmation, and — only once a
//! sought person agreed and two staff members released it — the connection with its
//! messages, or a released welfare message); and the sought person's reply page (the
//! question, their answer, withdrawal, and the connection once released).
//!
//! Everything on the requester's page comes from `services::contact::requester_view`, which reads
//! nothing about matches, registrations or consents (safety rule 1).

use super::forms::{AnswerForm, LeaveForm, MessageForm, check_answer, check_message};
use crate::context::AppContext;
use crate::domain::contact::consent::Party;
use crate::domain::contact::consent::{Choice, Decision, WELFARE_MAX_CHARS};
use crate::domain::contact::records::NoticeKind;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{MatchId, Token};
use crate::routes::contact::answer::invalid_link;
use crate::routes::contact::notices::PERSONAL;
use crate::services::contact::consent::{
    self as flow, AnswerProblem, DETAIL_MAX_CHARS, SoughtPage,
};
use crate::services::contact::intake::{self as intake, RequestStatus};
use crate::services::contact::links as party_links;
use crate::services::contact::relay::MAX_MESSAGE_CHARS;
use crate::services::contact::requester_view::{self, RequesterView};
use crate::web::answer::Answer;
use crate::web::forms::FieldErrors;
use crate::web::guards::csrf::CsrfForm;
use crate::web::guards::rate_limit::{LinkRateLimited, RateLimited};
use crate::web::page::Page;
use chrono::Utc;
use rocket::http::Status;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The address every party email points at: sends the holder on to their page, keeping
/// the language the email was written in.
#[get("/p/<token>?<lang>")]
async fn party(
    token: Option<Token>,
    _l: LinkRateLimited,
    lang: Option<&str>,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    let lang = lang.and_then(Locale::parse).unwrap_or(page.locale).code();
    Ok(
        match party_links::resolve(&ctx.db, token, Utc::now()).await? {
            Some(l) if l.party == Party::Requester => Answer::Redirect(Redirect::to(format!(
                "/contact/status/{}?lang={lang}",
                token.as_str()
            ))),
            Some(_) => Answer::Redirect(Redirect::to(format!(
                "/contact/reply/{}?lang={lang}",
                token.as_str()
            ))),
            None => invalid_link(&page),
        },
    )
}

/// Form state shown again after a refusal.
struct Refused<'a> {
    raw: &'a BTreeMap<String, String>,
    errors: &'a FieldErrors,
    /// Which form the values belong to (`confirm`, `message-<match>`, `answer`,
    /// `message`).
    form: String,
}

/// The values and messages of `form` if it is the one refused, else empty ones; and the
/// error summary (top level, for the `form_errors` partial).
fn form_state(page: &Page, refill: Option<&Refused<'_>>, form: &str, fields: &[&str]) -> Value {
    let mine = refill.filter(|r| r.form == form);
    let mut values = serde_json::Map::new();
    for f in fields {
        let v = mine.and_then(|r| r.raw.get(*f)).map_or("", String::as_str);
        values.insert((*f).to_owned(), v.into());
    }
    let errors = mine.map_or_else(BTreeMap::new, |r| r.errors.shown(page.locale).0);
    json!({ "values": values, "errors": errors })
}

/// The fields of the party forms as the error summary names them (label key, and the id
/// to focus); a message box on the requester's page is `body-<match>`.
const SUMMARY_FIELDS: [(&str, &str, &str); 6] = [
    ("decision", "consent-decision-legend", "decision"),
    ("choice", "consent-choice-legend", "choice"),
    ("detail", "consent-detail-label", "detail"),
    ("welfare", "consent-if-decline", "welfare"),
    ("welfare_text", "consent-welfare-text-label", "welfare_text"),
    ("body", "consent-message-label", "body"),
];

fn error_summary(page: &Page, refill: Option<&Refused<'_>>) -> Value {
    let Some(r) = refill else {
        return json!([]);
    };
    let boxes: Vec<String> = r
        .errors
        .0
        .keys()
        .filter(|k| k.starts_with("body-"))
        .cloned()
        .collect();
    let mut order: Vec<(&str, &str, &str)> = SUMMARY_FIELDS.to_vec();
    for b in &boxes {
        order.push((b.as_str(), "consent-message-label", b.as_str()));
    }
    json!(r.errors.shown_labelled(page.locale, &order).1)
}

// ---------------------------------------------------------------- the requester

fn choice_options(locale: Locale, checked: &str) -> Vec<Value> {
    let checked = Choice::parse(checked);
    Choice::ALL
        .iter()
        .map(|c| {
            json!({
                "value": c,
                "label": locale.t(&format!("consent-choice-{c}")),
                "hint": locale.t(&format!("consent-choice-{c}-hint")),
                "checked": Some(*c) == checked,
            })
        })
        .collect()
}

fn status_template(
    page: &Page,
    token: &Token,
    view: &RequesterView,
    notice: Option<&str>,
    refill: Option<&Refused<'_>>,
) -> Template {
    let locale = page.locale;
    let (expires, renewable) = match &view.status {
        RequestStatus::InProgress {
            expires_at,
            renewable,
        } => (
            Some(intake::format_date(locale, *expires_at, &page.zone)),
            *renewable,
        ),
        RequestStatus::Expired | RequestStatus::Withdrawn => (None, false),
    };
    let active = matches!(view.status, RequestStatus::InProgress { .. });
    // "Connected" only when a connection is open: the heading is otherwise the same for
    // every request in force.
    let connected = view
        .notices
        .iter()
        .any(|n| n.kind == NoticeKind::Connected && !n.ended);
    let status = if connected && active {
        "connected"
    } else {
        view.status.as_str()
    };
    let notices: Vec<Value> = view
        .notices
        .iter()
        .map(|n| {
            let mut v = json!(n);
            let form = format!("message-{}", n.match_id.unwrap_or(MatchId(0)));
            if let Some(o) = v.as_object_mut() {
                let id = format!("body-{}", n.match_id.unwrap_or(MatchId(0)));
                let state = form_state(page, refill, &form, &[id.as_str()]);
                let draft = json!({
                    "id": id,
                    "body": state["values"][id.as_str()].clone(),
                    "errors": state["errors"][id.as_str()].clone(),
                });
                o.insert("draft".into(), draft);
            }
            v
        })
        .collect();
    let checked = refill
        .filter(|r| r.form == "confirm")
        .and_then(|r| r.raw.get("choice"))
        .map_or(Choice::Relay.as_str(), String::as_str);
    // Whom they are looking for: the names they gave, as they gave them (issue #14).
    let sought: Vec<Value> = view
        .sought
        .iter()
        .map(|(position, names)| {
            let n = usize::try_from(*position).unwrap_or(0);
            json!({
                "position": position,
                "label": locale.t_args("contact-person-n", &[("n", crate::i18n::TextArg::Str(&super::form_parts::digits(locale, n)))]),
                "names": names,
            })
        })
        .collect();
    let data = json!({
        "token": token.as_str(),
        "notice": PERSONAL.message(notice),
        "sought": sought,
        "connected": status == "connected",
        "status": status,
        "active": active,
        "expires": expires,
        "renewable": renewable,
        "notices": notices,
        "confirmed": view.confirmed_at.map(|t| intake::format_date(locale, t, &page.zone)),
        "wording": flow::wording(crate::domain::contact::consent::REQUESTER_WORDING, locale).0,
        "choices": choice_options(locale, checked),
        "detail_max": DETAIL_MAX_CHARS,
        "message_max": MAX_MESSAGE_CHARS,
        "confirm": form_state(page, refill, "confirm", &["choice", "detail"]),
        "error_summary": error_summary(page, refill),
    });
    page.render("contact/status", "contact-status-title", data)
}

/// The requester's status page.
#[get("/contact/status/<token>?<notice>")]
pub async fn status_page(
    token: Option<Token>,
    _l: LinkRateLimited,
    notice: Option<&str>,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    let Some(view) = requester_view::view(ctx, token, Utc::now()).await? else {
        return Ok(invalid_link(&page));
    };
    Ok(Answer::Page((
        Status::Ok,
        status_template(&page, token, &view, notice, None),
    )))
}

async fn status_refused(
    page: &Page,
    ctx: &AppContext,
    token: &Token,
    refill: &Refused<'_>,
) -> Result<Answer, AppError> {
    let Some(view) = requester_view::view(ctx, token, Utc::now()).await? else {
        return Ok(invalid_link(page));
    };
    Ok(Answer::refused(status_template(
        page,
        token,
        &view,
        None,
        Some(refill),
    )))
}

/// The requester re-confirms that they still want contact, and how.
#[post("/contact/status/<token>/confirm", data = "<form>")]
async fn status_confirm(
    token: Option<Token>,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    form: CsrfForm<AnswerForm>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    match check_answer(form.parsed.as_ref().ok(), true) {
        Ok(answer) => {
            if flow::requester_confirms(ctx, token, &answer, page.locale, Utc::now()).await? {
                Ok(Answer::Redirect(Redirect::to(uri!(status_page(
                    token,
                    Some("confirmed")
                )))))
            } else {
                Ok(invalid_link(&page))
            }
        }
        Err(errors) => {
            let refill = Refused {
                raw: &form.raw,
                errors: &errors,
                form: "confirm".into(),
            };
            status_refused(&page, ctx, token, &refill).await
        }
    }
}

/// A message from the requester on one of their connections.
#[post("/contact/status/<token>/messages/<match_id>", data = "<form>")]
async fn status_message(
    token: Option<Token>,
    match_id: &str,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    form: CsrfForm<MessageForm>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    // Parsed here, after the CSRF check: a malformed id is simply not on their page.
    let Ok(match_id) = match_id.parse::<MatchId>() else {
        return Ok(invalid_link(&page));
    };
    let body = match check_message(form.parsed.as_ref().ok()) {
        Ok(b) => b,
        Err(errors) => {
            // The field's id on a page with one message form per connection.
            let mut errors_by_id = FieldErrors::default();
            for (_, codes) in errors.0 {
                for c in codes {
                    errors_by_id.add(&format!("body-{match_id}"), &c);
                }
            }
            let mut raw = form.raw.clone();
            if let Some(b) = raw.remove("body") {
                raw.insert(format!("body-{match_id}"), b);
            }
            let refill = Refused {
                raw: &raw,
                errors: &errors_by_id,
                form: format!("message-{match_id}"),
            };
            return status_refused(&page, ctx, token, &refill).await;
        }
    };
    match flow::requester_posts(ctx, token, match_id, &body, Utc::now()).await? {
        None => Ok(invalid_link(&page)),
        Some(Ok(())) => Ok(Answer::Redirect(Redirect::to(uri!(status_page(
            token,
            Some("sent")
        ))))),
        Some(Err(_)) => Ok(closed_page(&page)),
    }
}

fn closed_page(page: &Page) -> Answer {
    Answer::Page((
        Status::Conflict,
        page.render("contact/closed", "contact-closed-title", json!({})),
    ))
}

/// "Are you sure?" before a step that ends a relationship (issue #14): what it does, that
/// it cannot be undone, and the button that really does it (the same form, confirmed).
fn confirm_end(page: &Page, kind: &str, action: &str, back: &str, block: bool) -> Answer {
    Answer::page(
        Status::Ok,
        page.render(
            "contact/confirm_end",
            "consent-end-title",
            json!({ "kind": kind, "action": action, "back": back, "block": block }),
        ),
    )
}

/// The requester leaves one of their connections (after confirming).
#[post("/contact/status/<token>/leave/<match_id>", data = "<form>")]
async fn status_leave(
    token: Option<Token>,
    match_id: &str,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    form: CsrfForm<LeaveForm>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    // Parsed here, after the CSRF check: a malformed id is simply not on their page.
    let Ok(match_id) = match_id.parse::<MatchId>() else {
        return Ok(invalid_link(&page));
    };
    if !form.parsed.as_ref().is_ok_and(LeaveForm::is_confirmed) {
        // Only a live link gets the question; any other gets what it always got.
        if intake::request_status(ctx, token, Utc::now())
            .await?
            .is_none()
        {
            return Ok(invalid_link(&page));
        }
        let action = format!("/contact/status/{}/leave/{match_id}", token.as_str());
        let back = format!("/contact/status/{}", token.as_str());
        return Ok(confirm_end(&page, "leave", &action, &back, false));
    }
    if flow::requester_leaves(ctx, token, match_id, Utc::now()).await? {
        Ok(Answer::Redirect(Redirect::to(uri!(status_page(
            token,
            Some("left")
        )))))
    } else {
        Ok(invalid_link(&page))
    }
}

// ---------------------------------------------------------------- the sought person

fn reply_template(
    page: &Page,
    token: &Token,
    view: &SoughtPage,
    notice: Option<&str>,
    refill: Option<&Refused<'_>>,
    already: bool,
) -> Template {
    let locale = page.locale;
    let raw = refill.map(|r| r.raw);
    let get = |f: &str| raw.and_then(|r| r.get(f)).map_or("", String::as_str);
    let mut data = json!({
        "token": token.as_str(),
        "notice": PERSONAL.message(notice),
        "already": already,
        "detail_max": DETAIL_MAX_CHARS,
        "welfare_max": WELFARE_MAX_CHARS,
        "message_max": MAX_MESSAGE_CHARS,
        "answer": form_state(page, refill, "answer", &["detail", "welfare_text"]),
        "message": form_state(page, refill, "message", &["body"]),
        "error_summary": error_summary(page, refill),
        "step": "ended",
    });
    let extra = match view {
        SoughtPage::Ask {
            requester,
            relationship,
            wording,
        } => {
            let decided = Decision::parse(get("decision"));
            let decisions: Vec<Value> = Decision::ALL
                .iter()
                .map(|d| {
                    json!({
                        "value": d,
                        "label": locale.t(&format!("consent-decision-{d}")),
                        "checked": Some(*d) == decided,
                    })
                })
                .collect();
            let welfares: Vec<Value> = ["none", "preset", "own"]
                .iter()
                .map(|w| {
                    json!({
                        "value": w,
                        "label": locale.t(&format!("consent-welfare-{w}")),
                        "checked": get("welfare") == *w || (get("welfare").is_empty() && *w == "none"),
                    })
                })
                .collect();
            json!({
                "step": "ask",
                "requester": requester,
                "relationship": locale.t(&format!("relationship-{relationship}")),
                "wording": wording,
                "decisions": decisions,
                "choices": choice_options(locale, get("choice")),
                "welfares": welfares,
            })
        }
        SoughtPage::Accepted => json!({ "step": "accepted" }),
        SoughtPage::Connected { detail, thread } => json!({
            "step": "connected",
            "detail": detail,
            "thread": thread,
        }),
        SoughtPage::Ended => json!({ "step": "ended" }),
    };
    if let (Some(a), Value::Object(b)) = (data.as_object_mut(), extra) {
        a.extend(b);
    }
    page.render("contact/reply", "contact-reply-title", data)
}

/// The sought person's page.
#[get("/contact/reply/<token>?<notice>")]
async fn reply_page(
    token: Option<Token>,
    _l: LinkRateLimited,
    notice: Option<&str>,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    let Some(view) = flow::sought_page(ctx, token, page.locale, Utc::now()).await? else {
        return Ok(invalid_link(&page));
    };
    Ok(Answer::Page((
        Status::Ok,
        reply_template(&page, token, &view, notice, None, false),
    )))
}

async fn reply_again(
    page: &Page,
    ctx: &AppContext,
    token: &Token,
    status: Status,
    refill: Option<&Refused<'_>>,
    already: bool,
) -> Result<Answer, AppError> {
    let Some(view) = flow::sought_page(ctx, token, page.locale, Utc::now()).await? else {
        return Ok(invalid_link(page));
    };
    Ok(Answer::Page((
        status,
        reply_template(page, token, &view, None, refill, already),
    )))
}

/// The reply page again, 422, with `form`'s values and messages.
async fn reply_refused(
    page: &Page,
    ctx: &AppContext,
    token: &Token,
    raw: &BTreeMap<String, String>,
    errors: &FieldErrors,
    form: &str,
) -> Result<Answer, AppError> {
    let refill = Refused {
        raw,
        errors,
        form: form.into(),
    };
    reply_again(
        page,
        ctx,
        token,
        Status::UnprocessableEntity,
        Some(&refill),
        false,
    )
    .await
}

/// The sought person's answer.
#[post("/contact/reply/<token>", data = "<form>")]
async fn reply_answer(
    token: Option<Token>,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    form: CsrfForm<AnswerForm>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    let answer = match check_answer(form.parsed.as_ref().ok(), false) {
        Ok(a) => a,
        Err(errors) => return reply_refused(&page, ctx, token, &form.raw, &errors, "answer").await,
    };
    let confirmed = form
        .parsed
        .as_ref()
        .is_ok_and(|f| f.confirmed.as_deref() == Some("yes"));
    if answer.decision == Decision::Never && !confirmed {
        // "Never with this person" ends a relationship for good: asked first (issue #14),
        // and only while the question is still open.
        let asking = matches!(
            flow::sought_page(ctx, token, page.locale, Utc::now()).await?,
            Some(SoughtPage::Ask { .. })
        );
        if !asking {
            return reply_again(&page, ctx, token, Status::Conflict, None, true).await;
        }
        let action = format!("/contact/reply/{}", token.as_str());
        return Ok(confirm_end(&page, "never", &action, &action, false));
    }
    match flow::answer(ctx, token, &answer, page.locale, Utc::now()).await? {
        Ok(()) => Ok(Answer::Redirect(Redirect::to(uri!(reply_page(
            token,
            Some("answered")
        ))))),
        Err(AnswerProblem::InvalidLink) => Ok(invalid_link(&page)),
        Err(AnswerProblem::AlreadyAnswered) => {
            reply_again(&page, ctx, token, Status::Conflict, None, true).await
        }
    }
}

/// The sought person withdraws (before the connection) or leaves it (after).
#[post("/contact/reply/<token>/withdraw", data = "<form>")]
async fn reply_withdraw(
    token: Option<Token>,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    form: CsrfForm<LeaveForm>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    let block = form.parsed.as_ref().is_ok_and(LeaveForm::blocks);
    if !form.parsed.as_ref().is_ok_and(LeaveForm::is_confirmed) {
        // Only a live link gets the question; any other gets what it always got.
        let live = party_links::resolve(&ctx.db, token, Utc::now())
            .await?
            .is_some_and(|l| l.party == Party::Sought);
        if !live {
            return reply_again(&page, ctx, token, Status::Conflict, None, true).await;
        }
        let action = format!("/contact/reply/{}/withdraw", token.as_str());
        let back = format!("/contact/reply/{}", token.as_str());
        return Ok(confirm_end(&page, "withdraw", &action, &back, block));
    }
    if flow::sought_withdraws(ctx, token, block, Utc::now()).await? {
        Ok(Answer::Redirect(Redirect::to(uri!(reply_page(
            token,
            Some("withdrawn")
        )))))
    } else {
        reply_again(&page, ctx, token, Status::Conflict, None, true).await
    }
}

/// A message from the sought person.
#[post("/contact/reply/<token>/messages", data = "<form>")]
async fn reply_message(
    token: Option<Token>,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    form: CsrfForm<MessageForm>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(invalid_link(&page));
    };
    let body = match check_message(form.parsed.as_ref().ok()) {
        Ok(b) => b,
        Err(errors) => {
            return reply_refused(&page, ctx, token, &form.raw, &errors, "message").await;
        }
    };
    match flow::sought_posts(ctx, token, &body, Utc::now()).await? {
        None => Ok(invalid_link(&page)),
        Some(Ok(())) => Ok(Answer::Redirect(Redirect::to(uri!(reply_page(
            token,
            Some("sent")
        ))))),
        Some(Err(_)) => Ok(closed_page(&page)),
    }
}

/// The routes of this module.
pub fn routes() -> Vec<rocket::Route> {
    routes![
        party,
        status_page,
        status_confirm,
        status_message,
        status_leave,
        reply_page,
        reply_answer,
        reply_withdraw,
        reply_message,
    ]
}
