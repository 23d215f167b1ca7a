//! Assisted intake (issue #16 items 5 and 6): a caseworker files a contact request for a
//! person on the phone, in person or by post, or records a registration for a person
//! located off-line. Either is stored `unverified` — invisible to the queues and to the
//! matcher — with the person's consent asserted by the caseworker, and a four-eyes
//! proposal; only a second caseworker's approval brings it into force. No email goes to a
//! person without an address: the case works through the caseworker. A person located
//! off-line can later take their registration over with an email link (once).

use super::filing::VerifyEmail;
use super::verification::LinkEmail;
use super::{VERIFY_WINDOW_DAYS, append, link, token_pair};
use crate::context::AppContext;
use crate::domain::approval::{self, Action};
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::domain::contact::intake::{ContactPreference, IntakeChannel};
use crate::domain::contact::records::{
    self as dc, Openness, RecordState, RegistrationData, RegistrationRules, RequesterData,
    ReviewState, SoughtData, context,
};
use crate::domain::people::email::SignerEmail;
use crate::domain::people::relationship::Relationship;
use crate::entities::{contact_request, registration, sought_person};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{ApprovalId, RegistrationId, RequestId, StaffId, Token};
use crate::mail::outbox;
use crate::services::contact::consent::{assert_requester_consent, confirm_assisted_consent};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

/// What a caseworker took down for an assisted request (every field already checked).
#[derive(Debug, Clone)]
pub struct AssistedRequest {
    /// The requester's name.
    pub name: String,
    /// Phone number (may be empty).
    pub phone: String,
    /// Postal address (may be empty).
    pub postal: String,
    /// ISO country code.
    pub country: String,
    /// Relationship to the sought person (never `none`).
    pub relationship: Relationship,
    /// The message to the sought person (may be empty).
    pub message: String,
    /// The person sought.
    pub sought: SoughtData,
    /// How it came in.
    pub channel: IntakeChannel,
    /// How the requester wants to be reached (never by email: they have none).
    pub preference: ContactPreference,
    /// The requester's language (the consent wording was read out in it).
    pub locale: Locale,
    /// How the consent was obtained (the proposal's reason for the second caseworker).
    pub how: String,
}

/// What a caseworker took down for a person located off-line (every field checked).
#[derive(Debug, Clone)]
pub struct OfflineRegistration {
    /// Names, birth year, father's name, places, phone and postal address (no email).
    pub data: RegistrationData,
    /// How open the person is to contact.
    pub openness: Openness,
    /// Their vetoes.
    pub rules: RegistrationRules,
    /// How it came in.
    pub channel: IntakeChannel,
    /// How they want to be reached (never by email: they have none).
    pub preference: ContactPreference,
    /// Their language.
    pub locale: Locale,
    /// How their consent was obtained (the proposal's reason).
    pub how: String,
}

/// A key no other record shares: where an online record keeps the blind index of its
/// address, an assisted one has none, and "never from this person" must not join two
/// address-less requesters.
fn own_key(ctx: &AppContext) -> Result<String, AppError> {
    let (token, _) = token_pair()?;
    Ok(ctx
        .crypto
        .blind_index(dc::EMAIL_INDEX, &format!("assisted:{token}"))
        .to_hex())
}

