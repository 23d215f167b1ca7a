//! The `reissued_links` table: links sent again on request ("lost your link?"), beside the
//! original link columns; only a token's hash is stored, each row expires.

use crate::ids::ReissuedLinkId;
use sea_orm::entity::prelude::*;

/// A reissued link.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reissued_links")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: ReissuedLinkId,
    /// What the link opens.
    pub kind: crate::domain::reissued::LinkKind,
    /// The row it opens (a signature or a registration, by `kind`).
    pub target_id: i64,
    /// SHA-256 of the token.
    pub token_hash: String,
    /// Made.
    pub created_at: DateTimeUtc,
    /// Valid until.
    pub expires_at: DateTimeUtc,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
