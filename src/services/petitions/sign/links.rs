//! The links in a signer's email: confirming a signature (through the group writer) and
//! withdrawing it (its personal data erased, a tombstone kept).

use super::writer::{Job, SignWriter};
use crate::context::AppContext;
use crate::domain::petitions::petition::PetitionState;
use crate::domain::petitions::signature::{LetterState, SignatureState};
use crate::domain::reissued::LinkKind;
use crate::domain::reissued_link as reissued;
use crate::entities::{petition, signature};
use crate::error::AppError;
use crate::ids::{PetitionId, SignatureId, Token};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, UpdateMany};

/// The signature behind a confirmation or withdrawal link: the link first emailed (its
/// hash in the signature's row) or an unexpired one sent again on request.
async fn by_token(
    db: &impl ConnectionTrait,
    column: signature::Column,
    token: &Token,
) -> Result<Option<signature::Model>, sea_orm::DbErr> {
    if let Some(s) = signature::Entity::find()
        .filter(column.eq(token.hash()))
        .one(db)
        .await?
    {
        return Ok(Some(s));
    }
    let kind = if matches!(column, signature::Column::ConfirmHash) {
        LinkKind::SignatureConfirm
    } else {
        LinkKind::SignatureWithdraw
    };
    match reissued::target(db, kind, token, Utc::now()).await? {
        Some(id) => signature::Entity::find_by_id(SignatureId(id)).one(db).await,
        None => Ok(None),
    }
}

/// What a confirmation or withdrawal link leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// The signature can be confirmed (or withdrawn) with a POST.
    Ready {
        /// The petition's id.
        petition_id: PetitionId,
    },
    /// Already done: show the same result again.
    Done {
        /// The petition's id.
        petition_id: PetitionId,
        /// The receipt code (confirmations only).
        receipt_code: Option<String>,
    },
    /// Unknown, expired or no longer possible.
    Invalid,
}

async fn confirm_open(
    ctx: &AppContext,
    petition_id: PetitionId,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let Some(p) = petition::Entity::find_by_id(petition_id)
        .one(&ctx.db)
        .await?
    else {
        return Ok(false);
    };
    let open = p.state == PetitionState::Open
        && p.closes_at
            .is_none_or(|t| now < t + ctx.config.petitions.confirm_grace);
    let grace = p.state == PetitionState::Closed
        && p.closes_at
            .is_some_and(|t| now < t + ctx.config.petitions.confirm_grace);
    Ok(open || grace)
}

/// Where a loaded signature stands for its confirmation link.
async fn confirm_state(
    ctx: &AppContext,
    s: &signature::Model,
    now: DateTime<Utc>,
) -> Result<LinkTarget, AppError> {
    Ok(match s.state {
        SignatureState::Verified => LinkTarget::Done {
            petition_id: s.petition_id,
            receipt_code: Some(s.receipt_code.clone()),
        },
        SignatureState::Pending if confirm_open(ctx, s.petition_id, now).await? => {
            LinkTarget::Ready {
                petition_id: s.petition_id,
            }
        }
        _ => LinkTarget::Invalid,
    })
}

