//! Outbox retries for days: `retry_since`, when an email's retry window began (it was
//! queued, or an administrator retried it after it failed); unset on older rows, whose
//! window starts at `created_at`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::timestamp_with_time_zone_null;

/// Adds `outbox.retry_since`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("outbox")
                    .add_column(timestamp_with_time_zone_null("retry_since"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("outbox")
                    .drop_column("retry_since")
                    .to_owned(),
            )
            .await
    }
}
