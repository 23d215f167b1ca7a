//! The email outbox against a real SMTP server: delivery, an outage retried with back-off
//! and then delivered, retries for the whole window, permanent refusals, failed mail kept
//! and shown to administrators with a manual retry, one Message-ID across attempts,
//! concurrent sends over a slow relay, encryption at rest, and content-free rows after
//! delivery.

use crate::support::smtp::{Faults, SmtpServer, unused_port};
use crate::support::staff::{get, member, post};
use crate::support::{TestApp, on_postgres};
use chrono::{Duration, Utc};
use peyvand::domain::staff::account::Role;
use peyvand::entities::outbox as row;
use peyvand::i18n::Locale;
use peyvand::mail::{TestEmail, outbox};
use rocket::http::Status;
use sea_orm::EntityTrait;

#[rocket::async_test]
async fn queued_mail_is_delivered_through_smtp_in_the_recipients_language() {
    let smtp = SmtpServer::start();
    let app = TestApp::builder().smtp(smtp.port).build().await;
    let c = &app.ctx;
    outbox::enqueue(
        &c.db,
        c.outbox(),
        "maryam@example.org",
        Locale::Fa,
        &TestEmail {},
    )
    .await
    .unwrap();
    outbox::enqueue(
        &c.db,
        c.outbox(),
        "jean@example.fr",
        Locale::Fr,
        &TestEmail {},
    )
    .await
    .unwrap();
    let report = outbox::process_due(c.outbox(), Utc::now()).await.unwrap();
    assert_eq!(report.sent, 2);
    let got = smtp.received();
    assert_eq!(got.len(), 2);
    let fa = got
        .iter()
        .find(|m| m.to == ["maryam@example.org"])
        .expect("Persian mail");
    assert!(
        fa.data.contains("Subject: =?utf-8?"),
        "encoded Persian subject"
    );
    assert!(fa.data.contains("multipart/alternative"), "text and HTML");
    let fr = got.iter().find(|m| m.to == ["jean@example.fr"]).unwrap();
    assert!(fr.data.contains("Message de test") || fr.data.contains("Subject: =?utf-8?"));
    // Nothing is left to send, and delivered rows keep neither address nor content.
    assert_eq!(
        outbox::process_due(c.outbox(), Utc::now())
            .await
            .unwrap()
            .sent,
        0
    );
    for r in row::Entity::find().all(&c.db).await.unwrap() {
        assert_eq!(r.status.as_str(), "sent");
        assert!(r.recipient.is_empty() && r.payload.is_empty());
        assert!(r.message_id.is_some());
    }
}

