//! Staff login: the password step (throttled per address and per address-and-network,
//! counted before the check, or per device for a browser that completed a full login of
//! the account before; unknown, wrong, disabled, locked or unfinished accounts all answer
//! the same after the same work; administrators are alerted when an address is locked), the second factor (TOTP, or a single-use
//! recovery code; also asked again for four-eyes decisions), logout and ending sessions.

use crate::context::AppContext;
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::domain::people::network::ClientNetwork;
use crate::domain::staff::account as rules;
use crate::domain::staff::login_throttle as throttle;
use crate::domain::staff::login_throttle::KnownDevice;
use crate::domain::staff::second_factor as tfa;
use crate::domain::staff::session::{self as session, Stage};
use crate::entities::{staff, staff_recovery_code};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{SessionId, StaffId};
use crate::mail::{EmailTemplate, outbox};
use crate::services::audit_log::append;
use crate::services::staff::accounts::{lifetimes, unix, with_hasher};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};
use serde::Serialize;

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

fn device_key(ctx: &AppContext, device: &KnownDevice) -> String {
    ctx.crypto
        .blind_index("staff.login.device", &device.id)
        .to_hex()
}

/// Which throttle keys an attempt counts on: a known device of the account on its own key;
/// any other browser on the address's and the address-and-network's.
enum Throttle {
    Device(String),
    Address { address: String, network: String },
}

impl Throttle {
    /// Whether the attempt is locked out; if not, counts it (before the check, so parallel
    /// guesses cannot slip past the limit). The second value says whether this attempt
    /// started a lock of the whole address.
    async fn count(&self, ctx: &AppContext, now: DateTime<Utc>) -> Result<(bool, bool), AppError> {
        let threshold = ctx.config.staff.lockout_threshold;
        match self {
            Throttle::Device(key) => {
                let locked = throttle::is_locked(&ctx.db, key, now).await?;
                if !locked {
                    throttle::count_attempt(&ctx.db, key, threshold, now).await?;
                }
                Ok((locked, false))
            }
            Throttle::Address { address, network } => {
                let locked = throttle::is_locked(&ctx.db, address, now).await?
                    || throttle::is_locked(&ctx.db, network, now).await?;
                let mut lock_started = false;
                if !locked {
                    let n = throttle::count_attempt(&ctx.db, address, PER_ADDRESS_THRESHOLD, now)
                        .await?;
                    // A locked key counts nothing more, so every count at or past the
                    // threshold is the start of a lock.
                    lock_started = throttle::lock_for(n, PER_ADDRESS_THRESHOLD).is_some();
                    throttle::count_attempt(&ctx.db, network, threshold, now).await?;
                }
                Ok((locked, lock_started))
            }
        }
    }

    /// Forgets the failures after a correct password. The address's count is kept when a
    /// known device logs in, so an attack in progress stays locked out.
    async fn reset(&self, txn: &DatabaseTransaction) -> Result<(), AppError> {
        match self {
            Throttle::Device(key) => throttle::reset(txn, key).await?,
            Throttle::Address { address, network } => {
                throttle::reset(txn, address).await?;
                throttle::reset(txn, network).await?;
            }
        }
        Ok(())
    }
}

/// "Someone is trying to sign in to a staff account": sent to every administrator when an
/// address is locked, at most once per address per [`ALERT_PERIOD`]. It names no account.
#[derive(Debug, Serialize)]
pub struct LoginAlertEmail {
    /// The audit log.
    pub link: String,
}

impl EmailTemplate for LoginAlertEmail {
    const NAME: &'static str = "staff_login_alert";
}

/// At most one alert per attacked address in this period.
pub const ALERT_PERIOD: chrono::Duration = chrono::Duration::hours(1);

/// An address has just been locked: records it in the audit log and, once per
/// [`ALERT_PERIOD`] for that address, queues a content-free alert to every active
/// administrator. The same work whether or not the address has an account.
async fn address_locked(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    who: Subject,
    address_key: &str,
    network: &ClientNetwork,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let alert_key = ctx
        .crypto
        .blind_index("staff.login.alert", address_key)
        .to_hex();
    let alerted = throttle::claim_period(txn, &alert_key, now + ALERT_PERIOD, now).await?;
    let mut admins = 0;
    if alerted {
        let link = format!("{}/staff/admin/audit", ctx.config.public_url);
        for account in staff::Entity::find()
            .filter(staff::Column::Active.eq(true))
            .all(txn)
            .await?
        {
            if rules::roles_of(&account).contains(&rules::Role::Admin) {
                let to = crate::services::staff::accounts::email_of(ctx, &account)?;
                let email = LoginAlertEmail { link: link.clone() };
                outbox::enqueue(txn, ctx.outbox(), &to, Locale::default(), &email).await?;
                admins += 1;
            }
        }
    }
    let details = serde_json::json!({
        "per_address_threshold": PER_ADDRESS_THRESHOLD,
        "network": ctx.crypto.ip_hash(network.0),
        "admins_alerted": admins,
    });
    append(
        txn,
        ctx,
        Actor::System,
        AuditAction::StaffLoginAddressLocked,
        who,
        details,
    )
    .await
}

