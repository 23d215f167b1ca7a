//! A petition's public progress (issue #17): the milestones an organiser sets (a signature
//! count and what happens when it is reached, in each language; removed as a recorded
//! state), and the petition's answer due date and next step (`petition_progress`, one row a
//! petition, written when an organiser first saves it).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{
    big_integer, big_integer_null, big_pk_auto, date_null, integer, text, timestamp_with_time_zone,
    timestamp_with_time_zone_null,
};

/// The progress migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("petition_milestones")
                    .col(big_pk_auto("id"))
                    .col(big_integer("petition_id"))
                    .col(integer("threshold"))
                    .col(text("consequence_en"))
                    .col(text("consequence_fa"))
                    .col(text("consequence_fr"))
                    .col(big_integer("created_by"))
                    .col(timestamp_with_time_zone("created_at"))
                    .col(timestamp_with_time_zone_null("removed_at"))
                    .col(big_integer_null("removed_by"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("petition_milestones_petition")
                    .table("petition_milestones")
                    .col("petition_id")
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("petition_progress")
                    .col(big_integer("petition_id").primary_key())
                    .col(date_null("answer_due_on"))
                    .col(text("next_step_en"))
                    .col(text("next_step_fa"))
                    .col(text("next_step_fr"))
                    .col(big_integer("updated_by"))
                    .col(timestamp_with_time_zone("updated_at"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("petition_progress").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("petition_milestones").to_owned())
            .await
    }
}
