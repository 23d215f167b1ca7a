//! Small named values about the deployment itself (the `app_meta` table: the key check,
//! the pause switch, the readiness probe): one way to set one.

use crate::entities::app_meta;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, Set};

/// Sets `key` to `value`, adding the row if it is not there.
pub async fn put(db: &impl ConnectionTrait, key: &str, value: String) -> Result<(), DbErr> {
    app_meta::Entity::insert(app_meta::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value),
    })
    .on_conflict(
        OnConflict::column(app_meta::Column::Key)
            .update_column(app_meta::Column::Value)
            .to_owned(),
    )
    .exec(db)
    .await
    .map(|_| ())
}
