//! Regression tests of the security review: forged fingerprints, ambiguous ZIP archives,
//! terminal escapes and memory bombs.

use super::*;

/// Re-signs a bundle as someone holding `key` would: `edit_files` changes the files, every
/// size and hash in the manifest, the Merkle root and the entry counts are recomputed,
/// the manifest is given `key` (with its true fingerprint), then `edit_manifest` may change
/// anything before it is signed.
fn resign(
    files: &[(String, Vec<u8>)],
    key: &SigningKey,
    edit_files: impl FnOnce(&mut Vec<(String, Vec<u8>)>),
    edit_manifest: impl FnOnce(&mut Manifest),
) -> Vec<u8> {
    let mut files = files.to_vec();
    edit_files(&mut files);
    let at = |files: &[(String, Vec<u8>)], name: &str| {
        files.iter().position(|(n, _)| n == name).unwrap()
    };
    let mut manifest: Manifest = serde_json::from_slice(&files[at(&files, MANIFEST)].1).unwrap();
    for f in &mut manifest.files {
        if let Some((_, data)) = files.iter().find(|(n, _)| *n == f.path) {
            f.size = data.len() as u64;
            f.sha256 = hex::encode(Sha256::digest(data));
        }
    }
    if let Some(lines) = entries::split_lines(&files[at(&files, ENTRIES)].1) {
        let leaves: Vec<Hash> = lines.into_iter().map(merkle::leaf_hash).collect();
        manifest.merkle.root = hex::encode(merkle::root(&leaves));
        manifest.merkle.size = leaves.len() as u64;
        manifest.counts.signatures = leaves.len() as u64;
    }
    manifest.signing_key.public_key = hex::encode(key.verifying_key().as_bytes());
    manifest.signing_key.fingerprint = fingerprint(&key.verifying_key());
    edit_manifest(&mut manifest);
    let manifest_bytes = serde_json::to_vec_pretty(&manifest).unwrap();
    let sig =
        base64::engine::general_purpose::STANDARD.encode(key.sign(&manifest_bytes).to_bytes());
    let m = at(&files, MANIFEST);
    files[m].1 = manifest_bytes;
    let s = at(&files, MANIFEST_SIG);
    files[s].1 = sig.into_bytes();
    rezip(&files)
}

/// Runs the command on `bytes` written to a file; returns its report or error.
fn run_cli(
    bytes: &[u8],
    key: Option<&VerifyingKey>,
    receipt: Option<&str>,
) -> (String, Result<(), VerifyCliError>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundle.zip");
    std::fs::write(&path, bytes).unwrap();
    let key = key.map(|k| hex::encode(k.as_bytes()));
    let mut out = Vec::new();
    let result = run_verify_cli(&path, key.as_deref(), None, receipt, &mut out);
    (String::from_utf8(out).unwrap(), result)
}

fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap()
}

#[test]
fn a_manifest_copying_the_organisations_fingerprint_is_refused() {
    let (_, bytes) = sample();
    let org_fp = fingerprint(&org_key());
    let forger = testing::other_key();
    // The forger signs with their own key and writes the organisation's fingerprint.
    let forged = resign(
        &unzip(bytes),
        &forger,
        |_| {},
        |m| {
            m.signing_key.fingerprint = org_fp.clone();
        },
    );
    let err = verify_bytes(&forged, None, None).unwrap_err();
    let forger_fp = fingerprint(&forger.verifying_key());
    assert!(
        matches!(&err, VerifyError::FingerprintMismatch { stated, actual }
            if *stated == org_fp && *actual == forger_fp),
        "{err}"
    );
    assert!(err.to_string().starts_with("manifest.json: "), "{err}");
    // With --key the forgery is refused as signed by another key, named by its true fingerprint.
    let err = verify_bytes(&forged, Some(&org_key()), None).unwrap_err();
    assert!(
        matches!(&err, VerifyError::WrongKey { found, .. } if *found == forger_fp),
        "{err}"
    );
    // The command fails (exit 1) and never prints the organisation's fingerprint as the signer.
    let (text, result) = run_cli(&forged, None, None);
    let err = result.unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert!(
        err.to_string()
            .starts_with("VERIFICATION FAILED: manifest.json"),
        "{err}"
    );
    assert!(!text.contains("OK") && !text.contains("VALID"), "{text}");
}

