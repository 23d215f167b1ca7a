//! The signature list as CSV for spreadsheet users: RFC 4180 (CRLF line ends, fields
//! quoted when needed), UTF-8 with an optional byte order mark, and safe against formula
//! injection.
//!
//! A cell that a spreadsheet would read as a formula (it starts with `=`, `+`, `-`, `@`, a
//! tab or a carriage return, or their full-width forms) gets a leading apostrophe, the
//! usual neutralisation. The CSV is a convenience copy: the exact values are in
//! `entries.jsonl`, which the Merkle root covers.

use std::io::Write;

use super::entries::EntryRecord;
use super::{Entry, ExportError, Labels};

/// The UTF-8 byte order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the header (translated column names) and one row per entry: number, name, city,
/// country, date (`YYYY-MM-DD`), receipt code, and the channel's mark ("on paper",
/// "assisted"; empty for an online signature).
///
/// # Errors
/// [`ExportError::Csv`] when writing to `out` fails.
pub fn write(
    entries: &[Entry],
    labels: &Labels,
    bom: bool,
    mut out: impl Write,
) -> Result<(), ExportError> {
    if bom {
        out.write_all(BOM)?;
    }
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .quote_style(::csv::QuoteStyle::Necessary)
        .from_writer(out);
    let csv_err = |e: ::csv::Error| ExportError::Csv(e.to_string());
    w.write_record(
        [
            &labels.col_number,
            &labels.col_name,
            &labels.col_city,
            &labels.col_country,
            &labels.col_date,
            &labels.col_receipt,
            &labels.col_channel,
        ]
        .map(|s| neutralise(s)),
    )
    .map_err(csv_err)?;
    for e in entries {
        let r = EntryRecord::from(e);
        w.write_record([
            r.number.to_string(),
            neutralise(&r.name),
            neutralise(&r.city),
            neutralise(&r.country),
            r.date,
            neutralise(&r.receipt),
            mark(labels, r.channel.as_deref()),
        ])
        .map_err(csv_err)?;
    }
    w.flush()?;
    Ok(())
}

/// The translated mark of a channel (empty for online signatures).
#[must_use]
pub fn mark(labels: &Labels, channel: Option<&str>) -> String {
    match channel {
        Some("paper") => neutralise(&labels.paper_mark),
        Some("assisted") => neutralise(&labels.assisted_mark),
        _ => String::new(),
    }
}

/// The cell as a spreadsheet will show it, never as a formula.
#[must_use]
pub fn neutralise(cell: &str) -> String {
    let dangerous = cell.chars().next().is_some_and(|c| {
        matches!(
            c,
            '=' | '+' | '-' | '@' | '\t' | '\r' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}'
        )
    });
    if dangerous {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[test]
    fn rfc4180_with_bom_and_no_formulas() {
        let mut input = testing::sample(3, 0);
        input.entries[0].display_name = "=HYPERLINK(\"http://x\",\"y\")".into();
        input.entries[1].city = "+98, \"Tehran\"".into();
        input.entries[2].display_name = "@SUM(A1)".into();
        let mut out = Vec::new();
        write(&input.entries, &input.labels, true, &mut out).unwrap();
        assert!(out.starts_with(BOM));
        let text = std::str::from_utf8(&out[BOM.len()..]).unwrap();
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "No.,Name,City,Country,Date,Receipt code,Channel");
        assert!(lines[1].starts_with("1,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","));
        assert!(lines[2].contains(",\"'+98, \"\"Tehran\"\"\","));
        assert!(lines[3].starts_with("3,'@SUM(A1),"));
        assert_eq!(lines.len(), 5, "CRLF after every record, nothing else");
        assert_eq!(lines[4], "");
        assert!(lines[1].ends_with(','), "an online signature has no mark");
        input.entries[0].channel = Some("paper".into());
        let mut paper = Vec::new();
        write(&input.entries, &input.labels, false, &mut paper).unwrap();
        let text = String::from_utf8(paper).unwrap();
        assert!(text.split("\r\n").nth(1).unwrap().ends_with(",on paper"));
        input.entries[0].channel = None;

        let mut plain = Vec::new();
        write(&input.entries, &input.labels, false, &mut plain).unwrap();
        assert_eq!(&out[BOM.len()..], &plain[..]);
        assert_eq!(neutralise("-1"), "'-1");
        assert_eq!(neutralise("مریم"), "مریم");
    }
}
