//! Case notes and the contact log (issue #15 item 5): a caseworker writes an encrypted
//! note on a request or a match, or logs a call or meeting (channel, outcome), with an
//! optional follow-up day; reading a case's notes decrypts them and is audited; the
//! follow-ups due for a staff member (numbers and days only, no text) show on their home
//! page until marked done.

use crate::context::AppContext;
use crate::domain::audit::{AuditAction, NewEvent, Subject};
use crate::domain::paging::{PageNo, Paged};
use crate::domain::staff::notes::{
    ContactChannel, ContactOutcome, MAX_FOLLOW_UP_DAYS, MAX_TEXT_CHARS, NoteKind, TEXT_CONTEXT,
};
use crate::entities::{case_note, contact_match, contact_request, sought_person, staff};
use crate::error::AppError;
use crate::ids::{CaseNoteId, MatchId, RequestId, StaffId};
use crate::services::audit_log;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use serde::Serialize;
use std::collections::HashMap;

/// Notes a page.
pub const PER_PAGE: u64 = 25;

/// What a note is written on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A contact request (its page lists its matches' notes too).
    Request(RequestId),
    /// A match.
    Match(MatchId),
}

impl Target {
    /// The audit subject.
    #[must_use]
    pub fn subject(self) -> Subject {
        match self {
            Target::Request(id) => Subject::Request(id),
            Target::Match(id) => Subject::Match(id),
        }
    }
}

/// A note or contact-log entry to write, already checked by its form.
#[derive(Debug, Clone)]
pub struct NewNote {
    /// A note or a logged contact.
    pub kind: NoteKind,
    /// How the contact happened (contact entries only).
    pub channel: Option<ContactChannel>,
    /// What came of it (contact entries only).
    pub outcome: Option<ContactOutcome>,
    /// The text.
    pub text: String,
    /// The day to follow up on.
    pub follow_up_on: Option<NaiveDate>,
}

/// Why a note was refused (each a field of the form, with its message code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The field.
    pub field: &'static str,
    /// The message code (`form-error-<code>`).
    pub code: &'static str,
}

impl NewNote {
    /// The rules a note keeps, whoever calls: text present, plain and at most
    /// [`MAX_TEXT_CHARS`]; a channel and an outcome exactly for contact entries; a
    /// follow-up day from today to [`MAX_FOLLOW_UP_DAYS`] ahead.
    #[must_use]
    pub fn problems(&self, today: NaiveDate) -> Vec<Refusal> {
        let mut out = Vec::new();
        let text = self.text.trim();
        if text.is_empty() {
            out.push(Refusal {
                field: "text",
                code: "required",
            });
        } else if self.text.chars().count() > MAX_TEXT_CHARS {
            out.push(Refusal {
                field: "text",
                code: "note-too-long",
            });
        } else if !crate::domain::people::text::is_clean(&self.text) {
            out.push(Refusal {
                field: "text",
                code: "control-characters",
            });
        }
        if self.kind == NoteKind::Contact {
            if self.channel.is_none() {
                out.push(Refusal {
                    field: "channel",
                    code: "required",
                });
            }
            if self.outcome.is_none() {
                out.push(Refusal {
                    field: "outcome",
                    code: "required",
                });
            }
        }
        if let Some(day) = self.follow_up_on {
            if day < today {
                out.push(Refusal {
                    field: "follow_up_on",
                    code: "follow-up-past",
                });
            } else if (day - today).num_days() > MAX_FOLLOW_UP_DAYS {
                out.push(Refusal {
                    field: "follow_up_on",
                    code: "follow-up-far",
                });
            }
        }
        out
    }
}

/// The request a target belongs to (and the match), or `NotFound`.
async fn resolve(
    db: &impl ConnectionTrait,
    target: Target,
) -> Result<(RequestId, Option<MatchId>), AppError> {
    match target {
        Target::Request(id) => contact_request::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|r| (r.id, None))
            .ok_or(AppError::NotFound),
        Target::Match(id) => {
            let m = contact_match::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            let sought = sought_person::Entity::find_by_id(m.sought_person_id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?;
            Ok((sought.request_id, Some(id)))
        }
    }
}

