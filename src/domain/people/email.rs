//! Email addresses: the one place where an address typed into a form or a command is
//! checked and put in its canonical form. An address is accepted only if lettre (the
//! library that sends) accepts it, it has no invisible (default-ignorable) character, and
//! its domain maps to ASCII under UTS-46 (so `exam\u{AD}ple.org`, `ｅxample.org` and
//! `example。org` cannot pass for other mailboxes than `example.org`'s). A signer's or a
//! contact form's address is then canonicalised by the per-domain rules staff keep.

use crate::entities::email_rule;
use icu_properties::CodePointSetData;
use icu_properties::props::DefaultIgnorableCodePoint;
use sea_orm::{ConnectionTrait, EntityTrait};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// Longest accepted address, in characters (RFC 5321's path limit less the brackets).
pub const MAX_CHARS: usize = 254;

/// Why an address is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmailProblem {
    /// Not an address the mailer can send to.
    Invalid,
    /// Contains an invisible character (soft hyphen, zero-width space, …).
    Invisible,
    /// Contains characters outside ASCII where only ASCII is accepted (staff).
    NotAscii,
    /// Longer than [`MAX_CHARS`].
    TooLong,
}

impl EmailProblem {
    /// The form-error code (`form-error-<code>` in the translations).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            EmailProblem::Invalid => "email-invalid-signer",
            EmailProblem::Invisible => "email-invisible",
            EmailProblem::NotAscii => "email-invalid",
            EmailProblem::TooLong => "email-too-long",
        }
    }

    /// The form-error code on staff forms, whose message also says "plain Latin letters".
    #[must_use]
    pub fn staff_code(self) -> &'static str {
        match self {
            EmailProblem::Invalid | EmailProblem::NotAscii => "email-invalid",
            other => other.code(),
        }
    }
}

/// A checked address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    /// The local part: NFKC, lower case.
    pub local: String,
    /// The domain in its ASCII (UTS-46, punycode) form, lower case.
    pub domain: String,
}

impl Email {
    /// `local@domain`: where mail is sent, and the canonical form before per-domain rules.
    #[must_use]
    pub fn address(&self) -> String {
        format!("{}@{}", self.local, self.domain)
    }
}

/// Whether `c` is a Unicode default-ignorable code point (invisible in most text).
#[must_use]
pub fn is_invisible(c: char) -> bool {
    CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
}

/// A typed domain in its canonical form: UTS-46 mapping to ASCII (lower case, punycode).
/// `None` for a domain with invisible characters or one UTS-46 refuses.
#[must_use]
pub fn domain(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.chars().any(is_invisible) {
        return None;
    }
    let nfkc: String = raw.nfkc().collect::<String>().to_lowercase();
    idna::domain_to_ascii_strict(&nfkc).ok()
}

/// Checks and canonicalises an address: trimmed, NFKC, lower case, the domain mapped by
/// UTS-46 to ASCII. Refuses invisible characters anywhere, IP-literal domains, and what
/// lettre would refuse to send to.
pub fn parse(raw: &str) -> Result<Email, EmailProblem> {
    let trimmed = raw.trim();
    if trimmed.chars().any(is_invisible) {
        return Err(EmailProblem::Invisible);
    }
    let address: String = trimmed.nfkc().collect::<String>().to_lowercase();
    if address.chars().count() > MAX_CHARS {
        return Err(EmailProblem::TooLong);
    }
    let (local, raw_domain) = address.rsplit_once('@').ok_or(EmailProblem::Invalid)?;
    // An IP literal (`[127.0.0.1]`) or a bare IP address is not a mailbox anyone signs with.
    if raw_domain.starts_with('[') || raw_domain.parse::<std::net::IpAddr>().is_ok() {
        return Err(EmailProblem::Invalid);
    }
    let domain = idna::domain_to_ascii_strict(raw_domain).map_err(|_| EmailProblem::Invalid)?;
    let email = Email {
        local: local.to_owned(),
        domain,
    };
    let full = email.address();
    if full.chars().count() > MAX_CHARS {
        return Err(EmailProblem::TooLong);
    }
    // The parsers the mailer uses (`Mailbox` when queuing and sending), and the form
    // validator the addresses were checked with before, so nothing refused earlier passes.
    let sendable = lettre::Address::new(&email.local, &email.domain).is_ok()
        && full.parse::<lettre::message::Mailbox>().is_ok()
        && validator::ValidateEmail::validate_email(&full);
    if !sendable {
        return Err(EmailProblem::Invalid);
    }
    Ok(email)
}

