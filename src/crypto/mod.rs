//! Encryption at rest and keyed hashing: field encryption (XChaCha20-Poly1305 with a key-id
//! prefix), blind indexes and IP hashes (HMAC-SHA256), all keys derived from the master key
//! with HKDF-SHA256. Nothing here is hand-rolled: RustCrypto does the primitives.

mod keys;

pub use keys::{KeyFile, KeyFileError, Secrets};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::collections::BTreeMap;
use std::fmt;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

/// Format byte written before every ciphertext, so the layout can change later.
const FORMAT_V1: u8 = 1;
const NONCE_LEN: usize = 24;
const HEADER_LEN: usize = 2 + NONCE_LEN;

/// Length in bytes of a master key.
pub const MASTER_KEY_LEN: usize = 32;

/// Why a ciphertext could not be opened.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CryptoError {
    /// The ciphertext is shorter than its header or has an unknown format byte.
    #[error("malformed ciphertext")]
    Malformed,
    /// The ciphertext names a key id this key ring does not hold.
    #[error("ciphertext was sealed with unknown key id {0}")]
    UnknownKey(u8),
    /// Authentication failed: wrong key, wrong context or altered bytes.
    #[error("ciphertext failed authentication")]
    Tampered,
    /// The operating system's random source failed.
    #[error("random source unavailable")]
    Random,
}

/// A keyed blind index: HMAC-SHA256 of a value's canonical form under a purpose-specific key.
/// Equal canonical values give equal indexes; without the key nothing can be learnt from it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BlindIndex(pub [u8; 32]);

impl BlindIndex {
    /// The index as a lower-case hex string (the form stored in the database).
    #[must_use]
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Debug for BlindIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BlindIndex({}…)", &self.to_hex()[..8])
    }
}

/// The data-protection keys of one deployment, derived from its master key(s).
/// Cheap to clone (keys are small); holds a key ring so old ciphertexts stay readable
/// after a rotation while new ones use the newest key.
#[derive(Clone)]
pub struct Crypto {
    current: u8,
    ring: BTreeMap<u8, Zeroizing<[u8; 32]>>,
    /// The key id blind indexes are written with.
    index_id: u8,
    /// Blind-index keys of every master key in the ring, by id.
    index_keys: BTreeMap<u8, Zeroizing<[u8; 32]>>,
    hashing: HashingKeys,
    /// The key check's MAC key before rotation support (`v1:` checks): the first master
    /// key's blind-index key, while that key is in the ring.
    legacy_check: Option<Zeroizing<[u8; 32]>>,
}

/// The keys of what a rotation cannot recompute (client IP hashes, recovery-code MACs, the
/// audit chain's MACs: their inputs are not stored, or rewriting them would rewrite an
/// append-only log) and of the key check. Derived one way (HKDF) from the first master key;
/// when that key is retired, these derived keys, never the master key, stay in the key
/// file, so nothing sealed with the retired key can be opened with them.
#[derive(Clone)]
pub struct HashingKeys {
    /// IP hashes.
    pub ip: Zeroizing<[u8; 32]>,
    /// Token MACs.
    pub token: Zeroizing<[u8; 32]>,
    /// Audit chain MACs.
    pub audit: Zeroizing<[u8; 32]>,
    /// The key check.
    pub check: Zeroizing<[u8; 32]>,
}

impl HashingKeys {
    /// The hashing keys derived from a master key.
    #[must_use]
    pub fn derive_from(master: &[u8; MASTER_KEY_LEN]) -> Self {
        Self {
            ip: derive(master, "ip-hash"),
            token: derive(master, "token-mac"),
            audit: derive(master, "audit-chain"),
            check: derive(master, "key-check"),
        }
    }
}

impl fmt::Debug for Crypto {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Crypto")
            .field("current_key_id", &self.current)
            .finish_non_exhaustive()
    }
}

fn derive(master: &[u8; MASTER_KEY_LEN], info: &str) -> Zeroizing<[u8; 32]> {
    let hk = Hkdf::<Sha256>::new(Some(b"peyvand/v1"), master);
    let mut out = Zeroizing::new([0u8; 32]);
    // 32 bytes is far below HKDF-SHA256's 8160-byte output limit, so this cannot fail.
    if hk.expand(info.as_bytes(), out.as_mut()).is_err() {
        unreachable!("HKDF output length is fixed and valid");
    }
    out
}

/// Fills a fresh array with bytes from the operating system's random source.
///
/// # Errors
/// Fails only when the operating system cannot supply randomness.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).map_err(|_| CryptoError::Random)?;
    Ok(buf)
}

