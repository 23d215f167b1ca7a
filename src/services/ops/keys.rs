//! Master key rotation: a new key is added to the ring (`keys.toml`), then every sealed value
//! is re-encrypted and every blind index recomputed under it in resumable batches, the
//! progress kept in `app_meta`; the status of each kind of value; and the old key's
//! retirement once nothing uses it.
//!
//! While a rotation runs, a server started after the new key was added writes with the new
//! key and finds rows by blind index under either key (`Crypto::blind_index_candidates`);
//! sealed values name their key, so reads work with both. The contact side's indexes (the
//! requesters' addresses, the registrations' "never this person" keys and the block lists
//! that refer to them) are re-keyed in one transaction, so a veto never stops matching
//! half-way.

use super::key_tables::{
    CONTACT_TABLES, Extra, Row, TABLES, Table, index_columns, ph, read_rows, sealed_columns,
};
use crate::context::AppContext;
use crate::crypto::{Crypto, KeyFile, MASTER_KEY_LEN, Secrets};
use crate::domain::audit::{self, Actor, AuditAction, NewEvent, Subject};
use crate::domain::people::email::{EmailRule, signer_email};
use crate::entities::app_meta;
use crate::error::AppError;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Statement, Value};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use zeroize::Zeroizing;

/// `app_meta` key: the id of the key blind indexes are written with.
pub const INDEX_KEY: &str = "keys.index_key";
/// `app_meta` key: the rotation's progress (JSON).
pub const ROTATION: &str = "keys.rotation";
pub(super) const KEY_CHECK: &str = "key_check";

/// Blind-index purposes (as the capabilities define them).
const SIG_EMAIL: &str = crate::domain::petitions::signature::EMAIL_INDEX;
const SIG_DOMAIN: &str = crate::domain::petitions::signature::DOMAIN_INDEX;
const CONTACT_EMAIL: &str = crate::domain::contact::records::EMAIL_INDEX;
const STAFF_EMAIL: &str = crate::domain::staff::account::EMAIL_INDEX;

/// A rotation's progress, kept in `app_meta` under [`ROTATION`].
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Rotation {
    /// The key everything moves to.
    pub to: u8,
    /// When it started (RFC 3339).
    pub started_at: String,
    /// Whether the contact side (and block lists) is done.
    pub contact_done: bool,
    /// Per table: the highest row id done.
    pub cursors: BTreeMap<String, i64>,
    /// When it finished.
    pub finished_at: Option<String>,
    /// Values re-encrypted so far.
    pub resealed: u64,
    /// Blind indexes recomputed so far.
    pub reindexed: u64,
    /// Addresses whose index no longer followed from today's email rules (the domain's rule
    /// changed since they were stored): indexed by today's canonical form.
    pub recanonicalised: u64,
    /// Block/allow-list entries (stored only as a blind index) no stored address or known
    /// domain explains: they keep their old value and stop matching once the old key goes.
    pub unmapped_list_entries: u64,
}

/// Why a key operation was refused or failed.
#[derive(Debug, thiserror::Error)]
pub enum KeysError {
    /// The database or a value failed.
    #[error(transparent)]
    App(#[from] AppError),
    /// The key file could not be written.
    #[error(transparent)]
    KeyFile(#[from] crate::crypto::KeyFileError),
    /// Keys come from `PEYVAND_MASTER_KEY`, which this command cannot change.
    #[error(
        "the master keys come from PEYVAND_MASTER_KEY, which this command cannot change: add a key to it as `ID:<base64 of 32 random bytes>` (e.g. `1:…,2:…`), restart, then run `peyvand keys rotate` to move the data to it"
    )]
    KeysFromEnvironment,
    /// The ring lacks the key an unfinished rotation moves to.
    #[error(
        "a rotation to key {0} is under way but the key file has no key {0}: restore the keys.toml that `peyvand keys rotate` wrote"
    )]
    MissingTarget(u8),
    /// There are 255 keys already.
    #[error("the key ring is full (key ids go up to 255)")]
    RingFull,
    /// Retirement refused.
    #[error("{0}")]
    Refused(String),
}

