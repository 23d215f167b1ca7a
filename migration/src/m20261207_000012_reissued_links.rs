//! Reissued links: fresh links a person asked for on the "lost your link?" form (issue #14),
//! to a signature's confirmation (receipt) or withdrawal page or to a registration's
//! management page. Kept beside the original link columns, so older links keep working;
//! only a token's hash is stored, and each row expires.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, big_pk_auto, string, timestamp_with_time_zone};

/// The reissued-links migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("reissued_links")
                    .col(big_pk_auto("id"))
                    .col(string("kind"))
                    .col(big_integer("target_id"))
                    .col(string("token_hash"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("reissued_links_token_hash")
                    .table("reissued_links")
                    .col("token_hash")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("reissued_links").to_owned())
            .await
    }
}
