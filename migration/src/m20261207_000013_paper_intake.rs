//! Paper intake and provenance (issue #16): every signature's channel (`online` for the
//! rows that exist), its sheet and line, its batch, who entered and who checked it, and a
//! blind index of its normalised name, city and country for duplicate checks; the printed
//! sheet runs (so sheet numbers are known), the batches of typed-up sheets and the sheets
//! each batch used (one batch per sheet number and petition, ever).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, integer, integer_null, string, string_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

/// The paper-intake migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// Columns added to `signatures` (SQLite alters one column per statement).
fn signature_columns() -> Vec<ColumnDef> {
    vec![
        string("channel").default("online").to_owned(),
        integer_null("sheet_number"),
        integer_null("sheet_line"),
        big_integer_null("paper_batch_id"),
        big_integer_null("entered_by"),
        big_integer_null("checked_by"),
        string_null("name_index"),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for mut col in signature_columns() {
            manager
                .alter_table(
                    Table::alter()
                        .table("signatures")
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        let mut channel = string("channel").default("online").to_owned();
        manager
            .alter_table(
                Table::alter()
                    .table("edition_entries")
                    .add_column(&mut channel)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("signatures_name_index")
                    .table("signatures")
                    .col("petition_id")
                    .col("name_index")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("signatures_paper_batch")
                    .table("signatures")
                    .col("paper_batch_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("paper_sheet_runs")
                    .col(big_pk_auto("id"))
                    .col(big_integer("petition_id"))
                    .col(integer("first_number"))
                    .col(integer("last_number"))
                    .col(integer("lines"))
                    .col(string("locale"))
                    .col(big_integer_null("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("paper_sheet_runs_petition")
                            .from("paper_sheet_runs", "petition_id")
                            .to("petitions", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("paper_sheet_runs_first")
                    .table("paper_sheet_runs")
                    .col("petition_id")
                    .col("first_number")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("paper_batches")
                    .col(big_pk_auto("id"))
                    .col(big_integer("petition_id"))
                    .col(string("state"))
                    .col(string("collected_where"))
                    .col(string("collected_on"))
                    .col(integer("lines"))
                    .col(big_integer("entered_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(big_integer_null("approval_id"))
                    .col(big_integer_null("checked_by"))
                    .col(timestamp_with_time_zone_null("checked_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("paper_batches_petition")
                            .from("paper_batches", "petition_id")
                            .to("petitions", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("paper_batch_sheets")
                    .col(big_pk_auto("id"))
                    .col(big_integer("petition_id"))
                    .col(integer("sheet_number"))
                    .col(big_integer("batch_id"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("paper_batch_sheets_batch")
                            .from("paper_batch_sheets", "batch_id")
                            .to("paper_batches", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("paper_batch_sheets_once")
                    .table("paper_batch_sheets")
                    .col("petition_id")
                    .col("sheet_number")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["paper_batch_sheets", "paper_batches", "paper_sheet_runs"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        for index in ["signatures_paper_batch", "signatures_name_index"] {
            manager
                .drop_index(Index::drop().name(index).table("signatures").to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("edition_entries")
                    .drop_column("channel")
                    .to_owned(),
            )
            .await?;
        for col in [
            "name_index",
            "checked_by",
            "entered_by",
            "paper_batch_id",
            "sheet_line",
            "sheet_number",
            "channel",
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("signatures")
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
