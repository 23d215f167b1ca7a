//! Editions: the pure export core that turns a frozen edition into a petition book (PDF
//! volumes), a CSV, letter files and a signed, verifiable bundle. No Rocket, no database.
//!
//! The caller (a service) loads a frozen edition from the database, resolves each signer's
//! disclosure choice for the officials' copy, translates every fixed string with Fluent
//! and hands the result over as an [`EditionInput`]. Everything here is a deterministic
//! function of that input and the organisation's signing key: building the same edition
//! twice gives byte-identical files (DESIGN §4).
//!
//! Layout of the module:
//! - [`entries`]: the canonical serialisation of a signature entry (one JSON line), which
//!   is both the `entries.jsonl` file and a Merkle leaf;
//! - [`merkle`]: an RFC 9162 (Certificate Transparency) Merkle tree with inclusion proofs;
//! - [`csv`]: the spreadsheet-friendly, formula-injection-safe signature list;
//! - [`book`]: the petition book, typeset with Typst and split into volumes;
//! - [`bundle`]: the signed ZIP bundle, its `manifest.json` and its verification;
//! - [`sheets`]: printable, numbered signature sheets for collecting on paper;
//! - [`cli`]: the `peyvand bundle verify` command, so the binary only calls it.

pub mod book;
pub mod bundle;
pub mod cli;
pub mod csv;
pub mod entries;
pub mod merkle;
pub mod sheets;
mod text;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use ed25519_dalek::VerifyingKey;
use sha2::{Digest, Sha256};

pub use book::{BookFonts, render_volumes};
pub use bundle::{BundleSummary, VerifyError, VerifyReport, build, build_with_progress, verify};
pub use cli::{VerifyCliError, run_verify_cli};

/// Everything needed to produce an edition's files, already resolved and translated.
#[derive(Debug, Clone)]
pub struct EditionInput {
    /// The petition the edition was frozen from.
    pub petition: Petition,
    /// The organisation that runs the campaign and signs the bundle (printed on the cover).
    pub organisation: String,
    /// The edition's number within the petition (1, 2, …).
    pub edition_number: u32,
    /// The cut-off: only signatures verified before this instant are in the edition. It is
    /// also the fixed timestamp of every file (PDF metadata, ZIP entries), which is what
    /// makes builds reproducible.
    pub cut_off: DateTime<Utc>,
    /// The signatures, in book order; `number` must run 1, 2, 3, … without gaps.
    pub entries: Vec<Entry>,
    /// The published letters, each tied to the entry of its signer.
    pub letters: Vec<Letter>,
    /// Every fixed string printed in the book or the CSV header, in the book's language.
    pub labels: Labels,
    /// Options for the layout of the book and the CSV.
    pub options: ExportOptions,
    /// The bundle's `README.txt` (what the files are and how to check them), when given:
    /// written first into the ZIP and listed in the manifest like any other file.
    pub readme: Option<String>,
}

/// The petition's public, multilingual content.
#[derive(Debug, Clone)]
pub struct Petition {
    /// The petition's slug (used in file names and the manifest).
    pub slug: String,
    /// Title and text in each language; the one matching [`Labels::lang`] (or else the
    /// first) gives the running title of every page.
    pub texts: Vec<PetitionText>,
    /// The officials the petition is addressed to, one line each.
    pub addressees: Vec<String>,
}

/// The petition's title and body in one language.
#[derive(Debug, Clone)]
pub struct PetitionText {
    /// BCP 47 language tag (`fa`, `en`, `fr`, `fa-IR`…); only the primary subtag is used.
    pub lang: String,
    /// The title in this language.
    pub title: String,
    /// The body; paragraphs are separated by a blank line.
    pub body: String,
}

/// One verified signature as it appears in the officials' copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Position in the edition, from 1.
    pub number: u64,
    /// The name exactly as the signer chose to show it to officials (full name, initials
    /// or the translated "a family member"), resolved by the caller.
    pub display_name: String,
    /// City, as the signer gave it (may be empty).
    pub city: String,
    /// Country name, translated into the book's language.
    pub country: String,
    /// The day the signature was made (UTC).
    pub signed_on: NaiveDate,
    /// The signer's receipt code (unique within the edition).
    pub receipt_code: String,
    /// The relationship to the detained relative, translated; `None` when not given. Only
    /// counted on the cover: it is not printed next to the name, nor in the CSV or leaves.
    pub relationship: Option<String>,
    /// How the signature reached the organisation when not online (`paper`, `assisted`):
    /// marked in the book, the CSV and `entries.jsonl`. `None` for an online signature.
    pub channel: Option<String>,
}

