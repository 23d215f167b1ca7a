//! Retention: once a petition has been delivered and the configured period has passed, the
//! personal data of its signatures (name, address, city, letter, IP hash) is erased, and so
//! are the copies frozen into its editions and their bundle files; states, countries,
//! relationships, dates, receipt codes and each edition's hashes stay, so counts and
//! editions still add up. Run by the background jobs and by `peyvand retention run`.

use crate::context::AppContext;
use crate::domain::audit::{self, Actor, AuditAction, NewEvent, Subject};
use crate::domain::petitions::petition::PetitionState;
use crate::entities::{edition, edition_entry, petition, signature};
use crate::error::AppError;
use crate::ids::EditionId;
use crate::services::petitions::sign::erasing;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// What a run erased.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct RetentionReport {
    /// Petitions whose retention period had passed.
    pub petitions: u64,
    /// Signatures whose personal data was erased now.
    pub signatures: u64,
}

/// The moment from which retention erases the personal data of a petition delivered at
/// `delivered_at`: the retention period after it (the next run at or after it erases).
#[must_use]
pub fn erasure_from(ctx: &AppContext, delivered_at: DateTime<Utc>) -> DateTime<Utc> {
    delivered_at + ctx.config.petitions.retention
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
        .filter(petition::Column::State.eq(PetitionState::Delivered))
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
        let scans = crate::services::scans::erase_for_petition(&*txn, p.id, now).await?;
        let editions = edition::Entity::find()
            .filter(edition::Column::PetitionId.eq(p.id))
            .all(&*txn)
            .await?;
        let ids: Vec<EditionId> = editions.iter().map(|e| e.id).collect();
        let entries = edition_entry::Entity::update_many()
            .col_expr(
                edition_entry::Column::NameEnc,
                Expr::value(Vec::<u8>::new()),
            )
            .col_expr(
                edition_entry::Column::CityEnc,
                Expr::value(Vec::<u8>::new()),
            )
            .col_expr(
                edition_entry::Column::LetterEnc,
                Expr::value(Option::<Vec<u8>>::None),
            )
            .filter(edition_entry::Column::EditionId.is_in(ids))
            .filter(edition_entry::Column::NameEnc.ne(Vec::<u8>::new()))
            .exec(&*txn)
            .await?
            .rows_affected;
        edition::Entity::update_many()
            .col_expr(edition::Column::BundleFile, Expr::value(None::<String>))
            .filter(edition::Column::PetitionId.eq(p.id))
            .exec(&*txn)
            .await?;
        for file in editions.iter().filter_map(|e| e.bundle_file.as_ref()) {
            let path = crate::services::editions::bundle_dir(ctx).join(file);
            if path.exists() {
                std::fs::remove_file(&path).map_err(|e| {
                    AppError::Internal(format!("retention: {}: {e}", path.display()))
                })?;
            }
        }
        if erased > 0 || entries > 0 {
            audit::record(
                &txn,
                &ctx.crypto,
                NewEvent {
                    actor: actor.clone(),
                    action: AuditAction::RetentionErase,
                    subject: Subject::Petition(p.id),
                    details: serde_json::json!({ "signatures": erased, "edition_entries": entries, "letter_scans": scans }),
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
