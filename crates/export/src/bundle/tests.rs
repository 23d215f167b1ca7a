//! Tests of the bundle: reproducibility, verification and every way it must fail.

use std::io::{Cursor, Read, Write};
use std::sync::OnceLock;

use base64::Engine as _;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

use super::verify::{LeafReader, is_bundle_name};
use super::*;
use crate::book;
use crate::cli::{VerifyCliError, run_verify_cli};
use crate::entries::{self, EntryRecord};
use crate::merkle::{self, Hash};
use crate::testing::{self, NAMES};
use crate::{BookFonts, EditionInput, ExportError, fingerprint};

mod security;

/// The sample edition (12 signatures, 4 letters) and its bundle, built once.
fn sample() -> &'static (EditionInput, Vec<u8>) {
    static BUNDLE: OnceLock<(EditionInput, Vec<u8>)> = OnceLock::new();
    BUNDLE.get_or_init(|| {
        let input = testing::sample(12, 3);
        let bytes = build_bytes(&input, &testing::key());
        (input, bytes)
    })
}

fn build_bytes(input: &EditionInput, key: &SigningKey) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    build(input, &BookFonts::embedded(), key, &mut out).unwrap();
    out.into_inner()
}

/// Every file of a bundle, in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().into_owned(), data)
        })
        .collect()
}

/// A bundle made of `files`, as a tamperer would write it.
fn rezip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in files {
        zip.start_file(name.as_str(), SimpleFileOptions::default())
            .unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn verify_bytes(
    bytes: &[u8],
    key: Option<&VerifyingKey>,
    receipt: Option<&str>,
) -> Result<VerifyReport, VerifyError> {
    verify(Cursor::new(bytes), key, receipt)
}

fn org_key() -> VerifyingKey {
    testing::key().verifying_key()
}

#[test]
fn building_twice_gives_identical_bytes() {
    let (input, first) = sample();
    let second = build_bytes(input, &testing::key());
    assert!(first == &second, "two builds of the same edition differ");
    let names: Vec<String> = unzip(first).into_iter().map(|(n, _)| n).collect();
    let volumes = book::plan(input).len();
    assert!(volumes > 1, "the sample should exercise several volumes");
    let expected_books: Vec<String> = (1..=volumes)
        .map(|v| format!("book/volume-{v:02}.pdf"))
        .collect();
    assert_eq!(names[0], "README.txt", "the read-me comes first");
    assert_eq!(names[1..=volumes], expected_books[..]);
    assert_eq!(
        names[volumes + 1..],
        [
            "signatures.csv",
            "entries.jsonl",
            "letters/0001.txt",
            "letters/0004.txt",
            "letters/0007.txt",
            "letters/0010.txt",
            "manifest.json",
            "manifest.sig",
        ]
    );
}

#[test]
fn a_good_bundle_verifies() {
    let (input, bytes) = sample();
    let report = verify_bytes(bytes, Some(&org_key()), None).unwrap();
    assert!(report.key_checked);
    assert_eq!(report.files_checked, 7 + book::plan(input).len());
    assert_eq!(report.manifest.counts.signatures, 12);
    assert_eq!(report.manifest.counts.letters, 4);
    assert_eq!(report.manifest.edition, input.edition_number);
    let files = unzip(bytes);
    let letter = &files
        .iter()
        .find(|(n, _)| n == "letters/0001.txt")
        .unwrap()
        .1;
    let letter = String::from_utf8(letter.clone()).unwrap();
    assert!(letter.starts_with("جناب آقای سفیر،\n\n"));
    assert!(letter.ends_with(&format!("— {} (No. 1)\n", NAMES[0])));
    let unchecked = verify_bytes(bytes, None, None).unwrap();
    assert!(!unchecked.key_checked);
}

#[test]
fn changing_any_byte_of_any_file_fails_and_names_it() {
    let (_, bytes) = sample();
    let files = unzip(bytes);
    for (i, (name, data)) in files.iter().enumerate() {
        let mut tampered = files.clone();
        let mut changed = data.clone();
        let at = changed.len() / 2;
        changed[at] ^= 0x01;
        tampered[i].1 = changed;
        let err = verify_bytes(&rezip(&tampered), Some(&org_key()), None).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains(name.as_str()),
            "tampering {name} gave: {message}"
        );
    }
    // Rewrapping unchanged files is fine: only content counts, not the ZIP layout.
    verify_bytes(&rezip(&files), Some(&org_key()), None).unwrap();
}

#[test]
fn a_byte_flipped_in_the_raw_archive_is_caught() {
    let (_, bytes) = sample();
    // The PDF is stored uncompressed: flip a byte in the middle of its data.
    let mut raw = bytes.clone();
    let at = raw.len() / 4;
    raw[at] ^= 0xFF;
    let err = verify_bytes(&raw, Some(&org_key()), None).unwrap_err();
    assert!(err.to_string().contains("book/volume-01.pdf"), "{err}");
}

