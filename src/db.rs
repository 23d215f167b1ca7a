//! Database connection: SQLite (WAL, foreign keys, busy timeout) by default, PostgreSQL by
//! URL; migrations; the write gate write transactions queue at; and error messages that
//! never print a password.

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::sync::Arc;
use std::time::Duration;

/// The database could not be reached or prepared.
#[derive(Debug, thiserror::Error)]
#[error("cannot use the database at {url}: {cause}")]
pub struct DbStartError {
    /// The URL with any password replaced.
    pub url: String,
    /// What went wrong.
    pub cause: String,
}

/// `url` with its password (if any) replaced by `***`.
#[must_use]
pub fn redact(url: &str) -> String {
    let Ok(mut u) = url::Url::parse(url) else {
        return url.to_owned();
    };
    if u.password().is_some() {
        let _ = u.set_password(Some("***"));
    }
    if u.query_pairs()
        .any(|(k, _)| k.eq_ignore_ascii_case("password"))
    {
        let pairs: Vec<(String, String)> = u
            .query_pairs()
            .map(|(k, v)| {
                let hidden = k.eq_ignore_ascii_case("password");
                (
                    k.into_owned(),
                    if hidden { "***".into() } else { v.into_owned() },
                )
            })
            .collect();
        u.query_pairs_mut().clear().extend_pairs(pairs);
    }
    u.to_string()
}

/// Connects with settings suited to each backend.
///
/// SQLite runs in WAL mode with `synchronous = NORMAL`: a committed transaction survives a
/// crash of the process (kill -9); only a power loss can drop the last commits.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbStartError> {
    let fail = |e: DbErr| DbStartError {
        url: redact(url),
        cause: e.to_string(),
    };
    let sqlite_dir = url
        .strip_prefix("sqlite://")
        .map(|p| p.split('?').next().unwrap_or(p))
        .and_then(|p| std::path::Path::new(p).parent())
        .filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = sqlite_dir {
        std::fs::create_dir_all(dir).map_err(|e| DbStartError {
            url: redact(url),
            cause: e.to_string(),
        })?;
    }
    let mut opts = ConnectOptions::new(url);
    opts.connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    if url.starts_with("sqlite:") {
        opts.max_connections(8)
            .map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
            })
            .map_sqlx_sqlite_before_acquire(|conn, _| Box::pin(async move { Ok(settled(conn)) }));
    } else {
        opts.max_connections(16)
            .map_sqlx_postgres_before_acquire(|conn, _| Box::pin(async move { Ok(settled(conn)) }));
    }
    Database::connect(opts).await.map_err(fail)
}

/// Whether a pooled connection is outside any transaction, as the driver counts them.
///
/// A transaction whose statement or `COMMIT` failed (a full disk, an I/O error) is rolled
/// back when it is dropped; if that `ROLLBACK` fails too (SQLite may already have rolled back
/// on its own, or not), the driver's count stays above zero. Such a connection would run the
/// next "transaction" as a savepoint inside a stale one: its commit would store nothing and
/// its lock would block every other writer. It is closed instead of being handed out again
/// (the pool opens a fresh one), so the server recovers by itself when the fault clears.
fn settled(conn: &impl sea_orm::sqlx::Connection) -> bool {
    let open = conn.is_in_transaction();
    if open {
        log::warn!("closing a database connection left inside a failed transaction");
    }
    !open
}

/// Begins a transaction that will write. On SQLite it is `BEGIN IMMEDIATE`: the write lock
/// is taken first (waiting up to the busy timeout for another writer), so a transaction that
/// reads before it writes is never refused with "database is locked" when it comes to write.
pub async fn begin_immediate(
    db: &DatabaseConnection,
) -> Result<sea_orm::DatabaseTransaction, DbErr> {
    use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
    match db.get_database_backend() {
        sea_orm::DatabaseBackend::Sqlite => {
            db.begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            })
            .await
        }
        _ => db.begin().await,
    }
}

