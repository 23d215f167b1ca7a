//! Scanned letters (issues #16 item 3 and #17 item 1): `letter_scans`, the sanitised scan of
//! a letter on paper, sealed like the letter's text and tied to its signature (one each;
//! nulled when the signature's personal data is erased); and `answer_scans`, the official's
//! answer letter to a hand-over, public, so stored as it is shown (one current scan per
//! hand-over, a replaced one kept with the day it was replaced).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_pk_auto, blob, blob_null, integer, timestamp_with_time_zone,
    timestamp_with_time_zone_null,
};

/// The scans migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("letter_scans")
                    .col(big_pk_auto("id"))
                    .col(big_integer("signature_id"))
                    .col(blob_null("image_enc"))
                    .col(integer("width"))
                    .col(integer("height"))
                    .col(big_integer("entered_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("erased_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("letter_scans_signature")
                            .from("letter_scans", "signature_id")
                            .to("signatures", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("letter_scans_once")
                    .table("letter_scans")
                    .col("signature_id")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("answer_scans")
                    .col(big_pk_auto("id"))
                    .col(big_integer("handover_id"))
                    .col(blob("image"))
                    .col(integer("width"))
                    .col(integer("height"))
                    .col(big_integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("replaced_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("answer_scans_handover")
                            .from("answer_scans", "handover_id")
                            .to("handovers", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("answer_scans_handover")
                    .table("answer_scans")
                    .col("handover_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in ["answer_scans", "letter_scans"] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
