//! The public bundle check (`/verify`): an official uploads the bundle an organiser built
//! and reads the checks of `peyvand bundle verify` in plain words; a tampered bundle is
//! reported as tampered, a receipt code is found, and bad or hostile uploads (not a ZIP, a
//! zip bomb, too large, no file, no CSRF token, a wrong fingerprint) get a clear 4xx answer.

use crate::support::factory::petitions;
use crate::support::staff::{member, post};
use crate::support::{TestApp, extract_attr, html_lang_dir};
use peyvand::domain::staff::account::Role;
use peyvand::entities::edition;
use peyvand::services::editions as svc;
use rocket::http::{ContentType, Status};
use rocket::local::asynchronous::Client;
use sea_orm::{EntityTrait, QueryOrder};
use std::io::{Read, Write};

const BOUNDARY: &str = "----peyvand-test-boundary-7MA4YWxkTrZu0gW";

/// A multipart body: the text fields, then the file (when given) named `bundle`.
fn multipart(fields: &[(&str, &str)], file: Option<&[u8]>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        write!(
            body,
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
        .unwrap();
    }
    if let Some(bytes) = file {
        write!(
            body,
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"bundle\"; filename=\"bundle.zip\"\r\nContent-Type: application/zip\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{BOUNDARY}--\r\n").unwrap();
    body
}

async fn token(client: &Client) -> String {
    let body = client
        .get("/verify")
        .dispatch()
        .await
        .into_string()
        .await
        .unwrap();
    extract_attr(&body, "name=\"csrf_token\" value=\"").expect("the form carries a token")
}

/// Uploads `file` with the fields (a valid token first); the status and page.
async fn upload(client: &Client, fields: &[(&str, &str)], file: Option<&[u8]>) -> (Status, String) {
    let token = token(client).await;
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    send(client, multipart(&all, file)).await
}

async fn send(client: &Client, body: Vec<u8>) -> (Status, String) {
    let r = client
        .post("/verify")
        .header(ContentType::new("multipart", "form-data").with_params(("boundary", BOUNDARY)))
        .body(body)
        .dispatch()
        .await;
    (r.status(), r.into_string().await.unwrap_or_default())
}

/// The files of a ZIP, in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().into_owned(), data)
        })
        .collect()
}

