//! A petition's public progress (issue #17): the milestones organisers set, the due date
//! and next step they keep, and the timeline assembled from them and from the record —
//! published, milestones reached, editions frozen, hand-overs and answers — for the public
//! page, `<slug>.json` and the Atom feed.

use crate::context::AppContext;
use crate::domain::audit::{self, AuditAction, NewEvent, Subject};
use crate::domain::petitions::edition::{EditionState, HandoverChannel, HandoverMedium};
use crate::domain::petitions::signature::SignatureState;
use crate::entities::{
    edition, handover, petition, petition_milestone as milestone, petition_progress, signature,
};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{MilestoneId, PetitionId, StaffId};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// The longest milestone consequence or next step, in characters (each language).
pub const MAX_TEXT_CHARS: usize = 1_000;

/// A text in each language the portal speaks, keyed by locale code.
pub type Texts = BTreeMap<&'static str, String>;

/// The text for `locale`: its own, else English, else the first one given.
#[must_use]
pub fn pick(texts: &Texts, locale: Locale) -> String {
    texts
        .get(locale.code())
        .filter(|t| !t.is_empty())
        .or_else(|| texts.get("en").filter(|t| !t.is_empty()))
        .or_else(|| texts.values().find(|t| !t.is_empty()))
        .cloned()
        .unwrap_or_default()
}

fn texts(en: &str, fa: &str, fr: &str) -> Texts {
    [("en", en), ("fa", fa), ("fr", fr)]
        .into_iter()
        .filter(|(_, t)| !t.is_empty())
        .map(|(l, t)| (l, t.to_owned()))
        .collect()
}

/// A milestone as an organiser sets it.
#[derive(Debug, Clone)]
pub struct NewMilestone {
    /// The number of signatures that reaches it (at least 1).
    pub threshold: i32,
    /// What happens then, by locale code (`en`, `fa`, `fr`); at least one.
    pub consequence: Texts,
}

