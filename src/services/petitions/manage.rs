//! Petition management: organisers create and edit drafts, admins move petitions through
//! `draft → open → closed → delivered`. Every change is audited.

use crate::context::AppContext;
use crate::domain::audit::{self, AuditAction, NewEvent, Subject};
use crate::domain::petitions::petition::{DraftInput, PetitionState, TextInput, can_move};
use crate::entities::{petition, petition_text};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{PetitionId, StaffId};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

/// Why a draft was not saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveProblem {
    /// Another petition has this slug.
    SlugTaken,
    /// Only drafts can be edited.
    NotDraft,
}

async fn slug_taken(
    db: &impl ConnectionTrait,
    slug: &str,
    except: Option<PetitionId>,
) -> Result<bool, sea_orm::DbErr> {
    let mut q = petition::Entity::find().filter(petition::Column::Slug.eq(slug));
    if let Some(id) = except {
        q = q.filter(petition::Column::Id.ne(id));
    }
    Ok(q.one(db).await?.is_some())
}

async fn write_texts(
    db: &impl ConnectionTrait,
    petition_id: PetitionId,
    texts: &[TextInput],
) -> Result<(), sea_orm::DbErr> {
    petition_text::Entity::delete_many()
        .filter(petition_text::Column::PetitionId.eq(petition_id))
        .exec(db)
        .await?;
    for t in texts.iter().filter(|t| !t.title.trim().is_empty()) {
        petition_text::ActiveModel {
            petition_id: Set(petition_id),
            locale: Set(t.locale.to_owned()),
            title: Set(t.title.trim().to_owned()),
            summary: Set(t.summary.trim().to_owned()),
            body: Set(t.body.trim().replace("\r\n", "\n")),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Creates a draft (the input already checked with `draft_problems`).
pub async fn create(
    ctx: &AppContext,
    organiser: StaffId,
    d: &DraftInput,
    now: DateTime<Utc>,
) -> Result<Result<PetitionId, SaveProblem>, AppError> {
    let txn = ctx.begin_write().await?;
    if slug_taken(&*txn, &d.slug, None).await? {
        return Ok(Err(SaveProblem::SlugTaken));
    }
    let p = petition::ActiveModel {
        slug: Set(d.slug.clone()),
        state: Set(PetitionState::Draft),
        goal: Set(d.goal),
        created_at: Set(now),
        updated_at: Set(now),
        addressees: Set(d.addressees.trim().replace("\r\n", "\n")),
        collects_letters: Set(d.collects_letters),
        opens_at: Set(d.opens_at),
        closes_at: Set(d.closes_at),
        delivered_at: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    write_texts(&*txn, p.id, &d.texts).await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            organiser,
            AuditAction::PetitionCreate,
            Subject::Petition(p.id),
            serde_json::json!({ "slug": d.slug }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(p.id))
}

/// Replaces a draft's settings and texts. `NotFound` when there is no such petition.
pub async fn update(
    ctx: &AppContext,
    organiser: StaffId,
    id: PetitionId,
    d: &DraftInput,
    now: DateTime<Utc>,
) -> Result<Result<(), SaveProblem>, AppError> {
    let txn = ctx.begin_write().await?;
    let Some(p) = petition::Entity::find_by_id(id).one(&*txn).await? else {
        return Err(AppError::NotFound);
    };
    if p.state != PetitionState::Draft {
        return Ok(Err(SaveProblem::NotDraft));
    }
    if slug_taken(&*txn, &d.slug, Some(id)).await? {
        return Ok(Err(SaveProblem::SlugTaken));
    }
    let mut row: petition::ActiveModel = p.into();
    row.slug = Set(d.slug.clone());
    row.goal = Set(d.goal);
    row.addressees = Set(d.addressees.trim().replace("\r\n", "\n"));
    row.collects_letters = Set(d.collects_letters);
    row.opens_at = Set(d.opens_at);
    row.closes_at = Set(d.closes_at);
    row.updated_at = Set(now);
    row.update(&*txn).await?;
    write_texts(&*txn, id, &d.texts).await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            organiser,
            AuditAction::PetitionEdit,
            Subject::Petition(id),
            serde_json::json!({ "slug": d.slug }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// Why a petition's state was not changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateProblem {
    /// Its lifecycle does not allow the move (or it has no text).
    NotAllowed,
    /// Marking it delivered needs a recorded, not removed hand-over of one of its editions.
    NoHandover,
}

impl StateProblem {
    /// The message key.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::NotAllowed => "petition-error-state",
            Self::NoHandover => "petition-error-no-handover",
        }
    }
}

/// A recorded, not removed hand-over of one of a petition's editions (what marking it
/// delivered rests on).
#[derive(Debug, Clone, Serialize)]
pub struct LiveHandover {
    /// The office that received it.
    pub office: String,
    /// The day.
    pub handed_on: chrono::NaiveDate,
    /// The edition's number.
    pub edition: i32,
}

/// The petition's recorded, not removed hand-overs, oldest first.
///
/// # Errors
/// Database errors.
pub async fn live_handovers(
    db: &impl sea_orm::ConnectionTrait,
    id: PetitionId,
) -> Result<Vec<LiveHandover>, AppError> {
    use crate::entities::{edition, handover};
    let editions: std::collections::BTreeMap<_, _> = edition::Entity::find()
        .filter(edition::Column::PetitionId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e.number))
        .collect();
    if editions.is_empty() {
        return Ok(Vec::new());
    }
    Ok(handover::Entity::find()
        .filter(handover::Column::EditionId.is_in(editions.keys().copied()))
        .filter(handover::Column::RemovedAt.is_null())
        .order_by_asc(handover::Column::HandedOn)
        .order_by_asc(handover::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|h| LiveHandover {
            edition: editions.get(&h.edition_id).copied().unwrap_or_default(),
            office: h.office,
            handed_on: h.handed_on,
        })
        .collect())
}

/// Moves a petition to `to` if its lifecycle allows (see `can_move`). Marking it delivered
/// needs a recorded, not removed hand-over and records the time: the retention period
/// counts from it (see `editions::retention::erasure_from`).
///
/// # Errors
/// `NotFound` for an unknown petition; database errors.
pub async fn transition(
    ctx: &AppContext,
    admin: StaffId,
    id: PetitionId,
    to: PetitionState,
    now: DateTime<Utc>,
) -> Result<Result<(), StateProblem>, AppError> {
    let txn = ctx.begin_write().await?;
    let Some(p) = petition::Entity::find_by_id(id).one(&*txn).await? else {
        return Err(AppError::NotFound);
    };
    let from = p.state;
    if !can_move(from, to) {
        return Ok(Err(StateProblem::NotAllowed));
    }
    let has_text = petition_text::Entity::find()
        .filter(petition_text::Column::PetitionId.eq(id))
        .one(&*txn)
        .await?
        .is_some();
    if !has_text {
        return Ok(Err(StateProblem::NotAllowed));
    }
    if to == PetitionState::Delivered && live_handovers(&*txn, id).await?.is_empty() {
        return Ok(Err(StateProblem::NoHandover));
    }
    let mut row: petition::ActiveModel = p.into();
    row.state = Set(to);
    row.updated_at = Set(now);
    if to == PetitionState::Delivered {
        row.delivered_at = Set(Some(now));
    }
    row.update(&*txn).await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            admin,
            AuditAction::PetitionState,
            Subject::Petition(id),
            serde_json::json!({ "from": from.as_str(), "to": to.as_str() }),
        ),
    )
    .await?;
    txn.commit().await?;
    crate::services::petitions::sign::forget_petitions(ctx);
    ctx.counts_cache_forget(id);
    Ok(Ok(()))
}

