//! Connection: consent records and party links as the consent flow uses them (the 0007
//! tables were never written to and are replaced: a requester's consent belongs to the
//! request, not to a match the requester must not know about), the match's cooling-off
//! and closing times, the requester's scheduled check-ins and latest re-confirmation, and the notices that are the
//! only match-derived things a requester's page shows (a connection, a released welfare
//! message).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, blob_null, string, string_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

/// The connection migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (t, idx) in [
            ("consents", "consents_by_match"),
            ("party_links", "party_links_by_match"),
        ] {
            manager
                .drop_index(Index::drop().name(idx).table(t).if_exists().to_owned())
                .await?;
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("consents")
                    .col(big_pk_auto("id"))
                    .col(big_integer("request_id"))
                    .col(big_integer_null("match_id"))
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
                            .name("consents_request")
                            .from("consents", "request_id")
                            .to("contact_requests", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
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
                    .col(big_integer("request_id"))
                    .col(big_integer_null("match_id"))
                    .col(string("party"))
                    .col(string("token_hash").unique_key())
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("request_notices")
                    .col(big_pk_auto("id"))
                    .col(big_integer("request_id"))
                    .col(big_integer("sought_person_id"))
                    .col(big_integer_null("match_id"))
                    .col(string("kind"))
                    .col(blob_null("body_enc"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("ended_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("request_notices_request")
                            .from("request_notices", "request_id")
                            .to("contact_requests", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (table, col) in [
            ("matches", "cooling_until"),
            ("matches", "closed_at"),
            ("contact_requests", "checkin_sent_at"),
            ("contact_requests", "confirmed_at"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(timestamp_with_time_zone_null(col))
                        .to_owned(),
                )
                .await?;
        }
        for (table, name, cols) in [
            (
                "consents",
                "consent_records_by_request",
                vec!["request_id", "party"],
            ),
            ("consents", "consent_records_by_match", vec!["match_id"]),
            ("party_links", "party_links_by_match_id", vec!["match_id"]),
            (
                "request_notices",
                "request_notices_by_request",
                vec!["request_id"],
            ),
            ("matches", "matches_by_state", vec!["state"]),
        ] {
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
        manager
            .drop_index(
                Index::drop()
                    .name("matches_by_state")
                    .table("matches")
                    .to_owned(),
            )
            .await?;
        for (table, col) in [
            ("matches", "cooling_until"),
            ("matches", "closed_at"),
            ("contact_requests", "checkin_sent_at"),
            ("contact_requests", "confirmed_at"),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        for t in ["request_notices", "party_links", "consents"] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        // The 0007 tables come back empty as 0007 made them.
        super::m20261123_000007_consent::Migration
            .recreate_consents_and_links(manager)
            .await
    }
}
