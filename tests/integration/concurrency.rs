//! Writers at the same time: anonymous clients failing logins (throttle counters), a
//! logged-in administrator's pages (session "last seen") and writes, signers, and the outbox
//! worker delivering — no request answers 5xx because another writer was busy, and every
//! acknowledged action is stored. On SQLite every write transaction takes the write lock
//! first; on PostgreSQL the same test runs against the server.

use crate::support::TestApp;
use crate::support::factory::petitions::{SIGN, fields, seed_empty};
use crate::support::staff::{get, member, post};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{email_rule, signature};
use rocket::http::Status;
use sea_orm::{EntityTrait, PaginatorTrait};
use std::sync::Arc;

const ROUNDS: usize = 60;

#[rocket::async_test]
async fn concurrent_writers_never_get_database_is_locked() {
    let app = Arc::new(TestApp::new().await);
    seed_empty(&app).await;
    let (_, admin) = member(&app, "admin@example.org", &[Role::Admin]).await;
    let admin = Arc::new(admin);
    let rules_before = email_rule::Entity::find().count(&app.ctx.db).await.unwrap() as usize;
    let mut tasks: Vec<tokio::task::JoinHandle<(usize, Vec<u16>)>> = Vec::new();

    // Four anonymous clients guessing passwords for the administrator's address.
    for _ in 0..4 {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let client = app.new_client().await;
            let mut statuses = Vec::new();
            for _ in 0..ROUNDS {
                let r = post(
                    &client,
                    "/staff/login",
                    &[
                        ("email", "admin@example.org"),
                        ("password", "wrong password!"),
                    ],
                )
                .await;
                statuses.push(r.status().code);
            }
            (0, statuses)
        }));
    }
    // The administrator writes (an email rule each time) and reads pages (last seen).
    {
        let admin = admin.clone();
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            let mut stored = 0;
            for i in 0..ROUNDS {
                let domain = format!("d{i}.example.net");
                let r = post(
                    &admin,
                    "/staff/signing/email-rules",
                    &[
                        ("domain", domain.as_str()),
                        ("strip_dots", "true"),
                        ("alias_of", ""),
                    ],
                )
                .await;
                statuses.push(r.status().code);
                if r.status() == Status::SeeOther {
                    stored += 1;
                }
                let (status, _, _) = get(&admin, "/staff").await;
                statuses.push(status.code);
            }
            (stored, statuses)
        }));
    }
    // Signers.
    {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            let mut stored = 0;
            for i in 0..ROUNDS {
                let email = format!("signer{i}@example.org");
                let r = app
                    .post_form_csrf(SIGN, &fields("Maryam Rezaei", &email))
                    .await;
                statuses.push(r.status().code);
                if r.status() == Status::SeeOther {
                    stored += 1;
                }
            }
            (stored, statuses)
        }));
    }
    // The outbox worker, delivering what the signers queue, and the signing attempts.
    {
        let app = app.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..ROUNDS {
                peyvand::services::petitions::sign::settle(&app.ctx)
                    .await
                    .expect("signing attempts carried out");
                peyvand::mail::outbox::process_due(app.ctx.outbox(), chrono::Utc::now())
                    .await
                    .expect("the outbox worker never meets a locked database");
                tokio::task::yield_now().await;
            }
            (0, Vec::new())
        }));
    }

    let mut rules = 0;
    let mut signatures = 0;
    for (i, t) in tasks.into_iter().enumerate() {
        let (stored, statuses) = t.await.unwrap();
        let errors: Vec<_> = statuses.iter().filter(|s| **s >= 500).collect();
        assert!(errors.is_empty(), "task {i}: {errors:?}");
        match i {
            4 => rules = stored,
            5 => signatures = stored,
            _ => {}
        }
    }
    assert_eq!(rules, ROUNDS, "every rule acknowledged");
    assert_eq!(signatures, ROUNDS, "every signature acknowledged");
    assert_eq!(
        email_rule::Entity::find().count(&app.ctx.db).await.unwrap() as usize,
        rules_before + rules
    );
    peyvand::services::petitions::sign::settle(&app.ctx)
        .await
        .unwrap();
    assert_eq!(
        signature::Entity::find().count(&app.ctx.db).await.unwrap() as usize,
        signatures
    );
}
