//! Joining the staff: an administrator's invitation by email (bad input storing nothing),
//! enrolment refusing weak passwords and used links, and an unfinished enrolment giving
//! no access until a new link is sent.

use crate::support::TestApp;
use crate::support::staff::{PASSWORD, create, enrol, get, invite, member, post};
use peyvand::domain::staff::account::Role;
use peyvand::entities::staff;
use rocket::http::Status;
use sea_orm::EntityTrait;

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
    peyvand::mail::outbox::process_due(app.ctx.outbox(), chrono::Utc::now())
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
    peyvand::mail::outbox::process_due(app.ctx.outbox(), chrono::Utc::now())
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