/// A personal letter published with the petition.
#[derive(Debug, Clone)]
pub struct Letter {
    /// The [`Entry::number`] of the signer who wrote it.
    pub entry_number: u64,
    /// The signer as disclosed (same rule as the entry's display name).
    pub signer: String,
    /// BCP 47 language tag of the letter.
    pub lang: String,
    /// The moderated text; paragraphs are separated by a blank line (may be empty for a
    /// letter on paper that was only scanned).
    pub text: String,
    /// Collected on paper: the book marks it.
    pub paper: bool,
    /// The letter's scan, printed under its text.
    pub scan: Option<LetterScan>,
}

/// A scanned letter: a sanitised JPEG and its size in pixels (for the page layout).
#[derive(Clone)]
pub struct LetterScan {
    /// The JPEG.
    pub jpeg: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}

impl std::fmt::Debug for LetterScan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LetterScan")
            .field("jpeg", &self.jpeg.len())
            .field("width", &self.width)
            .field("height", &self.height)
            .finish()
    }
}

/// Layout options.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The largest volume, in table rows: a signature is one row, a letter counts as the
    /// number of lines it roughly takes (a volume of 2,500 rows has about 60 pages).
    /// Memory while typesetting grows with this number, never with the size of the
    /// edition: about 350 MB peak at 2,500 rows, 170 MB at 1,000 (see BENCHMARKS.md).
    pub volume_size: usize,
    /// Start `signatures.csv` with a UTF-8 byte order mark, so that spreadsheet programs
    /// recognise UTF-8 (Persian names) when the file is opened by double-click.
    pub csv_bom: bool,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            volume_size: 2_500,
            csv_bom: true,
        }
    }
}

/// Every fixed string of the book and the CSV header, supplied (translated) by the caller.
#[derive(Debug, Clone)]
pub struct Labels {
    /// Language of these labels and so of the book (`fa` makes the whole book right to left).
    pub lang: String,
    /// Cover kicker, e.g. "Petition book".
    pub petition_book: String,
    /// "Edition" (followed by the number).
    pub edition: String,
    /// "Volume" (followed by "k / n").
    pub volume: String,
    /// "Page" (followed by the number).
    pub page: String,
    /// "Addressed to".
    pub addressed_to: String,
    /// "Signatures verified up to" (followed by the cut-off).
    pub cut_off: String,
    /// "Signatures" (the total on the cover, the section heading and the manifest count).
    pub signatures: String,
    /// "Letters" (the count on the cover and the section heading).
    pub letters: String,
    /// "Signatures by country".
    pub by_country: String,
    /// "Signatures by relationship to the detained relative".
    pub by_relationship: String,
    /// "Not stated" (relationship not given).
    pub relationship_not_stated: String,
    /// "Fingerprint of the organisation's signing key".
    pub key_fingerprint: String,
    /// "The petition" (section heading of the petition texts).
    pub petition_text: String,
    /// Column header: "No.".
    pub col_number: String,
    /// Column header: "Name".
    pub col_name: String,
    /// Column header: "City".
    pub col_city: String,
    /// Column header: "Country".
    pub col_country: String,
    /// Column header: "Date".
    pub col_date: String,
    /// Column header: "Receipt code".
    pub col_receipt: String,
    /// "Signatures {from} – {to}" is printed as this label followed by the range.
    pub range: String,
    /// Column header of the CSV: "Channel".
    pub col_channel: String,
    /// The mark of a signature collected on paper, e.g. "on paper".
    pub paper_mark: String,
    /// The mark of a signature taken by staff on someone's behalf, e.g. "assisted".
    pub assisted_mark: String,
    /// "Verifying this book" (heading of the last page).
    pub verification: String,
    /// "Fingerprint of the signature list (Merkle root)".
    pub merkle_root: String,
    /// "Organisation's public key (Ed25519)".
    pub public_key: String,
    /// The "how to verify" explanation; paragraphs separated by a blank line.
    pub how_to_verify: String,
}