/// The password step. `network` is the client's rate-limit network (IPv4 address or IPv6
/// /64), kept only as a keyed hash. `device` is the browser's known-device cookie, if it
/// has one: when it belongs to this address's account and is current, the attempt is
/// throttled on the device alone and the address's lock does not apply.
pub async fn login(
    ctx: &AppContext,
    email: &str,
    password: &str,
    network: &ClientNetwork,
    device: Option<&KnownDevice>,
    now: DateTime<Utc>,
) -> Result<LoginOutcome, AppError> {
    let (address_key, network_key) = keys(ctx, email, network);
    let account = rules::find_by_email(&ctx.db, &ctx.crypto, email).await?;
    let known = device.filter(|d| {
        account.as_ref().is_some_and(|a| a.id == d.staff_id)
            && d.is_current(ctx.config.staff.device, now)
    });
    let throttle = match known {
        Some(d) => Throttle::Device(device_key(ctx, d)),
        None => Throttle::Address {
            address: address_key.clone(),
            network: network_key,
        },
    };
    let (locked, lock_started) = throttle.count(ctx, now).await?;
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
    let who = account
        .as_ref()
        .map_or(Subject::UnknownStaff, |a| Subject::Staff(a.id));
    if lock_started {
        address_locked(&txn, ctx, who.clone(), &address_key, network, now).await?;
    }
    let account = match account {
        Some(a) if password_ok && a.active && a.totp_enabled && !locked => a,
        _ => {
            let details = serde_json::json!({
                "locked": locked,
                "known_device": known.is_some(),
                "network": ctx.crypto.ip_hash(network.0),
            });
            append(
                &txn,
                ctx,
                Actor::Public,
                AuditAction::StaffLoginFailed,
                who,
                details,
            )
            .await?;
            txn.commit().await?;
            return Ok(LoginOutcome::Refused);
        }
    };
    throttle.reset(&txn).await?;
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
    append(
        &txn,
        ctx,
        Actor::Staff(account.id),
        AuditAction::StaffLoginPassword,
        Subject::Staff(account.id),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(LoginOutcome::SecondFactor(token))
}

fn second_factor_key(ctx: &AppContext, staff_id: StaffId) -> String {
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
    session_id: SessionId,
    account: &staff::Model,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    let txn = ctx.begin_write().await?;
    let Some(method) = check_second_factor(&txn, ctx, account, code, now).await? else {
        append(
            &txn,
            ctx,
            Actor::Staff(account.id),
            AuditAction::StaffLoginSecondFactorFailed,
            Subject::Staff(account.id),
            serde_json::Value::Null,
        )
        .await?;
        txn.commit().await?;
        return Ok(None);
    };
    session::revoke(&txn, session_id, now).await?;
    let token = session::create(&txn, account.id, Stage::Full, &lifetimes(ctx), now).await?;
    append(
        &txn,
        ctx,
        Actor::Staff(account.id),
        AuditAction::StaffLogin,
        Subject::Staff(account.id),
        serde_json::json!({ "method": method }),
    )
    .await?;
    txn.commit().await?;
    Ok(Some(token))
}

/// Ends the current session.
pub async fn logout(
    ctx: &AppContext,
    session_id: SessionId,
    staff_id: StaffId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = ctx.begin_write().await?;
    session::revoke(&txn, session_id, now).await?;
    append(
        &txn,
        ctx,
        Actor::Staff(staff_id),
        AuditAction::StaffLogout,
        Subject::Staff(staff_id),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Ends every session of `target` (their own, or an admin's action).
pub async fn revoke_sessions(
    ctx: &AppContext,
    actor: StaffId,
    target: StaffId,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let txn = ctx.begin_write().await?;
    let n = session::revoke_all(&txn, target, now).await?;
    append(
        &txn,
        ctx,
        Actor::Staff(actor),
        AuditAction::StaffSessionsRevoke,
        Subject::Staff(target),
        serde_json::json!({ "sessions": n }),
    )
    .await?;
    txn.commit().await?;
    Ok(n)
}