#[rocket::async_test]
async fn an_smtp_outage_is_retried_with_backoff_and_nothing_is_lost() {
    let port = unused_port();
    let app = TestApp::builder().smtp(port).build().await;
    let c = &app.ctx;
    let id = outbox::enqueue(
        &c.db,
        c.outbox(),
        "leila@example.org",
        Locale::En,
        &TestEmail {},
    )
    .await
    .unwrap();

    // Server down: the attempt fails and is rescheduled, not dropped.
    let now = Utc::now();
    let report = outbox::process_due(c.outbox(), now).await.unwrap();
    assert_eq!((report.sent, report.retried), (0, 1));
    let r = row::Entity::find_by_id(id)
        .one(&c.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((r.status.as_str(), r.attempts), ("pending", 1));
    assert!(r.next_attempt_at > now);
    let error = r.last_error.unwrap();
    assert!(
        !error.contains("leila@example.org"),
        "errors never carry the address: {error}"
    );

    // Not due yet: nothing is attempted.
    assert_eq!(
        outbox::process_due(c.outbox(), now).await.unwrap(),
        outbox::OutboxReport::default()
    );

    // Second failure doubles the wait.
    let later = now + Duration::seconds(31);
    assert_eq!(
        outbox::process_due(c.outbox(), later)
            .await
            .unwrap()
            .retried,
        1
    );
    let r = row::Entity::find_by_id(id)
        .one(&c.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.attempts, 2);
    assert!(r.next_attempt_at >= later + Duration::seconds(59));

    // The server comes back: the next due attempt delivers.
    let smtp = SmtpServer::start_on(port).expect("port still free");
    let report = outbox::process_due(c.outbox(), later + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(report.sent, 1);
    assert_eq!(smtp.received().len(), 1);
    assert_eq!(smtp.received()[0].to, ["leila@example.org"]);
}

#[rocket::async_test]
async fn an_outage_is_retried_for_the_whole_window_then_the_mail_is_kept_as_failed() {
    let app = TestApp::builder()
        .smtp(unused_port())
        .config(|c| c.mail.retry_window = std::time::Duration::from_secs(86_400))
        .build()
        .await;
    let c = &app.ctx;
    let id = outbox::enqueue(
        &c.db,
        c.outbox(),
        "a@example.org",
        Locale::En,
        &TestEmail {},
    )
    .await
    .unwrap();
    let t = Utc::now();
    // Attempt after attempt within the window: still pending, however many.
    let mut now = t;
    for _ in 0..12 {
        let report = outbox::process_due(c.outbox(), now).await.unwrap();
        assert_eq!((report.retried, report.failed), (1, 0), "at {now}");
        let r = row::Entity::find_by_id(id)
            .one(&c.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.status.as_str(), "pending");
        assert!(r.next_attempt_at <= t + Duration::days(1));
        now = r.next_attempt_at;
    }
    // The last attempt falls on the window's end; then the email is failed but kept.
    let end = t + Duration::days(1) + Duration::seconds(1);
    assert_eq!(
        outbox::process_due(c.outbox(), end).await.unwrap().failed,
        1
    );
    let r = row::Entity::find_by_id(id)
        .one(&c.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.status.as_str(), "failed");
    assert_eq!(r.last_error.as_deref(), Some("connection"));
    assert!(
        !r.recipient.is_empty() && !r.payload.is_empty(),
        "failed mail is kept so that it can be sent again"
    );
}

#[rocket::async_test]
async fn a_permanent_refusal_fails_at_once_and_a_deferral_is_retried() {
    let smtp = SmtpServer::start();
    let app = TestApp::builder().smtp(smtp.port).build().await;
    let c = &app.ctx;
    smtp.set_faults(Faults {
        reject: Some(550),
        ..Faults::default()
    });
    let id = outbox::enqueue(
        &c.db,
        c.outbox(),
        "gone@example.org",
        Locale::En,
        &TestEmail {},
    )
    .await
    .unwrap();
    let report = outbox::process_due(c.outbox(), Utc::now()).await.unwrap();
    assert_eq!((report.failed, report.retried), (1, 0));
    let r = row::Entity::find_by_id(id)
        .one(&c.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((r.status.as_str(), r.attempts), ("failed", 1));
    assert_eq!(r.last_error.as_deref(), Some("permanent:550"));
    assert!(!r.recipient.is_empty(), "kept");

    smtp.set_faults(Faults {
        reject: Some(451),
        ..Faults::default()
    });
    let id = outbox::enqueue(
        &c.db,
        c.outbox(),
        "later@example.org",
        Locale::En,
        &TestEmail {},
    )
    .await
    .unwrap();
    let report = outbox::process_due(c.outbox(), Utc::now()).await.unwrap();
    assert_eq!((report.failed, report.retried), (0, 1));
    let r = row::Entity::find_by_id(id)
        .one(&c.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.status.as_str(), "pending");
    assert_eq!(r.last_error.as_deref(), Some("transient:451"));
}

fn message_id_header(data: &str) -> String {
    data.lines()
        .find_map(|l| l.strip_prefix("Message-ID: "))
        .expect("a Message-ID header")
        .trim()
        .to_owned()
}

#[rocket::async_test]
async fn a_relay_that_drops_the_connection_before_its_250_gets_the_same_message_id_again() {
    let smtp = SmtpServer::start();
    let app = TestApp::builder().smtp(smtp.port).build().await;
    let c = &app.ctx;
    let id = outbox::enqueue(
        &c.db,
        c.outbox(),
        "twice@example.org",
        Locale::En,
        &TestEmail {},
    )
    .await
    .unwrap();
    let stored = row::Entity::find_by_id(id)
        .one(&c.db)
        .await
        .unwrap()
        .unwrap()
        .message_id
        .expect("the Message-ID is fixed when the email is queued");
    // The relay takes the message, then hangs up instead of answering 250.
    smtp.set_faults(Faults {
        drop_before_ok: 1,
        ..Faults::default()
    });
    let now = Utc::now();
    let report = outbox::process_due(c.outbox(), now).await.unwrap();
    assert_eq!((report.sent, report.retried), (0, 1), "no 250, not sent");
    assert_eq!(smtp.received().len(), 1, "the relay had the message");
    let report = outbox::process_due(c.outbox(), now + Duration::minutes(5))
        .await
        .unwrap();
    assert_eq!(report.sent, 1);
    let got = smtp.received();
    assert_eq!(got.len(), 2, "a duplicate, never a loss");
    assert_eq!(message_id_header(&got[0].data), stored);
    assert_eq!(message_id_header(&got[1].data), stored, "same Message-ID");
    let r = row::Entity::find_by_id(id)
        .one(&c.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((r.status.as_str(), r.attempts), ("sent", 2));
    assert_eq!(r.message_id.as_deref(), Some(stored.as_str()));
}

#[rocket::async_test]
async fn several_emails_are_in_flight_at_once_over_a_slow_relay() {
    const N: usize = 8;
    let smtp = SmtpServer::start();
    let app = TestApp::builder()
        .smtp(smtp.port)
        .config(|c| c.mail.concurrency = N)
        .build()
        .await;
    let c = &app.ctx;
    for i in 0..N {
        outbox::enqueue(
            &c.db,
            c.outbox(),
            &format!("p{i}@example.org"),
            Locale::En,
            &TestEmail {},
        )
        .await
        .unwrap();
    }
    let slow = std::time::Duration::from_millis(600);
    smtp.set_faults(Faults {
        delay: slow,
        ..Faults::default()
    });
    let start = std::time::Instant::now();
    let report = outbox::process_due(c.outbox(), Utc::now()).await.unwrap();
    let took = start.elapsed();
    assert_eq!(report.sent, N as u32);
    // One after another would take N × 600 ms = 4.8 s.
    assert!(
        took < slow * 3,
        "{N} emails took {took:?} over a relay taking {slow:?} each"
    );
    let got = smtp.received();
    assert_eq!(got.len(), N);
    let mut ids: Vec<String> = got.iter().map(|m| message_id_header(&m.data)).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), N, "one Message-ID per email");
}

#[rocket::async_test]
async fn two_workers_at_once_send_each_email_once() {
    let smtp = SmtpServer::start();
    let app = TestApp::builder()
        .smtp(smtp.port)
        .config(|c| c.mail.concurrency = 3)
        .build()
        .await;
    let c = &app.ctx;
    for i in 0..30 {
        outbox::enqueue(
            &c.db,
            c.outbox(),
            &format!("w{i}@example.org"),
            Locale::En,
            &TestEmail {},
        )
        .await
        .unwrap();
    }
    smtp.set_faults(Faults {
        delay: std::time::Duration::from_millis(20),
        ..Faults::default()
    });
    let now = Utc::now();
    let (a, b) = tokio::join!(
        outbox::process_due(c.outbox(), now),
        outbox::process_due(c.outbox(), now)
    );
    assert_eq!(a.unwrap().sent + b.unwrap().sent, 30);
    let mut to: Vec<String> = smtp.received().into_iter().flat_map(|m| m.to).collect();
    assert_eq!(to.len(), 30);
    to.sort();
    to.dedup();
    assert_eq!(to.len(), 30, "no email sent twice");
}

#[rocket::async_test]
async fn failed_mail_is_shown_to_administrators_only_and_a_manual_retry_delivers_it() {
    let smtp = SmtpServer::start();
    let app = TestApp::builder().smtp(smtp.port).build().await;
    let c = &app.ctx;
    smtp.set_faults(Faults {
        reject: Some(554),
        ..Faults::default()
    });
    let address = "hidden.person.8842@example.org";
    let first = outbox::enqueue(&c.db, c.outbox(), address, Locale::Fa, &TestEmail {})
        .await
        .unwrap();
    outbox::enqueue(
        &c.db,
        c.outbox(),
        "second.person@example.org",
        Locale::En,
        &TestEmail {},
    )
    .await
    .unwrap();
    assert_eq!(
        outbox::process_due(c.outbox(), Utc::now())
            .await
            .unwrap()
            .failed,
        2
    );

    // A caseworker may not see the page nor retry.
    let (_, caseworker) = member(&app, "case@example.org", &[Role::Caseworker]).await;
    let (status, _, _) = get(&caseworker, "/staff/admin/mail").await;
    assert_eq!(status, Status::Forbidden);
    let r = post(
        &caseworker,
        &format!("/staff/admin/mail/{first}/retry"),
        &[],
    )
    .await;
    assert_eq!(r.status(), Status::Forbidden);
    let (_, _, home) = get(&caseworker, "/staff").await;
    assert!(!home.contains("/staff/admin/mail"));

    // An administrator sees that failed mail exists, how much, and why — not to whom.
    let (_, admin) = member(&app, "admin@example.org", &[Role::Admin]).await;
    let (status, _, home) = get(&admin, "/staff").await;
    assert_eq!(status, Status::Ok);
    assert!(home.contains("2 failed"), "the staff home says so");
    let (status, _, page) = get(&admin, "/staff/admin/mail").await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("Failed emails: 2"), "{page}");
    assert!(page.contains("Refused by the mail server (reply"));
    assert!(page.contains("554"));
    for secret in [address, "hidden.person", "example.org", "Test", "آزمایشی"] {
        assert!(!page.contains(secret), "{secret} on the mail page");
    }

    // A retry without the CSRF token is refused.
    let r = admin
        .post(format!("/staff/admin/mail/{first}/retry"))
        .header(rocket::http::ContentType::Form)
        .body("")
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);

    // The relay is fixed; one retry, then all.
    smtp.set_faults(Faults::default());
    let r = post(&admin, &format!("/staff/admin/mail/{first}/retry"), &[]).await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(
        outbox::process_due(c.outbox(), Utc::now())
            .await
            .unwrap()
            .sent,
        1
    );
    assert_eq!(smtp.received().len(), 1);
    assert_eq!(smtp.received()[0].to, [address]);
    let r = post(&admin, &format!("/staff/admin/mail/{first}/retry"), &[]).await;
    assert_eq!(r.status(), Status::NotFound, "sent mail is not failed");
    let r = post(&admin, "/staff/admin/mail/retry-all", &[]).await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(
        outbox::process_due(c.outbox(), Utc::now())
            .await
            .unwrap()
            .sent,
        1
    );
    assert_eq!(smtp.received().len(), 2);
    let (_, _, page) = get(&admin, "/staff/admin/mail").await;
    assert!(page.contains("Failed emails: 0"));
    let (_, _, home) = get(&admin, "/staff").await;
    assert!(!home.contains("failed."), "no failed mail any more");

    // Both retries are in the audit log under the administrator's name.
    let audit = peyvand::entities::audit_event::Entity::find()
        .all(&c.db)
        .await
        .unwrap();
    let retries: Vec<_> = audit
        .iter()
        .filter(|e| e.action == "outbox.retry")
        .collect();
    assert_eq!(retries.len(), 2);
    assert!(retries.iter().all(|e| e.actor.starts_with("staff:")));
    assert_eq!(retries[0].subject, format!("outbox:{first}"));
}

