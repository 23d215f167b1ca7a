//! Typed configuration: defaults, then the `[<profile>.peyvand]` table of `Rocket.toml`, then
//! `PEYVAND_*` environment variables and `DATABASE_URL`; validated once at start-up.

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// How outgoing email leaves the system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransportKind {
    /// A real SMTP server (production).
    Smtp,
    /// `.eml` files in `<data dir>/mail` (development).
    File,
    /// Kept in memory (tests only).
    Memory,
}

/// TLS mode for SMTP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    /// Plain text (only for a relay on the same host or in tests).
    None,
    /// STARTTLS upgrade, required.
    Starttls,
    /// TLS from the first byte (SMTPS, usually port 465).
    Tls,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One readable line a record.
    Text,
    /// One JSON object a line (`ts`, `level`, `target`, `msg`).
    Json,
}

/// Health checks, metrics and logs.
#[derive(Clone)]
pub struct ObserveConfig {
    /// The bearer token `/metrics` requires; without one, `/metrics` is not served.
    pub metrics_token: Option<String>,
    /// How log lines are written.
    pub log_format: LogFormat,
    /// `/health/ready` fails while an email has been due longer than this.
    pub outbox_stuck: chrono::Duration,
}

impl std::fmt::Debug for ObserveConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObserveConfig")
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "***"))
            .field("log_format", &self.log_format)
            .field("outbox_stuck", &self.outbox_stuck)
            .finish()
    }
}

/// Peyvand's own settings, as read (before validation).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
struct Raw {
    data_dir: PathBuf,
    database_url: Option<String>,
    public_url: String,
    /// Replaced by `override_dir`; refused with a message saying so.
    static_dir: Option<PathBuf>,
    override_dir: Option<PathBuf>,
    mail_transport: MailTransportKind,
    mail_from: String,
    smtp_host: String,
    smtp_port: Option<u16>,
    smtp_tls: SmtpTls,
    #[serde(deserialize_with = "text_like")]
    smtp_username: Option<String>,
    #[serde(deserialize_with = "text_like")]
    smtp_password: Option<String>,
    outbox_worker: bool,
    outbox_poll_seconds: u64,
    /// Replaced by `outbox_retry_days`; refused with a message saying so.
    outbox_max_attempts: Option<u32>,
    outbox_retry_days: u32,
    outbox_backoff_seconds: u64,
    outbox_concurrency: u32,
    trusted_proxies: Vec<String>,
    rate_limit_per_minute: u32,
    rate_limit_burst: u32,
    link_rate_limit_per_minute: u32,
    link_rate_limit_burst: u32,
    staff_idle_minutes: u32,
    staff_session_hours: u32,
    staff_login_minutes: u32,
    staff_enrolment_hours: u32,
    staff_device_days: u32,
    approval_hours: u32,
    login_lockout_threshold: u32,
    argon2_memory_kib: u32,
    argon2_iterations: u32,
    argon2_parallelism: u32,
    sign_burst: u32,
    signs_per_hour: u32,
    news_batch: u32,
    news_interval_secs: u32,
    confirm_grace_hours: u32,
    retention_days: u32,
    organisation: String,
    /// The organisation's time zone (IANA name): times on pages are shown in it.
    time_zone: String,
    book_volume_size: u32,
    edition_worker: bool,
    contact_expiry_days: u32,
    contact_cooling_off_hours: u32,
    contact_consent_days: u32,
    contact_ask_days: u32,
    contact_relay_retention_days: u32,
    contact_checkin_days: u32,
    contact_everyone_sees_everything: bool,
    #[serde(deserialize_with = "text_like")]
    metrics_token: Option<String>,
    log_format: LogFormat,
    health_outbox_stuck_minutes: u32,
}

