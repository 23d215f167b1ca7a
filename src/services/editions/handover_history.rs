//! A hand-over's history: every edit, answer and removal recorded with who, when, and each
//! changed field's value before and after (`handover_changes`), read back for the staff
//! page.

use crate::context::AppContext;
use crate::domain::petitions::edition::HandoverChangeKind;
use crate::entities::{handover_change, staff};
use crate::error::AppError;
use crate::ids::{HandoverId, StaffId};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One field's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    /// The field (`recipient`, `office`, `handed_on`, `form`, `channel`, `answer_en`,
    /// `answer_fa`, `answer_fr`, `answered_on`).
    pub field: String,
    /// Its value before (empty when there was none).
    pub before: String,
    /// Its value after.
    pub after: String,
}

impl Change {
    /// The change of `field` from `before` to `after`, if they differ.
    #[must_use]
    pub fn of(field: &str, before: &str, after: &str) -> Option<Self> {
        (before != after).then(|| Self {
            field: field.to_owned(),
            before: before.to_owned(),
            after: after.to_owned(),
        })
    }
}

/// Stores one change to a hand-over.
///
/// # Errors
/// Database errors.
pub async fn record(
    db: &impl ConnectionTrait,
    handover_id: HandoverId,
    kind: HandoverChangeKind,
    changes: &[Change],
    by: StaffId,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    let changes = serde_json::to_string(changes)
        .map_err(|e| AppError::Internal(format!("handover change: {e}")))?;
    handover_change::ActiveModel {
        handover_id: Set(handover_id),
        kind: Set(kind),
        changes: Set(changes),
        changed_by: Set(by),
        changed_at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A recorded change for display.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeRow {
    /// What kind of change.
    pub kind: HandoverChangeKind,
    /// Who made it (their display name; empty for a removed account).
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
    /// The fields changed.
    pub changes: Vec<Change>,
}

/// The recorded changes of these hand-overs, oldest first, by hand-over.
///
/// # Errors
/// Database errors; a stored change that does not read back.
pub async fn changes(
    ctx: &AppContext,
    ids: &[HandoverId],
) -> Result<BTreeMap<HandoverId, Vec<ChangeRow>>, AppError> {
    let mut out: BTreeMap<HandoverId, Vec<ChangeRow>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows = handover_change::Entity::find()
        .filter(handover_change::Column::HandoverId.is_in(ids.iter().copied()))
        .order_by_asc(handover_change::Column::ChangedAt)
        .order_by_asc(handover_change::Column::Id)
        .all(&ctx.db)
        .await?;
    let people: BTreeMap<StaffId, String> = staff::Entity::find()
        .filter(staff::Column::Id.is_in(rows.iter().map(|r| r.changed_by)))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.display_name))
        .collect();
    for r in rows {
        let changes: Vec<Change> = serde_json::from_str(&r.changes)
            .map_err(|e| AppError::Internal(format!("handover change {}: {e}", r.id)))?;
        out.entry(r.handover_id).or_default().push(ChangeRow {
            kind: r.kind,
            by: people.get(&r.changed_by).cloned().unwrap_or_default(),
            at: r.changed_at,
            changes,
        });
    }
    Ok(out)
}
