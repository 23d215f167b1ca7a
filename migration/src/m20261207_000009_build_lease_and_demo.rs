//! Edition builds hold a lease renewed by a heartbeat (so a build whose worker died is seen
//! as stale at once, not after half an hour), and demo contact records are marked as demo
//! (never offered as candidates for real requests, nor real ones for demo requests).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{boolean, string_null, timestamp_with_time_zone_null};

/// The build-lease and demo-marker migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("editions")
                    .add_column(timestamp_with_time_zone_null("lease_until"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("editions")
                    .add_column(string_null("lease_token"))
                    .to_owned(),
            )
            .await?;
        for table in ["registrations", "contact_requests"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(boolean("demo").default(false))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, col) in [
            ("contact_requests", "demo"),
            ("registrations", "demo"),
            ("editions", "lease_token"),
            ("editions", "lease_until"),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
