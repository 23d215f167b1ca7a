//! What the public request and registration pages share: the relationships a requester
//! may give, the country and relationship choices, numbers in the
//! reader's digits, and the "check your inbox" page both forms lead to (whatever was
//! submitted before).

use crate::domain::people::country;
use crate::domain::people::relationship::Relationship;
use crate::i18n::Locale;
use crate::web::page::Page;
use rocket::{get, routes};
use rocket_dyn_templates::Template;
use serde_json::{Value, json};

/// The relationships a requester may give (the petition's list without "prefer not to say").
pub(super) fn relationships() -> impl Iterator<Item = Relationship> {
    Relationship::ALL
        .iter()
        .copied()
        .filter(|r| *r != Relationship::None)
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
    crate::i18n::format::digits(locale, i64::try_from(n).unwrap_or(i64::MAX))
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