/// Whether `target` exists (a page for an unknown one is a 404).
///
/// # Errors
/// Database failures.
pub async fn exists(ctx: &AppContext, target: Target) -> Result<bool, AppError> {
    match resolve(&ctx.db, target).await {
        Ok(_) => Ok(true),
        Err(AppError::NotFound) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Writes `note` by `author` on `target` (audited, without the text); `Ok(Err(..))` when
/// the note breaks a rule, and then nothing is stored.
///
/// # Errors
/// `NotFound` for an unknown target; database and encryption failures.
pub async fn add(
    ctx: &AppContext,
    author: StaffId,
    target: Target,
    note: &NewNote,
    now: DateTime<Utc>,
) -> Result<Result<CaseNoteId, Vec<Refusal>>, AppError> {
    let problems = note.problems(now.date_naive());
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let (request_id, match_id) = resolve(&ctx.db, target).await?;
    let contact = note.kind == NoteKind::Contact;
    let text_enc = ctx.crypto.encrypt_str(TEXT_CONTEXT, note.text.trim())?;
    let txn = ctx.begin_write().await?;
    let row = case_note::ActiveModel {
        request_id: Set(request_id),
        match_id: Set(match_id),
        kind: Set(note.kind),
        channel: Set(note.channel.filter(|_| contact)),
        outcome: Set(note.outcome.filter(|_| contact)),
        text_enc: Set(text_enc),
        author_id: Set(author),
        created_at: Set(now),
        follow_up_on: Set(note.follow_up_on),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit_log::append(
        &txn,
        ctx,
        crate::domain::audit::Actor::Staff(author),
        AuditAction::CaseNoteAdd,
        target.subject(),
        serde_json::json!({
            "note": row.id,
            "kind": note.kind,
            "channel": row.channel,
            "outcome": row.outcome,
            "follow_up_on": note.follow_up_on.map(|d| d.to_string()),
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(row.id))
}

/// One note as a caseworker reads it.
#[derive(Debug, Clone, Serialize)]
pub struct NoteRow {
    /// Its id.
    pub id: CaseNoteId,
    /// The match it is on, if any.
    pub match_id: Option<MatchId>,
    /// A note or a logged contact.
    pub kind: NoteKind,
    /// How the contact happened.
    pub channel: Option<ContactChannel>,
    /// What came of it.
    pub outcome: Option<ContactOutcome>,
    /// The text.
    pub text: String,
    /// Who wrote it (their name).
    pub author: String,
    /// When (UTC, minutes).
    pub at: DateTime<Utc>,
    /// The follow-up day.
    pub follow_up_on: Option<String>,
    /// Whether the follow-up was done.
    pub follow_up_done: bool,
}

/// Staff names by id (for "who"); an id without an account reads as its number.
///
/// # Errors
/// Database failures.
pub async fn staff_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = StaffId>,
) -> Result<HashMap<StaffId, String>, AppError> {
    let ids: Vec<StaffId> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(staff::Entity::find()
        .filter(staff::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.display_name))
        .collect())
}

/// A page of `target`'s notes, newest first, decrypted; the read is audited.
///
/// # Errors
/// `NotFound` for an unknown target; database and decryption failures.
pub async fn list(
    ctx: &AppContext,
    viewer: StaffId,
    target: Target,
    asked: PageNo,
) -> Result<Paged<NoteRow>, AppError> {
    let (request_id, _) = resolve(&ctx.db, target).await?;
    let q = match target {
        Target::Request(_) => {
            case_note::Entity::find().filter(case_note::Column::RequestId.eq(request_id))
        }
        Target::Match(m) => case_note::Entity::find().filter(case_note::Column::MatchId.eq(m)),
    }
    .order_by_desc(case_note::Column::Id);
    let paginator = q.paginate(&ctx.db, PER_PAGE);
    let total = paginator.num_items().await?;
    let (index, shown) = Paged::<()>::index(asked, total, PER_PAGE);
    let rows = paginator.fetch_page(index).await?;
    let names = staff_names(&ctx.db, rows.iter().map(|r| r.author_id)).await?;
    let mut items = Vec::with_capacity(rows.len());
    for r in &rows {
        items.push(NoteRow {
            id: r.id,
            match_id: r.match_id,
            kind: r.kind,
            channel: r.channel,
            outcome: r.outcome,
            text: ctx.crypto.decrypt_str(TEXT_CONTEXT, &r.text_enc)?,
            author: names
                .get(&r.author_id)
                .cloned()
                .unwrap_or_else(|| format!("#{}", r.author_id)),
            at: r.created_at,
            follow_up_on: r.follow_up_on.map(|d| d.to_string()),
            follow_up_done: r.follow_up_done_at.is_some(),
        });
    }
    audit_log::record(
        ctx,
        NewEvent::staff(
            viewer,
            AuditAction::CaseNotesView,
            target.subject(),
            serde_json::json!({ "notes": items.len(), "page": shown.get() }),
        ),
    )
    .await?;
    Ok(Paged::new(items, shown, total, PER_PAGE))
}

/// A follow-up waiting on a staff member: numbers and a day, never the note's text.
#[derive(Debug, Clone, Serialize)]
pub struct FollowUp {
    /// The note.
    pub note: CaseNoteId,
    /// Its request.
    pub request_id: RequestId,
    /// Its match, if it is on one.
    pub match_id: Option<MatchId>,
    /// A note or a logged contact.
    pub kind: NoteKind,
    /// The day.
    pub due: NaiveDate,
    /// Whether that day has passed.
    pub overdue: bool,
}

/// The most follow-ups the home page lists.
pub const FOLLOW_UPS_SHOWN: u64 = 50;

/// The follow-ups due for `staff` by `today` (their own notes, not yet done), oldest day
/// first. Reads no personal data, so it is not audited.
///
/// # Errors
/// Database failures.
pub async fn follow_ups_due(
    db: &impl ConnectionTrait,
    staff: StaffId,
    today: NaiveDate,
) -> Result<Vec<FollowUp>, AppError> {
    let rows = case_note::Entity::find()
        .filter(case_note::Column::AuthorId.eq(staff))
        .filter(case_note::Column::FollowUpOn.lte(today))
        .filter(case_note::Column::FollowUpDoneAt.is_null())
        .order_by_asc(case_note::Column::FollowUpOn)
        .order_by_asc(case_note::Column::Id)
        .paginate(db, FOLLOW_UPS_SHOWN)
        .fetch_page(0)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let due = r.follow_up_on?;
            Some(FollowUp {
                note: r.id,
                request_id: r.request_id,
                match_id: r.match_id,
                kind: r.kind,
                due,
                overdue: due < today,
            })
        })
        .collect())
}

