//! Admin pages over signing: email rules, block/allow lists, the trending view, and per
//! petition the shadow-banned signatures (reversal) and invalidations (dry run, apply,
//! reverse).

use super::forms::{
    AccessForm, RemoveRuleForm, ReverseForm, RuleConditions, RuleForm, UnshadowForm,
};
use crate::context::AppContext;
use crate::domain::petitions::access::{AccessList, EntryKind};
use crate::domain::petitions::invalidation::{MAX_PATTERN_CHARS, MIN_PATTERN_CHARS, Rule};
use crate::entities::email_rule;
use crate::error::AppError;
use crate::ids::{AccessEntryId, InvalidationId, PetitionId};
use crate::services::petitions::controls::{self as svc, clean_domain, domain_ok, is_hash};
use crate::services::petitions::invalidation::{self as inv, Applied};
use crate::services::petitions::manage as petition_manage;
use crate::web::answer::Answer;
use crate::web::charts::{Bar, bar_chart};
use crate::web::forms::{FieldErrors, Refill, note_ok};
use crate::web::guards::csrf::CsrfForm;
use crate::web::guards::staff_auth::AdminStaff;
use crate::web::page::Page;
use chrono::{NaiveDate, Utc};
use rocket::http::Status;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::json;
use std::collections::BTreeMap;

fn reason_ok(reason: &str, errors: &mut FieldErrors) {
    if reason.trim().is_empty() {
        errors.add("reason", "required");
    } else if !note_ok(reason) {
        errors.add("reason", "note-invalid");
    }
}

fn with_defaults(raw: &BTreeMap<String, String>, fields: &[&str]) -> BTreeMap<String, String> {
    let mut v = raw.clone();
    for f in fields {
        v.entry((*f).to_owned()).or_default();
    }
    v
}

// ---- email rules --------------------------------------------------------------------

async fn rules_view(
    page: &Page,
    ctx: &AppContext,
    admin: &AdminStaff<'_>,
    raw: &BTreeMap<String, String>,
    errors: &FieldErrors,
    notice: Option<String>,
) -> Result<Template, AppError> {
    let refill = Refill::errors(page.locale, errors).with_values(raw, &["domain", "alias_of"]);
    Ok(page.render_form(
        "petitions/staff/email_rules",
        "email-rules-title",
        &refill,
        json!({
            "staff": crate::routes::staff::nav(admin.0),
            "rules": svc::email_rules(ctx).await?.into_iter().map(|r| json!({
                "domain": r.domain, "strip_dots": r.strip_dots, "strip_plus": r.strip_plus, "alias_of": r.alias_of,
            })).collect::<Vec<_>>(),
            "strip_dots": raw.get("strip_dots").is_some_and(|v| v == "true"),
            "strip_plus": raw.is_empty() || raw.get("strip_plus").is_some_and(|v| v == "true"),
            "notice": notice,
        }),
    ))
}

#[get("/staff/signing/email-rules?<notice>")]
async fn rules(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    notice: Option<&str>,
) -> Result<Template, AppError> {
    rules_view(
        &page,
        ctx,
        &admin,
        &BTreeMap::new(),
        &FieldErrors::default(),
        super::notices::SIGNING.message(notice),
    )
    .await
}

#[post("/staff/signing/email-rules", data = "<form>")]
async fn save_rule(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    form: CsrfForm<RuleForm>,
) -> Result<Answer, AppError> {
    let mut errors = FieldErrors::default();
    match &form.parsed {
        Ok(f) => {
            let domain = clean_domain(&f.domain);
            let alias = clean_domain(&f.alias_of);
            if !domain_ok(&domain) {
                errors.add("domain", "domain-invalid");
            }
            if !alias.is_empty() && (!domain_ok(&alias) || alias == domain) {
                errors.add("alias_of", "domain-invalid");
            }
            if errors.is_empty() {
                let rule = email_rule::Model {
                    domain,
                    strip_dots: f.strip_dots,
                    strip_plus: f.strip_plus,
                    alias_of: (!alias.is_empty()).then_some(alias),
                };
                svc::save_email_rule(ctx, admin.0.account.id, rule).await?;
                return Ok(Answer::Redirect(Redirect::to(uri!(rules(
                    notice = Some("saved")
                )))));
            }
        }
        Err(e) => errors = e.clone(),
    }
    Ok(Answer::refused(
        rules_view(&page, ctx, &admin, &form.raw, &errors, None).await?,
    ))
}

#[post("/staff/signing/email-rules/remove", data = "<form>")]
async fn remove_rule(
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    form: CsrfForm<RemoveRuleForm>,
) -> Result<Redirect, AppError> {
    let Ok(f) = &form.parsed else {
        return Err(AppError::NotFound);
    };
    if !svc::remove_email_rule(ctx, admin.0.account.id, &f.domain).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(uri!(rules(notice = Some("removed")))))
}

