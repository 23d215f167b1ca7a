//! The `request_notices` table: what a requester's page may show about a sought person —
//! a connection (with the detail the other party chose to share) or a released welfare
//! message. The only match-derived rows the requester's view reads (safety rule 1).

use crate::ids::{MatchId, NoticeId, RequestId, SoughtId};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "request_notices")]
/// A notice.
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: NoticeId,
    /// The request.
    pub request_id: RequestId,
    /// The sought person it is about.
    pub sought_person_id: SoughtId,
    /// The connected match (connections only).
    pub match_id: Option<MatchId>,
    /// `connected` or `welfare`.
    pub kind: crate::domain::contact::records::NoticeKind,
    /// Sealed: the shared detail (connections) or the welfare message.
    pub body_enc: Option<Vec<u8>>,
    /// Made.
    pub created_at: DateTimeUtc,
    /// When a connection ended.
    pub ended_at: Option<DateTimeUtc>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