#[test]
fn the_command_prints_the_computed_fingerprint_and_warns_without_a_key() {
    let (_, bytes) = sample();
    let other = testing::other_key();
    let other_fp = fingerprint(&other.verifying_key());
    // An honestly self-consistent bundle signed by some other key.
    let foreign = resign(&unzip(bytes), &other, |_| {}, |_| {});
    let (text, result) = run_cli(&foreign, None, None);
    assert_eq!(result.unwrap_err().exit_code(), 4);
    assert!(
        text.contains(&format!("Signed by:     {other_fp}\n")),
        "{text}"
    );
    assert!(!text.contains(&fingerprint(&org_key())), "{text}");
    assert!(
        text.contains(
            "WARNING: signature valid, but the key was not compared with a known key — \
             compare this fingerprint with the one printed on the book's cover"
        ),
        "{text}"
    );
    assert!(text.contains("SIGNATURE VALID, KEY NOT CHECKED"), "{text}");
    assert!(!text.contains("OK:"), "{text}");

    // With --key: the computed fingerprint, "OK", no warning.
    let (text, result) = run_cli(bytes, Some(&org_key()), None);
    result.unwrap();
    let org_fp = fingerprint(&org_key());
    assert!(
        text.contains(&format!("Signed by:     {org_fp}\n")),
        "{text}"
    );
    assert!(text.contains("OK: the bundle is complete"), "{text}");
    assert!(
        !text.contains("WARNING") && !text.contains("KEY NOT CHECKED"),
        "{text}"
    );
    let report = verify_bytes(bytes, None, None).unwrap();
    assert_eq!(report.key_fingerprint, org_fp);
}

#[test]
fn a_name_listed_twice_in_the_central_directory_is_refused() {
    let (_, bytes) = sample();
    let files = unzip(bytes);
    // A forged first copy of letters/0001.txt: written under a name of the same length,
    // then renamed in the raw archive (local header and central directory alike).
    let mut with_copy = vec![("letters/0099.txt".to_owned(), b"forged letter".to_vec())];
    with_copy.extend(files.iter().cloned());
    let mut raw = rezip(&with_copy);
    let mut renamed = 0;
    while let Some(at) = raw.windows(16).position(|w| w == b"letters/0099.txt") {
        raw[at..at + 16].copy_from_slice(b"letters/0001.txt");
        renamed += 1;
    }
    assert_eq!(
        renamed, 2,
        "one local header and one central directory entry"
    );
    let err = verify_bytes(&raw, Some(&org_key()), None).unwrap_err();
    assert!(matches!(err, VerifyError::Ambiguous(_)), "{err}");
    assert!(err.to_string().contains("more than once"), "{err}");
}

