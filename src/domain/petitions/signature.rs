//! Petition signatures: the choices a signer makes (relationship, disclosure), the rules a
//! signing form must pass (names without formula or markup characters, canonical emails
//! with per-domain rules), receipt codes, and the states a signature moves through.

use crate::domain::people::names::TextProblem;
use unicode_normalization::UnicodeNormalization;

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
/// Longest letter.
pub const MAX_LETTER_CHARS: usize = 5000;
/// Signatures one address may hold on one petition (a household sharing an address).
pub const HOUSEHOLD_LIMIT: usize = 5;

crate::string_enum! {
    /// How the signer appears on the public page.
    pub enum PublicDisclosure {
        /// Not at all.
        Hidden = "hidden",
        /// Initials only.
        Initials = "initials",
        /// Full name.
        Full = "full",
    }
}

crate::string_enum! {
    /// How the signer appears in the officials' copy.
    pub enum BookDisclosure {
        /// Full name.
        Full = "full",
        /// Initials only.
        Initials = "initials",
        /// "A family member".
        Family = "family",
    }
}

crate::string_enum! {
    /// A signature's state (`signatures.state`).
    pub enum SignatureState {
        /// Waiting for the emailed confirmation.
        Pending = "pending",
        /// Confirmed: counts.
        Verified = "verified",
        /// Withdrawn by the signer (personal data erased).
        Withdrawn = "withdrawn",
        /// Moved out of the count by a recorded invalidation.
        Invalidated = "invalidated",
    }
}

crate::string_enum! {
    /// A letter's moderation state (`signatures.letter_state`).
    pub enum LetterState {
        /// No letter.
        None = "none",
        /// Waiting for a moderator.
        Pending = "pending",
        /// May appear in a book.
        Approved = "approved",
        /// Will not appear.
        Rejected = "rejected",
    }
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

/// A receipt code as a signer types it, in the form codes are made in (`XXXX-XXXX-XXXX`):
/// read by `i18n::numerals::normalise` (Persian and Arabic-Indic digits, spaces), upper
/// case, the dashes optional. `None` for anything else.
#[must_use]
pub fn typed_receipt_code(raw: &str) -> Option<String> {
    let compact: String = crate::i18n::numerals::normalise(raw)
        .to_uppercase()
        .chars()
        .filter(|c| *c != '-')
        .collect();
    let ok = compact.len() == 12
        && compact
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    ok.then(|| format!("{}-{}-{}", &compact[..4], &compact[4..8], &compact[8..]))
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

    #[test]
    fn typed_receipt_codes_in_any_digits() {
        assert_eq!(
            typed_receipt_code(" abcd-ef۲۳-٤۵gh "),
            Some("ABCD-EF23-45GH".into())
        );
        assert_eq!(
            typed_receipt_code("ABCD EF23 45GH"),
            Some("ABCD-EF23-45GH".into())
        );
        assert_eq!(typed_receipt_code("ABCD-EF23-45G"), None);
        assert_eq!(typed_receipt_code("ABCD-EF23-45G!"), None);
    }

    #[test]
    fn receipts_and_initials() {
        let r = new_receipt_code().unwrap();
        assert_eq!(r.len(), 14);
        assert_ne!(r, new_receipt_code().unwrap());
        assert_eq!(initials("Maryam Rezaei"), "M. R.");
        assert_eq!(initials("مریم رضایی"), "م. ر.");
    }
}
