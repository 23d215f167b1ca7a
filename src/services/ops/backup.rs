//! Backups and restores: a consistent snapshot of the running database (SQLite: `VACUUM
//! INTO`; PostgreSQL: `pg_dump` inside an exported repeatable-read snapshot) packed in a ZIP
//! with a manifest (schema version, key fingerprint, row counts, the payload's SHA-256) and a
//! `.sha256` file beside it; and its restore into an empty database, checked before anything
//! is put in place (a temporary name renamed at the end, or one `pg_restore` transaction).

use crate::config::Config;
use crate::context::AppContext;
use crate::crypto::{Crypto, KeyFile, Secrets};
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseBackend, DatabaseConnection, IsolationLevel, Statement,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// What a backup file says it is (`format` in its manifest).
pub const FORMAT: &str = "peyvand-backup";
/// The manifest's name inside the archive.
pub const MANIFEST: &str = "manifest.json";
const SQLITE_PAYLOAD: &str = "database.sqlite3";
const PG_PAYLOAD: &str = "database.pgdump";

/// The manifest of a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// Layout version of the backup (1).
    pub version: u32,
    /// The Peyvand version that made it.
    pub peyvand_version: String,
    /// When the snapshot was taken (RFC 3339, UTC).
    pub created_at: String,
    /// `sqlite` or `postgresql`.
    pub backend: String,
    /// The latest migration applied to the database.
    pub schema_version: String,
    /// Identifies the keys the data is sealed with, without revealing them (the key check
    /// the database itself stores).
    pub key_fingerprint: String,
    /// Rows per table in the snapshot.
    pub counts: BTreeMap<String, u64>,
    /// The database file's name in the archive.
    pub payload: String,
    /// SHA-256 of the payload, hex.
    pub payload_sha256: String,
    /// Size of the payload in bytes.
    pub payload_bytes: u64,
}

/// Why a backup or restore failed. Nothing is left half-written in either case.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// A file could not be read or written.
    #[error("{0}: {1}")]
    Io(PathBuf, std::io::Error),
    /// The database failed.
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    /// An outside tool (`pg_dump`, `pg_restore`) failed or is missing.
    #[error("{0}")]
    Tool(String),
    /// The file is not a Peyvand backup (or not one this version reads).
    #[error("{0} is not a Peyvand backup: {1}")]
    Foreign(PathBuf, String),
    /// The file is a Peyvand backup but damaged.
    #[error("the backup {0} is damaged: {1}; nothing was restored")]
    Corrupt(PathBuf, String),
    /// The keys at hand are not the ones the backup's data was sealed with.
    #[error(
        "the key file does not belong to this backup (its key fingerprint differs): restore the keys.toml that was in use when the backup was made into {0}, or set PEYVAND_MASTER_KEY; nothing was restored"
    )]
    WrongKeys(PathBuf),
    /// There is no key file to check the backup against.
    #[error(
        "there is no key file at {0}: put the keys.toml you backed up (separately from the database) there first; nothing was restored"
    )]
    NoKeys(PathBuf),
    /// The key file is unusable.
    #[error(transparent)]
    Keys(#[from] crate::crypto::KeyFileError),
    /// The target already holds data.
    #[error("{0}; restore only into an empty data directory or database. Nothing was changed")]
    NotEmpty(String),
    /// The backup and the configured database are of different kinds.
    #[error(
        "the backup is of a {backup} database but the configured DATABASE_URL is {configured}; nothing was restored"
    )]
    Backend {
        /// The backup's backend.
        backup: String,
        /// The configured one.
        configured: String,
    },
    /// The archive could not be written or read.
    #[error("archive: {0}")]
    Zip(#[from] zip::result::ZipError),
}

impl BackupError {
    /// Whether the operator gave something unusable (exit code 2) rather than a runtime
    /// failure (exit code 1).
    #[must_use]
    pub fn is_input(&self) -> bool {
        matches!(
            self,
            Self::Foreign(..)
                | Self::Corrupt(..)
                | Self::WrongKeys(_)
                | Self::NoKeys(_)
                | Self::Keys(_)
                | Self::NotEmpty(_)
                | Self::Backend { .. }
        )
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |e| BackupError::Io(path.to_path_buf(), e)
}

fn backend_name(b: DatabaseBackend) -> &'static str {
    match b {
        DatabaseBackend::Sqlite => "sqlite",
        _ => "postgresql",
    }
}

