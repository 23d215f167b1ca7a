//! Staff accounts: roles, argon2id hashing, email canonicalisation (ASCII only), and
//! finders. The password policy lives in [`crate::domain::staff::password`].

use crate::crypto::Crypto;
use crate::entities::staff;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Blind-index domain of staff email addresses.
pub const EMAIL_INDEX: &str = "staff.email";
/// Encryption context of staff email addresses.
pub const EMAIL_CONTEXT: &str = "staff.email";
pub use crate::domain::staff::password::{
    MAX_PASSWORD_CHARS, MIN_PASSWORD_CHARS, PasswordContext, PasswordProblem, check_password,
    normalise_password,
};
pub use crate::domain::staff::vocab::{Role, Roles, TokenPurpose};

/// The roles stored on an account (`admin,caseworker`); unknown names are ignored.
#[must_use]
pub fn roles_of(account: &staff::Model) -> Vec<Role> {
    account.roles.as_slice().to_vec()
}

pub use crate::domain::people::email::EmailProblem;

/// Canonical form of a staff email (trimmed, lower case). Staff addresses must be plain
/// ASCII: a Cyrillic "а" in `аdmin@…` must not pass for a colleague's address.
pub fn canonical_email(raw: &str) -> Result<String, EmailProblem> {
    crate::domain::people::email::parse_ascii(raw).map(|e| e.address())
}

/// Argon2id with the configured cost.
#[derive(Clone)]
pub struct PasswordHashing {
    argon: Argon2<'static>,
    /// The PHC prefix of hashes made with the current settings.
    current_prefix: String,
    /// A hash of a random password, verified against when an email is unknown so that
    /// unknown and known addresses take the same time.
    dummy: String,
}

impl std::fmt::Debug for PasswordHashing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordHashing")
    }
}

impl PasswordHashing {
    /// Argon2id v1.3 with `memory_kib`, `iterations` and `parallelism`.
    ///
    /// # Errors
    /// Parameters argon2 refuses (e.g. memory below 8 × parallelism KiB).
    pub fn new(memory_kib: u32, iterations: u32, parallelism: u32) -> Result<Self, String> {
        let params =
            Params::new(memory_kib, iterations, parallelism, None).map_err(|e| e.to_string())?;
        let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params);
        let random = crate::crypto::random_token().map_err(|e| e.to_string())?;
        let dummy = argon
            .hash_password(random.as_bytes())
            .map_err(|e| e.to_string())?
            .to_string();
        let current_prefix =
            format!("$argon2id$v=19$m={memory_kib},t={iterations},p={parallelism}$");
        Ok(Self {
            argon,
            current_prefix,
            dummy,
        })
    }

    /// Whether `phc` was made with the current cost settings (else it should be rehashed at
    /// the next successful login, so that all hashes take the same time to check).
    #[must_use]
    pub fn is_current(&self, phc: &str) -> bool {
        phc.starts_with(&self.current_prefix)
    }

    /// The PHC string of `password` (normalised), with a fresh salt.
    ///
    /// # Errors
    /// Only if the random source fails.
    pub fn hash(&self, password: &str) -> Result<String, String> {
        self.argon
            .hash_password(normalise_password(password).as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| e.to_string())
    }

    /// Whether `password` matches `phc`. With `phc = None` (unknown account), verifies
    /// against a dummy hash and returns false, taking the same time.
    #[must_use]
    pub fn verify(&self, password: &str, phc: Option<&str>) -> bool {
        let (target, real) = match phc {
            Some(p) => (p, true),
            None => (self.dummy.as_str(), false),
        };
        let Ok(parsed) = PasswordHash::new(target) else {
            return false;
        };
        let ok = self
            .argon
            .verify_password(normalise_password(password).as_bytes(), &parsed)
            .is_ok();
        ok && real
    }
}

/// A staff account by its email address (canonicalised, looked up by blind index).
pub async fn find_by_email(
    db: &impl ConnectionTrait,
    crypto: &Crypto,
    email: &str,
) -> Result<Option<staff::Model>, sea_orm::DbErr> {
    let Ok(email) = canonical_email(email) else {
        return Ok(None);
    };
    staff::Entity::find()
        // Under either key while a key rotation is under way.
        .filter(staff::Column::EmailIndex.is_in(crypto.blind_index_candidates(EMAIL_INDEX, &email)))
        .one(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_emails_are_ascii_and_canonical() {
        assert_eq!(
            canonical_email("  Maryam@Example.ORG "),
            Ok("maryam@example.org".into())
        );
        assert_eq!(
            canonical_email("\u{430}dmin@example.org"),
            Err(EmailProblem::NotAscii)
        );
        assert_eq!(canonical_email("not an email"), Err(EmailProblem::Invalid));
        assert_eq!(
            canonical_email(&format!("{}@example.org", "a".repeat(300))),
            Err(EmailProblem::TooLong)
        );
    }

    #[test]
    fn hashing_round_trip_and_unknown_accounts() {
        let h = PasswordHashing::new(8 * 1024, 1, 1).unwrap();
        let phc = h.hash("correct horse battery staple").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$"));
        assert!(h.is_current(&phc));
        let other = PasswordHashing::new(9 * 1024, 1, 1).unwrap();
        assert!(!other.is_current(&phc));
        assert!(
            other.verify("correct horse battery staple", Some(&phc)),
            "old hashes still verify"
        );
        assert!(h.verify("correct horse battery staple", Some(&phc)));
        assert!(!h.verify("correct horse battery stapl", Some(&phc)));
        assert!(!h.verify("anything at all", None));
        // NFKC: a full-width digit matches its ASCII form.
        let phc = h.hash("password１２３４５６").unwrap();
        assert!(h.verify("password123456", Some(&phc)));
    }

    #[test]
    fn roles_round_trip() {
        assert_eq!(
            Roles::new(&[Role::Organiser, Role::Admin, Role::Admin]).to_string(),
            "admin,organiser"
        );
        assert_eq!(Role::from_input("Organizer"), Some(Role::Organiser));
        assert_eq!(Role::from_input("root"), None);
        // Stored and serialised as the earlier `rename_all = "lowercase"` enum did.
        assert_eq!(
            serde_json::to_string(Role::ALL).unwrap(),
            r#"["admin","caseworker","organiser"]"#
        );
        // The column is read as leniently as before, and written in its one form.
        let roles: Roles = " Organizer,admin,root,admin".parse().unwrap();
        assert_eq!(roles.as_slice(), [Role::Admin, Role::Organiser]);
        assert_eq!(roles.to_string(), "admin,organiser");
        assert_eq!(
            serde_json::to_string(&roles).unwrap(),
            r#""admin,organiser""#
        );
        assert!(roles.contains(Role::Admin) && !roles.contains(Role::Caseworker));
    }
}
