//! The `access_lists` table: block and allow lists for signing: IP ranges, email domains, addresses (by blind index).

use crate::ids::{AccessEntryId, StaffId};
use sea_orm::entity::prelude::*;

/// Block and allow lists for signing: IP ranges, email domains, addresses (by blind index).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "access_lists")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: AccessEntryId,
    /// The list (`block` or `allow`).
    pub list: crate::domain::petitions::access::AccessList,
    /// What it matches (`ip_range`, `ip_hash`, `email_domain` or `email`).
    pub kind: crate::domain::petitions::access::EntryKind,
    /// A CIDR range, or a blind index (domains and addresses).
    pub value: String,
    /// Why.
    pub note: String,
    /// Who added it.
    pub created_by: StaffId,
    /// When.
    pub created_at: DateTimeUtc,
    /// Removed (kept for the record).
    pub removed_at: Option<DateTimeUtc>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
