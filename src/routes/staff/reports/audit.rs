//! The audit log page (admins): whether the chain verifies (at the top), the events in
//! words — staff by name, actions, subjects and details in the page's language — filtered
//! by subject, staff member, action and date range, in pages; and the filtered events as
//! CSV (`/staff/admin/audit.csv`). Viewing and exporting are themselves audited. A filter
//! that cannot be (a day that is no day, a range that ends before it starts, an unknown
//! action or actor) is answered 422 with the translated reason.

use crate::context::AppContext;
use crate::domain::audit::AuditAction;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::services::audit_log::{self, Filter};
use crate::services::history;
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill};
use crate::web::guards::staff_auth::AdminStaff;
use crate::web::page::Page;
use crate::web::pagination::{self, PageNo};
use rocket::http::{ContentType, Header};
use rocket::{Responder, State, get, routes};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The filters as typed (each at most 100 characters kept).
struct Typed {
    values: BTreeMap<String, String>,
}

impl Typed {
    fn new(fields: [(&str, Option<&str>); 5]) -> Self {
        let values = fields
            .into_iter()
            .map(|(k, v)| {
                let v: String = v.unwrap_or_default().trim().chars().take(100).collect();
                (k.to_owned(), v)
            })
            .collect();
        Self { values }
    }

    fn get(&self, k: &str) -> Option<String> {
        self.values.get(k).filter(|v| !v.is_empty()).cloned()
    }

    /// The checked filter, or the fields' errors.
    fn filter(&self, page: PageNo) -> Result<Filter, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut day = |field: &str| match super::super::notes::parse_day(self.get(field).as_deref())
        {
            Ok(d) => d,
            Err(code) => {
                errors.add(field, code);
                None
            }
        };
        let from = day("from");
        let to = day("to");
        let filter = Filter {
            action: self.get("action"),
            actor: self.get("actor"),
            subject: self.get("subject"),
            from,
            to,
            page,
        };
        for p in filter.check() {
            errors.add(p.field, p.code);
        }
        if errors.is_empty() {
            Ok(filter)
        } else {
            Err(errors)
        }
    }

    fn query(&self) -> Vec<(&'static str, String)> {
        ["action", "actor", "subject", "from", "to"]
            .into_iter()
            .map(|k| (k, self.get(k).unwrap_or_default()))
            .collect()
    }
}

/// The labels of the filter fields, for the error summary.
const FIELDS: &[(&str, &str, &str)] = &[
    ("subject", "audit-filter-subject", "subject"),
    ("actor", "audit-filter-who", "actor"),
    ("action", "audit-filter-what", "action"),
    ("from", "audit-filter-from", "from"),
    ("to", "audit-filter-to", "to"),
];

async fn choices(ctx: &AppContext, locale: Locale, typed: &Typed) -> Result<Value, AppError> {
    let chosen_action = typed.get("action");
    let chosen_actor = typed.get("actor");
    let mut actions: Vec<(String, &str)> = AuditAction::ALL
        .iter()
        .map(|a| (locale.t(&history::action_key(a.as_str())), a.as_str()))
        .collect();
    actions.sort();
    let actions: Vec<Value> = actions
        .into_iter()
        .map(|(label, value)| {
            json!({ "value": value, "label": label, "selected": chosen_action.as_deref() == Some(value) })
        })
        .collect();
    let mut actors: Vec<Value> = audit_log::actors(ctx)
        .await?
        .into_iter()
        .map(|(value, label)| {
            json!({ "selected": chosen_actor.as_deref() == Some(value.as_str()), "value": value, "label": label })
        })
        .collect();
    for (value, key) in [
        ("system", "audit-actor-system"),
        ("cli", "audit-actor-cli"),
        ("public", "audit-actor-public"),
    ] {
        actors.push(json!({ "value": value, "label": locale.t(key), "selected": chosen_actor.as_deref() == Some(value) }));
    }
    Ok(json!({ "actions": actions, "actors": actors }))
}

async fn render(
    view: &Page,
    ctx: &AppContext,
    admin: &AdminStaff<'_>,
    typed: &Typed,
    asked: PageNo,
) -> Result<Answer, AppError> {
    let locale = view.locale;
    let choices = choices(ctx, locale, typed).await?;
    let refill_fields = ["action", "actor", "subject", "from", "to"];
    let filter = match typed.filter(asked) {
        Ok(f) => f,
        Err(errors) => {
            let refill = Refill::labelled(locale, &errors, FIELDS)
                .with_values(&typed.values, &refill_fields);
            return Ok(Answer::refused(view.render_form(
                "staff/audit",
                "audit-title",
                &refill,
                json!({ "staff": super::super::nav(admin.0), "choices": choices, "log": null }),
            )));
        }
    };
    let result = audit_log::page(ctx, admin.0.account.id, locale, &filter).await?;
    let query = typed.query();
    let pager = pagination::links(locale, "/staff/admin/audit", &query, &result.events);
    let mut csv = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &query {
        if !v.is_empty() {
            csv.append_pair(k, v);
        }
    }
    csv.append_pair("lang", locale.code());
    let refill = Refill::default().with_values(&typed.values, &refill_fields);
    Ok(Answer::ok(view.render_form(
        "staff/audit",
        "audit-title",
        &refill,
        json!({
            "staff": super::super::nav(admin.0),
            "choices": choices,
            "log": result,
            "checked": pagination::digits(locale, result.checked),
            "total": pagination::digits(locale, result.events.total),
            "pager": pager,
            "csv_href": format!("/staff/admin/audit.csv?{}", csv.finish()),
        }),
    )))
}

#[get("/staff/admin/audit?<action>&<actor>&<subject>&<from>&<to>&<page>")]
#[expect(
    clippy::too_many_arguments,
    reason = "one argument per filter of the page"
)]
async fn events(
    view: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    action: Option<&str>,
    actor: Option<&str>,
    subject: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
    page: Option<&str>,
) -> Result<Answer, AppError> {
    let asked = pagination::asked(page).ok_or(AppError::NotFound)?;
    let typed = Typed::new([
        ("action", action),
        ("actor", actor),
        ("subject", subject),
        ("from", from),
        ("to", to),
    ]);
    render(&view, ctx, &admin, &typed, asked).await
}

/// The CSV download, or the page refusing its filter.
#[derive(Responder)]
enum Export {
    Csv(Vec<u8>, ContentType, Header<'static>),
    Refused(Answer),
}

#[get("/staff/admin/audit.csv?<action>&<actor>&<subject>&<from>&<to>")]
#[expect(
    clippy::too_many_arguments,
    reason = "one argument per filter of the page"
)]
async fn export(
    view: Page,
    ctx: &State<AppContext>,
    admin: AdminStaff<'_>,
    action: Option<&str>,
    actor: Option<&str>,
    subject: Option<&str>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Export, AppError> {
    let typed = Typed::new([
        ("action", action),
        ("actor", actor),
        ("subject", subject),
        ("from", from),
        ("to", to),
    ]);
    let Ok(filter) = typed.filter(PageNo::FIRST) else {
        return Ok(Export::Refused(
            render(&view, ctx, &admin, &typed, PageNo::FIRST).await?,
        ));
    };
    let bytes = audit_log::export_csv(ctx, admin.0.account.id, view.locale, &filter).await?;
    Ok(Export::Csv(
        bytes,
        ContentType::new("text", "csv").with_params(("charset", "utf-8")),
        Header::new(
            "Content-Disposition",
            "attachment; filename=\"audit-log.csv\"",
        ),
    ))
}

/// The audit routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![events, export]
}