#[test]
fn names_outside_the_bundle_layout_are_refused() {
    let (_, bytes) = sample();
    let files = unzip(bytes);
    for name in [
        "letters/",
        "book/",
        "letters/0005.txt/",
        "LETTERS/0005.txt",
        "letters/../0005.txt",
        "letters\\0005.txt",
        "/letters/0005.txt",
        "letters/0x05.txt",
        "letters/.txt",
        "book/volume-01.pdf.exe",
        "book/volume-.pdf",
        "notes.txt",
        "manifest.json.bak",
        "readme.txt",
        "README.TXT",
        "letters/README.txt",
    ] {
        let mut more = files.clone();
        more.insert(2, (name.to_owned(), b"data".to_vec()));
        let err = verify_bytes(&rezip(&more), Some(&org_key()), None).unwrap_err();
        assert!(
            matches!(&err, VerifyError::UnexpectedName(n) if n == name),
            "{name}: {err}"
        );
    }
    // A name with control characters is shown escaped.
    let mut more = files.clone();
    more.push(("letters/\u{1b}[2J.txt".to_owned(), b"x".to_vec()));
    let err = verify_bytes(&rezip(&more), Some(&org_key()), None).unwrap_err();
    assert!(
        err.to_string().starts_with("letters/\\u{1b}[2J.txt: "),
        "{err}"
    );
    // The allowed names are exactly these.
    for ok in [
        "README.txt",
        "book/volume-1.pdf",
        "book/volume-0012.pdf",
        "letters/7.txt",
        "signatures.csv",
        "entries.jsonl",
        "manifest.json",
        "manifest.sig",
    ] {
        assert!(is_bundle_name(ok.as_bytes()), "{ok}");
    }
    // A signed manifest cannot list a name twice, or a name no bundle holds.
    let twice = resign(
        &files,
        &testing::key(),
        |_| {},
        |m| {
            let first = m.files[1].clone();
            m.files.push(first);
        },
    );
    let err = verify_bytes(&twice, Some(&org_key()), None).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("manifest.json: malformed: it lists 'book/volume-01.pdf' twice"),
        "{err}"
    );
    let dir = resign(
        &files,
        &testing::key(),
        |_| {},
        |m| m.files[1].path = "book/".into(),
    );
    let err = verify_bytes(&dir, Some(&org_key()), None).unwrap_err();
    assert!(
        matches!(&err, VerifyError::Malformed { file, .. } if file == MANIFEST),
        "{err}"
    );
}

#[test]
fn local_headers_and_hidden_bytes_must_agree_with_the_central_directory() {
    let (_, bytes) = sample();
    // The local header names letters/0005.txt while the central directory says
    // letters/0004.txt: a streaming extractor would write another file.
    let mut raw = bytes.clone();
    let at = find(&raw, b"letters/0004.txt");
    raw[at..at + 16].copy_from_slice(b"letters/0005.txt");
    let err = verify_bytes(&raw, Some(&org_key()), None).unwrap_err();
    assert!(matches!(err, VerifyError::Ambiguous(_)), "{err}");
    assert!(err.to_string().contains("header inconsistency"), "{err}");

    // A whole forged entry (or anything else) before the first local header.
    let forged = rezip(&[("letters/0001.txt".to_owned(), b"forged".to_vec())]);
    for prefix in [forged.as_slice(), b"MZ junk".as_slice()] {
        let mut raw = prefix.to_vec();
        raw.extend_from_slice(bytes);
        let err = verify_bytes(&raw, Some(&org_key()), None).unwrap_err();
        assert!(matches!(err, VerifyError::Ambiguous(_)), "{err}");
        assert!(err.to_string().contains("belong to no file"), "{err}");
    }

    // A local header hidden between the last entry and the central directory.
    let mut zip = ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
    let directory = usize::try_from(zip.central_directory_start()).unwrap();
    drop(zip.by_index(0).unwrap());
    let local = &forged[..find(&forged, b"PK\x01\x02")];
    let mut raw = bytes[..directory].to_vec();
    raw.extend_from_slice(local);
    let shift = u32::try_from(local.len()).unwrap();
    let mut tail = bytes[directory..].to_vec();
    // Move the central directory's offset in the end record by the inserted bytes.
    let eocd = tail.len() - 22;
    let offset = u32::from_le_bytes(tail[eocd + 16..eocd + 20].try_into().unwrap());
    tail[eocd + 16..eocd + 20].copy_from_slice(&(offset + shift).to_le_bytes());
    raw.extend_from_slice(&tail);
    let err = verify_bytes(&raw, Some(&org_key()), None).unwrap_err();
    assert!(matches!(err, VerifyError::Ambiguous(_)), "{err}");
}

