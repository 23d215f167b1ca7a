//! The audit log and a case's timeline in words: staff by name, actions in the page's
//! language, no raw JSON; filters by subject, staff member, action and date range (bad
//! days and inverted ranges answered 422 in the page's language); the CSV export of the
//! filtered events, itself audited; the chain's status at the top.

use crate::support::TestApp;
use crate::support::factory::contact;
use crate::support::staff::{Member, get, member, post};
use peyvand::domain::staff::account::Role;
use rocket::http::Status;
use rocket::local::asynchronous::Client;

/// An app with a request, a match on it, a caseworker who wrote a note on each, and an
/// administrator.
struct Setup {
    app: TestApp,
    cw: Member,
    cw_client: Client,
    admin: Client,
    request: peyvand::ids::RequestId,
    m: peyvand::ids::MatchId,
}

async fn setup() -> Setup {
    let app = TestApp::new().await;
    let request = contact::request().insert(&app).await;
    let registration = contact::registration().insert(&app).await;
    let m = contact::insert_match(&app, request.sought, registration, "verified").await;
    let (cw, cw_client) = member(&app, "shirin@example.org", &[Role::Caseworker]).await;
    let (_admin, admin) = member(&app, "admin@example.org", &[Role::Admin]).await;
    for path in [
        format!("/staff/contact/requests/{}/notes", request.id),
        format!("/staff/contact/matches/{m}/notes"),
    ] {
        let r = post(
            &cw_client,
            &path,
            &[("kind", "note"), ("text", "First contact.")],
        )
        .await;
        assert_eq!(r.status(), Status::SeeOther);
    }
    Setup {
        app,
        cw,
        cw_client,
        admin,
        request: request.id,
        m,
    }
}

/// The rows of the audit table (everything between <tbody> and </tbody>).
fn table(body: &str) -> &str {
    let start = body.find("<tbody>").expect("a table");
    let end = body[start..].find("</tbody>").unwrap() + start;
    &body[start..end]
}

#[rocket::async_test]
async fn the_audit_log_names_staff_and_actions_in_words_in_the_page_language() {
    let s = setup().await;
    let (status, _, body) = get(&s.admin, "/staff/admin/audit").await;
    assert_eq!(status, Status::Ok);
    assert!(
        body.contains("The log is intact"),
        "the chain's status at the top"
    );
    let rows = table(&body);
    assert!(
        rows.contains("Wrote a case note or logged a contact"),
        "{rows}"
    );
    assert!(rows.contains("<bdi>shirin</bdi>"), "staff by name");
    assert!(rows.contains("match #"));
    assert!(rows.contains("request #"));
    assert!(
        !rows.contains("{&quot;") && !rows.contains("{\""),
        "no raw JSON: {rows}"
    );
    assert!(!rows.contains(&format!(">staff:{}<", s.cw.id)));
    let (_, _, fa) = get(&s.admin, "/staff/admin/audit?lang=fa").await;
    let rows = table(&fa);
    assert!(
        rows.contains("یادداشت پرونده نوشت یا تماسی ثبت کرد"),
        "Persian words"
    );
    assert!(rows.contains("تطبیق #"));
    assert!(!fa.contains('⟦'));
    let (_, _, fr) = get(&s.admin, "/staff/admin/audit?lang=fr").await;
    assert!(table(&fr).contains("A écrit une note de dossier"));
}

