//! Staff work on petitions: the global pause switch (admins) and letter moderation
//! (organisers). Reading letters is audited; decisions are recorded.

use crate::context::AppContext;
use crate::domain::audit::{self, Actor, AuditAction, NewEvent, Subject};
use crate::domain::petitions::petition::PetitionState;
use crate::domain::petitions::signature::{self as sig, BookDisclosure, LetterState, context};
use crate::entities::{petition, signature};
use crate::error::AppError;
use crate::ids::{PetitionId, SignatureId, StaffId};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;

/// Sets the global "pause collection" switch.
pub async fn set_paused(ctx: &AppContext, admin: StaffId, paused: bool) -> Result<(), AppError> {
    let txn = ctx.begin_write().await?;
    crate::domain::meta::put(
        &*txn,
        crate::services::petitions::sign::PAUSED_KEY,
        paused.to_string(),
    )
    .await?;
    let action = if paused {
        AuditAction::PetitionsPause
    } else {
        AuditAction::PetitionsResume
    };
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent {
            actor: Actor::Staff(admin),
            action,
            subject: Subject::AllPetitions,
            details: serde_json::Value::Null,
        },
    )
    .await?;
    txn.commit().await?;
    crate::services::petitions::sign::forget_settings(ctx);
    Ok(())
}

/// A petition on the staff overview.
#[derive(Debug, Clone, Serialize)]
pub struct PetitionRow {
    /// Id.
    pub id: PetitionId,
    /// URL name.
    pub slug: String,
    /// State.
    pub state: PetitionState,
    /// Letters waiting for a moderator.
    pub pending_letters: u64,
}

/// Every petition with its letters waiting for moderation.
pub async fn overview(ctx: &AppContext) -> Result<Vec<PetitionRow>, AppError> {
    let mut rows = Vec::new();
    for p in petition::Entity::find()
        .order_by_desc(petition::Column::Id)
        .all(&ctx.db)
        .await?
    {
        let pending_letters = signature::Entity::find()
            .filter(signature::Column::PetitionId.eq(p.id))
            .filter(signature::Column::LetterState.eq(LetterState::Pending))
            .count(&ctx.db)
            .await?;
        rows.push(PetitionRow {
            id: p.id,
            slug: p.slug,
            state: p.state,
            pending_letters,
        });
    }
    Ok(rows)
}

/// A letter waiting for moderation.
#[derive(Debug, Clone, Serialize)]
pub struct LetterRow {
    /// The signature's id.
    pub id: SignatureId,
    /// The letter.
    pub text: String,
    /// The signer as the officials' copy would show them.
    pub signer: String,
    /// Country code.
    pub country: String,
    /// Collected on paper.
    pub paper: bool,
    /// Has a scan (a letter on paper).
    pub scan: bool,
}

/// Letters of a petition waiting for moderation (oldest first, at most 50); the read is
/// recorded in the audit log.
pub async fn pending_letters(
    ctx: &AppContext,
    viewer: StaffId,
    petition_id: PetitionId,
) -> Result<Vec<LetterRow>, AppError> {
    let rows = signature::Entity::find()
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::LetterState.eq(LetterState::Pending))
        .order_by_asc(signature::Column::Id)
        .limit(50)
        .all(&ctx.db)
        .await?;
    let details = serde_json::json!({ "letters": rows.iter().map(|r| r.id).collect::<Vec<_>>() });
    crate::services::audit_log::record(
        ctx,
        NewEvent::staff(
            viewer,
            AuditAction::LettersView,
            Subject::Petition(petition_id),
            details,
        ),
    )
    .await?;
    let scanned =
        crate::services::scans::with_scan(&ctx.db, rows.iter().map(|r| r.id).collect()).await?;
    rows.iter()
        .map(|r| {
            let name = ctx.crypto.decrypt_str(context::NAME, &r.name_enc)?;
            let signer = match r.book_disclosure {
                BookDisclosure::Initials => sig::initials(&name),
                BookDisclosure::Family => String::new(),
                BookDisclosure::Full => name,
            };
            let text = match &r.letter_enc {
                Some(l) => ctx.crypto.decrypt_str(context::LETTER, l)?,
                None => String::new(),
            };
            Ok(LetterRow {
                id: r.id,
                text,
                signer,
                country: r.country.clone(),
                paper: r.channel == crate::domain::petitions::paper::Channel::Paper,
                scan: scanned.contains_key(&r.id),
            })
        })
        .collect()
}

/// Approves or rejects a pending letter (a rejection needs a reason). `false` when there is
/// no such pending letter.
pub async fn moderate(
    ctx: &AppContext,
    organiser: StaffId,
    petition_id: PetitionId,
    signature_id: SignatureId,
    approve: bool,
    reason: &str,
) -> Result<bool, AppError> {
    let txn = ctx.begin_write().await?;
    let state = if approve {
        LetterState::Approved
    } else {
        LetterState::Rejected
    };
    let done = signature::Entity::update_many()
        .col_expr(signature::Column::LetterState, Expr::value(state))
        .col_expr(
            signature::Column::LetterNote,
            Expr::value((!approve).then(|| reason.trim().to_owned())),
        )
        .filter(signature::Column::Id.eq(signature_id))
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::LetterState.eq(LetterState::Pending))
        .exec(&*txn)
        .await?
        .rows_affected
        == 1;
    if done {
        let action = if approve {
            AuditAction::LetterApprove
        } else {
            AuditAction::LetterReject
        };
        audit::record(
            &txn,
            &ctx.crypto,
            NewEvent {
                actor: Actor::Staff(organiser),
                action,
                subject: Subject::Signature(signature_id),
                details: serde_json::Value::Null,
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(done)
}
