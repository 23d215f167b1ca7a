//! Health checks, metrics and logs: `/health/live` and `/health/ready` (database,
//! migrations, a stuck outbox), `/metrics` behind its bearer token, and — on the real
//! binary with its real log — no email address, name, token or letter text in a log line
//! or a metric.

use crate::support::{TestApp, extract_attr};
use rocket::http::{Header, Status};
use sea_orm::{ConnectionTrait, EntityTrait};
use std::process::{Command, Stdio};
use std::time::Duration;

const TOKEN: &str = "metrics-token-for-the-tests-0123456789";

#[rocket::async_test]
async fn live_and_ready_report_the_database_migrations_and_a_stuck_outbox() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/health/live").await, (Status::Ok, "ok".into()));
    assert_eq!(app.get("/health/ready").await, (Status::Ok, "ok".into()));
    assert_eq!(app.get("/healthz").await, (Status::Ok, "ok".into()));

    // An email due two hours ago and still unsent: the outbox is stuck.
    let c = &app.ctx;
    let db = &c.db;
    let now = chrono::Utc::now();
    peyvand::mail::outbox::enqueue(
        db,
        c.outbox(),
        "someone@example.org",
        peyvand::i18n::Locale::En,
        &peyvand::mail::TestEmail {},
    )
    .await
    .unwrap();
    assert_eq!(app.get("/health/ready").await.0, Status::Ok, "due just now");
    peyvand::entities::outbox::Entity::update_many()
        .col_expr(
            peyvand::entities::outbox::Column::NextAttemptAt,
            sea_orm::sea_query::Expr::value(now - chrono::Duration::hours(2)),
        )
        .exec(db)
        .await
        .unwrap();
    let (status, body) = app.get("/health/ready").await;
    assert_eq!(
        (status, body.as_str()),
        (Status::ServiceUnavailable, "outbox stuck")
    );
    assert_eq!(app.get("/health/live").await.0, Status::Ok);
    assert_eq!(
        app.get("/healthz").await.0,
        Status::Ok,
        "/healthz is unchanged"
    );
    db.execute_unprepared("DELETE FROM outbox").await.unwrap();

    // A migration not applied.
    db.execute_unprepared(
        "DELETE FROM seaql_migrations WHERE version = (SELECT MAX(version) FROM seaql_migrations)",
    )
    .await
    .unwrap();
    let (status, body) = app.get("/health/ready").await;
    assert_eq!(
        (status, body.as_str()),
        (Status::ServiceUnavailable, "migrations pending")
    );
}

#[rocket::async_test]
async fn metrics_need_their_bearer_token_and_are_off_without_one() {
    let off = TestApp::new().await;
    let (status, body) = off.get("/metrics").await;
    assert_eq!(status, Status::NotFound);
    assert_eq!(
        body,
        off.get("/no-such-page").await.1,
        "the portal's own 404 page"
    );

    let app = TestApp::builder()
        .config(|c| c.observe.metrics_token = Some(TOKEN.into()))
        .build()
        .await;
    assert_eq!(app.get("/metrics").await.0, Status::Unauthorized);
    let bearer = |t: &str| Header::new("Authorization", format!("Bearer {t}"));
    let (status, _) = app
        .get_with("/metrics", bearer("wrong-token-wrong-token"))
        .await;
    assert_eq!(status, Status::Unauthorized);
    app.get("/petitions/let-families-visit").await;
    let (status, body) = app.get_with("/metrics", bearer(TOKEN)).await;
    assert_eq!(status, Status::Ok);
    for name in [
        "peyvand_http_requests_total{",
        "peyvand_http_request_duration_seconds_bucket{",
        "peyvand_outbox_pending ",
        "peyvand_outbox_oldest_due_seconds ",
        "peyvand_edition_queue ",
        "peyvand_signatures_received_total ",
        "peyvand_job_runs_total{job=\"outbox\"}",
        "peyvand_job_failures_total{job=\"outbox\"}",
    ] {
        assert!(body.contains(name), "{name} missing in:\n{body}");
    }
    assert!(
        body.contains("route=\"/petitions/<name>\""),
        "labelled by route template:\n{body}"
    );
    assert!(!body.contains("let-families-visit"), "never by path");
}