/// A sibling of `path` with a random temporary name (`.NAME.RANDOM.tmp`).
fn temp_beside(path: &Path, what: &str) -> PathBuf {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let name = path
        .file_name()
        .map_or_else(|| "backup".into(), |n| n.to_string_lossy().into_owned());
    let suffix = crate::crypto::random_bytes::<6>().map_or_else(|_| "0".into(), hex::encode);
    dir.unwrap_or_else(|| Path::new("."))
        .join(format!(".{name}.{what}.{suffix}.tmp"))
}

/// Removes a temporary file when dropped (unless it was kept).
struct TempFile(Option<PathBuf>);

impl TempFile {
    fn path(&self) -> &Path {
        self.0.as_deref().unwrap_or_else(|| Path::new(""))
    }
    fn keep(mut self) {
        self.0 = None;
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(p) = &self.0 {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// The database's tables (the current schema on PostgreSQL), sorted.
async fn tables(db: &impl ConnectionTrait) -> Result<Vec<String>, sea_orm::DbErr> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Sqlite => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        }
        _ => {
            "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
        }
    };
    let rows = db
        .query_all_raw(Statement::from_string(backend, sql))
        .await?;
    rows.iter()
        .map(|r| r.try_get::<String>("", "name"))
        .collect()
}

/// Rows per table and the latest applied migration, as `db` sees them.
async fn census(
    db: &impl ConnectionTrait,
) -> Result<(BTreeMap<String, u64>, String), sea_orm::DbErr> {
    let backend = db.get_database_backend();
    let mut counts = BTreeMap::new();
    for t in tables(db).await? {
        let row = db
            .query_one_raw(Statement::from_string(
                backend,
                format!("SELECT COUNT(*) AS n FROM \"{}\"", t.replace('"', "\"\"")),
            ))
            .await?;
        let n = row.map_or(Ok(0), |r| r.try_get::<i64>("", "n"))?;
        counts.insert(t, u64::try_from(n).unwrap_or(0));
    }
    let version = db
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT version FROM seaql_migrations ORDER BY version DESC LIMIT 1",
        ))
        .await?
        .map(|r| r.try_get::<String>("", "version"))
        .transpose()?
        .unwrap_or_default();
    Ok((counts, version))
}

/// SHA-256 and size of a file.
fn hash_file(path: &Path) -> Result<(String, u64), BackupError> {
    let mut f = std::fs::File::open(path).map_err(io(path))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n = 0u64;
    loop {
        let k = f.read(&mut buf).map_err(io(path))?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    Ok((hex::encode(h.finalize()), n))
}

/// The SQLite database file a `sqlite://` URL names.
fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let p = rest.split('?').next().unwrap_or(rest);
    (!p.is_empty() && !p.contains(":memory:")).then(|| PathBuf::from(p))
}

/// A PostgreSQL URL without its password, and the password (for `PGPASSWORD`, so it never
/// appears in a process list).
fn pg_url_and_password(url: &str) -> (String, Option<String>) {
    match url::Url::parse(url) {
        Ok(mut u) => {
            let pw = u.password().map(percent_decode);
            let _ = u.set_password(None);
            (u.to_string(), pw)
        }
        Err(_) => (url.to_owned(), None),
    }
}

fn percent_decode(s: &str) -> String {
    url::form_urlencoded::parse(format!("x={s}").as_bytes())
        .next()
        .map_or_else(|| s.to_owned(), |(_, v)| v.into_owned())
}

