//! Public petition pages: the petition with its counts, charts and signing form; signing
//! (always answered "check your inbox"); confirmation and withdrawal links (a GET shows a
//! button, the POST acts, so mail scanners that open links change nothing); and the count
//! JSON endpoints, cacheable.

use super::forms::{ReceiptForm, SignForm, check_sign};
use crate::context::AppContext;
use crate::domain::people::country;
use crate::domain::people::relationship::Relationship;
use crate::domain::petitions::petition;
use crate::domain::petitions::signature::{self as sig, BookDisclosure, PublicDisclosure};
use crate::entities::petition as petition_entity;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::Token;
use crate::services::petitions::sign::{self as svc, Closed, Counts, LinkTarget};
use crate::web::answer::Answer;
use crate::web::charts::{Bar, bar_chart};
use crate::web::forms::{FieldErrors, Refill};
use crate::web::guards::client_ip::ClientIp;
use crate::web::guards::csrf::{CsrfForm, TokenOnly};
use crate::web::guards::rate_limit::{LinkRateLimited, RateLimited};
use crate::web::page::Page;
use chrono::Utc;
use rocket::http::{Header, Status};
use rocket::response::Redirect;
use rocket::serde::json::Json;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use sea_orm::EntityTrait;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Form fields of the signing form, in order.
/// The signing form's fields in order, with their labels and the control to focus.
const SUMMARY: [crate::web::forms::SummaryField<'static>; 9] = [
    ("name", "sign-name", "name"),
    ("email", "sign-email", "email"),
    ("country", "sign-country", "country"),
    ("city", "sign-city", "city"),
    ("relationship", "sign-relationship", "relationship"),
    ("letter", "sign-letter", "letter"),
    (
        "public_disclosure",
        "sign-public-legend",
        "public_disclosure",
    ),
    ("book_disclosure", "sign-book-legend", "book_disclosure"),
    ("consent", "sign-consent-short", "consent-box"),
];

const FIELDS: [&str; 9] = [
    "name",
    "email",
    "country",
    "city",
    "relationship",
    "letter",
    "public_disclosure",
    "book_disclosure",
    "consent",
];

async fn find(ctx: &AppContext, slug: &str) -> Result<Option<petition_entity::Model>, AppError> {
    Ok(svc::published(ctx, slug).await?.map(|p| p.model.clone()))
}

async fn view_of(
    ctx: &AppContext,
    slug: &str,
    locale: Locale,
) -> Result<Option<petition::PetitionView>, AppError> {
    Ok(svc::published(ctx, slug)
        .await?
        .and_then(|p| p.view(locale)))
}

/// A count in the reader's digits and grouping ("۱٬۲۳۴", "1,234").
pub(super) fn number(locale: Locale, n: u64) -> String {
    crate::i18n::format::number(locale, i64::try_from(n).unwrap_or(i64::MAX))
}

fn charts(locale: Locale, counts: &Counts) -> (String, String) {
    let rtl = locale.dir() == "rtl";
    let fmt = |n: u64| number(locale, n);
    let by_country: Vec<Bar> = counts
        .by_country
        .iter()
        .take(10)
        .map(|(code, n)| Bar {
            label: country::name(code, locale.code())
                .unwrap_or(code)
                .to_owned(),
            value: *n,
        })
        .collect();
    let by_rel: Vec<Bar> = counts
        .by_relationship
        .iter()
        .map(|(r, n)| Bar {
            label: locale.t(&format!("relationship-{r}")),
            value: *n,
        })
        .collect();
    (
        bar_chart(
            &locale.t("petition-chart-country"),
            &locale.t("petition-chart-country-desc"),
            &by_country,
            rtl,
            &fmt,
        ),
        bar_chart(
            &locale.t("petition-chart-relationship"),
            &locale.t("petition-chart-relationship-desc"),
            &by_rel,
            rtl,
            &fmt,
        ),
    )
}

fn choices<T: Copy>(
    all: &[T],
    key: &str,
    value: impl Fn(T) -> &'static str,
    selected: Option<&str>,
    locale: Locale,
) -> Vec<Value> {
    all.iter()
        .map(|c| {
            let v = value(*c);
            json!({ "value": v, "label": locale.t(&format!("{key}-{v}")), "checked": selected == Some(v) })
        })
        .collect()
}

