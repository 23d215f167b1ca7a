//! The settings' checks: defaults, environment overrides and the refusals of bad values.
use super::*;

fn load(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let mut f = Figment::from(Serialized::defaults(Raw::default()));
    for (k, v) in pairs {
        f = f.merge((*k, *v));
    }
    Config::from_figment(&f, "debug".into())
}

#[test]
fn defaults_are_valid_and_use_sqlite_in_the_data_dir() {
    let c = load(&[]).unwrap();
    assert!(c.database_url.starts_with("sqlite://data/peyvand.sqlite3"));
    assert_eq!(c.public_url, "http://127.0.0.1:8000");
}

#[test]
fn bad_values_name_the_setting() {
    let e = load(&[("smtp_port", "seventy")]).unwrap_err().to_string();
    assert!(e.contains("smtp_port"), "{e}");
    let e = load(&[("smtp_tls", "maybe")]).unwrap_err().to_string();
    assert!(e.contains("smtp_tls"), "{e}");
    let e = load(&[("public_url", "ftp://x")]).unwrap_err().to_string();
    assert!(e.contains("public_url"), "{e}");
    let e = load(&[("mail_from", "not a mailbox")])
        .unwrap_err()
        .to_string();
    assert!(e.contains("mail_from"), "{e}");
    let e = load(&[("database_url", "mysql://x")])
        .unwrap_err()
        .to_string();
    assert!(e.contains("DATABASE_URL"), "{e}");
    let e = load(&[("rate_limit_burst", "0")]).unwrap_err().to_string();
    assert!(e.contains("rate_limit"), "{e}");
    let days = |n: u32| {
        let f =
            Figment::from(Serialized::defaults(Raw::default())).merge(("contact_expiry_days", n));
        Config::from_figment(&f, "debug".into())
    };
    let e = days(30).unwrap_err().to_string();
    assert!(
        e.contains("contact_expiry_days must be more than 30"),
        "{e}"
    );
    assert_eq!(days(90).unwrap().contact.expiry, chrono::Duration::days(90));
}

#[test]
fn outbox_retry_and_concurrency_settings_are_checked() {
    let with = |pairs: &[(&str, u32)]| {
        let mut f = Figment::from(Serialized::defaults(Raw::default()));
        for (k, v) in pairs {
            f = f.merge((*k, *v));
        }
        Config::from_figment(&f, "debug".into())
    };
    let c = with(&[]).unwrap();
    assert_eq!(
        c.mail.retry_window,
        std::time::Duration::from_secs(3 * 86_400)
    );
    assert_eq!(c.mail.concurrency, 32);
    let c = with(&[("outbox_retry_days", 5), ("outbox_concurrency", 8)]).unwrap();
    assert_eq!(
        c.mail.retry_window,
        std::time::Duration::from_secs(5 * 86_400)
    );
    assert_eq!(c.mail.concurrency, 8);
    for (key, value) in [
        ("outbox_retry_days", 0),
        ("outbox_retry_days", 31),
        ("outbox_concurrency", 0),
        ("outbox_concurrency", 65),
        ("outbox_backoff_seconds", 0),
    ] {
        let e = with(&[(key, value)]).unwrap_err().to_string();
        assert!(e.contains(key), "{key}={value}: {e}");
    }
    let e = with(&[("outbox_max_attempts", 12)])
        .unwrap_err()
        .to_string();
    assert!(e.contains("outbox_retry_days"), "{e}");
}

#[test]
fn numeric_passwords_are_text_and_never_echoed() {
    let c = load(&[("smtp_username", "ops"), ("smtp_password", "12345678")]).unwrap();
    assert_eq!(c.mail.smtp.credentials.as_ref().unwrap().1, "12345678");
    assert!(!format!("{:?}", c.mail.smtp).contains("12345678"));
    let e = load(&[("smtp_port", "s3cret")]).unwrap_err().to_string();
    assert!(!e.contains("s3cret"), "{e}");
}

#[test]
fn smtp_port_follows_the_tls_mode_and_clear_text_is_refused_in_release() {
    assert_eq!(load(&[]).unwrap().mail.smtp.port, 587);
    assert_eq!(load(&[("smtp_tls", "tls")]).unwrap().mail.smtp.port, 465);
    assert_eq!(load(&[("smtp_tls", "none")]).unwrap().mail.smtp.port, 25);
    let f = Figment::from(Serialized::defaults(Raw::default()))
        .merge(("smtp_tls", "none"))
        .merge(("smtp_host", "mail.example.org"));
    assert!(Config::from_figment(&f, "release".into()).is_err());
    assert!(
        Config::from_figment(&f, "prod".into()).is_err(),
        "any non-debug profile is strict"
    );
    assert!(Config::from_figment(&f, "debug".into()).is_ok());
}

#[test]
fn observability_settings_are_checked_and_the_token_never_shown() {
    let c = load(&[]).unwrap();
    assert!(
        c.observe.metrics_token.is_none(),
        "metrics are off by default"
    );
    assert_eq!(c.observe.log_format, LogFormat::Text);
    assert_eq!(c.observe.outbox_stuck, chrono::Duration::minutes(15));
    let c = load(&[
        ("metrics_token", "a-long-enough-metrics-token"),
        ("log_format", "json"),
    ])
    .unwrap();
    assert_eq!(c.observe.log_format, LogFormat::Json);
    assert!(!format!("{c:?}").contains("a-long-enough-metrics-token"));
    let e = load(&[("metrics_token", "short")]).unwrap_err().to_string();
    assert!(e.contains("metrics_token"), "{e}");
    let e = load(&[("log_format", "xml")]).unwrap_err().to_string();
    assert!(e.contains("log_format"), "{e}");
    let e = load(&[("static_dir", "/srv/static")])
        .unwrap_err()
        .to_string();
    assert!(e.contains("override_dir"), "{e}");
    let e = load(&[("override_dir", "/nonexistent/peyvand-look")])
        .unwrap_err()
        .to_string();
    assert!(e.contains("override_dir"), "{e}");
}

#[test]
fn trusted_proxies_accept_addresses_and_ranges() {
    let f = Figment::from(Serialized::defaults(Raw::default()))
        .merge(("trusted_proxies", vec!["10.0.0.0/8", "127.0.0.1"]));
    let c = Config::from_figment(&f, "debug".into()).unwrap();
    assert_eq!(c.trusted_proxies.len(), 2);
    let f = Figment::from(Serialized::defaults(Raw::default()))
        .merge(("trusted_proxies", vec!["nonsense"]));
    assert!(Config::from_figment(&f, "debug".into()).is_err());
}
