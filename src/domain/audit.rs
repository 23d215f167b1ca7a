//! The append-only, hash-chained audit log: [`record`] appends an event inside the caller's
//! transaction; [`verify`] recomputes the whole chain and names the first broken link.
//! Each link is an HMAC under a key derived from the master key, so someone who can write
//! to the database but lacks the key file cannot rewrite or shorten the chain unnoticed;
//! triggers also refuse UPDATE and DELETE on the table.

use crate::crypto::Crypto;
use crate::entities::{audit_event, audit_head};
use crate::ids::{
    AccessEntryId, ApprovalId, EditionId, InvalidationId, MatchId, OutboxId, PetitionId,
    RegistrationId, RequestId, SignatureId, StaffId,
};
use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set,
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

/// What an audit event (or a four-eyes approval) is about. Its text form is what the
/// tables store and are searched by (`match:7`, `petition:3`, `contact:*`), so rows written
/// before this type existed still read and match.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    /// A petition.
    Petition(PetitionId),
    /// Every petition (the global pause switch, the letters overview).
    AllPetitions,
    /// A signature.
    Signature(SignatureId),
    /// An edition.
    Edition(EditionId),
    /// An invalidation rule.
    Invalidation(InvalidationId),
    /// An entry of a block or allow list.
    AccessEntry(AccessEntryId),
    /// An email domain's rule.
    EmailDomain(String),
    /// A four-eyes approval.
    Approval(ApprovalId),
    /// A contact request.
    Request(RequestId),
    /// A registration.
    Registration(RegistrationId),
    /// A match.
    Match(MatchId),
    /// The contact side as a whole (the minute job's sweeps).
    Contact,
    /// Every contact case (the review queue).
    AllContact,
    /// A staff account.
    Staff(StaffId),
    /// An email in the outbox.
    Outbox(OutboxId),
    /// Failed email as a whole.
    FailedMail,
    /// The audit log itself.
    AuditLog,
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Petition(id) => write!(f, "petition:{id}"),
            Subject::AllPetitions => f.write_str("petitions:*"),
            Subject::Signature(id) => write!(f, "signature:{id}"),
            Subject::Edition(id) => write!(f, "edition:{id}"),
            Subject::Invalidation(id) => write!(f, "invalidation:{id}"),
            Subject::AccessEntry(id) => write!(f, "access_list:{id}"),
            Subject::EmailDomain(d) => write!(f, "domain:{d}"),
            Subject::Approval(id) => write!(f, "approval:{id}"),
            Subject::Request(id) => write!(f, "contact_request:{id}"),
            Subject::Registration(id) => write!(f, "registration:{id}"),
            Subject::Match(id) => write!(f, "match:{id}"),
            Subject::Contact => f.write_str("contact"),
            Subject::AllContact => f.write_str("contact:*"),
            Subject::Staff(id) => write!(f, "staff:{id}"),
            Subject::Outbox(id) => write!(f, "outbox:{id}"),
            Subject::FailedMail => f.write_str("outbox:failed"),
            Subject::AuditLog => f.write_str("audit:*"),
        }
    }
}

impl From<Subject> for String {
    fn from(s: Subject) -> String {
        s.to_string()
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

impl<'a> NewEvent<'a> {
    /// An event done by a staff member.
    #[must_use]
    pub fn staff(
        staff: i64,
        action: &'a str,
        subject: impl Into<String>,
        details: serde_json::Value,
    ) -> Self {
        Self {
            actor: Actor::Staff(staff),
            action,
            subject: subject.into(),
            details,
        }
    }
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

impl HashInput<'_> {
    /// The link's MAC: over the canonical JSON of the event and the previous hash.
    fn mac(&self, crypto: &Crypto) -> String {
        // Serialising a struct of strings and an integer cannot fail.
        crypto.audit_mac(&serde_json::to_vec(self).unwrap_or_default())
    }
}

/// Appends `event` to the chain using `db` (pass the transaction of the change it records,
/// so the change and its audit commit together or not at all).
///
/// The head row is updated *first*: that takes the write lock (SQLite) or the row lock
/// (PostgreSQL) before the previous hash is read, so concurrent appends cannot fork the chain.
pub async fn record(
    db: &DatabaseTransaction,
    crypto: &Crypto,
    event: NewEvent<'_>,
) -> Result<i64, sea_orm::DbErr> {
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
    let hash = HashInput {
        seq: head.seq,
        at: at_string(&at),
        actor: &actor,
        action: event.action,
        subject: &event.subject,
        details: &details,
        prev_hash: &head.hash,
    }
    .mac(crypto);
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
    crypto: &Crypto,
    event: NewEvent<'_>,
) -> Result<i64, sea_orm::DbErr> {
    let txn = crate::db::begin_immediate(db).await?;
    let seq = record(&txn, crypto, event).await?;
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

/// Recomputes every event's MAC in order and checks the links and sequence numbers up to
/// the head row read first (events appended during the check are left for the next run),
/// then that the chain ends exactly at the head. Reads in pages: memory stays bounded.
pub async fn verify(
    db: &impl ConnectionTrait,
    crypto: &Crypto,
) -> Result<Verification, sea_orm::DbErr> {
    const PAGE: u64 = 1000;
    let head = audit_head::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("audit_head".into()))?;
    let mut prev_hash = GENESIS.to_owned();
    let mut expected_seq = 1i64;
    while expected_seq <= head.seq {
        let rows = audit_event::Entity::find()
            .filter(audit_event::Column::Seq.gte(expected_seq))
            .filter(audit_event::Column::Seq.lte(head.seq))
            .order_by_asc(audit_event::Column::Seq)
            .paginate(db, PAGE)
            .fetch_page(0)
            .await?;
        if rows.is_empty() {
            break;
        }
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
            let hash = HashInput {
                seq: row.seq,
                at: at_string(&row.at),
                actor: &row.actor,
                action: &row.action,
                subject: &row.subject,
                details: &row.details,
                prev_hash: &row.prev_hash,
            }
            .mac(crypto);
            if !crate::crypto::constant_time_eq(hash.as_bytes(), row.hash.as_bytes()) {
                return broken(
                    "its content does not match its hash (altered, or checked with other keys)"
                        .into(),
                );
            }
            prev_hash = row.hash;
            expected_seq += 1;
        }
    }
    let events = expected_seq - 1;
    if events != head.seq || head.hash != prev_hash {
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
