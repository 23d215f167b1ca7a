//! The `email_rules` table: per-domain rules for canonical email addresses (editable by admins).

use sea_orm::entity::prelude::*;

/// Per-domain rules for canonical email addresses (editable by admins).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "email_rules")]
pub struct Model {
    /// The domain.
    #[sea_orm(primary_key, auto_increment = false)]
    pub domain: String,
    /// Dots in the local part do not matter (gmail).
    pub strip_dots: bool,
    /// `+tag` suffixes do not matter.
    pub strip_plus: bool,
    /// The domain this one is another name for.
    pub alias_of: Option<String>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