impl Labels {
    /// English labels: the reference wording for translators, and what tests and the
    /// benchmark use.
    #[must_use]
    pub fn english() -> Self {
        Self {
            lang: "en".into(),
            petition_book: "Petition book".into(),
            edition: "Edition".into(),
            volume: "Volume".into(),
            page: "Page".into(),
            addressed_to: "Addressed to".into(),
            cut_off: "Signatures verified up to".into(),
            signatures: "Signatures".into(),
            letters: "Letters".into(),
            by_country: "Signatures by country".into(),
            by_relationship: "Signatures by relationship to the detained relative".into(),
            relationship_not_stated: "Not stated".into(),
            key_fingerprint: "Fingerprint of the organisation's signing key".into(),
            petition_text: "The petition".into(),
            col_number: "No.".into(),
            col_name: "Name".into(),
            col_city: "City".into(),
            col_country: "Country".into(),
            col_date: "Date".into(),
            col_receipt: "Receipt code".into(),
            range: "Signatures".into(),
            col_channel: "Channel".into(),
            paper_mark: "on paper".into(),
            assisted_mark: "assisted".into(),
            verification: "Verifying this book".into(),
            merkle_root: "Fingerprint of the signature list (Merkle root)".into(),
            public_key: "Organisation's public key (Ed25519)".into(),
            how_to_verify: "This book is part of a digitally signed bundle (a ZIP file) that \
                the organisation can give you on request. The bundle holds this book, the \
                list of signatures as a spreadsheet (CSV), the letters, and a manifest with \
                a SHA-256 hash of every file and the fingerprint of the signature list \
                printed above; the manifest is signed with the organisation's key, whose \
                fingerprint is printed on the cover.\n\n\
                Anyone can check that nothing was added, removed or changed with the \
                command below. Every signer received a receipt code; giving it with \
                --receipt proves that their signature is part of this edition without \
                revealing anyone else."
                .into(),
        }
    }
}

/// A line of the cover's summary tables.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Count {
    /// The country or relationship, as printed.
    pub label: String,
    /// Number of signatures.
    pub count: u64,
}

/// Why an edition could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The edition has no signature: there is nothing to hand over.
    #[error("edition {edition} of petition '{slug}' has no signatures: there is nothing to export")]
    EmptyEdition {
        /// The petition's slug.
        slug: String,
        /// The edition number.
        edition: u32,
    },
    /// The input breaks a rule (numbering, unique receipts, language tags…).
    #[error("invalid edition input: {0}")]
    InvalidInput(String),
    /// A font file is missing or unreadable.
    #[error("font file {path} cannot be read: {reason}")]
    FontMissing {
        /// The path that was tried.
        path: PathBuf,
        /// The I/O error.
        reason: String,
    },
    /// Font bytes were given but are not a usable font.
    #[error("font {0} is not a valid TrueType/OpenType font")]
    FontInvalid(String),
    /// Typst could not typeset a volume (a bug in the template or an unusable input).
    #[error("typesetting volume {volume} failed: {message}")]
    Typeset {
        /// Volume number, from 1.
        volume: usize,
        /// Typst's diagnostics.
        message: String,
    },
    /// Writing the CSV failed.
    #[error("writing the CSV failed: {0}")]
    Csv(String),
    /// Writing the ZIP bundle failed.
    #[error("writing the bundle failed: {0}")]
    Zip(String),
    /// Writing to the output failed.
    #[error("I/O error while exporting: {0}")]
    Io(#[from] std::io::Error),
}

/// The fingerprint of a public key as printed on the cover and the public page: SHA-256 of
/// the 32 raw key bytes, as 16 groups of four lower-case hex digits separated by spaces.
#[must_use]
pub fn fingerprint(key: &VerifyingKey) -> String {
    group_hex(&hex::encode(Sha256::digest(key.as_bytes())))
}

