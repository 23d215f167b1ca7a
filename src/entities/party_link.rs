//! The `party_links` table: magic links that let a party of a match act on it (only the
//! token's hash is stored).

use sea_orm::entity::prelude::*;

/// A magic link.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "party_links")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The match.
    pub match_id: i64,
    /// `requester` or `sought`.
    pub party: String,
    /// SHA-256 of the token.
    pub token_hash: String,
    /// Made.
    pub created_at: DateTimeUtc,
    /// Valid until.
    pub expires_at: DateTimeUtc,
    /// Used for an answer (answers are not replayed).
    pub used_at: Option<DateTimeUtc>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
