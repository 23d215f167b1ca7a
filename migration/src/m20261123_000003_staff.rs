//! Staff accounts: accounts (email encrypted, found by blind index), one-time tokens,
//! recovery codes, server-side sessions, the login throttle, and four-eyes approvals.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, blob, blob_null, boolean, integer, string,
    string_null, text, text_null, timestamp_with_time_zone, timestamp_with_time_zone_null,
};

/// The staff migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

fn fk(name: &str, from_table: &'static str, from_col: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from_table, from_col)
        .to("staff", "id")
        .on_delete(ForeignKeyAction::Restrict)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("staff")
                    .col(big_pk_auto("id"))
                    .col(blob("email_enc"))
                    .col(string("email_index").unique_key())
                    .col(string("display_name"))
                    .col(string("roles"))
                    .col(boolean("active"))
                    .col(string_null("password_hash"))
                    .col(blob_null("totp_secret"))
                    .col(boolean("totp_enabled").default(false))
                    .col(big_integer_null("totp_last_step"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("staff_tokens")
                    .col(big_pk_auto("id"))
                    .col(big_integer("staff_id"))
                    .col(string("purpose"))
                    .col(string("token_hash").unique_key())
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("used_at"))
                    .col(timestamp_with_time_zone("created_at"))
                    .foreign_key(&mut fk("staff_tokens_staff", "staff_tokens", "staff_id"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("staff_recovery_codes")
                    .col(big_pk_auto("id"))
                    .col(big_integer("staff_id"))
                    .col(string("code_hash"))
                    .col(timestamp_with_time_zone_null("used_at"))
                    .foreign_key(&mut fk(
                        "staff_recovery_codes_staff",
                        "staff_recovery_codes",
                        "staff_id",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("staff_sessions")
                    .col(big_pk_auto("id"))
                    .col(big_integer("staff_id"))
                    .col(string("token_hash").unique_key())
                    .col(string("stage"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("last_seen_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(timestamp_with_time_zone_null("revoked_at"))
                    .foreign_key(&mut fk(
                        "staff_sessions_staff",
                        "staff_sessions",
                        "staff_id",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("login_throttle")
                    .col(string("key").primary_key())
                    .col(integer("failures"))
                    .col(timestamp_with_time_zone_null("locked_until"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("approvals")
                    .col(big_pk_auto("id"))
                    .col(string("kind"))
                    .col(string("subject"))
                    .col(text("payload"))
                    .col(text("reason"))
                    .col(big_integer("proposed_by"))
                    .col(string("required_role"))
                    .col(string("status"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone("expires_at"))
                    .col(big_integer_null("decided_by"))
                    .col(timestamp_with_time_zone_null("decided_at"))
                    .col(text_null("note"))
                    .foreign_key(&mut fk("approvals_proposer", "approvals", "proposed_by"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("staff_sessions_by_staff")
                    .table("staff_sessions")
                    .col("staff_id")
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "approvals",
            "login_throttle",
            "staff_sessions",
            "staff_recovery_codes",
            "staff_tokens",
            "staff",
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
