//! The `peyvand` command as an operator uses it: help, first start, demo data, audit
//! verification, and clear refusals for a corrupt key file, bad configuration and an
//! unreachable database.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

fn peyvand(data_dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_peyvand"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DATABASE_URL")
        .env("PEYVAND_DATA_DIR", data_dir)
        .env("ROCKET_PROFILE", "debug");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run peyvand")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn every_command_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["staff", "create", "--help"],
        vec!["demo", "seed", "--help"],
        vec!["audit", "verify", "--help"],
        vec!["mail", "test", "--help"],
        vec!["retention", "run", "--help"],
    ] {
        let o = peyvand(dir.path(), &args, &[]);
        assert!(o.status.success(), "{args:?}: {}", text(&o));
        assert!(text(&o).contains("Usage"), "{args:?}");
    }
    let o = peyvand(dir.path(), &["no-such-command"], &[]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn first_start_creates_a_private_key_file_then_reuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let o = peyvand(dir.path(), &["migrate"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("Generated new secrets"));
    let key = dir.path().join("keys.toml");
    assert_eq!(
        std::fs::metadata(&key).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let before = std::fs::read(&key).unwrap();
    let o = peyvand(dir.path(), &["demo", "seed"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(!text(&o).contains("Generated new secrets"));
    assert_eq!(std::fs::read(&key).unwrap(), before);
    let o = peyvand(dir.path(), &["audit", "verify"], &[]);
    assert!(o.status.success());
    // The demo seed audits its progress story (milestones, hand-over) as well.
    assert!(text(&o).contains("3 events verified"), "{}", text(&o));
}

#[test]
fn a_corrupt_or_unreadable_key_file_stops_start_up_and_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("keys.toml");
    std::fs::write(&key, "version = 1\nmaster_keys = 3\n").unwrap();
    for args in [vec![], vec!["serve"], vec!["migrate"]] {
        let o = peyvand(dir.path(), &args, &[("ROCKET_PROFILE", "release")]);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(text(&o).contains("is malformed"), "{}", text(&o));
    }
    assert_eq!(
        std::fs::read_to_string(&key).unwrap(),
        "version = 1\nmaster_keys = 3\n"
    );
    assert!(
        !dir.path().join("peyvand.sqlite3").exists(),
        "nothing written"
    );

    std::fs::remove_file(&key).unwrap();
    std::fs::create_dir(&key).unwrap(); // unreadable as a file
    let o = peyvand(dir.path(), &["migrate"], &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("cannot be read"), "{}", text(&o));
}

#[test]
fn malformed_configuration_names_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    for (var, value, expect) in [
        ("PEYVAND_SMTP_PORT", "seventy", "smtp_port"),
        ("PEYVAND_SMTP_TLS", "sometimes", "smtp_tls"),
        ("PEYVAND_PUBLIC_URL", "example.org", "public_url"),
        ("PEYVAND_TRUSTED_PROXIES", "[not-an-ip]", "trusted_proxies"),
        ("PEYVAND_MASTER_KEY", "c2hvcnQ=", "PEYVAND_MASTER_KEY"),
        ("DATABASE_URL", "mysql://db/x", "DATABASE_URL"),
    ] {
        let o = peyvand(dir.path(), &["migrate"], &[(var, value)]);
        assert_eq!(o.status.code(), Some(2), "{var}: {}", text(&o));
        assert!(text(&o).contains(expect), "{var}: {}", text(&o));
    }
}

#[test]
fn an_unreachable_postgresql_is_a_clear_error_without_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let o = peyvand(
        dir.path(),
        &["migrate"],
        &[(
            "DATABASE_URL",
            "postgres://peyvand:s3cret-pw@127.0.0.1:1/peyvand",
        )],
    );
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    assert!(
        t.contains("cannot use the database at postgres://peyvand:***@127.0.0.1:1/peyvand"),
        "{t}"
    );
    assert!(!t.contains("s3cret-pw"));
}

#[test]
fn mail_test_writes_an_eml_file_in_development_and_refuses_bad_addresses() {
    let dir = tempfile::tempdir().unwrap();
    for (to, expect) in [
        ("not an address", "not a usable email"),
        ("ann..smith@example.org", "not a usable email"),
        ("ops@[127.0.0.1]", "not a usable email"),
        ("ops@exam\u{200B}ple.org", "invisible character"),
    ] {
        let o = peyvand(dir.path(), &["mail", "test", "--to", to], &[]);
        assert_eq!(o.status.code(), Some(2), "{to:?}: {}", text(&o));
        assert!(text(&o).contains(expect), "{to:?}: {}", text(&o));
    }
    let o = peyvand(
        dir.path(),
        &["mail", "test", "--to", "ops@example.org"],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o));
    let files: Vec<_> = std::fs::read_dir(dir.path().join("mail"))
        .unwrap()
        .flatten()
        .collect();
    assert_eq!(files.len(), 1);
    let eml = std::fs::read_to_string(files[0].path()).unwrap();
    assert!(eml.contains("To: ops@example.org"));
}

