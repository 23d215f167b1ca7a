//! The `signatures` table: a petition signature; personal data encrypted, email found by blind index.

use crate::ids::{InvalidationId, PaperBatchId, PetitionId, SignatureId, StaffId};
use sea_orm::entity::prelude::*;

/// A petition signature; personal data encrypted, email found by blind index.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "signatures")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: SignatureId,
    /// The petition.
    pub petition_id: PetitionId,
    /// Encrypted full name (empty once erased).
    pub name_enc: Vec<u8>,
    /// Encrypted email address (empty once erased).
    pub email_enc: Vec<u8>,
    /// Blind index of the canonical email (empty once erased).
    pub email_index: String,
    /// Blind index of the email domain (for invalidations and trends).
    pub email_domain_index: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// Encrypted city (empty once erased).
    pub city_enc: Vec<u8>,
    /// Relationship to the detained relative (`parent`, …, `supporter`, or `none`).
    pub relationship: crate::domain::people::relationship::Relationship,
    /// Encrypted letter to the officials.
    pub letter_enc: Option<Vec<u8>>,
    /// `none`, `pending`, `approved`, `rejected`.
    pub letter_state: crate::domain::petitions::signature::LetterState,
    /// Moderator's reason for a rejected letter.
    pub letter_note: Option<String>,
    /// `hidden`, `initials` or `full` on the public page.
    pub public_disclosure: crate::domain::petitions::signature::PublicDisclosure,
    /// `full`, `initials` or `family` in the officials' copy.
    pub book_disclosure: crate::domain::petitions::signature::BookDisclosure,
    /// `pending`, `verified`, `withdrawn` or `invalidated`.
    pub state: crate::domain::petitions::signature::SignatureState,
    /// Shadow-banned: the signer saw the normal answer, the count ignores it.
    pub shadow: bool,
    /// The signer's receipt code.
    #[sea_orm(unique)]
    pub receipt_code: String,
    /// Keyed hash of the client IP.
    pub ip_hash: String,
    /// SHA-256 of the confirmation token.
    #[sea_orm(unique)]
    pub confirm_hash: String,
    /// SHA-256 of the withdrawal token.
    #[sea_orm(unique)]
    pub withdraw_hash: String,
    /// The invalidation that moved it, if any.
    pub invalidation_id: Option<InvalidationId>,
    /// Signed.
    pub created_at: DateTimeUtc,
    /// Confirmed.
    pub verified_at: Option<DateTimeUtc>,
    /// Withdrawn.
    pub withdrawn_at: Option<DateTimeUtc>,
    /// Personal data erased (withdrawal or retention).
    pub erased_at: Option<DateTimeUtc>,
    /// How it reached the portal: `online`, `paper` or `assisted`.
    pub channel: crate::domain::petitions::paper::Channel,
    /// The printed sheet it was signed on (paper only).
    pub sheet_number: Option<i32>,
    /// Its line on that sheet (paper only).
    pub sheet_line: Option<i32>,
    /// The batch it was typed in with (paper only).
    pub paper_batch_id: Option<PaperBatchId>,
    /// The staff member who entered it (paper and assisted).
    pub entered_by: Option<StaffId>,
    /// The second staff member who checked it (paper and assisted).
    pub checked_by: Option<StaffId>,
    /// Blind index of the normalised name, city and country (duplicate checks; empty
    /// for rows signed before it was kept, and once erased).
    pub name_index: Option<String>,
    /// Whether the signer asked for news of the petition by email (their own consent).
    pub news_opt_in: bool,
    /// The version of the wording they agreed to.
    pub news_wording: Option<String>,
    /// The language their news is written in.
    pub news_locale: Option<String>,
    /// Their one-click unsubscribe token, sealed (for the news emails).
    pub news_token_enc: Option<Vec<u8>>,
    /// The token's SHA-256 (hex), to find it when used.
    pub news_hash: Option<String>,
    /// When they unsubscribed (no more news).
    pub news_unsubscribed_at: Option<DateTimeUtc>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
