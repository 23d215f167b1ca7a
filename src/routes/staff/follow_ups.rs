//! The follow-ups due for the viewer, as the staff home page's partial
//! `staff/follow_ups` shows them (numbers and days, never a note's text); "done" is
//! answered by the notes routes.

use crate::context::AppContext;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::services::staff::notes;
use crate::web::guards::staff_auth::CurrentStaff;
use crate::web::pagination;
use chrono::Utc;
use serde_json::{Value, json};

/// The follow-ups due for the viewer, for the staff home page's partial
/// `staff/follow_ups` (empty for staff who are not caseworkers).
///
/// # Errors
/// Database failures.
pub async fn follow_ups(
    ctx: &AppContext,
    locale: Locale,
    current: &CurrentStaff,
) -> Result<Vec<Value>, AppError> {
    if !current.has(crate::domain::staff::account::Role::Caseworker) {
        return Ok(Vec::new());
    }
    let today = Utc::now().date_naive();
    Ok(notes::follow_ups_due(&ctx.db, current.account.id, today)
        .await?
        .into_iter()
        .map(|f| {
            json!({
                "note": f.note,
                "request_id": f.request_id,
                "match_id": f.match_id,
                "kind": f.kind,
                "due": pagination::digits(locale, f.due),
                "overdue": f.overdue,
            })
        })
        .collect())
}