/// A random token of 32 bytes, URL-safe base64 without padding (43 characters).
///
/// # Errors
/// Fails only when the operating system cannot supply randomness.
pub fn random_token() -> Result<String, CryptoError> {
    use base64::Engine;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(random_bytes::<32>()?))
}

/// SHA-256 of `data` as lower-case hex.
#[must_use]
pub fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(Sha256::digest(data))
}

/// Compares two byte strings in constant time (for tokens and MACs).
#[must_use]
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// The canonical form a blind index is computed over: Unicode NFKC, case-folded to lower
/// case, surrounding white space removed and inner runs of white space folded to one space.
#[must_use]
pub fn canonical_text(value: &str) -> String {
    let folded: String = value.nfkc().flat_map(char::to_lowercase).collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Crypto {
    /// Builds the key ring from master keys by id; the highest id encrypts.
    /// Blind indexes are written with the *lowest* id's key until [`Crypto::with_index_key`]
    /// says otherwise (a rotation records its choice in the database); the IP, token, audit
    /// and key-check keys come from the lowest id, so that adding an encryption key changes
    /// none of them.
    ///
    /// # Panics
    /// On an empty key ring, which [`KeyFile`] validation rejects before this is called.
    #[must_use]
    pub fn new<'a>(master_keys: impl IntoIterator<Item = (u8, &'a [u8; MASTER_KEY_LEN])>) -> Self {
        Self::with_hashing(master_keys, None)
    }

    /// As [`Crypto::new`], with the hashing keys given (kept in the key file after the first
    /// master key was retired) instead of derived from the lowest id.
    ///
    /// # Panics
    /// On an empty key ring.
    #[must_use]
    pub fn with_hashing<'a>(
        master_keys: impl IntoIterator<Item = (u8, &'a [u8; MASTER_KEY_LEN])>,
        hashing: Option<HashingKeys>,
    ) -> Self {
        let keys: BTreeMap<u8, &[u8; MASTER_KEY_LEN]> = master_keys.into_iter().collect();
        let (&first_id, first) = keys
            .first_key_value()
            .expect("at least one master key (validated when the key file is read)");
        let current = keys.keys().copied().max().unwrap_or(first_id);
        let ring = keys
            .iter()
            .map(|(id, k)| (*id, derive(k, "field-encryption")))
            .collect();
        let index_keys = keys
            .iter()
            .map(|(id, k)| (*id, derive(k, "blind-index")))
            .collect();
        let legacy_check = (hashing.is_none()).then(|| derive(first, "blind-index"));
        Self {
            current,
            ring,
            index_id: first_id,
            index_keys,
            hashing: hashing.unwrap_or_else(|| HashingKeys::derive_from(first)),
            legacy_check,
        }
    }

    /// The same ring, writing blind indexes with key `id` (ignored when the ring lacks it).
    #[must_use]
    pub fn with_index_key(mut self, id: u8) -> Self {
        if self.index_keys.contains_key(&id) {
            self.index_id = id;
        }
        self
    }

    /// The id of the key blind indexes are written with.
    #[must_use]
    pub fn index_key_id(&self) -> u8 {
        self.index_id
    }

    /// The ids of the master keys in the ring, ascending.
    #[must_use]
    pub fn key_ids(&self) -> Vec<u8> {
        self.ring.keys().copied().collect()
    }

    /// The id of the key a sealed value names (`None` for something that is not one).
    #[must_use]
    pub fn sealed_key_id(sealed: &[u8]) -> Option<u8> {
        (sealed.len() >= HEADER_LEN + 16 && sealed[0] == FORMAT_V1).then(|| sealed[1])
    }

    /// Blind index of `value` under key `id` (`None` when the ring lacks it).
    #[must_use]
    pub fn blind_index_with(&self, id: u8, domain: &str, value: &str) -> Option<BlindIndex> {
        self.index_keys
            .get(&id)
            .map(|k| BlindIndex(Self::mac(k, domain, canonical_text(value).as_bytes())))
    }

    /// Every blind index `value` may be stored under while a rotation is under way: the
    /// writing key's first, then the other keys' in the ring. Lookups that must find rows
    /// whichever key indexed them use these (one value once the old key is retired).
    #[must_use]
    pub fn blind_index_candidates(&self, domain: &str, value: &str) -> Vec<String> {
        let mut out = vec![self.blind_index(domain, value).to_hex()];
        for (id, k) in &self.index_keys {
            if *id != self.index_id {
                out.push(hex::encode(Self::mac(
                    k,
                    domain,
                    canonical_text(value).as_bytes(),
                )));
            }
        }
        out
    }

    /// A key ring from one master key with id 1 (tests and first start).
    #[must_use]
    pub fn from_master(master: [u8; MASTER_KEY_LEN]) -> Self {
        Self::new([(1, &master)])
    }

    /// The id of the key new ciphertexts are sealed with.
    #[must_use]
    pub fn current_key_id(&self) -> u8 {
        self.current
    }

    /// Encrypts `plaintext`, bound to `context` (e.g. `"outbox.recipient"`): a ciphertext
    /// moved to another column or purpose no longer opens. Layout:
    /// `format(1) | key id(1) | nonce(24) | ciphertext+tag`.
    ///
    /// # Errors
    /// Fails only when the random source fails.
    pub fn encrypt(&self, context: &str, plaintext: &[u8]) -> Result<Vec<u8>, CryptoError> {
        let key = &self.ring[&self.current];
        let cipher = XChaCha20Poly1305::new(&Key::from(**key));
        let nonce_bytes = random_bytes::<NONCE_LEN>()?;
        let nonce = XNonce::from(nonce_bytes);
        let header = [FORMAT_V1, self.current];
        let aad = [&header[..], context.as_bytes()].concat();
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad: &aad,
                },
            )
            .map_err(|_| CryptoError::Tampered)?;
        let mut out = Vec::with_capacity(HEADER_LEN + sealed.len());
        out.extend_from_slice(&header);
        out.extend_from_slice(&nonce_bytes);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// Opens a ciphertext made by [`Crypto::encrypt`] with the same `context`.
    ///
    /// # Errors
    /// [`CryptoError::Malformed`], [`CryptoError::UnknownKey`] or [`CryptoError::Tampered`].
    pub fn decrypt(&self, context: &str, sealed: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if sealed.len() < HEADER_LEN + 16 || sealed[0] != FORMAT_V1 {
            return Err(CryptoError::Malformed);
        }
        let key_id = sealed[1];
        let key = self
            .ring
            .get(&key_id)
            .ok_or(CryptoError::UnknownKey(key_id))?;
        let cipher = XChaCha20Poly1305::new(&Key::from(**key));
        let mut nonce_bytes = [0u8; NONCE_LEN];
        nonce_bytes.copy_from_slice(&sealed[2..HEADER_LEN]);
        let aad = [&sealed[..2], context.as_bytes()].concat();
        cipher
            .decrypt(
                &XNonce::from(nonce_bytes),
                Payload {
                    msg: &sealed[HEADER_LEN..],
                    aad: &aad,
                },
            )
            .map_err(|_| CryptoError::Tampered)
    }

    /// Encrypts a UTF-8 string (see [`Crypto::encrypt`]).
    ///
    /// # Errors
    /// Fails only when the random source fails.
    pub fn encrypt_str(&self, context: &str, plaintext: &str) -> Result<Vec<u8>, CryptoError> {
        self.encrypt(context, plaintext.as_bytes())
    }

    /// Opens a ciphertext holding a UTF-8 string.
    ///
    /// # Errors
    /// As [`Crypto::decrypt`]; non-UTF-8 content counts as tampering.
    pub fn decrypt_str(&self, context: &str, sealed: &[u8]) -> Result<String, CryptoError> {
        String::from_utf8(self.decrypt(context, sealed)?).map_err(|_| CryptoError::Tampered)
    }

    fn mac(key: &[u8; 32], domain: &str, value: &[u8]) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as hmac::KeyInit>::new_from_slice(key)
            .expect("HMAC accepts keys of any length");
        mac.update(domain.as_bytes());
        mac.update(&[0]);
        mac.update(value);
        mac.finalize().into_bytes().into()
    }

    /// Blind index of `value` for lookups in `domain` (e.g. `"signature.email"`), over
    /// [`canonical_text`]. Callers with stricter canonical forms (email rules) apply them first.
    #[must_use]
    pub fn blind_index(&self, domain: &str, value: &str) -> BlindIndex {
        BlindIndex(Self::mac(
            &self.index_keys[&self.index_id],
            domain,
            canonical_text(value).as_bytes(),
        ))
    }

    /// Keyed hash of a client IP address, as hex: stable for rate limiting and abuse
    /// statistics, meaningless without the key. Stored instead of the address.
    #[must_use]
    pub fn ip_hash(&self, ip: std::net::IpAddr) -> String {
        hex::encode(&Self::mac(&self.hashing.ip, "ip", ip.to_string().as_bytes())[..16])
    }

    /// Keyed MAC over an audit event's canonical bytes, as hex: without the key, nobody who
    /// can write to the database can recompute the chain after altering it.
    #[must_use]
    pub fn audit_mac(&self, bytes: &[u8]) -> String {
        hex::encode(Self::mac(&self.hashing.audit, "audit", bytes))
    }

    /// A value that identifies these keys without revealing them: stored in the database on
    /// first start, so a start with another deployment's (or freshly generated) keys is
    /// refused instead of silently making the data unreadable. Also a backup's key
    /// fingerprint.
    #[must_use]
    pub fn key_check(&self) -> String {
        let ids: Vec<String> = self.ring.keys().map(u8::to_string).collect();
        format!(
            "v2:{}:{}",
            hex::encode(&Self::mac(&self.hashing.check, "key-check", b"peyvand")[..16]),
            ids.join(",")
        )
    }

    /// Whether `stored` (a [`Crypto::key_check`] from the database) was made with these
    /// keys: the same hashing keys, and every key id it lists still in the ring. A `v1:`
    /// check (made before rotation support) is recognised while the first key is present.
    #[must_use]
    pub fn matches_key_check(&self, stored: &str) -> bool {
        let mut parts = stored.split(':');
        let (Some(version), Some(mac), Some(ids)) = (parts.next(), parts.next(), parts.next())
        else {
            return false;
        };
        let key = match version {
            "v2" => &self.hashing.check,
            "v1" => match &self.legacy_check {
                Some(k) => k,
                None => return false,
            },
            _ => return false,
        };
        let own = hex::encode(&Self::mac(key, "key-check", b"peyvand")[..16]);
        constant_time_eq(mac.as_bytes(), own.as_bytes())
            && ids
                .split(',')
                .filter(|s| !s.is_empty())
                .all(|id| id.parse::<u8>().is_ok_and(|id| self.ring.contains_key(&id)))
    }

    /// Whether `stored` lists exactly the key ids of this ring.
    #[must_use]
    pub fn key_check_lists_ring(&self, stored: &str) -> bool {
        let ids: Vec<String> = self.ring.keys().map(u8::to_string).collect();
        stored.rsplit(':').next() == Some(ids.join(",").as_str())
    }

    /// Keyed MAC used to bind tokens (CSRF and similar) to their purpose, as hex.
    #[must_use]
    pub fn token_mac(&self, purpose: &str, value: &[u8]) -> String {
        hex::encode(Self::mac(&self.hashing.token, purpose, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn crypto(seed: u8) -> Crypto {
        Crypto::from_master([seed; 32])
    }

    #[test]
    fn round_trip() {
        let c = crypto(1);
        let sealed = c.encrypt_str("t.email", "someone@example.org").unwrap();
        assert_eq!(
            c.decrypt_str("t.email", &sealed).unwrap(),
            "someone@example.org"
        );
        // Persian text and empty strings survive too.
        let fa = c.encrypt_str("t.letter", "سلام مادر").unwrap();
        assert_eq!(c.decrypt_str("t.letter", &fa).unwrap(), "سلام مادر");
        let empty = c.encrypt_str("t", "").unwrap();
        assert_eq!(c.decrypt_str("t", &empty).unwrap(), "");
    }

    #[test]
    fn ciphertexts_are_randomised_and_hide_the_plaintext() {
        let c = crypto(1);
        let a = c.encrypt_str("t", "same@example.org").unwrap();
        let b = c.encrypt_str("t", "same@example.org").unwrap();
        assert_ne!(a, b);
        assert!(!a.windows(4).any(|w| w == b"same"));
    }

    #[test]
    fn tampering_is_detected_anywhere() {
        let c = crypto(1);
        let sealed = c.encrypt_str("t", "hello").unwrap();
        for i in 2..sealed.len() {
            let mut bad = sealed.clone();
            bad[i] ^= 0x01;
            assert_eq!(c.decrypt("t", &bad), Err(CryptoError::Tampered), "byte {i}");
        }
        let mut bad = sealed.clone();
        bad[0] = 9;
        assert_eq!(c.decrypt("t", &bad), Err(CryptoError::Malformed));
        assert_eq!(c.decrypt("t", &sealed[..10]), Err(CryptoError::Malformed));
    }

    #[test]
    fn wrong_key_or_context_fails() {
        let sealed = crypto(1).encrypt_str("t", "hello").unwrap();
        assert_eq!(crypto(2).decrypt("t", &sealed), Err(CryptoError::Tampered));
        assert_eq!(
            crypto(1).decrypt("other", &sealed),
            Err(CryptoError::Tampered)
        );
    }

    #[test]
    fn rotation_keeps_old_ciphertexts_readable_and_indexes_stable() {
        let old = crypto(1);
        let sealed = old.encrypt_str("t", "kept").unwrap();
        let rotated = Crypto::new([(1, &[1; 32]), (2, &[7; 32])]);
        assert_eq!(rotated.current_key_id(), 2);
        assert_eq!(rotated.decrypt_str("t", &sealed).unwrap(), "kept");
        let fresh = rotated.encrypt_str("t", "new").unwrap();
        assert_eq!(fresh[1], 2);
        assert_eq!(old.decrypt("t", &fresh), Err(CryptoError::UnknownKey(2)));
        assert_eq!(old.blind_index("d", "x"), rotated.blind_index("d", "x"));
    }

    #[test]
    fn blind_index_is_stable_canonical_and_key_dependent() {
        let c = crypto(1);
        assert_eq!(
            c.blind_index("e", "A@Example.org"),
            c.blind_index("e", "  a@example.ORG ")
        );
        assert_eq!(c.blind_index("e", "x"), crypto(1).blind_index("e", "x"));
        assert_ne!(c.blind_index("e", "x"), crypto(2).blind_index("e", "x"));
        assert_ne!(c.blind_index("e", "x"), c.blind_index("f", "x"));
        assert_ne!(c.blind_index("e", "x"), c.blind_index("e", "y"));
        // NFKC folds compatibility forms (full-width letters, Arabic presentation forms).
        assert_eq!(c.blind_index("n", "ＡＢＣ"), c.blind_index("n", "abc"));
        assert_eq!(
            c.blind_index("n", "\u{FEEB}"),
            c.blind_index("n", "\u{0647}")
        );
    }

    #[test]
    fn key_check_recognises_the_same_keys_and_a_rotation_but_not_others() {
        let c = crypto(1);
        let check = c.key_check();
        assert!(c.matches_key_check(&check));
        assert!(!crypto(2).matches_key_check(&check));
        let rotated = Crypto::new([(1, &[1; 32]), (2, &[7; 32])]);
        assert!(
            rotated.matches_key_check(&check),
            "adding a key keeps old data readable"
        );
        assert!(
            !c.matches_key_check(&rotated.key_check()),
            "a lost key id is refused"
        );
        assert!(!c.matches_key_check("garbage"));
    }

    #[test]
    fn a_key_check_of_before_rotation_support_is_still_recognised() {
        let c = crypto(1);
        // The v1 form: a MAC under the first key's blind-index key.
        let v1_key = derive(&[1; 32], "blind-index");
        let v1 = format!(
            "v1:{}:1",
            hex::encode(&Crypto::mac(&v1_key, "key-check", b"peyvand")[..16])
        );
        assert!(c.matches_key_check(&v1));
        assert!(!crypto(2).matches_key_check(&v1));
    }

    #[test]
    fn a_rotation_writes_indexes_with_the_new_key_and_finds_them_under_either() {
        let ring = Crypto::new([(1, &[1; 32]), (2, &[7; 32])]);
        let old = ring.blind_index("e", "a@example.org").to_hex();
        let moved = ring.clone().with_index_key(2);
        let new = moved.blind_index("e", "a@example.org").to_hex();
        assert_ne!(old, new);
        assert_eq!(
            moved.blind_index_candidates("e", "a@example.org"),
            vec![new.clone(), old]
        );
        // Retired: one key, one candidate; IP hashes and the audit MAC kept.
        let retired =
            Crypto::with_hashing([(2, &[7; 32])], Some(HashingKeys::derive_from(&[1; 32])));
        assert_eq!(
            retired.blind_index_candidates("e", "a@example.org"),
            vec![new]
        );
        let ip: std::net::IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(retired.ip_hash(ip), ring.ip_hash(ip));
        assert_eq!(retired.audit_mac(b"x"), ring.audit_mac(b"x"));
        assert!(retired.matches_key_check(&retired.key_check()));
        assert_eq!(
            retired.key_check().split(':').nth(1),
            ring.key_check().split(':').nth(1)
        );
    }

    #[test]
    fn ip_hash_is_keyed() {
        let ip: std::net::IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(crypto(1).ip_hash(ip), crypto(1).ip_hash(ip));
        assert_ne!(crypto(1).ip_hash(ip), crypto(2).ip_hash(ip));
        assert_eq!(crypto(1).ip_hash(ip).len(), 32);
    }
}
