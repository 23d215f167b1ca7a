//! Filing a contact request and registering oneself: each stores a new unverified row
//! (every personal field sealed) and queues one "confirm your email address" email,
//! whatever was filed before.

use super::{MAX_SOUGHT, append, link, token_pair};
use crate::context::AppContext;
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::domain::contact::records::{
    self as dc, Openness, RecordState, RegistrationData, RegistrationRules, RequesterData,
    ReviewState, SoughtData, context,
};
use crate::domain::people::email::SignerEmail;
use crate::domain::people::network::ClientNetwork;
use crate::domain::people::relationship::Relationship;
use crate::entities::{contact_request, registration, sought_person};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::mail::{EmailTemplate, outbox};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, Set};
use serde::Serialize;
use std::net::IpAddr;

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

fn email_index(ctx: &AppContext, email: &SignerEmail) -> String {
    ctx.crypto
        .blind_index(dc::EMAIL_INDEX, &email.canonical)
        .to_hex()
}

fn network_hash(ctx: &AppContext, ip: IpAddr) -> String {
    ctx.crypto.ip_hash(ClientNetwork::of(ip).0)
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
        postal: String::new(),
    };
    let mail = outbox::prepare(
        ctx.outbox(),
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
        relationship: Set(input.relationship),
        message_enc: Set(ctx.crypto.encrypt_str(context::MESSAGE, &input.message)?),
        network_hash: Set(network_hash(ctx, ip)),
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
    outbox::insert(&*txn, ctx.outbox(), mail).await?;
    append(
        &txn,
        ctx,
        Actor::Public,
        AuditAction::ContactRequestFile,
        Subject::Request(request.id),
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
        ctx.outbox(),
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
        openness: Set(input.openness),
        network_hash: Set(network_hash(ctx, ip)),
        state: Set(RecordState::Unverified),
        verify_hash: Set(verify_hash),
        manage_hash: Set(manage_hash),
        review: Set(ReviewState::New),
        created_at: Set(now),
        verified_at: Set(None),
        expires_at: Set(now + ctx.config.contact.expiry),
        renewal_sent_at: Set(None),
        closed_at: Set(None),
        ..Default::default()
    };
    let txn = ctx.begin_write().await?;
    let reg = row.insert(&*txn).await?;
    outbox::insert(&*txn, ctx.outbox(), mail).await?;
    append(
        &txn,
        ctx,
        Actor::Public,
        AuditAction::RegistrationFile,
        Subject::Registration(reg.id),
        serde_json::json!({ "openness": input.openness.as_str(), "locale": input.locale.code() }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