/// Like [`parse`], but only plain ASCII as typed (staff accounts: a Cyrillic "а" in
/// `аdmin@…` must not pass for a colleague's address).
pub fn parse_ascii(raw: &str) -> Result<Email, EmailProblem> {
    let trimmed = raw.trim();
    if trimmed.chars().count() > MAX_CHARS {
        return Err(EmailProblem::TooLong);
    }
    if trimmed.chars().any(is_invisible) {
        return Err(EmailProblem::Invisible);
    }
    if !trimmed.is_ascii() {
        return Err(EmailProblem::NotAscii);
    }
    parse(trimmed)
}

/// A per-domain canonicalisation rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailRule {
    /// Dots in the local part do not matter.
    pub strip_dots: bool,
    /// `+tag` suffixes do not matter.
    pub strip_plus: bool,
    /// The domain this one is another name for.
    pub alias_of: Option<String>,
}

/// A signer's email, checked and canonicalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignerEmail {
    /// As typed (trimmed, lower case): where mail is sent.
    pub address: String,
    /// The form duplicates are found by.
    pub canonical: String,
    /// The canonical domain.
    pub domain: String,
}

/// Checks and canonicalises a signer's address ([`parse`]), then
/// applies the domain's rule: `+tag` dropped (unless a rule keeps it), dots dropped where
/// the rule says so, domain aliases followed.
pub fn signer_email(
    raw: &str,
    rules: &HashMap<String, EmailRule>,
) -> Result<SignerEmail, EmailProblem> {
    let email = parse(raw)?;
    let address = email.address();
    let rule = rules.get(&email.domain);
    let domain = rule
        .and_then(|r| r.alias_of.clone())
        .unwrap_or_else(|| email.domain.clone());
    let rule = rules.get(&domain).or(rule);
    let mut local = email.local;
    if rule.is_none_or(|r| r.strip_plus)
        && let Some((base, _)) = local.split_once('+')
    {
        local = base.to_owned();
    }
    if rule.is_some_and(|r| r.strip_dots) {
        local = local.replace('.', "");
    }
    if local.is_empty() {
        return Err(EmailProblem::Invalid);
    }
    Ok(SignerEmail {
        canonical: format!("{local}@{domain}"),
        domain,
        address,
    })
}

/// The per-domain email rules (the `email_rules` table staff edit), by domain.
pub async fn email_rules(
    db: &impl ConnectionTrait,
) -> Result<HashMap<String, EmailRule>, sea_orm::DbErr> {
    Ok(email_rule::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.domain,
                EmailRule {
                    strip_dots: r.strip_dots,
                    strip_plus: r.strip_plus,
                    alias_of: r.alias_of,
                },
            )
        })
        .collect())
}