#[rocket::async_test]
async fn the_audit_log_filters_by_subject_staff_member_action_and_days() {
    let s = setup().await;
    let subject = format!("/staff/admin/audit?subject=match:{}", s.m);
    let (status, _, body) = get(&s.admin, &subject).await;
    assert_eq!(status, Status::Ok);
    let rows = table(&body);
    assert!(
        rows.contains("match #") && !rows.contains("request #"),
        "{rows}"
    );
    let by_actor = format!(
        "/staff/admin/audit?actor=staff:{}&action=case_note.add",
        s.cw.id
    );
    let (_, _, body) = get(&s.admin, &by_actor).await;
    assert_eq!(table(&body).matches("<tr>").count(), 2, "two notes by her");
    let today = chrono::Utc::now().date_naive();
    let (_, _, body) = get(
        &s.admin,
        &format!("/staff/admin/audit?action=case_note.add&from={today}&to={today}"),
    )
    .await;
    assert_eq!(table(&body).matches("<tr>").count(), 2);
    let tomorrow = today.succ_opt().unwrap();
    let (status, _, body) = get(
        &s.admin,
        &format!("/staff/admin/audit?action=case_note.add&from={tomorrow}"),
    )
    .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(table(&body).matches("<tr>").count(), 0);
    // Prefixes of action names still work (`staff.` finds every staff action).
    let (status, _, body) = get(&s.admin, "/staff/admin/audit?action=staff.").await;
    assert_eq!(status, Status::Ok);
    assert!(table(&body).contains("staff.enrol"));
    // Bad filters: 422, translated, nothing shown.
    for (query, message) in [
        ("from=2026-02-30", "There is no such day"),
        ("to=yesterday", "Enter a date like 2026-12-31 (Gregorian)"),
        (
            "from=2026-12-10&to=2026-12-01",
            "The last day comes before the first",
        ),
        ("action=no.such.thing", "Please choose one of the options."),
        ("actor=staff:abc", "Please choose one of the options."),
    ] {
        let (status, _, body) = get(&s.admin, &format!("/staff/admin/audit?{query}")).await;
        assert_eq!(status, Status::UnprocessableEntity, "{query}");
        assert!(body.contains(message), "{query}");
        assert!(!body.contains("<tbody>"), "{query}: no events shown");
    }
    let (status, _, body) = get(
        &s.admin,
        "/staff/admin/audit?from=2026-12-10&to=2026-12-01&lang=fa",
    )
    .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(body.contains("روز پایان پیش از روز آغاز است"));
    // Only administrators.
    assert_eq!(
        get(&s.cw_client, "/staff/admin/audit").await.0,
        Status::Forbidden
    );
    let _ = s.request;
}

#[rocket::async_test]
async fn the_filtered_events_download_as_csv_and_the_download_is_audited() {
    let s = setup().await;
    let r = s
        .admin
        .get("/staff/admin/audit.csv?action=case_note.add&lang=en")
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Ok);
    assert_eq!(
        r.content_type().map(|c| c.to_string()),
        Some("text/csv; charset=utf-8".into())
    );
    assert!(
        r.headers()
            .get_one("Content-Disposition")
            .unwrap()
            .contains("audit-log.csv")
    );
    let body = r.into_string().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header[2], "Actor");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert_eq!(&row[2], "shirin");
        assert_eq!(&row[3], "Wrote a case note or logged a contact");
        assert_eq!(&row[6], "case_note.add");
        assert!(!row[5].contains('{'), "details in words: {}", &row[5]);
    }
    assert_eq!(s.app.audited("audit.export").await, 1);
    // A bad range: 422, no file, no export recorded.
    let (status, _, body) = get(&s.admin, "/staff/admin/audit.csv?from=2026-13-01").await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(body.contains("There is no such day"));
    assert_eq!(s.app.audited("audit.export").await, 1);
    assert_eq!(
        get(&s.cw_client, "/staff/admin/audit.csv").await.0,
        Status::Forbidden
    );
}

#[rocket::async_test]
async fn a_case_timeline_names_staff_and_reads_as_words() {
    let s = setup().await;
    let (status, _, body) = get(&s.cw_client, &format!("/staff/contact/matches/{}", s.m)).await;
    assert_eq!(status, Status::Ok);
    let start = body.find("id=\"timeline\"").expect("a timeline");
    let timeline = &body[start..];
    assert!(
        timeline.contains("Wrote a case note or logged a contact"),
        "{timeline}"
    );
    assert!(timeline.contains("<bdi>shirin</bdi>"));
    assert!(!timeline.contains(&format!("staff:{}", s.cw.id)));
    assert!(!timeline.contains("{&quot;"));
    let (_, _, fa) = get(
        &s.cw_client,
        &format!("/staff/contact/matches/{}?lang=fa", s.m),
    )
    .await;
    assert!(fa.contains("یادداشت پرونده نوشت یا تماسی ثبت کرد"));
}