fn rezip(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        out.start_file(name.as_str(), options).unwrap();
        out.write_all(data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[rocket::async_test]
async fn an_official_checks_a_bundle_and_a_tampered_one_is_reported_as_tampered() {
    let app = TestApp::builder()
        .config(|c| {
            c.petitions.sign_burst = 100;
            c.rate_limit_burst = 100;
        })
        .build()
        .await;
    petitions::seed_empty(&app).await;
    let (_, organiser) = member(&app, "org@example.org", &[Role::Organiser]).await;
    let signed = petitions::confirmed(&app, "Maryam Rezaei", "maryam@example.org").await;
    let receipt = signed.receipt.expect("a receipt code");
    petitions::confirmed(&app, "زهرا صادق‌زاده", "zahra@example.org").await;
    let r = post(
        &organiser,
        "/staff/petitions/1/editions",
        &[("locale", "fa")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(svc::build_waiting(&app.ctx).await.unwrap(), 1);
    let e = edition::Entity::find()
        .order_by_desc(edition::Column::Id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let r = organiser
        .get(format!("/staff/editions/{}/bundle", e.id))
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Ok);
    let bundle = r.into_bytes().await.unwrap();
    let ours = peyvand_export::fingerprint(&app.ctx.signing_key.verifying_key());

    // The read-me, in three languages, says what the files are and points to /verify.
    let files = unzip(&bundle);
    assert_eq!(files[0].0, "README.txt");
    let readme = String::from_utf8(files[0].1.clone()).unwrap();
    for needle in [
        "About this bundle",
        "دربارهٔ این بسته",
        "À propos de cette archive",
        "signatures.csv",
        "peyvand bundle verify",
        &format!("{}/verify", app.ctx.config.public_url),
        &ours,
    ] {
        assert!(readme.contains(needle), "{needle} in\n{readme}");
    }
    assert!(!readme.contains('⟦'), "{readme}");

    // The page shows this organisation's key and a multipart form with a CSRF token.
    let (status, page) = app.get("/verify").await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains(&ours));
    assert!(page.contains("enctype=\"multipart/form-data\""));

    // The bundle as built: authentic, every check in words, the receipt found.
    let (status, page) = upload(
        &app.client,
        &[("fingerprint", &ours.to_uppercase()), ("receipt", &receipt)],
        Some(&bundle),
    )
    .await;
    assert_eq!(status, Status::Ok, "{page}");
    assert!(page.contains("This bundle is authentic"), "{page}");
    assert!(page.contains("Files intact: all"), "{page}");
    assert!(
        page.contains(&e.merkle_root.clone().unwrap()[..4]),
        "{page}"
    );
    assert!(
        page.contains("This is our organisation&#x27;s key")
            || page.contains("This is our organisation's key"),
        "{page}"
    );
    assert!(page.contains("It is the fingerprint you entered from the book"));
    assert!(page.contains("Edition 1 of the petition"), "{page}");
    assert!(page.contains("2 signatures"), "{page}");
    assert!(
        page.contains(&format!("Receipt code {receipt} is included")),
        "{page}"
    );
    assert!(!page.contains('⟦'), "{page}");

    // A receipt code that is not there, and a fingerprint from another book.
    let other = "0".repeat(64);
    let (status, page) = upload(
        &app.client,
        &[("fingerprint", &other), ("receipt", "ZZZZ-ZZZZ-ZZZZ")],
        Some(&bundle),
    )
    .await;
    assert_eq!(status, Status::UnprocessableEntity, "{page}");
    assert!(
        page.contains("It is NOT the fingerprint you entered from the book"),
        "{page}"
    );
    assert!(
        page.contains("Receipt code ZZZZ-ZZZZ-ZZZZ is NOT in this edition"),
        "{page}"
    );

    // Tampered: one name changed in the CSV.
    let mut tampered = files.clone();
    let csv = tampered
        .iter_mut()
        .find(|(n, _)| n == "signatures.csv")
        .unwrap();
    let text = String::from_utf8(csv.1.clone()).unwrap();
    csv.1 = text.replace("Maryam", "Mariam").into_bytes();
    let (status, page) = upload(&app.client, &[], Some(&rezip(&tampered))).await;
    assert_eq!(status, Status::UnprocessableEntity, "{page}");
    assert!(page.contains("did NOT pass the checks"), "{page}");
    assert!(
        page.contains("The file signatures.csv was changed after the bundle was signed"),
        "{page}"
    );
    assert!(page.contains("The bundle was tampered with"), "{page}");

    // A file removed, in Persian (right to left).
    let removed: Vec<_> = files
        .iter()
        .filter(|(n, _)| n != "entries.jsonl")
        .cloned()
        .collect();
    let fa = app.new_client().await;
    fa.get("/verify?lang=fa").dispatch().await;
    let (status, page) = upload(&fa, &[], Some(&rezip(&removed))).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert_eq!(html_lang_dir(&page), ("fa".into(), "rtl".into()));
    assert!(
        page.contains("فایلی از بسته کم است: entries.jsonl"),
        "{page}"
    );

    // Not a ZIP at all.
    let (status, page) = upload(&app.client, &[], Some(b"%PDF-1.7 not a zip")).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(page.contains("This file is not a ZIP archive"), "{page}");

    // A zip bomb: a 64 MiB manifest of zeros squeezed into a few kilobytes.
    let mut bomb = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    bomb.start_file("manifest.json", options).unwrap();
    let zeros = vec![0_u8; 1 << 20];
    for _ in 0..64 {
        bomb.write_all(&zeros).unwrap();
    }
    bomb.start_file("manifest.sig", options).unwrap();
    bomb.write_all(b"x").unwrap();
    let bomb = bomb.finish().unwrap().into_inner();
    assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
    let (status, page) = upload(&app.client, &[], Some(&bomb)).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(
        page.contains("The file manifest.json is not in the form a bundle has"),
        "{page}"
    );

    // No file chosen; a malformed fingerprint: the form again, with the reason.
    let (status, page) = upload(&app.client, &[], None).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(
        page.contains("Choose the bundle&#x27;s ZIP file")
            || page.contains("Choose the bundle's ZIP file"),
        "{page}"
    );
    let (status, page) = upload(&app.client, &[("fingerprint", "abc")], Some(&bundle)).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(page.contains("Enter the 64 letters and digits"), "{page}");

    // No CSRF token, or the file before it: refused before the file is read.
    let (status, _) = send(&app.client, multipart(&[], Some(&bundle))).await;
    assert_eq!(status, Status::Forbidden);
    let mut body = multipart(&[], Some(b"PK"));
    let token = token(&app.client).await;
    body.truncate(body.len() - format!("--{BOUNDARY}--\r\n").len());
    write!(
        body,
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{token}\r\n--{BOUNDARY}--\r\n"
    )
    .unwrap();
    let (status, _) = send(&app.client, body).await;
    assert_eq!(status, Status::Forbidden);
    // Not a multipart form.
    let r = app
        .client
        .post("/verify")
        .header(ContentType::Form)
        .body(format!("csrf_token={token}"))
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::UnsupportedMediaType);

    // Larger than the configured limit: 413 with the page, nothing read past the limit.
    let figment = rocket::Config::figment()
        .merge(("log_level", "off"))
        .merge(("limits.bundle", "4 KiB"));
    let small = Client::tracked(peyvand::rocket(
        app.ctx.clone(),
        &app.secrets.rocket_secret_key,
        figment,
    ))
    .await
    .unwrap();
    let (status, page) = upload(&small, &[], Some(&bundle)).await;
    assert_eq!(status, Status::PayloadTooLarge, "{page}");
    assert!(
        page.contains("larger than the 0 MB") || page.contains("this page accepts"),
        "{page}"
    );
}