#[test]
fn removed_or_added_entries_and_files_fail() {
    let (_, bytes) = sample();
    let files = unzip(bytes);
    let position = |name: &str| files.iter().position(|(n, _)| n == name).unwrap();

    // An entry removed from entries.jsonl.
    let mut tampered = files.clone();
    let jsonl = String::from_utf8(tampered[position(ENTRIES)].1.clone()).unwrap();
    let without: String = jsonl
        .lines()
        .filter(|l| !l.contains("\"number\":5,"))
        .map(|l| format!("{l}\n"))
        .collect();
    tampered[position(ENTRIES)].1 = without.into_bytes();
    let err = verify_bytes(&rezip(&tampered), Some(&org_key()), None).unwrap_err();
    assert!(
        matches!(&err, VerifyError::HashMismatch { file, .. } if file == ENTRIES),
        "{err}"
    );

    // The same, with the manifest's hash and root patched but not re-signed.
    let manifest: Manifest = serde_json::from_slice(&tampered[position(MANIFEST)].1).unwrap();
    let mut patched = manifest.clone();
    let new_jsonl = &tampered[position(ENTRIES)].1;
    let leaves: Vec<Hash> = entries::split_lines(new_jsonl)
        .unwrap()
        .into_iter()
        .map(merkle::leaf_hash)
        .collect();
    patched.merkle.root = hex::encode(merkle::root(&leaves));
    patched.merkle.size = leaves.len() as u64;
    patched.counts.signatures = leaves.len() as u64;
    for f in &mut patched.files {
        if f.path == ENTRIES {
            f.sha256 = hex::encode(Sha256::digest(new_jsonl));
            f.size = new_jsonl.len() as u64;
        }
    }
    tampered[position(MANIFEST)].1 = serde_json::to_vec_pretty(&patched).unwrap();
    let err = verify_bytes(&rezip(&tampered), Some(&org_key()), None).unwrap_err();
    assert!(matches!(err, VerifyError::BadSignature), "{err}");
    assert!(err.to_string().contains("manifest.sig") && err.to_string().contains("manifest.json"));

    // ... and re-signed with another key: caught when the organisation's key is given.
    let other = testing::other_key();
    patched.signing_key.public_key = hex::encode(other.verifying_key().as_bytes());
    patched.signing_key.fingerprint = fingerprint(&other.verifying_key());
    let manifest_bytes = serde_json::to_vec_pretty(&patched).unwrap();
    let sig =
        base64::engine::general_purpose::STANDARD.encode(other.sign(&manifest_bytes).to_bytes());
    tampered[position(MANIFEST)].1 = manifest_bytes;
    tampered[position(MANIFEST_SIG)].1 = sig.into_bytes();
    let resigned = rezip(&tampered);
    let err = verify_bytes(&resigned, Some(&org_key()), None).unwrap_err();
    assert!(matches!(err, VerifyError::WrongKey { .. }), "{err}");
    assert!(
        err.to_string()
            .contains(&fingerprint(&other.verifying_key()))
    );
    // Without --key the forgery is internally consistent: the report says the key was not checked.
    assert!(!verify_bytes(&resigned, None, None).unwrap().key_checked);

    // A whole file removed, or one added.
    for name in [
        "letters/0004.txt",
        "signatures.csv",
        "book/volume-01.pdf",
        MANIFEST,
        MANIFEST_SIG,
    ] {
        let mut fewer = files.clone();
        fewer.remove(position(name));
        let err = verify_bytes(&rezip(&fewer), Some(&org_key()), None).unwrap_err();
        assert!(
            matches!(&err, VerifyError::MissingFile(f) if f == name),
            "removing {name}: {err}"
        );
    }
    let mut more = files.clone();
    more.push(("letters/0005.txt".into(), b"forged".to_vec()));
    let err = verify_bytes(&rezip(&more), Some(&org_key()), None).unwrap_err();
    assert!(
        matches!(&err, VerifyError::UnexpectedFile(f) if f == "letters/0005.txt"),
        "{err}"
    );
}

