//! Finding the row behind an unexpired reissued link ("lost your link?"). The original link
//! columns stay as they are, so older links keep working beside these.

use super::reissued::LinkKind;
use crate::entities::reissued_link;
use crate::ids::Token;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// The row id behind `token` when it is an unexpired reissued link of `kind`.
///
/// # Errors
/// Database errors.
pub async fn target(
    db: &impl ConnectionTrait,
    kind: LinkKind,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<Option<i64>, sea_orm::DbErr> {
    Ok(reissued_link::Entity::find()
        .filter(reissued_link::Column::TokenHash.eq(token.hash()))
        .filter(reissued_link::Column::Kind.eq(kind))
        .filter(reissued_link::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .map(|r| r.target_id))
}
