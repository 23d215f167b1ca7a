//! Email: typed templates rendered from `templates/email/<name>/` (`subject.hbs`, `text.hbs`, `html.hbs`) in
//! handlebars strict mode, and the swappable transports (SMTP, `.eml` files, memory).
//! Logs name the template and message id, never the address.

pub mod outbox;

use crate::config::{MailConfig, MailTransportKind, SmtpTls};
use crate::i18n::Locale;
use crate::ids::OutboxId;
use handlebars::Handlebars;
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// A typed email context; `NAME` is the folder under `templates/email/`.
pub trait EmailTemplate: Serialize {
    /// Template folder name.
    const NAME: &'static str;
}

/// An email rendered for one recipient, ready to send.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct RenderedEmail {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body.
    pub html: String,
    /// A one-click unsubscribe address (RFC 8058): sent as `List-Unsubscribe` with
    /// `List-Unsubscribe-Post: List-Unsubscribe=One-Click`. Only on mass emails signers
    /// chose to receive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list_unsubscribe: Option<String>,
}

/// An email captured by the in-memory transport.
#[derive(Debug, Clone)]
pub struct SentEmail {
    /// Recipient.
    pub to: String,
    /// The email.
    pub email: RenderedEmail,
    /// Its Message-ID.
    pub message_id: String,
}

/// Why a delivery attempt failed, as a category that is safe to store, log and show to
/// administrators: never the server's text, which may repeat the recipient's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The relay refused for good (5xx reply): retrying will not help.
    Permanent(u16),
    /// The relay refused for now (4xx reply).
    Transient(u16),
    /// The relay did not answer in time.
    Timeout,
    /// The TLS handshake failed.
    Tls,
    /// No connection, or it broke (including after the message, before the reply).
    Connection,
    /// The mail folder could not be written.
    File,
    /// The stored address does not parse (an email queued by an older version).
    Address,
    /// The stored email cannot be decrypted or read (e.g. a key was removed).
    Stored,
}

impl Failure {
    /// Whether retrying cannot help.
    #[must_use]
    pub fn is_permanent(self) -> bool {
        matches!(self, Self::Permanent(_) | Self::Address)
    }

    /// The category as stored in the outbox (`permanent:550`, `timeout`, …).
    #[must_use]
    pub fn code(self) -> String {
        match self {
            Self::Permanent(c) => format!("permanent:{c}"),
            Self::Transient(c) => format!("transient:{c}"),
            Self::Timeout => "timeout".into(),
            Self::Tls => "tls".into(),
            Self::Connection => "connection".into(),
            Self::File => "file".into(),
            Self::Address => "address".into(),
            Self::Stored => "stored".into(),
        }
    }

    /// The category and reply code of a stored [`Failure::code`]: `("permanent", Some(550))`.
    /// Anything else (rows written by older versions) is `("other", None)`.
    #[must_use]
    pub fn parse_code(stored: &str) -> (&'static str, Option<u16>) {
        let (kind, reply) = stored.split_once(':').unwrap_or((stored, ""));
        let reply = reply.parse().ok();
        match (kind, reply) {
            ("permanent", Some(_)) => ("permanent", reply),
            ("transient", Some(_)) => ("transient", reply),
            ("timeout", None) => ("timeout", None),
            ("tls", None) => ("tls", None),
            ("connection", None) => ("connection", None),
            ("file", None) => ("file", None),
            ("address", None) => ("address", None),
            ("stored", None) => ("stored", None),
            _ => ("other", None),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.code())
    }
}

/// Why an email could not be rendered or sent.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// A template is missing or does not render.
    #[error("template: {0}")]
    Template(String),
    /// The recipient address is not valid.
    #[error("invalid recipient address")]
    Address,
    /// The transport could not be set up.
    #[error("transport: {0}")]
    Transport(String),
    /// A delivery attempt failed.
    #[error("delivery failed: {0}")]
    Delivery(Failure),
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>),
    Memory(Mutex<Vec<SentEmail>>),
}

struct Inner {
    transport: Transport,
    from: Mailbox,
    /// Domain of the public URL, for Message-IDs and the SMTP greeting.
    domain: String,
    html: Handlebars<'static>,
    text: Handlebars<'static>,
    public_url: String,
}

/// Renders and sends email. Cheap to clone.
#[derive(Clone)]
pub struct Mailer {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Mailer")
    }
}

