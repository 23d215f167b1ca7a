//! The signed bundle: a ZIP holding the book's volumes, `signatures.csv`, `entries.jsonl`,
//! the letters as text files and `manifest.json`, signed in `manifest.sig`; and its
//! verification.
//!
//! `manifest.json` records the petition and edition, the counts, the size and SHA-256 of
//! every other file, the Merkle root over the lines of `entries.jsonl` (see
//! [`super::merkle`] and [`super::entries`]) and the organisation's public key.
//! `manifest.sig` is the Base64 Ed25519 signature of the exact bytes of `manifest.json`.
//!
//! Reproducible: every ZIP entry carries the edition's cut-off as its time, Unix
//! permissions 0644, a fixed compression (PDFs stored, being compressed already; text
//! deflated at level 6), in a fixed order; the PDFs take their metadata from the edition.

use std::io::{Read, Seek, Write};

use base64::Engine as _;
use chrono::{Datelike, Timelike};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::book::{self, BookFonts, Seal};
use super::entries::{self, EntryRecord};
use super::merkle::{self, Hash, InclusionProof, Side};
use super::text::paragraphs;
use super::{Count, EditionInput, ExportError, fingerprint};

/// Name of the manifest inside the bundle.
pub const MANIFEST: &str = "manifest.json";
/// Name of the manifest's signature inside the bundle.
pub const MANIFEST_SIG: &str = "manifest.sig";
/// Name of the canonical entry list (the Merkle leaves).
pub const ENTRIES: &str = "entries.jsonl";
/// Name of the CSV.
pub const CSV: &str = "signatures.csv";
/// The manifest format this code writes and reads.
pub const FORMAT: &str = "peyvand-edition-bundle/1";

/// The largest `manifest.json` or `manifest.sig` verification will read.
const MAX_MANIFEST: u64 = 64 << 20;

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The petition.
    pub petition: ManifestPetition,
    /// The organisation that signed the bundle.
    pub organisation: String,
    /// The edition number.
    pub edition: u32,
    /// The cut-off, RFC 3339 in UTC.
    pub cut_off: String,
    /// Totals and breakdowns, as on the cover.
    pub counts: ManifestCounts,
    /// The Merkle tree over the entries.
    pub merkle: ManifestMerkle,
    /// The key that signed this manifest.
    pub signing_key: ManifestKey,
    /// Every file of the bundle except the manifest and its signature, in bundle order.
    pub files: Vec<ManifestFile>,
}

/// The petition part of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestPetition {
    /// Slug.
    pub slug: String,
    /// Title per language.
    pub titles: Vec<ManifestTitle>,
    /// Addressees.
    pub addressees: Vec<String>,
}

/// A title in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestTitle {
    /// Language tag.
    pub lang: String,
    /// Title.
    pub title: String,
}

/// Counts of the edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestCounts {
    /// Number of signatures (entries).
    pub signatures: u64,
    /// Number of letters.
    pub letters: u64,
    /// Number of book volumes.
    pub volumes: u64,
    /// Signatures per country.
    pub by_country: Vec<Count>,
    /// Signatures per relationship.
    pub by_relationship: Vec<Count>,
}

/// The Merkle tree part of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestMerkle {
    /// How the tree is built, in words.
    pub scheme: String,
    /// The file whose lines are the leaves.
    pub leaves: String,
    /// Number of leaves.
    pub size: u64,
    /// The root, hex.
    pub root: String,
}

/// The signing key part of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestKey {
    /// Always `Ed25519`.
    pub algorithm: String,
    /// The 32-byte public key, hex.
    pub public_key: String,
    /// Its [`fingerprint`].
    pub fingerprint: String,
}

/// One file of the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    /// Path inside the ZIP.
    pub path: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, hex.
    pub sha256: String,
}

const MERKLE_SCHEME: &str = "RFC 9162 section 2.1 (SHA-256; leaf = SHA-256(0x00 || line), \
    node = SHA-256(0x01 || left || right)); the leaves are the lines of entries.jsonl, in \
    order, without their line feed";

/// What [`build`] produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleSummary {
    /// The Merkle root over the entries, hex.
    pub merkle_root: String,
    /// The signing key's [`fingerprint`].
    pub key_fingerprint: String,
    /// SHA-256 of `manifest.json`, hex (identifies the whole bundle).
    pub manifest_sha256: String,
    /// Every file with its size and hash, as in the manifest.
    pub files: Vec<ManifestFile>,
    /// Number of book volumes.
    pub volumes: usize,
}

