//! Staff accounts end to end: enrolment, two-step login, replay and recovery codes,
//! lockout without an oracle, session expiry and revocation, every staff route refused
//! to anonymous and wrong-role requests, four-eyes approvals, and bad input.

use crate::support::TestApp;
use crate::support::staff::{
    PASSWORD, create, csrf, enrol, get, invite, login, logout, member, post,
};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{approval, login_throttle, staff, staff_session};
use rocket::http::{ContentType, Cookie, Method, Status};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

#[rocket::async_test]
async fn enrol_login_with_second_factor_and_logout() {
    let app = TestApp::new().await;
    let (m, browser) = member(&app, "maryam@example.org", &[Role::Admin]).await;
    // Enrolment ends fully logged in.
    let (status, _, body) = get(&browser, "/staff").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("maryam"));
    logout(&browser).await;
    let (status, location, _) = get(&browser, "/staff").await;
    assert_eq!(
        (status, location.as_deref()),
        (Status::SeeOther, Some("/staff/login"))
    );

    // The code used at enrolment cannot be replayed; the next one works.
    let r = login(&browser, &m.email, PASSWORD, &m.code(0)).await;
    assert_eq!(
        r.status(),
        Status::UnprocessableEntity,
        "replayed code refused"
    );
    let r = post(&browser, "/staff/login/verify", &[("code", "000000")]).await;
    assert_eq!(
        r.status(),
        Status::UnprocessableEntity,
        "wrong code refused"
    );
    let r = post(&browser, "/staff/login/verify", &[("code", &m.code(1))]).await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(r.headers().get_one("Location"), Some("/staff"));
    assert_eq!(get(&browser, "/staff").await.0, Status::Ok);
}

