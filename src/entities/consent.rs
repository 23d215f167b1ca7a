//! The `consents` table: a party's recorded answer (a requester's on their request, a
//! sought person's on a match), with the exact wording shown
//! (version, language, hash) and a seal over the record's content.

use crate::ids::{ApprovalId, ConsentId, MatchId, RequestId, StaffId};
use sea_orm::entity::prelude::*;

/// A consent record.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "consents")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: ConsentId,
    /// The request (both parties' consents name it).
    pub request_id: RequestId,
    /// The match (sought persons' consents; a requester's consent covers the request).
    pub match_id: Option<MatchId>,
    /// `requester` or `sought`.
    pub party: crate::domain::contact::consent::Party,
    /// `accept`, `decline` or `never`.
    pub decision: crate::domain::contact::consent::Decision,
    /// The version of the wording shown.
    pub wording_version: String,
    /// Its language.
    pub wording_locale: String,
    /// SHA-256 of the exact text shown.
    pub wording_hash: String,
    /// `portal` or `staff` (obtained offline and asserted by staff).
    pub channel: crate::domain::contact::consent::Channel,
    /// `relay` or `share` (accepting only).
    pub choice: Option<crate::domain::contact::consent::Choice>,
    /// The contact detail the party chose to share (encrypted).
    pub shared_detail_enc: Option<Vec<u8>>,
    /// A welfare message released with a decline (encrypted).
    pub welfare_enc: Option<Vec<u8>>,
    /// `none`, `preset`, `pending` (waiting for review), `released` or `withheld`.
    pub welfare_state: crate::domain::contact::consent::WelfareState,
    /// Given.
    pub given_at: DateTimeUtc,
    /// No longer valid after.
    pub expires_at: DateTimeUtc,
    /// Withdrawn.
    pub withdrawn_at: Option<DateTimeUtc>,
    /// The staff member who asserted it (channel `staff`).
    pub asserted_by: Option<StaffId>,
    /// The four-eyes approval of an asserted consent.
    pub approval_id: Option<ApprovalId>,
    /// SHA-256 over the record's content (see `domain::contact::consent::seal`).
    pub seal: String,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
