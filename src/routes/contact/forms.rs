//! What the public request and registration forms share: the relationships a requester
//! may give, the error summary, the country and relationship choices, numbers in the
//! reader's digits, and the "check your inbox" page both forms lead to (whatever was
//! submitted before).

use crate::domain::contact::form as cf;
use crate::domain::people::country;
use crate::domain::people::relationship::Relationship;
use crate::i18n::Locale;
use crate::web::forms::{FieldErrors, ShownError};
use crate::web::page::Page;
use rocket::{get, routes};
use rocket_dyn_templates::Template;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The relationships a requester may give (the petition's list without "prefer not to say").
pub(super) fn relationships() -> impl Iterator<Item = Relationship> {
    Relationship::ALL
        .iter()
        .copied()
        .filter(|r| *r != Relationship::None)
}

/// One summary entry per error, in `order` (field, translated label, control to focus),
/// each naming its field; fields not in `order` come last, unlabelled.
pub(super) fn summary(
    errors: &FieldErrors,
    locale: Locale,
    order: &[(String, String, String)],
) -> (BTreeMap<String, Vec<String>>, Vec<ShownError>) {
    let (by_field, _) = errors.shown(locale);
    let position = |f: &str| order.iter().position(|o| o.0 == f).unwrap_or(usize::MAX);
    let mut fields: Vec<&String> = by_field.keys().collect();
    fields.sort_by_key(|f| position(f));
    let mut out = Vec::new();
    for f in fields {
        let known = order.iter().find(|o| o.0 == *f);
        for m in &by_field[f] {
            out.push(ShownError {
                field: known.map_or_else(|| f.clone(), |o| o.2.clone()),
                message: known.map_or_else(|| m.clone(), |o| format!("{}: {m}", o.1)),
            });
        }
    }
    (by_field, out)
}

/// A submitted value, or "" when absent.
pub(super) fn text(v: Option<&String>) -> &str {
    v.map_or("", String::as_str)
}

pub(super) fn countries(locale: Locale, selected: &str) -> Vec<Value> {
    country::options(locale.code())
        .into_iter()
        .map(|c| json!({ "code": c.code, "name": c.name, "selected": c.code == selected }))
        .collect()
}

pub(super) fn relationship_choices(locale: Locale, checked: &[String]) -> Vec<Value> {
    relationships()
        .map(|r| {
            json!({
                "value": r.as_str(),
                "label": locale.t(&format!("relationship-{}", r.as_str())),
                "checked": checked.iter().any(|c| Relationship::parse(c) == Some(r)),
            })
        })
        .collect()
}

/// `n` in the reader's digits (Persian digits in Persian).
pub(super) fn digits(locale: Locale, n: usize) -> String {
    let ascii = n.to_string();
    match locale {
        Locale::Fa => cf::persian_digits(&ascii),
        Locale::En | Locale::Fr => ascii,
    }
}

#[get("/contact/sent")]
fn sent(page: Page) -> Template {
    page.render("contact/sent", "contact-sent-title", json!({}))
}

/// The page both public forms lead to.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![sent]
}
