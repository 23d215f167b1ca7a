//! The official's answer letter: a scan attached to a hand-over's recorded answer appears,
//! stripped of its EXIF, on the public progress timeline (page and JSON, in English and
//! Persian, no JavaScript); bombs, non-images, an answer not yet recorded and forged posts
//! are refused with nothing stored; a newer scan replaces the shown one, which is kept.

use super::{contains, exif_of, freeze_and_build, jpeg_with_gps, latitude_bytes, png_bomb, upload};
use crate::support::factory::petitions::{self, confirmed};
use crate::support::staff::{get, member, post};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{answer_scan, handover};
use rocket::http::{ContentType, Status};
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};

const PAGE: &str = "/petitions/let-families-visit";

#[rocket::async_test]
async fn an_answer_letter_scan_is_shown_on_the_public_timeline_without_its_exif() {
    let app = petitions::app_with_burst(100).await;
    let (_, organiser) = member(&app, "org@example.org", &[Role::Organiser]).await;
    confirmed(&app, "Maryam Rezaei", "maryam@example.org").await;
    let (e, _) = freeze_and_build(&app, &organiser).await;
    let today = chrono::Utc::now().date_naive().to_string();
    let r = post(
        &organiser,
        &format!("/staff/editions/{}/handovers", e.id),
        &[
            ("recipient", "H.E. the Ambassador"),
            ("office", "Embassy"),
            ("handed_on", &today),
            ("form", "print"),
            ("acknowledgement", ""),
            ("answer", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let h = handover::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let scan_page = format!("/staff/editions/{}/handovers/{}/answer-scan", e.id, h.id);
    let stored = || async {
        answer_scan::Entity::find()
            .count(&app.ctx.db)
            .await
            .unwrap()
    };
    let photo = jpeg_with_gps();

    // No answer recorded yet: no form, and an upload is refused.
    let (status, _, page) = get(&organiser, &scan_page).await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("Record the answer first") && !page.contains("type=\"file\""));
    let (status, page) = upload(&organiser, &scan_page, true, &[], Some(("a.jpg", &photo))).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(page.contains("Record the answer first"));
    assert_eq!(stored().await, 0);

    let r = post(
        &organiser,
        &format!("/staff/editions/{}/handovers/{}/answer", e.id, h.id),
        &[
            (
                "later_answer",
                "We have received your petition and will reply.",
            ),
            ("answered_on", &today),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let (_, _, edition_page) = get(&organiser, &format!("/staff/editions/{}", e.id)).await;
    assert!(
        edition_page.contains(&scan_page),
        "the hand-over links its answer letter"
    );
    let (_, _, page) = get(&organiser, &scan_page).await;
    assert!(page.contains("enctype=\"multipart/form-data\"") && page.contains("No scanned letter"));

    // Forged, hostile or wrong uploads: nothing stored.
    let (status, _) = upload(&organiser, &scan_page, false, &[], Some(("a.jpg", &photo))).await;
    assert_eq!(status, Status::Forbidden);
    let bomb = png_bomb();
    for (file, said) in [
        (bomb.as_slice(), "This image has too many pixels"),
        (
            b"not an image at all".as_slice(),
            "This file is not a JPEG or PNG image.",
        ),
    ] {
        let (status, page) = upload(&organiser, &scan_page, true, &[], Some(("a.png", file))).await;
        assert_eq!(status, Status::UnprocessableEntity);
        assert!(page.contains(said), "{page}");
    }
    let (status, page) = upload(&organiser, &scan_page, true, &[], None).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(page.contains("Choose a file."));
    assert_eq!(stored().await, 0);
    let (_, body) = app.get(&format!("{PAGE}?lang=en")).await;
    assert!(!body.contains("/answers/"));

    // The letter: attached, shown on the public page and in the JSON, without EXIF.
    let (status, _) = upload(&organiser, &scan_page, true, &[], Some(("a.jpg", &photo))).await;
    assert_eq!(status, Status::SeeOther);
    assert_eq!(app.audited("edition.handover_answer_scan").await, 1);
    let url = "/petitions/let-families-visit/answers/1/letter.jpg";
    let (_, body) = app.get(&format!("{PAGE}?lang=en")).await;
    assert!(body.contains(&format!("<a href=\"{url}\">")), "{body}");
    assert!(body.contains("Read the official"));
    let (_, fa) = app.get(&format!("{PAGE}?lang=fa")).await;
    assert!(fa.contains(url) && fa.contains("خواندن نامهٔ مقام رسمی"));
    let (_, json) = app.get(&format!("{PAGE}.json")).await;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let answer = json["progress"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "answer" || e.get("summary").is_some())
        .expect("the answer in the timeline")
        .clone();
    assert_eq!(answer["letter"], url, "{answer}");
    let r = app.client.get(url).dispatch().await;
    assert_eq!(r.status(), Status::Ok);
    assert_eq!(r.content_type(), Some(ContentType::JPEG));
    let image = r.into_bytes().await.unwrap();
    assert_eq!(exif_of(&image), None);
    assert!(!contains(&image, &latitude_bytes()));

    // Another letter replaces it; the old one is kept but no longer served.
    let (status, _) = upload(&organiser, &scan_page, true, &[], Some(("b.jpg", &photo))).await;
    assert_eq!(status, Status::SeeOther);
    let all = answer_scan::Entity::find()
        .order_by_asc(answer_scan::Column::Id)
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
    assert!(all[0].replaced_at.is_some() && all[1].replaced_at.is_none());
    assert_eq!(
        app.client.get(url).dispatch().await.status(),
        Status::NotFound
    );
    let (_, body) = app.get(&format!("{PAGE}?lang=en")).await;
    assert!(body.contains("/petitions/let-families-visit/answers/2/letter.jpg"));
    // Another petition's address for it answers as an unknown scan.
    let r = app
        .client
        .get("/petitions/no-such-petition/answers/2/letter.jpg")
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::NotFound);
}
