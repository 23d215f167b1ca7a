//! The `letter_scans` table: the sanitised scan of a letter on paper (a JPEG, sealed under
//! `signature.scan`), one per signature; the image is nulled when the signature's personal
//! data is erased.

use crate::ids::{LetterScanId, SignatureId, StaffId};
use sea_orm::entity::prelude::*;

/// A letter's scan.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "letter_scans")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: LetterScanId,
    /// The signature whose letter it is.
    pub signature_id: SignatureId,
    /// The JPEG, sealed (none once erased).
    pub image_enc: Option<Vec<u8>>,
    /// Width in pixels.
    pub width: i32,
    /// Height in pixels.
    pub height: i32,
    /// Who attached it.
    pub entered_by: StaffId,
    /// When.
    pub created_at: DateTimeUtc,
    /// When the image was erased.
    pub erased_at: Option<DateTimeUtc>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
