//! The petition book: typeset with Typst (as a library, no external binary) in the
//! embedded Vazirmatn font, and split into volumes so that memory stays bounded.
//!
//! Volume 1 opens with the cover (title, addressees, edition, cut-off, totals, the signing
//! key's fingerprint), the summary by country and relationship, and the petition text in
//! each language. Then come the numbered signatures, then the letters; every later volume
//! starts with its own title page, and the last one ends with the verification page
//! (Merkle root, key, how to verify). Every page carries the petition title in its running
//! header (the cover in large type) and a page number.
//!
//! Data reaches the template only as Typst values (`sys.inputs`), never as markup, so a
//! name or letter cannot inject Typst code. Direction: the book follows the language of
//! its labels (`fa` → right to left); every name, city, letter and petition text gets its
//! own base direction from its first strong letter, so mixed-direction names read right.

use std::ops::Range;
use std::path::Path;

use typst::foundations::{Array, Bytes, Dict, IntoValue, Value};
use typst::text::Font;
use typst_as_lib::TypstEngine;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use super::text::{Dir, first_strong_dir, paragraphs};
use super::{Count, EditionInput, ExportError, primary_lang, read_font};

/// The Typst template of the book.
const TEMPLATE: &str = include_str!("book.typ");

/// The regular and bold faces of the book's font family.
#[derive(Clone)]
pub struct BookFonts {
    regular: Bytes,
    bold: Bytes,
    family: String,
}

impl std::fmt::Debug for BookFonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BookFonts")
            .field("family", &self.family)
            .finish_non_exhaustive()
    }
}

impl BookFonts {
    /// Vazirmatn Regular and Bold as committed under `static/fonts/`, compiled in.
    #[must_use]
    pub fn embedded() -> Self {
        const REGULAR: &[u8] = include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../static/fonts/Vazirmatn-Regular.ttf"
        ));
        const BOLD: &[u8] = include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../static/fonts/Vazirmatn-Bold.ttf"
        ));
        Self {
            regular: Bytes::new(REGULAR),
            bold: Bytes::new(BOLD),
            family: "Vazirmatn".into(),
        }
    }

    /// Reads `Vazirmatn-Regular.ttf` and `Vazirmatn-Bold.ttf` from `dir`.
    ///
    /// # Errors
    /// [`ExportError::FontMissing`] naming the file that cannot be read,
    /// [`ExportError::FontInvalid`] when it is not a font.
    pub fn from_dir(dir: &Path) -> Result<Self, ExportError> {
        let regular = read_font(&dir.join("Vazirmatn-Regular.ttf"))?;
        let bold = read_font(&dir.join("Vazirmatn-Bold.ttf"))?;
        Self::from_bytes(regular, bold)
    }

    /// The font family's name.
    #[must_use]
    pub fn family(&self) -> &str {
        &self.family
    }

    /// The regular and bold faces, for a Typst engine.
    #[must_use]
    pub fn faces(&self) -> [Bytes; 2] {
        [self.regular.clone(), self.bold.clone()]
    }

    /// Uses the given regular and bold faces (TrueType or OpenType, same family).
    ///
    /// # Errors
    /// [`ExportError::FontInvalid`] when either is not a font, or the families differ.
    pub fn from_bytes(regular: Vec<u8>, bold: Vec<u8>) -> Result<Self, ExportError> {
        let regular = Bytes::new(regular);
        let bold = Bytes::new(bold);
        let family = |bytes: &Bytes, which: &str| {
            Font::new(bytes.clone(), 0)
                .map(|f| f.info().family.clone())
                .ok_or_else(|| ExportError::FontInvalid(which.into()))
        };
        let regular_family = family(&regular, "regular")?;
        if family(&bold, "bold")? != regular_family {
            return Err(ExportError::FontInvalid(
                "bold (it is not of the same family as the regular face)".into(),
            ));
        }
        Ok(Self {
            regular,
            bold,
            family: regular_family,
        })
    }
}

/// What the last page and the cover print about the signed bundle.
#[derive(Debug, Clone)]
pub struct Seal {
    /// Merkle root of the entries, hex.
    pub merkle_root: String,
    /// The organisation's public key, hex.
    pub public_key: String,
    /// [`super::fingerprint`] of that key.
    pub fingerprint: String,
}

