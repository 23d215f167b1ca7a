//! The official's answer letter (#17 item 1): a scan attached to a hand-over's recorded
//! answer, sanitised like every scan and kept as it is shown (it is public: the progress
//! timeline links it). Attaching another keeps the old one, marked replaced.

use super::sanitise::{ScanError, sanitise};
use crate::context::AppContext;
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::entities::{answer_scan, edition, handover};
use crate::error::AppError;
use crate::ids::{AnswerScanId, HandoverId, PetitionId, StaffId};
use crate::services::audit_log::append;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;

/// A hand-over whose answer can get a scan, with its current scan.
#[derive(Debug, Clone)]
pub struct AnswerScanView {
    /// The hand-over.
    pub handover: handover::Model,
    /// Its edition.
    pub edition: edition::Model,
    /// The petition's URL name.
    pub slug: String,
    /// The current scan: its id, width and height.
    pub current: Option<(AnswerScanId, i32, i32)>,
}

/// The hand-over `id` of edition `edition_id` with its current answer scan.
pub async fn answer_scan_view(
    ctx: &AppContext,
    edition_id: crate::ids::EditionId,
    id: HandoverId,
) -> Result<Option<AnswerScanView>, AppError> {
    let Some(h) = handover::Entity::find_by_id(id)
        .filter(handover::Column::EditionId.eq(edition_id))
        .one(&ctx.db)
        .await?
    else {
        return Ok(None);
    };
    let Some(e) = edition::Entity::find_by_id(edition_id).one(&ctx.db).await? else {
        return Ok(None);
    };
    let slug = crate::entities::petition::Entity::find_by_id(e.petition_id)
        .one(&ctx.db)
        .await?
        .map(|p| p.slug)
        .unwrap_or_default();
    let current = answer_scan::Entity::find()
        .filter(answer_scan::Column::HandoverId.eq(id))
        .filter(answer_scan::Column::ReplacedAt.is_null())
        .one(&ctx.db)
        .await?
        .map(|s| (s.id, s.width, s.height));
    Ok(Some(AnswerScanView {
        handover: h,
        edition: e,
        slug,
        current,
    }))
}

/// Why an answer scan is not taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerScanRefusal {
    /// The hand-over has no answer recorded yet, or was removed.
    NoAnswer,
    /// The upload is not a usable image.
    Scan(ScanError),
}

impl AnswerScanRefusal {
    /// The message code (`form-error-<code>`).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::NoAnswer => "answer-scan-no-answer",
            Self::Scan(e) => e.code(),
        }
    }
}

/// Attaches the scan `upload` to the answer of hand-over `id` (of edition `edition_id`),
/// by `staff`: sanitised, stored, the previous scan marked replaced, audited — or refused
/// with nothing stored.
pub async fn attach_answer_scan(
    ctx: &AppContext,
    staff: StaffId,
    edition_id: crate::ids::EditionId,
    id: HandoverId,
    upload: Vec<u8>,
    now: DateTime<Utc>,
) -> Result<Result<AnswerScanId, AnswerScanRefusal>, AppError> {
    let Some(view) = answer_scan_view(ctx, edition_id, id).await? else {
        return Err(AppError::NotFound);
    };
    if view.handover.removed_at.is_some() || !view.handover.has_answer() {
        return Ok(Err(AnswerScanRefusal::NoAnswer));
    }
    let clean = tokio::task::spawn_blocking(move || sanitise(&upload))
        .await
        .map_err(|e| AppError::Internal(format!("scan sanitiser: {e}")))?;
    let clean = match clean {
        Ok(c) => c,
        Err(e) => return Ok(Err(AnswerScanRefusal::Scan(e))),
    };
    let txn = ctx.begin_write().await?;
    answer_scan::Entity::update_many()
        .col_expr(answer_scan::Column::ReplacedAt, Expr::value(Some(now)))
        .filter(answer_scan::Column::HandoverId.eq(id))
        .filter(answer_scan::Column::ReplacedAt.is_null())
        .exec(&*txn)
        .await?;
    let size = clean.bytes.len();
    let row = answer_scan::ActiveModel {
        handover_id: Set(id),
        image: Set(clean.bytes),
        width: Set(i32::try_from(clean.width).unwrap_or(i32::MAX)),
        height: Set(i32::try_from(clean.height).unwrap_or(i32::MAX)),
        created_by: Set(staff),
        created_at: Set(now),
        replaced_at: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    append(
        &txn,
        ctx,
        Actor::Staff(staff),
        AuditAction::EditionHandoverAnswerScan,
        Subject::Edition(edition_id),
        serde_json::json!({ "handover": id, "scan": row.id, "bytes": size }),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(row.id))
}

/// The current answer scans of the given hand-overs.
pub async fn current_answer_scans(
    db: &impl ConnectionTrait,
    ids: Vec<HandoverId>,
) -> Result<HashMap<HandoverId, AnswerScanId>, AppError> {
    use sea_orm::QuerySelect;
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<(AnswerScanId, HandoverId)> = answer_scan::Entity::find()
            .select_only()
            .column(answer_scan::Column::Id)
            .column(answer_scan::Column::HandoverId)
            .filter(answer_scan::Column::HandoverId.is_in(chunk.to_vec()))
            .filter(answer_scan::Column::ReplacedAt.is_null())
            .into_tuple()
            .all(db)
            .await?;
        out.extend(rows.into_iter().map(|(s, h)| (h, s)));
    }
    Ok(out)
}

/// The JPEG of answer scan `id`, when it is the current scan of a recorded (not removed)
/// answer to a hand-over of an edition of `petition_id`; `None` otherwise (a replaced scan,
/// another petition's, or no such scan all answer alike).
pub async fn public_answer_scan(
    ctx: &AppContext,
    petition_id: PetitionId,
    id: AnswerScanId,
) -> Result<Option<Vec<u8>>, AppError> {
    let Some(scan) = answer_scan::Entity::find_by_id(id)
        .filter(answer_scan::Column::ReplacedAt.is_null())
        .one(&ctx.db)
        .await?
    else {
        return Ok(None);
    };
    let Some(h) = handover::Entity::find_by_id(scan.handover_id)
        .filter(handover::Column::RemovedAt.is_null())
        .one(&ctx.db)
        .await?
    else {
        return Ok(None);
    };
    let shown = h.has_answer()
        && edition::Entity::find_by_id(h.edition_id)
            .filter(edition::Column::PetitionId.eq(petition_id))
            .one(&ctx.db)
            .await?
            .is_some();
    Ok(shown.then_some(scan.image))
}
