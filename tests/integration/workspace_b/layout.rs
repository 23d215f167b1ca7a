//! The staff layout for tables: staff pages take the whole width (public pages keep their
//! reading column), tables stack on a phone, and long tables come in pages through the
//! shared pager, whose page number is typed (not a number → 404, past the end → the last
//! page).

use crate::support::TestApp;
use crate::support::factory::contact;
use crate::support::staff::{get, member};
use chrono::Utc;
use peyvand::domain::staff::account::Role;
use peyvand::domain::staff::notes::NoteKind;
use peyvand::services::staff::notes::{self, NewNote, Target};
use rocket::http::Status;

#[rocket::async_test]
async fn staff_pages_are_wide_and_public_pages_keep_their_column() {
    let app = TestApp::new().await;
    let (_a, admin) = member(&app, "wide@example.org", &[Role::Admin]).await;
    let (_, _, body) = get(&admin, "/staff/admin/audit").await;
    assert!(body.contains("<main id=\"main\" class=\"wrap wide\""));
    assert!(
        body.contains("class=\"stack\""),
        "the table stacks on a phone"
    );
    let (_, home) = app.get("/").await;
    assert!(home.contains("<main id=\"main\" class=\"wrap\""));
    let (status, css) = app.get("/static/css/app.css").await;
    assert_eq!(status, Status::Ok);
    assert!(css.contains(".wrap.wide"));
    assert!(css.contains("table.stack td[data-label]::before"));
}

#[rocket::async_test]
async fn long_tables_come_in_pages_and_the_page_number_is_typed() {
    let app = TestApp::new().await;
    let request = contact::request().insert(&app).await;
    let (cw, client) = member(&app, "pages@example.org", &[Role::Caseworker]).await;
    for i in 0..30 {
        let note = NewNote {
            kind: NoteKind::Note,
            channel: None,
            outcome: None,
            text: format!("note number {i:02}"),
            follow_up_on: None,
        };
        notes::add(
            &app.ctx,
            cw.id,
            Target::Request(request.id),
            &note,
            Utc::now(),
        )
        .await
        .unwrap()
        .unwrap();
    }
    let path = format!("/staff/contact/requests/{}/notes", request.id);
    let (status, _, first) = get(&client, &path).await;
    assert_eq!(status, Status::Ok);
    assert!(first.contains("Page 1 of 2"));
    assert!(first.contains("note number 29") && !first.contains("note number 04"));
    // Handlebars escapes `=` in attributes (`&#x3D;`), which the browser reads as `=`.
    assert!(
        first.contains(&format!("href=\"{path}?page&#x3D;2\"")),
        "{first}"
    );
    let (_, _, second) = get(&client, &format!("{path}?page=2")).await;
    assert!(second.contains("Page 2 of 2"));
    assert!(second.contains("note number 04") && !second.contains("note number 29"));
    let (status, _, clamped) = get(&client, &format!("{path}?page=99")).await;
    assert_eq!(status, Status::Ok);
    assert!(
        clamped.contains("Page 2 of 2"),
        "past the end: the last page"
    );
    let (_, _, fa) = get(&client, &format!("{path}?page=2&lang=fa")).await;
    assert!(fa.contains("صفحهٔ ۲ از ۲"), "Persian digits in the pager");
    for bad in ["0", "-1", "abc", "1.5", "99999999999"] {
        let (status, _, _) = get(&client, &format!("{path}?page={bad}")).await;
        assert_eq!(status, Status::NotFound, "page={bad}");
    }
    let (_a, admin) = member(&app, "pager-admin@example.org", &[Role::Admin]).await;
    let (status, _, _) = get(&admin, "/staff/admin/audit?page=abc").await;
    assert_eq!(status, Status::NotFound);
    let (status, _, _) = get(&admin, "/staff/admin/audit?page=500").await;
    assert_eq!(status, Status::Ok);
}