/// Builds the signed bundle for `input` into `out`.
///
/// The volumes are typeset one at a time and written straight into the ZIP, so memory
/// is bounded by one volume (see [`super::ExportOptions::volume_size`]).
///
/// # Errors
/// The input's [`EditionInput::validate`] errors (e.g. no signatures), typesetting errors,
/// and I/O or ZIP errors while writing.
pub fn build<W: Write + Seek>(
    input: &EditionInput,
    fonts: &BookFonts,
    signing_key: &SigningKey,
    out: W,
) -> Result<BundleSummary, ExportError> {
    build_with_progress(input, fonts, signing_key, out, &mut |_, _| {})
}

/// As [`build`], calling `progress(volumes done, volumes)` before the first and after each
/// book volume.
///
/// # Errors
/// As [`build`].
pub fn build_with_progress<W: Write + Seek>(
    input: &EditionInput,
    fonts: &BookFonts,
    signing_key: &SigningKey,
    out: W,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BundleSummary, ExportError> {
    input.validate()?;
    let verifying_key = signing_key.verifying_key();
    let jsonl = entries::to_jsonl(&input.entries);
    let leaves: Vec<Hash> = entries::split_lines(&jsonl)
        .unwrap_or_default()
        .into_iter()
        .map(merkle::leaf_hash)
        .collect();
    let root = hex::encode(merkle::root(&leaves));
    drop(leaves);
    let seal = Seal::new(root.clone(), &verifying_key);

    let time = zip_time(input);
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(time)
        .unix_permissions(0o644)
        .system(zip::System::Unix)
        .large_file(false);
    let deflated = stored
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6));
    let mut zip = ZipWriter::new(out);
    let mut files = Vec::new();
    let mut add = |zip: &mut ZipWriter<W>,
                   path: String,
                   options: SimpleFileOptions,
                   bytes: &[u8]|
     -> Result<(), ExportError> {
        zip.start_file(path.as_str(), options).map_err(zip_err)?;
        zip.write_all(bytes)?;
        files.push(ManifestFile {
            path,
            size: bytes.len() as u64,
            sha256: hex::encode(Sha256::digest(bytes)),
        });
        Ok(())
    };

    let volumes = book::plan(input).len();
    let width = volumes.to_string().len().max(2);
    progress(0, volumes);
    book::for_each_volume(input, fonts, &seal, |volume, pdf| {
        let path = format!("book/volume-{:0width$}.pdf", volume.number);
        add(&mut zip, path, stored, &pdf)?;
        progress(volume.number, volumes);
        Ok(())
    })?;
    let mut csv = Vec::with_capacity(jsonl.len());
    super::csv::write(
        &input.entries,
        &input.labels,
        input.options.csv_bom,
        &mut csv,
    )?;
    add(&mut zip, CSV.into(), deflated, &csv)?;
    drop(csv);
    add(&mut zip, ENTRIES.into(), deflated, &jsonl)?;
    let width = input.entries.len().to_string().len().max(4);
    for letter in &input.letters {
        let path = format!("letters/{:0width$}.txt", letter.entry_number);
        add(
            &mut zip,
            path,
            deflated,
            letter_file(letter, &input.labels.col_number).as_bytes(),
        )?;
    }

    let manifest = Manifest {
        format: FORMAT.into(),
        petition: ManifestPetition {
            slug: input.petition.slug.clone(),
            titles: input
                .petition
                .texts
                .iter()
                .map(|t| ManifestTitle {
                    lang: t.lang.clone(),
                    title: t.title.clone(),
                })
                .collect(),
            addressees: input.petition.addressees.clone(),
        },
        organisation: input.organisation.clone(),
        edition: input.edition_number,
        cut_off: input
            .cut_off
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        counts: ManifestCounts {
            signatures: input.entries.len() as u64,
            letters: input.letters.len() as u64,
            volumes: volumes as u64,
            by_country: input.counts_by_country(),
            by_relationship: input.counts_by_relationship(),
        },
        merkle: ManifestMerkle {
            scheme: MERKLE_SCHEME.into(),
            leaves: ENTRIES.into(),
            size: input.entries.len() as u64,
            root: root.clone(),
        },
        signing_key: ManifestKey {
            algorithm: "Ed25519".into(),
            public_key: seal.public_key.clone(),
            fingerprint: seal.fingerprint.clone(),
        },
        files,
    };
    let mut manifest_bytes =
        serde_json::to_vec_pretty(&manifest).map_err(|e| ExportError::Zip(e.to_string()))?;
    manifest_bytes.push(b'\n');
    let signature = signing_key.sign(&manifest_bytes);
    let sig_text = format!(
        "{}\n",
        base64::engine::general_purpose::STANDARD.encode(signature.to_bytes())
    );
    zip.start_file(MANIFEST, deflated).map_err(zip_err)?;
    zip.write_all(&manifest_bytes)?;
    zip.start_file(MANIFEST_SIG, deflated).map_err(zip_err)?;
    zip.write_all(sig_text.as_bytes())?;
    zip.finish().map_err(zip_err)?;

    Ok(BundleSummary {
        merkle_root: root,
        key_fingerprint: seal.fingerprint,
        manifest_sha256: hex::encode(Sha256::digest(&manifest_bytes)),
        files: manifest.files,
        volumes,
    })
}

