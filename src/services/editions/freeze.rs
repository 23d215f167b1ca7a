//! Freezing an edition: a petition's verified, counted signatures at a cut-off copied into
//! the edition, with the differences from the previous edition counted.

use super::build::reap_stale;
use crate::context::AppContext;
use crate::domain::audit::{self, AuditAction, NewEvent, Subject};
use crate::domain::petitions::edition::EditionState;
use crate::domain::petitions::signature::{LetterState, SignatureState};
use crate::entities::{edition, edition_entry, petition, signature};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{PetitionId, SignatureId, StaffId};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::HashSet;

/// Why an edition could not be frozen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FreezeProblem {
    /// No verified signature: there is nothing to hand over.
    NoSignatures,
    /// Another edition of this petition is still being built.
    Building,
}

impl FreezeProblem {
    /// The message key.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::NoSignatures => "edition-error-empty",
            Self::Building => "edition-error-building",
        }
    }
}

/// Freezes the next edition of a petition at `now`: its verified, counted signatures (and
/// approved letters) are copied into the edition, numbered in the order they were
/// confirmed, and the differences with the previous edition are counted.
pub async fn freeze(
    ctx: &AppContext,
    actor: audit::Actor,
    petition_id: PetitionId,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Result<edition::Model, FreezeProblem>, AppError> {
    // A build whose worker died must not block the next edition.
    reap_stale(ctx, now).await?;
    let txn = ctx.begin_write().await?;
    if petition::Entity::find_by_id(petition_id)
        .one(&*txn)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let editions = edition::Entity::find()
        .filter(edition::Column::PetitionId.eq(petition_id))
        .order_by_desc(edition::Column::Number)
        .all(&*txn)
        .await?;
    if editions.iter().any(|e| e.state == EditionState::Building) {
        return Ok(Err(FreezeProblem::Building));
    }
    let signatures = signature::Entity::find()
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::State.eq(SignatureState::Verified))
        .filter(signature::Column::Shadow.eq(false))
        .filter(signature::Column::VerifiedAt.lte(now))
        .filter(signature::Column::ErasedAt.is_null())
        .order_by_asc(signature::Column::VerifiedAt)
        .order_by_asc(signature::Column::Id)
        .all(&*txn)
        .await?;
    if signatures.is_empty() {
        return Ok(Err(FreezeProblem::NoSignatures));
    }
    let (added, withdrawn, invalidated) = match editions.first() {
        None => (signatures.len() as u64, 0, 0),
        Some(prev) => {
            let before: HashSet<SignatureId> = edition_entry::Entity::find()
                .select_only()
                .column(edition_entry::Column::SignatureId)
                .filter(edition_entry::Column::EditionId.eq(prev.id))
                .into_tuple::<SignatureId>()
                .all(&*txn)
                .await?
                .into_iter()
                .collect();
            let added = signatures
                .iter()
                .filter(|s| !before.contains(&s.id))
                .count() as u64;
            let gone: Vec<(SignatureId, SignatureState)> = signature::Entity::find()
                .select_only()
                .column(signature::Column::Id)
                .column(signature::Column::State)
                .filter(signature::Column::PetitionId.eq(petition_id))
                .filter(
                    signature::Column::State
                        .is_in([SignatureState::Withdrawn, SignatureState::Invalidated]),
                )
                .into_tuple()
                .all(&*txn)
                .await?;
            let count = |st: SignatureState| {
                gone.iter()
                    .filter(|(id, s)| *s == st && before.contains(id))
                    .count() as u64
            };
            (
                added,
                count(SignatureState::Withdrawn),
                count(SignatureState::Invalidated),
            )
        }
    };
    let number = editions.first().map_or(1, |e| e.number + 1);
    let letters = signatures
        .iter()
        .filter(|s| s.letter_state == LetterState::Approved && s.letter_enc.is_some())
        .count();
    let as_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let total = signatures.len() as u64;
    let e = edition::ActiveModel {
        petition_id: Set(petition_id),
        number: Set(number),
        locale: Set(locale.code().to_owned()),
        organisation: Set(ctx.config.petitions.organisation.clone()),
        volume_size: Set(i32::try_from(ctx.config.petitions.volume_size).unwrap_or(i32::MAX)),
        state: Set(EditionState::Building),
        cut_off: Set(now),
        total: Set(as_i64(total)),
        letters: Set(as_i64(letters as u64)),
        added: Set(as_i64(added)),
        withdrawn: Set(as_i64(withdrawn)),
        invalidated: Set(as_i64(invalidated)),
        progress_done: Set(0),
        progress_total: Set(0),
        merkle_root: Set(None),
        bundle_sha256: Set(None),
        bundle_file: Set(None),
        error: Set(String::new()),
        claimed_at: Set(None),
        lease_until: Set(None),
        lease_token: Set(None),
        created_by: Set(match actor {
            audit::Actor::Staff(id) => id,
            _ => StaffId(0),
        }),
        created_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    for (chunk_no, chunk) in signatures.chunks(500).enumerate() {
        let rows = chunk.iter().enumerate().map(|(i, s)| {
            let n = chunk_no * 500 + i + 1;
            edition_entry::ActiveModel {
                edition_id: Set(e.id),
                number: Set(i32::try_from(n).unwrap_or(i32::MAX)),
                signature_id: Set(s.id),
                name_enc: Set(s.name_enc.clone()),
                book_disclosure: Set(s.book_disclosure),
                city_enc: Set(s.city_enc.clone()),
                country: Set(s.country.clone()),
                relationship: Set(s.relationship),
                signed_at: Set(s.verified_at.unwrap_or(s.created_at)),
                receipt_code: Set(s.receipt_code.clone()),
                channel: Set(s.channel),
                letter_enc: Set(if s.letter_state == LetterState::Approved {
                    s.letter_enc.clone()
                } else {
                    None
                }),
                ..Default::default()
            }
        });
        edition_entry::Entity::insert_many(rows).exec(&*txn).await?;
    }
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent {
            actor,
            action: AuditAction::EditionFreeze,
            subject: Subject::Edition(e.id),
            details: serde_json::json!({ "petition": petition_id, "number": number, "total": total }),
        },
    )
    .await?;
    txn.commit().await?;
    ctx.edition_wakeup.notify_one();
    Ok(Ok(e))
}

/// Signatures counted now (for comparing with an edition's total at its cut-off).
pub async fn counted_now(ctx: &AppContext, petition_id: PetitionId) -> Result<u64, AppError> {
    Ok(signature::Entity::find()
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::State.eq(SignatureState::Verified))
        .filter(signature::Column::Shadow.eq(false))
        .count(&ctx.db)
        .await?)
}
