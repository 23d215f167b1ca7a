//! Who-we-are pages edited by administrators (issue #14): `site_texts` holds the privacy
//! notice's and the about page's text per language, as written (rendered as escaped
//! paragraphs, never as HTML); a page without a row shows its translated default.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, big_pk_auto, string, text, timestamp_with_time_zone};

/// The site-texts migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("site_texts")
                    .col(big_pk_auto("id"))
                    .col(string("page"))
                    .col(string("locale"))
                    .col(text("body"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .col(big_integer("updated_by"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("site_texts_page_locale")
                    .table("site_texts")
                    .col("page")
                    .col("locale")
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("site_texts").to_owned())
            .await
    }
}
