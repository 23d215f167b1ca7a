//! Reading the audit log for admins: filtered pages of events in words and the chain's
//! state, and the filtered events as CSV. Each reading and export is itself recorded.

use crate::context::AppContext;
use crate::domain::audit::{self, Actor, AuditAction, NewEvent, Subject, Verification};
use crate::domain::paging::{PageNo, Paged};
use crate::entities::audit_event;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::StaffId;
use crate::services::history::{self, EventWords};
use chrono::{NaiveDate, NaiveTime};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde::Serialize;

/// Events per page.
pub const PAGE_SIZE: u64 = 50;

/// The most events one CSV export holds (a narrower filter gets the rest).
pub const EXPORT_MAX: u64 = 100_000;

/// Filters of the audit page, already checked (see [`Filter::check`]).
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Actions: exactly one, or every action starting with this (`staff.login` finds
    /// `staff.login.failed` too).
    pub action: Option<String>,
    /// Exactly this actor (`staff:3`, `system`, `cli`, `public`).
    pub actor: Option<String>,
    /// Exactly this subject (`match:7`, `contact_request:5`, `staff:*`).
    pub subject: Option<String>,
    /// From this day (UTC, inclusive).
    pub from: Option<NaiveDate>,
    /// To this day (UTC, inclusive).
    pub to: Option<NaiveDate>,
    /// The page asked for (clamped to the last).
    pub page: PageNo,
}

/// Why a filter was refused: a field and its message code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterProblem {
    /// The field.
    pub field: &'static str,
    /// The message code (`form-error-<code>`).
    pub code: &'static str,
}

impl Filter {
    /// The problems of this filter: an action no event can have, an actor or subject of
    /// another shape, a range that ends before it starts.
    #[must_use]
    pub fn check(&self) -> Vec<FilterProblem> {
        let mut out = Vec::new();
        if let Some(a) = self.action.as_deref()
            && !AuditAction::ALL.iter().any(|k| k.as_str().starts_with(a))
        {
            out.push(FilterProblem {
                field: "action",
                code: "invalid-choice",
            });
        }
        if let Some(a) = self.actor.as_deref() {
            let ok = matches!(a, "system" | "cli" | "public")
                || crate::services::history::staff_id(a).is_some();
            if !ok {
                out.push(FilterProblem {
                    field: "actor",
                    code: "invalid-choice",
                });
            }
        }
        if let Some(s) = self.subject.as_deref()
            && (s.chars().count() > 100 || s.chars().any(char::is_control))
        {
            out.push(FilterProblem {
                field: "subject",
                code: "invalid",
            });
        }
        if let (Some(from), Some(to)) = (self.from, self.to)
            && to < from
        {
            out.push(FilterProblem {
                field: "to",
                code: "date-range-inverted",
            });
        }
        out
    }

    /// The filter as audit details (what was looked at, never what was found).
    fn details(&self) -> serde_json::Value {
        serde_json::json!({
            "action": self.action,
            "actor": self.actor,
            "subject": self.subject,
            "from": self.from.map(|d| d.to_string()),
            "to": self.to.map(|d| d.to_string()),
        })
    }

    /// The query of the events this filter selects, newest first.
    fn query(&self) -> sea_orm::Select<audit_event::Entity> {
        let mut q = audit_event::Entity::find();
        if let Some(a) = self.action.as_deref().filter(|a| !a.is_empty()) {
            q = q.filter(audit_event::Column::Action.starts_with(a));
        }
        if let Some(a) = self.actor.as_deref().filter(|a| !a.is_empty()) {
            q = q.filter(audit_event::Column::Actor.eq(a));
        }
        if let Some(s) = self.subject.as_deref().filter(|s| !s.is_empty()) {
            q = q.filter(audit_event::Column::Subject.eq(s));
        }
        if let Some(from) = self.from {
            q = q.filter(audit_event::Column::At.gte(from.and_time(NaiveTime::MIN).and_utc()));
        }
        if let Some(to) = self.to.and_then(|d| d.succ_opt()) {
            q = q.filter(audit_event::Column::At.lt(to.and_time(NaiveTime::MIN).and_utc()));
        }
        q.order_by_desc(audit_event::Column::Seq)
    }
}

/// A page of events in words.
#[derive(Debug, Clone, Serialize)]
pub struct EventPage {
    /// The events, newest first, in words.
    pub events: Paged<EventWords>,
    /// Whether the whole chain verifies.
    pub intact: bool,
    /// How many events the chain holds (when intact).
    pub checked: i64,
    /// Where it breaks, if it does.
    pub broken_at: Option<i64>,
}

