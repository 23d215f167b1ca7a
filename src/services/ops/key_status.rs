//! What `peyvand keys status` reports (sealed values per column and key, the rotation's
//! progress, whether an old key can be retired) and the retirement of an old master key.

use super::key_tables::{ColumnStatus, sealed_columns};
use super::keys::{KEY_CHECK, KeysError, Rotation, event, rotation};
use crate::context::AppContext;
use crate::crypto::{HashingKeys, KeyFile, Secrets};
use crate::domain::audit::{self, AuditAction};
use serde::Serialize;
use std::path::Path;

/// What `peyvand keys status` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    /// Key ids in the ring.
    pub ring: Vec<u8>,
    /// The id new values are sealed with.
    pub encrypting: u8,
    /// The id blind indexes are written with.
    pub indexing: u8,
    /// The rotation recorded, if any.
    pub rotation: Option<Rotation>,
    /// Sealed values per column and key.
    pub columns: Vec<ColumnStatus>,
    /// Whether the IP/token/audit keys are kept apart from the master keys (after a
    /// retirement).
    pub hashing_retained: bool,
}

impl Status {
    /// Sealed values still under key `id`.
    #[must_use]
    pub fn sealed_with(&self, id: u8) -> u64 {
        self.columns
            .iter()
            .map(|c| c.by_key.get(&id).copied().unwrap_or(0))
            .sum()
    }

    /// Why key `id` cannot be retired yet (`None`: it can).
    #[must_use]
    pub fn retire_blocker(&self, id: u8) -> Option<String> {
        if !self.ring.contains(&id) {
            return Some(format!("there is no key {id} in the ring"));
        }
        if id == self.encrypting || id == self.indexing {
            return Some(format!(
                "key {id} is the one in use; run `peyvand keys rotate` first"
            ));
        }
        if let Some(r) = &self.rotation
            && r.finished_at.is_none()
        {
            return Some(format!(
                "the rotation to key {} is not finished; run `peyvand keys rotate` to resume it",
                r.to
            ));
        }
        let n = self.sealed_with(id);
        (n > 0).then(|| {
            format!(
                "{n} sealed values still use key {id} (written by an instance that was not restarted after the key was added?); run `peyvand keys rotate` again"
            )
        })
    }
}

/// The key ring's state: which key each kind of value uses, and the rotation's progress.
pub async fn status(ctx: &AppContext, secrets: &Secrets) -> Result<Status, KeysError> {
    Ok(Status {
        ring: ctx.crypto.key_ids(),
        encrypting: ctx.crypto.current_key_id(),
        indexing: ctx.crypto.index_key_id(),
        rotation: rotation(&ctx.db).await?,
        columns: sealed_columns(&ctx.db).await?,
        hashing_retained: secrets.hashing.is_some(),
    })
}

/// Retires master key `id`: refused while anything uses it ([`Status::retire_blocker`]).
/// When it is the key the IP, token and audit keys were derived from, those derived keys
/// (never the master key) are kept in the key file. The database's key check is updated
/// first, then the key file is replaced whole.
pub async fn retire(
    ctx: &AppContext,
    secrets: &Secrets,
    key_file: &Path,
    id: u8,
    from_env: bool,
) -> Result<Secrets, KeysError> {
    let st = status(ctx, secrets).await?;
    if let Some(why) = st.retire_blocker(id) {
        return Err(KeysError::Refused(format!(
            "key {id} cannot be retired: {why}"
        )));
    }
    if from_env {
        return Err(KeysError::KeysFromEnvironment);
    }
    let mut next = secrets.clone();
    let lowest = *secrets.master_keys.keys().min().unwrap_or(&id);
    if next.hashing.is_none() && lowest == id {
        next.hashing = Some(HashingKeys::derive_from(&secrets.master_keys[&id]));
    }
    next.master_keys.remove(&id);
    let crypto = next.crypto().with_index_key(st.indexing);
    let txn = crate::db::begin_immediate(&ctx.db).await?;
    crate::domain::meta::put(&txn, KEY_CHECK, crypto.key_check()).await?;
    audit::record(
        &txn,
        &crypto,
        event(AuditAction::KeysRetire, serde_json::json!({ "key": id })),
    )
    .await?;
    txn.commit().await?;
    KeyFile::replace(key_file, &next)?;
    Ok(next)
}
