//! Staff login under attack: a guesser who knows an address locks it for unknown browsers
//! only; the owner's known device (one that completed a full login) still gets in, on its
//! own throttle; administrators get one content-free alert per address and period, and the
//! lock is in the audit log; unknown addresses behave exactly like known ones.

use crate::support::staff::{PASSWORD, csrf, login, member};
use crate::support::{TestApp, form_urlencoded};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{login_throttle, outbox};
use rocket::http::{ContentType, Status};
use rocket::local::asynchronous::Client;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

/// The password step from `client`, as if from `remote`; status and body with the address
/// blanked out.
async fn attempt(client: &Client, remote: &str, email: &str, password: &str) -> (Status, String) {
    let token = csrf(client).await;
    let r = client
        .post("/staff/login")
        .remote(remote.parse().unwrap())
        .header(ContentType::Form)
        .body(form_urlencoded(&[
            ("csrf_token", &token),
            ("email", email),
            ("password", password),
        ]))
        .dispatch()
        .await;
    let status = r.status();
    (
        status,
        r.into_string()
            .await
            .unwrap_or_default()
            .replace(email, "EMAIL"),
    )
}

async fn alerts(app: &TestApp) -> u64 {
    outbox::Entity::find()
        .filter(outbox::Column::Template.eq("staff_login_alert"))
        .count(&app.ctx.db)
        .await
        .unwrap()
}

async fn lock_events(app: &TestApp) -> u64 {
    app.audited("staff.login.address_locked").await
}

/// Ends every running lock (`alert_too`: and the alert periods, whose rows count nothing).
async fn time_passes(app: &TestApp, alert_too: bool) {
    for row in login_throttle::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
    {
        if row.failures == 0 && !alert_too {
            continue;
        }
        let mut am: login_throttle::ActiveModel = row.into();
        am.locked_until = Set(Some(chrono::Utc::now() - chrono::Duration::seconds(1)));
        am.update(&app.ctx.db).await.unwrap();
    }
}

