//! What the caseworkers' assisted-intake page lists: the records filed for people without
//! email that wait for a second caseworker (with what that caseworker must check), and
//! those in force (a request's own view to read out, a registration to hand over). Each
//! read of the page is audited by the caller's service call here.

use super::append;
use crate::context::AppContext;
use crate::domain::approval::{Action, ApprovalKind, ApprovalStatus};
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::domain::contact::intake::{ContactPreference, IntakeChannel};
use crate::domain::contact::records::{
    self as dc, Openness, RecordState, RegistrationData, RegistrationRules, RequesterData, context,
};
use crate::entities::{approval, contact_request, registration, sought_person};
use crate::error::AppError;
use crate::ids::{ApprovalId, RegistrationId, RequestId, StaffId};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

/// Most rows each list shows.
const LIST_LIMIT: u64 = 100;

/// A record waiting for a second caseworker.
#[derive(Debug, Clone, Serialize)]
pub struct Waiting {
    /// The proposal.
    pub approval_id: ApprovalId,
    /// `request` or `registration`.
    pub kind: &'static str,
    /// The request (requests).
    pub request_id: Option<RequestId>,
    /// The registration (registrations).
    pub registration_id: Option<RegistrationId>,
    /// The requester's name, or the registered person's names.
    pub names: Vec<String>,
    /// The persons sought (requests).
    pub sought: Vec<String>,
    /// How it came in.
    pub channel: IntakeChannel,
    /// How the person wants to be reached.
    pub preference: ContactPreference,
    /// Openness (registrations).
    pub openness: Option<Openness>,
    /// Names vetoed (registrations).
    pub deny_names: Vec<String>,
    /// How consent was obtained, as the first caseworker wrote it.
    pub how: String,
    /// The first caseworker.
    pub proposed_by: StaffId,
    /// The viewer proposed it (and cannot decide it).
    pub mine: bool,
}

/// An assisted record in force.
#[derive(Debug, Clone, Serialize)]
pub struct InForce {
    /// `request` or `registration`.
    pub kind: &'static str,
    /// The row id.
    pub id: i64,
    /// The name(s).
    pub names: Vec<String>,
    /// How it came in.
    pub channel: IntakeChannel,
    /// How the person wants to be reached.
    pub preference: ContactPreference,
    /// A registration still without an address (a take-over link can be sent).
    pub no_address: bool,
}

/// The assisted-intake page's lists (the read is audited).
#[derive(Debug, Clone, Serialize)]
pub struct AssistedLists {
    /// Waiting for a second caseworker.
    pub waiting: Vec<Waiting>,
    /// In force.
    pub in_force: Vec<InForce>,
}

