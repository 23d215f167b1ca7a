//! The `registrations` table: people who registered as open (or closed) to contact, with
//! the names they choose to be findable by and their rules (all sealed).

use crate::ids::RegistrationId;
use sea_orm::entity::prelude::*;

/// A registration.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registrations")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: RegistrationId,
    /// Names, aliases, birth year, father's name, places and email as sealed JSON.
    pub data_enc: Vec<u8>,
    /// Allow and deny rules as sealed JSON.
    pub rules_enc: Vec<u8>,
    /// Blind index of the canonical email.
    pub email_index: String,
    /// Preferred language.
    pub locale: String,
    /// `anyone`, `relationships`, `named` or `no_one`.
    pub openness: crate::domain::contact::records::Openness,
    /// Keyed hash of the registering network.
    pub network_hash: String,
    /// `unverified`, `active`, `closed` or `withdrawn`.
    pub state: crate::domain::contact::records::RecordState,
    /// Hash of the email verification token.
    pub verify_hash: String,
    /// Hash of the management page token.
    pub manage_hash: String,
    /// Staff review: `new` or `reviewed`.
    pub review: crate::domain::contact::records::ReviewState,
    /// Registered.
    pub created_at: DateTimeUtc,
    /// Email verified.
    pub verified_at: Option<DateTimeUtc>,
    /// Expires (renewal moves it on).
    pub expires_at: DateTimeUtc,
    /// The renewal reminder went out.
    pub renewal_sent_at: Option<DateTimeUtc>,
    /// Closed or withdrawn.
    pub closed_at: Option<DateTimeUtc>,
    /// Made by `peyvand demo seed`: a demo registration is only ever matched with demo
    /// requests.
    pub demo: bool,
    /// Its owner erased its personal data ("erase my data now"): a tombstone.
    pub erased_at: Option<DateTimeUtc>,
    /// How it came in: `online`, or `phone` / `in_person` / `post` through a caseworker.
    pub intake_channel: crate::domain::contact::intake::IntakeChannel,
    /// How the person wants to be reached (`email`, `phone`, `post`, `caseworker`).
    pub contact_preference: crate::domain::contact::intake::ContactPreference,
    /// The caseworker who recorded it for a person located off-line.
    pub recorded_by: Option<crate::ids::StaffId>,
    /// Hash of the one-time take-over link (an off-line registration's owner takes it over).
    pub takeover_hash: Option<String>,
    /// When the take-over link stops working.
    pub takeover_expires_at: Option<DateTimeUtc>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