impl From<DbErr> for KeysError {
    fn from(e: DbErr) -> Self {
        Self::App(e.into())
    }
}

impl From<crate::crypto::CryptoError> for KeysError {
    fn from(e: crate::crypto::CryptoError) -> Self {
        Self::App(e.into())
    }
}

/// The blind-index key id recorded by a rotation, if any.
pub async fn index_key_id(db: &impl ConnectionTrait) -> Result<Option<u8>, DbErr> {
    Ok(app_meta::Entity::find_by_id(INDEX_KEY)
        .one(db)
        .await?
        .and_then(|r| r.value.parse().ok()))
}

/// The rotation recorded, if any.
pub async fn rotation(db: &impl ConnectionTrait) -> Result<Option<Rotation>, DbErr> {
    Ok(app_meta::Entity::find_by_id(ROTATION)
        .one(db)
        .await?
        .and_then(|r| serde_json::from_str(&r.value).ok()))
}

async fn put_rotation(db: &impl ConnectionTrait, r: &Rotation) -> Result<(), DbErr> {
    crate::domain::meta::put(db, ROTATION, serde_json::to_string(r).unwrap_or_default()).await
}

/// What [`begin`] decided.
pub struct Begun {
    /// The secrets now in force (with the new key).
    pub secrets: Secrets,
    /// The rotation (fresh or resumed).
    pub rotation: Rotation,
    /// Whether a key was added to the key file now.
    pub added: bool,
}