fn zip_err(e: zip::result::ZipError) -> ExportError {
    ExportError::Zip(e.to_string())
}

/// The ZIP timestamp of every entry: the cut-off (clamped into the years ZIP can store).
fn zip_time(input: &EditionInput) -> zip::DateTime {
    let c = input.cut_off;
    let year = u16::try_from(c.year().clamp(1980, 2107)).unwrap_or(1980);
    let two = |v: u32| u8::try_from(v).unwrap_or_default();
    zip::DateTime::from_date_and_time(
        year,
        two(c.month()),
        two(c.day()),
        two(c.hour()),
        two(c.minute()),
        two(c.second()),
    )
    .unwrap_or_default()
}

/// A letter as a text file: the text, then the signer as disclosed and the entry number.
fn letter_file(letter: &super::Letter, number_label: &str) -> String {
    let mut out = String::new();
    for p in paragraphs(&letter.text) {
        out.push_str(&p.join("\n"));
        out.push_str("\n\n");
    }
    out.push_str(&format!(
        "— {} ({} {})\n",
        letter.signer, number_label, letter.entry_number
    ));
    out
}

/// Why a bundle does not verify. Every variant that concerns one file names it.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The input is not a readable ZIP archive.
    #[error("the bundle is not a readable ZIP archive (corrupt or truncated?): {0}")]
    NotAZip(String),
    /// A file the manifest lists (or the manifest itself) is not in the archive.
    #[error("{0}: missing from the bundle (removed?)")]
    MissingFile(String),
    /// The archive holds a file the manifest does not list.
    #[error("{0}: in the bundle but not listed in the manifest (added?)")]
    UnexpectedFile(String),
    /// A file cannot be read from the archive (bad compressed data or checksum).
    #[error("{file}: damaged inside the archive: {reason}")]
    Corrupt {
        /// Path inside the ZIP.
        file: String,
        /// What the ZIP reader said.
        reason: String,
    },
    /// A file is not in the expected format.
    #[error("{file}: malformed: {reason}")]
    Malformed {
        /// Path inside the ZIP.
        file: String,
        /// What is wrong.
        reason: String,
    },
    /// A file's size or SHA-256 differs from the manifest.
    #[error(
        "{file}: content differs from the manifest (expected SHA-256 {expected}, found {found}): the file was changed"
    )]
    HashMismatch {
        /// Path inside the ZIP.
        file: String,
        /// Hash in the manifest.
        expected: String,
        /// Hash of the file.
        found: String,
    },
    /// The entries do not give the manifest's Merkle root.
    #[error(
        "entries.jsonl: the Merkle root of its {size} entries is {found}, the manifest says {expected}"
    )]
    MerkleMismatch {
        /// Number of entries found.
        size: usize,
        /// Root in the manifest.
        expected: String,
        /// Root recomputed.
        found: String,
    },
    /// The signature does not match the manifest.
    #[error(
        "manifest.sig: the signature does not match manifest.json (one of them was changed, or they were not signed together)"
    )]
    BadSignature,
    /// The bundle is signed by another key than the one expected.
    #[error(
        "manifest.json: signed by the key with fingerprint {found}, not by the expected key {expected}"
    )]
    WrongKey {
        /// Fingerprint of the expected key.
        expected: String,
        /// Fingerprint of the key in the manifest.
        found: String,
    },
    /// Reading the bundle failed.
    #[error("cannot read the bundle: {0}")]
    Io(#[from] std::io::Error),
}

/// The outcome of looking up a receipt code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiptCheck {
    /// The entry is in the edition; the proof links its leaf to the signed root.
    Included(Box<Inclusion>),
    /// No entry of the edition has this receipt code.
    NotIncluded {
        /// The code looked up.
        code: String,
    },
}

