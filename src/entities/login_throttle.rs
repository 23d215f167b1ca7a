//! The `login_throttle` table: failed staff logins per email blind index, known addresses or not (no oracle).

use sea_orm::entity::prelude::*;

/// Failed staff logins per email blind index, known addresses or not (no oracle).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_throttle")]
pub struct Model {
    /// Blind index of the email tried.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Consecutive failures.
    pub failures: i32,
    /// No attempt is checked before this time.
    pub locked_until: Option<DateTimeUtc>,
    /// Last change.
    pub updated_at: DateTimeUtc,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
