//! A petition's public progress (issue #17): milestones, an edition, a hand-over and its
//! answer recorded by staff appear on the public page (English and Persian), in
//! `<slug>.json` and in the Atom feed; "no answer since N days" against the due date; bad
//! input to the organisers' forms is refused (422, translated) and nothing is stored.

use crate::support::TestApp;
use crate::support::factory::petitions;
use crate::support::staff::{get, member, post};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{edition, handover, petition_milestone, petition_progress};
use rocket::http::Status;
use sea_orm::{EntityTrait, PaginatorTrait};
use std::str::FromStr;

const PAGE: &str = "/petitions/let-families-visit";

fn days_ago(n: i64) -> String {
    (chrono::Utc::now().date_naive() - chrono::Duration::days(n)).to_string()
}

async fn milestones(app: &TestApp) -> u64 {
    petition_milestone::Entity::find()
        .count(&app.ctx.db)
        .await
        .unwrap()
}

#[rocket::async_test]
async fn a_hand_over_and_its_answer_appear_on_the_page_in_the_json_and_the_feed() {
    let app = petitions::app_with_burst(100).await;
    let (_, organiser) = member(&app, "org@example.org", &[Role::Organiser]).await;
    petitions::confirmed(&app, "Maryam Rezaei", "maryam@example.org").await;
    petitions::confirmed(&app, "Reza Ahmadi", "reza@example.org").await;

    // Two milestones: one reached (2 signatures), one ahead.
    for (threshold, en, fa) in [
        (
            "2",
            "We ask the embassy for a meeting.",
            "از سفارت درخواست دیدار می‌کنیم.",
        ),
        ("5000", "We go to parliament.", ""),
    ] {
        let r = post(
            &organiser,
            "/staff/petitions/1/milestones",
            &[
                ("threshold", threshold),
                ("consequence_en", en),
                ("consequence_fa", fa),
                ("consequence_fr", ""),
            ],
        )
        .await;
        assert_eq!(r.status(), Status::SeeOther);
    }
    // An edition, handed over ten days ago without an answer; the answer was due 3 days ago.
    let r = post(
        &organiser,
        "/staff/petitions/1/editions",
        &[("locale", "en")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(
        peyvand::services::editions::build_waiting(&app.ctx)
            .await
            .unwrap(),
        1
    );
    let e = edition::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let root = e.merkle_root.clone().expect("a built edition has its root");
    // As if published a month ago and frozen twenty days ago.
    petitions::update_petition(&app, |p| {
        p.created_at = sea_orm::Set(chrono::Utc::now() - chrono::Duration::days(30));
    })
    .await;
    peyvand::services::petitions::sign::forget_petitions(&app.ctx);
    let mut frozen: edition::ActiveModel = e.clone().into();
    frozen.cut_off = sea_orm::Set(chrono::Utc::now() - chrono::Duration::days(20));
    sea_orm::ActiveModelTrait::update(frozen, &app.ctx.db)
        .await
        .unwrap();
    // A hand-over cannot be dated before its edition was frozen.
    let r = post(
        &organiser,
        &format!("/staff/editions/{}/handovers", e.id),
        &[
            ("recipient", "H.E. the Ambassador"),
            ("office", "Embassy of Iraq"),
            ("handed_on", &days_ago(21)),
            ("form", "print"),
            ("acknowledgement", ""),
            ("answer", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("before its edition was frozen")
    );
    assert_eq!(
        handover::Entity::find().count(&app.ctx.db).await.unwrap(),
        0
    );
    let handed_on = days_ago(10);
    let r = post(
        &organiser,
        &format!("/staff/editions/{}/handovers", e.id),
        &[
            ("recipient", "H.E. the Ambassador"),
            ("office", "Embassy of Iraq"),
            ("handed_on", &handed_on),
            ("form", "print"),
            ("acknowledgement", ""),
            ("answer", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let r = post(
        &organiser,
        "/staff/petitions/1/progress",
        &[
            ("answer_due_on", &days_ago(3)),
            ("next_step_en", "We write to the minister."),
            ("next_step_fa", "به وزیر نامه می‌نویسیم."),
            ("next_step_fr", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let (_, _, staff_page) = get(&organiser, "/staff/petitions/1/progress").await;
    assert!(staff_page.contains("We go to parliament.") && staff_page.contains(&days_ago(3)));

    let (status, body) = app.get(&format!("{PAGE}?lang=en")).await;
    assert_eq!(status, Status::Ok);
    for said in [
        "What happened next",
        "The petition was published",
        "2 signatures reached",
        "We ask the embassy for a meeting.",
        "At 5000 signatures",
        "Edition 1 frozen with 2 signatures",
        "Handed to",
        "Embassy of Iraq",
        "H.E. the Ambassador",
        "Edition 1, as Printed book",
        root.as_str(),
        "No answer 10 days after the hand-over.",
        "3 days late.",
        "We write to the minister.",
        "/petitions/let-families-visit/progress.atom?lang=en",
    ] {
        assert!(body.contains(said), "{said}");
    }
    // In Persian: right to left, Persian digits, the Persian texts.
    let (_, fa) = app.get(&format!("{PAGE}?lang=fa")).await;
    assert_eq!(
        crate::support::html_lang_dir(&fa),
        ("fa".to_owned(), "rtl".to_owned())
    );
    for said in [
        "پس از آن چه شد",
        "به ۲ امضا رسید",
        "از سفارت درخواست دیدار می‌کنیم.",
        "با رسیدن به ۵۰۰۰ امضا",
        "۱۰ روز پس از تحویل",
        "به وزیر نامه می‌نویسیم.",
    ] {
        assert!(fa.contains(said), "{said}");
    }

    // The JSON: the same steps, in every language, and the wait.
    let (status, json) = app.get(&format!("{PAGE}.json")).await;
    assert_eq!(status, Status::Ok);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let kinds: Vec<&str> = v["progress"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["published", "edition", "handover", "milestone", "milestone"]
    );
    let h = &v["progress"][2];
    assert_eq!(h["office"], "Embassy of Iraq");
    assert_eq!(h["medium"], "print");
    assert_eq!(h["on"], handed_on.as_str());
    assert_eq!(h["fingerprint"], root.as_str());
    assert_eq!(v["progress"][4]["reached"], false);
    assert_eq!(
        v["progress"][3]["consequence"]["fa"],
        "از سفارت درخواست دیدار می‌کنیم."
    );
    assert_eq!(v["waiting"]["days_since_handover"], 10);
    assert_eq!(v["waiting"]["overdue_days"], 3);
    assert_eq!(v["next_step"]["en"], "We write to the minister.");

    // The answer arrives: shown, the wait is over.
    let h = handover::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let r = post(
        &organiser,
        &format!("/staff/editions/{}/handovers/{}/answer", e.id, h.id),
        &[
            ("later_answer", "The ambassador will meet the families."),
            ("answered_on", &days_ago(1)),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let (_, body) = app.get(&format!("{PAGE}?lang=en")).await;
    assert!(
        body.contains("Answer from") && body.contains("The ambassador will meet the families.")
    );
    assert!(!body.contains("No answer"));
    let (_, json) = app.get(&format!("{PAGE}.json")).await;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v["waiting"].is_null());
    let answer = v["progress"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "answer")
        .expect("the answer in the JSON");
    assert_eq!(answer["on"], days_ago(1).as_str());
    assert_eq!(
        answer["summary"]["en"],
        "The ambassador will meet the families."
    );

    // The Atom feed: a valid document, newest first, in the reader's language.
    let r = app
        .client
        .get(format!("{PAGE}/progress.atom?lang=en"))
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Ok);
    assert_eq!(
        r.content_type().map(|c| c.to_string()).as_deref(),
        Some("application/atom+xml")
    );
    let xml = r.into_string().await.unwrap();
    let feed = atom_syndication::Feed::from_str(&xml).expect("a valid Atom feed");
    let titles: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    assert_eq!(
        titles,
        [
            "2 signatures reached",
            "Answer from: Embassy of Iraq",
            "Handed to: Embassy of Iraq",
            "Edition 1 frozen with 2 signatures",
            "The petition was published",
        ]
    );
    assert!(
        !titles.iter().any(|t| t.contains("5000")),
        "a milestone ahead is not news yet"
    );
    let (_, fa_feed) = app.get(&format!("{PAGE}/progress.atom?lang=fa")).await;
    assert!(fa_feed.contains("تحویل به: Embassy of Iraq"));
    // Unknown petition: not found.
    let (status, _) = app.get("/petitions/nothing-here/progress.atom").await;
    assert_eq!(status, Status::NotFound);
}

#[rocket::async_test]
async fn bad_progress_input_is_refused_translated_and_nothing_is_stored() {
    let app = petitions::app_with_burst(100).await;
    let (_, organiser) = member(&app, "org@example.org", &[Role::Organiser]).await;
    let huge = "a".repeat(1_001);
    for (threshold, en, said) in [
        ("abc", "Meeting", "whole number of signatures"),
        ("0", "Meeting", "whole number of signatures"),
        ("99999999999", "Meeting", "whole number of signatures"),
        ("100", "", "in at least one language"),
        ("100", huge.as_str(), "too long"),
        ("100", "bad\u{0007}text", "invisible control characters"),
    ] {
        let r = post(
            &organiser,
            "/staff/petitions/1/milestones",
            &[
                ("threshold", threshold),
                ("consequence_en", en),
                ("consequence_fa", ""),
                ("consequence_fr", ""),
            ],
        )
        .await;
        assert_eq!(
            r.status(),
            Status::UnprocessableEntity,
            "{threshold} {en:.10}"
        );
        let body = r.into_string().await.unwrap();
        assert!(body.contains(said), "{said}");
        assert!(body.contains("error-summary"));
    }
    assert_eq!(milestones(&app).await, 0);
    for (due, step, said) in [
        ("2026-13-40", "", "There is no such day"),
        ("۱۴۰۵-۱۲-۳۱", "", "There is no such day"),
        ("soon", "", "like 2026-12-31"),
        ("2099-01-01", "", "within ten years"),
        ("", huge.as_str(), "too long"),
    ] {
        let r = post(
            &organiser,
            "/staff/petitions/1/progress",
            &[
                ("answer_due_on", due),
                ("next_step_en", step),
                ("next_step_fa", ""),
                ("next_step_fr", ""),
            ],
        )
        .await;
        assert_eq!(r.status(), Status::UnprocessableEntity, "{due}");
        assert!(r.into_string().await.unwrap().contains(said), "{said}");
    }
    assert_eq!(
        petition_progress::Entity::find()
            .count(&app.ctx.db)
            .await
            .unwrap(),
        0
    );
    // Translated in Persian.
    get(&organiser, "/?lang=fa").await;
    let r = post(
        &organiser,
        "/staff/petitions/1/milestones",
        &[
            ("threshold", "x"),
            ("consequence_en", "Meeting"),
            ("consequence_fa", ""),
            ("consequence_fr", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(r.into_string().await.unwrap().contains("یک عدد درست"));
    // Without CSRF: refused, nothing stored.
    for path in [
        "/staff/petitions/1/milestones",
        "/staff/petitions/1/progress",
    ] {
        let r = organiser
            .post(path)
            .header(rocket::http::ContentType::Form)
            .body("threshold=10&consequence_en=x&consequence_fa=&consequence_fr=&answer_due_on=&next_step_en=x&next_step_fa=&next_step_fr=")
            .dispatch()
            .await;
        assert_eq!(r.status(), Status::Forbidden, "{path}");
    }
    assert_eq!(milestones(&app).await, 0);
    // Public visitors cannot reach the organisers' forms.
    let r = app
        .post_form_csrf(
            "/staff/petitions/1/milestones",
            &[
                ("threshold", "10"),
                ("consequence_en", "x"),
                ("consequence_fa", ""),
                ("consequence_fr", ""),
            ],
        )
        .await;
    assert!(
        r.headers()
            .get_one("Location")
            .is_some_and(|l| l.starts_with("/staff/login")),
        "sent to the login page"
    );
    assert_eq!(milestones(&app).await, 0);
    // A milestone removed stays in the record and leaves the public page.
    let r = post(
        &organiser,
        "/staff/petitions/1/milestones",
        &[
            ("threshold", "10"),
            ("consequence_en", "A meeting"),
            ("consequence_fa", ""),
            ("consequence_fr", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    get(&organiser, "/?lang=en").await;
    let (_, body) = app.get(&format!("{PAGE}?lang=en")).await;
    assert!(body.contains("A meeting"));
    let r = post(&organiser, "/staff/petitions/1/milestones/1/remove", &[]).await;
    assert_eq!(r.status(), Status::SeeOther);
    let (_, body) = app.get(&format!("{PAGE}?lang=en")).await;
    assert!(!body.contains("A meeting"));
    assert_eq!(milestones(&app).await, 1);
    assert_eq!(app.audited("petition.milestone_remove").await, 1);
    let (_, _, staff_page) = get(&organiser, "/staff/petitions/1/progress").await;
    assert!(staff_page.contains("removed, kept in the record"));
}

#[rocket::async_test]
async fn the_demo_seed_adds_a_hand_over_with_an_answer_and_milestones_once() {
    let app = TestApp::new().await;
    peyvand::services::demo::petitions::seed(&app.ctx)
        .await
        .unwrap();
    let report = peyvand::services::demo::progress::seed(&app.ctx)
        .await
        .unwrap();
    assert_eq!(report.milestones, 2);
    assert!(report.handover);
    let (_, body) = app.get(&format!("{PAGE}?lang=en")).await;
    for said in [
        "2000 signatures reached",
        "At 2,000 signatures we ask the embassy for a meeting.",
        "At 10000 signatures",
        "Embassy of Iraq",
        "Answer from",
        "We prepare the meeting with the embassy.",
    ] {
        assert!(body.contains(said), "{said}");
    }
    let again = peyvand::services::demo::progress::seed(&app.ctx)
        .await
        .unwrap();
    assert_eq!(again, Default::default());
    assert_eq!(milestones(&app).await, 2);
    assert_eq!(
        handover::Entity::find().count(&app.ctx.db).await.unwrap(),
        1
    );
}