#[rocket::async_test]
async fn a_guesser_locks_unknown_browsers_out_but_not_the_owners_known_device() {
    let app = TestApp::new().await;
    let (owner, owner_browser) = member(&app, "owner@example.org", &[Role::Admin]).await;
    let (_, _) = member(&app, "second@example.org", &[Role::Admin]).await;
    let (_, colleague_browser) = member(&app, "colleague@example.org", &[Role::Organiser]).await;
    const NOBODY: &str = "nobody@example.org";
    let guesser = app.new_client().await;

    // Twenty wrong passwords from ten networks, on a known and an unknown address alike:
    // the same answers throughout, and both addresses end up locked.
    for i in 0..20 {
        let remote = format!("203.0.113.{}:4000", i / 2);
        let known = attempt(&guesser, &remote, &owner.email, "guess").await;
        let unknown = attempt(&guesser, &remote, NOBODY, "guess").await;
        assert_eq!(known.0, Status::UnprocessableEntity, "attempt {i}");
        assert_eq!(known, unknown, "attempt {i}: no oracle");
    }
    // The guesser, from a fresh network, with the right password: locked.
    let known = attempt(&guesser, "198.51.100.50:4000", &owner.email, PASSWORD).await;
    let unknown = attempt(&guesser, "198.51.100.50:4000", NOBODY, PASSWORD).await;
    assert_eq!(
        known.0,
        Status::UnprocessableEntity,
        "the guesser stays out"
    );
    assert_eq!(known, unknown, "locked looks like unknown");
    // The owner on a browser that never logged in: locked too.
    let new_browser = app.new_client().await;
    let r = attempt(&new_browser, "192.0.2.10:4000", &owner.email, PASSWORD).await;
    assert_eq!(
        r.0,
        Status::UnprocessableEntity,
        "an unknown device is locked"
    );
    // A colleague's known device is not the owner's: locked.
    let r = attempt(
        &colleague_browser,
        "192.0.2.11:4000",
        &owner.email,
        PASSWORD,
    )
    .await;
    assert_eq!(r.0, Status::UnprocessableEntity, "another account's device");

    // Each address's lock is one event in the audit log, and each alerted both
    // administrators once (not the organiser, not per attempt).
    assert_eq!(lock_events(&app).await, 2);
    assert_eq!(alerts(&app).await, 4, "two addresses × two administrators");

    // The owner's browser, which completed a full login at enrolment, gets in.
    let r = login(&owner_browser, &owner.email, PASSWORD, &owner.code(1)).await;
    assert_eq!(
        r.status(),
        Status::SeeOther,
        "the owner gets in during the attack"
    );
    assert_eq!(r.headers().get_one("Location"), Some("/staff"));
    // …without ending the attack's lock for everyone else.
    let r = attempt(&new_browser, "192.0.2.10:4001", &owner.email, PASSWORD).await;
    assert_eq!(
        r.0,
        Status::UnprocessableEntity,
        "still locked for unknown devices"
    );

    // The lock passes and the guessing goes on: a new lock, a new audit event, but no
    // second alert within the hour.
    time_passes(&app, false).await;
    for remote in ["203.0.113.100:1", "203.0.113.101:1"] {
        let known = attempt(&guesser, remote, &owner.email, "guess").await;
        let unknown = attempt(&guesser, remote, NOBODY, "guess").await;
        assert_eq!(known, unknown);
    }
    assert_eq!(lock_events(&app).await, 4, "the new locks are audited");
    assert_eq!(alerts(&app).await, 4, "one alert per address and period");
    // After the period, the next lock alerts again.
    time_passes(&app, true).await;
    for remote in ["203.0.113.102:1", "203.0.113.103:1"] {
        let known = attempt(&guesser, remote, &owner.email, "guess").await;
        let unknown = attempt(&guesser, remote, NOBODY, "guess").await;
        assert_eq!(known, unknown);
    }
    assert_eq!(alerts(&app).await, 8, "a new period, a new alert");
    // The alert names nobody.
    let row = outbox::Entity::find()
        .filter(outbox::Column::Template.eq("staff_login_alert"))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let sealed = app
        .ctx
        .crypto
        .decrypt("outbox.payload", &row.payload)
        .unwrap();
    let text = String::from_utf8(sealed).unwrap();
    assert!(
        !text.contains("owner") && !text.contains("nobody") && !text.contains("203.0.113"),
        "content-free alert"
    );
}

#[rocket::async_test]
async fn a_known_device_has_its_own_throttle() {
    let app = TestApp::new().await;
    let (owner, owner_browser) = member(&app, "device@example.org", &[Role::Caseworker]).await;
    crate::support::staff::logout(&owner_browser).await;
    // Five wrong passwords on the known device lock that device, even with the right one.
    for _ in 0..5 {
        let r = attempt(&owner_browser, "192.0.2.20:1", &owner.email, "wrong").await;
        assert_eq!(r.0, Status::UnprocessableEntity);
    }
    let r = attempt(&owner_browser, "192.0.2.21:1", &owner.email, PASSWORD).await;
    assert_eq!(r.0, Status::UnprocessableEntity, "the device is locked");
    // Its failures are its own: from another browser the address is not locked.
    let other = app.new_client().await;
    let r = attempt(&other, "192.0.2.22:1", &owner.email, PASSWORD).await;
    assert_eq!(
        r.0,
        Status::SeeOther,
        "the address is not locked by the device"
    );
    // A forged device cookie is not a device: the guard finds nothing (it is encrypted).
    let forged = app.new_client().await;
    forged.cookies().add(rocket::http::Cookie::new(
        "staff_device",
        format!("{}.x.1", owner.id),
    ));
    for i in 0..20 {
        attempt(&forged, &format!("203.0.113.{i}:1"), &owner.email, "guess").await;
    }
    let r = attempt(&forged, "203.0.113.99:1", &owner.email, PASSWORD).await;
    assert_eq!(
        r.0,
        Status::UnprocessableEntity,
        "a forged cookie is an unknown device"
    );
}