impl Default for Raw {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("data"),
            database_url: None,
            public_url: "http://127.0.0.1:8000".into(),
            static_dir: None,
            override_dir: None,
            mail_transport: MailTransportKind::File,
            mail_from: "Peyvand <no-reply@localhost>".into(),
            smtp_host: "localhost".into(),
            smtp_port: None,
            smtp_tls: SmtpTls::Starttls,
            smtp_username: None,
            smtp_password: None,
            outbox_worker: true,
            outbox_poll_seconds: 5,
            outbox_max_attempts: None,
            outbox_retry_days: 3,
            outbox_backoff_seconds: 30,
            outbox_concurrency: 32,
            trusted_proxies: Vec::new(),
            rate_limit_per_minute: 30,
            rate_limit_burst: 10,
            // Generous: a household behind one address opening its links now and then
            // never meets it; guessing tokens at speed does.
            link_rate_limit_per_minute: 60,
            link_rate_limit_burst: 60,
            staff_idle_minutes: 30,
            staff_session_hours: 12,
            staff_login_minutes: 10,
            staff_enrolment_hours: 72,
            staff_device_days: 90,
            approval_hours: 48,
            login_lockout_threshold: 5,
            // OWASP's first argon2id choice: 19 MiB, 2 iterations, 1 lane.
            argon2_memory_kib: 19 * 1024,
            argon2_iterations: 2,
            argon2_parallelism: 1,
            sign_burst: 5,
            news_batch: 500,
            news_interval_secs: 1,
            signs_per_hour: 20,
            confirm_grace_hours: 48,
            retention_days: 365,
            organisation: "Peyvand".into(),
            // Most readers live in Iran; an organisation elsewhere sets its own.
            time_zone: "Asia/Tehran".into(),
            book_volume_size: 2_500,
            edition_worker: true,
            contact_expiry_days: 365,
            contact_cooling_off_hours: 72,
            contact_consent_days: 90,
            contact_ask_days: 30,
            contact_relay_retention_days: 30,
            contact_checkin_days: 30,
            contact_everyone_sees_everything: false,
            metrics_token: None,
            log_format: LogFormat::Text,
            health_outbox_stuck_minutes: 15,
        }
    }
}

/// Accepts a string, or a number or boolean as text: environment values such as
/// `PEYVAND_SMTP_PASSWORD=12345678` would otherwise be read as a number and refused.
fn text_like<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum TextLike {
        Text(String),
        Int(i64),
        Uint(u64),
        Float(f64),
        Bool(bool),
    }
    Ok(Option::<TextLike>::deserialize(d)?.map(|v| match v {
        TextLike::Text(s) => s,
        TextLike::Int(n) => n.to_string(),
        TextLike::Uint(n) => n.to_string(),
        TextLike::Float(n) => n.to_string(),
        TextLike::Bool(b) => b.to_string(),
    }))
}

/// SMTP settings.
#[derive(Clone)]
pub struct SmtpConfig {
    /// Server host name.
    pub host: String,
    /// Server port.
    pub port: u16,
    /// TLS mode.
    pub tls: SmtpTls,
    /// Optional credentials (user name, password).
    pub credentials: Option<(String, String)>,
}

impl std::fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field(
                "credentials",
                &self.credentials.as_ref().map(|(u, _)| (u, "***")),
            )
            .finish()
    }
}

/// Email settings.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// Which transport sends.
    pub transport: MailTransportKind,
    /// The `From:` mailbox.
    pub from: lettre::message::Mailbox,
    /// SMTP settings (used when `transport` is SMTP).
    pub smtp: SmtpConfig,
    /// Whether the background outbox worker runs.
    pub worker: bool,
    /// How often the worker looks for due mail.
    pub poll: std::time::Duration,
    /// How long a failing email is retried, counted from when it was queued (or retried
    /// by an administrator); then it is marked failed and kept for an administrator.
    pub retry_window: std::time::Duration,
    /// First retry delay; doubled at each attempt, capped at one hour.
    pub backoff: std::time::Duration,
    /// Emails the outbox worker sends at once (and pooled SMTP connections).
    pub concurrency: usize,
}

/// Staff accounts and sessions.
#[derive(Debug, Clone)]
pub struct StaffConfig {
    /// A session ends after this long without a request.
    pub idle: chrono::Duration,
    /// A session ends this long after login.
    pub absolute: chrono::Duration,
    /// A half-finished login (second factor pending) lasts this long.
    pub login_pending: chrono::Duration,
    /// Enrolment links are valid this long.
    pub enrolment: chrono::Duration,
    /// A browser that completed a full login is recognised this long (its own throttle
    /// replaces the per-address lock).
    pub device: chrono::Duration,
    /// Four-eyes proposals expire after this long.
    pub approval: chrono::Duration,
    /// Failed logins before the lock starts.
    pub lockout_threshold: i32,
    /// Argon2id memory cost in KiB.
    pub argon2_memory_kib: u32,
    /// Argon2id iterations.
    pub argon2_iterations: u32,
    /// Argon2id lanes.
    pub argon2_parallelism: u32,
}