#[test]
fn staff_create_prints_a_one_time_link_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let o = peyvand(
        dir.path(),
        &[
            "staff",
            "create",
            "--email",
            "First.Admin@example.org",
            "--role",
            "admin",
        ],
        &[],
    );
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("http://127.0.0.1:8000/staff/enrol/"),
        "{}",
        text(&o)
    );
    for (args, expect) in [
        (
            vec!["--email", "first.admin@example.org", "--role", "admin"],
            "already exists",
        ),
        (
            vec!["--email", "\u{430}dmin@example.org", "--role", "admin"],
            "not a usable email",
        ),
        (
            vec!["--email", "ann..smith@example.org", "--role", "admin"],
            "not a usable email",
        ),
        (
            vec!["--email", "adm\u{AD}in@example.org", "--role", "admin"],
            "invisible character",
        ),
        (
            vec!["--email", "x@example.org", "--role", "root"],
            "unknown role",
        ),
    ] {
        let mut all = vec!["staff", "create"];
        all.extend(args.iter().copied());
        let o = peyvand(dir.path(), &all, &[]);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", text(&o));
        assert!(text(&o).contains(expect), "{args:?}: {}", text(&o));
    }
    let o = peyvand(
        dir.path(),
        &["staff", "create", "--email", "x@example.org"],
        &[],
    );
    assert_eq!(o.status.code(), Some(2), "a role is required");
}

#[rocket::async_test]
async fn audit_verify_names_an_altered_event_and_fails() {
    use sea_orm::{ConnectionTrait, Database};
    let dir = tempfile::tempdir().unwrap();
    assert!(peyvand(dir.path(), &["demo", "seed"], &[]).status.success());
    let url = format!("sqlite://{}", dir.path().join("peyvand.sqlite3").display());
    let db = Database::connect(&url).await.unwrap();
    db.execute_unprepared("DROP TRIGGER audit_events_no_update")
        .await
        .unwrap();
    db.execute_unprepared("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 1")
        .await
        .unwrap();
    db.close().await.unwrap();
    let o = peyvand(dir.path(), &["audit", "verify"], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("broken at event 1"), "{}", text(&o));
}

#[test]
fn keys_are_never_regenerated_for_a_database_in_use_nor_swapped() {
    let dir = tempfile::tempdir().unwrap();
    assert!(peyvand(dir.path(), &["demo", "seed"], &[]).status.success());
    let key = dir.path().join("keys.toml");
    let original = std::fs::read(&key).unwrap();

    // The key file is lost: no new keys for a database that holds data.
    std::fs::remove_file(&key).unwrap();
    let o = peyvand(dir.path(), &["migrate"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("will not generate new keys"),
        "{}",
        text(&o)
    );
    assert!(!key.exists());

    // Another deployment's key file: refused, nothing changed.
    let other = tempfile::tempdir().unwrap();
    assert!(peyvand(other.path(), &["migrate"], &[]).status.success());
    std::fs::copy(other.path().join("keys.toml"), &key).unwrap();
    let o = peyvand(dir.path(), &["audit", "verify"], &[]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("do not match this database"),
        "{}",
        text(&o)
    );

    // The right file restored: all is well again.
    std::fs::write(&key, &original).unwrap();
    let o = peyvand(dir.path(), &["audit", "verify"], &[]);
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn secrets_can_come_from_the_environment_alone() {
    use base64::Engine;
    let b64 = |n: usize, v: u8| base64::engine::general_purpose::STANDARD.encode(vec![v; n]);
    let dir = tempfile::tempdir().unwrap();
    let env = [
        ("PEYVAND_MASTER_KEY", b64(32, 1)),
        ("PEYVAND_SIGNING_KEY", b64(32, 2)),
        ("ROCKET_SECRET_KEY", b64(64, 3)),
    ];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let o = peyvand(dir.path(), &["demo", "seed"], &env);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        !dir.path().join("keys.toml").exists(),
        "no key file written"
    );
    // A different master key is refused for this database.
    let mut wrong = env.clone();
    let other = b64(32, 9);
    wrong[0] = ("PEYVAND_MASTER_KEY", other.as_str());
    let o = peyvand(dir.path(), &["migrate"], &wrong);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}

#[test]
fn configuration_errors_never_echo_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let o = peyvand(
        dir.path(),
        &["migrate"],
        &[("PEYVAND_SMTP_PORT", "hunter2-secret")],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("smtp_port"));
    assert!(!text(&o).contains("hunter2"), "{}", text(&o));
}

