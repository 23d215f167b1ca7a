//! The caseworkers' assisted-intake pages (issue #16 items 5 and 6): filing a contact
//! request for a person on the phone, in person or by post; recording a registration for
//! a person located off-line; the records waiting for a second caseworker (who decides
//! them here, with a fresh second-factor code); reading an assisted requester's own view
//! to them; and sending a person located off-line the link to take over their record.
//! The public take-over link's page is here too.

use super::assisted_forms::{
    AssistedRequestForm, OfflineRegistrationForm, REGISTRATION_FIELDS, REQUEST_FIELDS,
    TakeoverForm, check_registration, check_request,
};
use crate::context::AppContext;
use crate::domain::approval::DecisionError;
use crate::domain::contact::intake::{ContactPreference, IntakeChannel};
use crate::domain::contact::records::{NoticeKind, Openness};
use crate::domain::people::email::email_rules;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{ApprovalId, RegistrationId, RequestId, Token};
use crate::services::approvals::{self, Decision};
use crate::services::contact::intake::{self as svc, RequestStatus};
use crate::services::contact::requester_view;
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill, note_ok, signer_email_field};
use crate::web::guards::csrf::{CsrfForm, TokenOnly};
use crate::web::guards::rate_limit::{LinkRateLimited, RateLimited};
use crate::web::guards::staff_auth::CaseworkerStaff;
use crate::web::page::Page;
use chrono::Utc;
use rocket::http::Status;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use serde_json::{Value, json};
use std::collections::BTreeMap;

fn options<T: Copy>(
    locale: Locale,
    all: &[T],
    key: &str,
    as_str: fn(T) -> &'static str,
    selected: &str,
) -> Vec<Value> {
    all.iter()
        .map(|v| {
            let s = as_str(*v);
            json!({ "value": s, "label": locale.t(&format!("{key}-{s}")), "selected": s == selected })
        })
        .collect()
}

fn locales(selected: &str) -> Vec<Value> {
    [("en", "English"), ("fa", "فارسی"), ("fr", "Français")]
        .into_iter()
        .map(|(code, name)| json!({ "value": code, "label": name, "selected": code == selected }))
        .collect()
}

fn form_data(staff: &CaseworkerStaff<'_>, page: &Page, values: &BTreeMap<String, String>) -> Value {
    let locale = page.locale;
    let v = |k: &str| values.get(k).map_or("", String::as_str);
    let relationships: Vec<Value> = super::super::form_parts::relationships()
        .map(|r| json!({ "value": r.as_str(), "label": locale.t(&format!("relationship-{}", r.as_str())), "selected": r.as_str() == v("relationship") }))
        .collect();
    let openness: Vec<Value> = [Openness::Anyone, Openness::Named, Openness::NoOne]
        .iter()
        .map(|o| json!({ "value": o.as_str(), "label": locale.t(&format!("assisted-openness-{}", o.as_str())), "selected": o.as_str() == v("openness") }))
        .collect();
    json!({
        "staff": crate::routes::staff::nav(staff.0),
        "channels": options(locale, &IntakeChannel::ASSISTED, "assisted-channel", IntakeChannel::as_str, v("channel")),
        "preferences": options(locale, &ContactPreference::WITHOUT_EMAIL, "assisted-preference", ContactPreference::as_str, v("preference")),
        "languages": locales(v("locale")),
        "countries": super::super::form_parts::countries(locale, v("country")),
        "relationships": relationships,
        "openness": openness,
    })
}

fn request_page(
    page: &Page,
    staff: &CaseworkerStaff<'_>,
    raw: &BTreeMap<String, String>,
    errors: &FieldErrors,
) -> rocket_dyn_templates::Template {
    let refill = Refill::errors(page.locale, errors).with_values(raw, &REQUEST_FIELDS);
    page.render_form(
        "contact/staff/assisted_request",
        "assisted-request-title",
        &refill,
        form_data(staff, page, raw),
    )
}

fn registration_page(
    page: &Page,
    staff: &CaseworkerStaff<'_>,
    raw: &BTreeMap<String, String>,
    errors: &FieldErrors,
) -> rocket_dyn_templates::Template {
    let refill = Refill::errors(page.locale, errors).with_values(raw, &REGISTRATION_FIELDS);
    page.render_form(
        "contact/staff/assisted_registration",
        "assisted-registration-title",
        &refill,
        form_data(staff, page, raw),
    )
}