/// A server process that is killed when dropped.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The confirmation link's path in the `.eml` files under `mail`, once one is written.
async fn confirm_link(mail: &std::path::Path) -> String {
    for _ in 0..300 {
        for entry in std::fs::read_dir(mail).into_iter().flatten().flatten() {
            let raw = std::fs::read_to_string(entry.path()).unwrap_or_default();
            // Undo quoted-printable soft line breaks; tokens hold no `=`.
            let text = raw.replace("=\r\n", "").replace("=\n", "");
            if let Some(rest) = text.split("/signatures/confirm/").nth(1) {
                let token: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                return format!("/signatures/confirm/{token}");
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no confirmation email was written");
}

#[rocket::async_test]
async fn no_address_name_token_or_letter_reaches_a_log_line_or_a_metric() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let port = crate::support::smtp::unused_port();
    let command = |args: &[&str], log: &str| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_peyvand"));
        cmd.args(args)
            .current_dir(tmp.path())
            .env_remove("DATABASE_URL")
            .env("PEYVAND_DATA_DIR", &data)
            .env("PEYVAND_MAIL_TRANSPORT", "file")
            .env("PEYVAND_OUTBOX_POLL_SECONDS", "1")
            .env("PEYVAND_METRICS_TOKEN", TOKEN)
            .env("PEYVAND_LOG_FORMAT", log)
            .env("ROCKET_PROFILE", "debug")
            .env("ROCKET_LOG_LEVEL", "normal")
            .env("ROCKET_ADDRESS", "127.0.0.1")
            .env("ROCKET_PORT", port.to_string());
        cmd
    };
    let seeded = command(&["demo", "seed"], "text")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(seeded.success());
    let (out, err) = (tmp.path().join("out.log"), tmp.path().join("err.log"));
    let child = command(&["serve"], "json")
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let url = |path: &str| format!("http://127.0.0.1:{port}{path}");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut up = false;
    for _ in 0..300 {
        assert!(server.0.try_wait().unwrap().is_none(), "the server exited");
        if client
            .get(url("/health/live"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(up, "the server did not start");
    let page = |path: String| {
        let client = client.clone();
        async move {
            let r = client.get(path).send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let post = |path: String, fields: Vec<(&'static str, String)>| {
        let client = client.clone();
        async move {
            client
                .post(path)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(crate::support::form_urlencoded(
                    &fields
                        .iter()
                        .map(|(k, v)| (*k, v.as_str()))
                        .collect::<Vec<_>>(),
                ))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };

    let (email, name, letter) = (
        "zeynab.probe.4417@example.org",
        "Zeynabprobe Quillfeather",
        "Unmistakable letter text about the orchard 9143",
    );
    let (status, body) = page(url("/petitions/let-families-visit")).await;
    assert_eq!(status, 200);
    let csrf = extract_attr(&body, "name=\"csrf_token\" value=\"").unwrap();
    let signed = post(
        url("/petitions/let-families-visit/sign"),
        vec![
            ("csrf_token", csrf.clone()),
            ("name", name.into()),
            ("email", email.into()),
            ("country", "DE".into()),
            ("city", "Berlin".into()),
            ("relationship", "supporter".into()),
            ("public_disclosure", "hidden".into()),
            ("book_disclosure", "full".into()),
            ("letter", letter.into()),
            ("consent", "yes".into()),
        ],
    )
    .await;
    assert_eq!(signed, 303);

    // The link from the email: shown, refused without a CSRF token, then confirmed.
    let link = confirm_link(&data.join("mail")).await;
    let token = link.rsplit('/').next().unwrap().to_owned();
    assert!(token.len() >= 20, "{link}");
    let (status, body) = page(url(&link)).await;
    assert_eq!(status, 200);
    let action = extract_attr(&body, "<form method=\"post\" action=\"").unwrap();
    assert_eq!(post(url(&action), vec![]).await, 403);
    assert_eq!(
        post(url(&action), vec![("csrf_token", csrf.clone())]).await,
        200
    );
    // A mistyped link: no route or an unknown token.
    page(url(&format!("/signatures/confirm/{token}x"))).await;
    page(url(&format!("/signatures/nonsense/{token}?email={email}"))).await;

    // A contact request.
    let (requester, sought, message) = (
        "Parvanehprobe Lindqvist",
        "Shahrzadprobe Ostrowski",
        "We think of you every spring 5521",
    );
    let requester_email = "parvaneh.probe.8830@example.org";
    let contact = post(
        url("/contact/request"),
        vec![
            ("csrf_token", csrf.clone()),
            ("name", requester.into()),
            ("email", requester_email.into()),
            ("phone", "+49 170 5550199".into()),
            ("country", "DE".into()),
            ("relationship", "sibling".into()),
            ("s1.name_latin", sought.into()),
            ("s1.name_persian", String::new()),
            ("s1.aliases", String::new()),
            ("s1.birth_year", "1979".into()),
            ("s1.father_name", String::new()),
            ("s1.birthplace", String::new()),
            ("s1.last_place", String::new()),
            ("s1.last_year", String::new()),
            ("s1.facts", String::new()),
            ("s2.name_latin", String::new()),
            ("s2.name_persian", String::new()),
            ("s3.name_latin", String::new()),
            ("message", message.into()),
            ("consent", "yes".into()),
        ],
    )
    .await;
    assert_eq!(contact, 303);

    // Let the outbox worker send the contact request's email too, then scrape.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let metrics = client
        .get(url("/metrics"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains("peyvand_signatures_received_total 1"),
        "{metrics}"
    );
    assert!(
        metrics.contains("route=\"/petitions/<slug>/sign\""),
        "{metrics}"
    );
    drop(server);

    let logs = format!(
        "{}{}",
        std::fs::read_to_string(&out).unwrap(),
        std::fs::read_to_string(&err).unwrap()
    );
    // The log was written, as JSON lines, with requests by route template.
    assert!(
        logs.contains("\"msg\":\"POST /petitions/<slug>/sign 303"),
        "{logs}"
    );
    assert!(
        logs.contains("\"msg\":\"POST /signatures/confirm/<token> 200"),
        "{logs}"
    );
    for line in logs.lines().filter(|l| l.starts_with('{')) {
        serde_json::from_str::<serde_json::Value>(line).unwrap_or_else(|e| panic!("{e}: {line}"));
    }
    for secret in [
        email,
        "zeynab.probe",
        name,
        "Zeynabprobe",
        letter,
        "orchard",
        &token,
        requester,
        "Parvanehprobe",
        requester_email,
        sought,
        "Shahrzadprobe",
        message,
        "5550199",
        &csrf,
    ] {
        assert!(!logs.contains(secret), "{secret:?} in the log:\n{logs}");
        assert!(
            !metrics.contains(secret),
            "{secret:?} in the metrics:\n{metrics}"
        );
    }
}
