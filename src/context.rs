//! The application context shared by every request, job and command: database, config,
//! crypto, mailer and signing key. Cheap to clone; managed as Rocket state.

use crate::config::Config;
use crate::crypto::Crypto;
use crate::mail::Mailer;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Everything a service needs.
#[derive(Clone, Debug)]
pub struct AppContext {
    /// The database pool.
    pub db: DatabaseConnection,
    /// Validated configuration.
    pub config: Arc<Config>,
    /// Field encryption and blind indexes.
    pub crypto: Crypto,
    /// Email rendering and transport.
    pub mailer: Mailer,
    /// The organisation's bundle signing key.
    pub signing_key: Arc<ed25519_dalek::SigningKey>,
    /// Wakes the outbox worker when mail is queued.
    pub outbox_wakeup: Arc<tokio::sync::Notify>,
    /// Argon2id password hashing with the configured cost.
    pub passwords: Arc<crate::domain::staff::PasswordHashing>,
    /// Per petition and client network: signatures beyond it are shadow-banned.
    pub sign_limiter: Arc<crate::services::petition_sign::SignLimiter>,
    /// Petition counts, counted at most once per couple of seconds.
    pub counts: Arc<crate::services::petition_sign::CountsCache>,
}
