//! Letters on paper (#16 item 3): a handwritten letter collected with a paper signature is
//! typed in, or its scan attached (sanitised, then sealed like the letter's text), or both,
//! against its sheet and line while the batch waits for its check. It then waits for
//! moderation like an online letter, and reaches the book only once the batch is checked
//! (a pending paper signature is never frozen into an edition).

use super::sanitise::{CleanScan, ScanError, sanitise};
use crate::context::AppContext;
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::domain::petitions::paper::BatchState;
use crate::domain::petitions::signature::{LetterState, clean_letter, context};
use crate::entities::{letter_scan, paper_batch, signature};
use crate::error::AppError;
use crate::ids::{PaperBatchId, PetitionId, SignatureId, StaffId};
use crate::services::audit_log::append;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::HashMap;

/// The sealing context of a letter's scan.
pub const SCAN_CONTEXT: &str = "signature.scan";

/// A letter on paper as the organiser gives it.
#[derive(Debug, Clone)]
pub struct PaperLetter {
    /// The batch.
    pub batch_id: PaperBatchId,
    /// Sheet number of the signer's line.
    pub sheet: String,
    /// Line on the sheet.
    pub line: String,
    /// The letter typed in (may be empty when a scan is attached).
    pub text: String,
    /// The uploaded scan, as sent.
    pub scan: Option<Vec<u8>>,
}

/// A refused letter: the field and its message code (`form-error-<code>`).
pub type Refusal = Vec<(&'static str, &'static str)>;

/// A letter on paper of a batch, as listed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BatchLetter {
    /// The signature.
    pub signature: SignatureId,
    /// Sheet number.
    pub sheet: i32,
    /// Line.
    pub line: i32,
    /// The typed text (empty when only scanned).
    pub text: String,
    /// Whether a scan is attached.
    pub scan: bool,
    /// Moderation state.
    pub state: LetterState,
}

/// The batch of `petition_id` with id `batch`, if any.
async fn batch_of(
    db: &impl ConnectionTrait,
    petition_id: PetitionId,
    batch: PaperBatchId,
) -> Result<Option<paper_batch::Model>, AppError> {
    Ok(paper_batch::Entity::find_by_id(batch)
        .filter(paper_batch::Column::PetitionId.eq(petition_id))
        .one(db)
        .await?)
}

/// Sanitises a scan off the async threads (decoding takes a while).
async fn sanitised(bytes: Vec<u8>) -> Result<Result<CleanScan, ScanError>, AppError> {
    tokio::task::spawn_blocking(move || sanitise(&bytes))
        .await
        .map_err(|e| AppError::Internal(format!("scan sanitiser: {e}")))
}