// ---- block and allow lists ------------------------------------------------------------

async fn access_view(
    page: &Page,
    ctx: &AppContext,
    admin: &AdminStaff<'_>,
    raw: &BTreeMap<String, String>,
    errors: &FieldErrors,
    notice: Option<String>,
) -> Result<Template, AppError> {
    let refill = Refill::errors(page.locale, errors);
    let mut values = with_defaults(raw, &["value", "note"]);
    values
        .entry("list".into())
        .or_insert_with(|| AccessList::Block.as_str().into());
    values
        .entry("kind".into())
        .or_insert_with(|| EntryKind::IpRange.as_str().into());
    let chosen_kind = values.get("kind").and_then(|v| EntryKind::parse(v));
    let kinds: Vec<serde_json::Value> = EntryKind::ALL
        .iter()
        .map(|k| json!({ "value": k.as_str(), "selected": chosen_kind == Some(*k) }))
        .collect();
    Ok(page.render_form(
        "petitions/staff/access_lists",
        "access-lists-title",
        &refill,
        json!({
            "staff": crate::routes::staff::nav(admin.0),
            "entries": svc::access_entries(ctx).await?,
            "values": values,
            "allow": values.get("list").and_then(|v| AccessList::parse(v)) == Some(AccessList::Allow),
            "kinds": kinds,
            "notice": notice,
        }),
    ))
}

#[get("/staff/signing/access-lists?<notice>&<kind>&<value>")]
async fn access(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    notice: Option<&str>,
    kind: Option<&str>,
    value: Option<&str>,
) -> Result<Template, AppError> {
    // The trending page links here with a hash to block.
    let mut raw = BTreeMap::new();
    if let (Some(k), Some(v)) = (kind.and_then(EntryKind::parse), value) {
        raw.insert("kind".to_owned(), k.as_str().to_owned());
        raw.insert("value".to_owned(), v.chars().take(200).collect());
    }
    access_view(
        &page,
        ctx,
        &admin,
        &raw,
        &FieldErrors::default(),
        super::notices::SIGNING.message(notice),
    )
    .await
}

#[post("/staff/signing/access-lists", data = "<form>")]
async fn add_access(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    form: CsrfForm<AccessForm>,
) -> Result<Answer, AppError> {
    let mut errors = FieldErrors::default();
    match &form.parsed {
        Ok(f) => {
            let list = AccessList::parse(&f.list);
            if list.is_none() {
                errors.add("list", "invalid-choice");
            }
            if f.note.trim().is_empty() {
                errors.add("note", "required");
            } else if !note_ok(&f.note) {
                errors.add("note", "note-invalid");
            }
            match EntryKind::parse(&f.kind) {
                None => errors.add("kind", "invalid-choice"),
                Some(kind) => match (svc::entry_value(ctx, kind, &f.value).await?, list) {
                    (Err(p), _) => errors.add("value", p.code()),
                    (Ok(value), Some(list)) if errors.is_empty() => {
                        svc::add_entry(
                            ctx,
                            admin.0.account.id,
                            list,
                            kind,
                            value,
                            &f.note,
                            Utc::now(),
                        )
                        .await?;
                        return Ok(Answer::Redirect(Redirect::to(uri!(access(
                            notice = Some("saved"),
                            kind = None::<&str>,
                            value = None::<&str>
                        )))));
                    }
                    (Ok(_), _) => {}
                },
            }
        }
        Err(e) => errors = e.clone(),
    }
    Ok(Answer::refused(
        access_view(&page, ctx, &admin, &form.raw, &errors, None).await?,
    ))
}

#[post("/staff/signing/access-lists/<id>/remove", data = "<_form>")]
async fn remove_access(
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    id: AccessEntryId,
    _form: CsrfForm<crate::web::guards::csrf::TokenOnly>,
) -> Result<Redirect, AppError> {
    if !svc::remove_entry(ctx, admin.0.account.id, id, Utc::now()).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(uri!(access(
        notice = Some("removed"),
        kind = None::<&str>,
        value = None::<&str>
    ))))
}

// ---- trending ---------------------------------------------------------------------------

#[get("/staff/signing/trending")]
async fn trending(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
) -> Result<Template, AppError> {
    let t = svc::trending(ctx, Utc::now()).await?;
    let bars: Vec<Bar> = t
        .hourly
        .iter()
        .map(|(label, n)| Bar {
            label: label.clone(),
            value: *n,
        })
        .collect();
    let chart = bar_chart(
        &page.locale.t("trending-chart-title"),
        &page.locale.t("trending-chart-empty"),
        &bars,
        page.locale.dir() == "rtl",
        &|n| n.to_string(),
    );
    Ok(page.render(
        "petitions/staff/trending",
        "trending-title",
        json!({ "staff": crate::routes::staff::nav(admin.0), "t": t, "chart": chart }),
    ))
}

