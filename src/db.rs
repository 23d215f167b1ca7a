//! Database connection: SQLite (WAL, foreign keys, busy timeout) by default, PostgreSQL by
//! URL; migrations; and error messages that never print a password.

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
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
        opts.max_connections(8).map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
        });
    } else {
        opts.max_connections(16);
    }
    Database::connect(opts).await.map_err(fail)
}

/// Applies pending migrations.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    use migration::MigratorTrait;
    migration::Migrator::up(db, None).await
}

#[cfg(test)]
mod tests {
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
