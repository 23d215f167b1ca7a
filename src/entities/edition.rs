//! The `editions` table: frozen cuts of a petition's verified signatures and their build.

use crate::ids::{EditionId, PetitionId, StaffId};
use sea_orm::entity::prelude::*;

/// An edition of a petition.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "editions")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: EditionId,
    /// The petition.
    pub petition_id: PetitionId,
    /// 1, 2, … per petition.
    pub number: i32,
    /// The language of the book's fixed texts.
    pub locale: String,
    /// The organisation's name as printed (frozen, so a rebuild is identical).
    pub organisation: String,
    /// Rows per volume (frozen, so a rebuild is identical).
    pub volume_size: i32,
    /// `building`, `ready` or `failed`.
    pub state: crate::domain::petitions::edition::EditionState,
    /// Signatures verified until this moment are in it.
    pub cut_off: DateTimeUtc,
    /// Entries.
    pub total: i64,
    /// Entries with an approved letter.
    pub letters: i64,
    /// Entries not in the previous edition.
    pub added: i64,
    /// Entries of the previous edition withdrawn since.
    pub withdrawn: i64,
    /// Entries of the previous edition invalidated since.
    pub invalidated: i64,
    /// Build progress: steps done.
    pub progress_done: i64,
    /// Build progress: all steps.
    pub progress_total: i64,
    /// Merkle root over the entries (hex), once built.
    pub merkle_root: Option<String>,
    /// SHA-256 of the bundle (hex), once built.
    pub bundle_sha256: Option<String>,
    /// The bundle's file name under `<data dir>/editions`.
    pub bundle_file: Option<String>,
    /// Why the build failed.
    pub error: String,
    /// When the worker now building it took the build.
    pub claimed_at: Option<DateTimeUtc>,
    /// The building worker's lease ends then unless its heartbeat renews it; a `building`
    /// edition whose lease lapsed lost its worker (stale).
    pub lease_until: Option<DateTimeUtc>,
    /// The building worker's random claim token (`None`: waiting for a worker); only the
    /// holder renews the lease or records the result.
    pub lease_token: Option<String>,
    /// Who froze it.
    pub created_by: StaffId,
    /// When.
    pub created_at: DateTimeUtc,
    /// Build finished.
    pub finished_at: Option<DateTimeUtc>,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