async fn petition_page(
    page: &Page,
    ctx: &AppContext,
    p: &petition_entity::Model,
    values: &BTreeMap<String, String>,
    errors: &FieldErrors,
) -> Result<Template, AppError> {
    let view = view_of(ctx, &p.slug, page.locale)
        .await?
        .ok_or(AppError::NotFound)?;
    let counts = svc::counts(ctx, p.id).await?;
    let (country_chart, relationship_chart) = charts(page.locale, &counts);
    let accepting = svc::accepting(ctx, p, Utc::now()).await?;
    let goal = p
        .goal
        .and_then(|g| u64::try_from(g).ok())
        .filter(|g| *g > 0);
    let mut values = values.clone();
    for f in FIELDS {
        values.entry(f.to_owned()).or_default();
    }
    let selected = |k: &str, default: &str| {
        values
            .get(k)
            .filter(|v| !v.is_empty())
            .cloned()
            .unwrap_or_else(|| default.to_owned())
    };
    let rel = selected("relationship", Relationship::None.as_str());
    let public = selected("public_disclosure", PublicDisclosure::Hidden.as_str());
    // The officials' copy defaults to initials: a full name must be chosen (issue #14).
    let book = selected("book_disclosure", BookDisclosure::Initials.as_str());
    let country_code = values.get("country").cloned().unwrap_or_default();
    let countries: Vec<Value> = country::options(page.locale.code())
        .into_iter()
        .map(|c| json!({ "code": c.code, "name": c.name, "selected": c.code == country_code }))
        .collect();
    let refill = Refill::labelled(page.locale, errors, &SUMMARY);
    let url = format!("{}/petitions/{}", ctx.config.public_url, p.slug);
    let share = url::form_urlencoded::byte_serialize(format!("{} {url}", view.title).as_bytes())
        .collect::<String>();
    let title = view.title.clone();
    Ok(page.render_titled_form(
        "petitions/petition",
        &title,
        &refill,
        json!({
            "petition": view,
            "addressees": p.addressees.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>(),
            "total": number(page.locale, counts.total),
            "by_channel": counts.by_channel.iter().map(|(c, n)| json!({
                "label": page.locale.t(&format!("petition-channel-{c}")),
                "count": number(page.locale, *n),
            })).collect::<Vec<_>>(),
            "has_paper": counts.by_channel.iter().any(|(c, _)| c != "online"),
            "goal": goal.map(|g| number(page.locale, g)),
            "progress": goal.map(|g| counts.total.min(g) * 100 / g),
            "country_chart": country_chart,
            "relationship_chart": relationship_chart,
            "recent": svc::recent_names(ctx, p.id).await?,
            "accepting": accepting.is_ok(),
            "closed_notice": match accepting { Err(Closed::Paused) => Some("petition-paused"), Err(Closed::NotOpen) => Some("petition-closed"), Ok(()) => None },
            "collects_letters": p.collects_letters,
            "letter_max": sig::MAX_LETTER_CHARS,
            "countries": countries,
            "relationships": choices(Relationship::ALL, "relationship-answer", Relationship::as_str, Some(&rel), page.locale),
            "public_choices": choices(PublicDisclosure::ALL, "public", PublicDisclosure::as_str, Some(&public), page.locale),
            "book_choices": choices(BookDisclosure::ALL, "book", BookDisclosure::as_str, Some(&book), page.locale),
            "share_mail": format!("mailto:?body={share}"),
            "share_telegram": format!("https://t.me/share/url?url={}", url::form_urlencoded::byte_serialize(url.as_bytes()).collect::<String>()),
            "share_whatsapp": format!("https://wa.me/?text={share}"),
            "share_url": url,
            "fingerprint": peyvand_export::fingerprint(&ctx.signing_key.verifying_key()),
            "consent_checked": values.get("consent").is_some_and(|v| v == "yes"),
            "news_checked": values.get("news").is_some_and(|v| v == "yes"),
            "email_typo": email_typo(errors, &values),
            "timeline": super::progress::timeline_view(page.locale, &super::progress::of(ctx, p).await?),
            "values": values,
        }),
    ))
}