/// Whether `e` is a fault of the storage rather than of the request: a full disk, an I/O
/// error, a lock held too long, an unreachable or overloaded server. The transaction it
/// happened in was not committed, so nothing was stored; the same request may succeed later.
#[must_use]
pub fn is_transient(e: &DbErr) -> bool {
    use sea_orm::RuntimeErr;
    use sea_orm::sqlx::Error as Sqlx;
    let sqlx = match e {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return true,
        DbErr::Exec(RuntimeErr::SqlxError(x)) | DbErr::Query(RuntimeErr::SqlxError(x)) => x,
        _ => return false,
    };
    match &**sqlx {
        Sqlx::Io(_)
        | Sqlx::Tls(_)
        | Sqlx::Protocol(_)
        | Sqlx::PoolTimedOut
        | Sqlx::PoolClosed
        | Sqlx::WorkerCrashed
        | Sqlx::BeginFailed => true,
        Sqlx::Database(d) => d.code().is_some_and(|code| transient_code(&code)),
        _ => false,
    }
}

/// SQLite result codes (primary code: the low byte of the extended one) and PostgreSQL
/// SQLSTATEs of storage faults. A SQLSTATE is always five characters and may be all digits
/// (`53100`, disk full); SQLite's extended codes have at most four digits.
fn transient_code(code: &str) -> bool {
    if code.len() < 5
        && let Ok(n) = code.parse::<i32>()
    {
        // BUSY, LOCKED, NOMEM, READONLY, IOERR, FULL, CANTOPEN, PROTOCOL
        return matches!(n & 0xff, 5 | 6 | 7 | 8 | 10 | 13 | 14 | 15);
    }
    // Connection exceptions, insufficient resources (disk full, out of memory, too many
    // connections), operator intervention (shutdown, cannot connect now), system errors, a
    // serialisation failure or deadlock.
    ["08", "53", "57P", "58", "40001", "40P01"]
        .iter()
        .any(|p| code.starts_with(p))
}

/// The write gate: SQLite allows one writer at a time and refuses (rather than waits for) a
/// transaction that read first and then wants to write while another writes; hot write
/// paths queue here instead (unused on PostgreSQL). It also keeps the [`WriteHealth`] its
/// transactions report to. Cheap to clone; clones share the gate.
#[derive(Debug, Clone, Default)]
pub struct WriteGate {
    gate: Arc<tokio::sync::Mutex<()>>,
    health: Arc<WriteHealth>,
}

impl WriteGate {
    /// Whether the last write failed for a storage fault (readiness reports it).
    #[must_use]
    pub fn health(&self) -> &WriteHealth {
        &self.health
    }

    /// Begins a transaction on `db` that will write; on SQLite it first waits for the gate.
    pub async fn begin(&self, db: &DatabaseConnection) -> Result<WriteTxn, DbErr> {
        let gate = match db.get_database_backend() {
            sea_orm::DatabaseBackend::Sqlite => Some(self.gate.clone().lock_owned().await),
            _ => None,
        };
        let txn = begin_immediate(db).await.inspect_err(|e| {
            if is_transient(e) {
                self.health.record(false);
            }
        })?;
        Ok(WriteTxn {
            txn,
            health: self.health.clone(),
            _gate: gate,
        })
    }
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
            Err(e) if is_transient(e) => self.health.record(false),
            Err(_) => {}
        }
        result
    }
}

/// Applies pending migrations.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    use migration::MigratorTrait;
    migration::Migrator::up(db, None).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn storage_faults_are_transient_and_mistakes_are_not() {
        for code in [
            "13", "5", "517", "778", "10", "53100", "08006", "57P01", "40001",
        ] {
            assert!(super::transient_code(code), "{code}");
        }
        for code in ["19", "2067", "1", "23505", "42P01", "22001"] {
            assert!(!super::transient_code(code), "{code}");
        }
        assert!(!super::is_transient(&sea_orm::DbErr::RecordNotFound(
            "x".into()
        )));
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            super::redact("postgres://u:secret@db:5432/p"),
            "postgres://u:***@db:5432/p"
        );
        assert!(!super::redact("postgres://db/p?user=u&password=hunter2").contains("hunter2"));
        assert_eq!(
            super::redact("sqlite://data/x.sqlite3"),
            "sqlite://data/x.sqlite3"
        );
    }
}
