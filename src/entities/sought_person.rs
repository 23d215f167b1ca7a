//! The `sought_persons` table: the persons a contact request seeks (all details sealed).

use crate::ids::{RequestId, SoughtId};
use sea_orm::entity::prelude::*;

/// A sought person.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sought_persons")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: SoughtId,
    /// The request.
    pub request_id: RequestId,
    /// Order within the request (1, 2, …).
    pub position: i32,
    /// Names, aliases, years, places and facts as sealed JSON.
    pub data_enc: Vec<u8>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
