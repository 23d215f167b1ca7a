//! Edition builds hold a lease renewed by a heartbeat (so a build whose worker died is seen
//! as stale at once, not after half an hour), and demo contact records are marked as demo
//! (never offered as candidates for real requests, nor real ones for demo requests).
//! Records an earlier `demo seed` made are found by their predictable link hashes, marked
//! as demo, and given links nobody knows.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{boolean, string_null, timestamp_with_time_zone_null};
use sea_orm_migration::sea_orm::ConnectionTrait;
use sha2::{Digest, Sha256};
use std::collections::HashSet;

/// The build-lease and demo-marker migration.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("editions")
                    .add_column(timestamp_with_time_zone_null("lease_until"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("editions")
                    .add_column(string_null("lease_token"))
                    .to_owned(),
            )
            .await?;
        for table in ["registrations", "contact_requests"] {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(boolean("demo").default(false))
                        .to_owned(),
                )
                .await?;
        }
        retire_old_demo_links(manager.get_connection()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, col) in [
            ("contact_requests", "demo"),
            ("registrations", "demo"),
            ("editions", "lease_token"),
            ("editions", "lease_until"),
        ] {
            manager
                .alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}

fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// A stored link hash whose token nobody has: 32 random bytes in hex.
fn unguessable() -> Result<String, DbErr> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| DbErr::Custom(format!("randomness: {e}")))?;
    Ok(hex::encode(bytes))
}

/// Finds what an earlier `demo seed` stored with predictable link hashes (the SHA-256 of
/// `demo-<kind>-<n>`: 8 registrations, 6 requests, 3,000 signatures of the demo petition),
/// marks the contact records as demo and replaces every such hash with a random one, so
/// nobody can open, renew or withdraw them by guessing. Finds nothing on other databases.
///
/// # Errors
/// A database error.
pub async fn retire_old_demo_links<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    for (table, hashes, first, n) in [
        (
            "registrations",
            ["manage_hash", "verify_hash"],
            "registration-manage",
            8,
        ),
        (
            "contact_requests",
            ["status_hash", "verify_hash"],
            "request-status",
            6,
        ),
    ] {
        for i in 0..n {
            let update = Query::update()
                .table(table)
                .values([
                    ("demo", true.into()),
                    (hashes[0], unguessable()?.into()),
                    (hashes[1], unguessable()?.into()),
                ])
                .and_where(Expr::col(hashes[0]).eq(sha256_hex(&format!("demo-{first}-{i}"))))
                .to_owned();
            db.execute(&update).await?;
        }
    }
    let old: HashSet<String> = (0..3000)
        .flat_map(|i| [format!("demo-confirm-{i}"), format!("demo-withdraw-{i}")])
        .map(|s| sha256_hex(&s))
        .collect();
    let rows = db
        .query_all(
            &Query::select()
                .columns(["id", "confirm_hash", "withdraw_hash"])
                .from("signatures")
                .and_where(
                    Expr::col("petition_id").in_subquery(
                        Query::select()
                            .column("id")
                            .from("petitions")
                            .and_where(Expr::col("slug").eq("let-families-visit"))
                            .to_owned(),
                    ),
                )
                .to_owned(),
        )
        .await?;
    for row in rows {
        let id: i64 = row.try_get("", "id")?;
        let confirm: String = row.try_get("", "confirm_hash")?;
        let withdraw: String = row.try_get("", "withdraw_hash")?;
        if old.contains(&confirm) || old.contains(&withdraw) {
            let update = Query::update()
                .table("signatures")
                .values([
                    ("confirm_hash", unguessable()?.into()),
                    ("withdraw_hash", unguessable()?.into()),
                ])
                .and_where(Expr::col("id").eq(id))
                .to_owned();
            db.execute(&update).await?;
        }
    }
    Ok(())
}
