//! Staff use cases: creating and inviting accounts, enrolment (password, then TOTP and
//! recovery codes), the two-step login with throttling, logout, and the admin actions —
//! those that need a second admin go through four-eyes approvals. Everything is audited.

use crate::context::AppContext;
use crate::domain::approval::{self, Action, DecisionError};
use crate::domain::audit::{self, Actor, NewEvent};
use crate::domain::login_throttle as throttle;
use crate::domain::second_factor as tfa;
use crate::domain::staff::{
    self as rules, EMAIL_CONTEXT, EMAIL_INDEX, EmailProblem, PasswordProblem, Role, roles_of,
    roles_string,
};
use crate::domain::staff_session::{self as session, Lifetimes, Stage};
use crate::entities::{staff, staff_recovery_code, staff_token};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::mail::{EmailTemplate, outbox};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
};
use serde::Serialize;

const ENROL: &str = "enrol";

fn lifetimes(ctx: &AppContext) -> Lifetimes {
    let s = &ctx.config.staff;
    Lifetimes {
        idle: s.idle,
        absolute: s.absolute,
        pending: s.login_pending,
    }
}

async fn audit(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    actor: Actor,
    action: &str,
    subject: String,
    details: serde_json::Value,
) -> Result<(), AppError> {
    audit::record(
        txn,
        &ctx.crypto,
        NewEvent {
            actor,
            action,
            subject,
            details,
        },
    )
    .await?;
    Ok(())
}

fn subject(id: i64) -> String {
    format!("staff:{id}")
}

/// A new account's details.
#[derive(Debug, Clone)]
pub struct NewStaff {
    /// Email address (ASCII).
    pub email: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Roles (at least one).
    pub roles: Vec<Role>,
}

/// Why an account cannot be created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateProblem {
    /// The email address is not acceptable.
    Email(EmailProblem),
    /// The name is empty, too long or has control characters.
    Name,
    /// No role was given.
    NoRole,
    /// An account with this address exists.
    Exists,
}

/// Invitation email with the one-time enrolment link.
#[derive(Debug, Serialize)]
pub struct StaffInviteEmail {
    /// The enrolment link.
    pub link: String,
}

impl EmailTemplate for StaffInviteEmail {
    const NAME: &'static str = "staff_invite";
}

fn check_name(name: &str) -> bool {
    let n = name.trim();
    !n.is_empty() && n.chars().count() <= 100 && crate::domain::text::is_clean(n)
}