/// A petition with all its texts, for the staff pages.
#[derive(Debug, Clone, Serialize)]
pub struct PetitionDetail {
    /// Id.
    pub id: PetitionId,
    /// URL name.
    pub slug: String,
    /// State.
    pub state: PetitionState,
    /// Goal.
    pub goal: Option<i32>,
    /// Addressees, one per line.
    pub addressees: String,
    /// Whether letters are collected.
    pub collects_letters: bool,
    /// Opening day (`YYYY-MM-DD`, UTC).
    pub opens_on: String,
    /// Closing day (`YYYY-MM-DD`, UTC; signing ends at its start).
    pub closes_on: String,
    /// Title in the viewer's language (or the first there is).
    pub title: String,
    /// Texts by language.
    pub texts: Vec<TextRow>,
}

/// A text as stored.
#[derive(Debug, Clone, Serialize)]
pub struct TextRow {
    /// Language code.
    pub locale: String,
    /// Title.
    pub title: String,
    /// Summary.
    pub summary: String,
    /// Text.
    pub body: String,
}

/// `YYYY-MM-DD` of a time (empty for none).
#[must_use]
pub fn day(t: Option<DateTime<Utc>>) -> String {
    t.map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// One petition for staff.
pub async fn detail(
    ctx: &AppContext,
    id: PetitionId,
    locale: Locale,
) -> Result<Option<PetitionDetail>, AppError> {
    let Some(p) = petition::Entity::find_by_id(id).one(&ctx.db).await? else {
        return Ok(None);
    };
    let texts = petition_text::Entity::find()
        .filter(petition_text::Column::PetitionId.eq(id))
        .order_by_asc(petition_text::Column::Id)
        .all(&ctx.db)
        .await?;
    let title = texts
        .iter()
        .find(|t| t.locale == locale.code())
        .or(texts.first())
        .map(|t| t.title.clone())
        .unwrap_or_else(|| p.slug.clone());
    Ok(Some(PetitionDetail {
        id: p.id,
        slug: p.slug,
        state: p.state,
        goal: p.goal,
        addressees: p.addressees,
        collects_letters: p.collects_letters,
        opens_on: day(p.opens_at),
        closes_on: day(p.closes_at),
        title,
        texts: texts
            .into_iter()
            .map(|t| TextRow {
                locale: t.locale,
                title: t.title,
                summary: t.summary,
                body: t.body,
            })
            .collect(),
    }))
}

/// A petition by slug, in any state.
pub async fn by_slug(ctx: &AppContext, slug: &str) -> Result<Option<petition::Model>, AppError> {
    Ok(petition::Entity::find()
        .filter(petition::Column::Slug.eq(slug))
        .one(&ctx.db)
        .await?)
}
