//! The `contact_requests` table: a family member's request to re-establish contact
//! (requester details, message and review notes encrypted).

use crate::ids::RequestId;
use sea_orm::entity::prelude::*;

/// A contact request.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contact_requests")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: RequestId,
    /// The requester (name, email, phone) as sealed JSON.
    pub requester_enc: Vec<u8>,
    /// Blind index of the requester's canonical email.
    pub email_index: String,
    /// The requester's country (ISO code).
    pub country: String,
    /// The requester's language.
    pub locale: String,
    /// The requester's relationship to the sought persons.
    pub relationship: crate::domain::people::relationship::Relationship,
    /// The message to the sought person (encrypted).
    pub message_enc: Vec<u8>,
    /// Keyed hash of the requester's network (/64 for IPv6).
    pub network_hash: String,
    /// `unverified`, `active`, `closed` or `withdrawn`.
    pub state: crate::domain::contact::records::RecordState,
    /// Hash of the email verification token.
    pub verify_hash: String,
    /// Hash of the status page token.
    pub status_hash: String,
    /// Staff review: `new` or `reviewed`.
    pub review: crate::domain::contact::records::ReviewState,
    /// Flagged as suspected hostile.
    pub hostile: bool,
    /// Why (encrypted).
    pub hostile_note_enc: Option<Vec<u8>>,
    /// Filed.
    pub created_at: DateTimeUtc,
    /// Email verified.
    pub verified_at: Option<DateTimeUtc>,
    /// Expires (renewal moves it on).
    pub expires_at: DateTimeUtc,
    /// The renewal reminder went out.
    pub renewal_sent_at: Option<DateTimeUtc>,
    /// The last scheduled check-in email (asks the requester to look at their page).
    pub checkin_sent_at: Option<DateTimeUtc>,
    /// When the requester last re-confirmed they still want contact (their own action;
    /// the consent record itself is in `consents`).
    pub confirmed_at: Option<DateTimeUtc>,
    /// Closed or withdrawn.
    pub closed_at: Option<DateTimeUtc>,
    /// Made by `peyvand demo seed`: a demo request is only ever matched with demo
    /// registrations.
    pub demo: bool,
    /// Its owner erased its personal data ("erase my data now"): a tombstone.
    pub erased_at: Option<DateTimeUtc>,
    /// The caseworker the request is assigned to (none: in the unassigned queue).
    pub assigned_to: Option<crate::ids::StaffId>,
    /// Since when.
    pub assigned_at: Option<DateTimeUtc>,
    /// The blind-index key its search keys (`case_search_keys`) were written with; none
    /// until they are written.
    pub search_key_id: Option<i32>,
    /// How it came in: `online`, or `phone` / `in_person` / `post` through a caseworker.
    pub intake_channel: crate::domain::contact::intake::IntakeChannel,
    /// How the requester wants to be reached (`email`, `phone`, `post`, `caseworker`).
    pub contact_preference: crate::domain::contact::intake::ContactPreference,
    /// The caseworker who filed it on the requester's behalf.
    pub filed_by: Option<crate::ids::StaffId>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
