//! The requester's status link: the request behind it, what its page may show (built
//! from the request's own row only), and its renewal and withdrawal.

use super::renewal::{Change, REQUEST_ROWS, renew_row, renewable, withdraw_row};
use crate::context::AppContext;
use crate::domain::contact::consent::Party;
use crate::domain::contact::records::RecordState;
use crate::entities::contact_request;
use crate::error::AppError;
use crate::ids::Token;
use crate::services::contact::links;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// What the requester's status page shows. Built from the request's own row only.
///
/// Later issues add states here ("connected", "a welfare message was released"): they
/// must come from columns of the request row that staff set explicitly, so that nothing
/// about registrations or matches can reach this page by another path (safety rule 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestStatus {
    /// Received, verified, in force: "received — in progress". Nothing more, whatever
    /// happened or did not happen behind it.
    InProgress {
        /// When it expires unless renewed.
        expires_at: DateTime<Utc>,
        /// Within [`RENEWAL_NOTICE_DAYS`](super::RENEWAL_NOTICE_DAYS) of expiry: the renew
        /// button shows.
        renewable: bool,
    },
    /// Expired without renewal.
    Expired,
    /// Withdrawn by the requester.
    Withdrawn,
}

impl RequestStatus {
    /// The stored form, for templates.
    #[must_use]
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::InProgress { .. } => "in_progress",
            Self::Expired => "expired",
            Self::Withdrawn => "withdrawn",
        }
    }
}

pub(crate) fn lifecycle(
    row_state: RecordState,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<RequestStatus> {
    match row_state {
        RecordState::Active if now < expires_at => Some(RequestStatus::InProgress {
            expires_at,
            renewable: renewable(expires_at, now),
        }),
        RecordState::Active | RecordState::Closed => Some(RequestStatus::Expired),
        RecordState::Withdrawn => Some(RequestStatus::Withdrawn),
        _ => None,
    }
}

/// The request behind a requester's link: the status link (from the verification or the
/// latest reminder) or an unexpired link sent with a notification. Both lookups always
/// run.
/// A request by its id (a caseworker reading the requester's own view to them).
pub(crate) async fn request_by_id(
    db: &impl ConnectionTrait,
    id: crate::ids::RequestId,
) -> Result<Option<contact_request::Model>, AppError> {
    Ok(contact_request::Entity::find_by_id(id).one(db).await?)
}

pub(crate) async fn request_by_status_token(
    db: &impl ConnectionTrait,
    token: &Token,
) -> Result<Option<contact_request::Model>, AppError> {
    let by_status = contact_request::Entity::find()
        .filter(contact_request::Column::StatusHash.eq(token.hash()))
        .one(db)
        .await?;
    let by_link = links::resolve(db, token, Utc::now())
        .await?
        .filter(|l| l.party == Party::Requester);
    Ok(match (by_status, by_link) {
        (Some(r), _) => Some(r),
        (None, Some(l)) => {
            contact_request::Entity::find_by_id(l.request_id)
                .one(db)
                .await?
        }
        (None, None) => None,
    })
}

/// The status of the request behind a status link (`None`: no such link). Reads the
/// request row and nothing else.
pub async fn request_status(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<Option<RequestStatus>, AppError> {
    Ok(request_by_status_token(&ctx.db, token)
        .await?
        .and_then(|r| lifecycle(r.state, r.expires_at, now)))
}

/// Renews the request behind a status link: within
/// [`RENEWAL_NOTICE_DAYS`](super::RENEWAL_NOTICE_DAYS) of expiry, the expiry moves a full
/// period on and a new reminder will go out before that.
pub async fn renew_request(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<Change, AppError> {
    let Some(r) = request_by_status_token(&ctx.db, token).await? else {
        return Ok(Change::Invalid);
    };
    renew_row::<contact_request::Entity, _>(ctx, &REQUEST_ROWS, r.id, r.state, r.expires_at, now)
        .await
}

/// Withdraws the request behind a status link: state `withdrawn`, `closed_at` set.
/// Its sealed personal data stays until contact data has a retention schedule.
pub async fn withdraw_request(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<Change, AppError> {
    let Some(r) = request_by_status_token(&ctx.db, token).await? else {
        return Ok(Change::Invalid);
    };
    withdraw_row::<contact_request::Entity, _>(ctx, &REQUEST_ROWS, r.id, now).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn renewal_opens_thirty_days_before_expiry() {
        let exp = Utc.with_ymd_and_hms(2030, 6, 1, 0, 0, 0).unwrap();
        assert!(!renewable(exp, exp - Duration::days(31)));
        assert!(renewable(exp, exp - Duration::days(30)));
        assert!(renewable(exp, exp - Duration::seconds(1)));
        assert!(!renewable(exp, exp), "expired: too late");
        assert_eq!(
            lifecycle(RecordState::Active, exp, exp),
            Some(RequestStatus::Expired)
        );
        assert_eq!(lifecycle(RecordState::Unverified, exp, exp), None);
    }
}