/// Petition signing.
#[derive(Debug, Clone)]
pub struct PetitionConfig {
    /// Signatures one network may make on one petition at once before further ones are
    /// shadow-banned (stored, not counted, reversible by staff).
    pub sign_burst: u32,
    /// Sustained signatures per hour per network and petition.
    pub signs_per_hour: u32,
    /// Petition news: emails queued per round (to signers who asked for news).
    pub news_batch: u32,
    /// Petition news: the pause between two rounds; with `news_batch`, the sending rate.
    pub news_interval: std::time::Duration,
    /// Confirmations are still accepted this long after a petition closes.
    pub confirm_grace: chrono::Duration,
    /// Personal data of signatures is erased this long after delivery.
    pub retention: chrono::Duration,
    /// The organisation's name, printed on petition books.
    pub organisation: String,
    /// Rows per volume of a petition book (memory while typesetting grows with it).
    pub volume_size: usize,
    /// Whether this process builds frozen editions in the background.
    pub edition_worker: bool,
}

/// Family contact (requests and registrations).
#[derive(Debug, Clone)]
pub struct ContactConfig {
    /// Requests and registrations expire this long after verification or their last
    /// renewal; a reminder goes out 30 days before.
    pub expiry: chrono::Duration,
    /// After both consents, how long either party can still withdraw silently before a
    /// release may be proposed.
    pub cooling_off: chrono::Duration,
    /// How long a consent stays valid (a connection needs both consents valid).
    pub consent_validity: chrono::Duration,
    /// How long the sought person's link works; unanswered, the match closes after it.
    pub ask_window: chrono::Duration,
    /// How long a closed relay thread's messages are kept before they are erased.
    pub relay_retention: chrono::Duration,
    /// How often every active requester is asked to look at their page (the same
    /// schedule for all, so the email says nothing about their case).
    pub checkin: chrono::Duration,
    /// Every caseworker reads every case (a small team). Otherwise a request assigned to a
    /// caseworker is read by its assignee, and by others only for a reason they give
    /// (audited); unassigned requests stay open to every caseworker, who triage them.
    pub everyone_sees_everything: bool,
}

/// Validated configuration of one Peyvand process.
#[derive(Debug, Clone)]
pub struct Config {
    /// `debug` or `release` (or another Rocket profile name).
    pub profile: String,
    /// Where the SQLite database, the key file and development mail live.
    pub data_dir: PathBuf,
    /// Database URL (`sqlite://…` or `postgres://…`).
    pub database_url: String,
    /// Base URL used in links sent by email, without a trailing slash.
    pub public_url: String,
    /// Templates and static files: built in, or an organisation's own in their place.
    pub assets: crate::assets::Assets,
    /// Email settings.
    pub mail: MailConfig,
    /// Proxies whose `X-Forwarded-For` header is believed.
    pub trusted_proxies: Vec<IpNet>,
    /// Sustained state-changing requests a client may make per minute.
    pub rate_limit_per_minute: u32,
    /// Burst size for the same limit.
    pub rate_limit_burst: u32,
    /// Sustained requests per minute a client network may make to pages reached through a
    /// token in their address (signature, contact and staff enrolment links).
    pub link_rate_limit_per_minute: u32,
    /// Burst size for the same limit.
    pub link_rate_limit_burst: u32,
    /// Staff accounts and sessions.
    pub staff: StaffConfig,
    /// Petition signing.
    pub petitions: PetitionConfig,
    /// Family contact.
    pub contact: ContactConfig,
    /// Health checks, metrics and logs.
    pub observe: ObserveConfig,
    /// The organisation's time zone (`time_zone`, an IANA name): times on pages are shown
    /// in it, and every page says so.
    pub time_zone: crate::i18n::format::Zone,
}

