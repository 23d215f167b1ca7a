//! Editions: freezing a petition's verified signatures at a cut-off (copied into the
//! edition, so later withdrawals and invalidations leave it as it was), building its signed
//! bundle (book volumes, CSV, letters, manifest) reproducibly from that copy, the public
//! receipt check, and hand-over records.
//!
//! Layout of the module:
//! - `freeze`: freezing the next edition of a petition;
//! - `build`: building an edition's bundle under a lease renewed by a heartbeat, claiming,
//!   reaping stale builds and retrying;
//! - `input`: what the export gets from the frozen copy (and the book's fixed texts);
//! - `staff_view`: editions as the staff pages show them, and the audited download;
//! - `check`: the public bundle check (`/verify`) of an uploaded bundle;
//! - `readme`: the bundle's read-me (three languages) and the colophon's pointer to `/verify`;
//! - `receipt`: which editions include a receipt code or a signature;
//! - `handover`: hand-over records;
//! - `handover_history`: each hand-over's recorded edits, answers and removal;
//! - [`retention`]: erasing personal data once the retention period has passed.

mod build;
mod check;
mod freeze;
mod handover;
mod handover_history;
mod input;
mod readme;
mod receipt;
pub mod retention;
mod staff_view;

pub use build::{
    HEARTBEAT, INTERRUPTED, LEASE, Lease, RetryProblem, build, build_waiting, bundle_name, claim,
    claim_id, is_stale, reap_stale, renew, retry,
};
pub use check::{BundleCheck, check_bundle};
pub use freeze::{FreezeProblem, counted_now, freeze};
pub use handover::{
    AnswerProblem, AnswerTexts, DayProblem, HandoverFacts, HandoverRow, NewHandover, edit_handover,
    handover_day_problem, handovers, record_answer, record_handover, remove_handover,
};
pub use handover_history::{Change, ChangeRow, changes as handover_changes};
pub use input::labels;
pub use readme::verify_url;
pub use receipt::{frozen_in, included_in};
pub use staff_view::{EditionRow, bundle, list};

use crate::context::AppContext;
use crate::entities::edition;
use crate::error::AppError;
use crate::ids::EditionId;
use sea_orm::EntityTrait;
use std::path::PathBuf;

/// One edition.
pub async fn get(ctx: &AppContext, id: EditionId) -> Result<Option<edition::Model>, AppError> {
    Ok(edition::Entity::find_by_id(id).one(&ctx.db).await?)
}

/// Where bundles are written.
#[must_use]
pub fn bundle_dir(ctx: &AppContext) -> PathBuf {
    ctx.config.data_dir.join("editions")
}