/// An address as a page may show it back (issue #14): its first character, then `•••`,
/// then the domain (`m•••@gmail.com`).
#[must_use]
pub fn masked(address: &str) -> String {
    let (local, domain) = address.rsplit_once('@').unwrap_or((address, ""));
    let first: String = local.chars().take(1).collect();
    format!("{first}•••@{domain}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> HashMap<String, EmailRule> {
        HashMap::from([
            (
                "gmail.com".to_owned(),
                EmailRule {
                    strip_dots: true,
                    strip_plus: true,
                    alias_of: None,
                },
            ),
            (
                "googlemail.com".to_owned(),
                EmailRule {
                    strip_dots: true,
                    strip_plus: true,
                    alias_of: Some("gmail.com".into()),
                },
            ),
        ])
    }

    #[test]
    fn emails_are_canonical_per_domain() {
        let r = rules();
        let e = signer_email(" M.Rezaei+petition@GoogleMail.com ", &r).unwrap();
        assert_eq!(e.canonical, "mrezaei@gmail.com");
        assert_eq!(e.address, "m.rezaei+petition@googlemail.com");
        assert_eq!(
            signer_email("a.b+x@example.org", &r).unwrap().canonical,
            "a.b@example.org"
        );
        assert!(signer_email("not an email", &r).is_err());
        assert!(signer_email("+tag@example.org", &r).is_err());
        assert_eq!(
            signer_email(&format!("{}@example.org", "a".repeat(300)), &r),
            Err(EmailProblem::TooLong)
        );
        // The same mailbox with an invisible character in the domain is refused, and a
        // full-width spelling of the domain is the same signer.
        assert_eq!(
            signer_email("m.rezaei@gmail\u{AD}.com", &r),
            Err(EmailProblem::Invisible)
        );
        assert_eq!(
            signer_email("mrezaei@ｇmail.com", &r).unwrap().canonical,
            "mrezaei@gmail.com"
        );
    }

    #[test]
    fn plain_addresses_keep_their_form() {
        let e = parse("  Maryam.Rezaei+x@Example.ORG ").unwrap();
        assert_eq!(e.address(), "maryam.rezaei+x@example.org");
        assert_eq!(
            parse("a_b-c@sub.example.co.uk").unwrap().domain,
            "sub.example.co.uk"
        );
    }

    #[test]
    fn addresses_the_mailer_refuses_are_refused() {
        for bad in [
            "ann..smith@example.org",
            ".a@example.org",
            "a.@example.org",
            "user@[127.0.0.1]",
            "user@127.0.0.1",
            "user@[::1]",
            "not an email",
            "@example.org",
            "user@",
            "user@-example.org",
            "user@exa mple.org",
        ] {
            assert_eq!(parse(bad), Err(EmailProblem::Invalid), "{bad}");
        }
    }

    #[test]
    fn invisible_characters_are_refused_anywhere() {
        for bad in [
            "user@exam\u{AD}ple.org",
            "user@exam\u{200B}ple.org",
            "us\u{200B}er@example.org",
            "user@example.org\u{2060}",
            "user\u{FEFF}@example.org",
            "user@exa\u{200D}mple.org",
            "user@exa\u{180E}mple.org",
        ] {
            assert_eq!(parse(bad), Err(EmailProblem::Invisible), "{bad:?}");
            assert_eq!(parse_ascii(bad), Err(EmailProblem::Invisible), "{bad:?}");
        }
        assert_eq!(domain("exam\u{AD}ple.org"), None);
    }

    #[test]
    fn domains_are_mapped_by_uts46() {
        // Full-width letters and the ideographic full stop map to the plain domain.
        assert_eq!(
            parse("user@ｅxample。org").unwrap().address(),
            "user@example.org"
        );
        // An IDN domain is kept in its ASCII (punycode) form.
        assert_eq!(
            parse("user@Bücher.example").unwrap().domain,
            "xn--bcher-kva.example"
        );
        assert_eq!(
            parse("user@xn--bcher-kva.example").unwrap().domain,
            "xn--bcher-kva.example"
        );
        assert_eq!(
            domain(" Bücher.Example "),
            Some("xn--bcher-kva.example".into())
        );
        assert_eq!(domain("example.org"), Some("example.org".into()));
    }

    #[test]
    fn staff_addresses_are_ascii() {
        assert_eq!(
            parse_ascii("  Maryam@Example.ORG ").unwrap().address(),
            "maryam@example.org"
        );
        assert_eq!(
            parse_ascii("\u{430}dmin@example.org"),
            Err(EmailProblem::NotAscii)
        );
        assert_eq!(
            parse_ascii(&format!("{}@example.org", "a".repeat(300))),
            Err(EmailProblem::TooLong)
        );
    }
}
