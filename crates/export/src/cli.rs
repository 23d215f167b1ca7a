//! `peyvand bundle verify BUNDLE.zip [--key PUBKEY | --fingerprint FP] [--receipt CODE]`:
//! the command-line face of [`super::bundle::verify`], printing a report a person can read
//! and exiting non-zero unless the signing key was checked against one the verifier knows.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};

use base64::Engine as _;
use ed25519_dalek::VerifyingKey;

use super::bundle::{self, Inclusion, ReceiptCheck, VerifyError};
use super::group_hex;
use super::merkle::Side;
use super::text::terminal_safe;

/// Why `bundle verify` did not succeed; [`VerifyCliError::exit_code`] gives the status.
///
/// Messages may quote text from the bundle or the command line: they are displayed with
/// terminal control characters and bidi overrides escaped (see `text::terminal_safe`).
#[derive(Debug, thiserror::Error)]
pub enum VerifyCliError {
    /// `--key` is neither a public key nor a file holding one.
    #[error("--key: {}", terminal_safe(.0))]
    Key(String),
    /// The bundle file cannot be opened.
    #[error("cannot open {}: {source}", terminal_safe(&path.display().to_string()))]
    Open {
        /// The path given.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The bundle does not verify.
    #[error("VERIFICATION FAILED: {}", terminal_safe(&.0.to_string()))]
    Verify(#[from] VerifyError),
    /// `--fingerprint` is not a key fingerprint (64 hex digits, spaces allowed).
    #[error(
        "--fingerprint: expected 64 hexadecimal digits (spaces allowed), as printed on the book's cover"
    )]
    FingerprintArg,
    /// The bundle is signed by a key whose fingerprint is not the one given.
    #[error(
        "VERIFICATION FAILED: the bundle is signed by the key with fingerprint {found}, not by the expected key {expected}"
    )]
    WrongFingerprint {
        /// The fingerprint given with `--fingerprint`.
        expected: String,
        /// The fingerprint of the key that signed the manifest.
        found: String,
    },
    /// The bundle is complete, unchanged and validly signed, but nothing tied the signing
    /// key to the organisation: anyone can re-sign a bundle with a key of their own.
    #[error(
        "the signing key was not checked: the signature is valid for the key inside the bundle, which anyone can replace; pass --key PUBKEY or --fingerprint FP (from the book's cover)"
    )]
    KeyNotChecked,
    /// The bundle verifies but has no entry with this receipt code.
    #[error(
        "receipt code {} is NOT included in this edition (the bundle itself verified)",
        terminal_safe(code)
    )]
    ReceiptNotIncluded {
        /// The code looked up.
        code: String,
    },
    /// Writing the report failed.
    #[error("cannot write the report: {0}")]
    Output(#[from] std::io::Error),
}

impl VerifyCliError {
    /// The process exit status: 1 when the bundle fails verification (or is signed by
    /// another key than the one given), 2 for unusable arguments or files, 3 when the
    /// bundle is fine but the receipt is not in it, 4 when the bundle is intact and validly
    /// signed but neither `--key` nor `--fingerprint` was given, so the signer is unknown
    /// (the report ends with "SIGNATURE VALID, KEY NOT CHECKED").
    ///
    /// Only status 0 means "this is the organisation's bundle, unchanged".
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Verify(_) | Self::WrongFingerprint { .. } => 1,
            Self::Key(_) | Self::FingerprintArg | Self::Open { .. } | Self::Output(_) => 2,
            Self::ReceiptNotIncluded { .. } => 3,
            Self::KeyNotChecked => 4,
        }
    }
}

/// Parses `--key`: a 32-byte Ed25519 public key in hex (spaces allowed) or Base64, or the
/// path of a file holding one.
///
/// # Errors
/// [`VerifyCliError::Key`] explaining what was expected.
pub fn parse_public_key(arg: &str) -> Result<VerifyingKey, VerifyCliError> {
    let path = Path::new(arg);
    let text = if path.is_file() {
        let bytes = std::fs::read(path)
            .map_err(|e| VerifyCliError::Key(format!("cannot read {arg}: {e}")))?;
        if bytes.len() == 32 {
            return key_from_bytes(&bytes);
        }
        String::from_utf8(bytes).map_err(|_| {
            VerifyCliError::Key(format!("{arg} holds neither text nor a 32-byte key"))
        })?
    } else {
        arg.to_owned()
    };
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = if compact.len() == 64 && compact.chars().all(|c| c.is_ascii_hexdigit()) {
        hex::decode(&compact).ok()
    } else {
        base64::engine::general_purpose::STANDARD
            .decode(&compact)
            .ok()
    };
    match bytes {
        Some(b) if b.len() == 32 => key_from_bytes(&b),
        _ => Err(VerifyCliError::Key(
            "expected an Ed25519 public key: 64 hex digits, 44 Base64 characters, or a file holding one"
                .into(),
        )),
    }
}

/// Parses `--fingerprint`: the 64 hex digits of a key [`fingerprint`](super::fingerprint),
/// in any case, grouped by spaces or not; returns them lower-case without spaces.
///
/// # Errors
/// [`VerifyCliError::FingerprintArg`].
pub fn parse_fingerprint(arg: &str) -> Result<String, VerifyCliError> {
    let compact: String = arg
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if compact.len() == 64 && compact.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(compact)
    } else {
        Err(VerifyCliError::FingerprintArg)
    }
}

fn key_from_bytes(bytes: &[u8]) -> Result<VerifyingKey, VerifyCliError> {
    let array: [u8; 32] = bytes
        .try_into()
        .map_err(|_| VerifyCliError::Key("an Ed25519 public key has 32 bytes".into()))?;
    VerifyingKey::from_bytes(&array)
        .map_err(|_| VerifyCliError::Key("not a valid Ed25519 public key".into()))
}

