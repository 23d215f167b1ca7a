//! The `audit_head` table: one row holding the chain's last sequence number and hash; writers
//! update it first, which serialises appends on SQLite and PostgreSQL alike.

use sea_orm::entity::prelude::*;

/// The head of the audit chain (always id 1).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_head")]
pub struct Model {
    /// Always 1.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Sequence number of the last event.
    pub seq: i64,
    /// Hash of the last event.
    pub hash: String,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