impl Seal {
    /// The seal for entries with Merkle root `merkle_root` (hex), signed with `key`.
    #[must_use]
    pub fn new(merkle_root: String, key: &ed25519_dalek::VerifyingKey) -> Self {
        Self {
            merkle_root,
            public_key: hex::encode(key.as_bytes()),
            fingerprint: super::fingerprint(key),
        }
    }

    /// The seal of `input` signed with `key`: computes the Merkle root of its entries
    /// (for rendering the book alone, e.g. a preview; [`super::bundle::build`] does this).
    #[must_use]
    pub fn for_edition(input: &EditionInput, key: &ed25519_dalek::VerifyingKey) -> Self {
        let leaves: Vec<super::merkle::Hash> = input
            .entries
            .iter()
            .map(|e| {
                super::merkle::leaf_hash(super::entries::EntryRecord::from(e).to_line().as_bytes())
            })
            .collect();
        Self::new(hex::encode(super::merkle::root(&leaves)), key)
    }
}

/// The part of the edition one volume holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Volume {
    /// Volume number, from 1.
    pub number: usize,
    /// Indexes into [`EditionInput::entries`].
    pub entries: Range<usize>,
    /// Indexes into [`EditionInput::letters`].
    pub letters: Range<usize>,
}

/// Roughly how many table rows a letter takes: a heading and a line per 80 characters.
fn letter_weight(text: &str) -> usize {
    4 + text.chars().count() / 80
}

/// Rows a scanned letter's image takes (about a page).
const SCAN_WEIGHT: usize = 60;

/// The widest a scan is printed (the text width) and the tallest, in millimetres.
const SCAN_MAX_MM: (f64, f64) = (168.0, 190.0);

/// Splits the edition into volumes of at most `volume_size` rows: signatures first, then
/// letters (which may start in the last volume of signatures). A letter longer than a whole
/// volume gets a volume of its own.
#[must_use]
pub fn plan(input: &EditionInput) -> Vec<Volume> {
    let size = input.options.volume_size.max(1);
    let n = input.entries.len();
    let mut volumes = Vec::new();
    let mut start = 0;
    loop {
        let end = (start + size).min(n);
        volumes.push(Volume {
            number: volumes.len() + 1,
            entries: start..end,
            letters: 0..0,
        });
        start = end;
        if start >= n {
            break;
        }
    }
    let mut used = n - (n - 1) / size * size;
    let mut letter = 0;
    while letter < input.letters.len() {
        let weight = letter_weight(&input.letters[letter].text)
            + input.letters[letter]
                .scan
                .as_ref()
                .map_or(0, |_| SCAN_WEIGHT);
        if used > 0 && used + weight > size {
            volumes.push(Volume {
                number: volumes.len() + 1,
                entries: n..n,
                letters: letter..letter,
            });
            used = 0;
        }
        if let Some(last) = volumes.last_mut() {
            if last.letters.is_empty() {
                last.letters = letter..letter + 1;
            } else {
                last.letters.end = letter + 1;
            }
        }
        used += weight;
        letter += 1;
    }
    volumes
}

/// Whether a scan printed at the text's width would be taller than [`SCAN_MAX_MM`] allows
/// (it is then printed at that height instead).
fn scan_is_tall(scan: &super::LetterScan) -> bool {
    let (w, h) = SCAN_MAX_MM;
    f64::from(scan.height) * w > f64::from(scan.width) * h
}

/// Typesets every volume and returns their PDFs in order.
///
/// # Errors
/// See [`for_each_volume`].
pub fn render_volumes(
    input: &EditionInput,
    fonts: &BookFonts,
    seal: &Seal,
) -> Result<Vec<Vec<u8>>, ExportError> {
    let mut out = Vec::new();
    for_each_volume(input, fonts, seal, |_, pdf| {
        out.push(pdf);
        Ok(())
    })?;
    Ok(out)
}

