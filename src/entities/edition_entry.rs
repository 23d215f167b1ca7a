//! The `edition_entries` table: a signature as frozen into an edition (personal data
//! encrypted), so later withdrawals and invalidations leave the edition as it was.

use crate::ids::{EditionEntryId, EditionId, SignatureId};
use sea_orm::entity::prelude::*;

/// One signature in an edition.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "edition_entries")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: EditionEntryId,
    /// The edition.
    pub edition_id: EditionId,
    /// Its number in the book (1, 2, …).
    pub number: i32,
    /// The signature it was taken from.
    pub signature_id: SignatureId,
    /// The signer's name (encrypted).
    pub name_enc: Vec<u8>,
    /// `full`, `initials` or `family`.
    pub book_disclosure: crate::domain::petitions::signature::BookDisclosure,
    /// City (encrypted).
    pub city_enc: Vec<u8>,
    /// ISO country code.
    pub country: String,
    /// Relationship.
    pub relationship: crate::domain::people::relationship::Relationship,
    /// When the signature was confirmed.
    pub signed_at: DateTimeUtc,
    /// The signer's receipt code.
    pub receipt_code: String,
    /// The approved letter (encrypted).
    pub letter_enc: Option<Vec<u8>>,
    /// How the signature reached the portal (the book and the CSV mark paper ones).
    pub channel: crate::domain::petitions::paper::Channel,
}

/// An entry belongs to an edition.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// Its edition.
    #[sea_orm(
        belongs_to = "super::edition::Entity",
        from = "Column::EditionId",
        to = "super::edition::Column::Id"
    )]
    Edition,
}

impl Related<super::edition::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Edition.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