#[test]
fn text_from_the_bundle_is_escaped_on_the_terminal() {
    let (_, bytes) = sample();
    let evil_receipt = "EVIL\u{1b}[2J\u{9b}31m";
    let line = EntryRecord {
        number: 1,
        name: "\u{202E}evil\u{2066}name\u{1b}]0;pwned\u{7}".into(),
        city: "c\u{85}ity".into(),
        country: "x\u{7f}".into(),
        date: "2025-01-02".into(),
        receipt: evil_receipt.into(),
        channel: None,
    }
    .to_line();
    let bundle = resign(
        &unzip(bytes),
        &testing::key(),
        |files| {
            let e = files.iter().position(|(n, _)| n == ENTRIES).unwrap();
            let jsonl = String::from_utf8(files[e].1.clone()).unwrap();
            let rest: String = jsonl.lines().skip(1).map(|l| format!("{l}\n")).collect();
            files[e].1 = format!("{line}\n{rest}").into_bytes();
        },
        |m| {
            m.petition.titles[0].title = "Title\u{1b}]0;owned\u{7}\u{202E}txt.exe".into();
            m.petition.slug = "slug\u{9b}2J".into();
            m.organisation = "Org\u{1b}[1A\u{1b}[2KOK: all good\u{2069}".into();
            m.cut_off = "2025\r\u{2028}".into();
        },
    );
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
    };
    let (text, result) = run_cli(&bundle, Some(&org_key()), Some(evil_receipt));
    result.unwrap();
    assert!(!text.chars().any(unsafe_char), "{text:?}");
    assert!(text.contains("INCLUDED as entry 1 of 12"), "{text}");
    for shown in [
        "Title\\u{1b}]0;owned\\u{7}\\u{202e}txt.exe",
        "slug\\u{9b}2J",
        "Org\\u{1b}[1A\\u{1b}[2KOK: all good\\u{2069}",
        "cut-off 2025\\u{d}\\u{2028}",
        "Receipt EVIL\\u{1b}[2J\\u{9b}31m: INCLUDED",
        "\\u{202e}evil\\u{2066}name\\u001b]0;pwned\\u0007",
        "c\\u{85}ity",
    ] {
        assert!(text.contains(shown), "{shown} not in {text}");
    }
    // Error messages quoting the bundle or the command line are escaped too.
    let (_, result) = run_cli(&bundle, Some(&org_key()), Some("NOPE\u{1b}[31m"));
    let message = result.unwrap_err().to_string();
    assert!(!message.chars().any(unsafe_char), "{message:?}");
    assert!(message.contains("NOPE\\u{1b}[31m"), "{message}");
    let bad_format = resign(
        &unzip(bytes),
        &testing::key(),
        |_| {},
        |m| {
            m.format = "x\u{1b}[2J".into();
        },
    );
    let (_, result) = run_cli(&bad_format, Some(&org_key()), None);
    let message = result.unwrap_err().to_string();
    assert!(!message.chars().any(unsafe_char), "{message:?}");
    assert!(
        message.contains("unknown format 'x\\u{1b}[2J'"),
        "{message}"
    );
}

/// An `entries.jsonl` of `n` canonical lines.
fn many_entries(n: u64) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 1..=n {
        let line = EntryRecord {
            number: i,
            name: format!("Name {i}"),
            city: "City".into(),
            country: "Country".into(),
            date: "2025-01-01".into(),
            receipt: format!("R{i:07}"),
            channel: None,
        }
        .to_line();
        out.extend_from_slice(line.as_bytes());
        out.push(b'\n');
    }
    out
}

fn replace_entries(files: &mut [(String, Vec<u8>)], jsonl: Vec<u8>) {
    let e = files.iter().position(|(n, _)| n == ENTRIES).unwrap();
    files[e].1 = jsonl;
}