/// A configuration value that cannot be used; the message names the setting.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {0}")]
pub struct ConfigError(pub String);

impl Config {
    /// The profile Rocket will use: `ROCKET_PROFILE`, else `debug`/`release` by build.
    #[must_use]
    pub fn default_profile() -> String {
        std::env::var("ROCKET_PROFILE").unwrap_or_else(|_| {
            if cfg!(debug_assertions) {
                "debug"
            } else {
                "release"
            }
            .to_owned()
        })
    }

    /// Whether this is a release profile (stricter checks, HSTS, secure cookies).
    #[must_use]
    pub fn is_release(&self) -> bool {
        // Every profile but `debug` gets the strict settings: a custom profile name
        // (`prod`, `staging`) must not silently lose HSTS or secure cookies.
        self.profile != "debug"
    }

    /// Reads the configuration from `Rocket.toml` (or `ROCKET_CONFIG`) and the environment.
    ///
    /// # Errors
    /// A value of the wrong type or out of range, named with its setting.
    pub fn load() -> Result<Self, ConfigError> {
        let profile = Self::default_profile();
        let file = std::env::var("ROCKET_CONFIG").unwrap_or_else(|_| "Rocket.toml".into());
        let from_file = Figment::from(Toml::file(file).nested()).focus("peyvand");
        let figment = Figment::from(Serialized::defaults(Raw::default()))
            .merge(from_file)
            .merge(
                Env::prefixed("PEYVAND_")
                    .ignore(&["MASTER_KEY", "SIGNING_KEY", "TEST_DATABASE_URL"])
                    .global(),
            )
            .merge(Env::raw().only(&["DATABASE_URL"]).global())
            .select(profile.as_str());
        Self::from_figment(&figment, profile)
    }

    fn from_figment(figment: &Figment, profile: String) -> Result<Self, ConfigError> {
        let raw: Raw = figment.extract().map_err(|e| {
            let e = e.into_iter().next().map_or_else(String::new, |e| {
                let key = e.path.join(".");
                // Never echo the value: it may be a password.
                let what = match &e.kind {
                    figment::error::Kind::InvalidType(_, expected)
                    | figment::error::Kind::InvalidValue(_, expected) => {
                        format!("invalid value, expected {expected}")
                    }
                    other => other.to_string(),
                };
                format!(
                    "setting `{key}` (env PEYVAND_{}): {what}",
                    key.to_uppercase()
                )
            });
            ConfigError(e)
        })?;
        Self::validate(raw, profile)
    }

