//! Addresses and staff passwords (issue #12, items 3, 4 and 9): an address the mailer
//! would refuse, or one with an invisible character, is a translated field error (422,
//! form re-filled, nothing stored) on every form that takes one; an invitation is stored
//! with its email or not at all; a full-width or UTS-46-equivalent domain is the same
//! signer; guessable staff passwords are refused with a reason.

use crate::support::TestApp;
use crate::support::factory::contact::{Fields, register_fields, request_fields, with};
use crate::support::factory::petitions::{self, fields as sign_fields, sign, stored};
use crate::support::http;
use crate::support::staff::{create, get, invite, member, post};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{contact_request, outbox, registration, signature, staff};
use rocket::http::Status;
use sea_orm::{EntityTrait, PaginatorTrait};

/// Addresses a browser's `type=email` field or the old check let through but the mailer
/// refuses, and addresses with an invisible character in them, with the message each gets.
const REFUSED: [(&str, &str); 8] = [
    ("ann..smith@example.org", "like name@example.org"),
    (".a@example.org", "like name@example.org"),
    ("a.@example.org", "like name@example.org"),
    ("user@[127.0.0.1]", "like name@example.org"),
    ("maryam@exam\u{AD}ple.org", "invisible character"),
    ("maryam@exam\u{200B}ple.org", "invisible character"),
    ("mar\u{200B}yam@example.org", "invisible character"),
    ("maryam@example.org\u{2060}", "invisible character"),
];

async fn outbox_rows(app: &TestApp) -> u64 {
    outbox::Entity::find().count(&app.ctx.db).await.unwrap()
}

#[rocket::async_test]
async fn refused_addresses_are_field_errors_on_the_signing_form() {
    let app = petitions::app().await;
    for (address, message) in REFUSED {
        let (status, location, body) = sign(&app, &sign_fields("Maryam Rezaei", address)).await;
        assert_eq!(
            status,
            Status::UnprocessableEntity,
            "{address:?}: {body:.200}"
        );
        assert!(location.is_none());
        assert!(body.contains(message), "{address:?}: {message}");
        assert!(
            body.contains("href=\"#email\""),
            "summary links to the field"
        );
        assert!(body.contains("Köln"), "the form is re-filled");
    }
    assert_eq!(stored(&app).await, 0, "nothing stored");
    assert_eq!(outbox_rows(&app).await, 0, "nothing queued");
    // In Persian, the message is translated.
    app.get("/?lang=fa").await;
    let (status, _, body) = sign(
        &app,
        &sign_fields("Maryam Rezaei", "maryam@exam\u{AD}ple.org"),
    )
    .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(body.contains("نامرئی"), "{body:.300}");
}

#[rocket::async_test]
async fn refused_addresses_are_field_errors_on_the_contact_forms() {
    let app = TestApp::new().await;
    for (address, message) in REFUSED {
        for (path, fields) in [
            ("/contact/request", request_fields(address, "Maryam Karimi")),
            (
                "/contact/register",
                register_fields(address, "Maryam Karimi", "open"),
            ),
        ] {
            let r = http::post(&app, path, &fields).await;
            assert_eq!(r.status, Status::UnprocessableEntity, "{path} {address:?}");
            assert!(r.body.contains(message), "{path} {address:?}: {message}");
            assert!(r.body.contains("Maryam Karimi"), "{path}: form re-filled");
        }
    }
    let db = &app.ctx.db;
    assert_eq!(contact_request::Entity::find().count(db).await.unwrap(), 0);
    assert_eq!(registration::Entity::find().count(db).await.unwrap(), 0);
    assert_eq!(outbox_rows(&app).await, 0);
}

#[rocket::async_test]
async fn a_refused_invitation_stores_nothing_and_a_retry_works() {
    let app = TestApp::new().await;
    let (_, browser) = member(&app, "boss@example.org", &[Role::Admin]).await;
    let accounts = || async { staff::Entity::find().count(&app.ctx.db).await.unwrap() };
    let creations = || app.audited("staff.create");
    let (before, created_before, queued_before) =
        (accounts().await, creations().await, outbox_rows(&app).await);
    for (address, message) in REFUSED
        .iter()
        .copied()
        .chain([("аnn@example.org", "plain Latin letters")])
    {
        let message = if message == "like name@example.org" {
            "plain Latin letters"
        } else {
            message
        };
        let r = invite(&browser, address, "Ann Smith", "organiser").await;
        assert_eq!(r.status(), Status::UnprocessableEntity, "{address:?}");
        let body = r.into_string().await.unwrap();
        assert!(body.contains(message), "{address:?}: {message}");
        assert!(body.contains("Ann Smith"), "form re-filled");
    }
    assert_eq!(accounts().await, before, "no account");
    assert_eq!(creations().await, created_before, "no audit event");
    assert_eq!(outbox_rows(&app).await, queued_before, "no email");
    // The same colleague with the address corrected.
    let r = invite(&browser, "ann.smith@example.org", "Ann Smith", "organiser").await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(accounts().await, before + 1);
    assert_eq!(outbox_rows(&app).await, queued_before + 1, "queued with it");
    peyvand::mail::outbox::process_due(app.ctx.outbox(), chrono::Utc::now())
        .await
        .unwrap();
    let sent = app.ctx.mailer.sent();
    let invite = sent
        .iter()
        .find(|m| m.to == "ann.smith@example.org")
        .expect("the invitation is sent");
    assert!(invite.email.text.contains("/staff/enrol/"));
    let (status, _, _) = get(&browser, "/staff/admin/staff").await;
    assert_eq!(status, Status::Ok);
}

