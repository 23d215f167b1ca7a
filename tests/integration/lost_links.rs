//! "Lost your link?" (issue #14): the form answers the same — status, headers, body — for
//! an address that holds everything, nothing, only a registration or only a signature; the
//! email a known address gets carries a fresh link to each thing and names no purpose in
//! its subject; an unknown address gets none; the new links work and the old ones still
//! do; the per-address limit sends no more emails and answers the same; bad input is
//! refused with a translated message and nothing queued.

use crate::support::TestApp;
use crate::support::factory::contact::{active_registration, active_request, register_fields};
use crate::support::factory::petitions::{app, confirmed, signed};
use crate::support::http::{Seen, get, post};
use crate::support::mail::{link, links, mail_to};
use chrono::Utc;
use peyvand::services::lost_links;
use rocket::http::Status;

/// Asks for the links of `email` and returns what the browser saw.
async fn ask(app: &TestApp, email: &str) -> Seen {
    post(app, "/links", &[("email", email)]).await
}

/// Carries the asks out now (the server does it a moment after answering).
async fn settle(app: &TestApp) -> usize {
    lost_links::settle(&app.ctx, Utc::now()).await.unwrap()
}

#[rocket::async_test]
async fn the_answer_is_the_same_whatever_the_address_holds_and_only_holders_get_mail() {
    let app = app().await;
    // Everything: a confirmed signature, a contact request, a registration.
    let known = "known@example.org";
    let old = confirmed(&app, "Maryam Karimi", known).await;
    let old_status = active_request(&app, known, "Ali Karimi").await;
    let old_manage =
        active_registration(&app, &register_fields(known, "Maryam Karimi", "anyone")).await;
    // Only a registration; only a (pending) signature; nothing.
    let registered = "registered@example.org";
    active_registration(
        &app,
        &register_fields(registered, "Parvin Ahmadi", "no_one"),
    )
    .await;
    let signer = "signer@example.org";
    let pending = signed(&app, "Reza Rahimi", signer).await;
    let unknown = "unknown@example.org";

    let before = |n: usize| n;
    let mut counts = Vec::new();
    for email in [known, registered, signer, unknown] {
        counts.push(before(mail_to(&app, email).await.len()));
    }
    let seen: Vec<Seen> = {
        let mut v = Vec::new();
        for email in [known, registered, signer, unknown] {
            v.push(ask(&app, email).await);
        }
        v
    };
    assert_eq!(seen[0].status, Status::SeeOther);
    for s in &seen[1..] {
        assert_eq!(s, &seen[0], "the answer never depends on the address");
    }
    let sent_page = get(&app, "/links/sent").await;
    assert_eq!(sent_page.status, Status::Ok);
    assert!(
        sent_page
            .body
            .contains("If we hold something for this address")
    );

    assert_eq!(
        settle(&app).await,
        3,
        "one email per address that holds anything"
    );
    let new_mail = |all: Vec<peyvand::mail::SentEmail>, before: usize| all[before..].to_vec();
    assert!(
        new_mail(mail_to(&app, unknown).await, counts[3]).is_empty(),
        "an address with nothing gets no email"
    );

    // The address with everything: one email, a link to each thing.
    let mail = new_mail(mail_to(&app, known).await, counts[0]);
    assert_eq!(mail.len(), 1);
    let m = &mail[0];
    assert_eq!(
        m.email.subject, "Your links",
        "the subject names no purpose"
    );
    let all = links(m);
    assert!(all.iter().any(|l| l.starts_with("/signatures/confirm/")));
    assert!(all.iter().any(|l| l.starts_with("/signatures/withdraw/")));
    assert!(all.iter().any(|l| l.starts_with("/p/")));
    assert!(all.iter().any(|l| l.starts_with("/contact/registration/")));
    // The new links work …
    let receipt = get(&app, &link(m, "/signatures/confirm/")).await;
    assert_eq!(receipt.status, Status::Ok);
    assert!(receipt.body.contains(old.receipt.as_deref().unwrap()));
    let withdraw = get(&app, &link(m, "/signatures/withdraw/")).await;
    assert_eq!(withdraw.status, Status::Ok);
    let manage = get(&app, &link(m, "/contact/registration/")).await;
    assert_eq!(manage.status, Status::Ok);
    assert!(manage.body.contains("Maryam Karimi"));
    let p = get(&app, &link(m, "/p/")).await;
    assert!(
        p.status == Status::SeeOther || p.status == Status::Ok,
        "{:?}",
        p.status
    );
    // … and the old ones still do.
    assert_eq!(get(&app, &old.withdraw).await.status, Status::Ok);
    assert_eq!(get(&app, &old_status).await.status, Status::Ok);
    assert_eq!(get(&app, &old_manage).await.status, Status::Ok);

    // Only a registration: its page and nothing else.
    let mail = new_mail(mail_to(&app, registered).await, counts[1]);
    assert_eq!(mail.len(), 1);
    let all = links(&mail[0]);
    assert!(all.iter().any(|l| l.starts_with("/contact/registration/")));
    assert!(!all.iter().any(|l| l.starts_with("/signatures/")));
    assert!(!all.iter().any(|l| l.starts_with("/p/")));

    // Only a pending signature: a confirmation link that confirms, and a withdrawal link.
    let mail = new_mail(mail_to(&app, signer).await, counts[2]);
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].email.subject, "Your links");
    let all = links(&mail[0]);
    assert!(!all.iter().any(|l| l.starts_with("/contact/")));
    assert!(!all.iter().any(|l| l.starts_with("/p/")));
    let confirm = link(&mail[0], "/signatures/confirm/");
    assert_ne!(confirm, pending.confirm);
    let page = get(&app, &confirm).await;
    assert_eq!(page.status, Status::Ok);
    let done = post(&app, &confirm, &[]).await;
    assert_eq!(done.status, Status::Ok);
    assert!(done.body.contains("Your receipt code"), "{}", done.body);
}

