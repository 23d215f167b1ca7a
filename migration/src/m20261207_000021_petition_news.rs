//! Petition news (issue #17): a signer's own choice to get news of the petition by email —
//! `signatures.news_opt_in` with the wording's version and the signer's language, a sealed
//! one-click unsubscribe token and its hash, and when they unsubscribed — and the updates
//! organisers write (`petition_updates`: texts per language, four-eyes state, the sending
//! cursor and counts).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, blob_null, boolean, string, string_null, text,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

/// The petition-news migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

fn signature_columns() -> Vec<ColumnDef> {
    vec![
        boolean("news_opt_in").default(false).to_owned(),
        string_null("news_wording"),
        string_null("news_locale"),
        blob_null("news_token_enc"),
        string_null("news_hash"),
        timestamp_with_time_zone_null("news_unsubscribed_at"),
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
        manager
            .create_index(
                Index::create()
                    .name("signatures_news_hash")
                    .table("signatures")
                    .col("news_hash")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("petition_updates")
                    .col(big_pk_auto("id"))
                    .col(big_integer("petition_id"))
                    .col(text("subject_en"))
                    .col(text("subject_fa"))
                    .col(text("subject_fr"))
                    .col(text("body_en"))
                    .col(text("body_fa"))
                    .col(text("body_fr"))
                    .col(string("state"))
                    .col(string("origin"))
                    .col(big_integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(big_integer_null("approval_id"))
                    .col(big_integer_null("approved_by"))
                    .col(timestamp_with_time_zone_null("approved_at"))
                    .col(big_integer("cursor").default(0))
                    .col(big_integer("queued").default(0))
                    .col(timestamp_with_time_zone_null("finished_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("petition_updates").to_owned())
            .await?;
        for col in [
            "news_unsubscribed_at",
            "news_hash",
            "news_token_enc",
            "news_locale",
            "news_wording",
            "news_opt_in",
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
