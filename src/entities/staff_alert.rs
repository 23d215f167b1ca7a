//! The `staff_alerts` table: per staff member, whether something waits for them that the
//! content-free "something is waiting" email has not told them yet, when it last went
//! out, their opt-out and the language of the email.

use crate::ids::StaffId;
use sea_orm::entity::prelude::*;

/// A staff member's notification state.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff_alerts")]
pub struct Model {
    /// The staff member.
    #[sea_orm(primary_key, auto_increment = false)]
    pub staff_id: StaffId,
    /// They asked for no such email.
    pub opted_out: bool,
    /// The language of the email (`en`, `fa`, `fr`).
    pub locale: String,
    /// Something has waited for them since (none: nothing new).
    pub waiting_since: Option<DateTimeUtc>,
    /// The last email.
    pub last_sent_at: Option<DateTimeUtc>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
