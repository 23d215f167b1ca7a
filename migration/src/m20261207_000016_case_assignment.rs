//! The caseworkers' workspace (issue #15, items 2–4): a request's assignee
//! (`contact_requests.assigned_to`, `assigned_at`) and the history of its assignments
//! (`case_assignments`); the reasoned reads of a case by someone not assigned to it
//! (`case_access`: who, which request, until when; the reason itself is in the audit log);
//! blind-indexed name keys for search (`case_search_keys`, and
//! `contact_requests.search_key_id`, the key they were written with); and each staff
//! member's content-free notification state and opt-out (`staff_alerts`).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, boolean, integer, integer_null, string,
    timestamp_with_time_zone, timestamp_with_time_zone_null,
};

/// The case-assignment migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        for mut col in [
            big_integer_null("assigned_to"),
            timestamp_with_time_zone_null("assigned_at"),
            integer_null("search_key_id"),
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table("contact_requests")
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("contact_requests_assigned_to")
                    .table("contact_requests")
                    .col("assigned_to")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("case_assignments")
                    .col(big_pk_auto("id"))
                    .col(big_integer("request_id"))
                    .col(big_integer_null("staff_id"))
                    .col(big_integer("assigned_by"))
                    .col(timestamp_with_time_zone("at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("case_assignments_request")
                    .table("case_assignments")
                    .col("request_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("case_access")
                    .col(big_pk_auto("id"))
                    .col(big_integer("request_id"))
                    .col(big_integer("staff_id"))
                    .col(timestamp_with_time_zone("granted_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("case_access_staff_request")
                    .table("case_access")
                    .col("staff_id")
                    .col("request_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("case_search_keys")
                    .col(big_pk_auto("id"))
                    .col(big_integer("request_id"))
                    .col(integer("key_id"))
                    .col(string("token"))
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("case_search_keys_token", "token"),
            ("case_search_keys_request", "request_id"),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table("case_search_keys")
                        .col(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("staff_alerts")
                    .col(big_integer("staff_id").primary_key())
                    .col(boolean("opted_out").default(false))
                    .col(string("locale").default("en"))
                    .col(timestamp_with_time_zone_null("waiting_since"))
                    .col(timestamp_with_time_zone_null("last_sent_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "staff_alerts",
            "case_search_keys",
            "case_access",
            "case_assignments",
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("contact_requests_assigned_to")
                    .table("contact_requests")
                    .to_owned(),
            )
            .await?;
        for col in ["search_key_id", "assigned_at", "assigned_to"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("contact_requests")
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
