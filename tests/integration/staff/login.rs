//! Logging in and staying logged in: enrolment ends logged in, the two-step login, codes
//! that cannot be replayed, recovery codes that work once, unknown addresses and wrong
//! passwords alike (and locked out alike), a new session id at login, the release cookie's
//! attributes, idle and absolute expiry, ending sessions (one's own everywhere, or another's
//! as an administrator), and forged session cookies.

use crate::support::TestApp;
use crate::support::staff::{PASSWORD, csrf, get, login, logout, member, post};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{login_throttle, staff_session};
use peyvand::ids::StaffId;
use rocket::http::{ContentType, Cookie, Status};
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
    assert_eq!(live[0].stage.as_str(), "full");
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

async fn age_sessions(
    app: &TestApp,
    staff_id: StaffId,
    f: impl Fn(&mut staff_session::ActiveModel),
) {
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
