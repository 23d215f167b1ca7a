//! Writing a bundle: the book's volumes typeset one at a time straight into the ZIP, the
//! CSV, `entries.jsonl`, the letters, and the signed manifest, all reproducibly.

use std::io::{Seek, Write};

use base64::Engine as _;
use chrono::{Datelike, Timelike};
use ed25519_dalek::{Signer, SigningKey};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::{
    CSV, ENTRIES, FORMAT, MANIFEST, MANIFEST_SIG, MAX_ENTRIES, MAX_LINE, MAX_MANIFEST, Manifest,
    ManifestCounts, ManifestFile, ManifestKey, ManifestMerkle, ManifestPetition, ManifestTitle,
    README,
};
use crate::book::{self, BookFonts, Seal};
use crate::entries;
use crate::merkle::{self, Hash};
use crate::text::paragraphs;
use crate::{EditionInput, ExportError};

const MERKLE_SCHEME: &str = "RFC 9162 section 2.1 (SHA-256; leaf = SHA-256(0x00 || line), \
    node = SHA-256(0x01 || left || right)); the leaves are the lines of entries.jsonl, in \
    order, without their line feed";

/// What [`build`] produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleSummary {
    /// The Merkle root over the entries, hex.
    pub merkle_root: String,
    /// The signing key's [`fingerprint`](crate::fingerprint).
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
/// is bounded by one volume (see [`crate::ExportOptions::volume_size`]).
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
    let lines = entries::split_lines(&jsonl).unwrap_or_default();
    if lines.len() as u64 > MAX_ENTRIES {
        return Err(ExportError::InvalidInput(format!(
            "{} signatures, more than the {MAX_ENTRIES} a bundle may hold",
            lines.len()
        )));
    }
    if let Some(i) = lines.iter().position(|l| l.len() > MAX_LINE) {
        return Err(ExportError::InvalidInput(format!(
            "entry {} takes more than {MAX_LINE} bytes in entries.jsonl",
            i + 1
        )));
    }
    let leaves: Vec<Hash> = lines.into_iter().map(merkle::leaf_hash).collect();
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

    if let Some(readme) = &input.readme {
        add(&mut zip, README.into(), deflated, readme.as_bytes())?;
    }
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
    crate::csv::write(
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
    if manifest_bytes.len() as u64 > MAX_MANIFEST {
        return Err(ExportError::InvalidInput(format!(
            "the manifest would take {} bytes, more than the {MAX_MANIFEST} verification reads (too many letters?)",
            manifest_bytes.len()
        )));
    }
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
fn letter_file(letter: &crate::Letter, number_label: &str) -> String {
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