/// Groups a hex string in blocks of four separated by spaces, for people to compare.
#[must_use]
pub fn group_hex(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The primary subtag of a BCP 47 tag (`fa-IR` → `fa`), or `None` if it is not 2–3 letters.
pub(crate) fn primary_lang(tag: &str) -> Option<String> {
    let primary = tag.split(['-', '_']).next().unwrap_or_default();
    ((2..=3).contains(&primary.len()) && primary.chars().all(|c| c.is_ascii_alphabetic()))
        .then(|| primary.to_ascii_lowercase())
}

impl EditionInput {
    /// The title printed on every page: the one in the book's language, else the first.
    #[must_use]
    pub fn running_title(&self) -> &str {
        let book = primary_lang(&self.labels.lang);
        self.petition
            .texts
            .iter()
            .find(|t| primary_lang(&t.lang) == book)
            .or_else(|| self.petition.texts.first())
            .map_or(self.petition.slug.as_str(), |t| t.title.as_str())
    }

    /// Signatures per country, most first (ties by name), as on the cover.
    #[must_use]
    pub fn counts_by_country(&self) -> Vec<Count> {
        sorted_counts(self.entries.iter().map(|e| e.country.as_str()))
    }

    /// Signatures per relationship, most first; "not stated" counts those who gave none.
    #[must_use]
    pub fn counts_by_relationship(&self) -> Vec<Count> {
        let not_stated = self.labels.relationship_not_stated.as_str();
        sorted_counts(
            self.entries
                .iter()
                .map(|e| e.relationship.as_deref().unwrap_or(not_stated)),
        )
    }

    /// Checks the rules every export relies on.
    ///
    /// # Errors
    /// [`ExportError::EmptyEdition`] with no signature; [`ExportError::InvalidInput`] when
    /// numbers do not run 1, 2, 3…, a receipt code is empty or repeated, a letter points to
    /// no entry, a language tag is unusable or the volume size is zero.
    pub fn validate(&self) -> Result<(), ExportError> {
        let invalid = |m: String| Err(ExportError::InvalidInput(m));
        if self.entries.is_empty() {
            return Err(ExportError::EmptyEdition {
                slug: self.petition.slug.clone(),
                edition: self.edition_number,
            });
        }
        if self.petition.slug.is_empty()
            || !self
                .petition
                .slug
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return invalid(format!(
                "petition slug '{}' must be non-empty ASCII letters, digits, '-' or '_'",
                self.petition.slug
            ));
        }
        if self.petition.texts.is_empty() {
            return invalid("the petition has no title or text in any language".into());
        }
        if self.options.volume_size == 0 {
            return invalid("volume size must be at least 1".into());
        }
        if primary_lang(&self.labels.lang).is_none() {
            return invalid(format!(
                "book language '{}' is not a language tag",
                self.labels.lang
            ));
        }
        for t in &self.petition.texts {
            if primary_lang(&t.lang).is_none() {
                return invalid(format!(
                    "petition text language '{}' is not a language tag",
                    t.lang
                ));
            }
        }
        let mut receipts = HashSet::with_capacity(self.entries.len());
        for (i, e) in self.entries.iter().enumerate() {
            if e.number != i as u64 + 1 {
                return invalid(format!(
                    "entry numbers must run 1, 2, 3… in order; position {} has number {}",
                    i + 1,
                    e.number
                ));
            }
            if e.receipt_code.trim().is_empty() {
                return invalid(format!("entry {} has an empty receipt code", e.number));
            }
            if !receipts.insert(e.receipt_code.trim().to_ascii_uppercase()) {
                return invalid(format!(
                    "receipt code of entry {} appears twice in the edition",
                    e.number
                ));
            }
        }
        let count = self.entries.len() as u64;
        let mut previous = 0;
        for l in &self.letters {
            if l.entry_number == 0 || l.entry_number > count {
                return invalid(format!(
                    "a letter belongs to entry {}, which is not in the edition",
                    l.entry_number
                ));
            }
            if l.entry_number <= previous {
                return invalid(format!(
                    "letters must be in entry order with at most one per entry (entry {})",
                    l.entry_number
                ));
            }
            previous = l.entry_number;
            if primary_lang(&l.lang).is_none() {
                return invalid(format!(
                    "the letter of entry {} has language '{}', which is not a language tag",
                    l.entry_number, l.lang
                ));
            }
        }
        Ok(())
    }
}

fn sorted_counts<'a>(labels: impl Iterator<Item = &'a str>) -> Vec<Count> {
    let mut map: BTreeMap<&str, u64> = BTreeMap::new();
    for l in labels {
        *map.entry(l).or_default() += 1;
    }
    let mut counts: Vec<Count> = map
        .into_iter()
        .map(|(label, count)| Count {
            label: label.to_owned(),
            count,
        })
        .collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.label.cmp(&b.label)));
    counts
}

/// Reads a font file, naming the path when it is missing.
fn read_font(path: &Path) -> Result<Vec<u8>, ExportError> {
    std::fs::read(path).map_err(|e| ExportError::FontMissing {
        path: path.to_owned(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
pub(crate) mod testing;
