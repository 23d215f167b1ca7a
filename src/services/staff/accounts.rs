//! Staff accounts: creating and inviting accounts, enrolment (password through a one-time
//! link, then the authenticator and recovery codes), and what the other staff services
//! share (hashing off the async threads, audit helper, enrolment links and emails).

use crate::context::AppContext;
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::domain::staff::account::{
    self as rules, EMAIL_CONTEXT, EMAIL_INDEX, EmailProblem, PasswordProblem, Role, Roles,
    TokenPurpose, roles_of,
};
use crate::domain::staff::second_factor as tfa;
use crate::domain::staff::session::{self as session, Lifetimes, Stage};
use crate::entities::{staff, staff_recovery_code, staff_token};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{StaffId, Token};
use crate::mail::{EmailTemplate, outbox};
use crate::services::audit_log::append;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;
use tokio::sync::Semaphore;

/// At most this many password hashes run at once in one app (each takes ~19 MiB and a core
/// for tens of milliseconds); more requests wait, and after a few seconds are told to come
/// back. One set of slots per app (a runtime state), not per process: apps sharing a process
/// (the tests) do not take each other's slots.
pub struct HashingSlots(Semaphore);

impl Default for HashingSlots {
    fn default() -> Self {
        Self(Semaphore::new(4))
    }
}