#[rocket::async_test]
async fn one_mailbox_is_one_signer_whatever_the_domain_looks_like() {
    let app = petitions::app().await;
    let (status, _, _) = sign(&app, &sign_fields("Maryam Rezaei", "maryam@example.org")).await;
    assert_eq!(status, Status::SeeOther);
    // Full-width letters and the ideographic full stop are the same domain (UTS-46).
    for same in [
        "maryam@ｅxample.org",
        "Maryam@EXAMPLE。ORG",
        "maryam@example.org",
    ] {
        let (status, _, _) = sign(&app, &sign_fields("Maryam Rezaei", same)).await;
        assert_eq!(status, Status::SeeOther, "{same}");
    }
    let rows = signature::Entity::find().all(&app.ctx.db).await.unwrap();
    assert_eq!(rows.len(), 1, "the same signer: no second signature");
    // An internationalised domain is stored by its ASCII form, whichever way it is typed.
    for typed in [
        "reza@bücher.example",
        "reza@xn--bcher-kva.example",
        "reza@BÜCHER.example",
    ] {
        let (status, _, _) = sign(&app, &sign_fields("Reza Karimi", typed)).await;
        assert_eq!(status, Status::SeeOther, "{typed}");
    }
    assert_eq!(stored(&app).await, 2, "one more signer");
    // A contact request from the full-width spelling is the same address too.
    let f: Fields<'_> = with(
        request_fields("leila@example.org", "Maryam Karimi"),
        "email",
        "leila@ｅxample.org",
    );
    let r = http::post(&app, "/contact/request", &f).await;
    assert_eq!(r.status, Status::SeeOther);
    let r = http::post(
        &app,
        "/contact/request",
        &request_fields("leila@example.org", "Maryam Karimi"),
    )
    .await;
    assert_eq!(r.status, Status::SeeOther);
    let requests = contact_request::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].email_index, requests[1].email_index);
}

#[rocket::async_test]
async fn guessable_staff_passwords_are_refused_with_a_reason() {
    let app = TestApp::new().await;
    let (id, link) = create(&app, "maryam.rezaei@example.org", &[Role::Caseworker]).await;
    let browser = app.new_client().await;
    let path = link.split("127.0.0.1:8000").nth(1).unwrap().to_owned();
    for (password, reason) in [
        ("123456789012", "too common"),
        ("password1234", "too common"),
        ("maryam.rezaei@example.org", "your email address, your name"),
        ("maryam.rezaei", "your email address, your name"),
        ("MaryamRezaei2026", "your email address, your name"),
        ("Peyvand-Peyvand!", "your email address, your name"),
        ("qwertyuiopas", "too common"),
        ("abcdefghijkl", "too common"),
        ("poiuytrewqlkjhg", "rows of keys"),
        ("abcdefghijklmn", "sequences"),
        ("98765432109876", "sequences"),
        ("xxxxxxxxxxxxxxxxx", "repeated characters"),
    ] {
        let r = post(
            &browser,
            &path,
            &[("password", password), ("password_confirm", password)],
        )
        .await;
        assert_eq!(r.status(), Status::UnprocessableEntity, "{password}");
        let body = r.into_string().await.unwrap();
        assert!(body.contains(reason), "{password}: {reason}");
        assert!(!body.contains(password), "{password}: not echoed");
    }
    let account = staff::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(account.password_hash.is_none(), "nothing stored");
    // In Persian, the reason is translated.
    get(&browser, "/?lang=fa").await;
    let r = post(
        &browser,
        &path,
        &[
            ("password", "poiuytrewqlkjhg"),
            ("password_confirm", "poiuytrewqlkjhg"),
        ],
    )
    .await;
    let body = r.into_string().await.unwrap();
    assert!(body.contains("ردیف کلیدهایی"), "{body:.300}");
    get(&browser, "/?lang=en").await;
    // A passphrase passes.
    let m = crate::support::staff::enrol(&browser, &link, id, "maryam.rezaei@example.org").await;
    assert_eq!(m.recovery.len(), 10);
}