/// Marks note `id`'s follow-up done (audited); `false` when it has no follow-up waiting.
///
/// # Errors
/// Database failures.
pub async fn mark_done(
    ctx: &AppContext,
    by: StaffId,
    id: CaseNoteId,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let txn = ctx.begin_write().await?;
    let Some(row) = case_note::Entity::find_by_id(id).one(&*txn).await? else {
        return Ok(false);
    };
    let done = case_note::Entity::update_many()
        .col_expr(case_note::Column::FollowUpDoneAt, Expr::value(Some(now)))
        .col_expr(case_note::Column::FollowUpDoneBy, Expr::value(Some(by)))
        .filter(case_note::Column::Id.eq(id))
        .filter(
            Condition::all()
                .add(case_note::Column::FollowUpOn.is_not_null())
                .add(case_note::Column::FollowUpDoneAt.is_null()),
        )
        .exec(&*txn)
        .await?
        .rows_affected
        == 1;
    if done {
        let subject = match row.match_id {
            Some(m) => Subject::Match(m),
            None => Subject::Request(row.request_id),
        };
        audit_log::append(
            &txn,
            ctx,
            crate::domain::audit::Actor::Staff(by),
            AuditAction::CaseNoteFollowUpDone,
            subject,
            serde_json::json!({ "note": id }),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(done)
}
