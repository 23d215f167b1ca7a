//! The `petitions` table.

use sea_orm::entity::prelude::*;

/// A petition.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "petitions")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i64,
    /// URL name.
    #[sea_orm(unique)]
    pub slug: String,
    /// `draft`, `open`, `closed` or `delivered`.
    pub state: String,
    /// Signature goal.
    pub goal: Option<i32>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
}

/// A petition has texts in several languages.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Its texts.
    #[sea_orm(has_many = "super::petition_text::Entity")]
    Texts,
}

impl Related<super::petition_text::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Texts.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