/// Typesets the volumes one after the other and hands each PDF to `sink` before starting
/// the next, so memory is bounded by one volume (Typst's caches are emptied after each).
///
/// Volumes are typeset on one thread on purpose: Typst's caches are shared between
/// threads, and two volumes typeset at once cost about 40 % more CPU time and nearly twice
/// the memory for at best a 30 % shorter build on two idle cores (see BENCHMARKS.md).
///
/// # Errors
/// The input's [`EditionInput::validate`] errors, [`ExportError::Typeset`] when Typst fails,
/// and whatever `sink` returns.
pub fn for_each_volume(
    input: &EditionInput,
    fonts: &BookFonts,
    seal: &Seal,
    mut sink: impl FnMut(&Volume, Vec<u8>) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    input.validate()?;
    let volumes = plan(input);
    let shared = shared_inputs(input, fonts, seal);
    let engine = engine(fonts);
    for volume in &volumes {
        let pdf = render_one(&engine, input, volume, volumes.len(), &shared)?;
        sink(volume, pdf)?;
    }
    Ok(())
}

/// A Typst engine with the book template and fonts.
fn engine(fonts: &BookFonts) -> TypstEngine<typst_as_lib::TypstTemplateMainFile> {
    TypstEngine::builder()
        .main_file(TEMPLATE)
        .fonts([fonts.regular.clone(), fonts.bold.clone()])
        .build()
}

/// Typesets one volume into a PDF.
fn render_one(
    engine: &TypstEngine<typst_as_lib::TypstTemplateMainFile>,
    input: &EditionInput,
    volume: &Volume,
    volumes: usize,
    shared: &Dict,
) -> Result<Vec<u8>, ExportError> {
    let mut inputs = shared.clone();
    volume_inputs(input, volume, volumes, &mut inputs);
    let typeset_err = |message: String| ExportError::Typeset {
        volume: volume.number,
        message,
    };
    let document: PagedDocument = engine
        .compile_with_input(inputs)
        .output
        .map_err(|e| typeset_err(e.to_string()))?;
    let options = PdfOptions {
        ident: typst::foundations::Smart::Custom(format!(
            "peyvand/{}/edition-{}/volume-{}",
            input.petition.slug, input.edition_number, volume.number
        )),
        timestamp: typst_datetime(input).map(Timestamp::new_utc),
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

/// The cut-off as a Typst datetime (the PDF's creation date).
fn typst_datetime(input: &EditionInput) -> Option<typst::foundations::Datetime> {
    use chrono::{Datelike, Timelike};
    let c = input.cut_off;
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

/// A Typst dictionary from key/value pairs.
fn dict<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    let mut d = Dict::new();
    for (k, v) in pairs {
        d.insert(k.into(), v);
    }
    Value::Dict(d)
}

/// `"rtl"`, `"ltr"` or `""` when the text has the book's own direction (or no letter).
fn dir_flag(text: &str, book: Dir) -> &'static str {
    match first_strong_dir(text) {
        Some(d) if d == book => "",
        Some(Dir::Rtl) => "rtl",
        Some(Dir::Ltr) => "ltr",
        None => "",
    }
}

/// Direction of a body of text by its first letter, else by its language.
fn text_dir(text: &str, lang: &str) -> &'static str {
    match first_strong_dir(text) {
        Some(Dir::Rtl) => "rtl",
        Some(Dir::Ltr) => "ltr",
        None if is_rtl_lang(lang) => "rtl",
        None => "ltr",
    }
}

fn is_rtl_lang(lang: &str) -> bool {
    matches!(
        primary_lang(lang).as_deref(),
        Some("fa" | "ar" | "he" | "ur" | "ps" | "ckb" | "yi" | "dv" | "sd" | "ug")
    )
}

fn paras_value(text: &str) -> Value {
    paragraphs(text)
        .into_iter()
        .map(|lines| {
            Value::Array(
                lines
                    .into_iter()
                    .map(IntoValue::into_value)
                    .collect::<Array>(),
            )
        })
        .collect::<Array>()
        .into_value()
}

fn counts_value(counts: &[Count]) -> Value {
    counts
        .iter()
        .map(|c| {
            Value::Array(Array::from(
                [
                    c.label.clone().into_value(),
                    group_thousands(c.count).into_value(),
                ]
                .as_slice(),
            ))
        })
        .collect::<Array>()
        .into_value()
}

