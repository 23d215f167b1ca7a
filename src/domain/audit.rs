//! The append-only, hash-chained audit log: [`record`] appends an event inside the caller's
//! transaction; [`verify`] recomputes the whole chain and names the first broken link.

use crate::entities::{audit_event, audit_head};
use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use serde::Serialize;

/// The hash the chain starts from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// The application itself (jobs, the outbox).
    System,
    /// Someone at the command line on the server.
    Cli,
    /// A staff member, by id.
    Staff(i64),
    /// An anonymous member of the public (identified only by what the action records).
    Public,
}

impl Actor {
    fn as_string(&self) -> String {
        match self {
            Actor::System => "system".into(),
            Actor::Cli => "cli".into(),
            Actor::Staff(id) => format!("staff:{id}"),
            Actor::Public => "public".into(),
        }
    }
}

/// An event to record.
#[derive(Debug, Clone)]
pub struct NewEvent<'a> {
    /// Who acted.
    pub actor: Actor,
    /// What was done, e.g. `petition.create`.
    pub action: &'a str,
    /// What it was done to, e.g. `petition:3`.
    pub subject: String,
    /// Structured details; never contact details in clear.
    pub details: serde_json::Value,
}

#[derive(Serialize)]
struct HashInput<'a> {
    seq: i64,
    at: String,
    actor: &'a str,
    action: &'a str,
    subject: &'a str,
    details: &'a str,
    prev_hash: &'a str,
}

fn at_string(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

fn compute_hash(
    seq: i64,
    at: &DateTime<Utc>,
    actor: &str,
    action: &str,
    subject: &str,
    details: &str,
    prev_hash: &str,
) -> String {
    let input = HashInput {
        seq,
        at: at_string(at),
        actor,
        action,
        subject,
        details,
        prev_hash,
    };
    // Serialising a struct of strings and an integer cannot fail.
    let bytes = serde_json::to_vec(&input).unwrap_or_default();
    crate::crypto::sha256_hex(&bytes)
}

/// Appends `event` to the chain using `db` (pass the transaction of the change it records,
/// so the change and its audit commit together or not at all).
///
/// The head row is updated *first*: that takes the write lock (SQLite) or the row lock
/// (PostgreSQL) before the previous hash is read, so concurrent appends cannot fork the chain.
pub async fn record(db: &impl ConnectionTrait, event: NewEvent<'_>) -> Result<i64, sea_orm::DbErr> {
    audit_head::Entity::update_many()
        .col_expr(
            audit_head::Column::Seq,
            Expr::col(audit_head::Column::Seq).add(1),
        )
        .filter(audit_head::Column::Id.eq(1))
        .exec(db)
        .await?;
    let head = audit_head::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("audit_head".into()))?;
    let at = Utc::now().trunc_subsecs(6);
    let actor = event.actor.as_string();
    let details = event.details.to_string();
    let hash = compute_hash(
        head.seq,
        &at,
        &actor,
        event.action,
        &event.subject,
        &details,
        &head.hash,
    );
    audit_event::ActiveModel {
        seq: Set(head.seq),
        at: Set(at),
        actor: Set(actor),
        action: Set(event.action.to_owned()),
        subject: Set(event.subject),
        details: Set(details),
        prev_hash: Set(head.hash),
        hash: Set(hash.clone()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit_head::ActiveModel {
        id: Set(1),
        seq: Set(head.seq),
        hash: Set(hash),
    }
    .update(db)
    .await?;
    Ok(head.seq)
}

/// Records one event in a transaction of its own.
pub async fn record_now(
    db: &sea_orm::DatabaseConnection,
    event: NewEvent<'_>,
) -> Result<i64, sea_orm::DbErr> {
    let txn = db.begin().await?;
    let seq = record(&txn, event).await?;
    txn.commit().await?;
    Ok(seq)
}

/// The outcome of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// Every link holds; `events` were checked.
    Intact {
        /// Number of events.
        events: i64,
    },
    /// The first broken link.
    Broken {
        /// Sequence number of the first event that fails.
        seq: i64,
        /// What is wrong there.
        reason: String,
    },
}

/// Recomputes every event's hash in order and checks the links, the sequence numbers and
/// the head row. Reads in pages, so memory stays bounded on a long log.
pub async fn verify(db: &impl ConnectionTrait) -> Result<Verification, sea_orm::DbErr> {
    const PAGE: u64 = 1000;
    let mut prev_hash = GENESIS.to_owned();
    let mut expected_seq = 1i64;
    loop {
        let rows = audit_event::Entity::find()
            .filter(audit_event::Column::Seq.gte(expected_seq))
            .order_by_asc(audit_event::Column::Seq)
            .paginate(db, PAGE)
            .fetch_page(0)
            .await?;
        let done = (rows.len() as u64) < PAGE;
        for row in rows {
            let broken = |reason: String| {
                Ok(Verification::Broken {
                    seq: row.seq,
                    reason,
                })
            };
            if row.seq != expected_seq {
                return Ok(Verification::Broken {
                    seq: expected_seq,
                    reason: format!("event {expected_seq} is missing (next is {})", row.seq),
                });
            }
            if row.prev_hash != prev_hash {
                return broken("its previous-hash does not match the event before it".into());
            }
            let hash = compute_hash(
                row.seq,
                &row.at,
                &row.actor,
                &row.action,
                &row.subject,
                &row.details,
                &row.prev_hash,
            );
            if hash != row.hash {
                return broken("its content does not match its hash (altered)".into());
            }
            prev_hash = row.hash;
            expected_seq += 1;
        }
        if done {
            break;
        }
    }
    let head = audit_head::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("audit_head".into()))?;
    let events = expected_seq - 1;
    if head.seq != events || head.hash != prev_hash {
        return Ok(Verification::Broken {
            seq: events + 1,
            reason: format!(
                "the chain ends at event {events} but the head records event {} (events removed from the end?)",
                head.seq
            ),
        });
    }
    Ok(Verification::Intact { events })
}

use sea_orm::PaginatorTrait as _;