pub(crate) fn lifetimes(ctx: &AppContext) -> Lifetimes {
    let s = &ctx.config.staff;
    Lifetimes {
        idle: s.idle,
        absolute: s.absolute,
        pending: s.login_pending,
    }
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
    /// Only the command line creates administrators directly; from the web, the admin role
    /// is granted to an enrolled account through a four-eyes proposal.
    AdminNeedsApproval,
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

/// A new enrolment link after a second-factor reset or a repeated invitation.
#[derive(Debug, Serialize)]
pub struct StaffReenrolEmail {
    /// The enrolment link.
    pub link: String,
}

impl EmailTemplate for StaffReenrolEmail {
    const NAME: &'static str = "staff_reenrol";
}

fn check_name(name: &str) -> bool {
    let n = name.trim();
    !n.is_empty() && n.chars().count() <= 100 && crate::domain::people::text::is_clean(n)
}

/// Creates an account (no password yet) and a one-time enrolment link, in one transaction
/// with its audit event. `actor` is the CLI or the inviting admin; only the CLI may create
/// an administrator directly.
pub async fn create(
    ctx: &AppContext,
    actor: Actor,
    new: &NewStaff,
    now: DateTime<Utc>,
) -> Result<Result<(staff::Model, String), CreateProblem>, AppError> {
    create_account(ctx, actor, new, None, now).await
}

/// [`create`], and with `invitation` the email carrying the link queued in the same
/// transaction: the account, its audit event and the email exist together or not at all.
async fn create_account(
    ctx: &AppContext,
    actor: Actor,
    new: &NewStaff,
    invitation: Option<Locale>,
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
    if new.roles.contains(&Role::Admin) && actor != Actor::Cli {
        return Ok(Err(CreateProblem::AdminNeedsApproval));
    }
    // From the web, the caseworker role waits for a second administrator: the account
    // starts with the other roles, and the full set is proposed for approval.
    let inviter = match actor {
        Actor::Staff(id) => Some(id),
        _ => None,
    };
    let held: Vec<Role> = match inviter {
        Some(_) => new
            .roles
            .iter()
            .copied()
            .filter(|r| !r.needs_second_admin())
            .collect(),
        None => new.roles.clone(),
    };
    let index = ctx.crypto.blind_index(EMAIL_INDEX, &email).to_hex();
    let txn = ctx.begin_write().await?;
    if staff::Entity::find()
        .filter(
            staff::Column::EmailIndex.is_in(ctx.crypto.blind_index_candidates(EMAIL_INDEX, &email)),
        )
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
        roles: Set(Roles::new(&held)),
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
    if let Some(locale) = invitation {
        let invite = StaffInviteEmail { link: link.clone() };
        outbox::enqueue(&txn, ctx.outbox(), &email, locale, &invite).await?;
    }
    append(
        &txn,
        ctx,
        actor,
        AuditAction::StaffCreate,
        Subject::Staff(account.id),
        serde_json::json!({ "roles": account.roles }),
    )
    .await?;
    if let Some(admin) = inviter
        && held.len() != new.roles.len()
    {
        let action = crate::domain::approval::Action::SetRoles {
            staff_id: account.id,
            roles: Roles::new(&new.roles),
        };
        let proposal = crate::domain::approval::Proposal {
            action: &action,
            proposer: admin,
            reason: "invitation",
        };
        crate::domain::approval::propose(
            &txn,
            &ctx.crypto,
            proposal,
            ctx.config.staff.approval,
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(Ok((account, link)))
}

/// Retires the account's unused links and makes a new one (hash stored); returns the URL.
pub(crate) async fn new_enrolment_link(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    staff_id: StaffId,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    staff_token::Entity::update_many()
        .col_expr(staff_token::Column::UsedAt, Expr::value(now))
        .filter(staff_token::Column::StaffId.eq(staff_id))
        .filter(staff_token::Column::UsedAt.is_null())
        .exec(txn)
        .await?;
    let token = crate::crypto::random_token()?;
    staff_token::ActiveModel {
        staff_id: Set(staff_id),
        purpose: Set(TokenPurpose::Enrol),
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

/// Creates an account for an admin and emails the enrolment link to the new address (the
/// email is queued in the account's transaction).
pub async fn invite(
    ctx: &AppContext,
    admin: StaffId,
    new: &NewStaff,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Result<staff::Model, CreateProblem>, AppError> {
    Ok(
        create_account(ctx, Actor::Staff(admin), new, Some(locale), now)
            .await?
            .map(|(account, _)| account),
    )
}

async fn live_token(
    db: &impl ConnectionTrait,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<Option<staff_token::Model>, sea_orm::DbErr> {
    staff_token::Entity::find()
        .filter(staff_token::Column::TokenHash.eq(token.hash()))
        .filter(staff_token::Column::Purpose.eq(TokenPurpose::Enrol))
        .filter(staff_token::Column::UsedAt.is_null())
        .filter(staff_token::Column::ExpiresAt.gt(now))
        .one(db)
        .await
}

/// The (active) account an enrolment link is for, if the link is still valid.
pub async fn enrolment_account(
    ctx: &AppContext,
    token: &Token,
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
    /// Too many password operations at once: try again shortly.
    Busy,
}

/// Runs argon2 off the async threads, at most a few at a time; `None` when the server is
/// too busy to start one within a few seconds.
pub(crate) async fn with_hasher<T: Send + 'static>(
    ctx: &AppContext,
    work: impl FnOnce(&rules::PasswordHashing) -> T + Send + 'static,
) -> Result<Option<T>, AppError> {
    let slots = ctx.runtime::<HashingSlots>();
    let Ok(Ok(permit)) =
        tokio::time::timeout(std::time::Duration::from_secs(5), slots.0.acquire()).await
    else {
        return Ok(None);
    };
    let hasher = ctx
        .runtime::<std::sync::Arc<rules::PasswordHashing>>()
        .clone();
    let out = tokio::task::spawn_blocking(move || work(&hasher))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    drop(permit);
    Ok(Some(out))
}

/// The password policy for `account`: not made of its address or name, nor of the
/// service's name, the organisation's or the site's host name.
pub fn check_staff_password(
    ctx: &AppContext,
    account: &staff::Model,
    password: &str,
) -> Result<(), PasswordProblem> {
    let email = email_of(ctx, account).unwrap_or_default();
    let host = url::Url::parse(&ctx.config.public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default();
    let service = [
        "Peyvand",
        "پیوند",
        &ctx.config.petitions.organisation,
        &host,
    ];
    rules::check_password(
        password,
        &rules::PasswordContext {
            email: &email,
            name: &account.display_name,
            service: &service,
        },
    )
}

/// Sets the password through an enrolment link (used up by this), prepares a fresh TOTP
/// secret, and starts a session at the TOTP-enrolment stage. Returns its token.
pub async fn enrol_password(
    ctx: &AppContext,
    token: &Token,
    password: &str,
    confirm: &str,
    now: DateTime<Utc>,
) -> Result<Result<String, EnrolProblem>, AppError> {
    // The link first: no hashing work for a link that cannot be used.
    let Some(enrolling) = enrolment_account(ctx, token, now).await? else {
        return Ok(Err(EnrolProblem::LinkInvalid));
    };
    if let Err(p) = check_staff_password(ctx, &enrolling, password) {
        return Ok(Err(EnrolProblem::Password(p)));
    }
    if password != confirm {
        return Ok(Err(EnrolProblem::Mismatch));
    }
    let pw = zeroize::Zeroizing::new(password.to_owned());
    let Some(phc) = with_hasher(ctx, move |h| h.hash(&pw)).await? else {
        return Ok(Err(EnrolProblem::Busy));
    };
    let phc = phc.map_err(AppError::Internal)?;
    let secret = tfa::new_secret()?;
    let txn = ctx.begin_write().await?;
    let Some(t) = live_token(&txn, token, now).await? else {
        return Ok(Err(EnrolProblem::LinkInvalid));
    };
    let used = staff_token::Entity::update_many()
        .col_expr(staff_token::Column::UsedAt, Expr::value(now))
        .filter(staff_token::Column::Id.eq(t.id))
        .filter(staff_token::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
    let account = staff::Entity::find_by_id(t.staff_id)
        .one(&txn)
        .await?
        .filter(|s| s.active);
    let (Some(account), 1) = (account, used.rows_affected) else {
        return Ok(Err(EnrolProblem::LinkInvalid));
    };
    let mut update: staff::ActiveModel = account.clone().into();
    update.password_hash = Set(Some(phc));
    update.totp_secret = Set(Some(ctx.crypto.encrypt(tfa::SECRET_CONTEXT, &secret)?));
    update.totp_enabled = Set(false);
    update.totp_last_step = Set(None);
    update.updated_at = Set(now);
    update.update(&txn).await?;
    retire_recovery_codes(&txn, account.id, now).await?;
    session::revoke_all(&txn, account.id, now).await?;
    let session_token =
        session::create(&txn, account.id, Stage::EnrolTotp, &lifetimes(ctx), now).await?;
    append(
        &txn,
        ctx,
        Actor::Staff(account.id),
        AuditAction::StaffEnrolPassword,
        Subject::Staff(account.id),
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

/// The QR code and key for setting up the authenticator: the secret prepared when the
/// password was set. `None` once the second factor is on (it is never shown again).
pub async fn totp_enrolment(
    ctx: &AppContext,
    account: &staff::Model,
) -> Result<Option<tfa::Enrolment>, AppError> {
    let (false, Some(sealed)) = (account.totp_enabled, &account.totp_secret) else {
        return Ok(None);
    };
    let secret = ctx.crypto.decrypt(tfa::SECRET_CONTEXT, sealed)?;
    let material = tfa::enrolment(&secret, &email_of(ctx, account)?)
        .ok_or_else(|| AppError::Internal("TOTP enrolment material".into()))?;
    Ok(Some(material))
}

pub(crate) fn unix(now: DateTime<Utc>) -> u64 {
    u64::try_from(now.timestamp()).unwrap_or(0)
}

/// Confirms the authenticator with a first code: turns the second factor on (only if it
/// is still off), issues ten recovery codes (returned once, stored hashed), ends every
/// session of the account and starts one full session. `None` when the code is wrong.
pub async fn confirm_totp(
    ctx: &AppContext,
    account: &staff::Model,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<(String, Vec<String>)>, AppError> {
    let (false, Some(sealed)) = (account.totp_enabled, &account.totp_secret) else {
        return Ok(None);
    };
    let secret = ctx.crypto.decrypt(tfa::SECRET_CONTEXT, sealed)?;
    let Some(step) = tfa::verify(&secret, code, unix(now), account.totp_last_step) else {
        let txn = ctx.begin_write().await?;
        append(
            &txn,
            ctx,
            Actor::Staff(account.id),
            AuditAction::StaffEnrolSecondFactorFailed,
            Subject::Staff(account.id),
            serde_json::Value::Null,
        )
        .await?;
        txn.commit().await?;
        return Ok(None);
    };
    let codes = tfa::new_recovery_codes()?;
    let txn = ctx.begin_write().await?;
    // Conditional: of two confirmations racing, one wins.
    let switched = staff::Entity::update_many()
        .col_expr(staff::Column::TotpEnabled, Expr::value(true))
        .col_expr(staff::Column::TotpLastStep, Expr::value(step))
        .col_expr(staff::Column::UpdatedAt, Expr::value(now))
        .filter(staff::Column::Id.eq(account.id))
        .filter(staff::Column::TotpEnabled.eq(false))
        .exec(&txn)
        .await?;
    if switched.rows_affected != 1 {
        return Ok(None);
    }
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
    session::revoke_all(&txn, account.id, now).await?;
    let token = session::create(&txn, account.id, Stage::Full, &lifetimes(ctx), now).await?;
    append(
        &txn,
        ctx,
        Actor::Staff(account.id),
        AuditAction::StaffEnrolSecondFactor,
        Subject::Staff(account.id),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(Some((token, codes)))
}

pub(crate) async fn retire_recovery_codes(
    txn: &DatabaseTransaction,
    staff_id: StaffId,
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

/// A row of the staff list (contact detail decrypted for admins; the view is audited).
#[derive(Debug, Clone, Serialize)]
pub struct StaffRow {
    /// Account id.
    pub id: StaffId,
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
}

fn row(ctx: &AppContext, a: &staff::Model) -> Result<StaffRow, AppError> {
    Ok(StaffRow {
        id: a.id,
        email: email_of(ctx, a)?,
        display_name: a.display_name.clone(),
        roles: roles_of(a),
        active: a.active,
        second_factor: a.totp_enabled,
    })
}

/// Every staff account, for the admin page; records the read in the audit log.
pub async fn list(ctx: &AppContext, viewer: StaffId) -> Result<Vec<StaffRow>, AppError> {
    let rows = staff::Entity::find()
        .order_by_asc(staff::Column::Id)
        .all(&ctx.db)
        .await?;
    let txn = ctx.begin_write().await?;
    append(
        &txn,
        ctx,
        Actor::Staff(viewer),
        AuditAction::StaffListView,
        Subject::AllStaff,
        serde_json::json!({ "rows": rows.len() }),
    )
    .await?;
    txn.commit().await?;
    rows.iter().map(|a| row(ctx, a)).collect()
}

/// One account for the admin detail page; records the read in the audit log.
pub async fn view(
    ctx: &AppContext,
    viewer: StaffId,
    id: StaffId,
) -> Result<Option<StaffRow>, AppError> {
    let Some(a) = staff::Entity::find_by_id(id).one(&ctx.db).await? else {
        return Ok(None);
    };
    let txn = ctx.begin_write().await?;
    append(
        &txn,
        ctx,
        Actor::Staff(viewer),
        AuditAction::StaffView,
        Subject::Staff(id),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(Some(row(ctx, &a)?))
}