/// The "did you mean …?" step, when the address was refused as a likely typo.
fn email_typo(errors: &FieldErrors, values: &BTreeMap<String, String>) -> Value {
    let typo = errors
        .0
        .get("email")
        .is_some_and(|codes| codes.iter().any(|c| c == super::forms::EMAIL_TYPO));
    let address = values.get("email").map(|v| v.trim().to_lowercase());
    match (typo, address) {
        (true, Some(a)) => {
            let local = a.rsplit_once('@').map_or(a.as_str(), |(l, _)| l);
            let suggestion =
                crate::domain::people::typos::suggest(&a).and_then(|s| s.suggestion(local));
            json!({ "typed": a, "suggestion": suggestion })
        }
        _ => Value::Null,
    }
}

fn counts_json(slug: &str, counts: &Counts, full: bool) -> Value {
    let channels: serde_json::Map<String, Value> = counts
        .by_channel
        .iter()
        .map(|(c, n)| (c.clone(), json!(n)))
        .collect();
    if full {
        let countries: serde_json::Map<String, Value> = counts
            .by_country
            .iter()
            .map(|(c, n)| (c.clone(), json!(n)))
            .collect();
        let rels: serde_json::Map<String, Value> = counts
            .by_relationship
            .iter()
            .map(|(r, n)| (r.clone(), json!(n)))
            .collect();
        json!({ "petition": slug, "total": counts.total, "by_country": countries, "by_relationship": rels, "by_channel": channels })
    } else {
        json!({ "petition": slug, "total": counts.total, "by_channel": channels })
    }
}

fn cacheable() -> Header<'static> {
    Header::new("Cache-Control", "public, max-age=5")
}

#[get("/petitions/<name>")]
async fn show(name: &str, page: Page, ctx: &State<AppContext>) -> Result<Answer, AppError> {
    // `/petitions/<slug>.json` is the JSON of `/petitions/<slug>`.
    if let Some(slug) = name.strip_suffix(".json") {
        let p = find(ctx, slug).await?.ok_or(AppError::NotFound)?;
        let counts = svc::counts(ctx, p.id).await?;
        let mut body = counts_json(&p.slug, &counts, true);
        let progress = super::progress::of(ctx, &p).await?;
        body["progress"] = serde_json::to_value(&progress.events).unwrap_or_default();
        body["waiting"] = serde_json::to_value(&progress.waiting).unwrap_or_default();
        body["next_step"] = serde_json::to_value(&progress.next_step).unwrap_or_default();
        return Ok(Answer::Json(Json(body), cacheable()));
    }
    let p = find(ctx, name).await?.ok_or(AppError::NotFound)?;
    let view = petition_page(&page, ctx, &p, &BTreeMap::new(), &FieldErrors::default()).await?;
    Ok(Answer::Page((Status::Ok, view)))
}

#[get("/petitions/<slug>/count.json")]
async fn count(slug: &str, ctx: &State<AppContext>) -> Result<Answer, AppError> {
    let p = find(ctx, slug).await?.ok_or(AppError::NotFound)?;
    let counts = svc::counts(ctx, p.id).await?;
    Ok(Answer::Json(
        Json(counts_json(&p.slug, &counts, false)),
        cacheable(),
    ))
}

#[post("/petitions/<slug>/sign", data = "<form>")]
async fn sign(
    slug: &str,
    page: Page,
    ctx: &State<AppContext>,
    ip: ClientIp,
    _l: RateLimited,
    form: CsrfForm<SignForm>,
) -> Result<Answer, AppError> {
    let p = find(ctx, slug).await?.ok_or(AppError::NotFound)?;
    let input = match check_sign(ctx, &form).await? {
        Ok(input) => input,
        Err(errors) => {
            let view = petition_page(&page, ctx, &p, &form.raw, &errors).await?;
            return Ok(Answer::refused(view));
        }
    };
    let title = view_of(ctx, &p.slug, page.locale)
        .await?
        .map(|v| v.title)
        .unwrap_or_default();
    // For the "check your inbox" page: the masked address and "send it again".
    svc::remember(ctx, &page.csrf_token, p.id, &title, &input, page.locale);
    match svc::sign(ctx, &p, &title, input, ip.0, page.locale, Utc::now()).await? {
        Ok(()) => Ok(Answer::Redirect(Redirect::to(uri!(thanks(slug = &p.slug))))),
        Err(_) => {
            // Closed or paused: nothing stored; the page says why.
            let view = petition_page(&page, ctx, &p, &form.raw, &FieldErrors::default()).await?;
            Ok(Answer::Page((Status::Conflict, view)))
        }
    }
}

