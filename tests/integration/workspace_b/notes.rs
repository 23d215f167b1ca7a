//! Case notes and the contact log over HTTP: written encrypted and audited without their
//! text, read back (the read audited), follow-ups on the writer's home page until marked
//! done, and every kind of bad submission refused with nothing stored.

use crate::support::TestApp;
use crate::support::factory::contact;
use crate::support::staff::{get, member, post};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{audit_event, case_note};
use rocket::http::{ContentType, Status};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn stored(app: &TestApp) -> u64 {
    case_note::Entity::find().count(&app.ctx.db).await.unwrap()
}

#[rocket::async_test]
async fn a_note_is_stored_encrypted_read_back_by_name_and_every_read_is_audited() {
    let app = TestApp::new().await;
    let request = contact::request().insert(&app).await;
    let (_cw, cw) = member(&app, "nasrin@example.org", &[Role::Caseworker]).await;
    let path = format!("/staff/contact/requests/{}/notes", request.id);
    let (status, _, body) = get(&cw, &path).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("No notes yet."), "{body}");
    let text = "Called the brother; he will think about it. «پیوند»";
    let r = post(&cw, &path, &[("kind", "note"), ("text", text)]).await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(
        r.headers().get_one("Location"),
        Some(format!("{path}?notice=added").as_str())
    );
    let rows = case_note::Entity::find().all(&app.ctx.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    let sealed = String::from_utf8_lossy(&rows[0].text_enc);
    assert!(!sealed.contains("brother"), "the text is stored encrypted");
    let (status, _, body) = get(&cw, &format!("{path}?notice=added")).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("The note was saved."));
    assert!(body.contains("Called the brother"));
    assert!(body.contains("<bdi>nasrin</bdi>"), "the author by name");
    // Written once (without the text), read twice.
    assert_eq!(app.audited("case_note.add").await, 1);
    assert_eq!(app.audited("case_notes.view").await, 2);
    let events = audit_event::Entity::find().all(&app.ctx.db).await.unwrap();
    assert!(events.iter().all(|e| !e.details.contains("brother")));
    assert!(
        events.iter().any(|e| e.action == "case_notes.view"
            && e.subject == format!("contact_request:{}", request.id))
    );
    // In Persian: the labels are translated.
    let (_, _, body) = get(&cw, &format!("{path}?lang=fa")).await;
    assert!(body.contains("یادداشت‌های درخواست"), "Persian title");
    assert!(!body.contains('⟦'));
}

