//! The `matches` table: a sought person and a registration a caseworker linked, with the
//! match's state (see `domain::contact::records`).

use crate::ids::{MatchId, RegistrationId, SoughtId, StaffId};
use sea_orm::entity::prelude::*;

/// A match.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "matches")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: MatchId,
    /// The sought person.
    pub sought_person_id: SoughtId,
    /// The registration.
    pub registration_id: RegistrationId,
    /// The matcher's score when linked, in thousandths.
    pub score: i32,
    /// State.
    pub state: crate::domain::contact::match_flow::MatchState,
    /// The caseworker who linked them.
    pub created_by: StaffId,
    /// Linked.
    pub created_at: DateTimeUtc,
    /// Last change.
    pub updated_at: DateTimeUtc,
    /// Why it was rejected or closed (no personal data).
    pub note: Option<String>,
    /// End of the cooling-off period (set when both consents are in).
    pub cooling_until: Option<DateTimeUtc>,
    /// When the match was closed.
    pub closed_at: Option<DateTimeUtc>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
