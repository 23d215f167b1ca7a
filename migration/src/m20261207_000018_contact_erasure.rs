//! "Erase my data now" on the contact side (issue #14): `contact_requests.erased_at` and
//! `registrations.erased_at` mark a row whose personal data its owner erased; the row stays
//! as a tombstone (dates, state, counts), its sealed documents emptied.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::timestamp_with_time_zone_null;

/// Adds `erased_at` to `contact_requests` and `registrations`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for table in ["contact_requests", "registrations"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(timestamp_with_time_zone_null("erased_at"))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["registrations", "contact_requests"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .drop_column("erased_at")
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
