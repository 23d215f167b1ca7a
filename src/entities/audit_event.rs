//! The `audit_events` table: append-only, hash-chained record of actions and staff reads.

use crate::ids::AuditEventId;
use sea_orm::entity::prelude::*;

/// One audit event.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: AuditEventId,
    /// Position in the chain (1, 2, …, without gaps).
    pub seq: i64,
    /// When it happened (microsecond precision).
    pub at: DateTimeUtc,
    /// Who acted (`system`, `cli`, `staff:<id>`, …).
    pub actor: String,
    /// What was done (`petition.create`, `staff.view`, …).
    pub action: String,
    /// What it was done to (`petition:3`, …).
    pub subject: String,
    /// Details as JSON text.
    pub details: String,
    /// Hash of the previous event (or the genesis hash).
    pub prev_hash: String,
    /// SHA-256 over this event's fields and `prev_hash`.
    pub hash: String,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