async fn list_page(
    page: &Page,
    ctx: &AppContext,
    staff: &CaseworkerStaff<'_>,
    notice: Option<&str>,
    error: Option<(ApprovalId, String)>,
    takeover_error: Option<(RegistrationId, String)>,
    status: Status,
) -> Result<Answer, AppError> {
    let lists = svc::assisted_lists(ctx, staff.0.account.id, Utc::now()).await?;
    let locale = page.locale;
    let waiting: Vec<Value> = lists
        .waiting
        .iter()
        .map(|w| {
            let mut v = json!(w);
            if let Some(o) = v.as_object_mut() {
                o.insert(
                    "channel_label".into(),
                    locale.t(&format!("assisted-channel-{}", w.channel)).into(),
                );
                o.insert(
                    "preference_label".into(),
                    locale
                        .t(&format!("assisted-preference-{}", w.preference))
                        .into(),
                );
                o.insert(
                    "openness_label".into(),
                    w.openness
                        .map(|x| locale.t(&format!("assisted-openness-{x}")))
                        .into(),
                );
                o.insert(
                    "error".into(),
                    error
                        .as_ref()
                        .filter(|(id, _)| *id == w.approval_id)
                        .map(|(_, k)| locale.t(k))
                        .into(),
                );
            }
            v
        })
        .collect();
    let in_force: Vec<Value> = lists
        .in_force
        .iter()
        .map(|r| {
            let mut v = json!(r);
            if let Some(o) = v.as_object_mut() {
                o.insert(
                    "channel_label".into(),
                    locale.t(&format!("assisted-channel-{}", r.channel)).into(),
                );
                o.insert(
                    "preference_label".into(),
                    locale
                        .t(&format!("assisted-preference-{}", r.preference))
                        .into(),
                );
                o.insert("is_request".into(), (r.kind == "request").into());
                o.insert(
                    "error".into(),
                    takeover_error
                        .as_ref()
                        .filter(|(id, _)| r.kind == "registration" && id.0 == r.id)
                        .map(|(_, m)| m.clone())
                        .into(),
                );
            }
            v
        })
        .collect();
    let notice = notice
        .filter(|n| NOTICES.contains(n))
        .map(|n| format!("assisted-notice-{n}"));
    Ok(Answer::Page((
        status,
        page.render(
            "contact/staff/assisted",
            "assisted-title",
            json!({
                "staff": crate::routes::staff::nav(staff.0),
                "notice": notice,
                "waiting": waiting,
                "in_force": in_force,
            }),
        ),
    )))
}

/// The notices the list page shows after an action.
const NOTICES: [&str; 5] = ["filed", "recorded", "approved", "rejected", "takeover-sent"];

fn to_list(notice: &str) -> Redirect {
    Redirect::to(uri!(assisted(notice = Some(notice))))
}

#[get("/staff/contact/assisted?<notice>")]
async fn assisted(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    notice: Option<&str>,
) -> Result<Answer, AppError> {
    list_page(&page, ctx, &staff, notice, None, None, Status::Ok).await
}

#[get("/staff/contact/assisted/request")]
fn request_form(page: Page, staff: CaseworkerStaff<'_>) -> Answer {
    Answer::ok(request_page(
        &page,
        &staff,
        &BTreeMap::new(),
        &FieldErrors::default(),
    ))
}

#[post("/staff/contact/assisted/request", data = "<form>")]
async fn file_request(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    form: CsrfForm<AssistedRequestForm>,
) -> Result<Answer, AppError> {
    match check_request(&form.parsed) {
        Ok(input) => {
            svc::file_assisted_request(ctx, staff.0.account.id, input, Utc::now()).await?;
            Ok(Answer::Redirect(to_list("filed")))
        }
        Err(e) => Ok(Answer::refused(request_page(&page, &staff, &form.raw, &e))),
    }
}

#[get("/staff/contact/assisted/registration")]
fn registration_form(page: Page, staff: CaseworkerStaff<'_>) -> Answer {
    Answer::ok(registration_page(
        &page,
        &staff,
        &BTreeMap::new(),
        &FieldErrors::default(),
    ))
}

#[post("/staff/contact/assisted/registration", data = "<form>")]
async fn record_registration(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    form: CsrfForm<OfflineRegistrationForm>,
) -> Result<Answer, AppError> {
    match check_registration(&form.parsed) {
        Ok(input) => {
            svc::record_offline_registration(ctx, staff.0.account.id, input, Utc::now()).await?;
            Ok(Answer::Redirect(to_list("recorded")))
        }
        Err(e) => Ok(Answer::refused(registration_page(
            &page, &staff, &form.raw, &e,
        ))),
    }
}

#[post("/staff/contact/assisted/proposals/<id>", data = "<form>")]
async fn decide(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: ApprovalId,
    form: CsrfForm<super::super::forms::DecideForm>,
) -> Result<Answer, AppError> {
    let refused = |key: &str| Some((id, format!("case-decide-error-{key}")));
    let f = match &form.parsed {
        Ok(f) if ["approve", "reject"].contains(&f.decision.as_str()) && note_ok(&f.note) => f,
        _ => {
            return list_page(
                &page,
                ctx,
                &staff,
                None,
                refused("invalid"),
                None,
                Status::UnprocessableEntity,
            )
            .await;
        }
    };
    let approve = f.decision == "approve";
    let decision = Decision {
        id,
        approve,
        note: &f.note,
        code: &f.code,
    };
    match approvals::decide(ctx, &staff.0.account, decision, page.locale, Utc::now()).await? {
        Ok(()) => Ok(Answer::Redirect(to_list(if approve {
            "approved"
        } else {
            "rejected"
        }))),
        Err(DecisionError::NotFound) => Err(AppError::NotFound),
        Err(e) => {
            list_page(
                &page,
                ctx,
                &staff,
                None,
                refused(e.key()),
                None,
                Status::UnprocessableEntity,
            )
            .await
        }
    }
}

