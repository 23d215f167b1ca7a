//! Hardening: an `app_meta` table (holds the key check that ties a key file to its
//! database), a lease token for outbox claims, and triggers that make `audit_events`
//! append-only on SQLite and PostgreSQL.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{string, string_null};

/// The hardening migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

const SQLITE_UP: [&str; 2] = [
    "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events \
     BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events \
     BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END",
];

const POSTGRES_UP: [&str; 2] = [
    "CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ \
     BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$",
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events \
     FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("app_meta")
                    .col(string("key").primary_key())
                    .col(string("value"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("outbox")
                    .add_column(string_null("lease_token"))
                    .to_owned(),
            )
            .await?;
        let statements: &[&str] = match manager.get_database_backend() {
            sea_orm_migration::sea_orm::DatabaseBackend::Postgres => &POSTGRES_UP,
            _ => &SQLITE_UP,
        };
        for sql in statements {
            manager.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let statements: &[&str] = match manager.get_database_backend() {
            sea_orm_migration::sea_orm::DatabaseBackend::Postgres => &[
                "DROP TRIGGER audit_events_append_only ON audit_events",
                "DROP FUNCTION audit_events_append_only()",
            ],
            _ => &[
                "DROP TRIGGER audit_events_no_update",
                "DROP TRIGGER audit_events_no_delete",
            ],
        };
        for sql in statements {
            manager.get_connection().execute_unprepared(sql).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table("outbox")
                    .drop_column("lease_token")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("app_meta").to_owned())
            .await
    }
}
