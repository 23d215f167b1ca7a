//! The email outbox against a real SMTP server: delivery, an outage retried with back-off
//! and then delivered, encryption at rest, and content-free rows after delivery.

use crate::support::smtp::{SmtpServer, unused_port};
use crate::support::{TestApp, on_postgres};
use chrono::{Duration, Utc};
use peyvand::entities::outbox as row;
use peyvand::i18n::Locale;
use peyvand::mail::{TestEmail, outbox};
use sea_orm::EntityTrait;

#[rocket::async_test]
async fn queued_mail_is_delivered_through_smtp_in_the_recipients_language() {
    let smtp = SmtpServer::start();
    let app = TestApp::builder().smtp(smtp.port).build().await;
    let c = &app.ctx;
    outbox::enqueue(&c.db, c, "maryam@example.org", Locale::Fa, &TestEmail {})
        .await
        .unwrap();
    outbox::enqueue(&c.db, c, "jean@example.fr", Locale::Fr, &TestEmail {})
        .await
        .unwrap();
    let report = outbox::process_due(c, Utc::now()).await.unwrap();
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
    assert_eq!(outbox::process_due(c, Utc::now()).await.unwrap().sent, 0);
    for r in row::Entity::find().all(&c.db).await.unwrap() {
        assert_eq!(r.status, "sent");
        assert!(r.recipient.is_empty() && r.payload.is_empty());
        assert!(r.message_id.is_some());
    }
}

#[rocket::async_test]
async fn an_smtp_outage_is_retried_with_backoff_and_nothing_is_lost() {
    let port = unused_port();
    let app = TestApp::builder().smtp(port).build().await;
    let c = &app.ctx;
    let id = outbox::enqueue(&c.db, c, "leila@example.org", Locale::En, &TestEmail {})
        .await
        .unwrap();

    // Server down: the attempt fails and is rescheduled, not dropped.
    let now = Utc::now();
    let report = outbox::process_due(c, now).await.unwrap();
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
        outbox::process_due(c, now).await.unwrap(),
        outbox::OutboxReport::default()
    );

    // Second failure doubles the wait.
    let later = now + Duration::seconds(31);
    assert_eq!(outbox::process_due(c, later).await.unwrap().retried, 1);
    let r = row::Entity::find_by_id(id)
        .one(&c.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.attempts, 2);
    assert!(r.next_attempt_at >= later + Duration::seconds(59));

    // The server comes back: the next due attempt delivers.
    let smtp = SmtpServer::start_on(port).expect("port still free");
    let report = outbox::process_due(c, later + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(report.sent, 1);
    assert_eq!(smtp.received().len(), 1);
    assert_eq!(smtp.received()[0].to, ["leila@example.org"]);
}

#[rocket::async_test]
async fn after_max_attempts_a_message_is_marked_failed() {
    let app = TestApp::builder()
        .smtp(unused_port())
        .config(|c| c.mail.max_attempts = 2)
        .build()
        .await;
    let c = &app.ctx;
    let id = outbox::enqueue(&c.db, c, "a@example.org", Locale::En, &TestEmail {})
        .await
        .unwrap();
    let t = Utc::now();
    outbox::process_due(c, t).await.unwrap();
    let report = outbox::process_due(c, t + Duration::hours(2))
        .await
        .unwrap();
    assert_eq!(report.failed, 1);
    let r = row::Entity::find_by_id(id)
        .one(&c.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r.status, "failed");
    assert!(
        r.recipient.is_empty() && r.payload.is_empty(),
        "nothing kept once given up"
    );
}

#[rocket::async_test]
async fn no_plaintext_address_reaches_the_database_file() {
    if on_postgres() {
        return; // the file check is about the embedded database
    }
    let app = TestApp::new().await;
    let c = &app.ctx;
    let address = "distinctive.person.4711@example.org";
    outbox::enqueue(&c.db, c, address, Locale::Fa, &TestEmail {})
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
            outbox::enqueue(&c.db, c, bad, Locale::En, &TestEmail {})
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
    outbox::enqueue(&c.db, c, "worker@example.org", Locale::En, &TestEmail {})
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
