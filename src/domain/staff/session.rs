//! Server-side staff sessions: a random token in the cookie, only its hash in the table;
//! stages (second factor pending, TOTP enrolment, full), idle and absolute expiry, revocation.

use crate::crypto::{random_token, sha256_hex};
pub use crate::domain::staff::vocab::Stage;
use crate::entities::{staff, staff_session};
use crate::ids::{SessionId, StaffId};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// Session lifetimes.
#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    /// Ends after this long without a request.
    pub idle: Duration,
    /// Ends this long after login, whatever happens.
    pub absolute: Duration,
    /// A half-finished login (password checked, second factor pending) lasts this long.
    pub pending: Duration,
}

/// Starts a session for `staff_id` at `stage`; returns the token for the cookie.
pub async fn create(
    db: &impl ConnectionTrait,
    staff_id: StaffId,
    stage: Stage,
    lifetimes: &Lifetimes,
    now: DateTime<Utc>,
) -> Result<String, crate::error::AppError> {
    let token = random_token()?;
    let life = if stage == Stage::Full {
        lifetimes.absolute
    } else {
        lifetimes.pending
    };
    staff_session::ActiveModel {
        staff_id: Set(staff_id),
        token_hash: Set(sha256_hex(token.as_bytes())),
        stage: Set(stage),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + life),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The live session for `token` at `stage` with its (active) account, or `None` when the
/// token is unknown, revoked, expired, idle too long, at another stage, or the account is
/// disabled. Marks the session as seen (at most once a minute, to spare the database).
pub async fn find_live(
    db: &impl ConnectionTrait,
    token: &str,
    stage: Stage,
    lifetimes: &Lifetimes,
    now: DateTime<Utc>,
) -> Result<Option<(staff_session::Model, staff::Model)>, sea_orm::DbErr> {
    if token.len() > 64 {
        return Ok(None);
    }
    let Some(session) = staff_session::Entity::find()
        .filter(staff_session::Column::TokenHash.eq(sha256_hex(token.as_bytes())))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let idle_limit = if session.stage == Stage::Full {
        lifetimes.idle
    } else {
        lifetimes.pending
    };
    let live = session.revoked_at.is_none()
        && session.stage == stage
        && now < session.expires_at
        && now - session.last_seen_at < idle_limit;
    if !live {
        return Ok(None);
    }
    let Some(account) = staff::Entity::find_by_id(session.staff_id).one(db).await? else {
        return Ok(None);
    };
    if !account.active {
        return Ok(None);
    }
    if now - session.last_seen_at > Duration::seconds(60) {
        staff_session::Entity::update_many()
            .col_expr(staff_session::Column::LastSeenAt, Expr::value(now))
            .filter(staff_session::Column::Id.eq(session.id))
            .exec(db)
            .await?;
    }
    Ok(Some((session, account)))
}

/// Ends one session.
pub async fn revoke(
    db: &impl ConnectionTrait,
    session_id: SessionId,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    staff_session::Entity::update_many()
        .col_expr(staff_session::Column::RevokedAt, Expr::value(now))
        .filter(staff_session::Column::Id.eq(session_id))
        .filter(staff_session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every session of a staff member; returns how many were live.
pub async fn revoke_all(
    db: &impl ConnectionTrait,
    staff_id: StaffId,
    now: DateTime<Utc>,
) -> Result<u64, sea_orm::DbErr> {
    let r = staff_session::Entity::update_many()
        .col_expr(staff_session::Column::RevokedAt, Expr::value(now))
        .filter(staff_session::Column::StaffId.eq(staff_id))
        .filter(staff_session::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(r.rows_affected)
}
