//! Answers given after a hand-over: `handovers.answered_on`, the day the official answered
//! (unset while no answer is recorded, and on answers typed in with the hand-over itself).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::date_null;

/// Adds `handovers.answered_on`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("handovers")
                    .add_column(date_null("answered_on"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("handovers")
                    .drop_column("answered_on")
                    .to_owned(),
            )
            .await
    }
}