#[test]
fn entries_are_read_line_by_line_within_declared_limits() {
    let (_, bytes) = sample();
    let files = unzip(bytes);
    let key = testing::key();

    // A long entries.jsonl (lines straddle the 64 KiB reads): the receipt near the end is
    // found and proven from the streamed leaf hashes.
    let jsonl = many_entries(5_000);
    assert!(jsonl.len() > 4 * 64 * 1024);
    let big = resign(&files, &key, |f| replace_entries(f, jsonl.clone()), |_| {});
    let report = verify_bytes(&big, Some(&org_key()), Some("r0004321")).unwrap();
    let Some(ReceiptCheck::Included(inclusion)) = report.receipt else {
        panic!("receipt not found");
    };
    assert_eq!(inclusion.entry.number, 4_321);
    let root: Hash = hex::decode(&report.manifest.merkle.root)
        .unwrap()
        .try_into()
        .unwrap();
    assert!(inclusion.proof.verify(&inclusion.leaf_hash, &root));
    assert_eq!(inclusion.proof.tree_size, 5_000);
    assert_eq!(
        verify_bytes(&big, Some(&org_key()), Some("R9999999"))
            .unwrap()
            .receipt,
        Some(ReceiptCheck::NotIncluded {
            code: "R9999999".into()
        })
    );
    assert_eq!(
        verify_bytes(&big, Some(&org_key()), None).unwrap().receipt,
        None
    );

    let malformed_in = |bundle: &[u8], file: &str, reason: &str| {
        let err = verify_bytes(bundle, Some(&org_key()), Some("R0000001")).unwrap_err();
        assert!(
            matches!(&err, VerifyError::Malformed { file: f, reason: r } if f == file && r.contains(reason)),
            "{err}"
        );
    };
    // A line longer than MAX_LINE.
    let mut long = many_entries(2);
    long.splice(0..0, vec![b'x'; MAX_LINE + 1].into_iter().chain([b'\n']));
    let bundle = resign(&files, &key, |f| replace_entries(f, long), |_| {});
    malformed_in(&bundle, ENTRIES, "longer than 65536 bytes");
    // More lines than the manifest declares: reading stops there.
    let bundle = resign(
        &files,
        &key,
        |_| {},
        |m| {
            m.merkle.size = 5;
            m.counts.signatures = 5;
        },
    );
    malformed_in(
        &bundle,
        ENTRIES,
        "more lines than the 5 entries the manifest declares",
    );
    // A last line without its line feed, and an empty line.
    for (jsonl, reason) in [
        (b"{}\n{}".to_vec(), "line 2 does not end with a line feed"),
        (b"{}\n\n{}\n".to_vec(), "line 2 is empty"),
    ] {
        let bundle = resign(
            &files,
            &key,
            |f| replace_entries(f, jsonl),
            |m| {
                m.merkle.size = 3;
                m.counts.signatures = 3;
            },
        );
        let err = verify_bytes(&bundle, Some(&org_key()), None).unwrap_err();
        assert!(err.to_string().contains(reason), "{err}");
    }
    // Declared counts and sizes beyond the limits are refused before anything is read.
    let bundle = resign(
        &files,
        &key,
        |_| {},
        |m| {
            m.merkle.size = MAX_ENTRIES + 1;
            m.counts.signatures = MAX_ENTRIES + 1;
        },
    );
    malformed_in(
        &bundle,
        MANIFEST,
        "more than the 10000000 a bundle may hold",
    );
    let bundle = resign(
        &files,
        &key,
        |_| {},
        |m| {
            for f in &mut m.files {
                if f.path == ENTRIES {
                    f.size = 12 * (MAX_LINE as u64 + 1) + 1;
                }
            }
        },
    );
    malformed_in(
        &bundle,
        MANIFEST,
        "more than 12 entries of at most 65536 bytes can take",
    );
    // An oversized signature file.
    let mut with_big_sig = files.clone();
    with_big_sig.last_mut().unwrap().1 = vec![b'A'; 4096];
    malformed_in(&rezip(&with_big_sig), MANIFEST_SIG, "more than the 1024");
}

