//! Email: typed templates rendered from `templates/email/<name>/` (`subject.hbs`, `text.hbs`, `html.hbs`) in
//! handlebars strict mode, and the swappable transports (SMTP, `.eml` files, memory).
//! Logs name the template and message id, never the address.

pub mod outbox;

use crate::config::{MailConfig, MailTransportKind, SmtpTls};
use crate::i18n::Locale;
use handlebars::Handlebars;
use lettre::message::{Mailbox, MultiPart};
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
}

/// An email captured by the in-memory transport.
#[derive(Debug, Clone)]
pub struct SentEmail {
    /// Recipient.
    pub to: String,
    /// The email.
    pub email: RenderedEmail,
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
    /// The transport refused or failed.
    #[error("transport: {0}")]
    Transport(String),
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

/// A category for an SMTP failure: permanent/transient with the reply code, timeout, TLS,
/// or connection. Never the server's text, which may repeat the recipient's address.
fn describe_smtp(e: &lettre::transport::smtp::Error) -> String {
    if let Some(code) = e.status() {
        let kind = if e.is_permanent() {
            "permanent"
        } else {
            "transient"
        };
        format!("SMTP {kind} failure, reply {code}")
    } else if e.is_timeout() {
        "SMTP timeout".into()
    } else if e.is_tls() {
        "SMTP TLS failure".into()
    } else {
        "SMTP connection failed".into()
    }
}

fn smtp_transport(
    cfg: &MailConfig,
    domain: &str,
) -> Result<AsyncSmtpTransport<Tokio1Executor>, MailError> {
    let s = &cfg.smtp;
    let builder = match s.tls {
        SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&s.host),
        SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(&s.host)
            .map_err(|e| MailError::Transport(describe_smtp(&e)))?,
        SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(&s.host)
            .map_err(|e| MailError::Transport(describe_smtp(&e)))?,
    };
    let mut builder = builder
        .port(s.port)
        .timeout(Some(std::time::Duration::from_secs(30)))
        // Greet with the public domain, not this machine's host name.
        .hello_name(ClientId::Domain(domain.to_owned()));
    if let Some((user, pass)) = &s.credentials {
        builder = builder.credentials(Credentials::new(user.clone(), pass.clone()));
    }
    Ok(builder.build())
}

fn load_templates(dir: &Path) -> Result<(Handlebars<'static>, Handlebars<'static>), MailError> {
    let mut html = Handlebars::new();
    let mut text = Handlebars::new();
    for reg in [&mut html, &mut text] {
        reg.set_strict_mode(true);
        reg.register_helper("t", Box::new(crate::i18n::helper::Translate));
    }
    text.register_escape_fn(handlebars::no_escape);
    let err = |e: &dyn std::fmt::Display| MailError::Template(e.to_string());
    html.register_template_file("layout", dir.join("layout.html.hbs"))
        .map_err(|e| err(&e))?;
    let entries = std::fs::read_dir(dir).map_err(|e| err(&format!("{}: {e}", dir.display())))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().into_owned();
        text.register_template_file(&format!("{name}/subject"), path.join("subject.hbs"))
            .map_err(|e| err(&e))?;
        text.register_template_file(&format!("{name}/text"), path.join("text.hbs"))
            .map_err(|e| err(&e))?;
        html.register_template_file(&format!("{name}/html"), path.join("html.hbs"))
            .map_err(|e| err(&e))?;
    }
    Ok((html, text))
}

impl Mailer {
    /// Builds the mailer from configuration and the templates under `template_dir/email`.
    ///
    /// # Errors
    /// Missing or broken templates, an unusable SMTP host or mail folder.
    pub fn new(
        cfg: &MailConfig,
        template_dir: &Path,
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
        let (html, text) = load_templates(&template_dir.join("email"))?;
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
        })
    }

    /// Sends a rendered email to `to`; returns the Message-ID.
    ///
    /// # Errors
    /// An invalid address or a transport failure (the caller retries).
    pub async fn send(&self, to: &str, email: &RenderedEmail) -> Result<String, MailError> {
        let mailbox: Mailbox = to.parse().map_err(|_| MailError::Address)?;
        let random = crate::crypto::random_token()
            .map_err(|_| MailError::Transport("random source failed".into()))?;
        // Our own Message-ID: lettre's default would reveal this machine's host name.
        let message_id = format!("<{random}@{}>", self.inner.domain);
        let message = Message::builder()
            .message_id(Some(message_id.clone()))
            .from(self.inner.from.clone())
            .to(mailbox)
            .subject(email.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                email.html.clone(),
            ))
            .map_err(|e| MailError::Template(e.to_string()))?;
        match &self.inner.transport {
            Transport::Smtp(t) => {
                t.send(message)
                    .await
                    .map_err(|e| MailError::Transport(describe_smtp(&e)))?;
            }
            Transport::File(t) => {
                t.send(message)
                    .await
                    .map_err(|_| MailError::Transport("cannot write the mail file".into()))?;
            }
            Transport::Memory(sent) => {
                if let Ok(mut sent) = sent.lock() {
                    sent.push(SentEmail {
                        to: to.to_owned(),
                        email: email.clone(),
                    });
                }
            }
        }
        Ok(message_id)
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