/// Where a confirmation link stands (GET shows a button: mail scanners that open links
/// confirm nothing).
pub async fn confirm_target(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<LinkTarget, AppError> {
    match by_token(&ctx.db, signature::Column::ConfirmHash, token).await? {
        Some(s) => confirm_state(ctx, &s, now).await,
        None => Ok(LinkTarget::Invalid),
    }
}

/// Confirms the signature of `token` (idempotent).
pub async fn confirm(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<LinkTarget, AppError> {
    let Some(s) = by_token(&ctx.db, signature::Column::ConfirmHash, token).await? else {
        return Ok(LinkTarget::Invalid);
    };
    match confirm_state(ctx, &s, now).await? {
        LinkTarget::Ready { petition_id } => {
            // Through the batch writer: confirmations come in spikes too.
            ctx.runtime::<SignWriter>()
                .submit(ctx, Job::Confirm { id: s.id, at: now })
                .await?;
            ctx.counts_cache_forget(petition_id);
            Ok(LinkTarget::Done {
                petition_id,
                receipt_code: Some(s.receipt_code),
            })
        }
        other => Ok(other),
    }
}

/// Where a loaded signature stands for its withdrawal link.
fn withdraw_state(s: &signature::Model) -> LinkTarget {
    match s.state {
        SignatureState::Withdrawn => LinkTarget::Done {
            petition_id: s.petition_id,
            receipt_code: None,
        },
        SignatureState::Pending | SignatureState::Verified => LinkTarget::Ready {
            petition_id: s.petition_id,
        },
        _ => LinkTarget::Invalid,
    }
}

/// Where a withdrawal link stands.
pub async fn withdraw_target(ctx: &AppContext, token: &Token) -> Result<LinkTarget, AppError> {
    Ok(by_token(&ctx.db, signature::Column::WithdrawHash, token)
        .await?
        .map_or(LinkTarget::Invalid, |s| withdraw_state(&s)))
}

/// The signature a withdrawal link belongs to, if any.
pub async fn withdraw_signature(
    ctx: &AppContext,
    token: &Token,
) -> Result<Option<SignatureId>, AppError> {
    Ok(by_token(&ctx.db, signature::Column::WithdrawHash, token)
        .await?
        .map(|s| s.id))
}

/// Adds to `update` the erasure of a signature's personal data: name, address and its
/// index, city, letter, IP hash, the news consent and its unsubscribe token (country,
/// relationship, dates and receipt code stay).
pub(crate) fn erasing(
    update: UpdateMany<signature::Entity>,
    now: DateTime<Utc>,
) -> UpdateMany<signature::Entity> {
    update
        .col_expr(signature::Column::NameEnc, Expr::value(Vec::<u8>::new()))
        .col_expr(signature::Column::EmailEnc, Expr::value(Vec::<u8>::new()))
        .col_expr(signature::Column::EmailIndex, Expr::value(""))
        .col_expr(signature::Column::CityEnc, Expr::value(Vec::<u8>::new()))
        .col_expr(
            signature::Column::LetterEnc,
            Expr::value(Option::<Vec<u8>>::None),
        )
        .col_expr(
            signature::Column::LetterState,
            Expr::value(LetterState::None),
        )
        .col_expr(signature::Column::IpHash, Expr::value(""))
        // The news consent goes with the rest: no token to email with, nothing opted in.
        .col_expr(signature::Column::NewsOptIn, Expr::value(false))
        .col_expr(
            signature::Column::NewsTokenEnc,
            Expr::value(Option::<Vec<u8>>::None),
        )
        .col_expr(
            signature::Column::NewsHash,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            signature::Column::NewsLocale,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            signature::Column::NewsWording,
            Expr::value(Option::<String>::None),
        )
        .col_expr(signature::Column::ErasedAt, Expr::value(now))
}

/// Withdraws the signature of `token`: it leaves the counts, and its personal data (name,
/// address, city, letter, IP hash) is erased; country, relationship and dates stay as a
/// tombstone.
pub async fn withdraw(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<LinkTarget, AppError> {
    let Some(s) = by_token(&ctx.db, signature::Column::WithdrawHash, token).await? else {
        return Ok(LinkTarget::Invalid);
    };
    match withdraw_state(&s) {
        LinkTarget::Ready { petition_id } => {
            let txn = ctx.begin_write().await?;
            erasing(signature::Entity::update_many(), now)
                .col_expr(
                    signature::Column::State,
                    Expr::value(SignatureState::Withdrawn),
                )
                .col_expr(signature::Column::WithdrawnAt, Expr::value(now))
                .filter(signature::Column::Id.eq(s.id))
                .filter(
                    signature::Column::State
                        .is_in([SignatureState::Pending, SignatureState::Verified]),
                )
                .exec(&*txn)
                .await?;
            txn.commit().await?;
            ctx.counts_cache_forget(petition_id);
            Ok(LinkTarget::Done {
                petition_id,
                receipt_code: None,
            })
        }
        other => Ok(other),
    }
}