/// An entry found by its receipt code, with the proof that it is under the signed root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inclusion {
    /// The entry as published.
    pub entry: EntryRecord,
    /// Its leaf (the `entries.jsonl` line).
    pub leaf: String,
    /// `SHA-256(0x00 || leaf)`.
    pub leaf_hash: Hash,
    /// The audit path.
    pub proof: InclusionProof,
    /// Which side each sibling is on.
    pub sides: Vec<Side>,
}

/// What a successful verification established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    /// The (signature-checked) manifest.
    pub manifest: Manifest,
    /// Whether the signing key was compared with a key given by the verifier; if not, the
    /// signature is only known to match the key inside the bundle.
    pub key_checked: bool,
    /// Number of files whose hash was checked.
    pub files_checked: usize,
    /// The receipt lookup, when a code was given.
    pub receipt: Option<ReceiptCheck>,
}

/// Verifies a bundle: the archive, the manifest's signature (and, if given, that it was
/// made with `expected_key`), the size and SHA-256 of every file, that no file was added or
/// removed, and the Merkle root over `entries.jsonl`. With a receipt code, also looks the
/// entry up and proves its inclusion.
///
/// # Errors
/// A [`VerifyError`] naming the first file that fails.
pub fn verify<R: Read + Seek>(
    reader: R,
    expected_key: Option<&VerifyingKey>,
    receipt: Option<&str>,
) -> Result<VerifyReport, VerifyError> {
    let mut zip = ZipArchive::new(reader).map_err(|e| VerifyError::NotAZip(e.to_string()))?;
    let manifest_bytes = read_small(&mut zip, MANIFEST)?;
    let sig_bytes = read_small(&mut zip, MANIFEST_SIG)?;

    let manifest: Manifest =
        serde_json::from_slice(&manifest_bytes).map_err(|e| malformed(MANIFEST, e))?;
    if manifest.format != FORMAT {
        return Err(malformed(
            MANIFEST,
            format!("unknown format '{}', expected '{FORMAT}'", manifest.format),
        ));
    }
    let key = parse_key(&manifest.signing_key.public_key).ok_or_else(|| {
        malformed(
            MANIFEST,
            "signing_key.public_key is not an Ed25519 public key",
        )
    })?;
    if let Some(expected) = expected_key
        && expected != &key
    {
        return Err(VerifyError::WrongKey {
            expected: fingerprint(expected),
            found: fingerprint(&key),
        });
    }
    let sig_text = std::str::from_utf8(&sig_bytes).map_err(|e| malformed(MANIFEST_SIG, e))?;
    let sig: [u8; 64] = base64::engine::general_purpose::STANDARD
        .decode(sig_text.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| malformed(MANIFEST_SIG, "not a Base64 Ed25519 signature"))?;
    key.verify_strict(&manifest_bytes, &Signature::from_bytes(&sig))
        .map_err(|_| VerifyError::BadSignature)?;

    // From here on the manifest is authentic: check the files against it.
    let listed: std::collections::HashSet<&str> =
        manifest.files.iter().map(|f| f.path.as_str()).collect();
    for name in zip.file_names() {
        let name = name.map_err(|e| VerifyError::NotAZip(e.to_string()))?;
        if name != MANIFEST
            && name != MANIFEST_SIG
            && !name.ends_with('/')
            && !listed.contains(&*name)
        {
            return Err(VerifyError::UnexpectedFile(name.into_owned()));
        }
    }
    let mut jsonl = None;
    for file in &manifest.files {
        let keep = file.path == manifest.merkle.leaves;
        let (found_hash, bytes) = hash_file(&mut zip, &file.path, file.size, keep)?;
        if found_hash != file.sha256 {
            return Err(VerifyError::HashMismatch {
                file: file.path.clone(),
                expected: file.sha256.clone(),
                found: found_hash,
            });
        }
        if keep {
            jsonl = bytes;
        }
    }
    let leaves_file = manifest.merkle.leaves.clone();
    let jsonl =
        jsonl.ok_or_else(|| malformed(MANIFEST, format!("it does not list {leaves_file}")))?;
    let lines = entries::split_lines(&jsonl).ok_or_else(|| {
        malformed(
            ENTRIES,
            "every entry must be one non-empty line ending with a line feed",
        )
    })?;
    let leaves: Vec<Hash> = lines.iter().map(|l| merkle::leaf_hash(l)).collect();
    let root = hex::encode(merkle::root(&leaves));
    if root != manifest.merkle.root || leaves.len() as u64 != manifest.merkle.size {
        return Err(VerifyError::MerkleMismatch {
            size: leaves.len(),
            expected: manifest.merkle.root.clone(),
            found: root,
        });
    }

    let receipt = match receipt {
        None => None,
        Some(code) => Some(find_receipt(&lines, &leaves, code)?),
    };
    Ok(VerifyReport {
        files_checked: manifest.files.len(),
        manifest,
        key_checked: expected_key.is_some(),
        receipt,
    })
}

