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
    /// Wakes the edition builder when an edition is frozen.
    pub edition_wakeup: Arc<tokio::sync::Notify>,
    /// Argon2id password hashing with the configured cost.
    pub passwords: Arc<crate::domain::staff::account::PasswordHashing>,
    /// Per petition and client network: signatures beyond it are shadow-banned.
    pub sign_limiter: Arc<crate::services::petitions::sign::SignLimiter>,
    /// Petition counts, counted at most once per couple of seconds.
    pub counts: Arc<crate::services::petitions::sign::CountsCache>,
    /// SQLite allows one writer at a time and refuses (rather than waits for) a transaction
    /// that read first and then wants to write while another writes; hot write paths queue
    /// here instead. Unused on PostgreSQL.
    pub write_gate: Arc<tokio::sync::Mutex<()>>,
    /// Whether the last write failed for a storage fault (readiness reports it).
    pub write_health: Arc<WriteHealth>,
    /// Signing settings (pause switch, email rules, access lists), briefly cached.
    pub signing_settings: Arc<crate::services::petitions::sign::SettingsCache>,
    /// Public petitions by slug, briefly cached.
    pub petitions: Arc<crate::services::petitions::sign::PetitionCache>,
    /// The contact candidate index over active registrations, briefly cached.
    pub match_index: Arc<crate::services::contact::review::IndexCache>,
    /// Writes signatures in batches (group commit).
    pub sign_writer: Arc<crate::services::petitions::sign::SignWriter>,
}

/// Whether writes are failing: set by a write that failed for a storage fault (a full disk,
/// an I/O error), cleared by one that committed. `/healthz` reports it.
#[derive(Debug, Default)]
pub struct WriteHealth {
    failing: std::sync::atomic::AtomicBool,
}

impl WriteHealth {
    /// Records a write's outcome.
    pub fn record(&self, committed: bool) {
        self.failing
            .store(!committed, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether the last recorded write failed.
    #[must_use]
    pub fn failing(&self) -> bool {
        self.failing.load(std::sync::atomic::Ordering::Relaxed)
    }
}

/// A write transaction holding the SQLite write gate (dereferences to the transaction).
pub struct WriteTxn {
    txn: sea_orm::DatabaseTransaction,
    health: Arc<WriteHealth>,
    _gate: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl std::ops::Deref for WriteTxn {
    type Target = sea_orm::DatabaseTransaction;

    fn deref(&self) -> &Self::Target {
        &self.txn
    }
}

#[async_trait::async_trait]
impl sea_orm::ConnectionTrait for WriteTxn {
    fn get_database_backend(&self) -> sea_orm::DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute_raw(
        &self,
        stmt: sea_orm::Statement,
    ) -> Result<sea_orm::ExecResult, sea_orm::DbErr> {
        self.txn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<sea_orm::ExecResult, sea_orm::DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one_raw(
        &self,
        stmt: sea_orm::Statement,
    ) -> Result<Option<sea_orm::QueryResult>, sea_orm::DbErr> {
        self.txn.query_one_raw(stmt).await
    }

    async fn query_all_raw(
        &self,
        stmt: sea_orm::Statement,
    ) -> Result<Vec<sea_orm::QueryResult>, sea_orm::DbErr> {
        self.txn.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
}

impl WriteTxn {
    /// Commits (and opens the gate).
    pub async fn commit(self) -> Result<(), sea_orm::DbErr> {
        let result = self.txn.commit().await;
        match &result {
            Ok(()) => self.health.record(true),
            Err(e) if crate::db::is_transient(e) => self.health.record(false),
            Err(_) => {}
        }
        result
    }
}

impl AppContext {
    /// Begins a transaction that will write; on SQLite it first waits for the write gate.
    pub async fn begin_write(&self) -> Result<WriteTxn, sea_orm::DbErr> {
        let gate = match self.db.get_database_backend() {
            sea_orm::DatabaseBackend::Sqlite => Some(self.write_gate.clone().lock_owned().await),
            _ => None,
        };
        let txn = crate::db::begin_immediate(&self.db)
            .await
            .inspect_err(|e| {
                if crate::db::is_transient(e) {
                    self.write_health.record(false);
                }
            })?;
        Ok(WriteTxn {
            txn,
            health: self.write_health.clone(),
            _gate: gate,
        })
    }
}
