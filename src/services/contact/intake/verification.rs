//! The verification link: where it stands (the GET, which changes nothing) and the POST
//! that verifies the address and sends the personal link.

use super::{VERIFY_WINDOW_DAYS, append, link, token_pair};
use crate::context::AppContext;
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::domain::contact::records::{
    self as dc, RecordState, RegistrationData, RequesterData, context,
};
use crate::entities::{contact_request, registration};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::Token;
use crate::mail::{EmailTemplate, outbox};
use crate::services::contact::candidates::forget_index;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::Serialize;

/// "Your personal link": sent once the address is verified (status or management page).
#[derive(Debug, Serialize)]
pub struct LinkEmail {
    /// The status or management page.
    pub link: String,
}

impl EmailTemplate for LinkEmail {
    const NAME: &'static str = "contact_link";
}

/// Which kind of record a verification link belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A contact request.
    Request,
    /// A registration.
    Registration,
}

/// What a verification link leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VerifyTarget {
    /// Not verified yet: a POST verifies.
    Ready(Kind),
    /// Verified already (by this or an earlier POST).
    Done(Kind),
    /// Unknown, expired, or the record was closed or withdrawn.
    Invalid,
}

/// Whether an unverified row created at `created_at` may still be verified at `now`.
fn verifiable(created_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < created_at + Duration::days(VERIFY_WINDOW_DAYS)
}

fn target_of(
    kind: Kind,
    row_state: RecordState,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> VerifyTarget {
    match row_state {
        RecordState::Unverified if verifiable(created_at, now) => VerifyTarget::Ready(kind),
        RecordState::Active => VerifyTarget::Done(kind),
        _ => VerifyTarget::Invalid,
    }
}

enum Found {
    Request(contact_request::Model),
    Registration(registration::Model),
}

async fn by_verify_token(
    db: &impl ConnectionTrait,
    token: &Token,
) -> Result<Option<Found>, AppError> {
    let hash = token.hash();
    if let Some(r) = contact_request::Entity::find()
        .filter(contact_request::Column::VerifyHash.eq(hash.clone()))
        .one(db)
        .await?
    {
        return Ok(Some(Found::Request(r)));
    }
    Ok(registration::Entity::find()
        .filter(registration::Column::VerifyHash.eq(hash))
        .one(db)
        .await?
        .map(Found::Registration))
}

fn found_target(found: &Found, now: DateTime<Utc>) -> VerifyTarget {
    match found {
        Found::Request(r) => target_of(Kind::Request, r.state, r.created_at, now),
        Found::Registration(r) => target_of(Kind::Registration, r.state, r.created_at, now),
    }
}

/// Where a verification link stands (the GET: shows a button, changes nothing, so mail
/// scanners that open links verify nothing).
pub async fn verify_target(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<VerifyTarget, AppError> {
    Ok(by_verify_token(&ctx.db, token)
        .await?
        .map_or(VerifyTarget::Invalid, |f| found_target(&f, now)))
}

/// Verifies the address behind `token` (idempotent): the request or registration becomes
/// `active`, its expiry is set a full period from now, and one content-free email with the
/// personal link (status page or management page; only its hash is kept) is queued.
pub async fn verify(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<VerifyTarget, AppError> {
    let Some(found) = by_verify_token(&ctx.db, token).await? else {
        return Ok(VerifyTarget::Invalid);
    };
    let VerifyTarget::Ready(kind) = found_target(&found, now) else {
        return Ok(found_target(&found, now));
    };
    let (page_token, page_hash) = token_pair()?;
    let expires_at = now + ctx.config.contact.expiry;
    let (address, locale, path) = match &found {
        Found::Request(r) => {
            let who: RequesterData = dc::open(&ctx.crypto, context::REQUESTER, &r.requester_enc)?;
            (
                who.email,
                Locale::parse(&r.locale).unwrap_or_default(),
                "status",
            )
        }
        Found::Registration(r) => {
            let data: RegistrationData = dc::open(&ctx.crypto, context::REGISTRATION, &r.data_enc)?;
            (
                data.email,
                Locale::parse(&r.locale).unwrap_or_default(),
                "registration",
            )
        }
    };
    let mail = outbox::prepare(
        ctx.outbox(),
        &address,
        locale,
        &LinkEmail {
            link: link(ctx, path, &page_token, locale),
        },
    )?;
    let txn = ctx.begin_write().await?;
    // Only the POST that moves the row out of `unverified` sends the link.
    let changed = match &found {
        Found::Request(r) => {
            contact_request::Entity::update_many()
                .col_expr(
                    contact_request::Column::State,
                    Expr::value(RecordState::Active),
                )
                .col_expr(contact_request::Column::VerifiedAt, Expr::value(now))
                .col_expr(contact_request::Column::ExpiresAt, Expr::value(expires_at))
                .col_expr(contact_request::Column::StatusHash, Expr::value(page_hash))
                .filter(contact_request::Column::Id.eq(r.id))
                .filter(contact_request::Column::State.eq(RecordState::Unverified))
                .exec(&*txn)
                .await?
                .rows_affected
        }
        Found::Registration(r) => {
            registration::Entity::update_many()
                .col_expr(
                    registration::Column::State,
                    Expr::value(RecordState::Active),
                )
                .col_expr(registration::Column::VerifiedAt, Expr::value(now))
                .col_expr(registration::Column::ExpiresAt, Expr::value(expires_at))
                .col_expr(registration::Column::ManageHash, Expr::value(page_hash))
                .filter(registration::Column::Id.eq(r.id))
                .filter(registration::Column::State.eq(RecordState::Unverified))
                .exec(&*txn)
                .await?
                .rows_affected
        }
    };
    if changed == 1 {
        outbox::insert(&*txn, ctx.outbox(), mail).await?;
        let (action, subject) = match &found {
            Found::Request(r) => (AuditAction::ContactRequestVerify, Subject::Request(r.id)),
            Found::Registration(r) => {
                (AuditAction::RegistrationVerify, Subject::Registration(r.id))
            }
        };
        append(
            &txn,
            ctx,
            Actor::Public,
            action,
            subject,
            serde_json::json!({}),
        )
        .await?;
    }
    txn.commit().await?;
    if changed == 1 && kind == Kind::Registration {
        // Caseworkers' candidate lists include it at once (on this instance).
        forget_index(ctx);
    }
    Ok(VerifyTarget::Done(kind))
}
