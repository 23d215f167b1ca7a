//! Readable history (issue #15 item 6): audit events as people read them, in the page's
//! language — staff named by name (not `staff:3`), the action in words (one message per
//! [`AuditAction`], `audit-action-…`), the subject in words ("match #7") and the details
//! as labelled values, never raw JSON. Used by the audit log page, its CSV export and the
//! case timelines.

use crate::domain::audit::{AuditAction, Subject};
use crate::entities::{audit_event, staff};
use crate::error::AppError;
use crate::i18n::{Locale, TextArg};
use crate::ids::StaffId;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;

/// The message key of an action's words: `audit-action-` and its stored name with `.`
/// and `_` as `-` (`staff.login.failed` → `audit-action-staff-login-failed`).
#[must_use]
pub fn action_key(action: &str) -> String {
    format!("audit-action-{}", action.replace(['.', '_'], "-"))
}

/// One detail of an event: its label and value, in words.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Detail {
    /// What it is ("Reason").
    pub label: String,
    /// Its value.
    pub value: String,
}

/// An audit event in words.
#[derive(Debug, Clone, Serialize)]
pub struct EventWords {
    /// Position in the chain.
    pub seq: i64,
    /// When (UTC, `YYYY-MM-DD HH:MM:SS`).
    pub at: DateTime<Utc>,
    /// Who: a staff member's name, or "the system", "the command line", "a member of the
    /// public".
    pub actor: String,
    /// Whether the actor is a staff member (the name is user text: shown isolated).
    pub actor_is_staff: bool,
    /// What, in words.
    pub action: String,
    /// What, as stored (`staff.login`), for those who search by it.
    pub action_code: String,
    /// On what, in words ("match #7").
    pub subject: String,
    /// On what, as stored (`match:7`).
    pub subject_code: String,
    /// The details, labelled.
    pub details: Vec<Detail>,
}

impl EventWords {
    /// The details as one line (`Label: value; Label: value`), for the CSV export.
    #[must_use]
    pub fn details_line(&self) -> String {
        self.details
            .iter()
            .map(|d| format!("{}: {}", d.label, d.value))
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Staff names by id, for the actors of `rows` (one query).
async fn names(
    db: &impl ConnectionTrait,
    rows: &[audit_event::Model],
) -> Result<HashMap<StaffId, String>, AppError> {
    let ids: Vec<StaffId> = rows
        .iter()
        .filter_map(|r| staff_id(&r.actor))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(staff::Entity::find()
        .filter(staff::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.display_name))
        .collect())
}

/// The staff id of a stored actor `staff:<id>`.
#[must_use]
pub fn staff_id(actor: &str) -> Option<StaffId> {
    actor
        .strip_prefix("staff:")
        .and_then(|n| n.parse().ok())
        .map(StaffId)
}

/// `n` in the digits of `locale`.
fn digits(locale: Locale, text: &str) -> String {
    match locale {
        Locale::Fa => crate::domain::contact::form::persian_digits(text),
        Locale::En | Locale::Fr => text.to_owned(),
    }
}

/// Who, in words.
fn actor_words(locale: Locale, actor: &str, names: &HashMap<StaffId, String>) -> (String, bool) {
    if let Some(id) = staff_id(actor) {
        return match names.get(&id) {
            Some(name) => (name.clone(), true),
            #[expect(clippy::cast_precision_loss, reason = "a row id shown as a number")]
            None => (
                locale.t_args(
                    "audit-actor-staff-gone",
                    &[("id", TextArg::Num(id.0 as f64))],
                ),
                false,
            ),
        };
    }
    let key = match actor {
        "system" => "audit-actor-system",
        "cli" => "audit-actor-cli",
        "public" => "audit-actor-public",
        _ => return (actor.to_owned(), false),
    };
    (locale.t(key), false)
}

/// On what, in words: a subject of a known kind with its number, or the whole of
/// something; anything else as stored.
#[must_use]
pub fn subject_words(locale: Locale, subject: &str) -> String {
    let whole = match subject {
        "petitions:*" => Some("audit-subject-all-petitions"),
        "approval:*" => Some("audit-subject-all-approvals"),
        "contact" => Some("audit-subject-contact"),
        "contact:*" => Some("audit-subject-all-contact"),
        "staff:unknown" => Some("audit-subject-unknown-staff"),
        "staff:*" => Some("audit-subject-all-staff"),
        "outbox:failed" => Some("audit-subject-failed-mail"),
        "audit:*" => Some("audit-subject-audit-log"),
        "keys:*" => Some("audit-subject-keys"),
        _ => None,
    };
    if let Some(key) = whole {
        return locale.t(key);
    }
    let Some((kind, id)) = subject.split_once(':') else {
        return subject.to_owned();
    };
    let known = [
        "petition",
        "signature",
        "edition",
        "invalidation",
        "access_list",
        "domain",
        "approval",
        "contact_request",
        "registration",
        "match",
        "staff",
        "outbox",
        "paper_batch",
    ];
    if !known.contains(&kind) {
        return subject.to_owned();
    }
    let shown = if kind == "domain" {
        id.to_owned()
    } else {
        digits(locale, id)
    };
    locale.t_args(
        &format!("audit-subject-{}", kind.replace('_', "-")),
        &[("id", TextArg::Str(&shown))],
    )
}

/// A JSON value in words (no braces, no quotes).
fn value_words(locale: Locale, v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::Bool(b) => Some(locale.t(if *b { "audit-yes" } else { "audit-no" })),
        Value::Number(n) => Some(digits(locale, &n.to_string())),
        Value::String(s) => Some(s.clone()),
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(|i| value_words(locale, i))
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Value::Object(map) => Some(
            map.iter()
                .filter_map(|(k, v)| {
                    value_words(locale, v).map(|w| format!("{}: {w}", label(locale, k)))
                })
                .collect::<Vec<_>>()
                .join(", "),
        ),
    }
}

