//! The `petition_texts` table: a petition's title and text in one language.

use crate::ids::{PetitionId, PetitionTextId};
use sea_orm::entity::prelude::*;

/// A petition's text in one language.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "petition_texts")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: PetitionTextId,
    /// The petition.
    pub petition_id: PetitionId,
    /// Locale code.
    pub locale: String,
    /// Title.
    pub title: String,
    /// One-paragraph summary.
    pub summary: String,
    /// Full text (paragraphs separated by blank lines).
    pub body: String,
}

/// Belongs to a petition.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The petition.
    #[sea_orm(
        belongs_to = "super::petition::Entity",
        from = "Column::PetitionId",
        to = "super::petition::Column::Id"
    )]
    Petition,
}

impl Related<super::petition::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Petition.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