#[rocket::async_test]
async fn no_plaintext_address_reaches_the_database_file() {
    if on_postgres() {
        return; // the file check is about the embedded database
    }
    let app = TestApp::new().await;
    let c = &app.ctx;
    let address = "distinctive.person.4711@example.org";
    outbox::enqueue(&c.db, c.outbox(), address, Locale::Fa, &TestEmail {})
        .await
        .unwrap();
    let files = app.sqlite_files();
    assert!(!files.is_empty());
    let mut seen_bytes = 0;
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        seen_bytes += bytes.len();
        for needle in [address, "distinctive.person", "4711@example"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{needle} in {}",
                f.display()
            );
        }
        // Nor the rendered Persian body.
        let body = "پیام آزمایشی";
        assert!(!bytes.windows(body.len()).any(|w| w == body.as_bytes()));
    }
    assert!(seen_bytes > 0);
}

#[rocket::async_test]
async fn invalid_addresses_are_refused_at_enqueue() {
    let app = TestApp::new().await;
    let c = &app.ctx;
    for bad in [
        "",
        "not-an-address",
        "a@b@c",
        "x@example.org\r\nBcc: y@example.org",
    ] {
        assert!(
            outbox::enqueue(&c.db, c.outbox(), bad, Locale::En, &TestEmail {})
                .await
                .is_err(),
            "{bad:?}"
        );
    }
    assert!(
        row::Entity::find().all(&c.db).await.unwrap().is_empty(),
        "nothing stored"
    );
}

#[rocket::async_test]
async fn the_background_worker_started_at_liftoff_delivers_queued_mail() {
    let smtp = SmtpServer::start();
    let app = TestApp::builder()
        .smtp(smtp.port)
        .config(|c| {
            c.mail.worker = true;
            c.mail.poll = std::time::Duration::from_millis(200);
        })
        .build()
        .await;
    let c = &app.ctx;
    outbox::enqueue(
        &c.db,
        c.outbox(),
        "worker@example.org",
        Locale::En,
        &TestEmail {},
    )
    .await
    .unwrap();
    for _ in 0..50 {
        if !smtp.received().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        smtp.received().len(),
        1,
        "the worker delivered without being called"
    );
}
