//! Staff login: the password step (throttled per address and per address-and-network,
//! counted before the check; unknown, wrong, disabled, locked or unfinished accounts all
//! answer the same after the same work), the second factor (TOTP, or a single-use
//! recovery code; also asked again for four-eyes decisions), logout and ending sessions.

use super::staff::{audit, lifetimes, subject, unix, with_hasher};
use crate::context::AppContext;
use crate::domain::audit::Actor;
use crate::domain::login_throttle as throttle;
use crate::domain::network::ClientNetwork;
use crate::domain::second_factor as tfa;
use crate::domain::staff as rules;
use crate::domain::staff_session::{self as session, Stage};
use crate::entities::{staff, staff_recovery_code};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

/// Attempts per address from all networks before that address is locked; the per
/// address-and-network threshold is the configured `login_lockout_threshold`.
const PER_ADDRESS_THRESHOLD: i32 = 20;

/// The result of the password step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginOutcome {
    /// Go on to the second factor with this pending session token.
    SecondFactor(String),
    /// Refused (for any reason: it is never said which).
    Refused,
    /// The server is too busy to check passwords now.
    Busy,
}

fn keys(ctx: &AppContext, email: &str, network: &ClientNetwork) -> (String, String) {
    // The same keys whether or not the address has an account.
    let canonical = rules::canonical_email(email).unwrap_or_else(|_| email.trim().to_lowercase());
    let address = ctx.crypto.blind_index("staff.login", &canonical).to_hex();
    let from_here = ctx
        .crypto
        .blind_index("staff.login.network", &format!("{canonical}|{}", network.0))
        .to_hex();
    (address, from_here)
}