/// The lists, for `viewer`.
pub async fn assisted_lists(
    ctx: &AppContext,
    viewer: StaffId,
    now: DateTime<Utc>,
) -> Result<AssistedLists, AppError> {
    let proposals = approval::Entity::find()
        .filter(approval::Column::Kind.is_in([
            ApprovalKind::ConfirmAssistedRequest,
            ApprovalKind::ConfirmOfflineRegistration,
        ]))
        .filter(approval::Column::Status.eq(ApprovalStatus::Pending))
        .filter(approval::Column::ExpiresAt.gt(now))
        .order_by_asc(approval::Column::Id)
        .limit(LIST_LIMIT)
        .all(&ctx.db)
        .await?;
    let mut waiting = Vec::new();
    for p in proposals {
        let base = |kind| Waiting {
            approval_id: p.id,
            kind,
            request_id: None,
            registration_id: None,
            names: Vec::new(),
            sought: Vec::new(),
            channel: IntakeChannel::Online,
            preference: ContactPreference::Email,
            openness: None,
            deny_names: Vec::new(),
            how: p.reason.clone(),
            proposed_by: p.proposed_by,
            mine: p.proposed_by == viewer,
        };
        match Action::from_row(&p) {
            Some(Action::ConfirmAssistedRequest { request_id, .. }) => {
                let Some(r) = contact_request::Entity::find_by_id(request_id)
                    .one(&ctx.db)
                    .await?
                else {
                    continue;
                };
                let who: RequesterData =
                    dc::open(&ctx.crypto, context::REQUESTER, &r.requester_enc)?;
                let mut sought = Vec::new();
                for s in sought_person::Entity::find()
                    .filter(sought_person::Column::RequestId.eq(r.id))
                    .all(&ctx.db)
                    .await?
                {
                    sought.extend(super::open_sought(ctx, &s)?.all_names());
                }
                waiting.push(Waiting {
                    request_id: Some(r.id),
                    names: vec![who.name],
                    sought,
                    channel: r.intake_channel,
                    preference: r.contact_preference,
                    ..base("request")
                });
            }
            Some(Action::ConfirmOfflineRegistration { registration_id }) => {
                let Some(r) = registration::Entity::find_by_id(registration_id)
                    .one(&ctx.db)
                    .await?
                else {
                    continue;
                };
                let data: RegistrationData =
                    dc::open(&ctx.crypto, context::REGISTRATION, &r.data_enc)?;
                let rules: RegistrationRules = dc::open(&ctx.crypto, context::RULES, &r.rules_enc)?;
                waiting.push(Waiting {
                    registration_id: Some(r.id),
                    names: data.names,
                    channel: r.intake_channel,
                    preference: r.contact_preference,
                    openness: Some(r.openness),
                    deny_names: rules.deny_names,
                    ..base("registration")
                });
            }
            _ => {}
        }
    }
    let mut in_force = Vec::new();
    for r in contact_request::Entity::find()
        .filter(contact_request::Column::FiledBy.is_not_null())
        .filter(contact_request::Column::State.eq(RecordState::Active))
        .order_by_desc(contact_request::Column::Id)
        .limit(LIST_LIMIT)
        .all(&ctx.db)
        .await?
    {
        let who: RequesterData = dc::open(&ctx.crypto, context::REQUESTER, &r.requester_enc)?;
        in_force.push(InForce {
            kind: "request",
            id: r.id.0,
            names: vec![who.name],
            channel: r.intake_channel,
            preference: r.contact_preference,
            no_address: who.email.is_empty(),
        });
    }
    for r in registration::Entity::find()
        .filter(registration::Column::RecordedBy.is_not_null())
        .filter(registration::Column::State.eq(RecordState::Active))
        .order_by_desc(registration::Column::Id)
        .limit(LIST_LIMIT)
        .all(&ctx.db)
        .await?
    {
        let data: RegistrationData = dc::open(&ctx.crypto, context::REGISTRATION, &r.data_enc)?;
        in_force.push(InForce {
            kind: "registration",
            id: r.id.0,
            names: data.names,
            channel: r.intake_channel,
            preference: r.contact_preference,
            no_address: data.email.is_empty() && r.takeover_hash.is_none(),
        });
    }
    let txn = ctx.begin_write().await?;
    append(
        &txn,
        ctx,
        Actor::Staff(viewer),
        AuditAction::ContactAssistedView,
        Subject::AllContact,
        serde_json::json!({ "waiting": waiting.len(), "in_force": in_force.len() }),
    )
    .await?;
    txn.commit().await?;
    Ok(AssistedLists { waiting, in_force })
}

/// Records that `viewer` read the own view of request `id` (to read it to the requester).
pub async fn audit_requester_view(
    ctx: &AppContext,
    viewer: StaffId,
    id: RequestId,
) -> Result<(), AppError> {
    let txn = ctx.begin_write().await?;
    append(
        &txn,
        ctx,
        Actor::Staff(viewer),
        AuditAction::ContactRequesterViewRead,
        Subject::Request(id),
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether request `id` was filed by a caseworker and came into force (its own view may be
/// read out; one still waiting or rejected has no view).
pub async fn is_assisted_request(ctx: &AppContext, id: RequestId) -> Result<bool, AppError> {
    Ok(contact_request::Entity::find_by_id(id)
        .one(&ctx.db)
        .await?
        .is_some_and(|r| r.filed_by.is_some() && r.verified_at.is_some()))
}