/// Looks `code` up among the entries (ignoring surrounding spaces and ASCII case) and
/// builds its inclusion proof.
fn find_receipt(lines: &[&[u8]], leaves: &[Hash], code: &str) -> Result<ReceiptCheck, VerifyError> {
    let wanted = code.trim();
    for (i, line) in lines.iter().enumerate() {
        let text = std::str::from_utf8(line)
            .map_err(|e| malformed(ENTRIES, format!("line {}: {e}", i + 1)))?;
        let entry = EntryRecord::parse(text)
            .map_err(|e| malformed(ENTRIES, format!("line {}: {e}", i + 1)))?;
        if entry.receipt.trim().eq_ignore_ascii_case(wanted) {
            let proof = merkle::prove(leaves, i)
                .ok_or_else(|| malformed(ENTRIES, "fewer leaves than lines"))?;
            let (_, sides) = proof.walk(&leaves[i]).unwrap_or_default();
            return Ok(ReceiptCheck::Included(Box::new(Inclusion {
                entry,
                leaf: text.to_owned(),
                leaf_hash: leaves[i],
                proof,
                sides,
            })));
        }
    }
    Ok(ReceiptCheck::NotIncluded {
        code: wanted.to_owned(),
    })
}

fn malformed(file: &str, reason: impl std::fmt::Display) -> VerifyError {
    VerifyError::Malformed {
        file: file.into(),
        reason: reason.to_string(),
    }
}

/// Parses a hex public key.
fn parse_key(hex_key: &str) -> Option<VerifyingKey> {
    let bytes: [u8; 32] = hex::decode(hex_key).ok()?.try_into().ok()?;
    VerifyingKey::from_bytes(&bytes).ok()
}

fn open_error(name: &str, e: zip::result::ZipError) -> VerifyError {
    match e {
        zip::result::ZipError::FileNotFound => VerifyError::MissingFile(name.into()),
        other => VerifyError::Corrupt {
            file: name.into(),
            reason: other.to_string(),
        },
    }
}

/// Reads a small file whole (the manifest and its signature).
fn read_small<R: Read + Seek>(zip: &mut ZipArchive<R>, name: &str) -> Result<Vec<u8>, VerifyError> {
    let file = zip.by_name(name).map_err(|e| open_error(name, e))?;
    if file.size() > MAX_MANIFEST {
        return Err(malformed(name, "too large"));
    }
    let mut out = Vec::new();
    file.take(MAX_MANIFEST)
        .read_to_end(&mut out)
        .map_err(|e| VerifyError::Corrupt {
            file: name.into(),
            reason: e.to_string(),
        })?;
    Ok(out)
}

/// SHA-256 of a file read in pieces (never more than `expected_size` + 1 bytes, so a
/// forged size cannot exhaust memory); with `keep`, also its bytes.
fn hash_file<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
    expected_size: u64,
    keep: bool,
) -> Result<(String, Option<Vec<u8>>), VerifyError> {
    let file = zip.by_name(name).map_err(|e| open_error(name, e))?;
    let mut reader = file.take(expected_size.saturating_add(1));
    let mut hasher = Sha256::new();
    let mut kept = keep.then(Vec::new);
    let mut buf = vec![0; 64 * 1024];
    let mut total = 0_u64;
    loop {
        let n = reader.read(&mut buf).map_err(|e| VerifyError::Corrupt {
            file: name.into(),
            reason: e.to_string(),
        })?;
        if n == 0 {
            break;
        }
        total += n as u64;
        hasher.update(&buf[..n]);
        if let Some(k) = kept.as_mut() {
            k.extend_from_slice(&buf[..n]);
        }
    }
    let mut found = hex::encode(hasher.finalize());
    if total != expected_size {
        found = format!("{found} over {total} bytes instead of {expected_size}");
    }
    Ok((found, kept))
}

#[cfg(test)]
mod tests;
