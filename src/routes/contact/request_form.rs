//! The public contact request form: up to three sought-person blocks, checked field by
//! field, and always answered by the same "check your inbox" page.

use super::form_parts::{countries, digits, relationships, text};
use super::forms::{RequestForm, check_request};
use crate::context::AppContext;
use crate::domain::contact::form as cf;
use crate::domain::people::relationship::Relationship;
use crate::error::AppError;
use crate::i18n::{Locale, TextArg};
use crate::services::contact::intake::{self as svc, MAX_SOUGHT};
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, LabelledField, Refill};
use crate::web::guards::client_ip::ClientIp;
use crate::web::guards::csrf::CsrfForm;
use crate::web::guards::rate_limit::RateLimited;
use crate::web::page::Page;
use chrono::Utc;
use rocket::response::Redirect;
use rocket::{State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The fields of a sought-person block, in form order, with their label keys.
const SOUGHT_FIELDS: [(&str, &str); 9] = [
    ("name_latin", "contact-sought-name-latin"),
    ("name_persian", "contact-sought-name-persian"),
    ("aliases", "contact-sought-aliases"),
    ("birth_year", "contact-sought-birth-year"),
    ("father_name", "contact-sought-father"),
    ("birthplace", "contact-sought-birthplace"),
    ("last_place", "contact-sought-last-place"),
    ("last_year", "contact-sought-last-year"),
    ("facts", "contact-sought-facts"),
];

/// The request form's own fields in order: name, label key, control to focus. The
/// sought-person blocks come between `relationship` and `message`.
const REQUEST_FIELDS: [(&str, &str, &str); 7] = [
    ("name", "contact-your-name", "name"),
    ("email", "contact-your-email", "email"),
    ("phone", "contact-your-phone", "phone"),
    ("country", "contact-your-country", "country"),
    ("relationship", "contact-relationship", "relationship"),
    ("message", "contact-message", "message"),
    ("consent", "contact-consent-short", "consent-box"),
];

fn block_label(locale: Locale, n: usize) -> String {
    locale.t_args(
        "contact-person-n",
        &[("n", TextArg::Str(&digits(locale, n)))],
    )
}

fn request_order(locale: Locale) -> Vec<LabelledField> {
    let own = |i: usize| LabelledField::of(locale, REQUEST_FIELDS[i]);
    let mut order: Vec<_> = (0..5).map(own).collect();
    for n in 1..=MAX_SOUGHT {
        for (f, label) in SOUGHT_FIELDS {
            order.push(LabelledField {
                field: format!("s{n}.{f}"),
                label: format!("{} — {}", block_label(locale, n), locale.t(label)),
                focus: format!("s{n}-{f}"),
            });
        }
    }
    order.extend((5..REQUEST_FIELDS.len()).map(own));
    order
}

fn request_page(page: &Page, raw: &BTreeMap<String, String>, errors: &FieldErrors) -> Template {
    let locale = page.locale;
    let refill = Refill::in_order(locale, errors, &request_order(locale));
    let mut values = Map::new();
    for (f, _, _) in REQUEST_FIELDS {
        values.insert(f.to_owned(), text(raw.get(f)).into());
    }
    let blocks: Vec<Value> = (1..=MAX_SOUGHT)
        .map(|n| {
            let mut v = Map::new();
            let mut e = Map::new();
            for (f, _) in SOUGHT_FIELDS {
                let key = format!("s{n}.{f}");
                v.insert(f.to_owned(), text(raw.get(&key)).into());
                if let Some(msgs) = refill.messages(&key) {
                    e.insert(f.to_owned(), json!(msgs));
                }
            }
            let filled = v.values().any(|x| x.as_str().is_some_and(|s| !s.is_empty()));
            json!({
                "n": n,
                "label": block_label(locale, n),
                "add_label": locale.t_args("contact-add-person", &[("n", TextArg::Str(&digits(locale, n)))]),
                "first": n == 1,
                "open": n == 1 || filled || !e.is_empty(),
                "values": v,
                "errors": e,
                "facts_max": cf::MAX_FACTS_CHARS,
            })
        })
        .collect();
    let relationship = Relationship::parse(text(raw.get("relationship")));
    let rels: Vec<Value> = relationships()
        .map(|r| json!({ "value": r.as_str(), "label": locale.t(&format!("relationship-answer-{}", r.as_str())), "selected": Some(r) == relationship }))
        .collect();
    page.render_form(
        "contact/request",
        "contact-request-title",
        &refill,
        json!({
            "values": values,
            "blocks": blocks,
            "countries": countries(locale, text(raw.get("country"))),
            "relationships": rels,
            "language_name": locale.native_name(),
            "consent_checked": raw.get("consent").is_some_and(|v| v == "yes"),
            "message_max": cf::MAX_MESSAGE_CHARS,
        }),
    )
}

#[get("/contact/request")]
fn request_form(page: Page) -> Template {
    request_page(&page, &BTreeMap::new(), &FieldErrors::default())
}

#[post("/contact/request", data = "<form>")]
async fn request_submit(
    page: Page,
    ctx: &State<AppContext>,
    ip: ClientIp,
    _l: RateLimited,
    form: CsrfForm<RequestForm>,
) -> Result<Answer, AppError> {
    match check_request(ctx, &form).await? {
        Ok(input) => {
            svc::file_request(ctx, input, ip.0, page.locale, Utc::now()).await?;
            Ok(Answer::Redirect(Redirect::to(uri!(
                super::form_parts::sent
            ))))
        }
        Err(errors) => Ok(Answer::refused(request_page(&page, &form.raw, &errors))),
    }
}

/// The contact request form's routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![request_form, request_submit]
}