/// Files a request on a person's behalf: stored unverified with its sought person, the
/// requester's consent recorded as asserted by `caseworker`, and a proposal that a second
/// caseworker must approve before the request counts. Sends no email.
pub async fn file_assisted_request(
    ctx: &AppContext,
    caseworker: StaffId,
    input: AssistedRequest,
    now: DateTime<Utc>,
) -> Result<(RequestId, ApprovalId), AppError> {
    let (_, verify_hash) = token_pair()?;
    let (_, status_hash) = token_pair()?;
    let requester = RequesterData {
        name: input.name,
        email: String::new(),
        phone: input.phone,
        postal: input.postal,
    };
    let row = contact_request::ActiveModel {
        requester_enc: Set(dc::seal(&ctx.crypto, context::REQUESTER, &requester)?),
        email_index: Set(own_key(ctx)?),
        country: Set(input.country),
        locale: Set(input.locale.code().to_owned()),
        relationship: Set(input.relationship),
        message_enc: Set(ctx.crypto.encrypt_str(context::MESSAGE, &input.message)?),
        network_hash: Set(String::new()),
        state: Set(RecordState::Unverified),
        verify_hash: Set(verify_hash),
        status_hash: Set(status_hash),
        review: Set(ReviewState::New),
        hostile: Set(false),
        hostile_note_enc: Set(None),
        created_at: Set(now),
        verified_at: Set(None),
        expires_at: Set(now + ctx.config.contact.expiry),
        renewal_sent_at: Set(None),
        closed_at: Set(None),
        intake_channel: Set(input.channel),
        contact_preference: Set(input.preference),
        filed_by: Set(Some(caseworker)),
        ..Default::default()
    };
    let sought = dc::seal(&ctx.crypto, context::SOUGHT, &input.sought)?;
    let txn = ctx.begin_write().await?;
    let request = row.insert(&*txn).await?;
    sought_person::ActiveModel {
        request_id: Set(request.id),
        position: Set(1),
        data_enc: Set(sought),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    append(
        &txn,
        ctx,
        Actor::Staff(caseworker),
        AuditAction::ContactRequestFile,
        Subject::Request(request.id),
        serde_json::json!({
            "sought": 1,
            "locale": input.locale.code(),
            "channel": input.channel.as_str(),
            "preference": input.preference.as_str(),
        }),
    )
    .await?;
    let consent_id =
        assert_requester_consent(&txn, ctx, request.id, caseworker, input.locale, now).await?;
    let action = Action::ConfirmAssistedRequest {
        request_id: request.id,
        consent_id,
    };
    let proposal = approval::Proposal {
        action: &action,
        proposer: caseworker,
        reason: &input.how,
    };
    let id = approval::propose(&txn, &ctx.crypto, proposal, ctx.config.staff.approval, now).await?;
    txn.commit().await?;
    Ok((request.id, id))
}

/// Records a registration for a person located off-line: stored unverified (so not a
/// match candidate), their consent asserted by `caseworker` in a proposal that a second
/// caseworker must approve. Sends no email.
pub async fn record_offline_registration(
    ctx: &AppContext,
    caseworker: StaffId,
    input: OfflineRegistration,
    now: DateTime<Utc>,
) -> Result<(RegistrationId, ApprovalId), AppError> {
    let (_, verify_hash) = token_pair()?;
    let (_, manage_hash) = token_pair()?;
    let data = RegistrationData {
        email: String::new(),
        ..input.data
    };
    let row = registration::ActiveModel {
        data_enc: Set(dc::seal(&ctx.crypto, context::REGISTRATION, &data)?),
        rules_enc: Set(dc::seal(&ctx.crypto, context::RULES, &input.rules)?),
        email_index: Set(own_key(ctx)?),
        locale: Set(input.locale.code().to_owned()),
        openness: Set(input.openness),
        network_hash: Set(String::new()),
        state: Set(RecordState::Unverified),
        verify_hash: Set(verify_hash),
        manage_hash: Set(manage_hash),
        review: Set(ReviewState::New),
        created_at: Set(now),
        verified_at: Set(None),
        expires_at: Set(now + ctx.config.contact.expiry),
        renewal_sent_at: Set(None),
        closed_at: Set(None),
        intake_channel: Set(input.channel),
        contact_preference: Set(input.preference),
        recorded_by: Set(Some(caseworker)),
        takeover_hash: Set(None),
        takeover_expires_at: Set(None),
        ..Default::default()
    };
    let txn = ctx.begin_write().await?;
    let reg = row.insert(&*txn).await?;
    append(
        &txn,
        ctx,
        Actor::Staff(caseworker),
        AuditAction::RegistrationFile,
        Subject::Registration(reg.id),
        serde_json::json!({
            "openness": input.openness.as_str(),
            "locale": input.locale.code(),
            "channel": input.channel.as_str(),
            "preference": input.preference.as_str(),
        }),
    )
    .await?;
    let action = Action::ConfirmOfflineRegistration {
        registration_id: reg.id,
    };
    let proposal = approval::Proposal {
        action: &action,
        proposer: caseworker,
        reason: &input.how,
    };
    let id = approval::propose(&txn, &ctx.crypto, proposal, ctx.config.staff.approval, now).await?;
    txn.commit().await?;
    Ok((reg.id, id))
}

/// Runs an approved [`Action::ConfirmAssistedRequest`] or
/// [`Action::ConfirmOfflineRegistration`] in the decision's transaction: the requester's
/// asserted consent counts and the record comes into force (a full period from now).
/// `false` (the caller rolls back) when the record is no longer an assisted one waiting.
pub async fn run_approved(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    approval_id: ApprovalId,
    action: &Action,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let expires_at = now + ctx.config.contact.expiry;
    match *action {
        Action::ConfirmAssistedRequest {
            request_id,
            consent_id,
        } => {
            if !confirm_assisted_consent(txn, request_id, consent_id, approval_id, now).await? {
                return Ok(false);
            }
            let n = contact_request::Entity::update_many()
                .col_expr(
                    contact_request::Column::State,
                    Expr::value(RecordState::Active),
                )
                .col_expr(contact_request::Column::VerifiedAt, Expr::value(now))
                .col_expr(contact_request::Column::ConfirmedAt, Expr::value(now))
                .col_expr(contact_request::Column::ExpiresAt, Expr::value(expires_at))
                .filter(contact_request::Column::Id.eq(request_id))
                .filter(contact_request::Column::State.eq(RecordState::Unverified))
                .filter(contact_request::Column::FiledBy.is_not_null())
                .exec(txn)
                .await?
                .rows_affected;
            Ok(n == 1)
        }
        Action::ConfirmOfflineRegistration { registration_id } => {
            let n = registration::Entity::update_many()
                .col_expr(
                    registration::Column::State,
                    Expr::value(RecordState::Active),
                )
                .col_expr(registration::Column::VerifiedAt, Expr::value(now))
                .col_expr(registration::Column::ExpiresAt, Expr::value(expires_at))
                .filter(registration::Column::Id.eq(registration_id))
                .filter(registration::Column::State.eq(RecordState::Unverified))
                .filter(registration::Column::RecordedBy.is_not_null())
                .exec(txn)
                .await?
                .rows_affected;
            Ok(n == 1)
        }
        _ => Ok(false),
    }
}

/// A rejected assisted record is closed (kept, never deleted; it never counted).
pub async fn reject(
    txn: &DatabaseTransaction,
    action: &Action,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    match *action {
        Action::ConfirmAssistedRequest { request_id, .. } => {
            contact_request::Entity::update_many()
                .col_expr(
                    contact_request::Column::State,
                    Expr::value(RecordState::Closed),
                )
                .col_expr(contact_request::Column::ClosedAt, Expr::value(now))
                .filter(contact_request::Column::Id.eq(request_id))
                .filter(contact_request::Column::State.eq(RecordState::Unverified))
                .exec(txn)
                .await?;
        }
        Action::ConfirmOfflineRegistration { registration_id } => {
            registration::Entity::update_many()
                .col_expr(
                    registration::Column::State,
                    Expr::value(RecordState::Closed),
                )
                .col_expr(registration::Column::ClosedAt, Expr::value(now))
                .filter(registration::Column::Id.eq(registration_id))
                .filter(registration::Column::State.eq(RecordState::Unverified))
                .exec(txn)
                .await?;
        }
        _ => {}
    }
    Ok(())
}

/// Why a take-over link cannot be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakeoverProblem {
    /// Not a registration recorded off-line, in force, without an address yet.
    NotOffline,
}