#[rocket::async_test]
async fn the_session_id_changes_at_login_and_a_pending_login_is_not_a_session() {
    let app = TestApp::new().await;
    let (m, browser) = member(&app, "rotate@example.org", &[Role::Caseworker]).await;
    logout(&browser).await;
    let r = post(
        &browser,
        "/staff/login",
        &[("email", &m.email), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    // Password alone does not open staff pages.
    assert_eq!(get(&browser, "/staff").await.0, Status::SeeOther);
    let pending: Vec<_> = staff_session::Entity::find()
        .filter(staff_session::Column::StaffId.eq(m.id))
        .filter(staff_session::Column::RevokedAt.is_null())
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(pending.len(), 1);
    post(&browser, "/staff/login/verify", &[("code", &m.code(1))]).await;
    let live: Vec<_> = staff_session::Entity::find()
        .filter(staff_session::Column::StaffId.eq(m.id))
        .filter(staff_session::Column::RevokedAt.is_null())
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(live.len(), 1);
    assert_ne!(
        live[0].id, pending[0].id,
        "a new session id after the second factor"
    );
    assert_eq!(live[0].stage, "full");
}

#[rocket::async_test]
async fn a_recovery_code_works_once() {
    let app = TestApp::new().await;
    let (m, browser) = member(&app, "recover@example.org", &[Role::Organiser]).await;
    logout(&browser).await;
    let code = m.recovery[3].to_uppercase().replace('-', " ");
    let r = login(&browser, &m.email, PASSWORD, &code).await;
    assert_eq!(
        r.status(),
        Status::SeeOther,
        "recovery code accepted (case and dashes do not matter)"
    );
    logout(&browser).await;
    let r = login(&browser, &m.email, PASSWORD, &m.recovery[3]).await;
    assert_eq!(
        r.status(),
        Status::UnprocessableEntity,
        "used recovery code refused"
    );
}

fn strip(body: &str, email: &str) -> String {
    body.replace(email, "EMAIL")
}

#[rocket::async_test]
async fn unknown_email_and_wrong_password_look_the_same_and_lock_out_alike() {
    let app = TestApp::new().await;
    let (m, _) = member(&app, "known@example.org", &[Role::Admin]).await;
    let browser = app.new_client().await;
    let unknown = post(
        &browser,
        "/staff/login",
        &[("email", "nobody@example.org"), ("password", PASSWORD)],
    )
    .await;
    let (s1, b1) = (unknown.status(), unknown.into_string().await.unwrap());
    let wrong = post(
        &browser,
        "/staff/login",
        &[("email", &m.email), ("password", "wrong password here")],
    )
    .await;
    let (s2, b2) = (wrong.status(), wrong.into_string().await.unwrap());
    assert_eq!(s1, Status::UnprocessableEntity);
    assert_eq!(s1, s2);
    assert_eq!(
        strip(&b1, "nobody@example.org"),
        strip(&b2, &m.email),
        "identical pages"
    );
    assert!(
        !b1.contains(PASSWORD) && !b2.contains("wrong password here"),
        "passwords never echoed"
    );

    // Five attempts from one network lock both addresses there; the right password is then
    // refused the same way.
    for _ in 0..4 {
        post(
            &browser,
            "/staff/login",
            &[("email", &m.email), ("password", "still wrong, sorry")],
        )
        .await;
        post(
            &browser,
            "/staff/login",
            &[("email", "nobody@example.org"), ("password", "x")],
        )
        .await;
    }
    let r = post(
        &browser,
        "/staff/login",
        &[("email", &m.email), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(
        r.status(),
        Status::UnprocessableEntity,
        "after five failures: locked even with the right password"
    );
    let b3 = r.into_string().await.unwrap();
    assert_eq!(
        strip(&b3, &m.email),
        strip(&b1, "nobody@example.org"),
        "a locked account looks like any failure"
    );
    post(
        &browser,
        "/staff/login",
        &[("email", "nobody@example.org"), ("password", "x")],
    )
    .await;
    let rows = login_throttle::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(
        rows.len(),
        4,
        "per address and per address-and-network, known or unknown alike"
    );
    let now = chrono::Utc::now();
    assert_eq!(
        rows.iter()
            .filter(|r| r.locked_until.is_some_and(|t| t > now))
            .count(),
        2,
        "both locked from this network"
    );
    assert!(
        rows.iter().all(|r| r.failures <= 5),
        "a locked key counts nothing more"
    );

    // Another network is not locked out by this one (the per-address limit is higher).
    let elsewhere = app.new_client().await;
    let token = csrf(&elsewhere).await;
    let r = elsewhere
        .post("/staff/login")
        .remote("198.51.100.9:4000".parse().unwrap())
        .header(ContentType::Form)
        .body(crate::support::form_urlencoded(&[
            ("csrf_token", &token),
            ("email", &m.email),
            ("password", PASSWORD),
        ]))
        .dispatch()
        .await;
    assert_eq!(
        r.status(),
        Status::SeeOther,
        "the owner can still log in from another network"
    );

    // When the lock has passed, the right password works again here too.
    for row in login_throttle::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
    {
        let mut am: login_throttle::ActiveModel = row.into();
        am.locked_until = Set(Some(chrono::Utc::now() - chrono::Duration::seconds(1)));
        am.update(&app.ctx.db).await.unwrap();
    }
    let r = post(
        &browser,
        "/staff/login",
        &[("email", &m.email), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
}

async fn age_sessions(app: &TestApp, staff_id: i64, f: impl Fn(&mut staff_session::ActiveModel)) {
    let rows = staff_session::Entity::find()
        .filter(staff_session::Column::StaffId.eq(staff_id))
        .all(&app.ctx.db)
        .await
        .unwrap();
    for row in rows {
        let mut am: staff_session::ActiveModel = row.into();
        f(&mut am);
        am.update(&app.ctx.db).await.unwrap();
    }
}

#[rocket::async_test]
async fn idle_and_absolute_expiry_end_a_session() {
    let app = TestApp::new().await;
    let (m, browser) = member(&app, "idle@example.org", &[Role::Caseworker]).await;
    assert_eq!(get(&browser, "/staff").await.0, Status::Ok);
    age_sessions(&app, m.id, |s| {
        s.last_seen_at = Set(chrono::Utc::now() - chrono::Duration::minutes(31))
    })
    .await;
    assert_eq!(
        get(&browser, "/staff").await.1.as_deref(),
        Some("/staff/login"),
        "idle timeout"
    );

    let (m2, browser2) = member(&app, "absolute@example.org", &[Role::Caseworker]).await;
    assert_eq!(get(&browser2, "/staff").await.0, Status::Ok);
    age_sessions(&app, m2.id, |s| {
        s.expires_at = Set(chrono::Utc::now() - chrono::Duration::seconds(1))
    })
    .await;
    assert_eq!(
        get(&browser2, "/staff").await.1.as_deref(),
        Some("/staff/login"),
        "absolute lifetime"
    );
}

#[rocket::async_test]
async fn sessions_can_be_ended_by_their_owner_and_by_an_admin() {
    let app = TestApp::new().await;
    let (admin, admin_browser) = member(&app, "admin@example.org", &[Role::Admin]).await;
    let (worker, laptop) = member(&app, "worker@example.org", &[Role::Caseworker]).await;
    // A second device of the same worker.
    let phone = app.new_client().await;
    let r = login(&phone, &worker.email, PASSWORD, &worker.code(1)).await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(get(&phone, "/staff").await.0, Status::Ok);
    // "Log out everywhere" from the phone ends the laptop's session too.
    let r = post(&phone, "/staff/sessions/end-all", &[]).await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(get(&laptop, "/staff").await.0, Status::SeeOther);
    assert_eq!(get(&phone, "/staff").await.0, Status::SeeOther);
    // An admin ends another member's sessions.
    let again = app.new_client().await;
    let code = worker.recovery[0].clone();
    assert_eq!(
        login(&again, &worker.email, PASSWORD, &code).await.status(),
        Status::SeeOther
    );
    let r = post(
        &admin_browser,
        &format!("/staff/admin/staff/{}/end-sessions", worker.id),
        &[],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(get(&again, "/staff").await.0, Status::SeeOther);
    let _ = admin;
}

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
async fn a_forged_or_garbled_session_cookie_is_just_not_logged_in() {
    let app = TestApp::new().await;
    let browser = app.new_client().await;
    for value in ["forged", "", &"A".repeat(4000), "%00%ff"] {
        let r = browser
            .get("/staff")
            .cookie(Cookie::new("staff_session", value.to_owned()))
            .dispatch()
            .await;
        assert_eq!(r.status(), Status::SeeOther, "{value:.20}");
        let r = browser
            .get("/staff/api/me")
            .cookie(Cookie::new("staff_session", value.to_owned()))
            .dispatch()
            .await;
        assert_eq!(r.status(), Status::Unauthorized);
    }
}

#[rocket::async_test]
async fn four_eyes_reset_of_a_second_factor() {
    let app = TestApp::new().await;
    let (_a, browser_a) = member(&app, "a@example.org", &[Role::Admin]).await;
    let (b, browser_b) = member(&app, "b@example.org", &[Role::Admin]).await;
    let (c, browser_c) = member(&app, "c@example.org", &[Role::Caseworker]).await;
    let reset = format!("/staff/admin/staff/{}/reset-second-factor", c.id);
    // No reason, no proposal.
    let r = post(&browser_a, &reset, &[("reason", "")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        approval::Entity::find()
            .all(&app.ctx.db)
            .await
            .unwrap()
            .is_empty()
    );
    let r = post(
        &browser_a,
        &reset,
        &[("reason", "lost phone, confirmed by call")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let proposal = approval::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let decide = format!("/staff/approvals/{}", proposal.id);
    let enrolled = || async {
        staff::Entity::find_by_id(c.id)
            .one(&app.ctx.db)
            .await
            .unwrap()
            .unwrap()
            .totp_enabled
    };
    assert!(enrolled().await, "nothing ran yet");
    // The proposer cannot approve.
    let r = post(
        &browser_a,
        &decide,
        &[("decision", "approve"), ("code", "000000")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    // The subject is no admin here: the role guard refuses.
    let r = post(
        &browser_c,
        &decide,
        &[("decision", "approve"), ("code", &c.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::Forbidden);
    // A second admin without a fresh code: refused, nothing ran.
    let r = post(
        &browser_b,
        &decide,
        &[("decision", "approve"), ("code", "123456")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("needs a fresh code")
    );
    assert!(enrolled().await);
    // With the code: the reset runs, C's sessions end, a new enrolment link is emailed.
    let r = post(
        &browser_b,
        &decide,
        &[("decision", "approve"), ("code", &b.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let account = staff::Entity::find_by_id(c.id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        !account.totp_enabled && account.totp_secret.is_none() && account.password_hash.is_none()
    );
    assert_eq!(get(&browser_c, "/staff").await.0, Status::SeeOther);
    // Deciding again is refused.
    let r = post(
        &browser_b,
        &decide,
        &[("decision", "reject"), ("code", &b.recovery[0])],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    // The old password no longer opens anything.
    let r = post(
        &browser_c,
        "/staff/login",
        &[("email", &c.email), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    // C sets the account up again through the emailed link.
    peyvand::mail::outbox::process_due(&app.ctx, chrono::Utc::now())
        .await
        .unwrap();
    let link = app
        .ctx
        .mailer
        .sent()
        .into_iter()
        .find(|m| m.to == "c@example.org")
        .and_then(|m| {
            m.email
                .text
                .lines()
                .find(|l| l.contains("/staff/enrol/"))
                .map(str::to_owned)
        })
        .expect("a new enrolment link for C");
    let again = enrol(&app.new_client().await, link.trim(), c.id, &c.email).await;
    assert_eq!(again.recovery.len(), 10);
}

#[rocket::async_test]
async fn four_eyes_rejection_and_expiry_run_nothing() {
    let app = TestApp::new().await;
    let (_a, browser_a) = member(&app, "a2@example.org", &[Role::Admin]).await;
    let (b, browser_b) = member(&app, "b2@example.org", &[Role::Admin]).await;
    let (c, _) = member(&app, "c2@example.org", &[Role::Organiser]).await;
    let roles_path = format!("/staff/admin/staff/{}/roles", c.id);
    // Granting admin without a reason is refused; with one it is proposed, not done.
    let r = post(
        &browser_a,
        &roles_path,
        &[("roles", "admin"), ("roles", "organiser"), ("reason", "")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let r = post(
        &browser_a,
        &roles_path,
        &[
            ("roles", "admin"),
            ("roles", "organiser"),
            ("reason", "new director"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let roles = || async {
        staff::Entity::find_by_id(c.id)
            .one(&app.ctx.db)
            .await
            .unwrap()
            .unwrap()
            .roles
    };
    assert_eq!(roles().await, "organiser");
    let first = approval::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let r = post(
        &browser_b,
        &format!("/staff/approvals/{}", first.id),
        &[
            ("decision", "reject"),
            ("note", "not agreed"),
            ("code", &b.code(1)),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(roles().await, "organiser", "rejection runs nothing");
    // A second proposal expires before anyone decides.
    post(
        &browser_a,
        &roles_path,
        &[("roles", "admin"), ("reason", "again")],
    )
    .await;
    let second = approval::Entity::find()
        .filter(approval::Column::Status.eq("pending"))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: approval::ActiveModel = second.clone().into();
    am.expires_at = Set(chrono::Utc::now() - chrono::Duration::seconds(1));
    am.update(&app.ctx.db).await.unwrap();
    let r = post(
        &browser_b,
        &format!("/staff/approvals/{}", second.id),
        &[("decision", "approve"), ("code", &b.recovery[0])],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(r.into_string().await.unwrap().contains("expired"));
    assert_eq!(roles().await, "organiser", "expiry runs nothing");
}

#[rocket::async_test]
async fn admin_invites_by_email_and_bad_input_stores_nothing() {
    let app = TestApp::new().await;
    let (_admin, browser) = member(&app, "boss@example.org", &[Role::Admin]).await;
    let count = || async { staff::Entity::find().all(&app.ctx.db).await.unwrap().len() };
    let before = count().await;
    for (fields, field) in [
        (
            vec![
                ("email", "\u{430}dmin@example.org"),
                ("display_name", "Fake"),
                ("roles", "caseworker"),
            ],
            "email",
        ),
        (
            vec![
                ("email", "not-an-address"),
                ("display_name", "X"),
                ("roles", "caseworker"),
            ],
            "email",
        ),
        (
            vec![
                ("email", "ok@example.org"),
                ("display_name", &"n".repeat(500)),
                ("roles", "caseworker"),
            ],
            "display_name",
        ),
        (
            vec![
                ("email", "ok@example.org"),
                ("display_name", "Ok"),
                ("roles", "root"),
            ],
            "roles",
        ),
        (
            vec![("email", "ok@example.org"), ("display_name", "Ok")],
            "roles",
        ),
        (
            vec![
                ("email", "boss@example.org"),
                ("display_name", "Again"),
                ("roles", "caseworker"),
            ],
            "email",
        ),
        (
            vec![
                ("email", &format!("{}@example.org", "x".repeat(5000))),
                ("display_name", "Long"),
                ("roles", "caseworker"),
            ],
            "email",
        ),
    ] {
        let r = post(&browser, "/staff/admin/staff", &fields).await;
        assert_eq!(
            r.status(),
            Status::UnprocessableEntity,
            "{field}: {fields:.60?}"
        );
        let body = r.into_string().await.unwrap();
        assert!(
            body.contains(&format!("href=\"#{field}\"")),
            "error summary points at {field}"
        );
    }
    assert_eq!(count().await, before, "nothing stored");
    let r = invite(&browser, "New.Colleague@Example.org", "نسرین", "caseworker").await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(count().await, before + 1);
    let mail = app.ctx.mailer.sent();
    assert!(mail.is_empty(), "queued, not yet sent");
    peyvand::mail::outbox::process_due(&app.ctx, chrono::Utc::now())
        .await
        .unwrap();
    let mail = app.ctx.mailer.sent();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].to, "new.colleague@example.org");
    assert!(mail[0].email.text.contains("/staff/enrol/"));
    assert!(
        !mail[0].email.subject.to_lowercase().contains("peyvand"),
        "subject names no service"
    );
}

#[rocket::async_test]
async fn enrolment_refuses_weak_passwords_and_used_links() {
    let app = TestApp::new().await;
    let (id, link) = create(&app, "weak@example.org", &[Role::Caseworker]).await;
    let browser = app.new_client().await;
    let path = link.split("127.0.0.1:8000").nth(1).unwrap().to_owned();
    for (pw, confirm, code) in [
        ("short", "short", "Use at least 12 characters"),
        ("qwerty123456", "qwerty123456", "too common"),
        (
            "a fine long passphrase",
            "a different passphrase",
            "are different",
        ),
    ] {
        let r = post(
            &browser,
            &path,
            &[("password", pw), ("password_confirm", confirm)],
        )
        .await;
        assert_eq!(r.status(), Status::UnprocessableEntity);
        let body = r.into_string().await.unwrap();
        assert!(body.contains(code), "{pw}: {code}");
        assert!(!body.contains(pw) || pw == "short", "password not echoed");
    }
    let account = staff::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(account.password_hash.is_none(), "nothing stored");
    let m = enrol(&browser, &link, id, "weak@example.org").await;
    assert_eq!(m.recovery.len(), 10);
    // The link is used up.
    let (status, _, body) = get(&app.new_client().await, &path).await;
    assert_eq!(status, Status::NotFound);
    assert!(body.contains("cannot be used"));
    // Stored hashed: argon2id.
    let account = staff::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        account
            .password_hash
            .unwrap()
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
    );
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
async fn in_release_the_session_cookie_is_host_only_secure_and_strict() {
    let app = TestApp::builder()
        .config(|c| c.profile = "release".into())
        .build()
        .await;
    let (m, browser) = member(&app, "release@example.org", &[Role::Caseworker]).await;
    logout(&browser).await;
    let r = post(
        &browser,
        "/staff/login",
        &[("email", &m.email), ("password", PASSWORD)],
    )
    .await;
    let cookie = r
        .headers()
        .get("Set-Cookie")
        .find(|c| c.starts_with("__Host-staff_session="))
        .expect("the __Host- session cookie")
        .to_owned();
    for attribute in ["Secure", "HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} in {cookie}");
    }
    assert!(!cookie.contains("Domain="), "host-only");
    // Overlong input on the login form is refused like any failure, never a 500.
    let long = "x".repeat(20_000);
    let r = post(
        &browser,
        "/staff/login",
        &[("email", &long), ("password", &long)],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
}

#[rocket::async_test]
async fn admin_changes_need_a_second_admin_and_nobody_changes_their_own_account() {
    let app = TestApp::new().await;
    let (a, browser_a) = member(&app, "a3@example.org", &[Role::Admin]).await;
    let (b, browser_b) = member(&app, "b3@example.org", &[Role::Admin]).await;
    let (c, browser_c) = member(&app, "c3@example.org", &[Role::Caseworker]).await;
    let account = |id: i64| {
        let db = app.ctx.db.clone();
        async move {
            staff::Entity::find_by_id(id)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
        }
    };
    // Own roles and own access: refused outright.
    let r = post(
        &browser_a,
        &format!("/staff/admin/staff/{}/roles", a.id),
        &[
            ("roles", "admin"),
            ("roles", "caseworker"),
            ("reason", "me"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let r = post(
        &browser_a,
        &format!("/staff/admin/staff/{}/active", a.id),
        &[("active", "false")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert_eq!(account(a.id).await.roles, "admin");
    // Disabling an administrator is a proposal; the subject cannot decide it.
    let r = post(
        &browser_a,
        &format!("/staff/admin/staff/{}/active", b.id),
        &[("active", "false"), ("reason", "left the organisation")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert!(account(b.id).await.active, "not yet");
    let disable = approval::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let r = post(
        &browser_b,
        &format!("/staff/approvals/{}", disable.id),
        &[("decision", "reject"), ("code", &b.code(1))],
    )
    .await;
    assert_eq!(
        r.status(),
        Status::UnprocessableEntity,
        "the subject cannot decide"
    );
    assert!(r.into_string().await.unwrap().contains("your own account"));
    // B makes C an administrator (proposed by B, approved by A).
    post(
        &browser_b,
        &format!("/staff/admin/staff/{}/roles", c.id),
        &[
            ("roles", "admin"),
            ("roles", "caseworker"),
            ("reason", "second admin needed"),
        ],
    )
    .await;
    let grant = approval::Entity::find()
        .filter(approval::Column::Kind.eq("staff.set_roles"))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let r = post(
        &browser_a,
        &format!("/staff/approvals/{}", grant.id),
        &[("decision", "approve"), ("code", &a.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(account(c.id).await.roles, "admin,caseworker");
    // The new administrator C approves disabling B: B is disabled and logged out.
    let r = post(
        &browser_c,
        &format!("/staff/approvals/{}", disable.id),
        &[("decision", "approve"), ("code", &c.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert!(!account(b.id).await.active);
    assert_eq!(get(&browser_b, "/staff").await.0, Status::SeeOther);
    // Inviting someone straight in as an administrator is refused.
    let before = staff::Entity::find().all(&app.ctx.db).await.unwrap().len();
    let r = invite(&browser_a, "sneaky@example.org", "Sneaky", "admin").await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("cannot be given with an invitation")
    );
    assert_eq!(
        staff::Entity::find().all(&app.ctx.db).await.unwrap().len(),
        before
    );
}

#[rocket::async_test]
async fn an_unfinished_enrolment_gives_no_access_and_can_be_resent() {
    let app = TestApp::new().await;
    let (_admin, browser) = member(&app, "resend-admin@example.org", &[Role::Admin]).await;
    let (id, link) = create(&app, "halfway@example.org", &[Role::Caseworker]).await;
    let path = link.split("127.0.0.1:8000").nth(1).unwrap().to_owned();
    let half = app.new_client().await;
    let r = post(
        &half,
        &path,
        &[("password", PASSWORD), ("password_confirm", PASSWORD)],
    )
    .await;
    assert_eq!(
        r.status(),
        Status::SeeOther,
        "password set, authenticator not yet"
    );
    // Without finishing, the password alone opens nothing, on any browser.
    let other = app.new_client().await;
    let r = post(
        &other,
        "/staff/login",
        &[("email", "halfway@example.org"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    // The admin sends a new link; the old one stops working.
    let r = post(
        &browser,
        &format!("/staff/admin/staff/{id}/resend-enrolment"),
        &[],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(get(&other, &path).await.0, Status::NotFound);
    peyvand::mail::outbox::process_due(&app.ctx, chrono::Utc::now())
        .await
        .unwrap();
    let fresh = app
        .ctx
        .mailer
        .sent()
        .into_iter()
        .find(|m| m.to == "halfway@example.org")
        .expect("new link emailed");
    let link = fresh
        .email
        .text
        .lines()
        .find(|l| l.contains("/staff/enrol/"))
        .unwrap()
        .trim()
        .to_owned();
    let m = enrol(&app.new_client().await, &link, id, "halfway@example.org").await;
    assert_eq!(m.recovery.len(), 10);
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

/// Two caseworkers make a four-eyes release of a contact case, so one administrator
/// alone must not be able to make caseworkers: the role waits for a second administrator,
/// whether given at invitation or later.
#[rocket::async_test]
async fn the_caseworker_role_needs_a_second_administrator() {
    use peyvand::i18n::Locale;
    use peyvand::services::staff::accounts::{self as staff_svc, NewStaff};
    use peyvand::services::staff::admin::{self, AdminOutcome, Decision};
    let app = TestApp::new().await;
    let (a, _) = member(&app, "a@example.org", &[Role::Admin]).await;
    let (b, _) = member(&app, "b@example.org", &[Role::Admin]).await;
    let now = chrono::Utc::now();
    let invited = staff_svc::invite(
        &app.ctx,
        a.id,
        &NewStaff {
            email: "new@example.org".into(),
            display_name: "New".into(),
            roles: vec![Role::Caseworker, Role::Organiser],
        },
        Locale::En,
        now,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(invited.roles, "organiser", "not a caseworker yet");
    let pending = approval::Entity::find()
        .filter(approval::Column::Subject.eq(format!("staff:{}", invited.id)))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .expect("a proposal");
    assert_eq!(pending.status, "pending");
    let decide = |who: &crate::support::staff::Member, id: i64| {
        let code = who.code(1);
        let who = who.id;
        let app = &app;
        async move {
            let account = staff::Entity::find_by_id(who)
                .one(&app.ctx.db)
                .await
                .unwrap()
                .unwrap();
            admin::decide(
                &app.ctx,
                &account,
                Decision {
                    id,
                    approve: true,
                    note: "",
                    code: &code,
                },
                Locale::En,
                chrono::Utc::now(),
            )
            .await
            .unwrap()
        }
    };
    assert!(decide(&a, pending.id).await.is_err(), "not by the inviter");
    decide(&b, pending.id).await.unwrap();
    let account = staff::Entity::find_by_id(invited.id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.roles, "caseworker,organiser");

    // Taking it away (or giving it later) is proposed too.
    let out = admin::set_roles(&app.ctx, a.id, invited.id, &[Role::Organiser], "left", now)
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(out, AdminOutcome::Proposed(_)));
    let account = staff::Entity::find_by_id(invited.id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        account.roles, "caseworker,organiser",
        "unchanged until approved"
    );
}
