//! The staff second factor: TOTP (RFC 6238, via `totp-rs`) with replay refusal, its
//! enrolment QR code (SVG, via `qrcode`), and single-use recovery codes stored hashed.

use crate::crypto::{Crypto, CryptoError, random_bytes};
use totp_rs::{Builder, Secret, Totp};

/// Issuer shown in authenticator apps.
pub const ISSUER: &str = "Peyvand";
/// Encryption context of stored TOTP secrets.
pub const SECRET_CONTEXT: &str = "staff.totp_secret";
/// Recovery codes issued at enrolment.
pub const RECOVERY_CODES: usize = 10;
const STEP_SECONDS: u64 = 30;

/// A fresh 160-bit TOTP secret.
///
/// # Errors
/// Only if the random source fails.
pub fn new_secret() -> Result<[u8; 20], CryptoError> {
    random_bytes::<20>()
}

fn totp(secret: &[u8], account: &str) -> Option<Totp> {
    Builder::new()
        .with_secret(Secret::from(secret.to_vec()))
        .with_issuer(Some(ISSUER))
        .with_account_name(account)
        .with_skew(1)
        .build()
        .ok()
}

/// What an authenticator app needs: the secret in base32 (to type in) and the otpauth URL
/// as an SVG QR code (to scan).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Enrolment {
    /// Base32 secret, in groups of four for reading.
    pub secret_text: String,
    /// The QR code of the otpauth URL, as an SVG document.
    pub qr_svg: String,
}

/// The enrolment material for `secret` and the account label `account`.
#[must_use]
pub fn enrolment(secret: &[u8], account: &str) -> Option<Enrolment> {
    let t = totp(secret, account)?;
    let url = t.to_url().ok()?;
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let qr_svg = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build();
    let b32 = Secret::from(secret.to_vec()).to_base32();
    let secret_text = b32
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    Some(Enrolment {
        secret_text,
        qr_svg,
    })
}

/// Checks a 6-digit `code` at `unix_time` (±1 step). Returns the matched step, which
/// must be later than `last_step`: a code already used (or an older one) is refused.
#[must_use]
pub fn verify(secret: &[u8], code: &str, unix_time: u64, last_step: Option<i64>) -> Option<i64> {
    // Persian or Arabic-Indic digits and spaces, as a phone keyboard types them.
    let code = crate::i18n::numerals::normalise(code);
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let step = totp(secret, "check")?.check(&code, unix_time)?;
    let step = i64::try_from(step).ok()?;
    match last_step {
        Some(last) if step <= last => None,
        _ => Some(step),
    }
}

/// The current code (tests and tools).
#[must_use]
pub fn code_at(secret: &[u8], unix_time: u64) -> String {
    totp(secret, "check")
        .map(|t| t.generate(unix_time).to_string())
        .unwrap_or_default()
}

/// The time step `unix_time` falls in.
#[must_use]
pub fn step_of(unix_time: u64) -> i64 {
    i64::try_from(unix_time / STEP_SECONDS).unwrap_or(i64::MAX)
}

/// Ten fresh recovery codes, `xxxx-xxxx-xxxx` from an unambiguous alphabet (60 bits each).
///
/// # Errors
/// Only if the random source fails.
pub fn new_recovery_codes() -> Result<Vec<String>, CryptoError> {
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut codes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let bytes = random_bytes::<12>()?;
        let chars: Vec<char> = bytes
            .iter()
            .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
            .collect();
        let groups: Vec<String> = chars.chunks(4).map(|c| c.iter().collect()).collect();
        codes.push(groups.join("-"));
    }
    Ok(codes)
}

/// The stored (keyed hash) form of a recovery code as typed: case, spaces and dashes
/// do not matter.
#[must_use]
pub fn recovery_code_hash(crypto: &Crypto, typed: &str) -> String {
    let canonical: String = crate::i18n::numerals::normalise(typed)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    crypto.token_mac("staff.recovery_code", canonical.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_verify_once_per_step_within_skew() {
        let secret = new_secret().unwrap();
        let now = 1_800_000_000;
        let code = code_at(&secret, now);
        let step = verify(&secret, &code, now, None).expect("current code");
        assert_eq!(step, step_of(now));
        assert_eq!(
            verify(&secret, &code, now, Some(step)),
            None,
            "replay refused"
        );
        assert!(
            verify(&secret, &code, now + 30, None).is_some(),
            "one step late is fine"
        );
        assert!(
            verify(&secret, &code, now + 90, None).is_none(),
            "three steps late is not"
        );
        assert!(verify(&secret, "12345", now, None).is_none());
        assert!(verify(&secret, "abcdef", now, None).is_none());
        assert!(verify(&secret, "", now, None).is_none());
        let spaced = format!("{} {}", &code[..3], &code[3..]);
        assert!(verify(&secret, &spaced, now, None).is_some());
    }

    #[test]
    fn enrolment_material_and_recovery_codes() {
        let secret = new_secret().unwrap();
        let e = enrolment(&secret, "maryam@example.org").unwrap();
        assert!(e.qr_svg.contains("<svg"));
        assert_eq!(e.secret_text.replace(' ', "").len(), 32);
        let codes = new_recovery_codes().unwrap();
        assert_eq!(codes.len(), 10);
        assert!(codes.iter().all(|c| c.len() == 14));
        let crypto = Crypto::from_master([1; 32]);
        assert_eq!(
            recovery_code_hash(&crypto, &codes[0]),
            recovery_code_hash(&crypto, &codes[0].to_uppercase().replace('-', " "))
        );
    }
}
