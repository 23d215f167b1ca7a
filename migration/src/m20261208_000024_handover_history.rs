//! Hand-overs kept true (issue #17): how each was handed over (`handovers.channel`: in
//! person, by post, by email), the answer's summary in Persian and French beside the
//! English one in `handovers.answer`, and the record of every change to a hand-over
//! (`handover_changes`: who, when, which fields from what to what).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_pk_auto, string, string_null, text, timestamp_with_time_zone,
};

/// The hand-over history migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

fn handover_columns() -> Vec<ColumnDef> {
    vec![
        string_null("channel"),
        text("answer_fa").default("").to_owned(),
        text("answer_fr").default("").to_owned(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for mut col in handover_columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table("handovers")
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("handover_changes")
                    .col(big_pk_auto("id"))
                    .col(big_integer("handover_id"))
                    .col(string("kind"))
                    .col(text("changes"))
                    .col(big_integer("changed_by"))
                    .col(timestamp_with_time_zone("changed_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("handover_changes_handover")
                    .table("handover_changes")
                    .col("handover_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("handover_changes").to_owned())
            .await?;
        for col in ["channel", "answer_fa", "answer_fr"] {
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