#[rocket::async_test]
async fn the_per_address_limit_sends_no_more_and_answers_the_same() {
    let app = app().await;
    let email = "often@example.org";
    signed(&app, "Sara Moradi", email).await;
    let before = mail_to(&app, email).await.len();
    let first = ask(&app, email).await;
    for _ in 0..(lost_links::PER_ADDRESS_PER_HOUR + 2) {
        assert_eq!(ask(&app, email).await, first);
    }
    settle(&app).await;
    let after = mail_to(&app, email).await.len();
    assert_eq!(after - before, lost_links::PER_ADDRESS_PER_HOUR as usize);
}

#[rocket::async_test]
async fn bad_input_is_refused_with_a_message_and_nothing_is_queued() {
    let app = app().await;
    for bad in ["", "not-an-address", "a@[127.0.0.1]", &"x".repeat(300)] {
        let r = ask(&app, bad).await;
        assert_eq!(r.status, Status::UnprocessableEntity, "{bad:?}");
        assert!(r.body.contains("error-summary"), "{bad:?}");
        assert!(r.body.contains("aria-invalid=\"true\""));
    }
    let r = app
        .post_form("/links", &[("email", "known@example.org")])
        .await;
    assert_eq!(r.status(), Status::Forbidden, "missing CSRF");
    let fa = post(&app, "/links?lang=fa", &[("email", "bad")]).await;
    assert_eq!(fa.status, Status::UnprocessableEntity);
    assert!(fa.body.contains("dir=\"rtl\""));
    assert_eq!(settle(&app).await, 0);
}

#[rocket::async_test]
async fn the_form_is_linked_from_home_and_from_invalid_links() {
    let app = TestApp::new().await;
    for path in [
        "/",
        "/signatures/withdraw/AAAAAAAAAAAAAAAAAAAAAAAA",
        "/contact/status/AAAAAAAAAAAAAAAAAAAAAAAA",
    ] {
        let (_, body) = app.get(path).await;
        assert!(body.contains("href=\"/links\""), "{path}");
    }
    let (status, body) = app.get("/links?lang=fa").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("لینک"));
}
