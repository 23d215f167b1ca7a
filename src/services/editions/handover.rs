//! Hand-over records: who received a ready edition, when, in what form, and what they
//! answered.

use super::get;
use crate::context::AppContext;
use crate::domain::audit::{self, AuditAction, NewEvent, Subject};
use crate::domain::petitions::edition::{EditionState, HandoverMedium};
use crate::entities::handover;
use crate::error::AppError;
use crate::ids::{EditionId, HandoverId, StaffId};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;

/// A hand-over as recorded.
#[derive(Debug, Clone)]
pub struct NewHandover {
    /// Who received it.
    pub recipient: String,
    /// Their office.
    pub office: String,
    /// The day.
    pub handed_on: NaiveDate,
    /// How.
    pub form: HandoverMedium,
    /// Their acknowledgement.
    pub acknowledgement: String,
    /// Their answer.
    pub answer: String,
}

/// Records a hand-over of a ready edition; `false` when the edition is not ready.
pub async fn record_handover(
    ctx: &AppContext,
    staff: StaffId,
    edition_id: EditionId,
    h: NewHandover,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let Some(e) = get(ctx, edition_id).await? else {
        return Err(AppError::NotFound);
    };
    if e.state != EditionState::Ready {
        return Ok(false);
    }
    let txn = ctx.begin_write().await?;
    let row = handover::ActiveModel {
        edition_id: Set(edition_id),
        recipient: Set(h.recipient.trim().to_owned()),
        office: Set(h.office.trim().to_owned()),
        handed_on: Set(h.handed_on),
        form: Set(h.form),
        acknowledgement: Set(h.acknowledgement.trim().to_owned()),
        answer: Set(h.answer.trim().to_owned()),
        created_by: Set(staff),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    // A drafted update for the signers who asked for news, for an organiser to edit and
    // send (nothing is sent without a second person's approval).
    let mut texts = crate::services::petitions::news::UpdateTexts::default();
    for locale in crate::i18n::Locale::ALL {
        use crate::i18n::TextArg;
        let date = match locale {
            crate::i18n::Locale::Fa => {
                crate::domain::contact::form::persian_digits(&row.handed_on.to_string())
            }
            _ => row.handed_on.to_string(),
        };
        let number = match locale {
            crate::i18n::Locale::Fa => {
                crate::domain::contact::form::persian_digits(&e.number.to_string())
            }
            _ => e.number.to_string(),
        };
        texts
            .subject
            .insert(locale.code(), locale.t("news-handover-subject"));
        texts.body.insert(
            locale.code(),
            locale.t_args(
                "news-handover-body",
                &[
                    ("date", TextArg::Str(&date)),
                    ("number", TextArg::Str(&number)),
                    ("office", TextArg::Str(&row.office)),
                ],
            ),
        );
    }
    crate::services::petitions::news::draft_in(
        &txn,
        ctx,
        staff,
        e.petition_id,
        &texts,
        crate::domain::petitions::news::UpdateOrigin::Handover,
        now,
    )
    .await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            staff,
            AuditAction::EditionHandover,
            Subject::Edition(edition_id),
            serde_json::json!({ "handover": row.id }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// Why a later answer was not stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AnswerProblem {
    /// The answer is dated before the hand-over it answers.
    BeforeHandover,
}

/// Adds (or replaces) the answer to a recorded hand-over of this edition, with the day it
/// was given; refused when that day is before the hand-over. Audited with the previous
/// answer, so nothing said is lost.
pub async fn record_answer(
    ctx: &AppContext,
    staff: StaffId,
    edition_id: EditionId,
    handover_id: HandoverId,
    answer: &str,
    answered_on: NaiveDate,
) -> Result<Result<(), AnswerProblem>, AppError> {
    let txn = ctx.begin_write().await?;
    let Some(h) = handover::Entity::find_by_id(handover_id)
        .filter(handover::Column::EditionId.eq(edition_id))
        .one(&*txn)
        .await?
    else {
        return Err(AppError::NotFound);
    };
    if h.removed_at.is_some() {
        return Err(AppError::NotFound);
    }
    if answered_on < h.handed_on {
        return Ok(Err(AnswerProblem::BeforeHandover));
    }
    let before = serde_json::json!({
        "answer": h.answer,
        "answered_on": h.answered_on.map(|d| d.to_string()),
    });
    let mut row: handover::ActiveModel = h.into();
    row.answer = Set(answer.trim().to_owned());
    row.answered_on = Set(Some(answered_on));
    row.update(&*txn).await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            staff,
            AuditAction::EditionHandoverAnswer,
            Subject::Edition(edition_id),
            serde_json::json!({
                "handover": handover_id,
                "answered_on": answered_on.to_string(),
                "before": before,
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// Marks a recorded hand-over of this edition removed: nothing is deleted, the row stays
/// (shown to staff as removed, no longer counted) and the removal is audited. Removing it
/// twice changes nothing.
pub async fn remove_handover(
    ctx: &AppContext,
    staff: StaffId,
    edition_id: EditionId,
    handover_id: HandoverId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = ctx.begin_write().await?;
    let Some(h) = handover::Entity::find_by_id(handover_id)
        .filter(handover::Column::EditionId.eq(edition_id))
        .one(&*txn)
        .await?
    else {
        return Err(AppError::NotFound);
    };
    if h.removed_at.is_some() {
        return Ok(());
    }
    let mut row: handover::ActiveModel = h.into();
    row.removed_at = Set(Some(now));
    row.removed_by = Set(Some(staff));
    row.update(&*txn).await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            staff,
            AuditAction::EditionHandoverRemove,
            Subject::Edition(edition_id),
            serde_json::json!({ "handover": handover_id }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A hand-over for display.
#[derive(Debug, Clone, Serialize)]
pub struct HandoverRow {
    /// Its id.
    pub id: HandoverId,
    /// Who.
    pub recipient: String,
    /// Office.
    pub office: String,
    /// Day.
    pub handed_on: String,
    /// Form.
    pub form: HandoverMedium,
    /// Acknowledgement.
    pub acknowledgement: String,
    /// Answer.
    pub answer: String,
    /// The day of the answer, when added later.
    pub answered_on: Option<String>,
    /// Removed (kept as a record, not counted).
    pub removed: bool,
}

/// An edition's hand-overs, oldest first.
pub async fn handovers(
    ctx: &AppContext,
    edition_id: EditionId,
) -> Result<Vec<HandoverRow>, AppError> {
    Ok(handover::Entity::find()
        .filter(handover::Column::EditionId.eq(edition_id))
        .order_by_asc(handover::Column::HandedOn)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|h| HandoverRow {
            id: h.id,
            recipient: h.recipient,
            office: h.office,
            handed_on: h.handed_on.to_string(),
            form: h.form,
            acknowledgement: h.acknowledgement,
            answer: h.answer,
            answered_on: h.answered_on.map(|d| d.to_string()),
            removed: h.removed_at.is_some(),
        })
        .collect())
}