/// Starts a rotation, or picks up an unfinished one: adds a new master key to the key file
/// at `key_file` (written whole, then renamed into place) unless a rotation to a key already
/// in the ring is pending, records the rotation and switches blind-index writes to the new
/// key. `from_env`: whether the keys came from `PEYVAND_MASTER_KEY`.
pub async fn begin(
    ctx: &AppContext,
    secrets: &Secrets,
    key_file: &Path,
    from_env: bool,
) -> Result<Begun, KeysError> {
    let newest = *secrets.master_keys.keys().max().unwrap_or(&1);
    let mut secrets = secrets.clone();
    let recorded = rotation(&ctx.db).await?;
    let index_id = index_key_id(&ctx.db)
        .await?
        .unwrap_or_else(|| *secrets.master_keys.keys().min().unwrap_or(&1));
    let (rotation, added) = match recorded {
        Some(r) if r.finished_at.is_none() => {
            if !secrets.master_keys.contains_key(&r.to) {
                return Err(KeysError::MissingTarget(r.to));
            }
            (r, false)
        }
        // A key added (by a rotation that crashed before recording itself, or by hand)
        // that indexes do not use yet: move to it.
        _ if index_id != newest || !everything_under(ctx, newest).await? => (fresh(newest), false),
        _ => {
            if from_env {
                return Err(KeysError::KeysFromEnvironment);
            }
            let id = newest.checked_add(1).ok_or(KeysError::RingFull)?;
            let key = crate::crypto::random_bytes::<MASTER_KEY_LEN>()?;
            secrets.master_keys.insert(id, Zeroizing::new(key));
            KeyFile::replace(key_file, &secrets)?;
            (fresh(id), true)
        }
    };
    let crypto = secrets.crypto().with_index_key(rotation.to);
    let txn = crate::db::begin_immediate(&ctx.db).await?;
    put_rotation(&txn, &rotation).await?;
    crate::domain::meta::put(&txn, INDEX_KEY, rotation.to.to_string()).await?;
    crate::domain::meta::put(&txn, KEY_CHECK, crypto.key_check()).await?;
    if rotation.cursors.is_empty() && !rotation.contact_done {
        audit::record(
            &txn,
            &crypto,
            event(
                AuditAction::KeysRotate,
                serde_json::json!({ "to": rotation.to, "added": added }),
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(Begun {
        secrets,
        rotation,
        added,
    })
}

fn fresh(to: u8) -> Rotation {
    Rotation {
        to,
        started_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        ..Rotation::default()
    }
}

pub(super) fn event(action: AuditAction, details: serde_json::Value) -> NewEvent {
    NewEvent {
        actor: Actor::Cli,
        action,
        subject: Subject::Keys,
        details,
    }
}

/// Progress reporting (a progress bar on the command line; nothing in tests).
pub trait Progress: Send + Sync {
    /// The total number of rows is known.
    fn total(&self, rows: u64);
    /// `rows` more are done.
    fn advance(&self, rows: u64);
}

impl Progress for () {
    fn total(&self, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// Options of [`run`].
#[derive(Debug, Clone, Copy)]
pub struct RunOptions {
    /// Rows per transaction.
    pub batch: u64,
    /// Pause between batches (leaves the database to the server on a busy machine).
    pub pause: std::time::Duration,
}

impl Default for RunOptions {
    fn default() -> Self {
        Self {
            batch: 1000,
            pause: std::time::Duration::ZERO,
        }
    }
}

/// The email rules the address indexes are computed with.
async fn email_rules(ctx: &AppContext) -> Result<HashMap<String, EmailRule>, AppError> {
    Ok(crate::services::petitions::sign::settings(ctx)
        .await?
        .rules()
        .clone())
}

/// Recomputes an address's blind index under the writing key: the canonical form whose
/// index under one of the ring's keys is `stored` (today's rules, then the address as
/// stored), or today's canonical form when neither gives it (counted).
struct Reindexer<'a> {
    crypto: &'a Crypto,
    rules: HashMap<String, EmailRule>,
    ids: Vec<u8>,
    recanonicalised: u64,
}

impl Reindexer<'_> {
    fn pick(&mut self, purpose: &str, candidates: &[String], stored: &str) -> String {
        if stored.is_empty() {
            return String::new();
        }
        let chosen = candidates.iter().find(|c| {
            self.ids.iter().any(|id| {
                self.crypto
                    .blind_index_with(*id, purpose, c)
                    .is_some_and(|b| b.to_hex() == stored)
            })
        });
        let value = chosen.or(candidates.first()).cloned().unwrap_or_default();
        if chosen.is_none() {
            self.recanonicalised += 1;
        }
        self.crypto.blind_index(purpose, &value).to_hex()
    }

    fn email(&mut self, purpose: &str, address: &str, stored: &str) -> String {
        let mut c = Vec::new();
        if let Ok(e) = signer_email(address, &self.rules) {
            c.push(e.canonical);
        }
        c.push(address.to_owned());
        c.push(address.trim().to_lowercase());
        self.pick(purpose, &c, stored)
    }

    fn domain(&mut self, address: &str, stored: &str) -> String {
        let mut c = Vec::new();
        if let Ok(e) = signer_email(address, &self.rules) {
            c.push(e.domain);
        }
        if let Some((_, d)) = address.rsplit_once('@') {
            c.push(d.to_lowercase());
        }
        self.pick(SIG_DOMAIN, &c, stored)
    }
}

fn open(crypto: &Crypto, contexts: &[&str], sealed: &[u8]) -> Result<(Vec<u8>, usize), AppError> {
    let mut last = crate::crypto::CryptoError::Malformed;
    for (i, c) in contexts.iter().enumerate() {
        match crypto.decrypt(c, sealed) {
            Ok(p) => return Ok((p, i)),
            Err(e) => last = e,
        }
    }
    Err(last.into())
}

/// What a row's new values are.
struct Rekeyed {
    sealed: Vec<Option<Vec<u8>>>,
    indexes: Vec<String>,
    resealed: u64,
    reindexed: u64,
}

/// Maps of old blind indexes to new ones the contact phase builds (requesters' addresses).
type IndexMap = HashMap<String, String>;

fn rekey_row(
    t: &Table,
    row: &Row,
    re: &mut Reindexer<'_>,
    to: u8,
    contact_map: &mut IndexMap,
) -> Result<Option<Rekeyed>, AppError> {
    let crypto = re.crypto;
    let stale = row
        .sealed
        .iter()
        .flatten()
        .any(|s| Crypto::sealed_key_id(s) != Some(to));
    if !stale {
        return Ok(None);
    }
    let mut out = Rekeyed {
        sealed: Vec::with_capacity(row.sealed.len()),
        indexes: row.indexes.clone(),
        resealed: 0,
        reindexed: 0,
    };
    for (c, value) in t.columns.iter().zip(&row.sealed) {
        let Some(sealed) = value else {
            out.sealed.push(None);
            continue;
        };
        let (mut plain, which) = open(crypto, c.contexts, sealed)?;
        let context = c.contexts[which];
        match (t.extra, c.name) {
            (Extra::Signature, "email_enc") => {
                let address = String::from_utf8_lossy(&plain).into_owned();
                out.indexes[0] = re.email(SIG_EMAIL, &address, &row.indexes[0]);
                out.indexes[1] = re.domain(&address, &row.indexes[1]);
                out.reindexed += 2;
            }
            (Extra::Staff, "email_enc") => {
                let address = String::from_utf8_lossy(&plain).into_owned();
                out.indexes[0] = re.email(STAFF_EMAIL, &address, &row.indexes[0]);
                out.reindexed += 1;
            }
            (Extra::Attempt, _) => {
                let mut v: serde_json::Value = serde_json::from_slice(&plain)
                    .map_err(|_| crate::crypto::CryptoError::Malformed)?;
                let address = v["email"].as_str().unwrap_or_default().to_owned();
                let old_email = v["email_index"].as_str().unwrap_or_default().to_owned();
                let old_domain = v["domain_index"].as_str().unwrap_or_default().to_owned();
                v["email_index"] = re.email(SIG_EMAIL, &address, &old_email).into();
                v["domain_index"] = re.domain(&address, &old_domain).into();
                out.reindexed += 2;
                plain = serde_json::to_vec(&v).unwrap_or_default();
            }
            _ => {}
        }
        if t.name == "contact_requests" && c.name == "requester_enc" {
            let v: serde_json::Value = serde_json::from_slice(&plain)
                .map_err(|_| crate::crypto::CryptoError::Malformed)?;
            let address = v["email"].as_str().unwrap_or_default();
            let new = re.email(CONTACT_EMAIL, address, &row.indexes[0]);
            contact_map.insert(row.indexes[0].clone(), new.clone());
            out.indexes[0] = new;
            out.reindexed += 1;
        }
        if t.name == "registrations" && c.name == "data_enc" {
            let v: serde_json::Value = serde_json::from_slice(&plain)
                .map_err(|_| crate::crypto::CryptoError::Malformed)?;
            let address = v["email"].as_str().unwrap_or_default();
            out.indexes[0] = re.email(CONTACT_EMAIL, address, &row.indexes[0]);
            out.reindexed += 1;
        }
        if t.name == "registrations" && c.name == "rules_enc" {
            let mut v: serde_json::Value = serde_json::from_slice(&plain)
                .map_err(|_| crate::crypto::CryptoError::Malformed)?;
            if let Some(keys) = v
                .get_mut("deny_requester_keys")
                .and_then(|k| k.as_array_mut())
            {
                for k in keys.iter_mut() {
                    if let Some(new) = k.as_str().and_then(|s| contact_map.get(s)) {
                        *k = new.clone().into();
                        out.reindexed += 1;
                    }
                }
            }
            plain = serde_json::to_vec(&v).unwrap_or_default();
        }
        out.sealed.push(Some(crypto.encrypt(context, &plain)?));
        out.resealed += 1;
    }
    Ok(Some(out))
}

async fn write_row(
    db: &impl ConnectionTrait,
    t: &Table,
    id: i64,
    new: &Rekeyed,
) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut sets = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    for (c, v) in t.columns.iter().zip(&new.sealed) {
        let Some(v) = v else { continue };
        values.push(if c.text {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.encode(v).into()
        } else {
            v.clone().into()
        });
        sets.push(format!("{} = {}", c.name, ph(backend, values.len())));
    }
    for (c, v) in index_columns(t).iter().zip(&new.indexes) {
        values.push(v.clone().into());
        sets.push(format!("{c} = {}", ph(backend, values.len())));
    }
    values.push(id.into());
    let sql = format!(
        "UPDATE {} SET {} WHERE id = {}",
        t.name,
        sets.join(", "),
        ph(backend, values.len())
    );
    db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    Ok(())
}

async fn count_after(db: &impl ConnectionTrait, table: &str, after: i64) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT COUNT(*) AS n FROM {table} WHERE id > {}",
                ph(backend, 1)
            ),
            [after.into()],
        ))
        .await?;
    Ok(row
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .map_or(0, |n| u64::try_from(n).unwrap_or(0)))
}

