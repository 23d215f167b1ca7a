//! Test support: the `TestApp` builder (a fresh, migrated database per test on SQLite or,
//! with `PEYVAND_TEST_DATABASE_URL`, on its own PostgreSQL database), a real SMTP server,
//! the mail as recipients get it, responses as comparable wholes, staff helpers for the
//! pages, and the factories (`factory`) that set up what a test starts from.

pub mod factory;
pub mod http;
pub mod mail;
pub mod smtp;
pub mod staff;

use peyvand::config::{Config, MailTransportKind, SmtpTls};
use peyvand::context::AppContext;
use peyvand::crypto::{KeyFile, Secrets};
use rocket::http::{ContentType, Header, Status};
use rocket::local::asynchronous::{Client, LocalResponse};
use sea_orm::{ColumnTrait, ConnectionTrait, Database, EntityTrait, PaginatorTrait, QueryFilter};
use std::path::PathBuf;

/// Whether this run targets PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("PEYVAND_TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty())
}

/// A fresh database URL: a SQLite file in `dir`, or a new PostgreSQL database.
pub async fn fresh_database(dir: &std::path::Path) -> String {
    match std::env::var("PEYVAND_TEST_DATABASE_URL") {
        Ok(admin) if !admin.is_empty() => {
            let name = format!(
                "peyvand_t_{}",
                hex::encode(peyvand::crypto::random_bytes::<8>().unwrap())
            );
            let conn = Database::connect(&admin)
                .await
                .expect("connect to PEYVAND_TEST_DATABASE_URL");
            conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create test database");
            conn.close().await.ok();
            let mut url = url::Url::parse(&admin).expect("PEYVAND_TEST_DATABASE_URL is a URL");
            url.set_path(&format!("/{name}"));
            url.to_string()
        }
        _ => format!("sqlite://{}?mode=rwc", dir.join("test.sqlite3").display()),
    }
}

/// A change to the test configuration.
type Tweak = Box<dyn FnOnce(&mut Config) + Send>;

/// Builds a [`TestApp`] with configuration changes.
#[derive(Default)]
pub struct TestAppBuilder {
    tweaks: Vec<Tweak>,
    parent: Option<PathBuf>,
}

impl TestAppBuilder {
    /// Changes the configuration before the app is built.
    pub fn config(mut self, f: impl FnOnce(&mut Config) + Send + 'static) -> Self {
        self.tweaks.push(Box::new(f));
        self
    }

    /// Puts the data directory (and the SQLite database) inside `parent`.
    pub fn data_dir_in(mut self, parent: &std::path::Path) -> Self {
        self.parent = Some(parent.to_path_buf());
        self
    }

    /// Sends mail by SMTP (no TLS) to `127.0.0.1:port`.
    pub fn smtp(self, port: u16) -> Self {
        self.config(move |c| {
            c.mail.transport = MailTransportKind::Smtp;
            c.mail.smtp.host = "127.0.0.1".into();
            c.mail.smtp.port = port;
            c.mail.smtp.tls = SmtpTls::None;
        })
    }

    /// Builds the app: migrated database, context, Rocket local client.
    pub async fn build(self) -> TestApp {
        let dir = match &self.parent {
            Some(parent) => tempfile::tempdir_in(parent),
            None => tempfile::tempdir(),
        }
        .expect("temp dir");
        let db_url = fresh_database(dir.path()).await;
        let mut config = Config::for_testing(dir.path().to_path_buf(), db_url.clone());
        for t in self.tweaks {
            t(&mut config);
        }
        let secrets = KeyFile::ephemeral().expect("secrets");
        let ctx = peyvand::services::startup::open_with_secrets(config, &secrets)
            .await
            .expect("app opens");
        let figment = rocket::Config::figment().merge(("log_level", "off"));
        let client = Client::tracked(peyvand::rocket(
            ctx.clone(),
            &secrets.rocket_secret_key,
            figment,
        ))
        .await
        .expect("valid rocket");
        TestApp {
            client,
            ctx,
            secrets,
            dir,
            db_url,
        }
    }
}