    fn validate(raw: Raw, profile: String) -> Result<Self, ConfigError> {
        let err = |m: String| Err(ConfigError(m));
        let public_url = raw.public_url.trim_end_matches('/').to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            return err(format!(
                "public_url must start with http:// or https://, got {public_url:?}"
            ));
        }
        let from: lettre::message::Mailbox = match raw.mail_from.parse() {
            Ok(m) => m,
            Err(e) => {
                return err(format!(
                    "mail_from {:?} is not a mailbox: {e}",
                    raw.mail_from
                ));
            }
        };
        let mut trusted_proxies = Vec::new();
        for p in &raw.trusted_proxies {
            let net = p
                .parse::<IpNet>()
                .or_else(|_| p.parse::<std::net::IpAddr>().map(IpNet::from));
            match net {
                Ok(n) => trusted_proxies.push(n),
                Err(_) => {
                    return err(format!(
                        "trusted_proxies: {p:?} is not an IP address or CIDR range"
                    ));
                }
            }
        }
        if raw.rate_limit_per_minute == 0 || raw.rate_limit_burst == 0 {
            return err("rate_limit_per_minute and rate_limit_burst must be at least 1".into());
        }
        if raw.link_rate_limit_per_minute == 0 || raw.link_rate_limit_burst == 0 {
            return err(
                "link_rate_limit_per_minute and link_rate_limit_burst must be at least 1".into(),
            );
        }
        for (name, v) in [
            ("staff_idle_minutes", raw.staff_idle_minutes),
            ("staff_session_hours", raw.staff_session_hours),
            ("staff_login_minutes", raw.staff_login_minutes),
            ("staff_enrolment_hours", raw.staff_enrolment_hours),
            ("staff_device_days", raw.staff_device_days),
            ("approval_hours", raw.approval_hours),
            ("login_lockout_threshold", raw.login_lockout_threshold),
            ("sign_burst", raw.sign_burst),
            ("news_batch", raw.news_batch),
            ("news_interval_secs", raw.news_interval_secs),
            ("signs_per_hour", raw.signs_per_hour),
            ("retention_days", raw.retention_days),
            ("book_volume_size", raw.book_volume_size),
            ("contact_consent_days", raw.contact_consent_days),
            ("contact_ask_days", raw.contact_ask_days),
            (
                "contact_relay_retention_days",
                raw.contact_relay_retention_days,
            ),
            ("contact_checkin_days", raw.contact_checkin_days),
        ] {
            if v == 0 {
                return err(format!("{name} must be at least 1"));
            }
        }
        if raw.contact_expiry_days <= 30 {
            return err(
                "contact_expiry_days must be more than 30 (the renewal reminder goes out 30 days before expiry)"
                    .into(),
            );
        }
        if raw.argon2_memory_kib < 8 * 1024
            || raw.argon2_iterations == 0
            || raw.argon2_parallelism == 0
        {
            return err("argon2_memory_kib must be at least 8192 and argon2_iterations, argon2_parallelism at least 1".into());
        }
        if raw
            .metrics_token
            .as_deref()
            .is_some_and(|t| t.trim().len() < 16)
        {
            return err("metrics_token must be at least 16 characters".into());
        }
        if raw.health_outbox_stuck_minutes == 0 {
            return err("health_outbox_stuck_minutes must be at least 1".into());
        }
        if raw.static_dir.is_some() {
            return err("static_dir was replaced by override_dir (a folder whose templates/ and static/ hold the files that replace the built-in ones)".into());
        }
        let assets = crate::assets::Assets::new(raw.override_dir.clone(), profile != "debug")
            .map_err(|e| ConfigError(e.to_string()))?;
        if raw.outbox_max_attempts.is_some() {
            return err("outbox_max_attempts was replaced by outbox_retry_days (how many days a failing email is retried, default 3)".into());
        }
        if raw.outbox_retry_days == 0 || raw.outbox_retry_days > 30 {
            return err("outbox_retry_days must be between 1 and 30".into());
        }
        if raw.outbox_poll_seconds == 0 {
            return err("outbox_poll_seconds must be at least 1".into());
        }
        if raw.outbox_backoff_seconds == 0 || raw.outbox_backoff_seconds > 3600 {
            return err("outbox_backoff_seconds must be between 1 and 3600".into());
        }
        if raw.outbox_concurrency == 0 || raw.outbox_concurrency > 64 {
            return err("outbox_concurrency must be between 1 and 64".into());
        }
        let release = profile != "debug";
        if release && raw.mail_transport == MailTransportKind::Memory {
            return err(
                "mail_transport = \"memory\" loses mail; use smtp (or file) in release".into(),
            );
        }
        let database_url = raw.database_url.unwrap_or_else(|| {
            format!(
                "sqlite://{}?mode=rwc",
                raw.data_dir.join("peyvand.sqlite3").display()
            )
        });
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            return err("DATABASE_URL must start with sqlite: or postgres://".into());
        }
        let smtp_local = matches!(raw.smtp_host.as_str(), "localhost" | "127.0.0.1" | "::1");
        if release && raw.smtp_tls == SmtpTls::None && !smtp_local {
            return err("smtp_tls = \"none\" sends mail and passwords in clear; in release it is allowed only for a relay on localhost".into());
        }
        let smtp_port = raw.smtp_port.unwrap_or(match raw.smtp_tls {
            SmtpTls::None => 25,
            SmtpTls::Starttls => 587,
            SmtpTls::Tls => 465,
        });
        let credentials = match (raw.smtp_username, raw.smtp_password) {
            (Some(u), Some(p)) => Some((u, p)),
            (None, None) => None,
            _ => return err("smtp_username and smtp_password must be set together".into()),
        };
        let Some(time_zone) = crate::i18n::format::Zone::named(&raw.time_zone) else {
            return err(format!(
                "time_zone {:?} is not a time zone name (e.g. Asia/Tehran, Europe/Paris)",
                raw.time_zone
            ));
        };
        Ok(Self {
            time_zone,
            profile,
            data_dir: raw.data_dir,
            database_url,
            public_url,
            assets,
            mail: MailConfig {
                transport: raw.mail_transport,
                from,
                smtp: SmtpConfig {
                    host: raw.smtp_host,
                    port: smtp_port,
                    tls: raw.smtp_tls,
                    credentials,
                },
                worker: raw.outbox_worker,
                poll: std::time::Duration::from_secs(raw.outbox_poll_seconds),
                retry_window: std::time::Duration::from_secs(
                    u64::from(raw.outbox_retry_days) * 86_400,
                ),
                backoff: std::time::Duration::from_secs(raw.outbox_backoff_seconds),
                concurrency: raw.outbox_concurrency as usize,
            },
            trusted_proxies,
            rate_limit_per_minute: raw.rate_limit_per_minute,
            rate_limit_burst: raw.rate_limit_burst,
            link_rate_limit_per_minute: raw.link_rate_limit_per_minute,
            link_rate_limit_burst: raw.link_rate_limit_burst,
            staff: StaffConfig {
                idle: chrono::Duration::minutes(raw.staff_idle_minutes.into()),
                absolute: chrono::Duration::hours(raw.staff_session_hours.into()),
                login_pending: chrono::Duration::minutes(raw.staff_login_minutes.into()),
                enrolment: chrono::Duration::hours(raw.staff_enrolment_hours.into()),
                device: chrono::Duration::days(raw.staff_device_days.into()),
                approval: chrono::Duration::hours(raw.approval_hours.into()),
                lockout_threshold: i32::try_from(raw.login_lockout_threshold).unwrap_or(i32::MAX),
                argon2_memory_kib: raw.argon2_memory_kib,
                argon2_iterations: raw.argon2_iterations,
                argon2_parallelism: raw.argon2_parallelism,
            },
            petitions: PetitionConfig {
                sign_burst: raw.sign_burst,
                signs_per_hour: raw.signs_per_hour,
                news_batch: raw.news_batch,
                news_interval: std::time::Duration::from_secs(raw.news_interval_secs.into()),
                confirm_grace: chrono::Duration::hours(raw.confirm_grace_hours.into()),
                retention: chrono::Duration::days(raw.retention_days.into()),
                organisation: raw.organisation.trim().to_owned(),
                volume_size: usize::try_from(raw.book_volume_size).unwrap_or(usize::MAX),
                edition_worker: raw.edition_worker,
            },
            contact: ContactConfig {
                expiry: chrono::Duration::days(raw.contact_expiry_days.into()),
                cooling_off: chrono::Duration::hours(raw.contact_cooling_off_hours.into()),
                consent_validity: chrono::Duration::days(raw.contact_consent_days.into()),
                ask_window: chrono::Duration::days(raw.contact_ask_days.into()),
                relay_retention: chrono::Duration::days(raw.contact_relay_retention_days.into()),
                checkin: chrono::Duration::days(raw.contact_checkin_days.into()),
                everyone_sees_everything: raw.contact_everyone_sees_everything,
            },
            observe: ObserveConfig {
                metrics_token: raw.metrics_token.map(|t| t.trim().to_owned()),
                log_format: raw.log_format,
                outbox_stuck: chrono::Duration::minutes(raw.health_outbox_stuck_minutes.into()),
            },
        })
    }

    /// A configuration for tests: the given data directory and database, mail kept in
    /// memory, no background worker, generous rate limits.
    #[must_use]
    pub fn for_testing(data_dir: PathBuf, database_url: String) -> Self {
        let raw = Raw {
            data_dir,
            database_url: Some(database_url),
            mail_transport: MailTransportKind::Memory,
            mail_from: "Peyvand <no-reply@peyvand.test>".into(),
            outbox_worker: false,
            edition_worker: false,
            rate_limit_per_minute: 10_000,
            rate_limit_burst: 10_000,
            link_rate_limit_per_minute: 10_000,
            link_rate_limit_burst: 10_000,
            ..Raw::default()
        };
        Self::validate(raw, "debug".into()).expect("test configuration is valid")
    }
}

#[cfg(test)]
mod tests;