/// The category of an SMTP failure: permanent/transient with the reply code, timeout, TLS,
/// or connection. Never the server's text, which may repeat the recipient's address.
fn smtp_failure(e: &lettre::transport::smtp::Error) -> Failure {
    if let Some(code) = e.status() {
        let code = u16::from(code);
        if e.is_permanent() {
            Failure::Permanent(code)
        } else {
            Failure::Transient(code)
        }
    } else if e.is_timeout() {
        Failure::Timeout
    } else if e.is_tls() {
        Failure::Tls
    } else {
        Failure::Connection
    }
}

fn smtp_transport(
    cfg: &MailConfig,
    domain: &str,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, MailError> {
    let s = &cfg.smtp;
    let setup = |e: lettre::transport::smtp::Error| MailError::Transport(smtp_failure(&e).code());
    let builder = match s.tls {
        SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
        SmtpTls::Starttls => {
            AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host).map_err(setup)?
        }
        SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host).map_err(setup)?,
    };
    // One pooled, reused connection per concurrent send of the outbox worker.
    let pool = PoolConfig::new()
        .max_size(u32::try_from(cfg.concurrency).unwrap_or(u32::MAX))
        .idle_timeout(std::time::Duration::from_secs(60));
    let mut builder = builder
        .port(s.port)
        .pool_config(pool)
        .timeout(Some(std::time::Duration::from_secs(30)))
        // Greet with the public domain, not this machine's host name.
        .hello_name(ClientId::Domain(domain.to_owned()));
    if let Some((user, pass)) = &s.credentials {
        builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
    }
    Ok(builder.build())
}

fn load_templates(
    assets: &crate::assets::Assets,
) -> Result<(Handlebars<'static>, Handlebars<'static>), MailError> {
    let mut html = Handlebars::new();
    let mut text = Handlebars::new();
    for reg in [&mut html, &mut text] {
        reg.set_strict_mode(true);
        reg.register_helper("t", Box::new(crate::i18n::helper::Translate));
    }
    text.register_escape_fn(handlebars::no_escape);
    let err = |e: &dyn std::fmt::Display| MailError::Template(e.to_string());
    let files: std::collections::BTreeMap<String, String> = assets
        .templates()
        .map_err(|e| err(&e))?
        .into_iter()
        .filter_map(|f| Some((f.path.strip_prefix("email/")?.to_owned(), f.text)))
        .collect();
    let file = |path: &str| {
        files
            .get(path)
            .ok_or_else(|| err(&format!("templates/email/{path} is missing")))
    };
    html.register_template_string("layout", file("layout.html.hbs")?)
        .map_err(|e| err(&e))?;
    let names: std::collections::BTreeSet<&str> = files
        .keys()
        .filter_map(|path| path.split_once('/').map(|(name, _)| name))
        .collect();
    for name in names {
        for part in ["subject", "text", "html"] {
            let reg = if part == "html" { &mut html } else { &mut text };
            reg.register_template_string(
                &format!("{name}/{part}"),
                file(&format!("{name}/{part}.hbs"))?,
            )
            .map_err(|e| err(&format!("email/{name}/{part}.hbs: {e}")))?;
        }
    }
    Ok((html, text))
}

impl Mailer {
    /// Builds the mailer from configuration and the templates under `email/` of `assets`.
    ///
    /// # Errors
    /// Missing or broken templates, an unusable SMTP host or mail folder.
    pub fn new(
        cfg: &MailConfig,
        assets: &crate::assets::Assets,
        data_dir: &Path,
        public_url: &str,
    ) -> Result<Self, MailError> {
        let domain = url::Url::parse(public_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| "localhost".into());
        let transport = match cfg.transport {
            MailTransportKind::Smtp => Transport::Smtp(smtp_transport(cfg, &domain)?),
            MailTransportKind::File => {
                use std::os::unix::fs::DirBuilderExt;
                let dir: PathBuf = data_dir.join("mail");
                if !dir.exists() {
                    std::fs::DirBuilder::new()
                        .recursive(true)
                        .mode(0o700)
                        .create(&dir)
                        .map_err(|e| MailError::Transport(format!("{}: {e}", dir.display())))?;
                }
                Transport::File(AsyncFileTransport::<Tokio1Executor>::new(dir))
            }
            MailTransportKind::Memory => Transport::Memory(Mutex::new(Vec::new())),
        };
        let (html, text) = load_templates(assets)?;
        Ok(Self {
            inner: Arc::new(Inner {
                transport,
                from: cfg.from.clone(),
                domain,
                html,
                text,
                public_url: public_url.to_owned(),
            }),
        })
    }