/// Re-keys the block/allow-list entries stored as blind indexes of signers' addresses or
/// domains, by finding a stored signature (or a known domain) that explains each.
async fn rekey_lists(
    txn: &impl ConnectionTrait,
    re: &mut Reindexer<'_>,
    domains: &[String],
) -> Result<(u64, u64), AppError> {
    use crate::entities::{access_list, signature};
    use sea_orm::{ActiveModelTrait, ColumnTrait, QueryFilter, Set};
    let crypto = re.crypto;
    let sig_ctx = crate::domain::petitions::signature::context::EMAIL;
    let (mut done, mut unmapped) = (0, 0);
    for e in access_list::Entity::find().all(txn).await? {
        let kind = e.kind.as_str();
        if kind != "email" && kind != "email_domain" {
            continue;
        }
        let column = if kind == "email" {
            signature::Column::EmailIndex
        } else {
            signature::Column::EmailDomainIndex
        };
        let mut new = None;
        if let Some(s) = signature::Entity::find()
            .filter(column.eq(e.value.as_str()))
            .one(txn)
            .await?
            && let Ok(address) = crypto.decrypt_str(sig_ctx, &s.email_enc)
        {
            new = Some(if kind == "email" {
                re.email(SIG_EMAIL, &address, &e.value)
            } else {
                re.domain(&address, &e.value)
            });
        }
        if new.is_none() && kind == "email_domain" {
            new = domains.iter().find_map(|d| {
                let old = re.ids.iter().any(|id| {
                    crypto
                        .blind_index_with(*id, SIG_DOMAIN, d)
                        .is_some_and(|b| b.to_hex() == e.value)
                });
                old.then(|| crypto.blind_index(SIG_DOMAIN, d).to_hex())
            });
        }
        match new {
            Some(v) if v != e.value => {
                let mut am: access_list::ActiveModel = e.into();
                am.value = Set(v);
                am.update(txn).await?;
                done += 1;
            }
            Some(_) => {}
            None => unmapped += 1,
        }
    }
    Ok((done, unmapped))
}