#[get("/petitions/<slug>/thanks")]
async fn thanks(slug: &str, page: Page, ctx: &State<AppContext>) -> Result<Template, AppError> {
    let p = find(ctx, slug).await?.ok_or(AppError::NotFound)?;
    let view = view_of(ctx, slug, page.locale)
        .await?
        .ok_or(AppError::NotFound)?;
    // Only this browser's own last submission, kept in memory (never looked up by address).
    let sent_to = svc::sent_to(ctx, &page.csrf_token, p.id);
    Ok(page.render(
        "petitions/thanks",
        "petition-thanks-title",
        json!({ "petition": view, "sent_to": sent_to }),
    ))
}

/// "Send it again": the same answer whatever was kept, sent or limited.
#[post("/petitions/<slug>/again", data = "<_form>")]
async fn again(
    slug: &str,
    page: Page,
    ctx: &State<AppContext>,
    ip: ClientIp,
    _l: RateLimited,
    _form: CsrfForm<TokenOnly>,
) -> Result<Redirect, AppError> {
    let p = find(ctx, slug).await?.ok_or(AppError::NotFound)?;
    svc::send_again(ctx, &page.csrf_token, &p, ip.0, Utc::now()).await?;
    Ok(Redirect::to(uri!(thanks(slug = &p.slug))))
}

/// A receipt code as signers type it (see `typed_receipt_code`).
fn receipt_code(raw: &str) -> Option<String> {
    crate::domain::petitions::signature::typed_receipt_code(raw)
}

async fn receipt_view(
    page: &Page,
    ctx: &AppContext,
    slug: &str,
    raw: &BTreeMap<String, String>,
    errors: &FieldErrors,
    answer: Option<Option<i32>>,
) -> Result<Template, AppError> {
    let view = view_of(ctx, slug, page.locale)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut values = raw.clone();
    values.entry("code".into()).or_default();
    let refill = Refill::errors(page.locale, errors);
    Ok(page.render_form(
        "petitions/receipt",
        "receipt-title",
        &refill,
        json!({
            "petition": view,
            "values": values,
            "answered": answer.is_some(),
            "included": answer.flatten().map(|n| crate::i18n::format::digits(page.locale, n.into())),
        }),
    ))
}