#[test]
fn the_leaf_reader_gives_the_same_root_for_any_chunking() {
    let jsonl = many_entries(300);
    let expected: Vec<Hash> = entries::split_lines(&jsonl)
        .unwrap()
        .into_iter()
        .map(merkle::leaf_hash)
        .collect();
    for chunk in [1, 2, 7, 64, 1000, jsonl.len()] {
        let mut reader = LeafReader::new(300, Some("R0000150"));
        jsonl.chunks(chunk).for_each(|c| reader.feed(c));
        let (root, leaves, found) = reader.finish().unwrap();
        assert_eq!(root.root(), merkle::root(&expected), "chunks of {chunk}");
        assert_eq!(leaves.unwrap(), expected);
        let (index, leaf, entry) = found.unwrap();
        assert_eq!((index, entry.number), (149, 150));
        assert_eq!(leaf.as_bytes(), entries::split_lines(&jsonl).unwrap()[149]);
    }
    let mut reader = LeafReader::new(300, None);
    reader.feed(&jsonl);
    let (root, leaves, found) = reader.finish().unwrap();
    assert_eq!(root.len(), 300);
    assert!(leaves.is_none() && found.is_none());
}

#[test]
fn an_entry_too_long_for_verification_is_refused_when_building() {
    let mut input = testing::sample(2, 0);
    input.entries[1].display_name = "x".repeat(MAX_LINE);
    let err = build(
        &input,
        &BookFonts::embedded(),
        &testing::key(),
        Cursor::new(Vec::new()),
    )
    .unwrap_err();
    assert!(matches!(err, ExportError::InvalidInput(_)), "{err}");
    assert!(
        err.to_string()
            .contains("entry 2 takes more than 65536 bytes"),
        "{err}"
    );
}

#[test]
fn a_signature_whose_key_was_not_checked_is_its_own_exit_code() {
    let (_, bytes) = sample();
    let other = testing::other_key();
    // Someone re-signs the organisation's bundle with their own key: internally consistent.
    let resigned = resign(&unzip(bytes), &other, |_| {}, |_| {});
    // Without --key: valid signature, unknown key, a distinct non-zero status.
    let (text, result) = run_cli(&resigned, None, None);
    let err = result.unwrap_err();
    assert!(matches!(err, VerifyCliError::KeyNotChecked), "{err}");
    assert_eq!(err.exit_code(), 4);
    assert!(text.contains("SIGNATURE VALID, KEY NOT CHECKED"), "{text}");
    // The organisation's own bundle without --key: the same status (nothing was compared).
    let (_, result) = run_cli(bytes, None, None);
    assert_eq!(result.unwrap_err().exit_code(), 4);
    // With the organisation's key: invalid.
    let (_, result) = run_cli(&resigned, Some(&org_key()), None);
    assert_eq!(result.unwrap_err().exit_code(), 1);
    // With the key that really signed it: success.
    let (text, result) = run_cli(&resigned, Some(&other.verifying_key()), None);
    result.unwrap();
    assert!(text.contains("OK: the bundle is complete"), "{text}");

    // A pinned fingerprint (as printed on the cover, any case, grouped or not) works as --key.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundle.zip");
    std::fs::write(&path, &resigned).unwrap();
    let run = |fp: &str| run_verify_cli(&path, None, Some(fp), None, &mut Vec::new());
    let org_fp = fingerprint(&org_key());
    let err = run(&org_fp).unwrap_err();
    assert!(
        matches!(err, VerifyCliError::WrongFingerprint { .. }),
        "{err}"
    );
    assert_eq!(err.exit_code(), 1);
    run(&fingerprint(&other.verifying_key()).to_uppercase()).unwrap();
    run(&fingerprint(&other.verifying_key()).replace(' ', "")).unwrap();
    assert_eq!(run("abcd").unwrap_err().exit_code(), 2);
}