/// Carries a begun rotation through to the end (or resumes it): the contact side and the
/// block lists in one transaction, then each table in batches of `opts.batch` rows, each
/// batch committed with its progress. Safe to interrupt at any point and run again.
pub async fn run(
    ctx: &AppContext,
    secrets: &Secrets,
    mut state: Rotation,
    opts: RunOptions,
    progress: &dyn Progress,
) -> Result<Rotation, KeysError> {
    let crypto = secrets.crypto().with_index_key(state.to);
    let mut re = Reindexer {
        crypto: &crypto,
        rules: email_rules(ctx).await?,
        ids: crypto.key_ids(),
        recanonicalised: 0,
    };
    let mut total = 0;
    if !state.contact_done {
        for t in CONTACT_TABLES {
            total += count_after(&ctx.db, t.name, 0).await?;
        }
    }
    for t in TABLES {
        total += count_after(&ctx.db, t.name, *state.cursors.get(t.name).unwrap_or(&0)).await?;
    }
    progress.total(total);
    if !state.contact_done {
        let mut domains: Vec<String> = re.rules.keys().cloned().collect();
        domains.extend(KNOWN_DOMAINS.iter().map(|d| (*d).to_owned()));
        let txn = crate::db::begin_immediate(&ctx.db).await?;
        let (listed, unmapped) = rekey_lists(&txn, &mut re, &domains).await?;
        state.reindexed += listed;
        state.unmapped_list_entries = unmapped;
        let mut map = IndexMap::new();
        for t in CONTACT_TABLES {
            let rows = read_rows(&txn, t, 0, None).await?;
            let n = rows.len() as u64;
            for row in rows {
                if let Some(new) = rekey_row(t, &row, &mut re, state.to, &mut map)? {
                    write_row(&txn, t, row.id, &new).await?;
                    state.resealed += new.resealed;
                    state.reindexed += new.reindexed;
                }
            }
            progress.advance(n);
        }
        state.contact_done = true;
        state.recanonicalised += std::mem::take(&mut re.recanonicalised);
        put_rotation(&txn, &state).await?;
        txn.commit().await?;
    }
    let mut none = IndexMap::new();
    for t in TABLES {
        loop {
            let after = *state.cursors.get(t.name).unwrap_or(&0);
            let rows = read_rows(&ctx.db, t, after, Some(opts.batch)).await?;
            let Some(last) = rows.last().map(|r| r.id) else {
                break;
            };
            let n = rows.len() as u64;
            let mut next = state.clone();
            let mut prepared = Vec::with_capacity(rows.len());
            for row in &rows {
                if let Some(new) = rekey_row(t, row, &mut re, state.to, &mut none)? {
                    next.resealed += new.resealed;
                    next.reindexed += new.reindexed;
                    prepared.push((row.id, new));
                }
            }
            next.recanonicalised += std::mem::take(&mut re.recanonicalised);
            next.cursors.insert(t.name.to_owned(), last);
            let txn = crate::db::begin_immediate(&ctx.db).await?;
            for (id, new) in &prepared {
                write_row(&txn, t, *id, new).await?;
            }
            put_rotation(&txn, &next).await?;
            txn.commit().await?;
            state = next;
            progress.advance(n);
            if !opts.pause.is_zero() {
                tokio::time::sleep(opts.pause).await;
            }
        }
    }
    state.finished_at = Some(chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let txn = crate::db::begin_immediate(&ctx.db).await?;
    put_rotation(&txn, &state).await?;
    audit::record(
        &txn,
        &crypto,
        event(
            AuditAction::KeysRotateFinish,
            serde_json::json!({
                "to": state.to,
                "resealed": state.resealed,
                "reindexed": state.reindexed,
                "recanonicalised": state.recanonicalised,
                "unmapped_list_entries": state.unmapped_list_entries,
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(state)
}

/// Domains whose index a block-list entry may hold without any signature from them.
const KNOWN_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "icloud.com",
    "proton.me",
    "protonmail.com",
    "gmx.de",
    "web.de",
    "mail.ru",
    "yandex.ru",
    "orange.fr",
    "free.fr",
];

/// Whether every sealed value is under key `id`.
async fn everything_under(ctx: &AppContext, id: u8) -> Result<bool, KeysError> {
    Ok(sealed_columns(&ctx.db)
        .await?
        .iter()
        .all(|c| c.by_key.keys().all(|k| *k == id)))
}
