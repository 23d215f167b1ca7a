//! The `petitions` table.

use crate::ids::PetitionId;
use sea_orm::entity::prelude::*;

/// A petition.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "petitions")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: PetitionId,
    /// URL name.
    #[sea_orm(unique)]
    pub slug: String,
    /// `draft`, `open`, `closed` or `delivered`.
    pub state: crate::domain::petitions::state::PetitionState,
    /// Signature goal.
    pub goal: Option<i32>,
    /// Created.
    pub created_at: DateTimeUtc,
    /// Last changed.
    pub updated_at: DateTimeUtc,
    /// The officials it is addressed to, one per line.
    pub addressees: String,
    /// Whether signers may write a letter.
    pub collects_letters: bool,
    /// Signing opens (none: when the state becomes open).
    pub opens_at: Option<DateTimeUtc>,
    /// Signing closes (none: until closed by hand).
    pub closes_at: Option<DateTimeUtc>,
    /// Handed to the officials.
    pub delivered_at: Option<DateTimeUtc>,
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
