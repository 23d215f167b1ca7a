//! Consent and connection: consent records (sealed by a hash over their content, the exact
//! wording shown kept by version and hash), magic links for the parties, and relay threads
//! with their messages (encrypted).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, blob, blob_null, string, string_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

/// The consent migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

impl Migration {
    /// The consents and party-links tables as this migration made them (migration 0008
    /// replaces them, and brings these back when it is rolled back).
    pub(crate) async fn recreate_consents_and_links(
        &self,
        manager: &SchemaManager<'_>,
    ) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("consents")
                    .col(big_pk_auto("id"))
                    .col(big_integer("match_id"))
                    .col(string("party"))
                    .col(string("decision"))
                    .col(string("wording_version"))
                    .col(string("wording_locale"))
                    .col(string("wording_hash"))
                    .col(string("channel"))
                    .col(string_null("choice"))
                    .col(blob_null("shared_detail_enc"))
                    .col(blob_null("welfare_enc"))
                    .col(string("welfare_state").default("none"))
                    .col(timestamp_with_time_zone("given_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("withdrawn_at"))
                    .col(big_integer_null("asserted_by"))
                    .col(big_integer_null("approval_id"))
                    .col(string("seal"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("consents_match")
                            .from("consents", "match_id")
                            .to("matches", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("party_links")
                    .col(big_pk_auto("id"))
                    .col(big_integer("match_id"))
                    .col(string("party"))
                    .col(string("token_hash").unique_key())
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("used_at"))
                    .to_owned(),
            )
            .await?;
        for (table, name) in [
            ("consents", "consents_by_match"),
            ("party_links", "party_links_by_match"),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(table)
                        .col("match_id")
                        .col("party")
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        self.recreate_consents_and_links(manager).await?;
        manager
            .create_table(
                Table::create()
                    .table("relay_threads")
                    .col(big_pk_auto("id"))
                    .col(big_integer("match_id").unique_key())
                    .col(string("state"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .col(timestamp_with_time_zone_null("erase_after"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("relay_messages")
                    .col(big_pk_auto("id"))
                    .col(big_integer("thread_id"))
                    .col(string("from_party"))
                    .col(blob("body_enc"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("erased_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("relay_messages_thread")
                            .from("relay_messages", "thread_id")
                            .to("relay_threads", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (table, name, cols) in [(
            "relay_messages",
            "relay_messages_by_thread",
            vec!["thread_id"],
        )] {
            let mut idx = Index::create();
            idx.name(name).table(table);
            for c in cols {
                idx.col(c);
            }
            manager.create_index(idx.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["relay_messages", "relay_threads", "party_links", "consents"] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
