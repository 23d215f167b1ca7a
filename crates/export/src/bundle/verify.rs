//! Verifying a bundle: an unambiguous ZIP archive, the manifest's signature and key, every
//! file's size and hash, the Merkle root over `entries.jsonl` (read line by line), and,
//! with a receipt code, the entry's proof of inclusion.

use std::collections::HashSet;
use std::io::{Read, Seek};

use base64::Engine as _;
use ed25519_dalek::{Signature, VerifyingKey};
use sha2::{Digest, Sha256};
use zip::{ZipArchive, ZipReadOptions};

use super::{
    ENTRIES, FORMAT, MANIFEST, MANIFEST_SIG, MAX_ENTRIES, MAX_LINE, MAX_MANIFEST, MAX_SIGNATURE,
    Manifest,
};
use crate::entries::EntryRecord;
use crate::fingerprint;
use crate::merkle::{self, Hash, InclusionProof, Side};
use crate::text::terminal_safe;

/// Why a bundle does not verify. Every variant that concerns one file names it.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    /// The input is not a readable ZIP archive.
    #[error("the bundle is not a readable ZIP archive (corrupt or truncated?): {0}")]
    NotAZip(String),
    /// The ZIP archive is built so that different programs could see different files in it
    /// (duplicate names, local headers that disagree with the central directory, bytes
    /// hidden before or between entries, overlapping entries, links…). Peyvand never
    /// writes such an archive.
    #[error(
        "the bundle's ZIP structure is ambiguous, so another program could extract other files than the ones checked here: {0}"
    )]
    Ambiguous(String),
    /// The archive holds a name no bundle can hold (a directory, another folder, another
    /// kind of file…); the name is shown with control characters escaped.
    #[error(
        "{0}: not a file a bundle can hold (only README.txt, book/volume-N.pdf, letters/N.txt, signatures.csv, entries.jsonl, manifest.json and manifest.sig)"
    )]
    UnexpectedName(String),
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
    /// The manifest states a key fingerprint that is not the fingerprint of the key it
    /// holds: someone signed with their own key and copied another fingerprint in.
    #[error(
        "manifest.json: it claims the signing key's fingerprint is {stated}, but the fingerprint of the key that signed it is {actual}: the manifest is forged"
    )]
    FingerprintMismatch {
        /// The fingerprint written in the manifest.
        stated: String,
        /// The [`fingerprint`] of the manifest's public key.
        actual: String,
    },
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
    /// The [`fingerprint`] computed from the public key that verified the signature (equal
    /// to the one the manifest states, which [`verify`] checks). This, not anything read
    /// from the bundle, is what a person must compare with the book's cover.
    pub key_fingerprint: String,
    /// Whether the signing key was compared with a key given by the verifier; if not, the
    /// signature is only known to match the key inside the bundle.
    pub key_checked: bool,
    /// Number of files whose hash was checked.
    pub files_checked: usize,
    /// The receipt lookup, when a code was given.
    pub receipt: Option<ReceiptCheck>,
}

