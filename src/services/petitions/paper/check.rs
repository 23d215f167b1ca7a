//! Checking a batch: what the second staff member reads (every line, with its likely
//! duplicates among the petition's other signatures, online or paper, by email or by
//! name, city and country — shown, never merged), and what the approved check does
//! (the batch's signatures count from then on) or a rejection (they never count).

use crate::context::AppContext;
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::domain::people::relationship::Relationship;
use crate::domain::petitions::paper::BatchState;
use crate::domain::petitions::signature::{BookDisclosure, SignatureState, context};
use crate::entities::{paper_batch, signature};
use crate::error::AppError;
use crate::ids::{ApprovalId, PaperBatchId, PetitionId, StaffId};
use crate::services::audit_log::append;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use serde::Serialize;
use std::collections::HashMap;

/// A batch in a petition's list.
#[derive(Debug, Clone, Serialize)]
pub struct BatchRow {
    /// The batch.
    pub id: PaperBatchId,
    /// Its state.
    pub state: BatchState,
    /// Where and when collected.
    pub collected_where: String,
    /// `YYYY-MM-DD`.
    pub collected_on: String,
    /// Signatures in it.
    pub lines: i32,
    /// Who typed it in.
    pub entered_by: StaffId,
    /// Who checked it.
    pub checked_by: Option<StaffId>,
    /// Its four-eyes proposal.
    pub approval_id: Option<ApprovalId>,
}

/// One line of a batch, as the checker reads it.
#[derive(Debug, Clone, Serialize)]
pub struct BatchLine {
    /// Sheet number.
    pub sheet: i32,
    /// Line.
    pub line: i32,
    /// Name.
    pub name: String,
    /// City.
    pub city: String,
    /// Country code.
    pub country: String,
    /// Relationship.
    pub relationship: Relationship,
    /// Email (empty when none).
    pub email: String,
    /// Officials' copy disclosure.
    pub disclosure: BookDisclosure,
    /// The receipt code printed on the line.
    pub receipt: String,
    /// Other signatures of the petition with the same canonical email.
    pub same_email: usize,
    /// Other signatures of the petition with the same name, city and country.
    pub same_name: usize,
}

/// A batch with its lines.
#[derive(Debug, Clone, Serialize)]
pub struct BatchView {
    /// The batch.
    pub batch: BatchRow,
    /// Its lines, by sheet and line.
    pub lines: Vec<BatchLine>,
    /// Lines with a likely duplicate.
    pub likely_duplicates: usize,
}

fn row_of(b: paper_batch::Model) -> BatchRow {
    BatchRow {
        id: b.id,
        state: b.state,
        collected_where: b.collected_where,
        collected_on: b.collected_on,
        lines: b.lines,
        entered_by: b.entered_by,
        checked_by: b.checked_by,
        approval_id: b.approval_id,
    }
}

/// A petition's batches, newest first (audited as `paper.batches.view`).
pub async fn batches(
    ctx: &AppContext,
    staff: StaffId,
    petition_id: PetitionId,
) -> Result<Vec<BatchRow>, AppError> {
    let rows = paper_batch::Entity::find()
        .filter(paper_batch::Column::PetitionId.eq(petition_id))
        .order_by_desc(paper_batch::Column::Id)
        .all(&ctx.db)
        .await?;
    let txn = ctx.begin_write().await?;
    append(
        &txn,
        ctx,
        Actor::Staff(staff),
        AuditAction::PaperBatchesView,
        Subject::Petition(petition_id),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(rows.into_iter().map(row_of).collect())
}

/// Counts of the petition's signatures (outside `batch`, not withdrawn or invalidated)
/// per value of `column`, for the given values.
async fn others(
    ctx: &AppContext,
    petition_id: PetitionId,
    batch: PaperBatchId,
    column: signature::Column,
    values: Vec<String>,
) -> Result<HashMap<String, usize>, AppError> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for chunk in values.chunks(500) {
        let found: Vec<String> = signature::Entity::find()
            .select_only()
            .column(column)
            .filter(signature::Column::PetitionId.eq(petition_id))
            .filter(column.is_in(chunk.to_vec()))
            .filter(
                signature::Column::State.is_in([SignatureState::Pending, SignatureState::Verified]),
            )
            .filter(
                sea_orm::Condition::any()
                    .add(signature::Column::PaperBatchId.ne(batch))
                    .add(signature::Column::PaperBatchId.is_null()),
            )
            .into_tuple()
            .all(&ctx.db)
            .await?;
        for v in found {
            *counts.entry(v).or_default() += 1;
        }
    }
    Ok(counts)
}

