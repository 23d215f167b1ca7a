//! The `party_links` table: emailed links that let a party act (a requester on their
//! request, a sought person on a match); only the token's hash is stored, and several may
//! be valid at once until each expires.

use crate::ids::{MatchId, PartyLinkId, RequestId};
use sea_orm::entity::prelude::*;

/// A magic link.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "party_links")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: PartyLinkId,
    /// The request.
    pub request_id: RequestId,
    /// The match (sought persons' links).
    pub match_id: Option<MatchId>,
    /// `requester` or `sought`.
    pub party: crate::domain::contact::consent::Party,
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
