//! Hand-overs removed as a recorded state, never deleted: `handovers.removed_at` (when) and
//! `handovers.removed_by` (which staff member); both unset while the hand-over stands.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer_null, timestamp_with_time_zone_null};

/// Adds `handovers.removed_at` and `handovers.removed_by`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for col in [
            timestamp_with_time_zone_null("removed_at"),
            big_integer_null("removed_by"),
        ] {
            let mut col = col;
            manager
                .alter_table(
                    Table::alter()
                        .table("handovers")
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in ["removed_by", "removed_at"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("handovers")
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
