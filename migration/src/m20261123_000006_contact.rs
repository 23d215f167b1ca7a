//! Family contact: contact requests with their sought persons, self-registrations, and
//! matches between them. Every personal field is encrypted (one sealed JSON document per
//! row); lookups use blind indexes and token hashes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_pk_auto, blob, blob_null, boolean, integer, string, string_null,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

/// The contact migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("contact_requests")
                    .col(big_pk_auto("id"))
                    .col(blob("requester_enc"))
                    .col(string("email_index"))
                    .col(string("country"))
                    .col(string("locale"))
                    .col(string("relationship"))
                    .col(blob("message_enc"))
                    .col(string("network_hash"))
                    .col(string("state"))
                    .col(string("verify_hash").unique_key())
                    .col(string("status_hash").unique_key())
                    .col(string("review").default("new"))
                    .col(boolean("hostile").default(false))
                    .col(blob_null("hostile_note_enc"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("verified_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("renewal_sent_at"))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("sought_persons")
                    .col(big_pk_auto("id"))
                    .col(big_integer("request_id"))
                    .col(integer("position"))
                    .col(blob("data_enc"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("sought_persons_request")
                            .from("sought_persons", "request_id")
                            .to("contact_requests", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("registrations")
                    .col(big_pk_auto("id"))
                    .col(blob("data_enc"))
                    .col(blob("rules_enc"))
                    .col(string("email_index"))
                    .col(string("locale"))
                    .col(string("openness"))
                    .col(string("network_hash"))
                    .col(string("state"))
                    .col(string("verify_hash").unique_key())
                    .col(string("manage_hash").unique_key())
                    .col(string("review").default("new"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("verified_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("renewal_sent_at"))
                    .col(timestamp_with_time_zone_null("closed_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("matches")
                    .col(big_pk_auto("id"))
                    .col(big_integer("sought_person_id"))
                    .col(big_integer("registration_id"))
                    .col(integer("score"))
                    .col(string("state"))
                    .col(big_integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(string_null("note"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("matches_sought")
                            .from("matches", "sought_person_id")
                            .to("sought_persons", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("matches_registration")
                            .from("matches", "registration_id")
                            .to("registrations", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (table, name, cols, unique) in [
            (
                "contact_requests",
                "contact_requests_by_state",
                vec!["state", "review"],
                false,
            ),
            (
                "contact_requests",
                "contact_requests_by_email",
                vec!["email_index"],
                false,
            ),
            (
                "contact_requests",
                "contact_requests_by_network",
                vec!["network_hash"],
                false,
            ),
            (
                "sought_persons",
                "sought_persons_by_request",
                vec!["request_id"],
                false,
            ),
            (
                "registrations",
                "registrations_by_state",
                vec!["state", "review"],
                false,
            ),
            (
                "registrations",
                "registrations_by_email",
                vec!["email_index"],
                false,
            ),
            (
                "matches",
                "matches_unique_pair",
                vec!["sought_person_id", "registration_id"],
                true,
            ),
        ] {
            let mut idx = Index::create();
            idx.name(name).table(table);
            for c in cols {
                idx.col(c);
            }
            if unique {
                idx.unique();
            }
            manager.create_index(idx.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "matches",
            "registrations",
            "sought_persons",
            "contact_requests",
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
