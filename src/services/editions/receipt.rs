//! The public receipt check: which ready editions include a receipt code or a signature,
//! and nothing else about it.

use crate::context::AppContext;
use crate::domain::petitions::edition::EditionState;
use crate::entities::{edition, edition_entry};
use crate::error::AppError;
use crate::ids::{PetitionId, SignatureId};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Which ready edition of a petition includes a receipt code (the lowest number), if any.
/// Tells nothing else: not the name, not the position.
pub async fn included_in(
    ctx: &AppContext,
    petition_id: PetitionId,
    receipt: &str,
) -> Result<Option<i32>, AppError> {
    let numbers: Vec<i32> = edition_entry::Entity::find()
        .select_only()
        .column(edition::Column::Number)
        .inner_join(edition::Entity)
        .filter(edition_entry::Column::ReceiptCode.eq(receipt))
        .filter(edition::Column::PetitionId.eq(petition_id))
        .filter(edition::Column::State.eq(EditionState::Ready))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    Ok(numbers.into_iter().min())
}

/// The editions a signature is frozen in (their numbers): after a cut-off a withdrawal no
/// longer changes those editions.
pub async fn frozen_in(ctx: &AppContext, signature_id: SignatureId) -> Result<Vec<i32>, AppError> {
    Ok(edition_entry::Entity::find()
        .select_only()
        .column(edition::Column::Number)
        .inner_join(edition::Entity)
        .filter(edition_entry::Column::SignatureId.eq(signature_id))
        .filter(edition::Column::State.eq(EditionState::Ready))
        .order_by_asc(edition::Column::Number)
        .into_tuple()
        .all(&ctx.db)
        .await?)
}
