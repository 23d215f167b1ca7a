//! Editions: frozen cuts of a petition's verified signatures (entries copied at the
//! cut-off, personal data encrypted), the build of their bundle, and hand-over records.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_pk_auto, blob, blob_null, date, integer, string, string_null, text,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

/// The editions migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("editions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("petition_id"))
                    .col(integer("number"))
                    .col(string("locale"))
                    .col(string("organisation"))
                    .col(integer("volume_size"))
                    .col(string("state"))
                    .col(timestamp_with_time_zone("cut_off"))
                    .col(big_integer("total"))
                    .col(big_integer("letters"))
                    .col(big_integer("added"))
                    .col(big_integer("withdrawn"))
                    .col(big_integer("invalidated"))
                    .col(big_integer("progress_done").default(0))
                    .col(big_integer("progress_total").default(0))
                    .col(string_null("merkle_root"))
                    .col(string_null("bundle_sha256"))
                    .col(string_null("bundle_file"))
                    .col(text("error").default(""))
                    .col(timestamp_with_time_zone_null("claimed_at"))
                    .col(big_integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("finished_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("editions_petition")
                            .from("editions", "petition_id")
                            .to("petitions", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("editions_unique_number")
                    .table("editions")
                    .col("petition_id")
                    .col("number")
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("edition_entries")
                    .col(big_pk_auto("id"))
                    .col(big_integer("edition_id"))
                    .col(integer("number"))
                    .col(big_integer("signature_id"))
                    .col(blob("name_enc"))
                    .col(string("book_disclosure"))
                    .col(blob("city_enc"))
                    .col(string("country"))
                    .col(string("relationship"))
                    .col(timestamp_with_time_zone("signed_at"))
                    .col(string("receipt_code"))
                    .col(blob_null("letter_enc"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("edition_entries_edition")
                            .from("edition_entries", "edition_id")
                            .to("editions", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols, unique) in [
            (
                "edition_entries_by_number",
                vec!["edition_id", "number"],
                true,
            ),
            ("edition_entries_by_receipt", vec!["receipt_code"], false),
            ("edition_entries_by_signature", vec!["signature_id"], false),
        ] {
            let mut idx = Index::create();
            idx.name(name).table("edition_entries");
            for c in cols {
                idx.col(c);
            }
            if unique {
                idx.unique();
            }
            manager.create_index(idx.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("handovers")
                    .col(big_pk_auto("id"))
                    .col(big_integer("edition_id"))
                    .col(string("recipient"))
                    .col(string("office"))
                    .col(date("handed_on"))
                    .col(string("form"))
                    .col(text("acknowledgement"))
                    .col(text("answer"))
                    .col(big_integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("handovers_edition")
                            .from("handovers", "edition_id")
                            .to("editions", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["handovers", "edition_entries", "editions"] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