/// A batch of `petition_id` with every line decrypted and its likely duplicates (audited
/// as `paper.batch.view`: staff read personal data). `None` when there is no such batch.
pub async fn batch_view(
    ctx: &AppContext,
    staff: StaffId,
    petition_id: PetitionId,
    id: PaperBatchId,
) -> Result<Option<BatchView>, AppError> {
    let Some(batch) = paper_batch::Entity::find_by_id(id)
        .filter(paper_batch::Column::PetitionId.eq(petition_id))
        .one(&ctx.db)
        .await?
    else {
        return Ok(None);
    };
    let sigs = signature::Entity::find()
        .filter(signature::Column::PaperBatchId.eq(id))
        .order_by_asc(signature::Column::SheetNumber)
        .order_by_asc(signature::Column::SheetLine)
        .all(&ctx.db)
        .await?;
    let emails: Vec<String> = sigs
        .iter()
        .filter(|s| !s.email_index.is_empty())
        .map(|s| s.email_index.clone())
        .collect();
    let names: Vec<String> = sigs.iter().filter_map(|s| s.name_index.clone()).collect();
    let mut by_email = others(ctx, petition_id, id, signature::Column::EmailIndex, emails).await?;
    let mut by_name = others(ctx, petition_id, id, signature::Column::NameIndex, names).await?;
    // Within the batch itself too.
    let mut inside_email: HashMap<&str, usize> = HashMap::new();
    let mut inside_name: HashMap<&str, usize> = HashMap::new();
    for s in &sigs {
        if !s.email_index.is_empty() {
            *inside_email.entry(&s.email_index).or_default() += 1;
        }
        if let Some(n) = &s.name_index {
            *inside_name.entry(n).or_default() += 1;
        }
    }
    let mut lines = Vec::with_capacity(sigs.len());
    for s in &sigs {
        let same_email = if s.email_index.is_empty() {
            0
        } else {
            by_email.remove(&s.email_index).unwrap_or(0) + inside_email[s.email_index.as_str()] - 1
        };
        let same_name = s.name_index.as_ref().map_or(0, |n| {
            by_name.get(n).copied().unwrap_or(0) + inside_name[n.as_str()] - 1
        });
        if let Some(n) = &s.name_index {
            by_name.remove(n);
        }
        let dec = |c: &str, v: &[u8]| {
            if v.is_empty() {
                Ok(String::new())
            } else {
                ctx.crypto.decrypt_str(c, v)
            }
        };
        lines.push(BatchLine {
            sheet: s.sheet_number.unwrap_or_default(),
            line: s.sheet_line.unwrap_or_default(),
            name: dec(context::NAME, &s.name_enc)?,
            city: dec(context::CITY, &s.city_enc)?,
            country: s.country.clone(),
            relationship: s.relationship,
            email: dec(context::EMAIL, &s.email_enc)?,
            disclosure: s.book_disclosure,
            receipt: s.receipt_code.clone(),
            same_email,
            same_name,
        });
    }
    let txn = ctx.begin_write().await?;
    append(
        &txn,
        ctx,
        Actor::Staff(staff),
        AuditAction::PaperBatchView,
        Subject::PaperBatch(id),
        serde_json::json!({ "lines": lines.len() }),
    )
    .await?;
    txn.commit().await?;
    let likely_duplicates = lines
        .iter()
        .filter(|l| l.same_email > 0 || l.same_name > 0)
        .count();
    Ok(Some(BatchView {
        batch: row_of(batch),
        lines,
        likely_duplicates,
    }))
}

/// Runs an approved check inside the decision's transaction: the batch's pending
/// signatures become verified (they count from now), checked by `checker`. Returns
/// `false` (nothing written) when the batch is no longer pending.
pub async fn run_approved(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    checker: StaffId,
    batch_id: PaperBatchId,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let moved = paper_batch::Entity::update_many()
        .col_expr(paper_batch::Column::State, Expr::value(BatchState::Checked))
        .col_expr(paper_batch::Column::CheckedBy, Expr::value(checker))
        .col_expr(paper_batch::Column::CheckedAt, Expr::value(now))
        .filter(paper_batch::Column::Id.eq(batch_id))
        .filter(paper_batch::Column::State.eq(BatchState::Pending))
        .exec(txn)
        .await?;
    if moved.rows_affected != 1 {
        return Ok(false);
    }
    let verified = signature::Entity::update_many()
        .col_expr(
            signature::Column::State,
            Expr::value(SignatureState::Verified),
        )
        .col_expr(signature::Column::VerifiedAt, Expr::value(now))
        .col_expr(signature::Column::CheckedBy, Expr::value(checker))
        .filter(signature::Column::PaperBatchId.eq(batch_id))
        .filter(signature::Column::State.eq(SignatureState::Pending))
        .exec(txn)
        .await?;
    append(
        txn,
        ctx,
        Actor::Staff(checker),
        AuditAction::PaperBatchCheck,
        Subject::PaperBatch(batch_id),
        serde_json::json!({ "verified": verified.rows_affected }),
    )
    .await?;
    if let Some(b) = paper_batch::Entity::find_by_id(batch_id).one(txn).await? {
        ctx.counts_cache_forget(b.petition_id);
    }
    Ok(true)
}

/// Records a rejected check inside the decision's transaction: the batch is rejected and
/// its signatures never count (they stay, pending, for the record; their sheets stay used).
pub async fn reject(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    checker: StaffId,
    batch_id: PaperBatchId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    paper_batch::Entity::update_many()
        .col_expr(
            paper_batch::Column::State,
            Expr::value(BatchState::Rejected),
        )
        .col_expr(paper_batch::Column::CheckedBy, Expr::value(checker))
        .col_expr(paper_batch::Column::CheckedAt, Expr::value(now))
        .filter(paper_batch::Column::Id.eq(batch_id))
        .filter(paper_batch::Column::State.eq(BatchState::Pending))
        .exec(txn)
        .await?;
    append(
        txn,
        ctx,
        Actor::Staff(checker),
        AuditAction::PaperBatchReject,
        Subject::PaperBatch(batch_id),
        serde_json::Value::Null,
    )
    .await?;
    Ok(())
}
