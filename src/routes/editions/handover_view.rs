//! The hand-overs as the staff edition page shows them: which of its forms was sent back
//! (with what was typed and what was wrong), each hand-over with its history in words in
//! the page's language, and its correction and answer forms filled.

use crate::context::AppContext;
use crate::domain::petitions::edition::{HandoverChangeKind, HandoverChannel, HandoverMedium};
use crate::error::AppError;
use crate::i18n::format::{Zone, date_time, day as show_day};
use crate::i18n::{Locale, TextArg};
use crate::ids::{EditionId, HandoverId};
use crate::services::editions::{self as svc, ChangeRow};
use crate::web::forms::FieldErrors;
use crate::web::page::Page;
use chrono::NaiveDate;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Which hand-over form of the edition page was sent back.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Target {
    /// The form recording a new hand-over.
    New,
    /// The correction form of this hand-over.
    Edit(HandoverId),
    /// The answer form of this hand-over.
    Answer(HandoverId),
}

/// A form sent back to the edition page: what was typed, what was wrong, and which form
/// it was.
#[derive(Clone, Copy)]
pub(super) struct Filled<'a> {
    pub(super) raw: &'a BTreeMap<String, String>,
    pub(super) errors: &'a FieldErrors,
    pub(super) target: Target,
}

impl Filled<'_> {
    /// Nothing typed.
    pub(super) fn empty() -> Filled<'static> {
        static RAW: BTreeMap<String, String> = BTreeMap::new();
        static ERRORS: std::sync::LazyLock<FieldErrors> =
            std::sync::LazyLock::new(FieldErrors::default);
        Filled {
            raw: &RAW,
            errors: &ERRORS,
            target: Target::New,
        }
    }
}

/// Radio choices with the one `chosen` checked.
pub(super) fn choices<T: Copy + PartialEq + serde::Serialize>(
    all: &[T],
    chosen: Option<T>,
) -> Vec<serde_json::Value> {
    all.iter()
        .map(|v| json!({ "value": v, "checked": chosen == Some(*v) }))
        .collect()
}

/// A field's value in words: a day in the reader's calendar, a form or channel by name.
fn value_words(locale: Locale, field: &str, value: &str) -> String {
    match field {
        "handed_on" | "answered_on" => value
            .parse::<NaiveDate>()
            .map_or_else(|_| value.to_owned(), |d| show_day(locale, d)),
        "form" => locale.t(&format!("handover-form-{value}")),
        "channel" if !value.is_empty() => locale.t(&format!("handover-channel-{value}")),
        _ => value.to_owned(),
    }
}

/// One recorded change, in words, in `locale`.
fn change_words(locale: Locale, zone: &Zone, row: &ChangeRow) -> String {
    let parts: Vec<String> = row
        .changes
        .iter()
        .map(|c| {
            let field = locale.t(&format!("handover-field-{}", c.field.replace('_', "-")));
            let before = value_words(locale, &c.field, &c.before);
            let after = value_words(locale, &c.field, &c.after);
            let args = [
                ("field", TextArg::Str(&field)),
                ("before", TextArg::Str(&before)),
                ("after", TextArg::Str(&after)),
            ];
            let key = match (c.before.is_empty(), c.after.is_empty()) {
                (true, _) => "handover-history-set",
                (false, true) => "handover-history-cleared",
                (false, false) => "handover-history-change",
            };
            locale.t_args(key, &args)
        })
        .collect();
    let when = date_time(locale, row.at, zone);
    let who = if row.by.is_empty() {
        locale.t("handover-history-someone")
    } else {
        row.by.clone()
    };
    let changes = parts.join(locale.t("list-separator").as_str());
    locale.t_args(
        match row.kind {
            HandoverChangeKind::Edit => "handover-history-edit",
            HandoverChangeKind::Answer => "handover-history-answer",
            HandoverChangeKind::Remove => "handover-history-remove",
        },
        &[
            ("when", TextArg::Str(&when)),
            ("who", TextArg::Str(&who)),
            ("changes", TextArg::Str(&changes)),
        ],
    )
}

/// The edition's hand-overs for the staff page: each with its history in words and its
/// correction and answer forms filled (with what was typed when that form was refused).
pub(super) async fn rows(
    page: &Page,
    ctx: &AppContext,
    id: EditionId,
    filled: &Filled<'_>,
) -> Result<Vec<Value>, AppError> {
    let rows = svc::handovers(ctx, id).await?;
    let ids: Vec<HandoverId> = rows.iter().map(|h| h.id).collect();
    let mut history = svc::handover_changes(ctx, &ids).await?;
    let typed = |name: &str| filled.raw.get(name).cloned().unwrap_or_default();
    Ok(rows
        .into_iter()
        .map(|h| {
            let lines: Vec<String> = history
                .remove(&h.id)
                .unwrap_or_default()
                .iter()
                .map(|c| change_words(page.locale, &page.zone, c))
                .collect();
            let editing = filled.target == Target::Edit(h.id);
            let answering = filled.target == Target::Answer(h.id);
            let channel = h.channel.map(|c| c.as_str().to_owned()).unwrap_or_default();
            let edit = if editing {
                json!({
                    "recipient": typed("recipient"), "office": typed("office"),
                    "handed_on": typed("handed_on"),
                    "forms": choices(HandoverMedium::ALL, HandoverMedium::parse(&typed("form"))),
                    "channels": choices(HandoverChannel::ALL, HandoverChannel::parse(&typed("channel"))),
                })
            } else {
                json!({
                    "recipient": h.recipient, "office": h.office, "handed_on": h.handed_on,
                    "forms": choices(HandoverMedium::ALL, Some(h.form)),
                    "channels": choices(HandoverChannel::ALL, h.channel),
                })
            };
            let answer = if answering {
                json!({
                    "en": typed("later_answer"), "fa": typed("later_answer_fa"),
                    "fr": typed("later_answer_fr"), "answered_on": typed("answered_on"),
                })
            } else {
                json!({
                    "en": h.answer, "fa": h.answer_fa, "fr": h.answer_fr,
                    "answered_on": h.answered_on.clone().unwrap_or_default(),
                })
            };
            let mut v = serde_json::to_value(&h).unwrap_or(Value::Null);
            if let Value::Object(map) = &mut v {
                map.insert("channel".into(), channel.into());
                map.insert("history".into(), lines.into());
                map.insert("editing".into(), editing.into());
                map.insert("answering".into(), answering.into());
                map.insert("edit".into(), edit);
                map.insert("answer_form".into(), answer);
            }
            v
        })
        .collect())
}
