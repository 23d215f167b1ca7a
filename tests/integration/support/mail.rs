//! Mail as its recipients get it: the outbox delivered (in-memory transport) up to a moment,
//! what reached one address, and the site-relative links an email carries.

use super::TestApp;
use chrono::{DateTime, Duration, Utc};
use peyvand::mail::SentEmail;

/// Delivers the mail due by `until`.
pub async fn deliver_until(app: &TestApp, until: DateTime<Utc>) {
    peyvand::mail::outbox::process_due(app.ctx.outbox(), until)
        .await
        .unwrap();
}

/// Delivers the mail due by `until` and returns everything sent to `to` so far, oldest
/// first.
pub async fn mail_to_until(app: &TestApp, to: &str, until: DateTime<Utc>) -> Vec<SentEmail> {
    deliver_until(app, until).await;
    app.ctx
        .mailer
        .sent()
        .into_iter()
        .filter(|m| m.to == to)
        .collect()
}

/// Delivers the mail due within a minute and returns everything sent to `to` so far.
pub async fn mail_to(app: &TestApp, to: &str) -> Vec<SentEmail> {
    mail_to_until(app, to, Utc::now() + Duration::minutes(1)).await
}

/// The site-relative links in an email's text.
pub fn links(mail: &SentEmail) -> Vec<String> {
    mail.email
        .text
        .split_whitespace()
        .filter(|w| w.starts_with("http"))
        .map(|w| w.replace("http://127.0.0.1:8000", ""))
        .collect()
}

/// The one link of `mail` starting with `prefix`, without its query.
pub fn link(mail: &SentEmail, prefix: &str) -> String {
    let l = links(mail)
        .into_iter()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix} link in {:?}", mail.email.text));
    l.split('?').next().unwrap().to_owned()
}

/// Replaces every token after `/contact/<kind>/` and `/p/` with `TOKEN`.
pub fn normalise(text: &str) -> String {
    let mut out = text.to_owned();
    for kind in [
        "/contact/verify/",
        "/contact/status/",
        "/contact/registration/",
        "/contact/reply/",
        "/p/",
    ] {
        let mut result = String::new();
        let mut rest = out.as_str();
        while let Some(i) = rest.find(kind) {
            result.push_str(&rest[..i + kind.len()]);
            rest = &rest[i + kind.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(rest.len());
            result.push_str("TOKEN");
            rest = &rest[end..];
        }
        result.push_str(rest);
        out = result;
    }
    out
}