fn run_tool(
    tool: &str,
    args: &[&std::ffi::OsStr],
    password: Option<&str>,
) -> Result<(), BackupError> {
    let mut cmd = std::process::Command::new(tool);
    cmd.args(args);
    if let Some(pw) = password {
        cmd.env("PGPASSWORD", pw);
    }
    let out = cmd.output().map_err(|e| {
        BackupError::Tool(format!(
            "cannot run {tool} ({e}): install the PostgreSQL client tools (e.g. Debian's postgresql-client) matching your server"
        ))
    })?;
    if out.status.success() {
        Ok(())
    } else {
        Err(BackupError::Tool(format!(
            "{tool} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

/// Takes a consistent snapshot of the database into `payload` and returns the counts and
/// schema version of exactly that snapshot.
async fn snapshot(
    ctx: &AppContext,
    payload: &Path,
) -> Result<(BTreeMap<String, u64>, String), BackupError> {
    let db = &ctx.db;
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            // VACUUM INTO reads one transaction's snapshot while writers carry on (WAL).
            let target = payload.to_string_lossy().replace('\'', "''");
            db.execute_unprepared(&format!("VACUUM INTO '{target}'"))
                .await?;
            let copy = open_sqlite(payload, false).await?;
            let census = census(&copy).await;
            copy.close().await.ok();
            Ok(census?)
        }
        _ => {
            // One repeatable-read transaction: its snapshot is exported to pg_dump, and the
            // counts are taken in it, so both see the same committed state.
            let txn = db
                .begin_with_config(
                    Some(IsolationLevel::RepeatableRead),
                    Some(AccessMode::ReadOnly),
                )
                .await?;
            let snap = txn
                .query_one_raw(Statement::from_string(
                    DatabaseBackend::Postgres,
                    "SELECT pg_export_snapshot() AS s",
                ))
                .await?
                .map(|r| r.try_get::<String>("", "s"))
                .transpose()?
                .unwrap_or_default();
            let census = census(&txn).await?;
            let (url, pw) = pg_url_and_password(&ctx.config.database_url);
            let payload = payload.to_path_buf();
            let dumped = tokio::task::spawn_blocking(move || {
                run_tool(
                    "pg_dump",
                    &[
                        "--format=custom".as_ref(),
                        "--no-owner".as_ref(),
                        "--no-acl".as_ref(),
                        format!("--snapshot={snap}").as_ref(),
                        "--file".as_ref(),
                        payload.as_os_str(),
                        "--dbname".as_ref(),
                        url.as_ref(),
                    ],
                    pw.as_deref(),
                )
            })
            .await
            .map_err(|e| BackupError::Tool(format!("pg_dump did not finish: {e}")))?;
            txn.commit().await?;
            dumped?;
            Ok(census)
        }
    }
}

async fn open_sqlite(path: &Path, write: bool) -> Result<DatabaseConnection, sea_orm::DbErr> {
    let mode = if write { "rw" } else { "ro" };
    let mut opts = sea_orm::ConnectOptions::new(format!("sqlite://{}?mode={mode}", path.display()));
    opts.max_connections(1).sqlx_logging(false);
    sea_orm::Database::connect(opts).await
}

/// Makes a backup of the running deployment into `out` (and `out.sha256`): the snapshot is
/// taken while the server keeps serving; the archive is written under a temporary name and
/// renamed into place complete. Returns its manifest.
pub async fn backup(ctx: &AppContext, out: &Path) -> Result<Manifest, BackupError> {
    let backend = ctx.db.get_database_backend();
    let payload_name = match backend {
        DatabaseBackend::Sqlite => SQLITE_PAYLOAD,
        _ => PG_PAYLOAD,
    };
    let created_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let payload = TempFile(Some(temp_beside(out, "db")));
    let (counts, schema_version) = snapshot(ctx, payload.path()).await?;
    let (payload_sha256, payload_bytes) = hash_file(payload.path())?;
    let manifest = Manifest {
        format: FORMAT.into(),
        version: 1,
        peyvand_version: env!("CARGO_PKG_VERSION").into(),
        created_at,
        backend: backend_name(backend).into(),
        schema_version,
        key_fingerprint: ctx.crypto.key_check(),
        counts,
        payload: payload_name.into(),
        payload_sha256,
        payload_bytes,
    };
    let archive = TempFile(Some(temp_beside(out, "zip")));
    {
        let file = std::fs::File::create(archive.path()).map_err(io(archive.path()))?;
        let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(payload_bytes > u64::from(u32::MAX) / 2);
        zip.start_file(MANIFEST, opts)?;
        zip.write_all(&serde_json::to_vec_pretty(&manifest).unwrap_or_default())
            .map_err(io(archive.path()))?;
        zip.start_file(payload_name, opts)?;
        let mut src = std::fs::File::open(payload.path()).map_err(io(payload.path()))?;
        std::io::copy(&mut src, &mut zip).map_err(io(archive.path()))?;
        let w = zip.finish()?;
        let file = w
            .into_inner()
            .map_err(|e| io(archive.path())(e.into_error()))?;
        file.sync_all().map_err(io(archive.path()))?;
    }
    let (archive_sha, _) = hash_file(archive.path())?;
    let file_name = out
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let sums = TempFile(Some(temp_beside(out, "sha256")));
    std::fs::write(sums.path(), format!("{archive_sha}  {file_name}\n"))
        .map_err(io(sums.path()))?;
    std::fs::rename(archive.path(), out).map_err(io(out))?;
    archive.keep();
    let sums_path = checksum_path(out);
    std::fs::rename(sums.path(), &sums_path).map_err(io(&sums_path))?;
    sums.keep();
    Ok(manifest)
}

/// The checksum file written beside a backup (`FILE.sha256`, `sha256sum -c` format).
#[must_use]
pub fn checksum_path(backup: &Path) -> PathBuf {
    let mut s = backup.as_os_str().to_owned();
    s.push(".sha256");
    PathBuf::from(s)
}

/// Reads and checks a backup's manifest (and, when it is there, the `.sha256` file beside
/// it), without extracting anything.
///
/// # Errors
/// [`BackupError::Foreign`] for a file that is not a Peyvand backup, [`BackupError::Corrupt`]
/// for one whose checksum does not match.
pub fn read_manifest(file: &Path) -> Result<Manifest, BackupError> {
    let f = std::fs::File::open(file).map_err(io(file))?;
    let foreign = |why: String| BackupError::Foreign(file.to_path_buf(), why);
    let sums = checksum_path(file);
    if let Ok(text) = std::fs::read_to_string(&sums) {
        let want = text
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned();
        let (have, _) = hash_file(file)?;
        if !crate::crypto::constant_time_eq(want.as_bytes(), have.as_bytes()) {
            return Err(BackupError::Corrupt(
                file.to_path_buf(),
                format!("its SHA-256 is {have}, but {} says {want}", sums.display()),
            ));
        }
    }
    let mut zip =
        zip::ZipArchive::new(f).map_err(|e| foreign(format!("not a ZIP archive ({e})")))?;
    let mut text = String::new();
    zip.by_name(MANIFEST)
        .map_err(|_| foreign(format!("it has no {MANIFEST}")))?
        .take(1 << 20)
        .read_to_string(&mut text)
        .map_err(|e| BackupError::Corrupt(file.to_path_buf(), format!("{MANIFEST}: {e}")))?;
    let manifest: Manifest = serde_json::from_str(&text)
        .map_err(|e| foreign(format!("{MANIFEST} is not ours ({e})")))?;
    if manifest.format != FORMAT {
        return Err(foreign(format!("its format is {:?}", manifest.format)));
    }
    if manifest.version != 1 {
        return Err(foreign(format!(
            "it is of backup version {}, which this Peyvand does not read",
            manifest.version
        )));
    }
    if ![SQLITE_PAYLOAD, PG_PAYLOAD].contains(&manifest.payload.as_str()) {
        return Err(foreign(format!("unknown payload {:?}", manifest.payload)));
    }
    Ok(manifest)
}

/// Extracts the payload to `to`, checking its SHA-256 against the manifest.
fn extract_payload(file: &Path, manifest: &Manifest, to: &Path) -> Result<(), BackupError> {
    let corrupt = |why: String| BackupError::Corrupt(file.to_path_buf(), why);
    let f = std::fs::File::open(file).map_err(io(file))?;
    let mut zip = zip::ZipArchive::new(f)?;
    let mut entry = zip
        .by_name(&manifest.payload)
        .map_err(|_| corrupt(format!("{} is missing", manifest.payload)))?;
    let mut out = std::fs::File::create(to).map_err(io(to))?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let k = entry
            .read(&mut buf)
            .map_err(|e| corrupt(format!("{} cannot be read ({e})", manifest.payload)))?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        out.write_all(&buf[..k]).map_err(io(to))?;
    }
    out.sync_all().map_err(io(to))?;
    let have = hex::encode(h.finalize());
    if have != manifest.payload_sha256 {
        return Err(corrupt(format!(
            "the database inside has SHA-256 {have}, but the manifest says {}",
            manifest.payload_sha256
        )));
    }
    Ok(())
}

/// The secrets restore checks the backup against: the key file in the data directory (never
/// created here) with the environment's overrides.
///
/// # Errors
/// [`BackupError::NoKeys`] when there is no key file and the environment gives no key.
pub fn restore_secrets(config: &Config) -> Result<Secrets, BackupError> {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let path = KeyFile::path_in(&config.data_dir);
    let mut secrets = match KeyFile::load_or_create(&path, false) {
        Ok((s, _)) => s,
        Err(crate::crypto::KeyFileError::Missing { .. }) if env("PEYVAND_MASTER_KEY").is_some() => {
            KeyFile::ephemeral()?
        }
        Err(crate::crypto::KeyFileError::Missing { .. }) => return Err(BackupError::NoKeys(path)),
        Err(e) => return Err(e.into()),
    };
    KeyFile::apply_env(&mut secrets, env)?;
    Ok(secrets)
}

/// Restores the backup `file` into the (empty) database `config` names, after checking
/// that it is a Peyvand backup, intact, of the same backend, and sealed with `secrets`'
/// keys. Nothing is changed when any check fails; on SQLite the database file appears only
/// once it is complete, on PostgreSQL `pg_restore` runs in one transaction.
pub async fn restore(
    config: &Config,
    secrets: &Secrets,
    file: &Path,
) -> Result<Manifest, BackupError> {
    let manifest = read_manifest(file)?;
    let crypto = secrets.crypto();
    if !crypto.matches_key_check(&manifest.key_fingerprint) {
        return Err(BackupError::WrongKeys(config.data_dir.clone()));
    }
    let configured = if config.database_url.starts_with("sqlite:") {
        "sqlite"
    } else {
        "postgresql"
    };
    if manifest.backend != configured {
        return Err(BackupError::Backend {
            backup: manifest.backend.clone(),
            configured: configured.into(),
        });
    }
    match sqlite_path(&config.database_url) {
        Some(target) if configured == "sqlite" => {
            restore_sqlite(file, &manifest, &crypto, &target).await?;
        }
        None if configured == "sqlite" => {
            return Err(BackupError::NotEmpty(
                "an in-memory SQLite database cannot be restored into".into(),
            ));
        }
        _ => restore_postgres(config, file, &manifest).await?,
    }
    Ok(manifest)
}

async fn restore_sqlite(
    file: &Path,
    manifest: &Manifest,
    crypto: &Crypto,
    target: &Path,
) -> Result<(), BackupError> {
    for suffix in ["", "-wal", "-journal"] {
        let mut p = target.as_os_str().to_owned();
        p.push(suffix);
        if Path::new(&p).exists() {
            return Err(BackupError::NotEmpty(format!(
                "{} already exists",
                Path::new(&p).display()
            )));
        }
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let temp = TempFile(Some(temp_beside(target, "restore")));
    extract_payload(file, manifest, temp.path())?;
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o600))
            .map_err(io(temp.path()))?;
    }
    let corrupt = |why: String| BackupError::Corrupt(file.to_path_buf(), why);
    {
        let db = open_sqlite(temp.path(), false)
            .await
            .map_err(|e| corrupt(format!("the database inside does not open ({e})")))?;
        let checked = async {
            let ok = db
                .query_one_raw(Statement::from_string(
                    DatabaseBackend::Sqlite,
                    "PRAGMA integrity_check",
                ))
                .await?
                .map(|r| r.try_get_by_index::<String>(0))
                .transpose()?
                .unwrap_or_default();
            let census = census(&db).await?;
            let check = db
                .query_one_raw(Statement::from_string(
                    DatabaseBackend::Sqlite,
                    "SELECT value FROM app_meta WHERE key = 'key_check'",
                ))
                .await?
                .map(|r| r.try_get::<String>("", "value"))
                .transpose()?;
            Ok::<_, sea_orm::DbErr>((ok, census, check))
        }
        .await;
        db.close().await.ok();
        let (ok, (counts, version), check) =
            checked.map_err(|e| corrupt(format!("the database inside cannot be read ({e})")))?;
        if ok != "ok" {
            return Err(corrupt(format!("SQLite integrity check: {ok}")));
        }
        if counts != manifest.counts || version != manifest.schema_version {
            return Err(corrupt("its row counts differ from the manifest's".into()));
        }
        if check.is_some_and(|c| !crypto.matches_key_check(&c)) {
            return Err(BackupError::WrongKeys(
                target.parent().map(Path::to_path_buf).unwrap_or_default(),
            ));
        }
    }
    // Link, not rename: a database that appeared meanwhile is never replaced.
    std::fs::hard_link(temp.path(), target).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            BackupError::NotEmpty(format!("{} already exists", target.display()))
        } else {
            io(target)(e)
        }
    })?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        let _ = d.sync_all();
    }
    Ok(())
}

