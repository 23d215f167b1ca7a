//! Hand-over records: who received a ready edition, when, in what form, how, and what they
//! answered (a summary in each language); edited and answered later with every change
//! recorded (`handover_history`), removed as a recorded state.

use super::get;
use super::handover_history::{self as history, Change};
use crate::context::AppContext;
use crate::domain::audit::{self, AuditAction, NewEvent, Subject};
use crate::domain::petitions::edition::{
    EditionState, HandoverChangeKind, HandoverChannel, HandoverMedium,
};
use crate::domain::petitions::news::UpdateOrigin;
use crate::entities::handover;
use crate::error::AppError;
use crate::i18n::{Locale, TextArg};
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
    /// In what form.
    pub form: HandoverMedium,
    /// How it reached them (none when not said).
    pub channel: Option<HandoverChannel>,
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
        channel: Set(h.channel),
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
    let number = e.number.to_string();
    draft_news(
        &txn,
        ctx,
        staff,
        e.petition_id,
        UpdateOrigin::Handover,
        now,
        |locale| {
            (
                locale.t("news-handover-subject"),
                vec![
                    ("date", digits(locale, &row.handed_on.to_string())),
                    ("number", digits(locale, &number)),
                    ("office", row.office.clone()),
                ],
                "news-handover-body",
            )
        },
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

/// ASCII digits in the reader's digits.
fn digits(locale: Locale, ascii: &str) -> String {
    crate::i18n::format::digits_text(locale, ascii)
}

/// Drafts an update to the signers who asked for news from a progress event, in each
/// language: `texts` gives a locale's subject, the body's arguments and the body's key.
async fn draft_news(
    txn: &sea_orm::DatabaseTransaction,
    ctx: &AppContext,
    staff: StaffId,
    petition_id: crate::ids::PetitionId,
    origin: UpdateOrigin,
    now: DateTime<Utc>,
    texts: impl Fn(Locale) -> (String, Vec<(&'static str, String)>, &'static str),
) -> Result<(), AppError> {
    let mut update = crate::services::petitions::news::UpdateTexts::default();
    for locale in Locale::ALL {
        let (subject, args, body) = texts(locale);
        let args: Vec<(&str, TextArg<'_>)> =
            args.iter().map(|(k, v)| (*k, TextArg::Str(v))).collect();
        update.subject.insert(locale.code(), subject);
        update
            .body
            .insert(locale.code(), locale.t_args(body, &args));
    }
    crate::services::petitions::news::draft_in(txn, ctx, staff, petition_id, &update, origin, now)
        .await?;
    Ok(())
}

/// Why a hand-over's day or its answer's day was refused (each a message key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayProblem {
    /// A hand-over dated in the future.
    HandoverFuture,
    /// A hand-over dated before its edition was frozen.
    BeforeEdition,
    /// An answer dated in the future.
    AnswerFuture,
    /// An answer dated before the hand-over it answers.
    BeforeHandover,
}

impl DayProblem {
    /// The message key (`form-error-…`) and the field it belongs to.
    #[must_use]
    pub fn code(self) -> (&'static str, &'static str) {
        match self {
            Self::HandoverFuture => ("handed_on", "date-future"),
            Self::BeforeEdition => ("handed_on", "handover-before-edition"),
            Self::AnswerFuture => ("answered_on", "answer-date-future"),
            Self::BeforeHandover => ("answered_on", "answer-before-handover"),
        }
    }
}

/// Kept for callers of the answer form: an answer dated before its hand-over.
pub type AnswerProblem = DayProblem;

/// Checks a hand-over's day against today and the edition's freeze.
#[must_use]
pub fn handover_day_problem(
    day: NaiveDate,
    frozen: DateTime<Utc>,
    today: NaiveDate,
) -> Option<DayProblem> {
    if day > today {
        Some(DayProblem::HandoverFuture)
    } else if day < frozen.date_naive() {
        Some(DayProblem::BeforeEdition)
    } else {
        None
    }
}

/// The facts of a recorded hand-over an organiser may correct.
#[derive(Debug, Clone)]
pub struct HandoverFacts {
    /// Who received it.
    pub recipient: String,
    /// Their office.
    pub office: String,
    /// The day.
    pub handed_on: NaiveDate,
    /// In what form.
    pub form: HandoverMedium,
    /// How it reached them.
    pub channel: Option<HandoverChannel>,
}

/// A recorded, not removed hand-over of this edition, read in `txn`.
async fn live(
    txn: &impl sea_orm::ConnectionTrait,
    edition_id: EditionId,
    handover_id: HandoverId,
) -> Result<handover::Model, AppError> {
    match handover::Entity::find_by_id(handover_id)
        .filter(handover::Column::EditionId.eq(edition_id))
        .one(txn)
        .await?
    {
        Some(h) if h.removed_at.is_none() => Ok(h),
        _ => Err(AppError::NotFound),
    }
}

/// Corrects a recorded hand-over: the fields that changed are stored with their values
/// before and after (shown to staff as its history) and audited; the day is checked as
/// when it was recorded. `Ok(Ok(false))` when nothing changed (nothing recorded).
///
/// # Errors
/// `NotFound` for an unknown edition or hand-over, or one removed; database errors.
pub async fn edit_handover(
    ctx: &AppContext,
    staff: StaffId,
    edition_id: EditionId,
    handover_id: HandoverId,
    facts: HandoverFacts,
    now: DateTime<Utc>,
) -> Result<Result<bool, DayProblem>, AppError> {
    let Some(e) = get(ctx, edition_id).await? else {
        return Err(AppError::NotFound);
    };
    if let Some(p) = handover_day_problem(facts.handed_on, e.cut_off, now.date_naive()) {
        return Ok(Err(p));
    }
    let txn = ctx.begin_write().await?;
    let h = live(&*txn, edition_id, handover_id).await?;
    if let Some(a) = h.answered_on
        && facts.handed_on > a
    {
        return Ok(Err(DayProblem::BeforeHandover));
    }
    let channel = |c: Option<HandoverChannel>| c.map(|c| c.as_str().to_owned()).unwrap_or_default();
    let changes: Vec<Change> = [
        Change::of("recipient", &h.recipient, facts.recipient.trim()),
        Change::of("office", &h.office, facts.office.trim()),
        Change::of(
            "handed_on",
            &h.handed_on.to_string(),
            &facts.handed_on.to_string(),
        ),
        Change::of("form", h.form.as_str(), facts.form.as_str()),
        Change::of("channel", &channel(h.channel), &channel(facts.channel)),
    ]
    .into_iter()
    .flatten()
    .collect();
    if changes.is_empty() {
        return Ok(Ok(false));
    }
    let mut row: handover::ActiveModel = h.into();
    row.recipient = Set(facts.recipient.trim().to_owned());
    row.office = Set(facts.office.trim().to_owned());
    row.handed_on = Set(facts.handed_on);
    row.form = Set(facts.form);
    row.channel = Set(facts.channel);
    row.update(&*txn).await?;
    history::record(
        &txn,
        handover_id,
        HandoverChangeKind::Edit,
        &changes,
        staff,
        now,
    )
    .await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            staff,
            AuditAction::EditionHandoverEdit,
            Subject::Edition(edition_id),
            serde_json::json!({ "handover": handover_id, "changes": changes }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(true))
}

/// An answer's summary in each language (at least one not empty).
#[derive(Debug, Clone, Default)]
pub struct AnswerTexts {
    /// In English.
    pub en: String,
    /// In Persian.
    pub fa: String,
    /// In French.
    pub fr: String,
}

/// Adds (or edits) the answer to a recorded hand-over of this edition, with the day it was
/// given; refused when that day is in the future or before the hand-over. The fields that
/// changed are recorded with their values before (its history) and audited, so nothing
/// said is lost.
///
/// # Errors
/// `NotFound` for an unknown or removed hand-over of this edition; database errors.
pub async fn record_answer(
    ctx: &AppContext,
    staff: StaffId,
    edition_id: EditionId,
    handover_id: HandoverId,
    answer: &AnswerTexts,
    answered_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Result<(), DayProblem>, AppError> {
    if answered_on > now.date_naive() {
        return Ok(Err(DayProblem::AnswerFuture));
    }
    let txn = ctx.begin_write().await?;
    let h = live(&*txn, edition_id, handover_id).await?;
    if answered_on < h.handed_on {
        return Ok(Err(DayProblem::BeforeHandover));
    }
    let day = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let changes: Vec<Change> = [
        Change::of("answer_en", &h.answer, answer.en.trim()),
        Change::of("answer_fa", &h.answer_fa, answer.fa.trim()),
        Change::of("answer_fr", &h.answer_fr, answer.fr.trim()),
        Change::of("answered_on", &day(h.answered_on), &day(Some(answered_on))),
    ]
    .into_iter()
    .flatten()
    .collect();
    if changes.is_empty() {
        return Ok(Ok(()));
    }
    let first_answer = [&h.answer, &h.answer_fa, &h.answer_fr]
        .iter()
        .all(|t| t.trim().is_empty());
    let office = h.office.clone();
    let mut row: handover::ActiveModel = h.into();
    row.answer = Set(answer.en.trim().to_owned());
    row.answer_fa = Set(answer.fa.trim().to_owned());
    row.answer_fr = Set(answer.fr.trim().to_owned());
    row.answered_on = Set(Some(answered_on));
    row.update(&*txn).await?;
    history::record(
        &txn,
        handover_id,
        HandoverChangeKind::Answer,
        &changes,
        staff,
        now,
    )
    .await?;
    if first_answer
        && let Some(e) = crate::entities::edition::Entity::find_by_id(edition_id)
            .one(&*txn)
            .await?
    {
        // Their first answer: a drafted update in each language, the summary in that
        // language (or the first there is), for an organiser to edit and send.
        let summaries = [("en", &answer.en), ("fa", &answer.fa), ("fr", &answer.fr)];
        let any = summaries
            .iter()
            .map(|(_, t)| t.trim())
            .find(|t| !t.is_empty())
            .unwrap_or_default()
            .to_owned();
        draft_news(
            &txn,
            ctx,
            staff,
            e.petition_id,
            UpdateOrigin::Answer,
            now,
            |locale| {
                let own = summaries
                    .iter()
                    .find(|(l, t)| *l == locale.code() && !t.trim().is_empty())
                    .map_or_else(|| any.clone(), |(_, t)| t.trim().to_owned());
                (
                    locale.t("news-answer-subject"),
                    vec![
                        ("date", digits(locale, &answered_on.to_string())),
                        ("office", office.clone()),
                        ("summary", own),
                    ],
                    "news-answer-body",
                )
            },
        )
        .await?;
    }
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
                "changes": changes,
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
    history::record(
        &txn,
        handover_id,
        HandoverChangeKind::Remove,
        &[],
        staff,
        now,
    )
    .await?;
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
    /// How it reached them.
    pub channel: Option<HandoverChannel>,
    /// Acknowledgement.
    pub acknowledgement: String,
    /// The answer's summary in English.
    pub answer: String,
    /// In Persian.
    pub answer_fa: String,
    /// In French.
    pub answer_fr: String,
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
            channel: h.channel,
            acknowledgement: h.acknowledgement,
            answer: h.answer,
            answer_fa: h.answer_fa,
            answer_fr: h.answer_fr,
            answered_on: h.answered_on.map(|d| d.to_string()),
            removed: h.removed_at.is_some(),
        })
        .collect())
}
