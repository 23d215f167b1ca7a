//! The canonical form of a signature entry: one line of JSON, which is both a line of
//! `entries.jsonl` in the bundle and a leaf of the Merkle tree.
//!
//! A line is the JSON object `{"number":…,"name":…,"city":…,"country":…,"date":…,
//! "receipt":…}` with exactly these keys in this order (a signature collected on paper or
//! taken by staff ends with one more key, `"channel":"paper"` or `"assisted"`), no whitespace, the number as a
//! decimal integer, the date as `YYYY-MM-DD`, strings in UTF-8 with only `"`, `\` and
//! control characters escaped (as `serde_json` writes them). The leaf is the line's bytes
//! without its `\n`. Anyone can recompute the root from `entries.jsonl` with a few lines
//! of code in any language, without parsing JSON.

use serde::{Deserialize, Serialize};

use super::Entry;

/// The fields of an entry that are published and committed to by the Merkle root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryRecord {
    /// Position in the edition, from 1.
    pub number: u64,
    /// The name as shown to officials.
    pub name: String,
    /// City.
    pub city: String,
    /// Country name in the book's language.
    pub country: String,
    /// Day of signing, `YYYY-MM-DD`.
    pub date: String,
    /// Receipt code.
    pub receipt: String,
    /// `paper` or `assisted`; absent for an online signature (so online lines are as
    /// they always were).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
}

impl From<&Entry> for EntryRecord {
    fn from(e: &Entry) -> Self {
        Self {
            number: e.number,
            name: e.display_name.clone(),
            city: e.city.clone(),
            country: e.country.clone(),
            date: e.signed_on.format("%Y-%m-%d").to_string(),
            receipt: e.receipt_code.clone(),
            channel: e.channel.clone(),
        }
    }
}

impl EntryRecord {
    /// The canonical line (without the trailing newline).
    #[must_use]
    pub fn to_line(&self) -> String {
        // Serialising a struct of strings and an integer cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parses one line of `entries.jsonl`.
    ///
    /// # Errors
    /// The JSON error when the line is not a well-formed entry.
    pub fn parse(line: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(line)
    }
}

/// `entries.jsonl`: one canonical line per entry, each ending with `\n`.
#[must_use]
pub fn to_jsonl(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::with_capacity(entries.len() * 128);
    for e in entries {
        out.extend_from_slice(EntryRecord::from(e).to_line().as_bytes());
        out.push(b'\n');
    }
    out
}

/// Splits `entries.jsonl` into its lines (the Merkle leaves); `None` unless every line,
/// including the last, ends with `\n` and none is empty.
#[must_use]
pub fn split_lines(jsonl: &[u8]) -> Option<Vec<&[u8]>> {
    if jsonl.is_empty() {
        return Some(Vec::new());
    }
    let body = jsonl.strip_suffix(b"\n")?;
    let lines: Vec<&[u8]> = body.split(|&b| b == b'\n').collect();
    lines.iter().all(|l| !l.is_empty()).then_some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn canonical_line_is_stable_and_round_trips() {
        let entry = Entry {
            number: 7,
            display_name: "مریم \"م\" صادق‌زاده".into(),
            city: "Köln".into(),
            country: "Germany".into(),
            signed_on: NaiveDate::from_ymd_opt(2025, 3, 9).unwrap(),
            receipt_code: "K7QX-2M4P".into(),
            relationship: Some("Sibling".into()),
            channel: None,
        };
        let record = EntryRecord::from(&entry);
        let line = record.to_line();
        assert_eq!(
            line,
            "{\"number\":7,\"name\":\"مریم \\\"م\\\" صادق\u{200c}زاده\",\"city\":\"Köln\",\
             \"country\":\"Germany\",\"date\":\"2025-03-09\",\"receipt\":\"K7QX-2M4P\"}"
        );
        assert_eq!(EntryRecord::parse(&line).unwrap(), record);
        let jsonl = to_jsonl(&[entry]);
        assert_eq!(split_lines(&jsonl).unwrap(), vec![line.as_bytes()]);
        assert!(split_lines(b"{}").is_none());
        assert!(split_lines(b"{}\n\n").is_none());
    }
}
