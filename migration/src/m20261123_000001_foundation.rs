//! Foundation tables: the email outbox, the hash-chained audit log with its head row, and
//! the first petition tables (a petition and its per-language texts).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_pk_auto, blob, integer, integer_null, pk_auto, string, string_null, text,
    text_null, timestamp_with_time_zone, timestamp_with_time_zone_null,
};

/// Creates the foundation tables.
#[derive(DeriveMigrationName)]
pub struct Migration;

/// The hash the audit chain starts from.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("outbox")
                    .col(big_pk_auto("id"))
                    .col(string("template"))
                    .col(string("locale"))
                    .col(blob("recipient"))
                    .col(blob("payload"))
                    .col(string("status"))
                    .col(integer("attempts").default(0))
                    .col(timestamp_with_time_zone("next_attempt_at"))
                    .col(timestamp_with_time_zone_null("locked_until"))
                    .col(text_null("last_error"))
                    .col(string_null("message_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("sent_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("outbox_due")
                    .table("outbox")
                    .col("status")
                    .col("next_attempt_at")
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("audit_events")
                    .col(big_pk_auto("id"))
                    .col(big_integer("seq").unique_key())
                    .col(timestamp_with_time_zone("at"))
                    .col(string("actor"))
                    .col(string("action"))
                    .col(string("subject"))
                    .col(text("details"))
                    .col(string("prev_hash"))
                    .col(string("hash"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("audit_head")
                    .col(pk_auto("id"))
                    .col(big_integer("seq"))
                    .col(string("hash"))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table("audit_head")
                    .columns(["id", "seq", "hash"])
                    .values_panic([1.into(), 0i64.into(), GENESIS.into()])
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table("petitions")
                    .col(big_pk_auto("id"))
                    .col(string("slug").unique_key())
                    .col(string("state"))
                    .col(integer_null("goal"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("petition_texts")
                    .col(big_pk_auto("id"))
                    .col(big_integer("petition_id"))
                    .col(string("locale"))
                    .col(string("title"))
                    .col(text("summary"))
                    .col(text("body"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("petition_texts_petition")
                            .from("petition_texts", "petition_id")
                            .to("petitions", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("petition_texts_unique_locale")
                    .table("petition_texts")
                    .col("petition_id")
                    .col("locale")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "petition_texts",
            "petitions",
            "audit_head",
            "audit_events",
            "outbox",
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
