//! Letters on paper: typed in and scanned against a batch's sheet and line, the scan sealed
//! and stripped of its EXIF GPS block, hostile uploads refused with nothing stored,
//! moderated like online letters, and in the book (text, image, marked as paper) only
//! after the batch's check.

use super::{contains, exif_of, freeze_and_build, jpeg_with_gps, latitude_bytes, png_bomb, upload};
use crate::support::TestApp;
use crate::support::factory::petitions::{self, confirmed};
use crate::support::staff::{get, member, post};
use peyvand::domain::petitions::signature::LetterState;
use peyvand::domain::staff::account::Role;
use peyvand::entities::{letter_scan, signature};
use peyvand::services::scans::SCAN_CONTEXT;
use rocket::http::{ContentType, Status};
use rocket::local::asynchronous::Client;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

const PAPER: &str = "/staff/petitions/1/paper";

async fn scans_stored(app: &TestApp) -> u64 {
    letter_scan::Entity::find()
        .count(&app.ctx.db)
        .await
        .unwrap()
}

async fn letter_states(app: &TestApp) -> Vec<(Option<i32>, LetterState)> {
    signature::Entity::find()
        .order_by_asc(signature::Column::Id)
        .all(&app.ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| (s.sheet_line, s.letter_state))
        .collect()
}

/// Prints one sheet and types two lines into it; the batch page's path.
async fn batch(typist: &Client) -> String {
    let r = post(
        typist,
        &format!("{PAPER}/sheets"),
        &[("count", "1"), ("locale", "en")],
    )
    .await;
    assert_eq!(r.status(), Status::Ok);
    let mut owned: Vec<(String, String)> = vec![
        ("sheet".into(), "1".into()),
        ("collected_where".into(), "Outside the embassy".into()),
        ("collected_on".into(), "2026-11-28".into()),
    ];
    for (i, (name, city)) in [("Ali Karimi", "Köln"), ("Sara Ahmadi", "Paris")]
        .iter()
        .enumerate()
    {
        for (k, v) in [
            ("name", *name),
            ("city", *city),
            ("country", "DE"),
            ("relationship", "parent"),
            ("email", ""),
            ("disclosure", "full"),
        ] {
            owned.push((format!("lines[{i}].{k}"), v.to_owned()));
        }
    }
    let fields: Vec<(&str, &str)> = owned
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let r = post(typist, &format!("{PAPER}/type"), &fields).await;
    assert_eq!(r.status(), Status::SeeOther);
    r.headers().get_one("Location").unwrap().to_owned()
}

/// The text pdftotext reads from the book volumes of a bundle (None without pdftotext).
fn book_text(volumes: &[Vec<u8>]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for (i, pdf) in volumes.iter().enumerate() {
        let path = dir.path().join(format!("volume-{i}.pdf"));
        std::fs::write(&path, pdf).unwrap();
        let out = std::process::Command::new("pdftotext")
            .arg(&path)
            .arg("-")
            .output()
            .ok()?;
        text.push_str(&String::from_utf8_lossy(&out.stdout));
    }
    Some(text)
}

