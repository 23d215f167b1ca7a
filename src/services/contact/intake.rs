//! The public side of family contact: filing a contact request, registering oneself,
//! verifying the email address by a POST (a GET only shows the button), the requester's
//! status page, the registered person's management page, renewal and withdrawal.
//!
//! Safety rule 1 (no existence oracle) shapes this module: filing always stores a new row
//! and queues exactly one content-free email, whoever the address or the sought person is;
//! and [`request_status`], which builds everything a requester can observe, reads the
//! request's own row and nothing else — never registrations or matches. Every personal
//! field is sealed (`domain::contact::records::seal`); the links' tokens are stored only as hashes.
//!
//! Staff pages read the sealed documents through [`open_request`] and
//! [`open_registration`] (and must audit those reads themselves).

use crate::context::AppContext;
use crate::crypto::{random_token, sha256_hex};
use crate::domain::audit::{self, Actor, NewEvent};
use crate::domain::contact::consent::Party;
use crate::domain::contact::records::{
    self as dc, Openness, RegistrationData, RegistrationRules, RequesterData, SoughtData, context,
    review, state,
};
use crate::domain::people::network::ClientNetwork;
use crate::domain::petitions::signature::{Relationship, SignerEmail};
use crate::entities::{contact_request, registration, sought_person};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::mail::{EmailTemplate, outbox};
use crate::services::contact::links::{self, token_hash};
use crate::services::contact::review::forget_index;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;
use std::net::IpAddr;

/// How long an emailed verification link works; unverified rows are closed after it.
pub const VERIFY_WINDOW_DAYS: i64 = 7;
/// How long before expiry the renewal reminder goes out and the renew button shows.
pub const RENEWAL_NOTICE_DAYS: i64 = 30;
/// Most sought persons one request may name.
pub const MAX_SOUGHT: usize = 3;

/// A contact request as the form hands it over (every field already checked).
#[derive(Debug, Clone)]
pub struct RequestInput {
    /// The requester's name.
    pub name: String,
    /// The requester's address, checked and canonicalised.
    pub email: SignerEmail,
    /// Phone number (may be empty).
    pub phone: String,
    /// ISO country code.
    pub country: String,
    /// Relationship to the sought persons (never `none`).
    pub relationship: Relationship,
    /// The message to the sought person (may be empty).
    pub message: String,
    /// One to [`MAX_SOUGHT`] sought persons, in form order.
    pub sought: Vec<SoughtData>,
}

/// A self-registration as the form hands it over (every field already checked).
#[derive(Debug, Clone)]
pub struct RegistrationInput {
    /// Names, aliases, birth year, father's name, places (the `email` field is filled in
    /// from `email`).
    pub data: RegistrationData,
    /// The address, checked and canonicalised.
    pub email: SignerEmail,
    /// How open the person is to contact.
    pub openness: Openness,
    /// Allow and deny rules.
    pub rules: RegistrationRules,
    /// The language emails are written in.
    pub locale: Locale,
}

/// "Confirm your email address": the only email filing or registering sends.
#[derive(Debug, Serialize)]
pub struct VerifyEmail {
    /// The verification link.
    pub link: String,
}

impl EmailTemplate for VerifyEmail {
    const NAME: &'static str = "contact_verify";
}

/// "Your personal link": sent once the address is verified (status or management page).
#[derive(Debug, Serialize)]
pub struct LinkEmail {
    /// The status or management page.
    pub link: String,
}

impl EmailTemplate for LinkEmail {
    const NAME: &'static str = "contact_link";
}

/// The renewal reminder (with a fresh personal link: earlier ones stop working).
#[derive(Debug, Serialize)]
pub struct RenewalEmail {
    /// The status or management page.
    pub link: String,
    /// The expiry date, formatted for the recipient's language.
    pub date: String,
}

