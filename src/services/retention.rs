//! Retention: once a petition has been delivered and the configured period has passed, the
//! personal data of its signatures (name, address, city, letter, IP hash) is erased; states,
//! countries, relationships, dates and receipt codes stay, so counts and editions still add
//! up. Run by the background jobs and by `peyvand retention run`.

use crate::context::AppContext;
use crate::domain::audit::{self, Actor, NewEvent};
use crate::domain::petition::PetitionState;
use crate::entities::{petition, signature};
use crate::error::AppError;
use crate::services::petition_sign::erasing;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// What a run erased.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RetentionReport {
    /// Petitions whose retention period had passed.
    pub petitions: u64,
    /// Signatures whose personal data was erased now.
    pub signatures: u64,
}

/// Erases the personal data of signatures of petitions delivered more than the retention
/// period before `now`. Idempotent.
pub async fn run(
    ctx: &AppContext,
    actor: Actor,
    now: DateTime<Utc>,
) -> Result<RetentionReport, AppError> {
    let cutoff = now - ctx.config.petitions.retention;
    let due = petition::Entity::find()
        .filter(petition::Column::State.eq(PetitionState::Delivered.as_str()))
        .filter(petition::Column::DeliveredAt.lte(cutoff))
        .all(&ctx.db)
        .await?;
    let mut report = RetentionReport::default();
    for p in due {
        let txn = ctx.begin_write().await?;
        let erased = erasing(signature::Entity::update_many(), now)
            .filter(signature::Column::PetitionId.eq(p.id))
            .filter(signature::Column::ErasedAt.is_null())
            .exec(&*txn)
            .await?
            .rows_affected;
        if erased > 0 {
            audit::record(
                &txn,
                &ctx.crypto,
                NewEvent {
                    actor: actor.clone(),
                    action: "retention.erase",
                    subject: format!("petition:{}", p.id),
                    details: serde_json::json!({ "signatures": erased }),
                },
            )
            .await?;
        }
        txn.commit().await?;
        report.petitions += 1;
        report.signatures += erased;
    }
    Ok(report)
}