#[test]
fn a_bundle_signed_with_another_key_is_rejected() {
    let (input, _) = sample();
    let mut small = input.clone();
    small.entries.truncate(2);
    small.letters.truncate(1);
    let bytes = build_bytes(&small, &testing::other_key());
    let err = verify_bytes(&bytes, Some(&org_key()), None).unwrap_err();
    assert!(matches!(err, VerifyError::WrongKey { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with("manifest.json: signed by the key with fingerprint")
    );
}

#[test]
fn receipts_prove_inclusion_or_say_they_are_missing() {
    let (input, bytes) = sample();
    let code = &input.entries[6].receipt_code;
    let report = verify_bytes(bytes, Some(&org_key()), Some(&code.to_lowercase())).unwrap();
    let Some(ReceiptCheck::Included(inclusion)) = report.receipt else {
        panic!("receipt {code} not found");
    };
    let Inclusion {
        entry,
        leaf,
        leaf_hash,
        proof,
        ..
    } = *inclusion;
    assert_eq!(entry.number, 7);
    assert_eq!(leaf_hash, merkle::leaf_hash(leaf.as_bytes()));
    let root: Hash = hex::decode(&report.manifest.merkle.root)
        .unwrap()
        .try_into()
        .unwrap();
    assert!(proof.verify(&leaf_hash, &root));
    assert_eq!(proof.tree_size, 12);

    let report = verify_bytes(bytes, Some(&org_key()), Some("NOPE-0000")).unwrap();
    assert_eq!(
        report.receipt,
        Some(ReceiptCheck::NotIncluded {
            code: "NOPE-0000".into()
        })
    );
}

#[test]
fn the_command_prints_a_proof_and_exits_non_zero_on_failure() {
    let (input, bytes) = sample();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundle.zip");
    std::fs::write(&path, bytes).unwrap();
    let key_hex = hex::encode(org_key().as_bytes());
    let key_file = dir.path().join("org.pub");
    std::fs::write(&key_file, format!("{key_hex}\n")).unwrap();

    let mut out = Vec::new();
    run_verify_cli(
        &path,
        Some(key_file.to_str().unwrap()),
        None,
        Some(&input.entries[0].receipt_code),
        &mut out,
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("OK: the bundle is complete"), "{text}");
    assert!(text.contains("INCLUDED as entry 1 of 12"), "{text}");
    assert_eq!(text.matches("sibling ").count(), 4, "{text}");

    let mut out = Vec::new();
    let err = run_verify_cli(&path, Some(&key_hex), None, Some("MISSING"), &mut out).unwrap_err();
    assert!(matches!(err, VerifyCliError::ReceiptNotIncluded { .. }));
    assert_eq!(err.exit_code(), 3);
    assert!(err.to_string().contains("MISSING is NOT included"));

    let other = base64::engine::general_purpose::STANDARD
        .encode(testing::other_key().verifying_key().as_bytes());
    let err = run_verify_cli(&path, Some(&other), None, None, &mut Vec::new()).unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert!(
        err.to_string()
            .contains("VERIFICATION FAILED: manifest.json: signed by"),
        "{err}"
    );

    let err = run_verify_cli(&path, Some("not-a-key"), None, None, &mut Vec::new()).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string()
            .starts_with("--key: expected an Ed25519 public key")
    );

    let err = run_verify_cli(
        &dir.path().join("absent.zip"),
        None,
        None,
        None,
        &mut Vec::new(),
    )
    .unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(err.to_string().contains("absent.zip"));
}

#[test]
fn corrupt_or_truncated_archives_give_a_clear_error() {
    let (_, bytes) = sample();
    for cut in [0, 10, bytes.len() / 2, bytes.len() - 10] {
        let err = verify_bytes(&bytes[..cut], Some(&org_key()), None).unwrap_err();
        assert!(
            matches!(err, VerifyError::NotAZip(_)),
            "cut at {cut}: {err}"
        );
        assert!(err.to_string().contains("not a readable ZIP archive"));
    }
    let err = verify_bytes(b"PK\x03\x04 this is not really a zip", None, None).unwrap_err();
    assert!(matches!(err, VerifyError::NotAZip(_)), "{err}");
    // Every single-byte corruption of the archive fails cleanly, never with a panic.
    for at in (0..bytes.len()).step_by(97) {
        let mut raw = bytes.clone();
        raw[at] ^= 0x5A;
        if let Ok(report) = verify_bytes(&raw, Some(&org_key()), None) {
            // Only bytes that do not matter (e.g. ZIP timestamps) may change silently.
            assert_eq!(report.files_checked, unzip(bytes).len() - 2);
        }
    }
}

#[test]
fn an_edition_without_signatures_is_refused() {
    let mut input = testing::sample(1, 0);
    input.entries.clear();
    let err = build(
        &input,
        &BookFonts::embedded(),
        &testing::key(),
        Cursor::new(Vec::new()),
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::EmptyEdition { .. }));
    assert_eq!(
        err.to_string(),
        "edition 2 of petition 'let-us-see-them' has no signatures: there is nothing to export"
    );
}

#[test]
fn the_book_text_has_the_persian_names_in_logical_order() {
    let (_, bytes) = sample();
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for (name, data) in unzip(bytes)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".pdf"))
    {
        let path = dir.path().join(name.replace('/', "-"));
        std::fs::write(&path, data).unwrap();
        let output = match std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
        {
            Ok(o) => o,
            Err(e) => {
                println!(
                    "NOTE: pdftotext (poppler-utils) is not installed ({e}); skipping the text check"
                );
                return;
            }
        };
        assert!(output.status.success(), "pdftotext failed on {name}");
        text.push_str(&String::from_utf8_lossy(&output.stdout));
    }
    // pdftotext places a ZWNJ one letter late: compare without ZWNJ.
    let text = text.replace('\u{200C}', "");
    for name in NAMES {
        let name = name.replace('\u{200C}', "");
        assert!(
            text.contains(&name),
            "{name} not found in the extracted text"
        );
    }
    for expected in [
        "بگذارید عزیزانمان را ببینیم",
        "جناب آقای سفیر",
        "Let us see our relatives",
        "R00012-TEST",
    ] {
        assert!(text.contains(expected), "{expected} not found");
    }
}
