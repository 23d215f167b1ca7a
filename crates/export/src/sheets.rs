//! Printable signature sheets: numbered A4 pages (landscape) with the petition's title,
//! addressees and text in one language, a QR code to the online form, ruled lines with a
//! pre-printed receipt code each, the disclosure tick-boxes for the officials' copy and
//! the privacy notice. Typeset with Typst in the book's fonts and set-up (see [`book`]).
//!
//! As in the book, data reaches the template only as Typst values, never as markup, and
//! the sheets follow the language of their labels (`fa` → right to left).
//!
//! [`book`]: super::book

use chrono::{DateTime, Utc};
use typst::foundations::{Array, Bytes, Dict, IntoValue, Value};
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use super::book::BookFonts;
use super::text::{Dir, first_strong_dir, paragraphs};
use super::{ExportError, primary_lang};

/// The Typst template of a sheet.
const TEMPLATE: &str = include_str!("sheets.typ");

/// Every fixed string printed on a sheet, translated by the caller.
#[derive(Debug, Clone)]
pub struct SheetLabels {
    /// Language of the labels and so of the sheets (`fa` → right to left).
    pub lang: String,
    /// "Signature sheet" (the kicker).
    pub sheet_heading: String,
    /// "Sheet" (followed by its number).
    pub sheet: String,
    /// "Addressed to".
    pub addressed_to: String,
    /// Under the QR code: "Or sign online".
    pub scan_to_sign: String,
    /// Column headers.
    pub col_line: String,
    /// Receipt code.
    pub col_receipt: String,
    /// Name.
    pub col_name: String,
    /// City.
    pub col_city: String,
    /// Country.
    pub col_country: String,
    /// Relationship to the detained relative.
    pub col_relationship: String,
    /// Email (optional).
    pub col_email: String,
    /// In the officials' copy, show….
    pub col_disclosure: String,
    /// Signature.
    pub col_signature: String,
    /// The three tick-boxes.
    pub disclosure_full: String,
    /// Initials only.
    pub disclosure_initials: String,
    /// "A family member".
    pub disclosure_family: String,
    /// The words allowed in the relationship column.
    pub relationship_hint: String,
    /// "Collected at".
    pub collected_where: String,
    /// "Date".
    pub collected_on: String,
    /// "Privacy".
    pub privacy_heading: String,
}

/// One sheet: its number and the receipt code of each line, in line order.
#[derive(Debug, Clone)]
pub struct Sheet {
    /// The sheet number (unique within the petition).
    pub number: u32,
    /// The receipt code printed on line 1, 2, ….
    pub receipts: Vec<String>,
}

/// Everything a run of sheets needs, already translated.
#[derive(Debug, Clone)]
pub struct SheetsInput {
    /// The petition's slug (PDF identifier).
    pub slug: String,
    /// The organisation (PDF author).
    pub organisation: String,
    /// The petition's title in the sheets' language.
    pub title: String,
    /// Its text; paragraphs separated by a blank line.
    pub body: String,
    /// The officials it is addressed to.
    pub addressees: Vec<String>,
    /// The online form's address (the QR code).
    pub form_url: String,
    /// The privacy notice; paragraphs separated by a blank line.
    pub privacy: String,
    /// The labels.
    pub labels: SheetLabels,
    /// The sheets, in print order.
    pub sheets: Vec<Sheet>,
    /// The PDF's timestamp (so the same run gives the same file).
    pub created_at: DateTime<Utc>,
}

/// Digits as the sheet's language writes them (Persian digits in Persian).
fn localise_digits(n: u32, lang: &str) -> String {
    let s = n.to_string();
    if lang == "fa" {
        s.chars()
            .map(|c| {
                c.to_digit(10)
                    .and_then(|d| char::from_u32(0x06F0 + d))
                    .unwrap_or(c)
            })
            .collect()
    } else {
        s
    }
}

fn dir_flag(text: &str, sheet: Dir) -> &'static str {
    match first_strong_dir(text) {
        Some(d) if d == sheet => "",
        Some(Dir::Rtl) => "rtl",
        Some(Dir::Ltr) => "ltr",
        None => "",
    }
}

/// The QR code of `url` as an SVG image.
///
/// # Errors
/// [`ExportError::InvalidInput`] when the address is too long for a QR code.
pub fn qr_svg(url: &str) -> Result<Vec<u8>, ExportError> {
    let code = qrcode::QrCode::with_error_correction_level(url, qrcode::EcLevel::M)
        .map_err(|e| ExportError::InvalidInput(format!("QR code: {e}")))?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build()
        .into_bytes())
}

