//! The `case_search_keys` table: blind indexes (HMAC) of the cross-script consonant
//! skeletons of a request's names (the requester's and each sought person's names and
//! aliases), so staff can find a case by a name in either script without a plaintext
//! column.

use crate::ids::RequestId;
use sea_orm::entity::prelude::*;

/// One key of one request.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "case_search_keys")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The request.
    pub request_id: RequestId,
    /// The blind-index key it was written with.
    pub key_id: i32,
    /// The blind index (hex).
    pub token: String,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
