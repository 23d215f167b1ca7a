//! The `relay_threads` table: the message thread of a connected match.

use crate::ids::{MatchId, ThreadId};
use sea_orm::entity::prelude::*;

/// A relay thread.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "relay_threads")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: ThreadId,
    /// The match.
    #[sea_orm(unique)]
    pub match_id: MatchId,
    /// `open` or `closed`.
    pub state: crate::domain::contact::relay::ThreadState,
    /// Opened.
    pub created_at: DateTimeUtc,
    /// Closed (a party left, withdrew or blocked).
    pub closed_at: Option<DateTimeUtc>,
    /// Messages are erased after this time.
    pub erase_after: Option<DateTimeUtc>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