// ---- shadow-banned signatures ---------------------------------------------------------

async fn shadow_view(
    page: &Page,
    ctx: &AppContext,
    admin: &AdminStaff<'_>,
    id: PetitionId,
    raw: &BTreeMap<String, String>,
    errors: &FieldErrors,
    notice: Option<String>,
) -> Result<Template, AppError> {
    let Some(p) = petition_manage::detail(ctx, id, page.locale).await? else {
        return Err(AppError::NotFound);
    };
    let refill = Refill::errors(page.locale, errors).with_values(raw, &["reason"]);
    Ok(page.render_form(
        "petitions/staff/shadow",
        "shadow-title",
        &refill,
        json!({
            "staff": crate::routes::staff::nav(admin.0),
            "petition": p,
            "groups": svc::shadow_groups(ctx, id).await?,
            "notice": notice,
        }),
    ))
}

#[get("/staff/petitions/<id>/shadow?<notice>")]
async fn shadow(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    id: PetitionId,
    notice: Option<&str>,
) -> Result<Template, AppError> {
    shadow_view(
        &page,
        ctx,
        &admin,
        id,
        &BTreeMap::new(),
        &FieldErrors::default(),
        super::notices::SIGNING.message(notice),
    )
    .await
}

#[post("/staff/petitions/<id>/shadow", data = "<form>")]
async fn unshadow(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    id: PetitionId,
    form: CsrfForm<UnshadowForm>,
) -> Result<Answer, AppError> {
    let mut errors = FieldErrors::default();
    match &form.parsed {
        Ok(f) => {
            reason_ok(&f.reason, &mut errors);
            let ip = f.ip_hash.trim();
            if !ip.is_empty() && !is_hash(ip) {
                errors.add("reason", "invalid");
            }
            if errors.is_empty() {
                let ip = (!ip.is_empty()).then_some(ip);
                svc::unshadow(ctx, admin.0.account.id, id, ip, f.reason.trim()).await?;
                return Ok(Answer::Redirect(Redirect::to(uri!(shadow(
                    id = id,
                    notice = Some("counted")
                )))));
            }
        }
        Err(e) => errors = e.clone(),
    }
    Ok(Answer::refused(
        shadow_view(&page, ctx, &admin, id, &form.raw, &errors, None).await?,
    ))
}

// ---- invalidations ----------------------------------------------------------------------

const RULE_FIELDS: [&str; 6] = ["domain", "ip_hash", "from", "to", "name_contains", "reason"];

#[expect(
    clippy::too_many_arguments,
    reason = "one page view with its form state"
)]
async fn invalidations_view(
    page: &Page,
    ctx: &AppContext,
    admin: &AdminStaff<'_>,
    id: PetitionId,
    raw: &BTreeMap<String, String>,
    errors: &FieldErrors,
    notice: Option<String>,
    preview: Option<inv::Preview>,
) -> Result<Template, AppError> {
    let Some(p) = petition_manage::detail(ctx, id, page.locale).await? else {
        return Err(AppError::NotFound);
    };
    let refill = Refill::errors(page.locale, errors).with_values(raw, &RULE_FIELDS);
    Ok(page.render_form(
        "petitions/staff/invalidations",
        "invalidations-title",
        &refill,
        json!({
            "staff": crate::routes::staff::nav(admin.0),
            "petition": p,
            "rows": inv::list(ctx, admin.0.account.id, id).await?,
            "has_preview": preview.is_some(),
            "preview": preview.as_ref().map(|p| p.count),
            "preview_digest": preview.as_ref().map(|p| p.digest.clone()),
            "notice": notice,
        }),
    ))
}

#[get("/staff/petitions/<id>/invalidations?<notice>")]
async fn invalidations(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    id: PetitionId,
    notice: Option<&str>,
) -> Result<Template, AppError> {
    invalidations_view(
        &page,
        ctx,
        &admin,
        id,
        &BTreeMap::new(),
        &FieldErrors::default(),
        super::notices::SIGNING.message(notice),
        None,
    )
    .await
}

fn day(raw: &str, field: &str, errors: &mut FieldErrors) -> Option<NaiveDate> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    crate::i18n::calendar::read_day(raw)
        .map(|(d, _)| d)
        .map_err(|p| errors.add(field, p.day_code()))
        .ok()
}