/// `11000` → `11 000`, grouped with a narrow no-break space (the ISO 80000 style), which
/// reads the same in every language of the book, unlike a comma or a dot.
fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{202F}');
        }
        out.push(c);
    }
    out
}

/// The values every volume shares (labels, cover data, seal).
fn shared_inputs(input: &EditionInput, fonts: &BookFonts, seal: &Seal) -> Dict {
    let labels = &input.labels;
    let lang = primary_lang(&labels.lang).unwrap_or_else(|| "en".into());
    let book_dir = if is_rtl_lang(&lang) {
        Dir::Rtl
    } else {
        Dir::Ltr
    };
    let title = input.running_title().to_owned();
    let l = |s: &String| s.clone().into_value();
    let label_dict = dict([
        ("petition_book", l(&labels.petition_book)),
        ("edition", l(&labels.edition)),
        ("volume", l(&labels.volume)),
        ("page", l(&labels.page)),
        ("addressed_to", l(&labels.addressed_to)),
        ("cut_off", l(&labels.cut_off)),
        ("signatures", l(&labels.signatures)),
        ("letters", l(&labels.letters)),
        ("by_country", l(&labels.by_country)),
        ("by_relationship", l(&labels.by_relationship)),
        ("key_fingerprint", l(&labels.key_fingerprint)),
        ("petition_text", l(&labels.petition_text)),
        ("col_number", l(&labels.col_number)),
        ("col_name", l(&labels.col_name)),
        ("col_city", l(&labels.col_city)),
        ("col_country", l(&labels.col_country)),
        ("col_date", l(&labels.col_date)),
        ("col_receipt", l(&labels.col_receipt)),
        ("range", l(&labels.range)),
        ("verification", l(&labels.verification)),
        ("merkle_root", l(&labels.merkle_root)),
        ("public_key", l(&labels.public_key)),
        ("how_to_verify", paras_value(&labels.how_to_verify)),
    ]);
    let texts: Array = input
        .petition
        .texts
        .iter()
        .map(|t| {
            let tl = primary_lang(&t.lang).unwrap_or_else(|| lang.clone());
            dict([
                ("lang", tl.clone().into_value()),
                ("dir", text_dir(&t.title, &tl).into_value()),
                ("title", t.title.clone().into_value()),
                ("paras", paras_value(&t.body)),
            ])
        })
        .collect();
    let addressees: Array = input
        .petition
        .addressees
        .iter()
        .map(|a| {
            Value::Array(Array::from(
                [a.clone().into_value(), dir_flag(a, book_dir).into_value()].as_slice(),
            ))
        })
        .collect();
    let c = input.cut_off;
    let mut d = Dict::new();
    let mut put = |k: &str, v: Value| {
        d.insert(k.into(), v);
    };
    put("labels", label_dict);
    put("font", fonts.family.clone().into_value());
    put("lang", lang.clone().into_value());
    put("rtl", (book_dir == Dir::Rtl).into_value());
    put("title", title.clone().into_value());
    put("title_dir", dir_flag(&title, book_dir).into_value());
    put("texts", texts.into_value());
    put("addressees", addressees.into_value());
    put("organisation", input.organisation.clone().into_value());
    put("edition", i64::from(input.edition_number).into_value());
    put(
        "cut_off",
        c.format("%Y-%m-%d %H:%M UTC").to_string().into_value(),
    );
    put(
        "total",
        group_thousands(input.entries.len() as u64).into_value(),
    );
    put(
        "letters_total",
        group_thousands(input.letters.len() as u64).into_value(),
    );
    put("by_country", counts_value(&input.counts_by_country()));
    put(
        "by_relationship",
        counts_value(&input.counts_by_relationship()),
    );
    put("fingerprint", seal.fingerprint.clone().into_value());
    put(
        "merkle_root",
        super::group_hex(&seal.merkle_root).into_value(),
    );
    put(
        "public_key",
        super::group_hex(&seal.public_key).into_value(),
    );
    put(
        "verify_receipt_example",
        input
            .entries
            .first()
            .map(|e| e.receipt_code.clone())
            .unwrap_or_default()
            .into_value(),
    );
    d
}