/// A detail's label: its message (`audit-detail-<key>`) or, for a key without one, the
/// key with spaces for underscores.
fn label(locale: Locale, key: &str) -> String {
    locale
        .try_t(&format!("audit-detail-{}", key.replace('_', "-")))
        .unwrap_or_else(|| key.replace('_', " "))
}

/// The stored details text in words: one labelled value per field of an object.
#[must_use]
pub fn details_words(locale: Locale, details: &str) -> Vec<Detail> {
    match serde_json::from_str::<Value>(details) {
        Ok(Value::Object(map)) => map
            .iter()
            .filter_map(|(k, v)| {
                value_words(locale, v).map(|value| Detail {
                    label: label(locale, k),
                    value,
                })
            })
            .collect(),
        Ok(Value::Null) => Vec::new(),
        Ok(other) => value_words(locale, &other)
            .map(|value| Detail {
                label: locale.t("audit-detail-value"),
                value,
            })
            .into_iter()
            .collect(),
        Err(_) => vec![Detail {
            label: locale.t("audit-detail-value"),
            value: details.to_owned(),
        }],
    }
}

/// `rows` in words, in `locale`.
///
/// # Errors
/// Database failures (reading the staff names).
pub async fn words(
    db: &impl ConnectionTrait,
    locale: Locale,
    rows: &[audit_event::Model],
) -> Result<Vec<EventWords>, AppError> {
    let names = names(db, rows).await?;
    Ok(rows
        .iter()
        .map(|r| {
            let (actor, actor_is_staff) = actor_words(locale, &r.actor, &names);
            let action = match AuditAction::parse(&r.action) {
                Some(a) => locale.t(&action_key(a.as_str())),
                None => r.action.clone(),
            };
            EventWords {
                seq: r.seq,
                at: r.at,
                actor,
                actor_is_staff,
                action,
                action_code: r.action.clone(),
                subject: subject_words(locale, &r.subject),
                subject_code: r.subject.clone(),
                details: details_words(locale, &r.details),
            }
        })
        .collect())
}

/// The timeline of `subject` in words, oldest first (the caller audits its page's read).
///
/// # Errors
/// Database failures.
pub async fn timeline(
    db: &impl ConnectionTrait,
    locale: Locale,
    subject: &Subject,
) -> Result<Vec<EventWords>, AppError> {
    let rows = audit_event::Entity::find()
        .filter(audit_event::Column::Subject.eq(subject.to_string()))
        .order_by_asc(audit_event::Column::Seq)
        .all(db)
        .await?;
    words(db, locale, &rows).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_words_in_every_language() {
        let mut keys = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            let key = action_key(a.as_str());
            assert!(keys.insert(key.clone()), "{key} names two actions");
            for l in Locale::ALL {
                assert!(
                    crate::i18n::keys_in_files(l).contains(&key),
                    "{l:?} lacks {key}"
                );
            }
        }
    }

    #[test]
    fn details_and_subjects_read_as_words() {
        let d = details_words(
            Locale::En,
            r#"{"reason":"called her","page":3,"flag":true,"gone":null,"roles":["admin","caseworker"]}"#,
        );
        assert!(
            d.iter()
                .all(|d| !d.value.contains('{') && !d.value.contains('"'))
        );
        assert!(d.iter().any(|d| d.value == "admin, caseworker"));
        assert!(d.iter().all(|d| d.label != "gone"));
        assert_eq!(subject_words(Locale::En, "match:7"), "match #7");
        assert_eq!(subject_words(Locale::Fa, "match:7"), "تطبیق #۷");
        assert_eq!(subject_words(Locale::En, "weird"), "weird");
        assert!(details_words(Locale::En, "null").is_empty());
    }
}