/// Runs `bundle verify` and writes its report to `out`. The signing key is checked
/// against `key` (a public key, see [`parse_public_key`]) or `fingerprint` (see
/// [`parse_fingerprint`]); with neither, a bundle that verifies still ends in
/// [`VerifyCliError::KeyNotChecked`], after the report and any receipt proof.
///
/// Everything the report quotes from the bundle (title, slug, organisation, cut-off,
/// receipt, leaf) is passed through `text::terminal_safe`, so a forged bundle cannot send
/// escape sequences or reorder the line on the verifier's terminal. The fingerprint
/// printed is computed from the key that verified the signature, never read from the
/// manifest.
///
/// # Errors
/// See [`VerifyCliError`]; the caller prints it and exits with its
/// [`exit_code`](VerifyCliError::exit_code).
pub fn run_verify_cli(
    path: &Path,
    key: Option<&str>,
    fingerprint: Option<&str>,
    receipt: Option<&str>,
    out: &mut impl Write,
) -> Result<(), VerifyCliError> {
    let expected = key.map(parse_public_key).transpose()?;
    let pinned = fingerprint.map(parse_fingerprint).transpose()?;
    let file = File::open(path).map_err(|source| VerifyCliError::Open {
        path: path.to_owned(),
        source,
    })?;
    let report = bundle::verify(BufReader::new(file), expected.as_ref(), receipt)?;
    let found: String = report
        .key_fingerprint
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if let Some(pinned) = &pinned
        && *pinned != found
    {
        return Err(VerifyCliError::WrongFingerprint {
            expected: group_hex(pinned),
            found: report.key_fingerprint,
        });
    }
    let key_checked = report.key_checked || pinned.is_some();
    let m = &report.manifest;
    let safe = |s: &str| terminal_safe(s).into_owned();
    let title = m.petition.titles.first().map_or("", |t| t.title.as_str());
    writeln!(out, "Bundle:        {}", safe(&path.display().to_string()))?;
    writeln!(
        out,
        "Petition:      {} ({})",
        safe(title),
        safe(&m.petition.slug)
    )?;
    writeln!(
        out,
        "Edition:       {} (cut-off {})",
        m.edition,
        safe(&m.cut_off)
    )?;
    writeln!(out, "Organisation:  {}", safe(&m.organisation))?;
    writeln!(
        out,
        "Contents:      {} signatures, {} letters, {} book volume(s)",
        m.counts.signatures, m.counts.letters, m.counts.volumes
    )?;
    writeln!(
        out,
        "Files:         {} checked, every SHA-256 matches the manifest",
        report.files_checked
    )?;
    writeln!(
        out,
        "Merkle root:   {} (recomputed from {})",
        safe(&m.merkle.root),
        safe(&m.merkle.leaves)
    )?;
    writeln!(out, "Signed by:     {}", report.key_fingerprint)?;
    if key_checked {
        let how = if report.key_checked {
            "the key given with --key"
        } else {
            "the key whose fingerprint was given with --fingerprint"
        };
        writeln!(out, "               = {how}")?;
        writeln!(
            out,
            "OK: the bundle is complete, unchanged and signed by {how}."
        )?;
    } else {
        writeln!(
            out,
            "               WARNING: signature valid, but the key was not compared with a known \
             key — compare this fingerprint with the one printed on the book's cover, or pass \
             --key or --fingerprint"
        )?;
        writeln!(
            out,
            "SIGNATURE VALID, KEY NOT CHECKED: the bundle is complete and unchanged and its \
             manifest is signed by the key above; only the fingerprint on the book's cover (or \
             --key or --fingerprint) shows that this key is the organisation's (exit status 4)."
        )?;
    }
    let checked = || {
        if key_checked {
            Ok(())
        } else {
            Err(VerifyCliError::KeyNotChecked)
        }
    };
    match report.receipt {
        None => checked(),
        Some(ReceiptCheck::NotIncluded { code }) => {
            Err(VerifyCliError::ReceiptNotIncluded { code })
        }
        Some(ReceiptCheck::Included(inclusion)) => {
            let Inclusion {
                entry,
                leaf,
                leaf_hash,
                proof,
                sides,
            } = *inclusion;
            writeln!(out)?;
            writeln!(
                out,
                "Receipt {}: INCLUDED as entry {} of {}",
                safe(&entry.receipt),
                entry.number,
                proof.tree_size
            )?;
            writeln!(
                out,
                "  leaf (line {} of {}): {}",
                proof.leaf_index + 1,
                safe(&m.merkle.leaves),
                safe(&leaf)
            )?;
            writeln!(
                out,
                "  leaf hash SHA-256(0x00 || leaf): {}",
                hex::encode(leaf_hash)
            )?;
            writeln!(
                out,
                "  inclusion proof (RFC 9162 audit path; leaf index {}, tree size {}):",
                proof.leaf_index, proof.tree_size
            )?;
            for (i, (hash, side)) in proof.path.iter().zip(&sides).enumerate() {
                let how = match side {
                    Side::Left => "node = SHA-256(0x01 || sibling || current)",
                    Side::Right => "node = SHA-256(0x01 || current || sibling)",
                };
                writeln!(
                    out,
                    "    {:>2}. sibling {}  {how}",
                    i + 1,
                    hex::encode(hash)
                )?;
            }
            writeln!(
                out,
                "  the path ends at the signed Merkle root {}",
                group_hex(&safe(&m.merkle.root))
            )?;
            checked()
        }
    }
}
