//! Petition signatures: the choices a signer makes (relationship, disclosure), the rules a
//! signing form must pass (names without formula or markup characters, canonical emails
//! with per-domain rules), receipt codes, and the states a signature moves through.

use crate::domain::people::email::EmailProblem;
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Encryption contexts of the signature columns.
pub mod context {
    /// Name.
    pub const NAME: &str = "signature.name";
    /// Email address.
    pub const EMAIL: &str = "signature.email";
    /// City.
    pub const CITY: &str = "signature.city";
    /// Letter.
    pub const LETTER: &str = "signature.letter";
}

/// Blind-index domain of signer emails.
pub const EMAIL_INDEX: &str = "signature.email";
/// Blind-index domain of signer email domains.
pub const DOMAIN_INDEX: &str = "signature.email_domain";
/// Longest name or city.
pub const MAX_NAME_CHARS: usize = 100;
/// Longest letter.
pub const MAX_LETTER_CHARS: usize = 5000;
/// Signatures one address may hold on one petition (a household sharing an address).
pub const HOUSEHOLD_LIMIT: usize = 5;

macro_rules! choice {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every choice, in form order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Stored and form value.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the stored or form value.
            #[must_use]
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

choice!(
    /// The signer's relationship to a detained relative.
    Relationship {
        /// Not given.
        None = "none",
        /// Mother or father.
        Parent = "parent",
        /// Husband or wife.
        Spouse = "spouse",
        /// Son or daughter.
        Child = "child",
        /// Brother or sister.
        Sibling = "sibling",
        /// Another relative.
        OtherFamily = "other_family",
        /// A supporter.
        Supporter = "supporter",
    }
);

choice!(
    /// How the signer appears on the public page.
    PublicDisclosure {
        /// Not at all.
        Hidden = "hidden",
        /// Initials only.
        Initials = "initials",
        /// Full name.
        Full = "full",
    }
);

choice!(
    /// How the signer appears in the officials' copy.
    BookDisclosure {
        /// Full name.
        Full = "full",
        /// Initials only.
        Initials = "initials",
        /// "A family member".
        Family = "family",
    }
);

/// Signature states.
pub mod state {
    /// Waiting for the emailed confirmation.
    pub const PENDING: &str = "pending";
    /// Confirmed: counts.
    pub const VERIFIED: &str = "verified";
    /// Withdrawn by the signer (personal data erased).
    pub const WITHDRAWN: &str = "withdrawn";
    /// Moved out of the count by a recorded invalidation.
    pub const INVALIDATED: &str = "invalidated";
}

/// Letter moderation states.
pub mod letter {
    /// No letter.
    pub const NONE: &str = "none";
    /// Waiting for a moderator.
    pub const PENDING: &str = "pending";
    /// May appear in a book.
    pub const APPROVED: &str = "approved";
    /// Will not appear.
    pub const REJECTED: &str = "rejected";
}

/// Why a name (or city) is refused; each maps to a translated message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    /// Nothing given.
    Empty,
    /// Too long.
    TooLong,
    /// Starts with `=`, `+`, `-` or `@` (spreadsheet formula injection).
    Formula,
    /// Looks like a web address.
    Link,
    /// Holds characters a name does not have (markup, code, control characters).
    Characters,
    /// Mixes alphabets inside one word (look-alike letters: a Cyrillic "а" in "Mаryam").
    MixedScripts,
}

impl TextProblem {
    /// The form-error code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            TextProblem::Empty => "required",
            TextProblem::TooLong => "too-long",
            TextProblem::Formula => "formula",
            TextProblem::Link => "link",
            TextProblem::Characters => "name-characters",
            TextProblem::MixedScripts => "mixed-scripts",
        }
    }
}

fn name_char(c: char, digits: bool) -> bool {
    c.is_alphabetic()
        || is_combining_mark(c)
        || c == ' '
        || (digits && c.is_numeric())
        // apostrophes, hyphens, dots, middle dot, ZWNJ/ZWJ (Persian), Arabic comma
        || matches!(c, '\'' | '’' | '‘' | '-' | '‐' | '.' | '·' | '\u{200C}' | '\u{200D}' | ',' | '،' | 'ـ')
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
}

fn script(c: char) -> Option<Script> {
    match u32::from(c) {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Some(Script::Latin),
        0x400..=0x52F => Some(Script::Cyrillic),
        0x370..=0x3FF | 0x1F00..=0x1FFF => Some(Script::Greek),
        0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Some(Script::Arabic)
        }
        _ => None,
    }
}

/// Whether some word mixes Latin, Cyrillic, Greek or Arabic letters.
fn mixes_scripts(s: &str) -> bool {
    s.split(|c: char| c.is_whitespace() || c == '-')
        .any(|word| {
            let mut seen: Option<Script> = None;
            word.chars().filter_map(script).any(|sc| match seen {
                Some(first) => first != sc,
                None => {
                    seen = Some(sc);
                    false
                }
            })
        })
}

fn looks_like_link(s: &str) -> bool {
    let lower = s.to_lowercase();
    lower.contains("://") || lower.contains("www.") || lower.contains("http")
}

