//! The requester's consent on a request a caseworker filed for them (phone, in person,
//! post): recorded as staff-asserted consent when the request is filed, and counted only
//! once a second caseworker approves the request (the approval names the record).

use super::Answer;
use super::WelfareChoice;
use super::records::{NewConsent, record_consent};
use crate::context::AppContext;
use crate::domain::contact::consent::{Channel, Choice, Decision, Party, REQUESTER_WORDING};
use crate::entities::consent;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{ApprovalId, ConsentId, RequestId, StaffId};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

/// Records the requester's "yes, I want contact, through the portal's relay" as a
/// caseworker asserted it (the wording read out in `locale`); it does not count until
/// [`confirm_assisted_consent`] runs with a second caseworker's approval.
pub async fn assert_requester_consent(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    request_id: RequestId,
    caseworker: StaffId,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<ConsentId, AppError> {
    let answer = Answer {
        decision: Decision::Accept,
        choice: Some(Choice::Relay),
        detail: String::new(),
        welfare: WelfareChoice::None,
    };
    let c = record_consent(
        txn,
        ctx,
        NewConsent {
            request_id,
            match_id: None,
            party: Party::Requester,
            answer: &answer,
            wording: REQUESTER_WORDING,
            locale,
            channel: Channel::Staff,
            asserted_by: Some(caseworker),
        },
        now,
    )
    .await?;
    Ok(c.id)
}

/// Lets the asserted consent `consent_id` of request `request_id` count (a second
/// caseworker approved it as proposal `approval_id`). `false` (nothing written) when it
/// is not that request's unapproved, unwithdrawn, unexpired staff record.
pub async fn confirm_assisted_consent(
    txn: &DatabaseTransaction,
    request_id: RequestId,
    consent_id: ConsentId,
    approval_id: ApprovalId,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let Some(c) = consent::Entity::find_by_id(consent_id).one(txn).await? else {
        return Ok(false);
    };
    if c.request_id != request_id
        || c.party != Party::Requester
        || c.channel != Channel::Staff
        || c.approval_id.is_some()
        || c.withdrawn_at.is_some()
        || now >= c.expires_at
    {
        return Ok(false);
    }
    let n = consent::Entity::update_many()
        .col_expr(consent::Column::ApprovalId, Expr::value(approval_id))
        .filter(consent::Column::Id.eq(consent_id))
        .filter(consent::Column::ApprovalId.is_null())
        .exec(txn)
        .await?
        .rows_affected;
    Ok(n == 1)
}