#[rocket::async_test]
async fn a_logged_call_with_a_follow_up_shows_on_the_home_page_until_done() {
    let app = TestApp::new().await;
    let request = contact::request().insert(&app).await;
    let registration = contact::registration().insert(&app).await;
    let m = contact::insert_match(&app, request.sought, registration, "verified").await;
    let (_cw, cw) = member(&app, "farid@example.org", &[Role::Caseworker]).await;
    let (_other, other) = member(&app, "golnar@example.org", &[Role::Caseworker]).await;
    let today_day = chrono::Utc::now().date_naive();
    // Typed as a Persian caseworker would: the Solar Hijri day, in Persian digits.
    let (y, mo, d) = peyvand::i18n::calendar::to_solar(today_day).unwrap();
    let today = format!("{y}-{mo:02}-{d:02}")
        .chars()
        .map(|c| {
            c.to_digit(10)
                .map_or(c, |v| char::from_u32(0x06F0 + v).unwrap())
        })
        .collect::<String>();
    let path = format!("/staff/contact/matches/{m}/notes");
    let r = post(
        &cw,
        &path,
        &[
            ("kind", "contact"),
            ("channel", "phone"),
            ("outcome", "no_answer"),
            ("text", "No answer at the number given."),
            ("follow_up_on", &today),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let row = case_note::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.match_id, Some(m));
    assert_eq!(
        row.follow_up_on,
        Some(today_day),
        "stored as the Gregorian day"
    );
    assert_eq!(
        row.request_id, request.id,
        "a match's note belongs to its request"
    );
    // On the match's page and on the request's.
    let (_, _, body) = get(&cw, &path).await;
    assert!(body.contains("Phone call · No answer"), "{body}");
    let (_, _, body) = get(
        &cw,
        &format!("/staff/contact/requests/{}/notes", request.id),
    )
    .await;
    assert!(body.contains("No answer at the number given."));
    // The writer's home page lists the follow-up (never its text); a colleague's does not.
    let (_, _, home) = get(&cw, "/staff").await;
    assert!(home.contains("Follow-ups due"), "{home}");
    assert!(home.contains(&format!("/staff/contact/matches/{m}/notes")));
    assert!(!home.contains("No answer at the number given."));
    let (_, _, theirs) = get(&other, "/staff").await;
    assert!(!theirs.contains("Follow-ups due"));
    // Marking it done without CSRF changes nothing; with it, the follow-up goes.
    let done = format!("/staff/contact/notes/{}/done", row.id);
    let r = cw
        .post(done.clone())
        .header(ContentType::Form)
        .body("")
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    let (_, _, home) = get(&cw, "/staff").await;
    assert!(home.contains("Follow-ups due"));
    let r = post(&cw, &done, &[]).await;
    assert_eq!(r.status(), Status::SeeOther);
    let (_, _, home) = get(&cw, "/staff").await;
    assert!(!home.contains("Follow-ups due"));
    assert_eq!(app.audited("case_note.follow_up_done").await, 1);
}

#[rocket::async_test]
async fn bad_notes_are_refused_with_a_translated_reason_and_nothing_stored() {
    let app = TestApp::new().await;
    let request = contact::request().insert(&app).await;
    let (_cw, cw) = member(&app, "roya@example.org", &[Role::Caseworker]).await;
    let path = format!("/staff/contact/requests/{}/notes", request.id);
    let huge = "x".repeat(6000);
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Duration::days(1)).to_string();
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("kind", "note"), ("text", &huge)], "This is too long"),
        (
            vec![("kind", "note"), ("text", "  ")],
            "This field is required.",
        ),
        (
            vec![("kind", "contact"), ("text", "Spoke briefly.")],
            "This field is required.",
        ),
        (
            vec![
                ("kind", "contact"),
                ("channel", "pigeon"),
                ("outcome", "reached"),
                ("text", "x"),
            ],
            "Please choose one of the options.",
        ),
        (
            vec![
                ("kind", "note"),
                ("text", "x"),
                ("follow_up_on", "2026-02-30"),
            ],
            "There is no such day",
        ),
        (
            vec![
                ("kind", "note"),
                ("text", "x"),
                ("follow_up_on", "next tuesday"),
            ],
            "Enter a date like 2026-12-31 (Gregorian)",
        ),
        (
            vec![
                ("kind", "note"),
                ("text", "x"),
                ("follow_up_on", &yesterday),
            ],
            "This day has passed",
        ),
        (
            vec![("kind", "diary"), ("text", "x")],
            "Please choose one of the options.",
        ),
    ];
    for (fields, message) in cases {
        let r = post(&cw, &format!("{path}?lang=en"), &fields).await;
        assert_eq!(r.status(), Status::UnprocessableEntity, "{fields:?}");
        let body = r.into_string().await.unwrap();
        assert!(body.contains("error-summary"), "{fields:?}");
        assert!(body.contains(message), "{fields:?}: {message}");
        assert!(!body.contains('⟦'));
    }
    // The huge note in Persian: the reason in Persian.
    let r = post(
        &cw,
        &format!("{path}?lang=fa"),
        &[("kind", "note"), ("text", &huge)],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("بیش از اندازه بلند")
    );
    // A body over the form limit: 413, nothing read.
    let r = post(
        &cw,
        &path,
        &[("kind", "note"), ("text", &"y".repeat(70 * 1024))],
    )
    .await;
    assert_eq!(r.status(), Status::PayloadTooLarge);
    // No CSRF token: 403.
    let r = cw
        .post(path.clone())
        .header(ContentType::Form)
        .body("kind=note&text=hello")
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    assert_eq!(stored(&app).await, 0, "nothing stored");
    assert_eq!(app.audited("case_note.add").await, 0);
    // An unknown request: 404, nothing stored.
    let r = post(
        &cw,
        "/staff/contact/requests/999999/notes",
        &[("kind", "note"), ("text", "x")],
    )
    .await;
    assert_eq!(r.status(), Status::NotFound);
    assert_eq!(
        get(&cw, "/staff/contact/matches/999999/notes").await.0,
        Status::NotFound
    );
    assert_eq!(stored(&app).await, 0);
}

#[rocket::async_test]
async fn only_caseworkers_read_or_write_notes() {
    let app = TestApp::new().await;
    let request = contact::request().insert(&app).await;
    let (_o, organiser) = member(&app, "org@example.org", &[Role::Organiser]).await;
    let path = format!("/staff/contact/requests/{}/notes", request.id);
    assert_eq!(get(&organiser, &path).await.0, Status::Forbidden);
    let r = post(&organiser, &path, &[("kind", "note"), ("text", "x")]).await;
    assert_eq!(r.status(), Status::Forbidden);
    let anonymous = app.new_client().await;
    assert_ne!(get(&anonymous, &path).await.0, Status::Ok);
    assert_eq!(stored(&app).await, 0);
    assert_eq!(
        audit_event::Entity::find()
            .filter(audit_event::Column::Action.eq("case_notes.view"))
            .count(&app.ctx.db)
            .await
            .unwrap(),
        0
    );
}