/// One test's application.
pub struct TestApp {
    /// HTTP client (cookies tracked).
    pub client: Client,
    /// The app's context (database, crypto, mailer).
    pub ctx: AppContext,
    /// The secrets it runs with.
    #[allow(dead_code)]
    pub secrets: Secrets,
    /// Its data directory.
    pub dir: tempfile::TempDir,
    /// Its database URL.
    #[allow(dead_code)]
    pub db_url: String,
}

impl TestApp {
    /// Another browser on the same app (own cookies, same database).
    pub async fn new_client(&self) -> Client {
        let figment = rocket::Config::figment().merge(("log_level", "off"));
        Client::tracked(peyvand::rocket(
            self.ctx.clone(),
            &self.secrets.rocket_secret_key,
            figment,
        ))
        .await
        .expect("valid rocket")
    }

    /// A default app.
    pub async fn new() -> Self {
        Self::builder().build().await
    }

    /// A builder.
    pub fn builder() -> TestAppBuilder {
        TestAppBuilder::default()
    }

    /// The SQLite database files (main and WAL), when on SQLite.
    pub fn sqlite_files(&self) -> Vec<PathBuf> {
        ["test.sqlite3", "test.sqlite3-wal"]
            .iter()
            .map(|f| self.dir.path().join(f))
            .filter(|p| p.exists())
            .collect()
    }

    /// GET `path`; returns status and body.
    pub async fn get(&self, path: &str) -> (Status, String) {
        let r = self.client.get(path.to_owned()).dispatch().await;
        let s = r.status();
        (s, r.into_string().await.unwrap_or_default())
    }

    /// The CSRF token this client's pages carry (loads `/language` to obtain it).
    pub async fn csrf_token(&self) -> String {
        let (_, body) = self.get("/language").await;
        extract_attr(&body, "name=\"csrf_token\" value=\"").expect("page has a CSRF token")
    }

    /// POSTs a URL-encoded form (the caller adds `csrf_token` if wanted).
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> LocalResponse<'_> {
        let body = form_urlencoded(fields);
        self.client
            .post(path.to_owned())
            .header(ContentType::Form)
            .body(body)
            .dispatch()
            .await
    }

    /// POSTs a form with a valid CSRF token added.
    pub async fn post_form_csrf(&self, path: &str, fields: &[(&str, &str)]) -> LocalResponse<'_> {
        let token = self.csrf_token().await;
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form(path, &all).await
    }

    /// How many audit events record `action`.
    pub async fn audited(&self, action: &str) -> u64 {
        peyvand::entities::audit_event::Entity::find()
            .filter(peyvand::entities::audit_event::Column::Action.eq(action))
            .count(&self.ctx.db)
            .await
            .unwrap()
    }

    /// The actions of every audit event.
    pub async fn audit_actions(&self) -> Vec<String> {
        peyvand::entities::audit_event::Entity::find()
            .all(&self.ctx.db)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect()
    }

    /// GET with an extra header.
    pub async fn get_with(&self, path: &str, header: Header<'static>) -> (Status, String) {
        let r = self
            .client
            .get(path.to_owned())
            .header(header)
            .dispatch()
            .await;
        let s = r.status();
        (s, r.into_string().await.unwrap_or_default())
    }
}

/// URL-encodes form fields.
pub fn form_urlencoded(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                url::form_urlencoded::byte_serialize(k.as_bytes()).collect::<String>(),
                url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The value following `prefix` up to the next `"`.
pub fn extract_attr(body: &str, prefix: &str) -> Option<String> {
    let start = body.find(prefix)? + prefix.len();
    let end = body[start..].find('"')? + start;
    Some(body[start..end].to_owned())
}

/// `<html lang=… dir=…>` of a page.
pub fn html_lang_dir(body: &str) -> (String, String) {
    (
        extract_attr(body, "<html lang=\"").unwrap_or_default(),
        extract_attr(body, "dir=\"").unwrap_or_default(),
    )
}