/// Adds a milestone to a petition (audited).
///
/// # Errors
/// `NotFound` for an unknown petition; database errors.
pub async fn add_milestone(
    ctx: &AppContext,
    staff: StaffId,
    petition_id: PetitionId,
    m: NewMilestone,
    now: DateTime<Utc>,
) -> Result<MilestoneId, AppError> {
    let txn = ctx.begin_write().await?;
    if petition::Entity::find_by_id(petition_id)
        .one(&*txn)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let text = |l: &str| m.consequence.get(l).map(|t| t.trim().to_owned());
    let row = milestone::ActiveModel {
        petition_id: Set(petition_id),
        threshold: Set(m.threshold),
        consequence_en: Set(text("en").unwrap_or_default()),
        consequence_fa: Set(text("fa").unwrap_or_default()),
        consequence_fr: Set(text("fr").unwrap_or_default()),
        created_by: Set(staff),
        created_at: Set(now),
        removed_at: Set(None),
        removed_by: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            staff,
            AuditAction::PetitionMilestoneAdd,
            Subject::Petition(petition_id),
            serde_json::json!({ "milestone": row.id, "threshold": m.threshold }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(row.id)
}

/// Marks a milestone removed (kept, audited); removing it twice changes nothing.
///
/// # Errors
/// `NotFound` when the milestone is not this petition's; database errors.
pub async fn remove_milestone(
    ctx: &AppContext,
    staff: StaffId,
    petition_id: PetitionId,
    id: MilestoneId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = ctx.begin_write().await?;
    let Some(m) = milestone::Entity::find_by_id(id)
        .filter(milestone::Column::PetitionId.eq(petition_id))
        .one(&*txn)
        .await?
    else {
        return Err(AppError::NotFound);
    };
    if m.removed_at.is_some() {
        return Ok(());
    }
    let mut row: milestone::ActiveModel = m.into();
    row.removed_at = Set(Some(now));
    row.removed_by = Set(Some(staff));
    row.update(&*txn).await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            staff,
            AuditAction::PetitionMilestoneRemove,
            Subject::Petition(petition_id),
            serde_json::json!({ "milestone": id }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The due date and next step as an organiser saves them.
#[derive(Debug, Clone, Default)]
pub struct ProgressInput {
    /// The day an answer is due from the officials (none: no due date).
    pub answer_due_on: Option<NaiveDate>,
    /// The next step, by locale code; may be empty.
    pub next_step: Texts,
}

/// Saves a petition's due date and next step (audited with the values before).
///
/// # Errors
/// `NotFound` for an unknown petition; database errors.
pub async fn save_progress(
    ctx: &AppContext,
    staff: StaffId,
    petition_id: PetitionId,
    input: ProgressInput,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = ctx.begin_write().await?;
    if petition::Entity::find_by_id(petition_id)
        .one(&*txn)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let before = petition_progress::Entity::find_by_id(petition_id)
        .one(&*txn)
        .await?;
    let text = |l: &str| {
        input
            .next_step
            .get(l)
            .map(|t| t.trim().to_owned())
            .unwrap_or_default()
    };
    let row = petition_progress::ActiveModel {
        petition_id: Set(petition_id),
        answer_due_on: Set(input.answer_due_on),
        next_step_en: Set(text("en")),
        next_step_fa: Set(text("fa")),
        next_step_fr: Set(text("fr")),
        updated_by: Set(staff),
        updated_at: Set(now),
    };
    let before_json = before.as_ref().map(|b| {
        serde_json::json!({
            "answer_due_on": b.answer_due_on.map(|d| d.to_string()),
            "next_step": texts(&b.next_step_en, &b.next_step_fa, &b.next_step_fr),
        })
    });
    if before.is_some() {
        row.update(&*txn).await?;
    } else {
        row.insert(&*txn).await?;
    }
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            staff,
            AuditAction::PetitionProgressSave,
            Subject::Petition(petition_id),
            serde_json::json!({
                "answer_due_on": input.answer_due_on.map(|d| d.to_string()),
                "before": before_json,
            }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A milestone as staff see it.
#[derive(Debug, Clone, Serialize)]
pub struct MilestoneRow {
    /// Its id.
    pub id: MilestoneId,
    /// Signatures that reach it.
    pub threshold: i32,
    /// What happens then, by locale code.
    pub consequence: Texts,
    /// Removed (kept, not shown publicly).
    pub removed: bool,
}

/// What staff see and edit of a petition's progress.
#[derive(Debug, Clone, Serialize, Default)]
pub struct StaffProgress {
    /// Every milestone, removed ones included, by threshold.
    pub milestones: Vec<MilestoneRow>,
    /// The due date (`YYYY-MM-DD`), if set.
    pub answer_due_on: Option<String>,
    /// The next step by locale code.
    pub next_step: Texts,
}

/// A petition's progress settings for the staff page.
///
/// # Errors
/// Database errors.
pub async fn staff_progress(
    ctx: &AppContext,
    petition_id: PetitionId,
) -> Result<StaffProgress, AppError> {
    let milestones = milestone::Entity::find()
        .filter(milestone::Column::PetitionId.eq(petition_id))
        .order_by_asc(milestone::Column::Threshold)
        .order_by_asc(milestone::Column::Id)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|m| MilestoneRow {
            id: m.id,
            threshold: m.threshold,
            consequence: texts(&m.consequence_en, &m.consequence_fa, &m.consequence_fr),
            removed: m.removed_at.is_some(),
        })
        .collect();
    let p = petition_progress::Entity::find_by_id(petition_id)
        .one(&ctx.db)
        .await?;
    Ok(StaffProgress {
        milestones,
        answer_due_on: p
            .as_ref()
            .and_then(|p| p.answer_due_on.map(|d| d.to_string())),
        next_step: p
            .map(|p| texts(&p.next_step_en, &p.next_step_fa, &p.next_step_fr))
            .unwrap_or_default(),
    })
}

/// What happened, one step of the timeline.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// The petition was published.
    Published,
    /// A milestone: reached (with its day) or still ahead.
    Milestone {
        /// Signatures that reach it.
        threshold: i32,
        /// What happens then.
        consequence: Texts,
        /// Whether the count has reached it.
        reached: bool,
    },
    /// An edition was frozen.
    Edition {
        /// Its number.
        edition: i32,
        /// Signatures in it.
        signatures: i64,
    },
    /// A hand-over of an edition.
    Handover {
        /// The office that received it.
        office: String,
        /// The person.
        recipient: String,
        /// In what form: print, pdf or usb.
        medium: HandoverMedium,
        /// How it reached them: in person, by post or by email (none when not said).
        channel: Option<HandoverChannel>,
        /// The edition handed over.
        edition: i32,
        /// The edition's fingerprint (the Merkle root of its entries), once built.
        fingerprint: Option<String>,
    },
    /// An answer from the officials.
    Answer {
        /// The office that answered.
        office: String,
        /// The answer as recorded.
        summary: Texts,
        /// The official's letter, scanned: the public address of its image.
        #[serde(skip_serializing_if = "Option::is_none")]
        letter: Option<String>,
    },
}

/// One entry of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct Event {
    /// A stable id for the entry (feed entries keep it).
    pub id: String,
    /// The day (`YYYY-MM-DD`); none for a milestone still ahead.
    pub on: Option<String>,
    /// When, for ordering and the feed.
    #[serde(skip)]
    pub at: Option<DateTime<Utc>>,
    /// What happened.
    #[serde(flatten)]
    pub step: Step,
}

/// Waiting for an answer: the hand-over with no answer yet and the due date.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Waiting {
    /// Days since the latest hand-over with no answer since.
    pub days_since_handover: i64,
    /// The due date, if set.
    pub due_on: Option<String>,
    /// Days past the due date (none while not due or without a due date).
    pub overdue_days: Option<i64>,
}

/// A petition's public progress.
#[derive(Debug, Clone, Serialize)]
pub struct Progress {
    /// Dated events oldest first, then milestones still ahead by threshold.
    pub events: Vec<Event>,
    /// Waiting for an answer, when a hand-over has none.
    pub waiting: Option<Waiting>,
    /// The next step, by locale code (empty: none said).
    pub next_step: Texts,
}

fn at_noon(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc()
}

/// When the `n`th counted signature was confirmed (none if not reached or unknown).
async fn reached_at(
    ctx: &AppContext,
    petition_id: PetitionId,
    n: i32,
) -> Result<Option<DateTime<Utc>>, AppError> {
    let Ok(offset) = u64::try_from(n.saturating_sub(1)) else {
        return Ok(None);
    };
    let at: Option<Option<DateTime<Utc>>> = signature::Entity::find()
        .select_only()
        .column(signature::Column::VerifiedAt)
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::State.eq(SignatureState::Verified))
        .filter(signature::Column::Shadow.eq(false))
        .order_by_asc(signature::Column::VerifiedAt)
        .order_by_asc(signature::Column::Id)
        .offset(offset)
        .limit(1)
        .into_tuple()
        .one(&ctx.db)
        .await?;
    Ok(at.flatten())
}

/// The public timeline of `p`, with `total` counted signatures, as of `today`.
///
/// # Errors
/// Database errors.
pub async fn timeline(
    ctx: &AppContext,
    p: &petition::Model,
    total: u64,
    today: NaiveDate,
) -> Result<Progress, AppError> {
    let mut dated: Vec<Event> = Vec::new();
    let mut ahead: Vec<Event> = Vec::new();
    let published = p.opens_at.unwrap_or(p.created_at);
    dated.push(Event {
        id: "published".into(),
        on: Some(published.date_naive().to_string()),
        at: Some(published),
        step: Step::Published,
    });
    let milestones = milestone::Entity::find()
        .filter(milestone::Column::PetitionId.eq(p.id))
        .filter(milestone::Column::RemovedAt.is_null())
        .order_by_asc(milestone::Column::Threshold)
        .order_by_asc(milestone::Column::Id)
        .all(&ctx.db)
        .await?;
    for m in milestones {
        let reached = u64::try_from(m.threshold).is_ok_and(|t| total >= t);
        let at = if reached {
            reached_at(ctx, p.id, m.threshold).await?
        } else {
            None
        };
        let event = Event {
            id: format!("milestone-{}", m.id),
            on: at.map(|a| a.date_naive().to_string()),
            at,
            step: Step::Milestone {
                threshold: m.threshold,
                consequence: texts(&m.consequence_en, &m.consequence_fa, &m.consequence_fr),
                reached,
            },
        };
        if event.at.is_some() {
            dated.push(event);
        } else {
            ahead.push(event);
        }
    }
    let editions = edition::Entity::find()
        .filter(edition::Column::PetitionId.eq(p.id))
        .order_by_asc(edition::Column::Number)
        .all(&ctx.db)
        .await?;
    let mut numbers = BTreeMap::new();
    for e in &editions {
        numbers.insert(e.id, (e.number, e.merkle_root.clone()));
        if e.state == EditionState::Failed {
            continue;
        }
        dated.push(Event {
            id: format!("edition-{}", e.id),
            on: Some(e.cut_off.date_naive().to_string()),
            at: Some(e.cut_off),
            step: Step::Edition {
                edition: e.number,
                signatures: e.total,
            },
        });
    }
    let handovers = if numbers.is_empty() {
        Vec::new()
    } else {
        handover::Entity::find()
            .filter(handover::Column::EditionId.is_in(numbers.keys().copied()))
            .filter(handover::Column::RemovedAt.is_null())
            .order_by_asc(handover::Column::HandedOn)
            .order_by_asc(handover::Column::Id)
            .all(&ctx.db)
            .await?
    };
    let letters = crate::services::scans::current_answer_scans(
        &ctx.db,
        handovers.iter().map(|h| h.id).collect(),
    )
    .await?;
    let mut last_unanswered: Option<NaiveDate> = None;
    let mut answered_after: Option<NaiveDate> = None;
    for h in &handovers {
        let (number, fingerprint) = numbers.get(&h.edition_id).cloned().unwrap_or_default();
        dated.push(Event {
            id: format!("handover-{}", h.id),
            on: Some(h.handed_on.to_string()),
            at: Some(at_noon(h.handed_on)),
            step: Step::Handover {
                office: h.office.clone(),
                recipient: h.recipient.clone(),
                medium: h.form,
                channel: h.channel,
                edition: number,
                fingerprint,
            },
        });
        let summary = texts(h.answer.trim(), h.answer_fa.trim(), h.answer_fr.trim());
        if summary.is_empty() {
            last_unanswered = last_unanswered.max(Some(h.handed_on));
        } else {
            let day = h.answered_on.unwrap_or(h.handed_on);
            answered_after = answered_after.max(Some(day));
            dated.push(Event {
                id: format!("answer-{}", h.id),
                on: Some(day.to_string()),
                // An answer sorts after the hand-over of the same day.
                at: Some(at_noon(day) + chrono::Duration::seconds(1)),
                step: Step::Answer {
                    office: h.office.clone(),
                    summary,
                    letter: letters
                        .get(&h.id)
                        .map(|scan| format!("/petitions/{}/answers/{scan}/letter.jpg", p.slug)),
                },
            });
        }
    }
    dated.sort_by(|a, b| a.at.cmp(&b.at).then(a.id.cmp(&b.id)));
    dated.extend(ahead);
    let progress = petition_progress::Entity::find_by_id(p.id)
        .one(&ctx.db)
        .await?;
    let due = progress.as_ref().and_then(|p| p.answer_due_on);
    // Waiting: a hand-over with no answer, and no answer given on or after it.
    let waiting = last_unanswered
        .filter(|h| answered_after.is_none_or(|a| a < *h))
        .map(|h| Waiting {
            days_since_handover: (today - h).num_days().max(0),
            due_on: due.map(|d| d.to_string()),
            overdue_days: due.map(|d| (today - d).num_days()).filter(|d| *d > 0),
        });
    Ok(Progress {
        events: dated,
        waiting,
        next_step: progress
            .map(|p| texts(&p.next_step_en, &p.next_step_fa, &p.next_step_fr))
            .unwrap_or_default(),
    })
}
