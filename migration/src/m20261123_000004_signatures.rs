//! Petition signing: petition settings (addressees, letters, dates), signatures (personal
//! data encrypted, email found by blind index), per-domain email rules, block/allow lists
//! and invalidations.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, blob, blob_null, boolean, string, string_null,
    text, text_null, timestamp_with_time_zone, timestamp_with_time_zone_null,
};

/// The signatures migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for col in [
            text("addressees").default("").to_owned(),
            boolean("collects_letters").default(true).to_owned(),
            timestamp_with_time_zone_null("opens_at"),
            timestamp_with_time_zone_null("closes_at"),
            timestamp_with_time_zone_null("delivered_at"),
        ] {
            let mut col = col;
            manager
                .alter_table(
                    Table::alter()
                        .table("petitions")
                        .add_column(&mut col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("signatures")
                    .col(big_pk_auto("id"))
                    .col(big_integer("petition_id"))
                    .col(blob("name_enc"))
                    .col(blob("email_enc"))
                    .col(string("email_index"))
                    .col(string("email_domain_index"))
                    .col(string("country"))
                    .col(blob("city_enc"))
                    .col(string("relationship"))
                    .col(blob_null("letter_enc"))
                    .col(string("letter_state"))
                    .col(text_null("letter_note"))
                    .col(string("public_disclosure"))
                    .col(string("book_disclosure"))
                    .col(string("state"))
                    .col(boolean("shadow").default(false))
                    .col(string("receipt_code").unique_key())
                    .col(string("ip_hash"))
                    .col(string("confirm_hash").unique_key())
                    .col(string("withdraw_hash").unique_key())
                    .col(big_integer_null("invalidation_id"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("verified_at"))
                    .col(timestamp_with_time_zone_null("withdrawn_at"))
                    .col(timestamp_with_time_zone_null("erased_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("signatures_petition")
                            .from("signatures", "petition_id")
                            .to("petitions", "id")
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            ("signatures_by_petition_state", vec!["petition_id", "state"]),
            (
                "signatures_by_petition_email",
                vec!["petition_id", "email_index"],
            ),
            ("signatures_by_ip", vec!["ip_hash"]),
            ("signatures_by_created", vec!["created_at"]),
        ] {
            let mut idx = Index::create();
            idx.name(name).table("signatures");
            for c in cols {
                idx.col(c);
            }
            manager.create_index(idx.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("email_rules")
                    .col(string("domain").primary_key())
                    .col(boolean("strip_dots"))
                    .col(boolean("strip_plus"))
                    .col(string_null("alias_of"))
                    .to_owned(),
            )
            .await?;
        for (domain, dots, alias) in [
            ("gmail.com", true, None),
            ("googlemail.com", true, Some("gmail.com")),
        ] {
            manager
                .exec_stmt(
                    Query::insert()
                        .into_table("email_rules")
                        .columns(["domain", "strip_dots", "strip_plus", "alias_of"])
                        .values_panic([domain.into(), dots.into(), true.into(), alias.into()])
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("access_lists")
                    .col(big_pk_auto("id"))
                    .col(string("list"))
                    .col(string("kind"))
                    .col(string("value"))
                    .col(text("note"))
                    .col(big_integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("removed_at"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("invalidations")
                    .col(big_pk_auto("id"))
                    .col(big_integer("petition_id"))
                    .col(text("rule"))
                    .col(text("reason"))
                    .col(big_integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(big_integer("affected"))
                    .col(timestamp_with_time_zone_null("reversed_at"))
                    .col(big_integer_null("reversed_by"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["invalidations", "access_lists", "email_rules", "signatures"] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        for c in [
            "delivered_at",
            "closes_at",
            "opens_at",
            "collects_letters",
            "addressees",
        ] {
            manager
                .alter_table(Table::alter().table("petitions").drop_column(c).to_owned())
                .await?;
        }
        Ok(())
    }
}