impl EmailTemplate for RenewalEmail {
    const NAME: &'static str = "contact_renewal";
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

/// A date as the portal shows it: ISO order, Persian digits in Persian.
#[must_use]
pub fn format_date(locale: Locale, at: DateTime<Utc>) -> String {
    let iso = at.format("%Y-%m-%d").to_string();
    match locale {
        Locale::Fa => crate::domain::contact::form::persian_digits(&iso),
        Locale::En | Locale::Fr => iso,
    }
}

/// A link to `/contact/<path>/<token>` in `locale`'s language (emails carry the
/// recipient's language, whatever browser opens them).
pub(crate) fn link(ctx: &AppContext, path: &str, token: &str, locale: Locale) -> String {
    format!(
        "{}/contact/{path}/{token}?lang={}",
        ctx.config.public_url,
        locale.code()
    )
}

/// A fresh token and its stored hash.
fn token_pair() -> Result<(String, String), AppError> {
    let token = random_token()?;
    let hash = sha256_hex(token.as_bytes());
    Ok((token, hash))
}

fn email_index(ctx: &AppContext, email: &SignerEmail) -> String {
    ctx.crypto
        .blind_index(dc::EMAIL_INDEX, &email.canonical)
        .to_hex()
}

fn network_hash(ctx: &AppContext, ip: IpAddr) -> String {
    ctx.crypto.ip_hash(ClientNetwork::of(ip).0)
}

async fn record(
    txn: &sea_orm::DatabaseTransaction,
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

/// Files a contact request: stores it unverified (every personal field sealed) with its
/// sought persons, and queues one "confirm your email address" email. The same happens
/// whatever was filed before from this address or for these persons: the caller always
/// shows the same page.
pub async fn file_request(
    ctx: &AppContext,
    input: RequestInput,
    ip: IpAddr,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if input.sought.is_empty() || input.sought.len() > MAX_SOUGHT {
        return Err(AppError::Internal(
            "a request names one to three persons".into(),
        ));
    }
    let (verify_token, verify_hash) = token_pair()?;
    // The status link is made at verification; until then the column holds the hash of
    // a token nobody knows.
    let (_, status_hash) = token_pair()?;
    let requester = RequesterData {
        name: input.name,
        email: input.email.address.clone(),
        phone: input.phone,
    };
    let mail = outbox::prepare(
        ctx,
        &input.email.address,
        locale,
        &VerifyEmail {
            link: link(ctx, "verify", &verify_token, locale),
        },
    )?;
    let row = contact_request::ActiveModel {
        requester_enc: Set(dc::seal(&ctx.crypto, context::REQUESTER, &requester)?),
        email_index: Set(email_index(ctx, &input.email)),
        country: Set(input.country),
        locale: Set(locale.code().to_owned()),
        relationship: Set(input.relationship.as_str().to_owned()),
        message_enc: Set(ctx.crypto.encrypt_str(context::MESSAGE, &input.message)?),
        network_hash: Set(network_hash(ctx, ip)),
        state: Set(state::UNVERIFIED.to_owned()),
        verify_hash: Set(verify_hash),
        status_hash: Set(status_hash),
        review: Set(review::NEW.to_owned()),
        hostile: Set(false),
        hostile_note_enc: Set(None),
        created_at: Set(now),
        verified_at: Set(None),
        expires_at: Set(now + ctx.config.contact.expiry),
        renewal_sent_at: Set(None),
        closed_at: Set(None),
        ..Default::default()
    };
    let sought: Vec<Vec<u8>> = input
        .sought
        .iter()
        .map(|s| dc::seal(&ctx.crypto, context::SOUGHT, s))
        .collect::<Result<_, _>>()?;
    let txn = ctx.begin_write().await?;
    let request = row.insert(&*txn).await?;
    for (position, data_enc) in (1..).zip(sought) {
        sought_person::ActiveModel {
            request_id: Set(request.id),
            position: Set(position),
            data_enc: Set(data_enc),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
    }
    outbox::insert(&*txn, ctx, mail).await?;
    record(
        &txn,
        ctx,
        Actor::Public,
        "contact_request.file",
        format!("contact_request:{}", request.id),
        serde_json::json!({ "sought": input.sought.len(), "locale": locale.code() }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Registers a person: stored unverified (names, rules and address sealed), and one
/// "confirm your email address" email queued in the chosen language, identical to a
/// requester's.
pub async fn register(
    ctx: &AppContext,
    input: RegistrationInput,
    ip: IpAddr,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (verify_token, verify_hash) = token_pair()?;
    let (_, manage_hash) = token_pair()?;
    let data = RegistrationData {
        email: input.email.address.clone(),
        ..input.data
    };
    let mail = outbox::prepare(
        ctx,
        &input.email.address,
        input.locale,
        &VerifyEmail {
            link: link(ctx, "verify", &verify_token, input.locale),
        },
    )?;
    let row = registration::ActiveModel {
        data_enc: Set(dc::seal(&ctx.crypto, context::REGISTRATION, &data)?),
        rules_enc: Set(dc::seal(&ctx.crypto, context::RULES, &input.rules)?),
        email_index: Set(email_index(ctx, &input.email)),
        locale: Set(input.locale.code().to_owned()),
        openness: Set(input.openness.as_str().to_owned()),
        network_hash: Set(network_hash(ctx, ip)),
        state: Set(state::UNVERIFIED.to_owned()),
        verify_hash: Set(verify_hash),
        manage_hash: Set(manage_hash),
        review: Set(review::NEW.to_owned()),
        created_at: Set(now),
        verified_at: Set(None),
        expires_at: Set(now + ctx.config.contact.expiry),
        renewal_sent_at: Set(None),
        closed_at: Set(None),
        ..Default::default()
    };
    let txn = ctx.begin_write().await?;
    let reg = row.insert(&*txn).await?;
    outbox::insert(&*txn, ctx, mail).await?;
    record(
        &txn,
        ctx,
        Actor::Public,
        "registration.file",
        format!("registration:{}", reg.id),
        serde_json::json!({ "openness": input.openness.as_str(), "locale": input.locale.code() }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Whether an unverified row created at `created_at` may still be verified at `now`.
fn verifiable(created_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < created_at + Duration::days(VERIFY_WINDOW_DAYS)
}

fn target_of(
    kind: Kind,
    row_state: &str,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> VerifyTarget {
    match row_state {
        state::UNVERIFIED if verifiable(created_at, now) => VerifyTarget::Ready(kind),
        state::ACTIVE => VerifyTarget::Done(kind),
        _ => VerifyTarget::Invalid,
    }
}

enum Found {
    Request(contact_request::Model),
    Registration(registration::Model),
}

async fn by_verify_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<Found>, AppError> {
    let Some(hash) = token_hash(token) else {
        return Ok(None);
    };
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
        Found::Request(r) => target_of(Kind::Request, &r.state, r.created_at, now),
        Found::Registration(r) => target_of(Kind::Registration, &r.state, r.created_at, now),
    }
}

/// Where a verification link stands (the GET: shows a button, changes nothing, so mail
/// scanners that open links verify nothing).
pub async fn verify_target(
    ctx: &AppContext,
    token: &str,
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
    token: &str,
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
    let (id, address, locale, path) = match &found {
        Found::Request(r) => {
            let who: RequesterData = dc::open(&ctx.crypto, context::REQUESTER, &r.requester_enc)?;
            (
                r.id,
                who.email,
                Locale::parse(&r.locale).unwrap_or_default(),
                "status",
            )
        }
        Found::Registration(r) => {
            let data: RegistrationData = dc::open(&ctx.crypto, context::REGISTRATION, &r.data_enc)?;
            (
                r.id,
                data.email,
                Locale::parse(&r.locale).unwrap_or_default(),
                "registration",
            )
        }
    };
    let mail = outbox::prepare(
        ctx,
        &address,
        locale,
        &LinkEmail {
            link: link(ctx, path, &page_token, locale),
        },
    )?;
    let txn = ctx.begin_write().await?;
    // Only the POST that moves the row out of `unverified` sends the link.
    let changed = match kind {
        Kind::Request => {
            contact_request::Entity::update_many()
                .col_expr(contact_request::Column::State, Expr::value(state::ACTIVE))
                .col_expr(contact_request::Column::VerifiedAt, Expr::value(now))
                .col_expr(contact_request::Column::ExpiresAt, Expr::value(expires_at))
                .col_expr(contact_request::Column::StatusHash, Expr::value(page_hash))
                .filter(contact_request::Column::Id.eq(id))
                .filter(contact_request::Column::State.eq(state::UNVERIFIED))
                .exec(&*txn)
                .await?
                .rows_affected
        }
        Kind::Registration => {
            registration::Entity::update_many()
                .col_expr(registration::Column::State, Expr::value(state::ACTIVE))
                .col_expr(registration::Column::VerifiedAt, Expr::value(now))
                .col_expr(registration::Column::ExpiresAt, Expr::value(expires_at))
                .col_expr(registration::Column::ManageHash, Expr::value(page_hash))
                .filter(registration::Column::Id.eq(id))
                .filter(registration::Column::State.eq(state::UNVERIFIED))
                .exec(&*txn)
                .await?
                .rows_affected
        }
    };
    if changed == 1 {
        outbox::insert(&*txn, ctx, mail).await?;
        let (action, subject) = match kind {
            Kind::Request => ("contact_request.verify", format!("contact_request:{id}")),
            Kind::Registration => ("registration.verify", format!("registration:{id}")),
        };
        record(
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

/// What the requester's status page shows. Built from the request's own row only.
///
/// Later issues add states here ("connected", "a welfare message was released"): they
/// must come from columns of the request row that staff set explicitly, so that nothing
/// about registrations or matches can reach this page by another path (safety rule 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestStatus {
    /// Received, verified, in force: "received — in progress". Nothing more, whatever
    /// happened or did not happen behind it.
    InProgress {
        /// When it expires unless renewed.
        expires_at: DateTime<Utc>,
        /// Within [`RENEWAL_NOTICE_DAYS`] of expiry: the renew button shows.
        renewable: bool,
    },
    /// Expired without renewal.
    Expired,
    /// Withdrawn by the requester.
    Withdrawn,
}

impl RequestStatus {
    /// The stored form, for templates.
    #[must_use]
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::InProgress { .. } => "in_progress",
            Self::Expired => "expired",
            Self::Withdrawn => "withdrawn",
        }
    }
}

/// In force at `now` and close enough to expiry to renew.
fn renewable(expires_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    now < expires_at && expires_at - now <= Duration::days(RENEWAL_NOTICE_DAYS)
}

pub(crate) fn lifecycle(
    row_state: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<RequestStatus> {
    match row_state {
        state::ACTIVE if now < expires_at => Some(RequestStatus::InProgress {
            expires_at,
            renewable: renewable(expires_at, now),
        }),
        state::ACTIVE | state::CLOSED => Some(RequestStatus::Expired),
        state::WITHDRAWN => Some(RequestStatus::Withdrawn),
        _ => None,
    }
}

/// The request behind a requester's link: the status link (from the verification or the
/// latest reminder) or an unexpired link sent with a notification. Both lookups always
/// run.
pub(crate) async fn request_by_status_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<contact_request::Model>, AppError> {
    let Some(hash) = token_hash(token) else {
        return Ok(None);
    };
    let by_status = contact_request::Entity::find()
        .filter(contact_request::Column::StatusHash.eq(hash))
        .one(db)
        .await?;
    let by_link = links::resolve(db, token, Utc::now())
        .await?
        .filter(|l| l.party == Party::Requester);
    Ok(match (by_status, by_link) {
        (Some(r), _) => Some(r),
        (None, Some(l)) => {
            contact_request::Entity::find_by_id(l.request_id)
                .one(db)
                .await?
        }
        (None, None) => None,
    })
}

/// The status of the request behind a status link (`None`: no such link). Reads the
/// request row and nothing else.
pub async fn request_status(
    ctx: &AppContext,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<RequestStatus>, AppError> {
    Ok(request_by_status_token(&ctx.db, token)
        .await?
        .and_then(|r| lifecycle(&r.state, r.expires_at, now)))
}

/// What a renew or withdraw button did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Done now.
    Done,
    /// Nothing to do (not within the renewal window, or already withdrawn or closed).
    Unchanged,
    /// No such link.
    Invalid,
}

/// Renews the request behind a status link: within [`RENEWAL_NOTICE_DAYS`] of expiry,
/// the expiry moves a full period on and a new reminder will go out before that.
pub async fn renew_request(
    ctx: &AppContext,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Change, AppError> {
    let Some(r) = request_by_status_token(&ctx.db, token).await? else {
        return Ok(Change::Invalid);
    };
    renew_row::<contact_request::Entity>(ctx, &REQUEST_ROWS, r.id, &r.state, r.expires_at, now)
        .await
}

/// Withdraws the request behind a status link: state `withdrawn`, `closed_at` set.
/// Its sealed personal data stays until contact data has a retention schedule.
pub async fn withdraw_request(
    ctx: &AppContext,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Change, AppError> {
    let Some(r) = request_by_status_token(&ctx.db, token).await? else {
        return Ok(Change::Invalid);
    };
    withdraw_row::<contact_request::Entity>(ctx, &REQUEST_ROWS, r.id, now).await
}

/// A registration as its owner sees it on the management page.
#[derive(Debug, Clone)]
pub struct RegistrationView {
    /// Where it stands (the same states as a request's).
    pub status: RequestStatus,
    /// Names, birth year, father's name, places, address.
    pub data: RegistrationData,
    /// How open the person is.
    pub openness: Openness,
    /// Allow and deny rules.
    pub rules: RegistrationRules,
    /// The language emails are written in.
    pub locale: Locale,
}

async fn registration_by_manage_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<registration::Model>, AppError> {
    let Some(hash) = token_hash(token) else {
        return Ok(None);
    };
    Ok(registration::Entity::find()
        .filter(registration::Column::ManageHash.eq(hash))
        .one(db)
        .await?)
}

/// The registration behind a management link, decrypted for its owner (`None`: no such
/// link).
pub async fn registration_view(
    ctx: &AppContext,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Option<RegistrationView>, AppError> {
    let Some(r) = registration_by_manage_token(&ctx.db, token).await? else {
        return Ok(None);
    };
    let Some(status) = lifecycle(&r.state, r.expires_at, now) else {
        return Ok(None);
    };
    let details = open_registration(ctx, &r)?;
    Ok(Some(RegistrationView {
        status,
        data: details.data,
        openness: details.openness,
        rules: details.rules,
        locale: Locale::parse(&r.locale).unwrap_or_default(),
    }))
}

/// Renews the registration behind a management link (as [`renew_request`]).
pub async fn renew_registration(
    ctx: &AppContext,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Change, AppError> {
    let Some(r) = registration_by_manage_token(&ctx.db, token).await? else {
        return Ok(Change::Invalid);
    };
    renew_row::<registration::Entity>(ctx, &REGISTRATION_ROWS, r.id, &r.state, r.expires_at, now)
        .await
}

/// Withdraws the registration behind a management link: state `withdrawn`, `closed_at`
/// set; it no longer takes part in matching. Its sealed personal data stays until contact
/// data has a retention schedule.
pub async fn withdraw_registration(
    ctx: &AppContext,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Change, AppError> {
    let Some(r) = registration_by_manage_token(&ctx.db, token).await? else {
        return Ok(Change::Invalid);
    };
    let change = withdraw_row::<registration::Entity>(ctx, &REGISTRATION_ROWS, r.id, now).await?;
    if change == Change::Done {
        // Caseworkers' candidate lists drop it at once (on this instance).
        forget_index(ctx);
    }
    Ok(change)
}

/// The columns renewal and withdrawal touch, and the names they are audited under: the
/// same life for a request and for a registration.
pub(crate) struct Rows<C> {
    pub(crate) id: C,
    pub(crate) state: C,
    pub(crate) expires_at: C,
    pub(crate) renewal_sent_at: C,
    pub(crate) closed_at: C,
    /// The hash of the owner's personal link (status or management page).
    pub(crate) link_hash: C,
    /// The path of that link.
    pub(crate) link: &'static str,
    pub(crate) renew: &'static str,
    pub(crate) remind: &'static str,
    pub(crate) withdraw: &'static str,
    pub(crate) expire: &'static str,
    pub(crate) subject: &'static str,
}

pub(crate) const REQUEST_ROWS: Rows<contact_request::Column> = Rows {
    id: contact_request::Column::Id,
    state: contact_request::Column::State,
    expires_at: contact_request::Column::ExpiresAt,
    renewal_sent_at: contact_request::Column::RenewalSentAt,
    closed_at: contact_request::Column::ClosedAt,
    link_hash: contact_request::Column::StatusHash,
    link: "status",
    renew: "contact_request.renew",
    remind: "contact_request.remind",
    withdraw: "contact_request.withdraw",
    expire: "contact_request.expire",
    subject: "contact_request",
};

pub(crate) const REGISTRATION_ROWS: Rows<registration::Column> = Rows {
    id: registration::Column::Id,
    state: registration::Column::State,
    expires_at: registration::Column::ExpiresAt,
    renewal_sent_at: registration::Column::RenewalSentAt,
    closed_at: registration::Column::ClosedAt,
    link_hash: registration::Column::ManageHash,
    link: "registration",
    renew: "registration.renew",
    remind: "registration.remind",
    withdraw: "registration.withdraw",
    expire: "registration.expire",
    subject: "registration",
};

/// Renews row `id`: within [`RENEWAL_NOTICE_DAYS`] of expiry, the expiry moves a full
/// period on and a new reminder will go out before that.
async fn renew_row<E>(
    ctx: &AppContext,
    rows: &Rows<E::Column>,
    id: i64,
    current_state: &str,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Change, AppError>
where
    E: EntityTrait,
    E::Column: Copy,
{
    if current_state != state::ACTIVE || !renewable(expires_at, now) {
        return Ok(Change::Unchanged);
    }
    let txn = ctx.begin_write().await?;
    let changed = E::update_many()
        .col_expr(
            rows.expires_at,
            Expr::value(expires_at + ctx.config.contact.expiry),
        )
        .col_expr(
            rows.renewal_sent_at,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(rows.id.eq(id))
        .filter(rows.state.eq(state::ACTIVE))
        // Within the window still: a second, concurrent press renews nothing more.
        .filter(rows.expires_at.gt(now))
        .filter(
            rows.expires_at
                .lte(now + Duration::days(RENEWAL_NOTICE_DAYS)),
        )
        .exec(&*txn)
        .await?
        .rows_affected
        == 1;
    if changed {
        record(
            &txn,
            ctx,
            Actor::Public,
            rows.renew,
            format!("{}:{id}", rows.subject),
            serde_json::json!({}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(if changed {
        Change::Done
    } else {
        Change::Unchanged
    })
}

/// Withdraws row `id` (active only): state `withdrawn`, `closed_at` set.
async fn withdraw_row<E>(
    ctx: &AppContext,
    rows: &Rows<E::Column>,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Change, AppError>
where
    E: EntityTrait,
    E::Column: Copy,
{
    let txn = ctx.begin_write().await?;
    let changed = E::update_many()
        .col_expr(rows.state, Expr::value(state::WITHDRAWN))
        .col_expr(rows.closed_at, Expr::value(now))
        .filter(rows.id.eq(id))
        .filter(rows.state.eq(state::ACTIVE))
        .exec(&*txn)
        .await?
        .rows_affected
        == 1;
    if changed {
        record(
            &txn,
            ctx,
            Actor::Public,
            rows.withdraw,
            format!("{}:{id}", rows.subject),
            serde_json::json!({}),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(if changed {
        Change::Done
    } else {
        Change::Unchanged
    })
}

/// A contact request with its sealed documents opened (for staff pages; audit the read).
#[derive(Debug, Clone)]
pub struct RequestDetails {
    /// The row.
    pub request: contact_request::Model,
    /// Name, email, phone.
    pub requester: RequesterData,
    /// The message to the sought person (may be empty).
    pub message: String,
    /// The sought persons in form order, each with its row.
    pub sought: Vec<(sought_person::Model, SoughtData)>,
}

/// Opens a request's sealed documents and reads its sought persons, using `db` (a
/// transaction or the pool).
pub async fn open_request(
    db: &impl ConnectionTrait,
    ctx: &AppContext,
    request: contact_request::Model,
) -> Result<RequestDetails, AppError> {
    let requester = dc::open(&ctx.crypto, context::REQUESTER, &request.requester_enc)?;
    let message = ctx
        .crypto
        .decrypt_str(context::MESSAGE, &request.message_enc)?;
    let rows = sought_person::Entity::find()
        .filter(sought_person::Column::RequestId.eq(request.id))
        .order_by_asc(sought_person::Column::Position)
        .all(db)
        .await?;
    let mut sought = Vec::with_capacity(rows.len());
    for row in rows {
        let data = open_sought(ctx, &row)?;
        sought.push((row, data));
    }
    Ok(RequestDetails {
        request,
        requester,
        message,
        sought,
    })
}

/// Opens one sought person's sealed details.
pub fn open_sought(ctx: &AppContext, row: &sought_person::Model) -> Result<SoughtData, AppError> {
    Ok(dc::open(&ctx.crypto, context::SOUGHT, &row.data_enc)?)
}

/// A registration with its sealed documents opened.
#[derive(Debug, Clone)]
pub struct RegistrationDetails {
    /// Names, birth year, father's name, places, address.
    pub data: RegistrationData,
    /// Allow and deny rules.
    pub rules: RegistrationRules,
    /// How open the person is (an unknown stored value reads as "no one": fail closed).
    pub openness: Openness,
}

/// Opens a registration's sealed documents (for its owner, the matcher and staff pages;
/// staff reads must be audited by the caller).
pub fn open_registration(
    ctx: &AppContext,
    r: &registration::Model,
) -> Result<RegistrationDetails, AppError> {
    Ok(RegistrationDetails {
        data: dc::open(&ctx.crypto, context::REGISTRATION, &r.data_enc)?,
        rules: dc::open(&ctx.crypto, context::RULES, &r.rules_enc)?,
        openness: Openness::parse(&r.openness).unwrap_or(Openness::NoOne),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn tokens_of_the_wrong_shape_are_not_looked_up() {
        assert!(token_hash("short").is_none());
        assert!(token_hash(&"a".repeat(65)).is_none());
        assert!(token_hash("abc/def/ghi/jkl/mno/pqr").is_none());
        assert!(token_hash(&random_token().unwrap()).is_some());
    }

    #[test]
    fn renewal_opens_thirty_days_before_expiry() {
        let exp = Utc.with_ymd_and_hms(2030, 6, 1, 0, 0, 0).unwrap();
        assert!(!renewable(exp, exp - Duration::days(31)));
        assert!(renewable(exp, exp - Duration::days(30)));
        assert!(renewable(exp, exp - Duration::seconds(1)));
        assert!(!renewable(exp, exp), "expired: too late");
        assert_eq!(
            lifecycle(state::ACTIVE, exp, exp),
            Some(RequestStatus::Expired)
        );
        assert_eq!(lifecycle(state::UNVERIFIED, exp, exp), None);
    }

    #[test]
    fn dates_use_the_readers_digits() {
        let at = Utc.with_ymd_and_hms(2026, 3, 21, 12, 0, 0).unwrap();
        assert_eq!(format_date(Locale::En, at), "2026-03-21");
        assert_eq!(format_date(Locale::Fa, at), "۲۰۲۶-۰۳-۲۱");
    }
}