/// Exactly what the requester's own page shows, for reading it to them.
#[get("/staff/contact/assisted/requests/<id>/view")]
async fn requester_view_page(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: RequestId,
) -> Result<Answer, AppError> {
    if !svc::is_assisted_request(ctx, id).await? {
        return Err(AppError::NotFound);
    }
    let Some(view) = requester_view::view_of_request(ctx, id, Utc::now()).await? else {
        return Err(AppError::NotFound);
    };
    svc::audit_requester_view(ctx, staff.0.account.id, id).await?;
    let locale = page.locale;
    let (expires, active) = match &view.status {
        RequestStatus::InProgress { expires_at, .. } => (
            Some(svc::format_date(locale, *expires_at, &page.zone)),
            true,
        ),
        RequestStatus::Expired | RequestStatus::Withdrawn => (None, false),
    };
    let connected = view
        .notices
        .iter()
        .any(|n| n.kind == NoticeKind::Connected && !n.ended);
    let status = if connected && active {
        "connected"
    } else {
        view.status.as_str()
    };
    let notices: Vec<Value> = view.notices.iter().map(|n| json!(n)).collect();
    let sought: Vec<Value> = view
        .sought
        .iter()
        .map(|(position, names)| json!({ "position": position, "names": names }))
        .collect();
    Ok(Answer::ok(page.render(
        "contact/staff/requester_view",
        "assisted-view-title",
        json!({
            "staff": crate::routes::staff::nav(staff.0),
            "request_id": id,
            "status": status,
            "active": active,
            "expires": expires,
            "sought": sought,
            "notices": notices,
            "confirmed": view.confirmed_at.map(|t| svc::format_date(locale, t, &page.zone)),
        }),
    )))
}

#[post("/staff/contact/assisted/registrations/<id>/takeover", data = "<form>")]
async fn send_takeover(
    page: Page,
    ctx: &State<AppContext>,
    staff: CaseworkerStaff<'_>,
    id: RegistrationId,
    form: CsrfForm<TakeoverForm>,
) -> Result<Answer, AppError> {
    let rules = email_rules(&ctx.db).await?;
    let mut e = FieldErrors::default();
    let raw = form
        .parsed
        .as_ref()
        .ok()
        .and_then(|f| f.email.as_deref())
        .unwrap_or_default();
    let Some(email) = signer_email_field(raw, &rules, &mut e) else {
        let key = e
            .shown(page.locale)
            .0
            .get("email")
            .and_then(|m| m.first().cloned())
            .unwrap_or_default();
        return list_page(
            &page,
            ctx,
            &staff,
            None,
            None,
            Some((id, key)),
            Status::UnprocessableEntity,
        )
        .await;
    };
    match svc::send_takeover(ctx, staff.0.account.id, id, &email, Utc::now()).await? {
        Ok(()) => Ok(Answer::Redirect(to_list("takeover-sent"))),
        Err(svc::TakeoverProblem::NotOffline) => {
            let message = page.locale.t("form-error-assisted-takeover-not-offline");
            list_page(
                &page,
                ctx,
                &staff,
                None,
                None,
                Some((id, message)),
                Status::UnprocessableEntity,
            )
            .await
        }
    }
}

/// The take-over link (GET shows a button: a mail scanner opening it changes nothing).
#[get("/contact/takeover/<token>")]
async fn takeover_form(
    token: Option<Token>,
    _l: LinkRateLimited,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(super::super::answer::invalid_link(&page));
    };
    if !svc::takeover_ready(ctx, token, Utc::now()).await? {
        return Ok(super::super::answer::invalid_link(&page));
    }
    Ok(Answer::ok(page.render(
        "contact/takeover",
        "contact-takeover-title",
        json!({ "token": token.as_str() }),
    )))
}

/// Uses the take-over link (once) and opens the person's own management page.
#[post("/contact/takeover/<token>", data = "<_form>")]
async fn takeover(
    token: Option<Token>,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    _form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    let Some(token) = token.as_ref() else {
        return Ok(super::super::answer::invalid_link(&page));
    };
    match svc::take_over(ctx, token, Utc::now()).await? {
        Some(manage) => Ok(Answer::Redirect(Redirect::to(format!(
            "/contact/registration/{manage}?notice=taken-over"
        )))),
        None => Ok(super::super::answer::invalid_link(&page)),
    }
}

/// The assisted-intake routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![
        assisted,
        request_form,
        file_request,
        registration_form,
        record_registration,
        decide,
        requester_view_page,
        send_takeover,
        takeover_form,
        takeover
    ]
}