/// The password step. `network` is the client's rate-limit network (IPv4 address or IPv6
/// /64), kept only as a keyed hash.
pub async fn login(
    ctx: &AppContext,
    email: &str,
    password: &str,
    network: &ClientNetwork,
    now: DateTime<Utc>,
) -> Result<LoginOutcome, AppError> {
    let (address_key, network_key) = keys(ctx, email, network);
    let threshold = ctx.config.staff.lockout_threshold;
    let locked = throttle::is_locked(&ctx.db, &address_key, now).await?
        || throttle::is_locked(&ctx.db, &network_key, now).await?;
    if !locked {
        // Counted before the check, so parallel guesses cannot slip past the limit.
        throttle::count_attempt(&ctx.db, &address_key, PER_ADDRESS_THRESHOLD, now).await?;
        throttle::count_attempt(&ctx.db, &network_key, threshold, now).await?;
    }
    let account = rules::find_by_email(&ctx.db, &ctx.crypto, email).await?;
    let phc = account.as_ref().and_then(|a| a.password_hash.clone());
    let password = zeroize::Zeroizing::new(password.to_owned());
    // Always one password verification (a dummy one for unknown addresses): same work.
    let Some(verified) = with_hasher(ctx, move |h| {
        let ok = h.verify(&password, phc.as_deref());
        let stale = ok && phc.as_deref().is_some_and(|p| !h.is_current(p));
        (ok, stale.then(|| h.hash(&password).ok()).flatten())
    })
    .await?
    else {
        return Ok(LoginOutcome::Busy);
    };
    let (password_ok, rehashed) = verified;
    let txn = ctx.begin_write().await?;
    let account = match account {
        Some(a) if password_ok && a.active && a.totp_enabled && !locked => a,
        other => {
            let who = other.map_or_else(|| "staff:unknown".to_owned(), |a| subject(a.id));
            let details =
                serde_json::json!({ "locked": locked, "network": ctx.crypto.ip_hash(network.0) });
            audit(&txn, ctx, Actor::Public, "staff.login.failed", who, details).await?;
            txn.commit().await?;
            return Ok(LoginOutcome::Refused);
        }
    };
    throttle::reset(&txn, &address_key).await?;
    throttle::reset(&txn, &network_key).await?;
    if let Some(phc) = rehashed {
        // The cost settings changed since this hash was made: upgrade it now.
        staff::Entity::update_many()
            .col_expr(staff::Column::PasswordHash, Expr::value(phc))
            .filter(staff::Column::Id.eq(account.id))
            .exec(&txn)
            .await?;
    }
    let token =
        session::create(&txn, account.id, Stage::SecondFactor, &lifetimes(ctx), now).await?;
    audit(
        &txn,
        ctx,
        Actor::Staff(account.id),
        "staff.login.password",
        subject(account.id),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(LoginOutcome::SecondFactor(token))
}

fn second_factor_key(ctx: &AppContext, staff_id: i64) -> String {
    ctx.crypto
        .blind_index("staff.second_factor", &staff_id.to_string())
        .to_hex()
}

/// Checks a second-factor `code` of `account` inside `txn`: a TOTP code not used before,
/// or else an unused recovery code (used up by this). Throttled per account. Returns how
/// it was proved (`totp` or `recovery_code`), or `None`.
pub async fn check_second_factor(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    account: &staff::Model,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<&'static str>, AppError> {
    let key = second_factor_key(ctx, account.id);
    if throttle::is_locked(txn, &key, now).await? {
        return Ok(None);
    }
    throttle::count_attempt(txn, &key, ctx.config.staff.lockout_threshold, now).await?;
    let mut method = None;
    if let (true, Some(sealed)) = (account.totp_enabled, &account.totp_secret) {
        let secret = ctx.crypto.decrypt(tfa::SECRET_CONTEXT, sealed)?;
        if let Some(step) = tfa::verify(&secret, code, unix(now), account.totp_last_step) {
            // Conditional: two requests racing with one code cannot both pass.
            let r = staff::Entity::update_many()
                .col_expr(staff::Column::TotpLastStep, Expr::value(step))
                .filter(staff::Column::Id.eq(account.id))
                .filter(
                    sea_orm::Condition::any()
                        .add(staff::Column::TotpLastStep.is_null())
                        .add(staff::Column::TotpLastStep.lt(step)),
                )
                .exec(txn)
                .await?;
            if r.rows_affected == 1 {
                method = Some("totp");
            }
        }
    }
    if method.is_none() && code.trim().len() <= 32 {
        let r = staff_recovery_code::Entity::update_many()
            .col_expr(staff_recovery_code::Column::UsedAt, Expr::value(now))
            .filter(staff_recovery_code::Column::StaffId.eq(account.id))
            .filter(
                staff_recovery_code::Column::CodeHash
                    .eq(tfa::recovery_code_hash(&ctx.crypto, code)),
            )
            .filter(staff_recovery_code::Column::UsedAt.is_null())
            .exec(txn)
            .await?;
        if r.rows_affected == 1 {
            method = Some("recovery_code");
        }
    }
    if method.is_some() {
        throttle::reset(txn, &key).await?;
    }
    Ok(method)
}

/// The second step of a pending login. On success the pending session is replaced by a
/// new, full one (the session id changes at login) and its token returned.
pub async fn second_factor(
    ctx: &AppContext,
    session_id: i64,
    account: &staff::Model,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    let txn = ctx.begin_write().await?;
    let Some(method) = check_second_factor(&txn, ctx, account, code, now).await? else {
        audit(
            &txn,
            ctx,
            Actor::Staff(account.id),
            "staff.login.second_factor_failed",
            subject(account.id),
            serde_json::Value::Null,
        )
        .await?;
        txn.commit().await?;
        return Ok(None);
    };
    session::revoke(&txn, session_id, now).await?;
    let token = session::create(&txn, account.id, Stage::Full, &lifetimes(ctx), now).await?;
    audit(
        &txn,
        ctx,
        Actor::Staff(account.id),
        "staff.login",
        subject(account.id),
        serde_json::json!({ "method": method }),
    )
    .await?;
    txn.commit().await?;
    Ok(Some(token))
}

/// Ends the current session.
pub async fn logout(
    ctx: &AppContext,
    session_id: i64,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = ctx.begin_write().await?;
    session::revoke(&txn, session_id, now).await?;
    audit(
        &txn,
        ctx,
        Actor::Staff(staff_id),
        "staff.logout",
        subject(staff_id),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Ends every session of `target` (their own, or an admin's action).
pub async fn revoke_sessions(
    ctx: &AppContext,
    actor: i64,
    target: i64,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let txn = ctx.begin_write().await?;
    let n = session::revoke_all(&txn, target, now).await?;
    audit(
        &txn,
        ctx,
        Actor::Staff(actor),
        "staff.sessions.revoke",
        subject(target),
        serde_json::json!({ "sessions": n }),
    )
    .await?;
    txn.commit().await?;
    Ok(n)
}
