//! Two app processes on one database (issue #18 item 7), as an organisation runs them behind
//! a load balancer: the built binary started twice on the test's database (PostgreSQL in
//! CI, SQLite otherwise) and data directory, both sending mail to one SMTP server. Signing
//! and confirming alternate between them; every queued email must reach the SMTP server
//! exactly once, the frozen edition be built once, both show the same count, and the
//! hourly job (renewal reminders) and the minute job (check-ins), which both instances
//! run, must act once.

use crate::support::TestApp;
use crate::support::factory::contact;
use crate::support::factory::petitions::{confirmed, seed_empty, the_petition};
use crate::support::smtp::{Received, SmtpServer, unused_port};
use chrono::{Duration, Utc};
use peyvand::crypto::KeyFile;
use peyvand::domain::audit::Actor;
use peyvand::domain::petitions::edition::EditionState;
use peyvand::entities::{audit_event, contact_request, edition};
use peyvand::i18n::Locale;
use reqwest::Client;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

const SLUG: &str = "let-families-visit";
const SIGNERS: usize = 10;

/// A `peyvand serve` process, killed when dropped.
struct Instance {
    child: Child,
    port: u16,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Instance {
    fn start(app: &TestApp, smtp: u16) -> Self {
        let port = unused_port();
        let child = Command::new(env!("CARGO_BIN_EXE_peyvand"))
            .arg("serve")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("DATABASE_URL", &app.db_url)
            .env("PEYVAND_DATA_DIR", &app.ctx.config.data_dir)
            .env("PEYVAND_MAIL_TRANSPORT", "smtp")
            .env("PEYVAND_SMTP_HOST", "127.0.0.1")
            .env("PEYVAND_SMTP_PORT", smtp.to_string())
            .env("PEYVAND_SMTP_TLS", "none")
            .env("PEYVAND_OUTBOX_POLL_SECONDS", "1")
            .env("PEYVAND_EDITION_WORKER", "true")
            .env("ROCKET_PROFILE", "debug")
            .env("ROCKET_ADDRESS", "127.0.0.1")
            .env("ROCKET_PORT", port.to_string())
            .env("ROCKET_LOG_LEVEL", "critical")
            .env_remove("ROCKET_CONFIG")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        Instance { child, port }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    async fn wait_ready(&mut self, client: &Client) {
        for _ in 0..600 {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("an instance exited: {status}");
            }
            if client
                .get(self.url("/health/ready"))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("an instance did not become ready");
    }

    /// Opens `page` in a fresh browser and posts its form to `action` with `fields`; the
    /// status.
    async fn submit(&self, page: &str, action: &str, fields: &[(&str, &str)]) -> u16 {
        let browser = Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let page = browser
            .get(self.url(page))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let token = crate::support::extract_attr(&page, "name=\"csrf_token\" value=\"")
            .expect("the page has a form");
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        browser
            .post(self.url(action))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(crate::support::form_urlencoded(&all))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    async fn total(&self, client: &Client) -> u64 {
        let body = client
            .get(self.url(&format!("/petitions/{SLUG}.json")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let json: serde_json::Value = serde_json::from_str(&body).unwrap();
        json["total"].as_u64().expect("a total")
    }
}

fn header<'a>(mail: &'a Received, name: &str) -> Option<&'a str> {
    mail.data
        .lines()
        .take_while(|l| !l.is_empty())
        .find_map(|l| {
            l.split_once(':')
                .filter(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim())
        })
}

/// The emails the SMTP server received, per recipient.
fn by_recipient(smtp: &SmtpServer) -> HashMap<String, Vec<Received>> {
    let mut out: HashMap<String, Vec<Received>> = HashMap::new();
    for m in smtp.received() {
        for to in &m.to {
            out.entry(to.clone()).or_default().push(m.clone());
        }
    }
    out
}

/// Waits (at most `seconds`) until every address in `who` has had an email.
async fn wait_for_mail(smtp: &SmtpServer, who: &[String], seconds: u64) {
    let end = Instant::now() + std::time::Duration::from_secs(seconds);
    while Instant::now() < end {
        let got = by_recipient(smtp);
        if who.iter().all(|w| got.contains_key(w)) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let got = by_recipient(smtp);
    let missing: Vec<_> = who.iter().filter(|w| !got.contains_key(*w)).collect();
    panic!("no email reached {missing:?} within {seconds} s");
}

/// The confirmation link in a signer's email, as a path.
fn confirm_path(mail: &Received) -> String {
    // Undo quoted-printable soft line breaks; tokens hold no `=`.
    let text = mail.data.replace("=\r\n", "").replace("=\n", "");
    let rest = text
        .split("/signatures/confirm/")
        .nth(1)
        .expect("a confirmation link");
    let token: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    format!("/signatures/confirm/{token}")
}

#[rocket::async_test]
async fn two_instances_on_one_database_send_build_and_count_once() {
    let smtp = SmtpServer::start();
    let app = TestApp::new().await;
    seed_empty(&app).await;
    let petition = the_petition(&app).await;
    for i in 0..3 {
        confirmed(&app, "Maryam", &format!("early-{i}@example.org")).await;
    }
    // An edition frozen before the instances start: one of them must build it, once.
    let frozen = peyvand::services::editions::freeze(
        &app.ctx,
        Actor::Cli,
        petition.id,
        Locale::En,
        Utc::now(),
    )
    .await
    .unwrap()
    .expect("the edition freezes");
    // Requests due a renewal reminder (the hourly job) and a check-in (the minute job).
    let now = Utc::now();
    let mut reminded = Vec::new();
    let mut checked_in = Vec::new();
    for i in 0..4 {
        let email = format!("renew-{i}@example.org");
        let r = contact::request().by("Leila", &email).insert(&app).await;
        contact_request::Entity::update_many()
            .col_expr(
                contact_request::Column::ExpiresAt,
                Expr::value(now + Duration::days(2)),
            )
            .filter(contact_request::Column::Id.eq(r.id))
            .exec(&app.ctx.db)
            .await
            .unwrap();
        reminded.push(email);
        let email = format!("checkin-{i}@example.org");
        let r = contact::request().by("Leila", &email).insert(&app).await;
        contact_request::Entity::update_many()
            .col_expr(
                contact_request::Column::VerifiedAt,
                Expr::value(now - Duration::days(40)),
            )
            .filter(contact_request::Column::Id.eq(r.id))
            .exec(&app.ctx.db)
            .await
            .unwrap();
        checked_in.push(email);
    }
    // The in-process app stops its own jobs: from here on only the two processes act.
    app.client.rocket().shutdown().notify();
    KeyFile::replace(&KeyFile::path_in(&app.ctx.config.data_dir), &app.secrets).unwrap();

    let client = Client::new();
    let mut a = Instance::start(&app, smtp.port);
    let mut b = Instance::start(&app, smtp.port);
    a.wait_ready(&client).await;
    b.wait_ready(&client).await;
    let instances = [&a, &b];

    // Signing alternates between the instances; confirming goes to the other one.
    let signers: Vec<String> = (0..SIGNERS)
        .map(|i| format!("signer-{i}@example.org"))
        .collect();
    for (i, email) in signers.iter().enumerate() {
        let status = instances[i % 2]
            .submit(
                &format!("/petitions/{SLUG}"),
                &format!("/petitions/{SLUG}/sign"),
                &crate::support::factory::petitions::fields("Sara", email),
            )
            .await;
        assert_eq!(status, 303, "signing on instance {}", i % 2);
    }
    wait_for_mail(&smtp, &signers, 60).await;
    let mail = by_recipient(&smtp);
    for (i, email) in signers.iter().enumerate() {
        assert_eq!(mail[email].len(), 1, "{email} got one confirmation email");
        let path = confirm_path(&mail[email][0]);
        assert_eq!(instances[(i + 1) % 2].submit(&path, &path, &[]).await, 200);
    }

    // Both instances show the same total (each caches counts briefly).
    let expected = 3 + SIGNERS as u64;
    let end = Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let (ta, tb) = (a.total(&client).await, b.total(&client).await);
        if ta == expected && tb == expected {
            break;
        }
        assert!(
            Instant::now() < end,
            "totals {ta} and {tb}, expected {expected}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }

    // The edition was built, by one of them, once.
    let end = Instant::now() + std::time::Duration::from_secs(120);
    loop {
        let e = edition::Entity::find_by_id(frozen.id)
            .one(&app.ctx.db)
            .await
            .unwrap()
            .unwrap();
        if e.state == EditionState::Ready {
            break;
        }
        assert!(Instant::now() < end, "the edition is still {:?}", e.state);
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    let builds = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("edition.build"))
        .count(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(builds, 1, "one build recorded");

    // The hourly job ran on both at start-up; the minute job runs a minute after it.
    wait_for_mail(&smtp, &reminded, 60).await;
    wait_for_mail(&smtp, &checked_in, 150).await;
    // Time for a second sending, if anything were queued twice.
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    let mail = by_recipient(&smtp);
    for email in reminded.iter().chain(&checked_in).chain(&signers) {
        assert_eq!(mail[email].len(), 1, "{email} got exactly one email");
    }
    let all = smtp.received();
    let mut ids: Vec<&str> = all
        .iter()
        .map(|m| header(m, "Message-ID").expect("a Message-ID"))
        .collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "no email was sent twice");
    assert_eq!(
        n,
        SIGNERS + reminded.len() + checked_in.len(),
        "nothing else was sent"
    );
}
