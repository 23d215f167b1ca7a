//! Assisted intake (issue #16 items 5 and 6): how a contact request or registration came in
//! (`intake_channel`: online, or phone / in person / post through a caseworker), how its
//! owner wants to be reached (`contact_preference`: email, phone, post, or through the
//! caseworker), the caseworker who filed or recorded it, and a registration's one-time
//! take-over link (hash and expiry) for a person located off-line who later takes over
//! their record with an email address.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer_null, string, string_null, timestamp_with_time_zone_null,
};

/// The assisted-intake migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

fn request_columns() -> Vec<ColumnDef> {
    vec![
        string("intake_channel").default("online").to_owned(),
        string("contact_preference").default("email").to_owned(),
        big_integer_null("filed_by"),
    ]
}

fn registration_columns() -> Vec<ColumnDef> {
    vec![
        string("intake_channel").default("online").to_owned(),
        string("contact_preference").default("email").to_owned(),
        big_integer_null("recorded_by"),
        string_null("takeover_hash"),
        timestamp_with_time_zone_null("takeover_expires_at"),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, cols) in [
            ("contact_requests", request_columns()),
            ("registrations", registration_columns()),
        ] {
            for mut col in cols {
                manager
                    .alter_table(Table::alter().table(table).add_column(&mut col).to_owned())
                    .await?;
            }
        }
        manager
            .create_index(
                Index::create()
                    .name("registrations_takeover_hash")
                    .table("registrations")
                    .col("takeover_hash")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("registrations_takeover_hash")
                    .table("registrations")
                    .to_owned(),
            )
            .await?;
        for (table, cols) in [
            (
                "contact_requests",
                &["filed_by", "contact_preference", "intake_channel"][..],
            ),
            (
                "registrations",
                &[
                    "takeover_expires_at",
                    "takeover_hash",
                    "recorded_by",
                    "contact_preference",
                    "intake_channel",
                ][..],
            ),
        ] {
            for col in cols {
                manager
                    .alter_table(Table::alter().table(table).drop_column(*col).to_owned())
                    .await?;
            }
        }
        Ok(())
    }
}