/// Adds a letter on paper to the signature on `input`'s sheet and line, typed by `staff`:
/// its text (checked as an online letter is) and its sanitised, sealed scan, pending
/// moderation. Refused, with nothing stored, when the batch is not waiting for its check,
/// no line of the batch has that sheet and line, the line already has a letter, neither a
/// text nor a scan is given, or the scan is not taken. `Ok(Err(_))` lists every problem.
pub async fn add_paper_letter(
    ctx: &AppContext,
    staff: StaffId,
    petition_id: PetitionId,
    input: PaperLetter,
    now: DateTime<Utc>,
) -> Result<Result<SignatureId, Refusal>, AppError> {
    let Some(batch) = batch_of(&ctx.db, petition_id, input.batch_id).await? else {
        return Err(AppError::NotFound);
    };
    let mut refusal: Refusal = Vec::new();
    if batch.state != BatchState::Pending {
        refusal.push(("sheet", "paper-letter-batch-closed"));
        return Ok(Err(refusal));
    }
    let number = |s: &str| s.trim().parse::<i32>().ok().filter(|n| *n > 0);
    let (sheet, line) = (number(&input.sheet), number(&input.line));
    if sheet.is_none() {
        refusal.push(("sheet", "invalid-number"));
    }
    if line.is_none() {
        refusal.push(("line", "invalid-number"));
    }
    let text = match clean_letter(&input.text) {
        Ok(t) => Some(t),
        Err(p) => {
            refusal.push(("text", p.code()));
            None
        }
    };
    let scan = match input.scan {
        Some(bytes) => match sanitised(bytes).await? {
            Ok(clean) => Some(clean),
            Err(e) => {
                refusal.push(("scan", e.code()));
                None
            }
        },
        None => None,
    };
    if refusal.is_empty() && text.as_deref() == Some("") && scan.is_none() {
        refusal.push(("text", "paper-letter-empty"));
    }
    let target = match (sheet, line) {
        (Some(sheet), Some(line)) => {
            signature::Entity::find()
                .filter(signature::Column::PaperBatchId.eq(batch.id))
                .filter(signature::Column::SheetNumber.eq(sheet))
                .filter(signature::Column::SheetLine.eq(line))
                .one(&ctx.db)
                .await?
        }
        _ => None,
    };
    match &target {
        None if sheet.is_some() && line.is_some() => {
            refusal.push(("line", "paper-letter-no-line"));
        }
        Some(s) if s.letter_state != LetterState::None => {
            refusal.push(("line", "paper-letter-exists"));
        }
        _ => {}
    }
    let (Some(target), Some(text), true) = (target, text, refusal.is_empty()) else {
        return Ok(Err(refusal));
    };
    // Seal before taking the write lock.
    let letter_enc = ctx.crypto.encrypt_str(context::LETTER, &text)?;
    let image_enc = match &scan {
        Some(s) => Some(ctx.crypto.encrypt(SCAN_CONTEXT, &s.bytes)?),
        None => None,
    };
    let txn = ctx.begin_write().await?;
    // Only while the batch is still pending and the line has no letter: a check or a
    // colleague's letter meanwhile refuses this one.
    let open = paper_batch::Entity::find_by_id(batch.id)
        .filter(paper_batch::Column::State.eq(BatchState::Pending))
        .one(&*txn)
        .await?
        .is_some();
    let set = open
        && signature::Entity::update_many()
            .col_expr(signature::Column::LetterEnc, Expr::value(Some(letter_enc)))
            .col_expr(
                signature::Column::LetterState,
                Expr::value(LetterState::Pending),
            )
            .filter(signature::Column::Id.eq(target.id))
            .filter(signature::Column::LetterState.eq(LetterState::None))
            .exec(&*txn)
            .await?
            .rows_affected
            == 1;
    if !set {
        drop(txn);
        return Ok(Err(vec![if open {
            ("line", "paper-letter-exists")
        } else {
            ("sheet", "paper-letter-batch-closed")
        }]));
    }
    if let (Some(clean), Some(image_enc)) = (&scan, image_enc) {
        letter_scan::ActiveModel {
            signature_id: Set(target.id),
            image_enc: Set(Some(image_enc)),
            width: Set(i32::try_from(clean.width).unwrap_or(i32::MAX)),
            height: Set(i32::try_from(clean.height).unwrap_or(i32::MAX)),
            entered_by: Set(staff),
            created_at: Set(now),
            erased_at: Set(None),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
    }
    append(
        &txn,
        ctx,
        Actor::Staff(staff),
        AuditAction::PaperLetterAdd,
        Subject::Signature(target.id),
        serde_json::json!({
            "batch": batch.id,
            "sheet": target.sheet_number,
            "line": target.sheet_line,
            "typed": !text.is_empty(),
            "scan": scan.as_ref().map(|s| s.bytes.len()),
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(target.id))
}

/// The letters on paper of a batch, by sheet and line, their texts opened for `staff` (the
/// read is audited as `letters.view`).
pub async fn batch_letters(
    ctx: &AppContext,
    staff: StaffId,
    petition_id: PetitionId,
    batch: PaperBatchId,
) -> Result<Option<(paper_batch::Model, Vec<BatchLetter>)>, AppError> {
    use sea_orm::QueryOrder;
    let Some(b) = batch_of(&ctx.db, petition_id, batch).await? else {
        return Ok(None);
    };
    let sigs = signature::Entity::find()
        .filter(signature::Column::PaperBatchId.eq(batch))
        .filter(signature::Column::LetterState.ne(LetterState::None))
        .order_by_asc(signature::Column::SheetNumber)
        .order_by_asc(signature::Column::SheetLine)
        .all(&ctx.db)
        .await?;
    let scanned = with_scan(&ctx.db, sigs.iter().map(|s| s.id).collect()).await?;
    let mut out = Vec::with_capacity(sigs.len());
    for s in sigs {
        let text = match &s.letter_enc {
            Some(l) => ctx.crypto.decrypt_str(context::LETTER, l)?,
            None => String::new(),
        };
        out.push(BatchLetter {
            signature: s.id,
            sheet: s.sheet_number.unwrap_or_default(),
            line: s.sheet_line.unwrap_or_default(),
            text,
            scan: scanned.contains_key(&s.id),
            state: s.letter_state,
        });
    }
    if !out.is_empty() {
        crate::services::audit_log::record(
            ctx,
            crate::domain::audit::NewEvent::staff(
                staff,
                AuditAction::LettersView,
                Subject::PaperBatch(batch),
                serde_json::json!({ "letters": out.iter().map(|l| l.signature).collect::<Vec<_>>() }),
            ),
        )
        .await?;
    }
    Ok(Some((b, out)))
}

/// Which of `ids` have a (not erased) scan, with its size in pixels.
pub async fn with_scan(
    db: &impl ConnectionTrait,
    ids: Vec<SignatureId>,
) -> Result<HashMap<SignatureId, (i32, i32)>, AppError> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(500) {
        use sea_orm::QuerySelect;
        let rows: Vec<(SignatureId, i32, i32)> = letter_scan::Entity::find()
            .select_only()
            .column(letter_scan::Column::SignatureId)
            .column(letter_scan::Column::Width)
            .column(letter_scan::Column::Height)
            .filter(letter_scan::Column::SignatureId.is_in(chunk.to_vec()))
            .filter(letter_scan::Column::ImageEnc.is_not_null())
            .into_tuple()
            .all(db)
            .await?;
        out.extend(rows.into_iter().map(|(id, w, h)| (id, (w, h))));
    }
    Ok(out)
}

/// The scan of the letter of signature `id` of `petition_id`, opened, for a staff member
/// (the read is audited); `None` when there is none.
pub async fn letter_scan(
    ctx: &AppContext,
    staff: StaffId,
    petition_id: PetitionId,
    id: SignatureId,
) -> Result<Option<Vec<u8>>, AppError> {
    let Some(sig) = signature::Entity::find_by_id(id)
        .filter(signature::Column::PetitionId.eq(petition_id))
        .one(&ctx.db)
        .await?
    else {
        return Ok(None);
    };
    let Some(sealed) = letter_scan::Entity::find()
        .filter(letter_scan::Column::SignatureId.eq(sig.id))
        .one(&ctx.db)
        .await?
        .and_then(|s| s.image_enc)
    else {
        return Ok(None);
    };
    let image = ctx.crypto.decrypt(SCAN_CONTEXT, &sealed)?;
    crate::services::audit_log::record(
        ctx,
        crate::domain::audit::NewEvent::staff(
            staff,
            AuditAction::PaperLetterScanView,
            Subject::Signature(sig.id),
            serde_json::Value::Null,
        ),
    )
    .await?;
    Ok(Some(image))
}

/// The scans of the given signatures, opened, for the book (the edition builder): each
/// JPEG with its width and height.
pub async fn scans_for_book(
    ctx: &AppContext,
    ids: Vec<SignatureId>,
) -> Result<HashMap<SignatureId, (Vec<u8>, u32, u32)>, AppError> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(100) {
        let rows = letter_scan::Entity::find()
            .filter(letter_scan::Column::SignatureId.is_in(chunk.to_vec()))
            .filter(letter_scan::Column::ImageEnc.is_not_null())
            .all(&ctx.db)
            .await?;
        for r in rows {
            if let Some(sealed) = r.image_enc {
                let size = |v: i32| u32::try_from(v).unwrap_or(0);
                out.insert(
                    r.signature_id,
                    (
                        ctx.crypto.decrypt(SCAN_CONTEXT, &sealed)?,
                        size(r.width),
                        size(r.height),
                    ),
                );
            }
        }
    }
    Ok(out)
}

/// Erases the scans of the letters of `petition_id`'s signatures (the retention schedule),
/// inside the caller's transaction; the rows stay as tombstones. Returns how many.
pub async fn erase_for_petition(
    db: &impl ConnectionTrait,
    petition_id: PetitionId,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    use sea_orm::sea_query::Query;
    let ids = Query::select()
        .column(signature::Column::Id)
        .from(signature::Entity)
        .and_where(signature::Column::PetitionId.eq(petition_id))
        .to_owned();
    Ok(letter_scan::Entity::update_many()
        .col_expr(
            letter_scan::Column::ImageEnc,
            Expr::value(Option::<Vec<u8>>::None),
        )
        .col_expr(letter_scan::Column::ErasedAt, Expr::value(Some(now)))
        .filter(letter_scan::Column::SignatureId.in_subquery(ids))
        .filter(letter_scan::Column::ImageEnc.is_not_null())
        .exec(db)
        .await?
        .rows_affected)
}
