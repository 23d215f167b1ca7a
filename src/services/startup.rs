//! Start-up: reads the key file (creating it on first start, and only then), connects to the
//! database, runs migrations, checks that the keys belong to this database, and builds the
//! [`AppContext`]. Every failure says what to fix.

use crate::config::Config;
use crate::context::{AppContext, Runtimes};
use crate::crypto::{Crypto, KeyFile, KeyFileError, Secrets};
use crate::db::{self, WriteGate};
use crate::entities::app_meta;
use crate::mail::Mailer;
use crate::services::{contact, petitions, staff};
use sea_orm::{DatabaseConnection, EntityTrait};
use std::path::PathBuf;
use std::sync::Arc;

const KEY_CHECK: &str = "key_check";
const ENV_KEYS: [&str; 3] = [
    "PEYVAND_MASTER_KEY",
    "PEYVAND_SIGNING_KEY",
    "ROCKET_SECRET_KEY",
];

/// Why the portal cannot start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The key file or a key variable is unusable.
    #[error(transparent)]
    Keys(#[from] KeyFileError),
    /// The keys are not the ones this database's data was sealed with.
    #[error(
        "the keys in use do not match this database: its data was encrypted with other keys (a replaced or foreign keys.toml, or a different PEYVAND_MASTER_KEY). Restore the right key file; nothing was changed"
    )]
    KeysMismatch,
    /// The database cannot be reached or migrated.
    #[error(transparent)]
    Database(#[from] db::DbStartError),
    /// The email set-up is unusable.
    #[error("email set-up: {0}")]
    Mail(#[from] crate::mail::MailError),
    /// A setting is unusable.
    #[error("configuration error: {0}")]
    Config(String),
    /// The data directory cannot be created.
    #[error("cannot create the data directory {0}: {1}")]
    DataDir(PathBuf, std::io::Error),
}

impl StartupError {
    /// Whether the operator must fix configuration or keys (exit code 2) rather than a
    /// runtime condition such as an unreachable database (exit code 1).
    #[must_use]
    pub fn is_configuration(&self) -> bool {
        matches!(
            self,
            Self::Keys(_)
                | Self::KeysMismatch
                | Self::Mail(_)
                | Self::DataDir(..)
                | Self::Config(_)
        )
    }
}

/// A started application.
pub struct Opened {
    /// The context.
    pub ctx: AppContext,
    /// The secrets it runs with.
    pub secrets: Secrets,
    /// The key file's path when it was created by this start.
    pub created_key_file: Option<PathBuf>,
    /// Things the operator should know (logged by the caller).
    pub warnings: Vec<String>,
}

fn prepare_data_dir(config: &Config) -> Result<(), StartupError> {
    use std::os::unix::fs::DirBuilderExt;
    if config.data_dir.exists() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(&config.data_dir)
        .map_err(|e| StartupError::DataDir(config.data_dir.clone(), e))
}

async fn connect(config: &Config) -> Result<DatabaseConnection, StartupError> {
    let db = db::connect(&config.database_url).await?;
    db::migrate(&db).await.map_err(|e| db::DbStartError {
        url: db::redact(&config.database_url),
        cause: format!("migration failed: {e}"),
    })?;
    Ok(db)
}

/// Opens the application as the `peyvand` command does: secrets from the key file and the
/// environment. An existing key file is read (and refused if broken) before the database
/// is touched; a missing one is created only for a database that holds no data yet.
pub async fn open(config: Config) -> Result<Opened, StartupError> {
    prepare_data_dir(&config)?;
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let path = KeyFile::path_in(&config.data_dir);
    let mut warnings = Vec::new();
    let all_from_env = ENV_KEYS.iter().all(|k| env(k).is_some());
    let existing = if all_from_env {
        Some(KeyFile::ephemeral()?)
    } else {
        match KeyFile::load_or_create(&path, false) {
            Ok((secrets, _)) => Some(secrets),
            Err(KeyFileError::Missing { .. }) => None,
            Err(e) => return Err(e.into()),
        }
    };
    let db = connect(&config).await?;
    let (mut secrets, created_key_file) = match existing {
        Some(s) => (s, None),
        None => {
            let in_use = app_meta::Entity::find_by_id(KEY_CHECK)
                .one(&db)
                .await
                .map_err(|e| db::DbStartError {
                    url: db::redact(&config.database_url),
                    cause: e.to_string(),
                })?;
            let (s, _) = KeyFile::load_or_create(&path, in_use.is_none())?;
            (s, Some(path.clone()))
        }
    };
    KeyFile::apply_env(&mut secrets, env)?;
    if !all_from_env && let Some(mode) = KeyFile::loose_permissions(&path) {
        warnings.push(format!(
            "the key file {} has mode {mode:o}; run `chmod 600` on it",
            path.display()
        ));
    }
    let ctx = assemble(config, db, &secrets).await?;
    Ok(Opened {
        ctx,
        secrets,
        created_key_file,
        warnings,
    })
}

/// Opens the application with the given secrets (tests, tools): connects, migrates, checks
/// the keys against the database, builds the context.
pub async fn open_with_secrets(
    config: Config,
    secrets: &Secrets,
) -> Result<AppContext, StartupError> {
    prepare_data_dir(&config)?;
    let db = connect(&config).await?;
    assemble(config, db, secrets).await
}

async fn assemble(
    config: Config,
    db: DatabaseConnection,
    secrets: &Secrets,
) -> Result<AppContext, StartupError> {
    let crypto = secrets.crypto();
    check_keys(&db, &crypto, &config.database_url).await?;
    // The blind-index key a rotation switched writes to (`peyvand keys rotate`).
    let crypto = match crate::services::ops::keys::index_key_id(&db).await {
        Ok(Some(id)) => crypto.with_index_key(id),
        Ok(None) => crypto,
        Err(e) => {
            return Err(db::DbStartError {
                url: db::redact(&config.database_url),
                cause: e.to_string(),
            }
            .into());
        }
    };
    let mut runtimes = Runtimes::default();
    staff::runtime(&config, &mut runtimes)
        .map_err(|e| StartupError::Config(format!("argon2 parameters: {e}")))?;
    petitions::runtime(&config, &mut runtimes);
    contact::runtime(&mut runtimes);
    config
        .assets
        .check_pages()
        .map_err(|e| StartupError::Config(e.to_string()))?;
    super::lost_links::runtime(&mut runtimes);
    let mailer = Mailer::new(
        &config.mail,
        &config.assets,
        &config.data_dir,
        &config.public_url,
    )?;
    Ok(AppContext {
        db,
        crypto,
        mailer,
        signing_key: Arc::new(ed25519_dalek::SigningKey::from_bytes(&secrets.signing_key)),
        outbox_wakeup: Arc::new(tokio::sync::Notify::new()),
        edition_wakeup: Arc::new(tokio::sync::Notify::new()),
        write_gate: WriteGate::default(),
        runtimes,
        config: Arc::new(config),
    })
}

/// Records the key check on first start; afterwards refuses keys that do not match it, and
/// records a rotation (a new key id added) once it is in use.
async fn check_keys(
    db: &DatabaseConnection,
    crypto: &Crypto,
    url: &str,
) -> Result<(), StartupError> {
    let fail = |e: sea_orm::DbErr| db::DbStartError {
        url: db::redact(url),
        cause: e.to_string(),
    };
    let current = crypto.key_check();
    let stored = app_meta::Entity::find_by_id(KEY_CHECK)
        .one(db)
        .await
        .map_err(fail)?;
    match stored {
        Some(row) if !crypto.matches_key_check(&row.value) => Err(StartupError::KeysMismatch),
        Some(row) if row.value == current => Ok(()),
        // First start, or a key added to the ring: record the current check.
        _ => {
            crate::domain::meta::put(db, KEY_CHECK, current)
                .await
                .map_err(fail)?;
            Ok(())
        }
    }
}