/// Typesets the sheets into one PDF (a page a sheet; a very long petition text can take
/// a sheet onto a second page).
///
/// # Errors
/// [`ExportError::InvalidInput`] for no sheets, a sheet without lines or an unusable
/// language tag or address; [`ExportError::Typeset`] when Typst fails.
pub fn render_sheets(input: &SheetsInput, fonts: &BookFonts) -> Result<Vec<u8>, ExportError> {
    let invalid = |m: &str| Err(ExportError::InvalidInput(m.to_owned()));
    if input.sheets.is_empty() {
        return invalid("no sheets to print");
    }
    if input.sheets.iter().any(|s| s.receipts.is_empty()) {
        return invalid("a sheet has no lines");
    }
    let Some(lang) = primary_lang(&input.labels.lang) else {
        return invalid("the sheets' language is not a language tag");
    };
    let rtl = matches!(lang.as_str(), "fa" | "ar" | "he" | "ur" | "ps");
    let sheet_dir = if rtl { Dir::Rtl } else { Dir::Ltr };
    let l = &input.labels;
    let mut labels = Dict::new();
    for (k, v) in [
        ("sheet_heading", &l.sheet_heading),
        ("sheet", &l.sheet),
        ("addressed_to", &l.addressed_to),
        ("scan_to_sign", &l.scan_to_sign),
        ("col_line", &l.col_line),
        ("col_receipt", &l.col_receipt),
        ("col_name", &l.col_name),
        ("col_city", &l.col_city),
        ("col_country", &l.col_country),
        ("col_relationship", &l.col_relationship),
        ("col_email", &l.col_email),
        ("col_disclosure", &l.col_disclosure),
        ("col_signature", &l.col_signature),
        ("disclosure_full", &l.disclosure_full),
        ("disclosure_initials", &l.disclosure_initials),
        ("disclosure_family", &l.disclosure_family),
        ("relationship_hint", &l.relationship_hint),
        ("collected_where", &l.collected_where),
        ("collected_on", &l.collected_on),
        ("privacy_heading", &l.privacy_heading),
    ] {
        labels.insert(k.into(), v.clone().into_value());
    }
    let paras = |text: &str| -> Value {
        paragraphs(text)
            .into_iter()
            .map(|lines| Value::Array(lines.into_iter().map(IntoValue::into_value).collect()))
            .collect::<Array>()
            .into_value()
    };
    let sheets: Array = input
        .sheets
        .iter()
        .map(|s| {
            let lines: Array = s
                .receipts
                .iter()
                .enumerate()
                .map(|(i, code)| {
                    let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
                    Value::Array(Array::from(
                        [
                            localise_digits(n, &lang).into_value(),
                            code.clone().into_value(),
                        ]
                        .as_slice(),
                    ))
                })
                .collect();
            let mut d = Dict::new();
            d.insert(
                "number".into(),
                localise_digits(s.number, &lang).into_value(),
            );
            d.insert("lines".into(), lines.into_value());
            Value::Dict(d)
        })
        .collect();
    let addressees: Array = input
        .addressees
        .iter()
        .map(|a| {
            Value::Array(Array::from(
                [a.clone().into_value(), dir_flag(a, sheet_dir).into_value()].as_slice(),
            ))
        })
        .collect();
    let mut d = Dict::new();
    let mut put = |k: &str, v: Value| {
        d.insert(k.into(), v);
    };
    put("labels", Value::Dict(labels));
    put("font", fonts.family().to_owned().into_value());
    put("lang", lang.clone().into_value());
    put("rtl", rtl.into_value());
    put("title", input.title.clone().into_value());
    put("title_dir", dir_flag(&input.title, sheet_dir).into_value());
    put("organisation", input.organisation.clone().into_value());
    put("addressees", addressees.into_value());
    put("paras", paras(&input.body));
    put("privacy", paras(&input.privacy));
    put("url", input.form_url.clone().into_value());
    put("qr", Bytes::new(qr_svg(&input.form_url)?).into_value());
    put("sheets", sheets.into_value());
    let engine = TypstEngine::builder()
        .main_file(TEMPLATE)
        .fonts(fonts.faces())
        .build();
    let typeset_err = |message: String| ExportError::Typeset { volume: 1, message };
    let document: PagedDocument = engine
        .compile_with_input(d)
        .output
        .map_err(|e| typeset_err(e.to_string()))?;
    let first = input.sheets.first().map_or(0, |s| s.number);
    let last = input.sheets.last().map_or(0, |s| s.number);
    let options = PdfOptions {
        ident: typst::foundations::Smart::Custom(format!(
            "peyvand/{}/sheets-{first}-{last}",
            input.slug
        )),
        timestamp: typst_datetime(input.created_at).map(Timestamp::new_utc),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|diagnostics| {
        typeset_err(
            diagnostics
                .iter()
                .map(|d| d.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
}

fn typst_datetime(c: DateTime<Utc>) -> Option<typst::foundations::Datetime> {
    use chrono::{Datelike, Timelike};
    let as_u8 = |v: u32| u8::try_from(v).unwrap_or_default();
    typst::foundations::Datetime::from_ymd_hms(
        c.year(),
        as_u8(c.month()),
        as_u8(c.day()),
        as_u8(c.hour()),
        as_u8(c.minute()),
        as_u8(c.second()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn labels(lang: &str) -> SheetLabels {
        let s = |v: &str| v.to_owned();
        SheetLabels {
            lang: s(lang),
            sheet_heading: s("Signature sheet"),
            sheet: s("Sheet"),
            addressed_to: s("Addressed to"),
            scan_to_sign: s("Or sign online"),
            col_line: s("No."),
            col_receipt: s("Receipt code"),
            col_name: s("Name"),
            col_city: s("City"),
            col_country: s("Country"),
            col_relationship: s("Relationship"),
            col_email: s("Email (optional)"),
            col_disclosure: s("Officials' copy shows"),
            col_signature: s("Signature"),
            disclosure_full: s("my full name"),
            disclosure_initials: s("my initials"),
            disclosure_family: s("a family member"),
            relationship_hint: s(
                "Relationship: parent, spouse, child, sibling, other family, supporter",
            ),
            collected_where: s("Collected at"),
            collected_on: s("Date"),
            privacy_heading: s("Privacy"),
        }
    }

    pub(crate) fn input_for_bench(sheets: u32) -> SheetsInput {
        input("en", sheets)
    }

    fn input(lang: &str, sheets: u32) -> SheetsInput {
        SheetsInput {
            slug: "let-us-see-them".into(),
            organisation: "Peyvand".into(),
            title: if lang == "fa" {
                "بگذارید آنها را ببینیم".into()
            } else {
                "Let us see them".into()
            },
            body: "We ask you to let families visit.\n\nSecond paragraph.".into(),
            addressees: vec!["The Minister".into()],
            form_url: "https://example.org/petitions/let-us-see-them".into(),
            privacy: "Your name is kept encrypted.".into(),
            labels: labels(lang),
            sheets: (1..=sheets)
                .map(|n| Sheet {
                    number: n,
                    receipts: (1..=10).map(|l| format!("AAAA-{n:04}-{l:04}")).collect(),
                })
                .collect(),
            created_at: DateTime::from_timestamp(1_780_000_000, 0).unwrap_or_default(),
        }
    }

    #[test]
    fn sheets_render_one_page_each_and_reproducibly() {
        let fonts = BookFonts::embedded();
        let pdf = render_sheets(&input("en", 3), &fonts).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
        assert_eq!(pdf, render_sheets(&input("en", 3), &fonts).unwrap());
        let fa = render_sheets(&input("fa", 2), &fonts).unwrap();
        assert!(fa.starts_with(b"%PDF"));
        assert_eq!(localise_digits(120, "fa"), "۱۲۰");
        let mut empty = input("en", 1);
        empty.sheets.clear();
        assert!(render_sheets(&empty, &fonts).is_err());
    }
}

#[cfg(test)]
mod bench {
    use super::*;

    /// `cargo test --release -p peyvand-export sheets_benchmark -- --ignored --nocapture`:
    /// typesets 1,000 sheets of ten lines and prints the time (see BENCHMARKS.md).
    #[test]
    #[ignore = "a benchmark: run on purpose, in release"]
    fn sheets_benchmark() {
        let mut input = super::tests::input_for_bench(1_000);
        input.labels.lang = "en".into();
        let started = std::time::Instant::now();
        let pdf = render_sheets(&input, &BookFonts::embedded()).unwrap();
        eprintln!(
            "1,000 sheets: {:.1} s, {} bytes",
            started.elapsed().as_secs_f64(),
            pdf.len()
        );
    }
}