#[rocket::async_test]
async fn a_scanned_letter_on_paper_is_sealed_stripped_moderated_and_printed_after_the_check() {
    let app = petitions::app_with_burst(100).await;
    let (_, typist) = member(&app, "typist@example.org", &[Role::Organiser]).await;
    let (b, checker) = member(&app, "checker@example.org", &[Role::Organiser]).await;
    confirmed(&app, "Maryam Rezaei", "maryam@example.org").await;
    let batch_page = batch(&typist).await;
    let letters = format!("{batch_page}/letters");
    let (status, _, page) = get(&typist, &batch_page).await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains(&letters), "the batch page links its letters");
    let (status, _, page) = get(&typist, &letters).await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("enctype=\"multipart/form-data\""));
    assert!(page.contains("No letter on paper has been added to this batch."));

    let photo = jpeg_with_gps();
    // Without the CSRF token: 403 before the file is read, nothing stored.
    let (status, _) = upload(
        &typist,
        &letters,
        false,
        &[("sheet", "1"), ("line", "1"), ("text", "")],
        Some(("letter.jpg", &photo)),
    )
    .await;
    assert_eq!(status, Status::Forbidden);
    assert_eq!(scans_stored(&app).await, 0);

    // Hostile or wrong files: 422 with the translated message, nothing stored.
    let text_file = "Dear Ambassador, please let us visit.".as_bytes();
    let pdf = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n".as_slice();
    let bomb = png_bomb();
    for (file, name, said) in [
        (
            bomb.as_slice(),
            "letter.png",
            "This image has too many pixels",
        ),
        (
            text_file,
            "letter.jpg",
            "This file is not a JPEG or PNG image.",
        ),
        (pdf, "letter.pdf", "PDF files are not accepted here."),
    ] {
        let (status, page) = upload(
            &typist,
            &letters,
            true,
            &[("sheet", "1"), ("line", "1"), ("text", "Typed too")],
            Some((name, file)),
        )
        .await;
        assert_eq!(status, Status::UnprocessableEntity, "{name}");
        assert!(page.contains(said), "{said}: {page}");
        assert!(page.contains("Typed too"), "the typed text is kept");
    }
    // Larger than 10 MiB: 413 with the message.
    let mut big = photo.clone();
    big.resize(10 * 1024 * 1024 + 10, 0);
    let (status, page) = upload(
        &typist,
        &letters,
        true,
        &[("sheet", "1"), ("line", "1"), ("text", "")],
        Some(("big.jpg", &big)),
    )
    .await;
    assert_eq!(status, Status::PayloadTooLarge);
    assert!(page.contains("larger than 10 MiB"), "{page}");
    // No text and no scan; a line the batch does not have.
    let (status, page) = upload(
        &typist,
        &letters,
        true,
        &[("sheet", "1"), ("line", "1"), ("text", "  ")],
        None,
    )
    .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(page.contains("Type the letter in, attach its scan, or both."));
    let (status, page) = upload(
        &typist,
        &letters,
        true,
        &[("sheet", "1"), ("line", "7"), ("text", "Hello")],
        None,
    )
    .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(page.contains("no signature on this sheet and line"));
    assert_eq!(scans_stored(&app).await, 0);
    assert!(
        letter_states(&app)
            .await
            .iter()
            .filter(|(line, _)| line.is_some())
            .all(|(_, s)| *s == LetterState::None)
    );

    // Line 1: scanned (with EXIF GPS) and typed. Line 2: typed only, a long letter in
    // Persian (5,000 characters, about 9 KB: more than a short text field takes).
    let long_letter = format!(
        "Madame l’Ambassadrice, rendez-nous nos familles. {}",
        "خانواده ".repeat(618)
    );
    assert!(long_letter.chars().count() <= 5000 && long_letter.len() > 8000);
    let (status, _) = upload(
        &typist,
        &letters,
        true,
        &[
            ("sheet", "1"),
            ("line", "1"),
            ("text", "Dear Ambassador,\n\nlet me see my brother again."),
        ],
        Some(("letter.jpg", &photo)),
    )
    .await;
    assert_eq!(status, Status::SeeOther);
    let (status, _) = upload(
        &typist,
        &letters,
        true,
        &[("sheet", "1"), ("line", "2"), ("text", &long_letter)],
        None,
    )
    .await;
    assert_eq!(status, Status::SeeOther);
    // A second letter for the same line is refused.
    let (status, page) = upload(
        &typist,
        &letters,
        true,
        &[("sheet", "1"), ("line", "2"), ("text", "Again")],
        None,
    )
    .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(page.contains("already has a letter"));
    assert_eq!(app.audited("paper.letter_add").await, 2);

    // Stored sealed: the row holds no JPEG, the opened copy has no EXIF and no GPS.
    let stored = letter_scan::Entity::find().all(&app.ctx.db).await.unwrap();
    assert_eq!(stored.len(), 1);
    let sealed = stored[0].image_enc.clone().unwrap();
    assert!(!contains(&sealed, b"JFIF") && !sealed.starts_with(&[0xFF, 0xD8]));
    let opened = app.ctx.crypto.decrypt(SCAN_CONTEXT, &sealed).unwrap();
    assert!(opened.starts_with(&[0xFF, 0xD8]));
    assert_eq!(exif_of(&opened), None, "no EXIF in the stored copy");
    assert!(!contains(&opened, b"Exif\0\0") && !contains(&opened, &latitude_bytes()));
    assert_eq!((stored[0].width, stored[0].height), (120, 160));

    // Moderation shows both, the scan readable by staff (audited).
    let (_, _, page) = get(&typist, "/staff/petitions/1/letters").await;
    assert_eq!(page.matches("Letter on paper").count(), 2, "{page}");
    let sig1 = stored[0].signature_id;
    let scan_url = format!("/staff/petitions/1/letters/{sig1}/scan");
    assert!(page.contains(&scan_url));
    let r = typist.get(scan_url.clone()).dispatch().await;
    assert_eq!(r.status(), Status::Ok);
    assert_eq!(r.content_type(), Some(ContentType::JPEG));
    assert_eq!(r.into_bytes().await.unwrap(), opened);
    assert_eq!(app.audited("paper.letter_scan_view").await, 1);
    let r = app.client.get(scan_url).dispatch().await;
    assert_ne!(r.status(), Status::Ok, "the public cannot read it");
    let paper_ids: Vec<_> = signature::Entity::find()
        .filter(signature::Column::LetterState.eq(LetterState::Pending))
        .filter(signature::Column::SheetLine.is_not_null())
        .all(&app.ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(paper_ids.len(), 2);
    for id in &paper_ids {
        let r = post(
            &typist,
            &format!("/staff/petitions/1/letters/{id}"),
            &[("decision", "approve")],
        )
        .await;
        assert_eq!(r.status(), Status::SeeOther);
    }

    // Before the check the paper letters are in no edition.
    let (first, files) = freeze_and_build(&app, &typist).await;
    assert_eq!((first.total, first.letters), (1, 0));
    assert!(!files.iter().any(|(n, _)| n.starts_with("letters/")));

    // The check; then no letter can be added any more.
    let r = post(
        &checker,
        &format!("{batch_page}/check"),
        &[("decision", "approve"), ("code", &b.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let (status, page) = upload(
        &typist,
        &letters,
        true,
        &[("sheet", "1"), ("line", "1"), ("text", "Late")],
        None,
    )
    .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(page.contains("This batch has been checked"));

    // After the check: both letters in the edition, the scan printed as an image.
    let (second, files) = freeze_and_build(&app, &typist).await;
    assert_eq!((second.total, second.letters), (3, 2));
    let letter_files: Vec<String> = files
        .iter()
        .filter(|(n, _)| n.starts_with("letters/"))
        .map(|(_, d)| String::from_utf8(d.clone()).unwrap())
        .collect();
    assert_eq!(letter_files.len(), 2);
    assert!(
        letter_files
            .iter()
            .any(|l| l.contains("let me see my brother again."))
    );
    assert!(
        letter_files
            .iter()
            .any(|l| l.contains("rendez-nous nos familles"))
    );
    let volumes: Vec<Vec<u8>> = files
        .iter()
        .filter(|(n, _)| n.starts_with("book/"))
        .map(|(_, d)| d.clone())
        .collect();
    assert!(
        volumes
            .iter()
            .any(|v| contains(v, b"/Subtype /Image") || contains(v, b"/Subtype/Image")),
        "the scan is printed as an image"
    );
    if let Some(text) = book_text(&volumes) {
        assert!(text.contains("let me see my brother again."), "{text}");
        assert!(text.contains("rendez-nous nos familles"));
        // Two paper signatures in the table, and their two letters, each marked.
        assert_eq!(text.matches("on paper").count(), 4, "{text}");
    }
}
