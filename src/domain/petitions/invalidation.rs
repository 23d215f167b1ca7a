//! Invalidation rules: the conditions an admin sets (email domain, IP hash, date range,
//! name pattern) and how a signature is tested against them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Shortest name pattern (shorter ones would match almost everyone).
pub const MIN_PATTERN_CHARS: usize = 2;
/// Longest name pattern.
pub const MAX_PATTERN_CHARS: usize = 100;

/// The conditions of an invalidation; a signature matches when it meets all that are set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    /// The email domain as typed (for staff to read).
    pub domain: Option<String>,
    /// Its blind index (what signatures are matched by).
    pub domain_index: Option<String>,
    /// An IP hash.
    pub ip_hash: Option<String>,
    /// First day (UTC, inclusive).
    pub from: Option<NaiveDate>,
    /// Last day (UTC, inclusive).
    pub to: Option<NaiveDate>,
    /// Part of the name, compared case-insensitively.
    pub name_contains: Option<String>,
}

/// Folds text for pattern comparison: compatibility forms, lower case, Arabic yeh and kaf
/// as their Persian forms, no zero-width joiners.
#[must_use]
pub fn fold(s: &str) -> String {
    s.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| !matches!(c, '\u{200C}' | '\u{200D}'))
        .map(|c| match c {
            'ي' | 'ى' => 'ی',
            'ك' => 'ک',
            c => c,
        })
        .collect()
}

impl Rule {
    /// Whether no condition is set (such a rule would take every signature).
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.domain_index.is_none()
            && self.ip_hash.is_none()
            && self.from.is_none()
            && self.to.is_none()
            && self.name_contains.is_none()
    }

    /// The start of the time range.
    #[must_use]
    pub fn since(&self) -> Option<DateTime<Utc>> {
        self.from
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc())
    }

    /// The end of the time range (exclusive: the day after `to`).
    #[must_use]
    pub fn until(&self) -> Option<DateTime<Utc>> {
        self.to
            .and_then(|d| d.succ_opt())
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .map(|t| t.and_utc())
    }

    /// Whether a signer's name meets the name condition (true when there is none).
    #[must_use]
    pub fn name_matches(&self, name: &str) -> bool {
        self.name_contains
            .as_ref()
            .is_none_or(|p| fold(name).contains(&fold(p)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold() {
        let r = Rule {
            name_contains: Some("BOT".into()),
            ..Rule::default()
        };
        assert!(r.name_matches("Spam bot 12"));
        assert!(!r.name_matches("Bahram"));
        let fa = Rule {
            name_contains: Some("علي".into()),
            ..Rule::default()
        };
        assert!(fa.name_matches("علی‌رضا"), "Arabic yeh meets Persian yeh");
        assert!(Rule::default().name_matches("anyone"));
        assert!(Rule::default().is_empty());
    }

    #[test]
    fn day_range() {
        let r = Rule {
            from: NaiveDate::from_ymd_opt(2026, 1, 1),
            to: NaiveDate::from_ymd_opt(2026, 1, 1),
            ..Rule::default()
        };
        assert_eq!(
            r.until().unwrap() - r.since().unwrap(),
            chrono::Duration::days(1)
        );
    }
}