async fn restore_postgres(
    config: &Config,
    file: &Path,
    manifest: &Manifest,
) -> Result<(), BackupError> {
    let db = crate::db::connect(&config.database_url)
        .await
        .map_err(|e| BackupError::Tool(e.to_string()))?;
    let existing = tables(&db).await?;
    if !existing.is_empty() {
        db.close().await.ok();
        return Err(BackupError::NotEmpty(format!(
            "the database already has {} tables",
            existing.len()
        )));
    }
    std::fs::create_dir_all(&config.data_dir).map_err(io(&config.data_dir))?;
    let temp = TempFile(Some(temp_beside(
        &config.data_dir.join("peyvand.pgdump"),
        "restore",
    )));
    extract_payload(file, manifest, temp.path())?;
    let (url, pw) = pg_url_and_password(&config.database_url);
    let path = temp.path().to_path_buf();
    tokio::task::spawn_blocking(move || {
        run_tool(
            "pg_restore",
            &[
                "--single-transaction".as_ref(),
                "--exit-on-error".as_ref(),
                "--no-owner".as_ref(),
                "--no-acl".as_ref(),
                "--dbname".as_ref(),
                url.as_ref(),
                path.as_os_str(),
            ],
            pw.as_deref(),
        )
    })
    .await
    .map_err(|e| BackupError::Tool(format!("pg_restore did not finish: {e}")))??;
    let (counts, version) = census(&db).await?;
    db.close().await.ok();
    if counts != manifest.counts || version != manifest.schema_version {
        return Err(BackupError::Corrupt(
            file.to_path_buf(),
            "the restored row counts differ from the manifest's".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_leave_the_url() {
        let (u, pw) = pg_url_and_password("postgres://me:s%40cret@db:5432/peyvand");
        assert_eq!(u, "postgres://me@db:5432/peyvand");
        assert_eq!(pw.as_deref(), Some("s@cret"));
        assert_eq!(
            sqlite_path("sqlite://data/peyvand.sqlite3?mode=rwc"),
            Some(PathBuf::from("data/peyvand.sqlite3"))
        );
        assert_eq!(sqlite_path("sqlite::memory:"), None);
    }

    #[test]
    fn a_file_that_is_not_a_backup_is_called_foreign() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.zip");
        std::fs::write(&p, b"hello").unwrap();
        assert!(matches!(read_manifest(&p), Err(BackupError::Foreign(..))));
    }
}