/// Reads the conditions into a rule, collecting every problem.
async fn rule(
    ctx: &AppContext,
    f: &RuleConditions,
    errors: &mut FieldErrors,
) -> Result<Rule, AppError> {
    let mut rule = Rule::default();
    let domain = clean_domain(&f.domain);
    if !domain.is_empty() {
        match svc::entry_value(ctx, EntryKind::EmailDomain, &domain).await? {
            Ok(index) => {
                rule.domain = Some(domain);
                rule.domain_index = Some(index);
            }
            Err(p) => errors.add("domain", p.code()),
        }
    }
    let ip = f.ip_hash.trim().to_ascii_lowercase();
    if !ip.is_empty() {
        if is_hash(&ip) {
            rule.ip_hash = Some(ip);
        } else {
            errors.add("ip_hash", "ip-hash-invalid");
        }
    }
    rule.from = day(&f.from, "from", errors);
    rule.to = day(&f.to, "to", errors);
    if let (Some(a), Some(b)) = (rule.from, rule.to)
        && b < a
    {
        errors.add("to", "closes-before-opens");
    }
    let pattern = f.name_contains.trim();
    if !pattern.is_empty() {
        let n = pattern.chars().count();
        if !(MIN_PATTERN_CHARS..=MAX_PATTERN_CHARS).contains(&n) || !note_ok(pattern) {
            errors.add("name_contains", "pattern-invalid");
        } else {
            rule.name_contains = Some(pattern.to_owned());
        }
    }
    if errors.is_empty() && rule.is_empty() {
        errors.add("domain", "condition-required");
    }
    reason_ok(&f.reason, errors);
    Ok(rule)
}

#[post("/staff/petitions/<id>/invalidations/preview", data = "<form>")]
async fn preview(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    id: PetitionId,
    form: CsrfForm<RuleConditions>,
) -> Result<(Status, Template), AppError> {
    let mut errors = FieldErrors::default();
    let mut count: Option<inv::Preview> = None;
    match &form.parsed {
        Ok(f) => {
            let rule = rule(ctx, f, &mut errors).await?;
            if errors.is_empty() {
                count = Some(inv::preview(ctx, admin.0.account.id, id, &rule).await?);
            }
        }
        Err(e) => errors = e.clone(),
    }
    let status = if errors.is_empty() {
        Status::Ok
    } else {
        Status::UnprocessableEntity
    };
    Ok((
        status,
        invalidations_view(&page, ctx, &admin, id, &form.raw, &errors, None, count).await?,
    ))
}

#[post("/staff/petitions/<id>/invalidations", data = "<form>")]
async fn apply(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    id: PetitionId,
    form: CsrfForm<RuleConditions>,
) -> Result<Answer, AppError> {
    let mut errors = FieldErrors::default();
    let mut preview = None;
    match &form.parsed {
        Ok(f) => {
            let rule = rule(ctx, f, &mut errors).await?;
            if errors.is_empty() {
                match inv::apply(
                    ctx,
                    admin.0.account.id,
                    id,
                    &rule,
                    &f.reason,
                    f.previewed.as_deref().unwrap_or(""),
                    Utc::now(),
                )
                .await?
                {
                    Applied::Done(..) => {
                        return Ok(Answer::Redirect(Redirect::to(uri!(invalidations(
                            id = id,
                            notice = Some("applied")
                        )))));
                    }
                    Applied::Changed(fresh) => {
                        errors.add("domain", "preview-changed");
                        preview = Some(fresh);
                    }
                }
            }
        }
        Err(e) => errors = e.clone(),
    }
    Ok(Answer::refused(
        invalidations_view(&page, ctx, &admin, id, &form.raw, &errors, None, preview).await?,
    ))
}

#[post(
    "/staff/petitions/<id>/invalidations/<inv_id>/reverse",
    data = "<form>"
)]
async fn reverse(
    page: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    id: PetitionId,
    inv_id: InvalidationId,
    form: CsrfForm<ReverseForm>,
) -> Result<Answer, AppError> {
    let mut errors = FieldErrors::default();
    match &form.parsed {
        Ok(f) => reason_ok(&f.reverse_reason, &mut errors),
        Err(e) => errors = e.clone(),
    }
    if errors.0.remove("reason").is_some() {
        errors.add("reverse_reason", "required");
    }
    if errors.is_empty() {
        let reason = form
            .parsed
            .as_ref()
            .map(|f| f.reverse_reason.as_str())
            .unwrap_or("");
        if !inv::reverse(ctx, admin.0.account.id, id, inv_id, reason, Utc::now()).await? {
            return Err(AppError::NotFound);
        }
        return Ok(Answer::Redirect(Redirect::to(uri!(invalidations(
            id = id,
            notice = Some("reversed")
        )))));
    }
    Ok(Answer::refused(
        invalidations_view(
            &page,
            ctx,
            &admin,
            id,
            &BTreeMap::new(),
            &errors,
            None,
            None,
        )
        .await?,
    ))
}

/// The signing-control routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![
        rules,
        save_rule,
        remove_rule,
        access,
        add_access,
        remove_access,
        trending,
        shadow,
        unshadow,
        invalidations,
        preview,
        apply,
        reverse
    ]
}