/// Adds what is particular to one volume: its place, its rows and its letters.
fn volume_inputs(input: &EditionInput, volume: &Volume, volumes: usize, d: &mut Dict) {
    let book_dir = if is_rtl_lang(&input.labels.lang) {
        Dir::Rtl
    } else {
        Dir::Ltr
    };
    let rows: Array = input.entries[volume.entries.clone()]
        .iter()
        .map(|e| {
            Value::Array(Array::from(
                [
                    e.number.to_string().into_value(),
                    e.display_name.clone().into_value(),
                    e.city.clone().into_value(),
                    e.country.clone().into_value(),
                    e.signed_on.format("%Y-%m-%d").to_string().into_value(),
                    e.receipt_code.clone().into_value(),
                    dir_flag(&e.display_name, book_dir).into_value(),
                    dir_flag(&e.city, book_dir).into_value(),
                    dir_flag(&e.country, book_dir).into_value(),
                    dir_flag(&e.receipt_code, book_dir).into_value(),
                    super::csv::mark(&input.labels, e.channel.as_deref()).into_value(),
                ]
                .as_slice(),
            ))
        })
        .collect();
    let letters: Array = input.letters[volume.letters.clone()]
        .iter()
        .map(|l| {
            let lang = primary_lang(&l.lang).unwrap_or_else(|| "en".into());
            dict([
                ("n", l.entry_number.to_string().into_value()),
                ("signer", l.signer.clone().into_value()),
                ("signer_dir", dir_flag(&l.signer, book_dir).into_value()),
                ("dir", text_dir(&l.text, &lang).into_value()),
                ("lang", lang.into_value()),
                ("paras", paras_value(&l.text)),
                (
                    "mark",
                    if l.paper {
                        input.labels.paper_mark.clone()
                    } else {
                        String::new()
                    }
                    .into_value(),
                ),
                (
                    "scan",
                    l.scan
                        .as_ref()
                        .map_or(Value::None, |s| Value::Bytes(Bytes::new(s.jpeg.clone()))),
                ),
                (
                    "scan_tall",
                    l.scan.as_ref().is_some_and(scan_is_tall).into_value(),
                ),
            ])
        })
        .collect();
    let range = |r: &Range<usize>| -> Value {
        if r.is_empty() {
            Value::None
        } else {
            Array::from(
                [
                    input.entries[r.start].number.to_string().into_value(),
                    input.entries[r.end - 1].number.to_string().into_value(),
                ]
                .as_slice(),
            )
            .into_value()
        }
    };
    d.insert("volume".into(), volume.number.to_string().into_value());
    d.insert("volumes".into(), volumes.to_string().into_value());
    d.insert("cover".into(), (volume.number == 1).into_value());
    d.insert("last".into(), (volume.number == volumes).into_value());
    d.insert("range".into(), range(&volume.entries));
    d.insert("rows".into(), rows.into_value());
    d.insert("letters".into(), letters.into_value());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing;

    #[test]
    fn volumes_respect_the_size_and_cover_everything() {
        let mut input = testing::sample(23, 2);
        input.options.volume_size = 10;
        let volumes = plan(&input);
        assert_eq!(volumes[0].entries, 0..10);
        assert_eq!(volumes[2].entries, 20..23);
        let letters: usize = volumes.iter().map(|v| v.letters.len()).sum();
        assert_eq!(letters, input.letters.len());
        let mut next = 0;
        for v in &volumes {
            if !v.letters.is_empty() {
                assert_eq!(v.letters.start, next);
                next = v.letters.end;
            }
        }
        assert_eq!(group_thousands(1_234_567), "1\u{202F}234\u{202F}567");
        assert_eq!(group_thousands(999), "999");
    }

    #[test]
    fn a_missing_font_is_named() {
        let err = BookFonts::from_dir(Path::new("/nonexistent/fonts")).unwrap_err();
        assert!(matches!(err, ExportError::FontMissing { .. }));
        assert!(
            err.to_string()
                .contains("/nonexistent/fonts/Vazirmatn-Regular.ttf")
        );
        let err = BookFonts::from_bytes(b"not a font".to_vec(), b"x".to_vec()).unwrap_err();
        assert!(err.to_string().contains("regular"));
    }
}
