//! The `relay_messages` table: messages passed between the parties (encrypted).

use crate::ids::{RelayMessageId, ThreadId};
use sea_orm::entity::prelude::*;

/// A relayed message.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "relay_messages")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: RelayMessageId,
    /// The thread.
    pub thread_id: ThreadId,
    /// `requester` or `sought`.
    pub from_party: crate::domain::contact::consent::Party,
    /// The text (encrypted).
    pub body_enc: Vec<u8>,
    /// Sent.
    pub created_at: DateTimeUtc,
    /// Erased on the retention schedule.
    pub erased_at: Option<DateTimeUtc>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
