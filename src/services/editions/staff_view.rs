//! Editions as the staff pages show them (a build whose worker stopped shown as stale),
//! and the audited download of a ready edition's bundle.

use super::{INTERRUPTED, bundle_dir, get, is_stale};
use crate::context::AppContext;
use crate::domain::audit::{AuditAction, NewEvent, Subject};
use crate::domain::petitions::edition::EditionState;
use crate::entities::edition;
use crate::error::AppError;
use crate::ids::{EditionId, PetitionId, StaffId};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

/// An edition for the staff pages.
#[derive(Debug, Clone, Serialize)]
pub struct EditionRow {
    /// Id.
    pub id: EditionId,
    /// The petition.
    pub petition_id: PetitionId,
    /// Number.
    pub number: i32,
    /// State.
    pub state: EditionState,
    /// Book language.
    pub locale: String,
    /// Cut-off (UTC).
    pub cut_off: DateTime<Utc>,
    /// Entries.
    pub total: i64,
    /// Letters.
    pub letters: i64,
    /// New since the previous edition.
    pub added: i64,
    /// Withdrawn since the previous edition.
    pub withdrawn: i64,
    /// Invalidated since the previous edition.
    pub invalidated: i64,
    /// Progress in percent while building.
    pub percent: i64,
    /// Merkle root (hex).
    pub merkle_root: Option<String>,
    /// SHA-256 of the bundle.
    pub bundle_sha256: Option<String>,
    /// Why the build failed.
    pub error: String,
    /// The state as staff see it: `stale` for a build whose worker stopped.
    pub shown_state: String,
    /// The build was interrupted (its worker stopped), rather than failing on its own.
    pub interrupted: bool,
    /// Staff may send it back to be built (failed or stale).
    pub retryable: bool,
}

impl From<edition::Model> for EditionRow {
    fn from(e: edition::Model) -> Self {
        let stale = is_stale(&e, Utc::now());
        let failed = e.state == EditionState::Failed;
        Self {
            shown_state: if stale {
                "stale".to_owned()
            } else {
                e.state.to_string()
            },
            interrupted: stale || (failed && e.error == INTERRUPTED),
            retryable: stale || failed,
            id: e.id,
            petition_id: e.petition_id,
            number: e.number,
            state: e.state,
            locale: e.locale,
            cut_off: e.cut_off,
            total: e.total,
            letters: e.letters,
            added: e.added,
            withdrawn: e.withdrawn,
            invalidated: e.invalidated,
            percent: if e.progress_total > 0 {
                e.progress_done * 100 / e.progress_total
            } else {
                0
            },
            merkle_root: e.merkle_root,
            bundle_sha256: e.bundle_sha256,
            error: e.error,
        }
    }
}

/// A petition's editions, newest first.
pub async fn list(ctx: &AppContext, petition_id: PetitionId) -> Result<Vec<EditionRow>, AppError> {
    Ok(edition::Entity::find()
        .filter(edition::Column::PetitionId.eq(petition_id))
        .order_by_desc(edition::Column::Number)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(EditionRow::from)
        .collect())
}

/// The bundle of a ready edition (file name and bytes); the download is audited.
pub async fn bundle(
    ctx: &AppContext,
    staff: StaffId,
    id: EditionId,
) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let Some(e) = get(ctx, id).await? else {
        return Ok(None);
    };
    let Some(file) = e.bundle_file.filter(|_| e.state == EditionState::Ready) else {
        return Ok(None);
    };
    let bytes = tokio::fs::read(bundle_dir(ctx).join(&file))
        .await
        .map_err(|err| AppError::Internal(format!("bundle {file}: {err}")))?;
    crate::services::audit_log::record(
        ctx,
        NewEvent::staff(
            staff,
            AuditAction::EditionDownload,
            Subject::Edition(id),
            serde_json::Value::Null,
        ),
    )
    .await?;
    Ok(Some((file, bytes)))
}
