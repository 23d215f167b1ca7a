//! Who may do what: every staff route refuses anonymous and wrong-role requests, every
//! staff form needs the CSRF token even when logged in, staff actions and reads are
//! audited without addresses, and names and reasons are shown as text.

use crate::support::TestApp;
use crate::support::staff::{PASSWORD, csrf, get, invite, member, post};
use peyvand::domain::staff::account::Role;
use rocket::http::{ContentType, Method, Status};
use sea_orm::EntityTrait;

/// A route pattern with every `<param>` segment replaced by `value`.
fn fill(pattern: &str, value: &str) -> String {
    pattern
        .split('/')
        .map(|seg| if seg.starts_with('<') { value } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

/// Staff routes that need no session (login and enrolment).
fn public(path: &str) -> bool {
    path == "/staff/login" || path == "/staff/enrol/<token>"
}

#[rocket::async_test]
async fn every_staff_route_refuses_anonymous_and_wrong_role_requests() {
    let app = TestApp::new().await;
    let (_, caseworker) = member(&app, "case@example.org", &[Role::Caseworker]).await;
    let anonymous = app.new_client().await;
    let routes: Vec<(Method, String)> = app
        .client
        .rocket()
        .routes()
        .map(|r| (r.method, r.uri.path().to_string()))
        .filter(|(_, p)| p.starts_with("/staff") && !public(p))
        .collect();
    assert!(routes.len() >= 14, "{routes:?}");
    for (method, pattern) in &routes {
        let path = fill(pattern, "1");
        let token = csrf(&anonymous).await;
        let r = anonymous
            .req(*method, path.clone())
            .header(ContentType::Form)
            .body(format!("csrf_token={token}"))
            .dispatch()
            .await;
        if path.starts_with("/staff/api") {
            assert_eq!(r.status(), Status::Unauthorized, "{method} {path}");
            assert_eq!(r.content_type(), Some(ContentType::JSON));
        } else {
            assert_eq!(r.status(), Status::SeeOther, "anonymous {method} {path}");
            assert_eq!(
                r.headers().get_one("Location"),
                Some("/staff/login"),
                "{method} {path}"
            );
        }
        // Admin-only routes refuse a caseworker.
        let admin_only = path.starts_with("/staff/admin")
            || path.starts_with("/staff/approvals")
            || path.starts_with("/staff/petitions")
            || path.starts_with("/staff/signing");
        if admin_only {
            let token = csrf(&caseworker).await;
            let r = caseworker
                .req(*method, path.clone())
                .header(ContentType::Form)
                .body(format!(
                    "csrf_token={token}&reason=x&roles=admin&active=false&decision=approve"
                ))
                .dispatch()
                .await;
            assert_eq!(r.status(), Status::Forbidden, "caseworker {method} {path}");
        }
    }
    // The JSON route answers 401 without a session and works with one.
    let (status, _, body) = get(&caseworker, "/staff/api/me").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("\"caseworker\""));
}

#[rocket::async_test]
async fn logged_in_staff_still_need_the_csrf_token_on_every_form() {
    use peyvand::entities::audit_event;
    let app = TestApp::new().await;
    let (_admin, browser) = member(&app, "csrf-admin@example.org", &[Role::Admin]).await;
    let (other, _) = member(&app, "csrf-other@example.org", &[Role::Caseworker]).await;
    let events_before = audit_event::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .len();
    let posts: Vec<String> = app
        .client
        .rocket()
        .routes()
        .filter(|r| r.method == Method::Post && r.uri.path().starts_with("/staff"))
        .map(|r| fill(r.uri.path(), &other.id.to_string()))
        // These two need a half-finished login; checked below.
        .filter(|p| p != "/staff/login/verify" && p != "/staff/enrol/second-factor")
        .collect();
    for path in posts {
        let body = "roles=admin&reason=x&active=false&decision=approve&email=a@example.org&password=x&code=1";
        for forged in ["", "&csrf_token=forged"] {
            let r = browser
                .post(path.clone())
                .header(ContentType::Form)
                .body(format!("{body}{forged}"))
                .dispatch()
                .await;
            assert_eq!(r.status(), Status::Forbidden, "POST {path}{forged}");
        }
    }
    assert_eq!(
        get(&browser, "/staff").await.0,
        Status::Ok,
        "still logged in: logout needs the token too"
    );
    // A half-finished login: the second-factor form needs the token too.
    let pending = app.new_client().await;
    let r = post(
        &pending,
        "/staff/login",
        &[("email", "csrf-other@example.org"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let r = pending
        .post("/staff/login/verify")
        .header(ContentType::Form)
        .body(format!("code={}", other.code(1)))
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    let r = post(&pending, "/staff/login/verify", &[("code", &other.code(1))]).await;
    assert_eq!(
        r.status(),
        Status::SeeOther,
        "with the token the same code works (it was not used up)"
    );
    let events_before = events_before + 2; // the password step and the login, nothing else
    let events_after = audit_event::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .len();
    assert_eq!(events_before, events_after, "nothing happened");
}

#[rocket::async_test]
async fn staff_actions_and_reads_are_audited() {
    use peyvand::entities::audit_event;
    let app = TestApp::new().await;
    let (_admin, browser) = member(&app, "auditor@example.org", &[Role::Admin]).await;
    assert_eq!(get(&browser, "/staff/admin/staff").await.0, Status::Ok);
    let (status, _, body) = get(&browser, "/staff/admin/audit?action=staff.").await;
    assert_eq!(status, Status::Ok);
    assert!(
        body.contains("staff.list.view"),
        "the list view was recorded"
    );
    assert!(body.contains("The log is intact"));
    let actions: Vec<String> = audit_event::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for expected in [
        "staff.create",
        "staff.enrol.password",
        "staff.enrol.second_factor",
        "staff.list.view",
        "audit.view",
    ] {
        assert!(
            actions.iter().any(|a| a == expected),
            "{expected} in {actions:?}"
        );
    }
    let all = audit_event::Entity::find().all(&app.ctx.db).await.unwrap();
    assert!(
        all.iter()
            .all(|e| !e.details.contains("auditor@example.org")),
        "no addresses in the audit log"
    );
}

#[rocket::async_test]
async fn names_and_reasons_are_shown_as_text() {
    let app = TestApp::new().await;
    let (_admin, browser) = member(&app, "escape@example.org", &[Role::Admin]).await;
    let r = invite(
        &browser,
        "x1@example.org",
        "<script>alert(1)</script>",
        "caseworker",
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let (_, _, body) = get(&browser, "/staff/admin/staff").await;
    assert!(!body.contains("<script>alert(1)</script>"));
    assert!(body.contains("&lt;script&gt;"));
}
