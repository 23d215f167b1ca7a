//! The registered person's management link: the registration behind it, decrypted for
//! its owner, and its renewal and withdrawal.

use super::renewal::{Change, REGISTRATION_ROWS, renew_row, withdraw_row};
use super::sealed::open_registration;
use super::status::{RequestStatus, lifecycle};
use crate::context::AppContext;
use crate::domain::contact::records::{Openness, RegistrationData, RegistrationRules};
use crate::domain::reissued::LinkKind;
use crate::domain::reissued_link as reissued;
use crate::entities::registration;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{RegistrationId, Token};
use crate::services::contact::candidates::forget_index;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// A registration as its owner sees it on the management page.
#[derive(Debug, Clone)]
pub struct RegistrationView {
    /// Where it stands (the same states as a request's).
    pub status: RequestStatus,
    /// Names, birth year, father's name, places, address.
    pub data: RegistrationData,
    /// How open the person is.
    pub openness: Openness,
    /// Allow and deny rules.
    pub rules: RegistrationRules,
    /// The language emails are written in.
    pub locale: Locale,
}

pub(crate) async fn registration_by_manage_token(
    db: &impl ConnectionTrait,
    token: &Token,
) -> Result<Option<registration::Model>, AppError> {
    if let Some(r) = registration::Entity::find()
        .filter(registration::Column::ManageHash.eq(token.hash()))
        .one(db)
        .await?
    {
        return Ok(Some(r));
    }
    // A link sent again on request ("lost your link?") works beside the first one.
    Ok(
        match reissued::target(db, LinkKind::RegistrationManage, token, Utc::now()).await? {
            Some(id) => {
                registration::Entity::find_by_id(RegistrationId(id))
                    .one(db)
                    .await?
            }
            None => None,
        },
    )
}

/// The registration behind a management link, decrypted for its owner (`None`: no such
/// link).
pub async fn registration_view(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<Option<RegistrationView>, AppError> {
    let Some(r) = registration_by_manage_token(&ctx.db, token).await? else {
        return Ok(None);
    };
    let Some(status) = lifecycle(r.state, r.expires_at, now) else {
        return Ok(None);
    };
    let details = open_registration(ctx, &r)?;
    Ok(Some(RegistrationView {
        status,
        data: details.data,
        openness: details.openness,
        rules: details.rules,
        locale: Locale::parse(&r.locale).unwrap_or_default(),
    }))
}

/// Renews the registration behind a management link (as [`renew_request`](super::renew_request)).
pub async fn renew_registration(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<Change, AppError> {
    let Some(r) = registration_by_manage_token(&ctx.db, token).await? else {
        return Ok(Change::Invalid);
    };
    renew_row::<registration::Entity, _>(ctx, &REGISTRATION_ROWS, r.id, r.state, r.expires_at, now)
        .await
}

/// Withdraws the registration behind a management link: state `withdrawn`, `closed_at`
/// set; it no longer takes part in matching. Its sealed personal data stays until contact
/// data has a retention schedule.
pub async fn withdraw_registration(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<Change, AppError> {
    let Some(r) = registration_by_manage_token(&ctx.db, token).await? else {
        return Ok(Change::Invalid);
    };
    let change =
        withdraw_row::<registration::Entity, _>(ctx, &REGISTRATION_ROWS, r.id, now).await?;
    if change == Change::Done {
        // Caseworkers' candidate lists drop it at once (on this instance).
        forget_index(ctx);
    }
    Ok(change)
}
