//! Start-up: reads the key file (creating it on first start), connects to the database,
//! runs migrations and builds the [`AppContext`]. Every failure says what to fix.

use crate::config::Config;
use crate::context::AppContext;
use crate::crypto::{Crypto, KeyFile, KeyFileError, Secrets};
use crate::db;
use crate::mail::Mailer;
use std::path::PathBuf;
use std::sync::Arc;

/// Why the portal cannot start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    /// The key file or a key variable is unusable.
    #[error(transparent)]
    Keys(#[from] KeyFileError),
    /// The database cannot be reached or migrated.
    #[error(transparent)]
    Database(#[from] db::DbStartError),
    /// The email set-up is unusable.
    #[error("email set-up: {0}")]
    Mail(#[from] crate::mail::MailError),
    /// The data directory cannot be created.
    #[error("cannot create the data directory {0}: {1}")]
    DataDir(PathBuf, std::io::Error),
}

/// The secrets to run with, and the key file's path when it was created just now.
pub fn load_secrets(config: &Config) -> Result<(Secrets, Option<PathBuf>), StartupError> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| StartupError::DataDir(config.data_dir.clone(), e))?;
    let path = KeyFile::path_in(&config.data_dir);
    let (mut secrets, created) = KeyFile::load_or_create(&path)?;
    KeyFile::apply_env(&mut secrets, |k| std::env::var(k).ok())?;
    Ok((secrets, created.then_some(path)))
}

/// Connects, migrates and assembles the context.
pub async fn open(config: Config, secrets: &Secrets) -> Result<AppContext, StartupError> {
    let db = db::connect(&config.database_url).await?;
    db::migrate(&db).await.map_err(|e| db::DbStartError {
        url: db::redact(&config.database_url),
        cause: format!("migration failed: {e}"),
    })?;
    let mailer = Mailer::new(
        &config.mail,
        &config.template_dir,
        &config.data_dir,
        &config.public_url,
    )?;
    Ok(AppContext {
        db,
        crypto: Crypto::new(&secrets.master_keys),
        mailer,
        signing_key: Arc::new(ed25519_dalek::SigningKey::from_bytes(&secrets.signing_key)),
        outbox_wakeup: Arc::new(tokio::sync::Notify::new()),
        config: Arc::new(config),
    })
}
