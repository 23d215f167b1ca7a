//! Case notes and the contact log (issue #15 item 5): `case_notes` holds a caseworker's
//! encrypted note on a request or a match, or a logged call or meeting (channel, outcome),
//! each with an optional follow-up day and when (and by whom) the follow-up was done.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, blob, date_null, string, string_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

/// Creates `case_notes`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("case_notes")
                    .col(big_pk_auto("id"))
                    .col(big_integer("request_id"))
                    .col(big_integer_null("match_id"))
                    .col(string("kind"))
                    .col(string_null("channel"))
                    .col(string_null("outcome"))
                    .col(blob("text_enc"))
                    .col(big_integer("author_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(date_null("follow_up_on"))
                    .col(timestamp_with_time_zone_null("follow_up_done_at"))
                    .col(big_integer_null("follow_up_done_by"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("case_notes_request")
                    .table("case_notes")
                    .col("request_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("case_notes_follow_up")
                    .table("case_notes")
                    .col("author_id")
                    .col("follow_up_on")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("case_notes").to_owned())
            .await
    }
}