#[get("/petitions/<slug>/receipt")]
async fn receipt_page(
    slug: &str,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Template, AppError> {
    receipt_view(
        &page,
        ctx,
        slug,
        &BTreeMap::new(),
        &FieldErrors::default(),
        None,
    )
    .await
}

#[post("/petitions/<slug>/receipt", data = "<form>")]
async fn receipt(
    slug: &str,
    page: Page,
    ctx: &State<AppContext>,
    _limited: RateLimited,
    form: CsrfForm<ReceiptForm>,
) -> Result<(Status, Template), AppError> {
    let p = find(ctx, slug).await?.ok_or(AppError::NotFound)?;
    let mut errors = FieldErrors::default();
    let code = match &form.parsed {
        Ok(f) => receipt_code(&f.code),
        Err(e) => {
            errors = e.clone();
            None
        }
    };
    let Some(code) = code else {
        if errors.is_empty() {
            errors.add("code", "receipt-invalid");
        }
        return Ok((
            Status::UnprocessableEntity,
            receipt_view(&page, ctx, slug, &form.raw, &errors, None).await?,
        ));
    };
    let included = crate::services::editions::included_in(ctx, p.id, &code).await?;
    Ok((
        Status::Ok,
        receipt_view(&page, ctx, slug, &form.raw, &errors, Some(included)).await?,
    ))
}

async fn link_page(
    page: &Page,
    ctx: &AppContext,
    kind: &str,
    token: Option<&Token>,
    target: LinkTarget,
    frozen: &[i32],
) -> Result<Answer, AppError> {
    let (status, template, petition_id, receipt) = match target {
        LinkTarget::Ready { petition_id } => (Status::Ok, "ready", Some(petition_id), None),
        LinkTarget::Done {
            petition_id,
            receipt_code,
        } => (Status::Ok, "done", Some(petition_id), receipt_code),
        LinkTarget::Invalid => (Status::NotFound, "invalid", None, None),
    };
    let mut slug = None;
    if let Some(id) = petition_id {
        slug = petition_entity::Entity::find_by_id(id)
            .one(&ctx.db)
            .await?
            .map(|p| p.slug);
    }
    let view = match &slug {
        Some(s) => view_of(ctx, s, page.locale).await?,
        None => None,
    };
    let title_key = format!("petition-{kind}-{template}-title");
    let frozen = frozen
        .iter()
        .map(|n| crate::i18n::format::digits(page.locale, (*n).into()))
        .collect::<Vec<_>>()
        .join(", ");
    // The confirmation's receipt is printable: the day it was shown, in the reader's
    // calendar and the organisation's zone, and where to check it later.
    let printed_on = crate::i18n::format::date(page.locale, Utc::now(), &page.zone);
    let check_url = slug
        .as_ref()
        .map(|s| format!("{}/petitions/{s}/receipt", ctx.config.public_url));
    let data = json!({ "kind": kind, "step": template, "token": token.map(Token::as_str), "petition": view, "receipt_code": receipt, "frozen": frozen, "printed_on": printed_on, "check_url": check_url });
    Ok(Answer::Page((
        status,
        page.render("petitions/link", &title_key, data),
    )))
}

#[get("/signatures/confirm/<token>")]
async fn confirm_page(
    token: Option<Token>,
    _l: LinkRateLimited,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    let target = match &token {
        Some(t) => svc::confirm_target(ctx, t, Utc::now()).await?,
        None => LinkTarget::Invalid,
    };
    link_page(&page, ctx, "confirm", token.as_ref(), target, &[]).await
}

#[post("/signatures/confirm/<token>", data = "<_form>")]
async fn confirm(
    token: Option<Token>,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    _form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    let target = match &token {
        Some(t) => svc::confirm(ctx, t, Utc::now()).await?,
        None => LinkTarget::Invalid,
    };
    link_page(&page, ctx, "confirm", token.as_ref(), target, &[]).await
}

#[get("/signatures/withdraw/<token>")]
async fn withdraw_page(
    token: Option<Token>,
    _l: LinkRateLimited,
    page: Page,
    ctx: &State<AppContext>,
) -> Result<Answer, AppError> {
    let Some(t) = &token else {
        return link_page(&page, ctx, "withdraw", None, LinkTarget::Invalid, &[]).await;
    };
    let target = svc::withdraw_target(ctx, t).await?;
    let mut frozen = Vec::new();
    if matches!(target, LinkTarget::Ready { .. })
        && let Some(id) = svc::withdraw_signature(ctx, t).await?
    {
        frozen = crate::services::editions::frozen_in(ctx, id).await?;
    }
    link_page(&page, ctx, "withdraw", Some(t), target, &frozen).await
}

#[post("/signatures/withdraw/<token>", data = "<_form>")]
async fn withdraw(
    token: Option<Token>,
    page: Page,
    ctx: &State<AppContext>,
    _l: RateLimited,
    _form: CsrfForm<TokenOnly>,
) -> Result<Answer, AppError> {
    let target = match &token {
        Some(t) => svc::withdraw(ctx, t, Utc::now()).await?,
        None => LinkTarget::Invalid,
    };
    link_page(&page, ctx, "withdraw", token.as_ref(), target, &[]).await
}

/// The petition routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![
        again,
        show,
        count,
        sign,
        thanks,
        confirm_page,
        confirm,
        receipt_page,
        receipt,
        withdraw_page,
        withdraw
    ]
}