#[rocket::async_test]
async fn demo_seed_is_refused_outside_debug_unless_forced_and_prints_random_links_once() {
    use sea_orm::{ColumnTrait, Database, EntityTrait, PaginatorTrait, QueryFilter};
    let dir = tempfile::tempdir().unwrap();
    let release = [("ROCKET_PROFILE", "release")];
    let o = peyvand(dir.path(), &["demo", "seed"], &release);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--force-demo"), "{}", text(&o));
    assert!(
        !dir.path().join("peyvand.sqlite3").exists(),
        "refused before anything is written"
    );

    let o = peyvand(dir.path(), &["demo", "seed", "--force-demo"], &release);
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let tokens: Vec<&str> = out
        .lines()
        .filter_map(|l| l.trim().split("/contact/status/").nth(1))
        .map(|rest| rest.split('?').next().unwrap())
        .collect();
    assert_eq!(tokens.len(), 6, "{out}");
    assert!(out.contains("/contact/registration/"), "{out}");
    // Each printed link is one demo request's page: its token's hash is what is stored.
    let url = format!("sqlite://{}", dir.path().join("peyvand.sqlite3").display());
    let db = Database::connect(&url).await.unwrap();
    use peyvand::entities::contact_request;
    for t in &tokens {
        assert!(!t.starts_with("demo-"), "{t}");
        let n = contact_request::Entity::find()
            .filter(
                contact_request::Column::StatusHash.eq(peyvand::crypto::sha256_hex(t.as_bytes())),
            )
            .filter(contact_request::Column::Demo.eq(true))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(n, 1, "{t}");
    }
    db.close().await.unwrap();

    // Twice is safe: nothing added, no links shown again.
    let o = peyvand(dir.path(), &["demo", "seed", "--force-demo"], &release);
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        text(&o).contains("Demo data already present."),
        "{}",
        text(&o)
    );
    assert!(!text(&o).contains("/contact/status/"), "{}", text(&o));
}

#[test]
fn bundle_verify_documents_its_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let o = peyvand(dir.path(), &["bundle", "verify", "--help"], &[]);
    assert!(o.status.success(), "{}", text(&o));
    let help = text(&o);
    assert!(help.contains("--fingerprint"), "{help}");
    assert!(help.contains("4 intact and validly signed"), "{help}");
    let o = peyvand(dir.path(), &["demo", "seed", "--help"], &[]);
    assert!(text(&o).contains("--force-demo"), "{}", text(&o));
}

/// Answers one HTTP request on a fresh loopback port with `answer`; the port.
fn answer_once(answer: &'static str) -> u16 {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        if let Ok((mut s, _)) = listener.accept() {
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf);
            let _ = s.write_all(answer.as_bytes());
        }
    });
    port
}

#[test]
fn health_exits_zero_only_when_the_server_says_ready() {
    let dir = tempfile::tempdir().unwrap();
    let url = |port: u16| format!("http://127.0.0.1:{port}/health/ready");
    let ready = answer_once("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n");
    let o = peyvand(dir.path(), &["health", "--url", &url(ready)], &[]);
    assert!(o.status.success(), "{}", text(&o));
    let stuck =
        answer_once("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 13\r\n\r\noutbox stuck\n");
    let o = peyvand(dir.path(), &["health", "--url", &url(stuck)], &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("HTTP 503") && text(&o).contains("outbox stuck"));
    // Nobody listening (a port just freed), then not HTTP at all.
    let free = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let o = peyvand(dir.path(), &["health", "--url", &url(free)], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let garbage = answer_once("SSH-2.0-OpenSSH\r\n");
    let o = peyvand(dir.path(), &["health", "--url", &url(garbage)], &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    // An address it cannot ask is a usage error; no configuration is read at all.
    let o = peyvand(
        dir.path(),
        &["health", "--url", "https://example.org/health/ready"],
        &[("PEYVAND_PUBLIC_URL", "not a url")],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(!dir.path().join("keys.toml").exists());
}
