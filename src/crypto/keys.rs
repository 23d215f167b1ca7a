//! The key file: the deployment's secrets (Rocket secret key, data-encryption master keys,
//! bundle signing key), generated on first start into `keys.toml` with mode 0600, and read
//! back, strictly validated, on every later start. Environment variables override it.

use super::{Crypto, HashingKeys, MASTER_KEY_LEN, random_bytes};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The secrets one deployment runs with.
#[derive(Clone)]
pub struct Secrets {
    /// Rocket's secret key (64 bytes): encrypts private cookies.
    pub rocket_secret_key: Zeroizing<Vec<u8>>,
    /// Data-encryption master keys by id; the highest id encrypts new data.
    pub master_keys: BTreeMap<u8, Zeroizing<[u8; MASTER_KEY_LEN]>>,
    /// Ed25519 seed of the organisation's bundle signing key.
    pub signing_key: Zeroizing<[u8; 32]>,
    /// The hashing keys kept after the first master key was retired (`None`: derived from
    /// the lowest master key id).
    pub hashing: Option<HashingKeys>,
}

impl Secrets {
    /// The key ring of these secrets (with the retained hashing keys, if any).
    #[must_use]
    pub fn crypto(&self) -> Crypto {
        Crypto::with_hashing(
            self.master_keys.iter().map(|(id, k)| (*id, &**k)),
            self.hashing.clone(),
        )
    }
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets { .. }")
    }
}