/// A filtered page of events in `locale`'s words, plus the chain's state; records the
/// read.
///
/// # Errors
/// Database failures.
pub async fn page(
    ctx: &AppContext,
    viewer: StaffId,
    locale: Locale,
    filter: &Filter,
) -> Result<EventPage, AppError> {
    let paginator = filter.query().paginate(&ctx.db, PAGE_SIZE);
    let total = paginator.num_items().await?;
    let (index, shown) = Paged::<()>::index(filter.page, total, PAGE_SIZE);
    let rows = paginator.fetch_page(index).await?;
    let events = history::words(&ctx.db, locale, &rows).await?;
    let verification = audit::verify(&ctx.db, &ctx.crypto).await?;
    let mut details = filter.details();
    details["page"] = shown.get().into();
    record(
        ctx,
        NewEvent::staff(viewer, AuditAction::AuditView, Subject::AuditLog, details),
    )
    .await?;
    let (intact, checked, broken_at) = match verification {
        Verification::Intact { events } => (true, events, None),
        Verification::Broken { seq, .. } => (false, 0, Some(seq)),
    };
    Ok(EventPage {
        events: Paged::new(events, shown, total, PAGE_SIZE),
        intact,
        checked,
        broken_at,
    })
}

/// The events `filter` selects (newest first, at most [`EXPORT_MAX`]) as CSV in
/// `locale`'s words: the export is itself recorded, with the filter and the row count.
///
/// # Errors
/// Database failures; a CSV writer failure as `Internal`.
pub async fn export_csv(
    ctx: &AppContext,
    viewer: StaffId,
    locale: Locale,
    filter: &Filter,
) -> Result<Vec<u8>, AppError> {
    let rows = filter
        .query()
        .paginate(&ctx.db, EXPORT_MAX)
        .fetch_page(0)
        .await?;
    let events = history::words(&ctx.db, locale, &rows).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "audit-csv-seq",
        "audit-col-time",
        "audit-col-actor",
        "audit-col-action",
        "audit-col-subject",
        "audit-col-details",
        "audit-csv-action-code",
        "audit-csv-subject-code",
    ]
    .map(|k| locale.t(k));
    let csv_err = |e: csv::Error| AppError::Internal(format!("audit CSV: {e}"));
    out.write_record(&header).map_err(csv_err)?;
    for e in &events {
        // Machine-readable in every language: RFC 3339, UTC.
        let at = e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        out.write_record([
            e.seq.to_string().as_str(),
            &at,
            &e.actor,
            &e.action,
            &e.subject,
            &e.details_line(),
            &e.action_code,
            &e.subject_code,
        ])
        .map_err(csv_err)?;
    }
    let bytes = out
        .into_inner()
        .map_err(|e| AppError::Internal(format!("audit CSV: {e}")))?;
    let mut details = filter.details();
    details["rows"] = events.len().into();
    record(
        ctx,
        NewEvent::staff(viewer, AuditAction::AuditExport, Subject::AuditLog, details),
    )
    .await?;
    Ok(bytes)
}

/// Who may be chosen in the "who" filter: every staff account by name, and the others
/// (`system`, `cli`, `public`). Values as stored.
///
/// # Errors
/// Database failures.
pub async fn actors(ctx: &AppContext) -> Result<Vec<(String, String)>, AppError> {
    Ok(crate::entities::staff::Entity::find()
        .order_by_asc(crate::entities::staff::Column::DisplayName)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|s| (format!("staff:{}", s.id), s.display_name))
        .collect())
}

/// Records one event in a transaction of its own: what a staff page that only reads
/// personal data (or hands out a file) leaves behind.
pub async fn record(ctx: &AppContext, event: NewEvent) -> Result<(), AppError> {
    let txn = ctx.begin_write().await?;
    audit::record(&txn, &ctx.crypto, event).await?;
    txn.commit().await?;
    Ok(())
}

/// Appends one event to the audit chain inside `txn` (the transaction of the change it
/// records): the one place services write an event from its four parts.
pub(crate) async fn append(
    txn: &sea_orm::DatabaseTransaction,
    ctx: &AppContext,
    actor: Actor,
    action: AuditAction,
    subject: Subject,
    details: serde_json::Value,
) -> Result<(), AppError> {
    audit::record(
        txn,
        &ctx.crypto,
        NewEvent {
            actor,
            action,
            subject,
            details,
        },
    )
    .await?;
    Ok(())
}