/// Normalises and checks a person's name or a city: NFC, inner spaces folded; letters of
/// any script with their marks, spaces, apostrophes, hyphens and dots (and digits for
/// cities); no leading `= + - @`; no links; at most 100 characters.
pub fn clean_name(raw: &str, required: bool, digits: bool) -> Result<String, TextProblem> {
    let folded: String = raw
        .nfc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if folded.is_empty() {
        return if required {
            Err(TextProblem::Empty)
        } else {
            Ok(folded)
        };
    }
    if folded.chars().count() > MAX_NAME_CHARS {
        return Err(TextProblem::TooLong);
    }
    if folded.starts_with(['=', '+', '-', '@']) {
        return Err(TextProblem::Formula);
    }
    if looks_like_link(&folded) {
        return Err(TextProblem::Link);
    }
    if !folded.chars().all(|c| name_char(c, digits)) {
        return Err(TextProblem::Characters);
    }
    if mixes_scripts(&folded) {
        return Err(TextProblem::MixedScripts);
    }
    Ok(folded)
}

/// Normalises and checks a letter: NFC, no control characters other than line breaks,
/// at most 5,000 characters.
pub fn clean_letter(raw: &str) -> Result<String, TextProblem> {
    let text: String = raw
        .nfc()
        .collect::<String>()
        .replace("\r\n", "\n")
        .trim()
        .to_owned();
    if text.chars().count() > MAX_LETTER_CHARS {
        return Err(TextProblem::TooLong);
    }
    if !crate::domain::people::text::is_clean(&text) {
        return Err(TextProblem::Characters);
    }
    Ok(text)
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

/// Checks and canonicalises a signer's address ([`crate::domain::people::email::parse`]), then
/// applies the domain's rule: `+tag` dropped (unless a rule keeps it), dots dropped where
/// the rule says so, domain aliases followed.
pub fn signer_email(
    raw: &str,
    rules: &HashMap<String, EmailRule>,
) -> Result<SignerEmail, EmailProblem> {
    let email = crate::domain::people::email::parse(raw)?;
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

/// A fresh receipt code, `XXXX-XXXX-XXXX` from an unambiguous alphabet (60 bits).
///
/// # Errors
/// Only if the random source fails.
pub fn new_receipt_code() -> Result<String, crate::crypto::CryptoError> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    let bytes = crate::crypto::random_bytes::<12>()?;
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect();
    Ok(chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

/// Initials of a name (`Maryam Rezaei` → `M. R.`), for the chosen disclosure.
#[must_use]
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
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
    fn names_in_any_script_pass_and_injections_do_not() {
        assert_eq!(
            clean_name("  Maryam   Rezaei ", true, false),
            Ok("Maryam Rezaei".into())
        );
        assert!(clean_name("مریم رضایی", true, false).is_ok());
        assert!(
            clean_name("عبدالله‌زاده", true, false).is_ok(),
            "ZWNJ is part of Persian names"
        );
        assert!(clean_name("Zoë O'Brien-Ávila", true, false).is_ok());
        assert_eq!(
            clean_name("=HYPERLINK(\"x\")", true, false),
            Err(TextProblem::Formula)
        );
        assert_eq!(
            clean_name("+98 912", true, false),
            Err(TextProblem::Formula)
        );
        assert_eq!(clean_name("@home", true, false), Err(TextProblem::Formula));
        assert_eq!(clean_name("-x", true, false), Err(TextProblem::Formula));
        assert_eq!(
            clean_name("visit www.example.org", true, false),
            Err(TextProblem::Link)
        );
        assert_eq!(
            clean_name("<script>alert(1)</script>", true, false),
            Err(TextProblem::Characters)
        );
        assert_eq!(
            clean_name("Robert'); DROP TABLE signatures;--", true, false),
            Err(TextProblem::Characters)
        );
        assert_eq!(
            clean_name("a\u{0}b", true, false),
            Err(TextProblem::Characters)
        );
        assert_eq!(
            clean_name("abc\u{202E}cba", true, false),
            Err(TextProblem::Characters)
        );
        assert_eq!(clean_name("", true, false), Err(TextProblem::Empty));
        assert_eq!(clean_name("", false, false), Ok(String::new()));
        assert_eq!(
            clean_name(&"a".repeat(101), true, false),
            Err(TextProblem::TooLong)
        );
        assert!(clean_name("Paris 15", false, true).is_ok());
        assert_eq!(
            clean_name("M\u{430}ryam", true, false),
            Err(TextProblem::MixedScripts)
        );
        assert_eq!(
            clean_name("Mary\u{0645}", true, false),
            Err(TextProblem::MixedScripts)
        );
        assert!(
            clean_name("مریم Rezaei", true, false).is_ok(),
            "two scripts in two words is fine"
        );
        assert!(clean_name("Paris 15", true, false).is_err());
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
    fn receipts_and_initials() {
        let r = new_receipt_code().unwrap();
        assert_eq!(r.len(), 14);
        assert_ne!(r, new_receipt_code().unwrap());
        assert_eq!(initials("Maryam Rezaei"), "M. R.");
        assert_eq!(initials("مریم رضایی"), "م. ر.");
        assert_eq!(Relationship::parse("sibling"), Some(Relationship::Sibling));
        assert_eq!(Relationship::parse("cousin"), None);
    }
}