/// Why the key file could not be used. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum KeyFileError {
    /// The file exists but cannot be read.
    #[error(
        "the key file {path} exists but cannot be read ({source}); fix its permissions or restore it from backup. Peyvand never overwrites an existing key file, because data encrypted with it would be lost"
    )]
    Unreadable {
        /// The key file's path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file was read but is not a valid key file.
    #[error(
        "the key file {path} is malformed: {reason}; restore it from backup. Peyvand never overwrites an existing key file, because data encrypted with it would be lost"
    )]
    Malformed {
        /// The key file's path.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// There is no key file, and creating one now is not allowed (the database already
    /// holds data sealed with existing keys).
    #[error(
        "there is no key file at {path}, but the database already holds data encrypted with existing keys. Restore keys.toml from backup (or set PEYVAND_MASTER_KEY, PEYVAND_SIGNING_KEY and ROCKET_SECRET_KEY); Peyvand will not generate new keys for a database in use"
    )]
    Missing {
        /// The key file's path.
        path: PathBuf,
    },
    /// A new key file could not be written.
    #[error("cannot create the key file {path}: {source}")]
    Write {
        /// The key file's path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// An environment variable meant to override a key is malformed.
    #[error("the environment variable {name} is malformed: {reason}")]
    BadEnv {
        /// The variable's name.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// The random source failed.
    #[error("the operating system's random source failed")]
    Random,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct OnDisk {
    version: u32,
    rocket_secret_key: String,
    signing_key: String,
    master_keys: BTreeMap<String, String>,
    /// Written by `peyvand keys retire` when the first master key goes: the one-way derived
    /// keys of what cannot be recomputed (IP hashes, recovery codes, audit chain, key check).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    retained: Option<Retained>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Retained {
    ip: String,
    token: String,
    audit: String,
    check: String,
}

/// Reads, validates and creates key files.
pub struct KeyFile;

/// Parses `PEYVAND_MASTER_KEY`: one base64 key (id 1), or `id:base64` pairs separated by
/// commas (a key ring after rotation).
fn parse_key_ring(value: &str) -> Result<BTreeMap<u8, Zeroizing<[u8; MASTER_KEY_LEN]>>, String> {
    let mut ring = BTreeMap::new();
    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (id, key) = match part.split_once(':') {
            Some((id, key)) => {
                let id = id
                    .parse::<u8>()
                    .ok()
                    .filter(|i| *i > 0)
                    .ok_or_else(|| format!("key id {id:?} is not a number from 1 to 255"))?;
                (id, key)
            }
            None => (1, part),
        };
        let key = decode_fixed::<32>(&format!("key {id}"), key)?;
        if ring.insert(id, Zeroizing::new(key)).is_some() {
            return Err(format!("key id {id} appears twice"));
        }
    }
    if ring.is_empty() {
        return Err("no key given".into());
    }
    Ok(ring)
}

fn decode_fixed<const N: usize>(what: &str, b64: &str) -> Result<[u8; N], String> {
    let bytes = B64
        .decode(b64.trim())
        .map_err(|e| format!("{what} is not valid base64 ({e})"))?;
    <[u8; N]>::try_from(bytes.as_slice())
        .map_err(|_| format!("{what} must be {N} bytes, found {}", bytes.len()))
}

impl KeyFile {
    /// The key file's path inside a data directory.
    #[must_use]
    pub fn path_in(data_dir: &Path) -> PathBuf {
        data_dir.join("keys.toml")
    }

    fn parse(text: &str) -> Result<Secrets, String> {
        let disk: OnDisk = toml::from_str(text).map_err(|e| e.message().to_owned())?;
        if disk.version != 1 {
            return Err(format!("unsupported version {}", disk.version));
        }
        let rocket = B64
            .decode(disk.rocket_secret_key.trim())
            .map_err(|e| format!("rocket_secret_key is not valid base64 ({e})"))?;
        if rocket.len() != 64 {
            return Err(format!(
                "rocket_secret_key must be 64 bytes, found {}",
                rocket.len()
            ));
        }
        let signing = decode_fixed::<32>("signing_key", &disk.signing_key)?;
        if disk.master_keys.is_empty() {
            return Err("master_keys is empty".into());
        }
        let mut master_keys = BTreeMap::new();
        for (id, key) in &disk.master_keys {
            let id: u8 = id
                .parse()
                .ok()
                .filter(|i| *i > 0)
                .ok_or_else(|| format!("master key id {id:?} is not a number from 1 to 255"))?;
            master_keys.insert(
                id,
                Zeroizing::new(decode_fixed::<32>(&format!("master key {id}"), key)?),
            );
        }
        let hashing = match &disk.retained {
            None => None,
            Some(r) => Some(HashingKeys {
                ip: Zeroizing::new(decode_fixed::<32>("retained.ip", &r.ip)?),
                token: Zeroizing::new(decode_fixed::<32>("retained.token", &r.token)?),
                audit: Zeroizing::new(decode_fixed::<32>("retained.audit", &r.audit)?),
                check: Zeroizing::new(decode_fixed::<32>("retained.check", &r.check)?),
            }),
        };
        Ok(Secrets {
            rocket_secret_key: Zeroizing::new(rocket),
            master_keys,
            signing_key: Zeroizing::new(signing),
            hashing,
        })
    }

    fn generate() -> Result<Secrets, KeyFileError> {
        let rnd = |_| KeyFileError::Random;
        Ok(Secrets {
            rocket_secret_key: Zeroizing::new(random_bytes::<64>().map_err(rnd)?.to_vec()),
            master_keys: BTreeMap::from([(1, Zeroizing::new(random_bytes::<32>().map_err(rnd)?))]),
            signing_key: Zeroizing::new(random_bytes::<32>().map_err(rnd)?),
            hashing: None,
        })
    }

    fn render(secrets: &Secrets) -> String {
        let disk = OnDisk {
            version: 1,
            rocket_secret_key: B64.encode(secrets.rocket_secret_key.as_slice()),
            signing_key: B64.encode(secrets.signing_key.as_slice()),
            master_keys: secrets
                .master_keys
                .iter()
                .map(|(id, k)| (id.to_string(), B64.encode(k.as_slice())))
                .collect(),
            retained: secrets.hashing.as_ref().map(|h| Retained {
                ip: B64.encode(h.ip.as_slice()),
                token: B64.encode(h.token.as_slice()),
                audit: B64.encode(h.audit.as_slice()),
                check: B64.encode(h.check.as_slice()),
            }),
        };
        format!(
            "# Peyvand secrets. Keep this file private (mode 0600) and back it up apart from the\n\
             # database: without it, encrypted personal data cannot be read.\n{}",
            toml::to_string(&disk).unwrap_or_default()
        )
    }

    /// Loads the key file at `path`; if it does not exist and `may_create`, creates it
    /// (mode 0600). Returns the secrets and whether the file was created now.
    ///
    /// # Errors
    /// An existing but unreadable or malformed file is an error, never replaced; a missing
    /// file is an error when it may not be created.
    pub fn load_or_create(path: &Path, may_create: bool) -> Result<(Secrets, bool), KeyFileError> {
        match std::fs::read_to_string(path).map(Zeroizing::new) {
            Ok(text) => {
                Self::parse(&text)
                    .map(|s| (s, false))
                    .map_err(|reason| KeyFileError::Malformed {
                        path: path.into(),
                        reason,
                    })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if !may_create {
                    return Err(KeyFileError::Missing { path: path.into() });
                }
                let secrets = Self::generate()?;
                Self::write_new(path, &secrets)?;
                Ok((secrets, true))
            }
            Err(source) => Err(KeyFileError::Unreadable {
                path: path.into(),
                source,
            }),
        }
    }

    /// The file's permission bits when others than its owner may read or write it.
    #[must_use]
    pub fn loose_permissions(path: &Path) -> Option<u32> {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        (mode & 0o077 != 0).then_some(mode)
    }

    /// Writes a complete file under a temporary name, then links it into place: a crash or a
    /// concurrent start never leaves a half-written key file, and an existing one is never
    /// replaced (the link fails).
    fn write_new(path: &Path, secrets: &Secrets) -> Result<(), KeyFileError> {
        use std::os::unix::fs::OpenOptionsExt;
        let err = |source| KeyFileError::Write {
            path: path.into(),
            source,
        };
        let dir = path.parent().unwrap_or_else(|| Path::new("."));
        std::fs::create_dir_all(dir).map_err(err)?;
        let suffix = hex::encode(random_bytes::<8>().map_err(|_| KeyFileError::Random)?);
        let temp = dir.join(format!(".keys.toml.{suffix}.tmp"));
        let written = (|| {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&temp)?;
            file.write_all(Zeroizing::new(Self::render(secrets)).as_bytes())?;
            file.sync_all()?;
            std::fs::hard_link(&temp, path)
        })();
        let _ = std::fs::remove_file(&temp);
        written.map_err(err)
    }

    /// Replaces the key file at `path` with `secrets` (key rotation and retirement): the new
    /// file is written complete under a temporary name (mode 0600), synced, then renamed over
    /// the old one, so a crash leaves either the old or the new file, never a mix.
    ///
    /// # Errors
    /// When the file cannot be written.
    pub fn replace(path: &Path, secrets: &Secrets) -> Result<(), KeyFileError> {
        use std::os::unix::fs::OpenOptionsExt;
        let err = |source| KeyFileError::Write {
            path: path.into(),
            source,
        };
        let dir = path.parent().unwrap_or_else(|| Path::new("."));
        let suffix = hex::encode(random_bytes::<8>().map_err(|_| KeyFileError::Random)?);
        let temp = dir.join(format!(".keys.toml.{suffix}.tmp"));
        let written = (|| {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&temp)?;
            file.write_all(Zeroizing::new(Self::render(secrets)).as_bytes())?;
            file.sync_all()?;
            std::fs::rename(&temp, path)?;
            if let Ok(d) = std::fs::File::open(dir) {
                d.sync_all()?;
            }
            Ok(())
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        written.map_err(err)
    }

    /// Applies environment overrides to `secrets`: `PEYVAND_MASTER_KEY` (one base64 key, or a
    /// key ring `1:<base64>,2:<base64>`), `PEYVAND_SIGNING_KEY` (base64, 32 bytes) and
    /// `ROCKET_SECRET_KEY` (base64, 64 bytes).
    ///
    /// # Errors
    /// A set but malformed variable is an error.
    pub fn apply_env(
        secrets: &mut Secrets,
        get: impl Fn(&str) -> Option<String>,
    ) -> Result<(), KeyFileError> {
        if let Some(v) = get("PEYVAND_MASTER_KEY").map(Zeroizing::new) {
            secrets.master_keys = parse_key_ring(&v).map_err(|reason| KeyFileError::BadEnv {
                name: "PEYVAND_MASTER_KEY",
                reason,
            })?;
        }
        if let Some(v) = get("PEYVAND_SIGNING_KEY").map(Zeroizing::new) {
            let key = decode_fixed::<32>("PEYVAND_SIGNING_KEY", &v).map_err(|reason| {
                KeyFileError::BadEnv {
                    name: "PEYVAND_SIGNING_KEY",
                    reason,
                }
            })?;
            secrets.signing_key = Zeroizing::new(key);
        }
        if let Some(v) = get("ROCKET_SECRET_KEY").map(Zeroizing::new) {
            let key = B64.decode(v.trim()).ok().filter(|k| k.len() == 64).ok_or(
                KeyFileError::BadEnv {
                    name: "ROCKET_SECRET_KEY",
                    reason: "must be 64 bytes in base64".into(),
                },
            )?;
            secrets.rocket_secret_key = Zeroizing::new(key);
        }
        Ok(())
    }

    /// Fresh random secrets that are never written anywhere (tests).
    ///
    /// # Errors
    /// Fails only when the random source fails.
    pub fn ephemeral() -> Result<Secrets, KeyFileError> {
        Self::generate()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn creates_once_with_mode_0600_then_reads_the_same_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = KeyFile::path_in(dir.path());
        let (first, created) = KeyFile::load_or_create(&path, true).unwrap();
        assert!(created);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let (again, created) = KeyFile::load_or_create(&path, true).unwrap();
        assert!(!created);
        assert_eq!(*first.master_keys[&1], *again.master_keys[&1]);
        assert!(KeyFile::loose_permissions(&path).is_none());
        assert_eq!(*first.signing_key, *again.signing_key);
    }

    #[test]
    fn malformed_files_are_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = KeyFile::path_in(dir.path());
        for bad in [
            "",
            "version = 1",
            "garbage ][",
            "version = 1\nrocket_secret_key = \"AA==\"\nsigning_key = \"AA==\"\n[master_keys]\n",
        ] {
            std::fs::write(&path, bad).unwrap();
            let err = KeyFile::load_or_create(&path, true).unwrap_err();
            assert!(
                matches!(err, KeyFileError::Malformed { .. }),
                "{bad:?}: {err}"
            );
            assert!(err.to_string().contains("never overwrites"));
            assert_eq!(std::fs::read_to_string(&path).unwrap(), bad);
        }
    }

    #[test]
    fn a_single_key_file_of_before_rotation_still_loads_and_a_ring_round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = KeyFile::path_in(dir.path());
        let old = format!(
            "version = 1\nrocket_secret_key = \"{}\"\nsigning_key = \"{}\"\n\n[master_keys]\n1 = \"{}\"\n",
            B64.encode([3u8; 64]),
            B64.encode([4u8; 32]),
            B64.encode([5u8; 32])
        );
        std::fs::write(&path, &old).unwrap();
        let (s, _) = KeyFile::load_or_create(&path, false).unwrap();
        assert_eq!(*s.master_keys[&1], [5u8; 32]);
        assert!(s.hashing.is_none());
        let mut ring = s.clone();
        ring.master_keys.insert(2, Zeroizing::new([6u8; 32]));
        ring.master_keys.remove(&1);
        ring.hashing = Some(HashingKeys::derive_from(&[5u8; 32]));
        KeyFile::replace(&path, &ring).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let (back, _) = KeyFile::load_or_create(&path, false).unwrap();
        assert_eq!(
            back.master_keys.keys().copied().collect::<Vec<_>>(),
            vec![2]
        );
        assert_eq!(
            *back.hashing.unwrap().audit,
            *HashingKeys::derive_from(&[5u8; 32]).audit
        );
        // No temporary file is left beside it.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_missing_file_is_not_created_when_that_is_not_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let path = KeyFile::path_in(dir.path());
        let err = KeyFile::load_or_create(&path, false).unwrap_err();
        assert!(matches!(err, KeyFileError::Missing { .. }));
        assert!(!path.exists());
    }

    #[test]
    fn env_overrides_are_validated() {
        let mut s = KeyFile::ephemeral().unwrap();
        let err = KeyFile::apply_env(&mut s, |k| {
            (k == "PEYVAND_MASTER_KEY").then(|| "short".into())
        });
        assert!(err.unwrap_err().to_string().contains("PEYVAND_MASTER_KEY"));
        let good = B64.encode([9u8; 32]);
        KeyFile::apply_env(&mut s, |k| {
            (k == "PEYVAND_MASTER_KEY").then(|| good.clone())
        })
        .unwrap();
        assert_eq!(*s.master_keys[&1], [9u8; 32]);
        let ring = format!("1:{},2:{}", B64.encode([1u8; 32]), B64.encode([2u8; 32]));
        KeyFile::apply_env(&mut s, |k| {
            (k == "PEYVAND_MASTER_KEY").then(|| ring.clone())
        })
        .unwrap();
        assert_eq!(s.master_keys.len(), 2);
        assert_eq!(*s.master_keys[&2], [2u8; 32]);
        for bad in ["0:AAAA", "1:short", "x:AAAA", ""] {
            let err = KeyFile::apply_env(&mut s, |k| {
                (k == "PEYVAND_MASTER_KEY").then(|| bad.to_owned())
            });
            assert!(err.is_err(), "{bad:?}");
        }
    }
}
