//! Signing attempts: what a signer submitted, sealed in one record that is committed before
//! the signer is told "check your inbox" and carried out afterwards (new signature, a repeated
//! address, a household, a shadow ban), so the answer's timing cannot depend on what the
//! address did before.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, big_pk_auto, blob, timestamp_with_time_zone};

/// The signing-attempts migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("sign_attempts")
                    .col(big_pk_auto("id"))
                    .col(big_integer("petition_id"))
                    .col(blob("payload_enc"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("sign_attempts_petition")
                            .from("sign_attempts", "petition_id")
                            .to("petitions", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("sign_attempts").to_owned())
            .await
    }
}
