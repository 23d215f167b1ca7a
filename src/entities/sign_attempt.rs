//! The `sign_attempts` table: a signing request acknowledged and not yet carried out.

use crate::ids::{AttemptId, PetitionId};
use sea_orm::entity::prelude::*;

/// One acknowledged signing attempt.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_attempts")]
pub struct Model {
    /// Id (also the order in which attempts are carried out).
    #[sea_orm(primary_key)]
    pub id: AttemptId,
    /// The petition signed.
    pub petition_id: PetitionId,
    /// Everything submitted and prepared, sealed (see `services::petitions::sign`).
    pub payload_enc: Vec<u8>,
    /// When it was acknowledged.
    pub created_at: DateTimeUtc,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