/// Verifies a bundle: that the ZIP archive is unambiguous (see [`VerifyError::Ambiguous`]),
/// the manifest's signature (and, if given, that it was made with `expected_key`), that
/// the manifest's key fingerprint is that of its key, the size and SHA-256 of every file,
/// that no file was added or removed, and the Merkle root over `entries.jsonl`. With a
/// receipt code, also looks the entry up and proves its inclusion.
///
/// Memory stays small whatever the bundle claims: files are hashed as they are read,
/// `entries.jsonl` line by line; only with a receipt code are the leaf hashes kept
/// (32 bytes per entry, at most [`MAX_ENTRIES`]).
///
/// # Errors
/// A [`VerifyError`] naming the first file that fails.
pub fn verify<R: Read + Seek>(
    reader: R,
    expected_key: Option<&VerifyingKey>,
    receipt: Option<&str>,
) -> Result<VerifyReport, VerifyError> {
    let mut zip = ZipArchive::new(reader).map_err(|e| VerifyError::NotAZip(e.to_string()))?;
    check_archive(&mut zip)?;
    let manifest_bytes = read_small(&mut zip, MANIFEST, MAX_MANIFEST)?;
    let sig_bytes = read_small(&mut zip, MANIFEST_SIG, MAX_SIGNATURE)?;

    let manifest: Manifest =
        serde_json::from_slice(&manifest_bytes).map_err(|e| malformed(MANIFEST, e))?;
    if manifest.format != FORMAT {
        return Err(malformed(
            MANIFEST,
            format!("unknown format '{}', expected '{FORMAT}'", manifest.format),
        ));
    }
    if manifest.signing_key.algorithm != "Ed25519" {
        return Err(malformed(
            MANIFEST,
            format!(
                "signing_key.algorithm is '{}', expected 'Ed25519'",
                manifest.signing_key.algorithm
            ),
        ));
    }
    let key = parse_key(&manifest.signing_key.public_key).ok_or_else(|| {
        malformed(
            MANIFEST,
            "signing_key.public_key is not an Ed25519 public key",
        )
    })?;
    let key_fingerprint = fingerprint(&key);
    if let Some(expected) = expected_key
        && expected != &key
    {
        return Err(VerifyError::WrongKey {
            expected: fingerprint(expected),
            found: key_fingerprint,
        });
    }
    if manifest.signing_key.fingerprint != key_fingerprint {
        return Err(VerifyError::FingerprintMismatch {
            stated: manifest.signing_key.fingerprint.clone(),
            actual: key_fingerprint,
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
    drop(manifest_bytes);

    // From here on the manifest is authentic (made with `key`): check the files against it.
    check_manifest(&manifest)?;
    let listed: HashSet<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    for name in zip.file_names() {
        let name = name.map_err(|e| VerifyError::NotAZip(e.to_string()))?;
        if name != MANIFEST && name != MANIFEST_SIG && !listed.contains(&*name) {
            return Err(VerifyError::UnexpectedFile(
                terminal_safe(&name).into_owned(),
            ));
        }
    }
    let mut leaves = LeafReader::new(manifest.merkle.size, receipt);
    for file in &manifest.files {
        let found_hash = if file.path == ENTRIES {
            hash_file(&mut zip, &file.path, file.size, &mut |chunk| {
                leaves.feed(chunk)
            })?
        } else {
            hash_file(&mut zip, &file.path, file.size, &mut |_| {})?
        };
        if found_hash != file.sha256 {
            return Err(VerifyError::HashMismatch {
                file: file.path.clone(),
                expected: file.sha256.clone(),
                found: found_hash,
            });
        }
    }
    // Every listed file is present (or hashing it failed), names are unique on both sides
    // and nothing unlisted is in the archive, so the counts must agree: checked anyway, as
    // the one plain rule anyone re-implementing this check can rely on.
    if zip.len() != manifest.files.len() + 2 {
        return Err(VerifyError::Ambiguous(format!(
            "the archive holds {} files, but the manifest lists {} besides manifest.json and manifest.sig",
            zip.len(),
            manifest.files.len()
        )));
    }
    let (root_builder, kept, found) = leaves.finish().map_err(|r| malformed(ENTRIES, r))?;
    let root = hex::encode(root_builder.root());
    if root != manifest.merkle.root || root_builder.len() != manifest.merkle.size {
        return Err(VerifyError::MerkleMismatch {
            size: usize::try_from(root_builder.len()).unwrap_or(usize::MAX),
            expected: manifest.merkle.root.clone(),
            found: root,
        });
    }

    let receipt = match receipt {
        None => None,
        Some(code) => Some(match found {
            None => ReceiptCheck::NotIncluded {
                code: code.trim().to_owned(),
            },
            Some((index, leaf, entry)) => {
                let kept = kept.unwrap_or_default();
                let proof = merkle::prove(&kept, index)
                    .ok_or_else(|| malformed(ENTRIES, "fewer leaves than lines"))?;
                let leaf_hash = kept[index];
                let (_, sides) = proof.walk(&leaf_hash).unwrap_or_default();
                ReceiptCheck::Included(Box::new(Inclusion {
                    entry,
                    leaf,
                    leaf_hash,
                    proof,
                    sides,
                }))
            }
        }),
    };
    Ok(VerifyReport {
        files_checked: manifest.files.len(),
        manifest,
        key_fingerprint,
        key_checked: expected_key.is_some(),
        receipt,
    })
}

/// Whether `name` is one a bundle may hold, exactly
/// `^(README\.txt|book/volume-\d+\.pdf|letters/\d+\.txt|signatures\.csv|entries\.jsonl|manifest\.json|manifest\.sig)$`
/// with ASCII digits: no directory entry, no other folder, nothing a file system could
/// read as another name (case, backslashes, `..`).
pub(crate) fn is_bundle_name(name: &[u8]) -> bool {
    let numbered = |prefix: &[u8], suffix: &[u8]| {
        name.strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
            .is_some_and(|digits| !digits.is_empty() && digits.iter().all(u8::is_ascii_digit))
    };
    matches!(
        name,
        b"README.txt" | b"signatures.csv" | b"entries.jsonl" | b"manifest.json" | b"manifest.sig"
    ) || numbered(b"book/volume-", b".pdf")
        || numbered(b"letters/", b".txt")
}

/// Refuses any archive that another ZIP reader could read differently from this one: a
/// name listed twice in the central directory (this crate keeps the last copy, `unzip`
/// the first), a name outside [`is_bundle_name`], a link, an encrypted entry, an Info-ZIP
/// Unicode name or comment (an alternative name some tools use and others ignore), any
/// byte before the first local header, between entries or before the central directory
/// (where a hidden local header would be found by streaming extractors), overlapping
/// entries, and local headers that disagree with the central directory.
fn check_archive<R: Read + Seek>(zip: &mut ZipArchive<R>) -> Result<(), VerifyError> {
    let ambiguous = |m: String| VerifyError::Ambiguous(m);
    if zip.has_duplicate_names() {
        return Err(ambiguous(
            "its central directory lists the same file name more than once, and ZIP programs \
             disagree on which copy is the file"
                .into(),
        ));
    }
    let mut spans = Vec::with_capacity(zip.len());
    for index in 0..zip.len() {
        let file = zip
            .by_index_raw(index)
            .map_err(|e| VerifyError::NotAZip(e.to_string()))?;
        let raw = file.name_raw();
        let shown = terminal_safe(&String::from_utf8_lossy(raw)).into_owned();
        if !is_bundle_name(raw) {
            return Err(VerifyError::UnexpectedName(shown));
        }
        if file.is_dir() || file.is_symlink() || file.encrypted() {
            return Err(ambiguous(format!(
                "{shown}: not a plain file (directory, link or encrypted)"
            )));
        }
        if file.extra_data_fields().any(|f| {
            matches!(
                f,
                zip::ExtraField::UnicodePath(_) | zip::ExtraField::UnicodeComment(_)
            )
        }) {
            return Err(ambiguous(format!(
                "{shown}: carries a second (Info-ZIP Unicode) name or comment, which some programs use and others ignore"
            )));
        }
        let end = file
            .data_start()
            .and_then(|start| start.checked_add(file.compressed_size()))
            .ok_or_else(|| VerifyError::NotAZip(format!("{shown}: cannot locate its data")))?;
        spans.push((file.header_start(), end, shown));
    }
    spans.sort_unstable();
    let mut cursor = 0_u64;
    for (start, end, name) in spans {
        if start > cursor {
            return Err(ambiguous(format!(
                "{} bytes before the local header of {name} belong to no file",
                start - cursor
            )));
        }
        if start < cursor {
            return Err(ambiguous(format!("{name} overlaps the file before it")));
        }
        cursor = end;
    }
    let directory = zip.central_directory_start();
    if cursor != directory {
        return Err(ambiguous(if cursor < directory {
            format!(
                "{} bytes between the last file and the central directory belong to no file",
                directory - cursor
            )
        } else {
            "the last file overlaps the central directory".into()
        }));
    }
    zip.validate_header_consistency()
        .map_err(|e| ambiguous(terminal_safe(&e.to_string()).into_owned()))
}

/// Checks the rules a (signed) manifest must follow before its files are read: allowed,
/// unique file names, the leaves in `entries.jsonl`, counts that agree with the files, and
/// declared sizes within the limits.
fn check_manifest(manifest: &Manifest) -> Result<(), VerifyError> {
    let bad = |m: String| Err(malformed(MANIFEST, m));
    if manifest.merkle.leaves != ENTRIES {
        return bad(format!(
            "merkle.leaves is '{}', expected '{ENTRIES}'",
            manifest.merkle.leaves
        ));
    }
    let entries = manifest.merkle.size;
    if entries > MAX_ENTRIES {
        return bad(format!(
            "it declares {entries} entries, more than the {MAX_ENTRIES} a bundle may hold"
        ));
    }
    if manifest.counts.signatures != entries {
        return bad(format!(
            "counts.signatures ({}) differs from merkle.size ({entries})",
            manifest.counts.signatures
        ));
    }
    let mut seen = HashSet::with_capacity(manifest.files.len());
    let (mut letters, mut volumes) = (0_u64, 0_u64);
    for file in &manifest.files {
        let path = file.path.as_str();
        if !is_bundle_name(path.as_bytes()) || path == MANIFEST || path == MANIFEST_SIG {
            return bad(format!(
                "it lists '{path}', which is not a file a bundle can hold"
            ));
        }
        if !seen.insert(path) {
            return bad(format!("it lists '{path}' twice"));
        }
        letters += u64::from(path.starts_with("letters/"));
        volumes += u64::from(path.starts_with("book/"));
        if path == ENTRIES && file.size > entries.saturating_mul(MAX_LINE as u64 + 1) {
            return bad(format!(
                "{ENTRIES} is declared as {} bytes, more than {entries} entries of at most {MAX_LINE} bytes can take",
                file.size
            ));
        }
    }
    if !seen.contains(ENTRIES) {
        return bad(format!("it does not list {ENTRIES}"));
    }
    if manifest.counts.letters != letters || manifest.counts.volumes != volumes {
        return bad(format!(
            "counts say {} letters and {} volumes, but it lists {letters} letter files and {volumes} book files",
            manifest.counts.letters, manifest.counts.volumes
        ));
    }
    Ok(())
}

/// Reads `entries.jsonl` as it is hashed, one line at a time (at most [`MAX_LINE`] bytes
/// held): computes the Merkle root on the fly, keeps the leaf hashes only when a receipt
/// is looked up, and keeps only the line with that receipt.
pub(super) struct LeafReader<'a> {
    /// The receipt code looked up, trimmed.
    wanted: Option<&'a str>,
    /// The number of lines the manifest declares (no more are accepted).
    limit: u64,
    line: Vec<u8>,
    root: merkle::RootBuilder,
    leaves: Option<Vec<Hash>>,
    found: Option<(usize, String, EntryRecord)>,
    /// The first problem, reported only if the file's hash matches the manifest.
    error: Option<String>,
}

/// The root, the leaf hashes (when kept) and the entry found for the receipt.
type Leaves = (
    merkle::RootBuilder,
    Option<Vec<Hash>>,
    Option<(usize, String, EntryRecord)>,
);

impl<'a> LeafReader<'a> {
    pub(super) fn new(declared: u64, receipt: Option<&'a str>) -> Self {
        Self {
            wanted: receipt.map(str::trim),
            limit: declared.min(MAX_ENTRIES),
            line: Vec::new(),
            root: merkle::RootBuilder::new(),
            leaves: receipt.map(|_| Vec::new()),
            found: None,
            error: None,
        }
    }

    pub(super) fn feed(&mut self, mut chunk: &[u8]) {
        while self.error.is_none() && !chunk.is_empty() {
            let (part, rest, ends) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (&chunk[..i], &chunk[i + 1..], true),
                None => (chunk, &chunk[chunk.len()..], false),
            };
            if self.line.len() + part.len() > MAX_LINE {
                self.error = Some(format!(
                    "line {} is longer than {MAX_LINE} bytes",
                    self.root.len() + 1
                ));
                return;
            }
            self.line.extend_from_slice(part);
            chunk = rest;
            if ends {
                self.end_line();
            }
        }
    }

    fn end_line(&mut self) {
        let number = self.root.len() + 1;
        if self.line.is_empty() {
            self.error = Some(format!(
                "line {number} is empty (every entry must be one non-empty line ending with a line feed)"
            ));
            return;
        }
        if number > self.limit {
            self.error = Some(format!(
                "it has more lines than the {} entries the manifest declares",
                self.limit
            ));
            return;
        }
        let leaf = merkle::leaf_hash(&self.line);
        let index = usize::try_from(self.root.len()).unwrap_or(usize::MAX);
        if let Some(wanted) = self.wanted
            && self.found.is_none()
        {
            let parsed = std::str::from_utf8(&self.line)
                .map_err(|e| e.to_string())
                .and_then(|text| {
                    EntryRecord::parse(text)
                        .map(|entry| (text, entry))
                        .map_err(|e| e.to_string())
                });
            match parsed {
                Ok((text, entry)) => {
                    if entry.receipt.trim().eq_ignore_ascii_case(wanted) {
                        self.found = Some((index, text.to_owned(), entry));
                    }
                }
                Err(e) => {
                    self.error = Some(format!("line {number}: {e}"));
                    return;
                }
            }
        }
        if let Some(leaves) = self.leaves.as_mut() {
            if leaves.len() == leaves.capacity() {
                // Grow by doubling, but never beyond the declared number of entries.
                let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
                let target = leaves.len().saturating_mul(2).max(1024).min(limit);
                leaves.reserve_exact(target.saturating_sub(leaves.len()).max(1));
            }
            leaves.push(leaf);
        }
        self.root.push(leaf);
        self.line.clear();
    }

    pub(super) fn finish(self) -> Result<Leaves, String> {
        if let Some(error) = self.error {
            return Err(error);
        }
        if !self.line.is_empty() {
            return Err(format!(
                "line {} does not end with a line feed (every entry must be one non-empty line ending with a line feed)",
                self.root.len() + 1
            ));
        }
        Ok((self.root, self.leaves, self.found))
    }
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

/// Opens a file of the archive by its exact name, checking again that its local header
/// agrees with the central directory.
fn open<'z, R: Read + Seek>(
    zip: &'z mut ZipArchive<R>,
    name: &str,
) -> Result<zip::read::ZipFile<'z, R>, VerifyError> {
    let index = zip
        .index_for_name_raw(name.as_bytes())
        .ok_or_else(|| VerifyError::MissingFile(name.into()))?;
    zip.by_index_with_options(
        index,
        ZipReadOptions::new().enforce_header_consistency(true),
    )
    .map_err(|e| VerifyError::Corrupt {
        file: name.into(),
        reason: e.to_string(),
    })
}

/// Reads a small file whole (the manifest and its signature), refusing more than `max`.
fn read_small<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
    max: u64,
) -> Result<Vec<u8>, VerifyError> {
    let file = open(zip, name)?;
    if file.size() > max {
        return Err(malformed(
            name,
            format!("{} bytes, more than the {max} it may have", file.size()),
        ));
    }
    let mut out = Vec::new();
    file.take(max)
        .read_to_end(&mut out)
        .map_err(|e| VerifyError::Corrupt {
            file: name.into(),
            reason: e.to_string(),
        })?;
    Ok(out)
}

/// SHA-256 of a file read in pieces of 64 KiB (never more than `expected_size` + 1 bytes),
/// each piece also given to `sink`. Memory does not depend on the file's size.
fn hash_file<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
    expected_size: u64,
    sink: &mut dyn FnMut(&[u8]),
) -> Result<String, VerifyError> {
    let file = open(zip, name)?;
    let mut reader = file.take(expected_size.saturating_add(1));
    let mut hasher = Sha256::new();
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
        sink(&buf[..n]);
    }
    let mut found = hex::encode(hasher.finalize());
    if total != expected_size {
        found = format!("{found} over {total} bytes instead of {expected_size}");
    }
    Ok(found)
}