    /// Renders `email` in `locale`.
    ///
    /// # Errors
    /// A missing template or a field the template names but the context lacks.
    pub fn render<T: EmailTemplate>(
        &self,
        locale: Locale,
        email: &T,
    ) -> Result<RenderedEmail, MailError> {
        let mut data =
            serde_json::to_value(email).map_err(|e| MailError::Template(e.to_string()))?;
        let obj = data
            .as_object_mut()
            .ok_or_else(|| MailError::Template("email context must be a struct".into()))?;
        obj.insert("lang".into(), locale.code().into());
        obj.insert("dir".into(), locale.dir().into());
        obj.insert("public_url".into(), self.inner.public_url.clone().into());
        let name = T::NAME;
        let render = |reg: &Handlebars<'_>, part: &str| {
            reg.render(&format!("{name}/{part}"), &data)
                .map_err(|e| MailError::Template(format!("{name}/{part}: {e}")))
        };
        let subject = render(&self.inner.text, "subject")?;
        Ok(RenderedEmail {
            // One line: a template cannot inject headers through the subject.
            subject: subject.split_whitespace().collect::<Vec<_>>().join(" "),
            text: render(&self.inner.text, "text")?,
            html: render(&self.inner.html, "html")?,
            list_unsubscribe: None,
        })
    }

    /// A new Message-ID on the public domain (lettre's default would reveal this machine's
    /// host name).
    ///
    /// # Errors
    /// The random source failed.
    pub fn new_message_id(&self) -> Result<String, MailError> {
        let random = crate::crypto::random_token()
            .map_err(|_| MailError::Transport("random source failed".into()))?;
        Ok(format!("<{random}@{}>", self.inner.domain))
    }

    /// The Message-ID of an outbox row queued before Message-IDs were stored: derived from
    /// the row, so every attempt still carries the same one.
    #[must_use]
    pub fn derived_message_id(&self, row_id: OutboxId, created_micros: i64) -> String {
        format!("<outbox.{row_id}.{created_micros}@{}>", self.inner.domain)
    }

    /// Sends a rendered email to `to` under `message_id` (the same for every attempt at one
    /// email). `Ok` means the relay accepted it (its 250).
    ///
    /// # Errors
    /// [`MailError::Delivery`] with the failure's category.
    pub async fn send(
        &self,
        to: &str,
        email: &RenderedEmail,
        message_id: &str,
    ) -> Result<(), MailError> {
        let mailbox: Mailbox = to
            .parse()
            .map_err(|_| MailError::Delivery(Failure::Address))?;
        let mut builder = Message::builder()
            .message_id(Some(message_id.to_owned()))
            .from(self.inner.from.clone())
            .to(mailbox)
            .subject(email.subject.clone());
        if let Some(url) = &email.list_unsubscribe {
            use lettre::message::header::{HeaderName, HeaderValue};
            // One line of printable ASCII, or no header: it cannot inject another one.
            if url.bytes().all(|b| b.is_ascii_graphic()) {
                builder = builder
                    .raw_header(HeaderValue::new(
                        HeaderName::new_from_ascii_str("List-Unsubscribe"),
                        format!("<{url}>"),
                    ))
                    .raw_header(HeaderValue::new(
                        HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                        "List-Unsubscribe=One-Click".to_owned(),
                    ));
            }
        }
        let message = builder
            .multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                email.html.clone(),
            ))
            .map_err(|e| MailError::Template(e.to_string()))?;
        match &self.inner.transport {
            Transport::Smtp(t) => {
                t.send(message)
                    .await
                    .map_err(|e| MailError::Delivery(smtp_failure(&e)))?;
            }
            Transport::File(t) => {
                t.send(message)
                    .await
                    .map_err(|_| MailError::Delivery(Failure::File))?;
            }
            Transport::Memory(sent) => {
                if let Ok(mut sent) = sent.lock() {
                    sent.push(SentEmail {
                        to: to.to_owned(),
                        email: email.clone(),
                        message_id: message_id.to_owned(),
                    });
                }
            }
        }
        Ok(())
    }

    /// Emails captured by the in-memory transport (empty for the others).
    #[must_use]
    pub fn sent(&self) -> Vec<SentEmail> {
        match &self.inner.transport {
            Transport::Memory(sent) => sent.lock().map(|s| s.clone()).unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

/// A message sent by `peyvand mail test` so an operator can check the mail set-up.
#[derive(Debug, Serialize)]
pub struct TestEmail {}

impl EmailTemplate for TestEmail {
    const NAME: &'static str = "test";
}
