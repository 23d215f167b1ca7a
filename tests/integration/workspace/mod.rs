//! The caseworkers' workspace (issue #15, items 1–4): work by stage on the caseworker's
//! home (a proposal waiting for a second caseworker shows on every other caseworker's home
//! unasked), assignment and need-to-know (a reason, audited, before someone else's case
//! opens), search by a name in either script and the queue's filters, and the content-free
//! "something is waiting" email, at most hourly and with an opt-out.

mod alerts;
mod home;
mod need_to_know;
mod search;

use crate::support::TestApp;
use peyvand::entities::audit_event;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// The details of every audit event recording `action`, oldest first.
pub async fn audit_details(app: &TestApp, action: &str) -> Vec<String> {
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .order_by_asc(audit_event::Column::Seq)
        .all(&app.ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.details)
        .collect()
}