/// Sends the person located off-line a one-time link to take over their registration:
/// the address is stored (sealed, with its blind index) and one content-free "confirm
/// your email address" email is queued. Until the link is used nothing else changes.
pub async fn send_takeover(
    ctx: &AppContext,
    caseworker: StaffId,
    id: RegistrationId,
    email: &SignerEmail,
    now: DateTime<Utc>,
) -> Result<Result<(), TakeoverProblem>, AppError> {
    let Some(r) = registration::Entity::find_by_id(id).one(&ctx.db).await? else {
        return Err(AppError::NotFound);
    };
    let mut data: RegistrationData = dc::open(&ctx.crypto, context::REGISTRATION, &r.data_enc)?;
    if r.recorded_by.is_none() || r.state != RecordState::Active || !data.email.is_empty() {
        return Ok(Err(TakeoverProblem::NotOffline));
    }
    let locale = Locale::parse(&r.locale).unwrap_or_default();
    let (token, hash) = token_pair()?;
    let mail = outbox::prepare(
        ctx.outbox(),
        &email.address,
        locale,
        &VerifyEmail {
            link: link(ctx, "takeover", &token, locale),
        },
    )?;
    data.email = email.address.clone();
    let txn = ctx.begin_write().await?;
    let n = registration::Entity::update_many()
        .col_expr(
            registration::Column::DataEnc,
            Expr::value(dc::seal(&ctx.crypto, context::REGISTRATION, &data)?),
        )
        .col_expr(
            registration::Column::EmailIndex,
            Expr::value(
                ctx.crypto
                    .blind_index(dc::EMAIL_INDEX, &email.canonical)
                    .to_hex(),
            ),
        )
        .col_expr(registration::Column::TakeoverHash, Expr::value(hash))
        .col_expr(
            registration::Column::TakeoverExpiresAt,
            Expr::value(now + Duration::days(VERIFY_WINDOW_DAYS)),
        )
        .filter(registration::Column::Id.eq(id))
        .filter(registration::Column::DataEnc.eq(r.data_enc.clone()))
        .exec(&*txn)
        .await?
        .rows_affected;
    if n != 1 {
        return Ok(Err(TakeoverProblem::NotOffline));
    }
    outbox::insert(&*txn, ctx.outbox(), mail).await?;
    append(
        &txn,
        ctx,
        Actor::Staff(caseworker),
        AuditAction::RegistrationTakeoverSend,
        Subject::Registration(id),
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// Whether `token` is a take-over link that works now (the GET shows a button).
pub async fn takeover_ready(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    Ok(by_takeover_token(ctx, token, now).await?.is_some())
}

async fn by_takeover_token(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<Option<registration::Model>, AppError> {
    Ok(registration::Entity::find()
        .filter(registration::Column::TakeoverHash.eq(token.hash()))
        .filter(registration::Column::TakeoverExpiresAt.gt(now))
        .filter(registration::Column::State.eq(RecordState::Active))
        .one(&ctx.db)
        .await?)
}

/// Uses a take-over link (once): the registration becomes an ordinary one — reached by
/// email, with a personal management link (returned, and emailed as after any
/// verification). `None` when the link is unknown, used or lapsed.
pub async fn take_over(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<Option<String>, AppError> {
    let Some(r) = by_takeover_token(ctx, token, now).await? else {
        return Ok(None);
    };
    let data: RegistrationData = dc::open(&ctx.crypto, context::REGISTRATION, &r.data_enc)?;
    let locale = Locale::parse(&r.locale).unwrap_or_default();
    let (manage, manage_hash) = token_pair()?;
    let mail = outbox::prepare(
        ctx.outbox(),
        &data.email,
        locale,
        &LinkEmail {
            link: link(ctx, "registration", &manage, locale),
        },
    )?;
    let txn = ctx.begin_write().await?;
    // Conditional on the link still unused: of two clicks racing, one wins.
    let n = registration::Entity::update_many()
        .col_expr(registration::Column::ManageHash, Expr::value(manage_hash))
        .col_expr(
            registration::Column::TakeoverHash,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            registration::Column::TakeoverExpiresAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            registration::Column::ContactPreference,
            Expr::value(ContactPreference::Email),
        )
        .filter(registration::Column::Id.eq(r.id))
        .filter(registration::Column::TakeoverHash.eq(token.hash()))
        .exec(&*txn)
        .await?
        .rows_affected;
    if n != 1 {
        return Ok(None);
    }
    outbox::insert(&*txn, ctx.outbox(), mail).await?;
    append(
        &txn,
        ctx,
        Actor::Public,
        AuditAction::RegistrationTakeover,
        Subject::Registration(r.id),
        serde_json::json!({}),
    )
    .await?;
    txn.commit().await?;
    Ok(Some(manage))
}