/// Creates an account (no password yet) and a one-time enrolment link, in one transaction
/// with its audit event. `actor` is the CLI or the inviting admin.
pub async fn create(
    ctx: &AppContext,
    actor: Actor,
    new: &NewStaff,
    now: DateTime<Utc>,
) -> Result<Result<(staff::Model, String), CreateProblem>, AppError> {
    let email = match rules::canonical_email(&new.email) {
        Ok(e) => e,
        Err(p) => return Ok(Err(CreateProblem::Email(p))),
    };
    if !check_name(&new.display_name) {
        return Ok(Err(CreateProblem::Name));
    }
    if new.roles.is_empty() {
        return Ok(Err(CreateProblem::NoRole));
    }
    let index = ctx.crypto.blind_index(EMAIL_INDEX, &email).to_hex();
    let txn = ctx.db.begin().await?;
    if staff::Entity::find()
        .filter(staff::Column::EmailIndex.eq(&index))
        .one(&txn)
        .await?
        .is_some()
    {
        return Ok(Err(CreateProblem::Exists));
    }
    let account = staff::ActiveModel {
        email_enc: Set(ctx.crypto.encrypt_str(EMAIL_CONTEXT, &email)?),
        email_index: Set(index),
        display_name: Set(new.display_name.trim().to_owned()),
        roles: Set(roles_string(&new.roles)),
        active: Set(true),
        password_hash: Set(None),
        totp_secret: Set(None),
        totp_enabled: Set(false),
        totp_last_step: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let link = new_enrolment_link(&txn, ctx, account.id, now).await?;
    audit(
        &txn,
        ctx,
        actor,
        "staff.create",
        subject(account.id),
        serde_json::json!({ "roles": account.roles }),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok((account, link)))
}

async fn new_enrolment_link(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let token = crate::crypto::random_token()?;
    staff_token::ActiveModel {
        staff_id: Set(staff_id),
        purpose: Set(ENROL.to_owned()),
        token_hash: Set(crate::crypto::sha256_hex(token.as_bytes())),
        expires_at: Set(now + ctx.config.staff.enrolment),
        used_at: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(format!("{}/staff/enrol/{token}", ctx.config.public_url))
}

/// Creates an account for an admin and emails the enrolment link to the new address.
pub async fn invite(
    ctx: &AppContext,
    admin: i64,
    new: &NewStaff,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Result<staff::Model, CreateProblem>, AppError> {
    let (account, link) = match create(ctx, Actor::Staff(admin), new, now).await? {
        Ok(x) => x,
        Err(p) => return Ok(Err(p)),
    };
    let email = rules::canonical_email(&new.email).unwrap_or_default();
    outbox::enqueue(&ctx.db, ctx, &email, locale, &StaffInviteEmail { link }).await?;
    Ok(Ok(account))
}

async fn live_token(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<staff_token::Model>, sea_orm::DbErr> {
    if token.len() > 64 {
        return Ok(None);
    }
    staff_token::Entity::find()
        .filter(staff_token::Column::TokenHash.eq(crate::crypto::sha256_hex(token.as_bytes())))
        .filter(staff_token::Column::Purpose.eq(ENROL))
        .filter(staff_token::Column::UsedAt.is_null())
        .filter(staff_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await
}

/// The (active) account an enrolment link is for, if the link is still valid.
pub async fn enrolment_account(
    ctx: &AppContext,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<staff::Model>, AppError> {
    let Some(t) = live_token(&ctx.db, token, now).await? else {
        return Ok(None);
    };
    Ok(staff::Entity::find_by_id(t.staff_id)
        .one(&ctx.db)
        .await?
        .filter(|s| s.active))
}

/// Why enrolment could not go on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrolProblem {
    /// The link is unknown, used, expired, or the account is disabled.
    LinkInvalid,
    /// The password breaks the policy.
    Password(PasswordProblem),
    /// The two passwords differ.
    Mismatch,
}

async fn hash_password(ctx: &AppContext, password: &str) -> Result<String, AppError> {
    let hasher = ctx.passwords.clone();
    let password = zeroize::Zeroizing::new(password.to_owned());
    tokio::task::spawn_blocking(move || hasher.hash(&password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(AppError::Internal)
}

async fn verify_password(
    ctx: &AppContext,
    password: &str,
    phc: Option<String>,
) -> Result<bool, AppError> {
    let hasher = ctx.passwords.clone();
    let password = zeroize::Zeroizing::new(password.to_owned());
    tokio::task::spawn_blocking(move || hasher.verify(&password, phc.as_deref()))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// Sets the password through an enrolment link (used up by this), prepares a fresh TOTP
/// secret, and starts a session at the TOTP-enrolment stage. Returns its token.
pub async fn enrol_password(
    ctx: &AppContext,
    token: &str,
    password: &str,
    confirm: &str,
    now: DateTime<Utc>,
) -> Result<Result<String, EnrolProblem>, AppError> {
    if let Err(p) = rules::check_password(password) {
        return Ok(Err(EnrolProblem::Password(p)));
    }
    if password != confirm {
        return Ok(Err(EnrolProblem::Mismatch));
    }
    let phc = hash_password(ctx, password).await?;
    let secret = tfa::new_secret()?;
    let txn = ctx.db.begin().await?;
    let Some(t) = live_token(&txn, token, now).await? else {
        return Ok(Err(EnrolProblem::LinkInvalid));
    };
    let used = staff_token::Entity::update_many()
        .col_expr(staff_token::Column::UsedAt, Expr::value(now))
        .filter(staff_token::Column::Id.eq(t.id))
        .filter(staff_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let Some(account) = staff::Entity::find_by_id(t.staff_id)
        .one(&txn)
        .await?
        .filter(|s| s.active)
    else {
        return Ok(Err(EnrolProblem::LinkInvalid));
    };
    if used.rows_affected != 1 {
        return Ok(Err(EnrolProblem::LinkInvalid));
    }
    let mut update: staff::ActiveModel = account.clone().into();
    update.password_hash = Set(Some(phc));
    update.totp_secret = Set(Some(ctx.crypto.encrypt(tfa::SECRET_CONTEXT, &secret)?));
    update.totp_enabled = Set(false);
    update.totp_last_step = Set(None);
    update.updated_at = Set(now);
    update.update(&txn).await?;
    session::revoke_all(&txn, account.id, now).await?;
    let session_token =
        session::create(&txn, account.id, Stage::EnrolTotp, &lifetimes(ctx), now).await?;
    audit(
        &txn,
        ctx,
        Actor::Staff(account.id),
        "staff.enrol.password",
        subject(account.id),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(session_token))
}

/// The account's email address, decrypted.
pub fn email_of(ctx: &AppContext, account: &staff::Model) -> Result<String, AppError> {
    Ok(ctx.crypto.decrypt_str(EMAIL_CONTEXT, &account.email_enc)?)
}

/// The QR code and secret for setting up the authenticator (the pending secret; a new one
/// is made if there is none).
pub async fn totp_enrolment(
    ctx: &AppContext,
    account: &staff::Model,
    now: DateTime<Utc>,
) -> Result<tfa::Enrolment, AppError> {
    let secret = match &account.totp_secret {
        Some(sealed) => ctx.crypto.decrypt(tfa::SECRET_CONTEXT, sealed)?,
        None => {
            let fresh = tfa::new_secret()?;
            let mut update: staff::ActiveModel = account.clone().into();
            update.totp_secret = Set(Some(ctx.crypto.encrypt(tfa::SECRET_CONTEXT, &fresh)?));
            update.updated_at = Set(now);
            update.update(&ctx.db).await?;
            fresh.to_vec()
        }
    };
    tfa::enrolment(&secret, &email_of(ctx, account)?)
        .ok_or_else(|| AppError::Internal("TOTP enrolment material".into()))
}

fn unix(now: DateTime<Utc>) -> u64 {
    u64::try_from(now.timestamp()).unwrap_or(0)
}

/// Confirms the authenticator with a first code: enables TOTP, issues ten recovery codes
/// (returned once, stored hashed), and replaces the enrolment session with a full one.
/// `None` when the code is wrong.
pub async fn confirm_totp(
    ctx: &AppContext,
    session_id: i64,
    account: &staff::Model,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<(String, Vec<String>)>, AppError> {
    let Some(sealed) = &account.totp_secret else {
        return Ok(None);
    };
    let secret = ctx.crypto.decrypt(tfa::SECRET_CONTEXT, sealed)?;
    let Some(step) = tfa::verify(&secret, code, unix(now), account.totp_last_step) else {
        let txn = ctx.db.begin().await?;
        audit(
            &txn,
            ctx,
            Actor::Staff(account.id),
            "staff.enrol.second_factor_failed",
            subject(account.id),
            serde_json::Value::Null,
        )
        .await?;
        txn.commit().await?;
        return Ok(None);
    };
    let codes = tfa::new_recovery_codes()?;
    let txn = ctx.db.begin().await?;
    let mut update: staff::ActiveModel = account.clone().into();
    update.totp_enabled = Set(true);
    update.totp_last_step = Set(Some(step));
    update.updated_at = Set(now);
    update.update(&txn).await?;
    retire_recovery_codes(&txn, account.id, now).await?;
    for c in &codes {
        staff_recovery_code::ActiveModel {
            staff_id: Set(account.id),
            code_hash: Set(tfa::recovery_code_hash(&ctx.crypto, c)),
            used_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    session::revoke(&txn, session_id, now).await?;
    let token = session::create(&txn, account.id, Stage::Full, &lifetimes(ctx), now).await?;
    audit(
        &txn,
        ctx,
        Actor::Staff(account.id),
        "staff.enrol.second_factor",
        subject(account.id),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(Some((token, codes)))
}

async fn retire_recovery_codes(
    txn: &DatabaseTransaction,
    staff_id: i64,
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    staff_recovery_code::Entity::update_many()
        .col_expr(staff_recovery_code::Column::UsedAt, Expr::value(now))
        .filter(staff_recovery_code::Column::StaffId.eq(staff_id))
        .filter(staff_recovery_code::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    Ok(())
}

/// Where a correct password leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginStep {
    /// Ask for the second factor; the session token of the pending login.
    SecondFactor(String),
    /// The account has no second factor yet: set one up first.
    EnrolTotp(String),
}

fn throttle_key(ctx: &AppContext, email: &str) -> String {
    // The same key whether or not the address has an account.
    let canonical = rules::canonical_email(email).unwrap_or_else(|_| email.trim().to_lowercase());
    ctx.crypto.blind_index("staff.login", &canonical).to_hex()
}

/// Checks email and password. Unknown addresses, wrong passwords, disabled accounts and
/// locked-out addresses all give `None` after the same work (a password hash is always
/// verified), so neither answer nor timing tells them apart.
pub async fn login(
    ctx: &AppContext,
    email: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<Option<LoginStep>, AppError> {
    let key = throttle_key(ctx, email);
    let locked = throttle::is_locked(&ctx.db, &key, now).await?;
    let account = rules::find_by_email(&ctx.db, &ctx.crypto, email).await?;
    let phc = account.as_ref().and_then(|a| a.password_hash.clone());
    let password_ok = verify_password(ctx, password, phc).await?;
    let txn = ctx.db.begin().await?;
    let account = match account {
        Some(a) if password_ok && a.active && !locked => a,
        other => {
            throttle::record_failure(&txn, &key, ctx.config.staff.lockout_threshold, now).await?;
            let subject = other.map_or_else(|| "staff:unknown".to_owned(), |a| subject(a.id));
            audit(
                &txn,
                ctx,
                Actor::Public,
                "staff.login.failed",
                subject,
                serde_json::json!({ "locked": locked }),
            )
            .await?;
            txn.commit().await?;
            return Ok(None);
        }
    };
    throttle::reset(&txn, &key).await?;
    let step = if account.totp_enabled {
        LoginStep::SecondFactor(
            session::create(&txn, account.id, Stage::SecondFactor, &lifetimes(ctx), now).await?,
        )
    } else {
        LoginStep::EnrolTotp(
            session::create(&txn, account.id, Stage::EnrolTotp, &lifetimes(ctx), now).await?,
        )
    };
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
    Ok(Some(step))
}

/// Checks the second factor (a TOTP code, or else an unused recovery code) of a pending
/// login. On success the pending session is replaced by a new, full one (the session id
/// changes at login) and its token returned.
pub async fn second_factor(
    ctx: &AppContext,
    session_id: i64,
    account: &staff::Model,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    let key = account.email_index.clone();
    let locked = throttle::is_locked(&ctx.db, &key, now).await?;
    let txn = ctx.db.begin().await?;
    let mut method = None;
    if !locked && let Some(sealed) = &account.totp_secret {
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
                .exec(&txn)
                .await?;
            if r.rows_affected == 1 {
                method = Some("totp");
            }
        }
    }
    if !locked && method.is_none() && code.trim().len() <= 32 {
        let r = staff_recovery_code::Entity::update_many()
            .col_expr(staff_recovery_code::Column::UsedAt, Expr::value(now))
            .filter(staff_recovery_code::Column::StaffId.eq(account.id))
            .filter(
                staff_recovery_code::Column::CodeHash
                    .eq(tfa::recovery_code_hash(&ctx.crypto, code)),
            )
            .filter(staff_recovery_code::Column::UsedAt.is_null())
            .exec(&txn)
            .await?;
        if r.rows_affected == 1 {
            method = Some("recovery_code");
        }
    }
    let Some(method) = method else {
        throttle::record_failure(&txn, &key, ctx.config.staff.lockout_threshold, now).await?;
        audit(
            &txn,
            ctx,
            Actor::Staff(account.id),
            "staff.login.second_factor_failed",
            subject(account.id),
            serde_json::json!({ "locked": locked }),
        )
        .await?;
        txn.commit().await?;
        return Ok(None);
    };
    throttle::reset(&txn, &key).await?;
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
    let txn = ctx.db.begin().await?;
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
    let txn = ctx.db.begin().await?;
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

/// A row of the staff list (contact detail decrypted for admins; the view is audited).
#[derive(Debug, Clone, Serialize)]
pub struct StaffRow {
    /// Account id.
    pub id: i64,
    /// Email address.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// Roles.
    pub roles: Vec<Role>,
    /// Whether it may log in.
    pub active: bool,
    /// Whether the second factor is set up.
    pub second_factor: bool,
    /// Whether enrolment is finished.
    pub enrolled: bool,
}

/// Every staff account, for the admin page; records the read in the audit log.
pub async fn list(ctx: &AppContext, viewer: i64) -> Result<Vec<StaffRow>, AppError> {
    let rows = staff::Entity::find()
        .order_by_asc(staff::Column::Id)
        .all(&ctx.db)
        .await?;
    let txn = ctx.db.begin().await?;
    audit(
        &txn,
        ctx,
        Actor::Staff(viewer),
        "staff.list.view",
        "staff:*".into(),
        serde_json::json!({ "rows": rows.len() }),
    )
    .await?;
    txn.commit().await?;
    rows.iter()
        .map(|a| {
            Ok(StaffRow {
                id: a.id,
                email: email_of(ctx, a)?,
                display_name: a.display_name.clone(),
                roles: roles_of(a),
                active: a.active,
                second_factor: a.totp_enabled,
                enrolled: a.password_hash.is_some(),
            })
        })
        .collect()
}

/// Why an admin action was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminProblem {
    /// No such account.
    NotFound,
    /// An admin cannot disable themselves or remove their own admin role.
    OwnAccount,
    /// At least one role is needed.
    NoRole,
    /// A reason is needed for a four-eyes proposal.
    ReasonRequired,
    /// The last active admin cannot lose the role or be disabled.
    LastAdmin,
}

/// What an admin action did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminOutcome {
    /// Done now.
    Done,
    /// Proposed; runs when a second admin approves (the proposal's id).
    Proposed(i64),
}

async fn other_active_admins(
    db: &impl ConnectionTrait,
    except: i64,
) -> Result<usize, sea_orm::DbErr> {
    let all = staff::Entity::find()
        .filter(staff::Column::Active.eq(true))
        .all(db)
        .await?;
    Ok(all
        .iter()
        .filter(|a| a.id != except && roles_of(a).contains(&Role::Admin))
        .count())
}

/// Enables or disables an account (disabling ends its sessions).
pub async fn set_active(
    ctx: &AppContext,
    admin: i64,
    target: i64,
    active: bool,
    now: DateTime<Utc>,
) -> Result<Result<AdminOutcome, AdminProblem>, AppError> {
    if target == admin && !active {
        return Ok(Err(AdminProblem::OwnAccount));
    }
    let txn = ctx.db.begin().await?;
    let Some(account) = staff::Entity::find_by_id(target).one(&txn).await? else {
        return Ok(Err(AdminProblem::NotFound));
    };
    if !active
        && roles_of(&account).contains(&Role::Admin)
        && other_active_admins(&txn, target).await? == 0
    {
        return Ok(Err(AdminProblem::LastAdmin));
    }
    let mut update: staff::ActiveModel = account.into();
    update.active = Set(active);
    update.updated_at = Set(now);
    update.update(&txn).await?;
    if !active {
        session::revoke_all(&txn, target, now).await?;
    }
    let action = if active {
        "staff.enable"
    } else {
        "staff.disable"
    };
    audit(
        &txn,
        ctx,
        Actor::Staff(admin),
        action,
        subject(target),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(AdminOutcome::Done))
}

/// Changes an account's roles. Granting admin is proposed for a second admin's approval;
/// other changes apply now.
pub async fn set_roles(
    ctx: &AppContext,
    admin: i64,
    target: i64,
    roles: &[Role],
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Result<AdminOutcome, AdminProblem>, AppError> {
    if roles.is_empty() {
        return Ok(Err(AdminProblem::NoRole));
    }
    let txn = ctx.db.begin().await?;
    let Some(account) = staff::Entity::find_by_id(target).one(&txn).await? else {
        return Ok(Err(AdminProblem::NotFound));
    };
    let had_admin = roles_of(&account).contains(&Role::Admin);
    let gets_admin = roles.contains(&Role::Admin);
    if had_admin && !gets_admin {
        if target == admin {
            return Ok(Err(AdminProblem::OwnAccount));
        }
        if other_active_admins(&txn, target).await? == 0 {
            return Ok(Err(AdminProblem::LastAdmin));
        }
    }
    let new_roles = roles_string(roles);
    if gets_admin && !had_admin {
        if reason.trim().is_empty() {
            return Ok(Err(AdminProblem::ReasonRequired));
        }
        let action = Action::GrantAdmin {
            staff_id: target,
            roles: new_roles.clone(),
        };
        let id = approval::propose(
            &txn,
            &action,
            admin,
            reason.trim(),
            ctx.config.staff.approval,
            now,
        )
        .await?;
        audit(&txn, ctx, Actor::Staff(admin), "approval.propose", format!("approval:{id}"), serde_json::json!({ "kind": action.kind(), "subject": subject(target), "roles": new_roles })).await?;
        txn.commit().await?;
        return Ok(Ok(AdminOutcome::Proposed(id)));
    }
    let mut update: staff::ActiveModel = account.into();
    update.roles = Set(new_roles.clone());
    update.updated_at = Set(now);
    update.update(&txn).await?;
    audit(
        &txn,
        ctx,
        Actor::Staff(admin),
        "staff.roles",
        subject(target),
        serde_json::json!({ "roles": new_roles }),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(AdminOutcome::Done))
}

/// Proposes resetting an account's second factor (runs on a second admin's approval).
pub async fn propose_second_factor_reset(
    ctx: &AppContext,
    admin: i64,
    target: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Result<AdminOutcome, AdminProblem>, AppError> {
    if reason.trim().is_empty() {
        return Ok(Err(AdminProblem::ReasonRequired));
    }
    let txn = ctx.db.begin().await?;
    if staff::Entity::find_by_id(target).one(&txn).await?.is_none() {
        return Ok(Err(AdminProblem::NotFound));
    }
    let action = Action::ResetSecondFactor { staff_id: target };
    let id = approval::propose(
        &txn,
        &action,
        admin,
        reason.trim(),
        ctx.config.staff.approval,
        now,
    )
    .await?;
    audit(
        &txn,
        ctx,
        Actor::Staff(admin),
        "approval.propose",
        format!("approval:{id}"),
        serde_json::json!({ "kind": action.kind(), "subject": subject(target) }),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(AdminOutcome::Proposed(id)))
}

async fn run(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    approver: i64,
    action: &Action,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    match action {
        Action::ResetSecondFactor { staff_id } => {
            staff::Entity::update_many()
                .col_expr(staff::Column::TotpEnabled, Expr::value(false))
                .col_expr(
                    staff::Column::TotpSecret,
                    Expr::value(Option::<Vec<u8>>::None),
                )
                .col_expr(
                    staff::Column::TotpLastStep,
                    Expr::value(Option::<i64>::None),
                )
                .col_expr(staff::Column::UpdatedAt, Expr::value(now))
                .filter(staff::Column::Id.eq(*staff_id))
                .exec(txn)
                .await?;
            retire_recovery_codes(txn, *staff_id, now).await?;
            session::revoke_all(txn, *staff_id, now).await?;
            audit(
                txn,
                ctx,
                Actor::Staff(approver),
                "staff.second_factor.reset",
                subject(*staff_id),
                serde_json::Value::Null,
            )
            .await?;
        }
        Action::GrantAdmin { staff_id, roles } => {
            staff::Entity::update_many()
                .col_expr(staff::Column::Roles, Expr::value(roles.clone()))
                .col_expr(staff::Column::UpdatedAt, Expr::value(now))
                .filter(staff::Column::Id.eq(*staff_id))
                .exec(txn)
                .await?;
            audit(
                txn,
                ctx,
                Actor::Staff(approver),
                "staff.roles",
                subject(*staff_id),
                serde_json::json!({ "roles": roles }),
            )
            .await?;
        }
    }
    Ok(())
}

/// Approves or rejects proposal `id` as `decider`; an approval runs the action in the
/// same transaction, a rejection runs nothing.
pub async fn decide(
    ctx: &AppContext,
    decider: &staff::Model,
    id: i64,
    approve: bool,
    note: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), DecisionError>, AppError> {
    let txn = ctx.db.begin().await?;
    let action = match approval::decide(
        &txn,
        id,
        decider.id,
        &roles_of(decider),
        approve,
        note.trim(),
        now,
    )
    .await?
    {
        Ok(a) => a,
        Err(e) => return Ok(Err(e)),
    };
    let verb = if approve {
        "approval.approve"
    } else {
        "approval.reject"
    };
    audit(
        &txn,
        ctx,
        Actor::Staff(decider.id),
        verb,
        format!("approval:{id}"),
        serde_json::Value::Null,
    )
    .await?;
    if let Some(action) = action {
        run(&txn, ctx, decider.id, &action, now).await?;
    }
    txn.commit().await?;
    Ok(Ok(()))
}

/// One account for the admin detail page; records the read in the audit log.
pub async fn view(ctx: &AppContext, viewer: i64, id: i64) -> Result<Option<StaffRow>, AppError> {
    let Some(a) = staff::Entity::find_by_id(id).one(&ctx.db).await? else {
        return Ok(None);
    };
    let txn = ctx.db.begin().await?;
    audit(
        &txn,
        ctx,
        Actor::Staff(viewer),
        "staff.view",
        subject(id),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(Some(StaffRow {
        id: a.id,
        email: email_of(ctx, &a)?,
        display_name: a.display_name.clone(),
        roles: roles_of(&a),
        active: a.active,
        second_factor: a.totp_enabled,
        enrolled: a.password_hash.is_some(),
    }))
}

/// A proposal as the approvals page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalRow {
    /// Proposal id.
    pub id: i64,
    /// Its kind (a message key suffix).
    pub kind: String,
    /// Who proposed it.
    pub proposer: String,
    /// The account it is about.
    pub subject: String,
    /// Why.
    pub reason: String,
    /// `pending`, `approved`, `rejected`, or `expired` (pending past its time).
    pub status: String,
    /// Roles after a grant, if any.
    pub roles: Option<String>,
    /// When proposed (UTC, minutes).
    pub created_at: String,
    /// When it expires (UTC, minutes).
    pub expires_at: String,
    /// Whether the viewer may decide it.
    pub decidable: bool,
}

/// Proposals, newest first (at most 100).
pub async fn proposals(
    ctx: &AppContext,
    viewer: &staff::Model,
    now: DateTime<Utc>,
) -> Result<Vec<ProposalRow>, AppError> {
    use crate::entities::approval as ap;
    let rows = ap::Entity::find()
        .order_by_desc(ap::Column::Id)
        .all(&ctx.db)
        .await?;
    let names: std::collections::HashMap<i64, String> = staff::Entity::find()
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.display_name))
        .collect();
    let name = |id: i64| names.get(&id).cloned().unwrap_or_else(|| format!("#{id}"));
    let viewer_is_admin = roles_of(viewer).contains(&Role::Admin);
    Ok(rows
        .into_iter()
        .take(100)
        .map(|r| {
            let action = Action::from_row(&r);
            let subject_id = action.as_ref().map(Action::subject_staff);
            let expired = r.status == approval::status::PENDING && now >= r.expires_at;
            let status = if expired {
                "expired".to_owned()
            } else {
                r.status.clone()
            };
            ProposalRow {
                decidable: status == approval::status::PENDING
                    && viewer_is_admin
                    && r.proposed_by != viewer.id
                    && subject_id != Some(viewer.id),
                id: r.id,
                kind: r.kind.replace(['.', '_'], "-"),
                proposer: name(r.proposed_by),
                subject: subject_id.map_or_else(String::new, name),
                reason: r.reason,
                roles: match action {
                    Some(Action::GrantAdmin { roles, .. }) => Some(roles),
                    _ => None,
                },
                created_at: r.created_at.format("%Y-%m-%d %H:%M").to_string(),
                expires_at: r.expires_at.format("%Y-%m-%d %H:%M").to_string(),
                status,
            }
        })
        .collect())
}
