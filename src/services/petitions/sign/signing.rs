//! The signing request: what a signer submits, the access-list and rate-limit checks that
//! decide a shadow ban, and the sealed signing attempt committed before the signer is
//! answered.

use super::settings::{Closed, ListKeys, accepting, settings};
use super::writer::{Job, SignWriter};
use super::{ATTEMPT, Attempt};
use crate::config::PetitionConfig;
use crate::context::AppContext;
use crate::domain::people::email::SignerEmail;
use crate::domain::people::network::ClientNetwork;
use crate::domain::people::relationship::Relationship;
use crate::domain::petitions::access::AccessList;
use crate::domain::petitions::signature::{self as sig, BookDisclosure, PublicDisclosure};
use crate::entities::{petition, sign_attempt};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::PetitionId;
use chrono::{DateTime, Utc};
use governor::{DefaultKeyedRateLimiter, Quota};
use sea_orm::Set;
use std::net::IpAddr;
use std::num::NonZeroU32;

/// Signatures per petition and client network; beyond the limit they are shadow-banned.
pub struct SignLimiter {
    inner: DefaultKeyedRateLimiter<(PetitionId, IpAddr)>,
}

impl SignLimiter {
    /// From the configured burst and hourly rate.
    #[must_use]
    pub fn new(cfg: &PetitionConfig) -> Self {
        let per_hour = NonZeroU32::new(cfg.signs_per_hour).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(cfg.sign_burst).unwrap_or(NonZeroU32::MIN);
        Self {
            inner: governor::RateLimiter::keyed(Quota::per_hour(per_hour).allow_burst(burst)),
        }
    }

    fn allows(&self, petition: PetitionId, network: ClientNetwork) -> bool {
        self.inner.check_key(&(petition, network.0)).is_ok()
    }

    /// Forgets idle keys.
    pub fn housekeeping(&self) {
        self.inner.retain_recent();
    }
}

impl std::fmt::Debug for SignLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignLimiter")
    }
}

/// What a signer submits (already checked by the form).
#[derive(Debug, Clone)]
pub struct SignInput {
    /// Name as the signer wrote it.
    pub name: String,
    /// The address, checked and canonicalised.
    pub email: SignerEmail,
    /// ISO country code.
    pub country: String,
    /// City (may be empty).
    pub city: String,
    /// Relationship to a detained relative.
    pub relationship: Relationship,
    /// A letter to the officials (empty: none).
    pub letter: String,
    /// Public page disclosure.
    pub public_disclosure: PublicDisclosure,
    /// Officials' copy disclosure.
    pub book_disclosure: BookDisclosure,
    /// Whether the signer asked for news of the petition by email.
    pub news: bool,
}

/// Takes a signature: seals what was submitted in one signing-attempt record and returns
/// once that record is committed. Only then is the attempt carried out, in the background
/// ([`settle`]): a new signature, a new link for a pending one, an "already signed" note,
/// a household member, a shadow ban — exactly one email whatever happened. So the answer,
/// and the time it takes, are the same whatever the address did before (rule 4): the work
/// done before it depends only on what this request submitted.
///
/// [`settle`]: super::settle
pub async fn sign(
    ctx: &AppContext,
    p: &petition::Model,
    title: &str,
    input: SignInput,
    ip: IpAddr,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Result<(), Closed>, AppError> {
    if let Err(closed) = accepting(ctx, p, now).await? {
        return Ok(Err(closed));
    }
    let network = ClientNetwork::of(ip);
    let settings = settings(ctx).await?;
    let mut email_index_alt = ctx
        .crypto
        .blind_index_candidates(sig::EMAIL_INDEX, &input.email.canonical);
    let email_index = email_index_alt.remove(0);
    let domain_index = ctx
        .crypto
        .blind_index(sig::DOMAIN_INDEX, &input.email.domain)
        .to_hex();
    let ip_hash = ctx.crypto.ip_hash(ip);
    let keys = ListKeys {
        ip: ip.to_canonical(),
        ip_hash: &ip_hash,
        address: &email_index,
        domain: &domain_index,
    };
    let allowed = keys.listed(&settings, AccessList::Allow);
    let blocked = !allowed && keys.listed(&settings, AccessList::Block);
    let over_limit = !allowed && !ctx.runtime::<SignLimiter>().allows(p.id, network);
    let attempt = Attempt {
        title: title.to_owned(),
        locale: locale.code().to_owned(),
        name: input.name,
        email: input.email.address,
        email_index,
        email_index_alt,
        domain_index,
        country: input.country,
        city: input.city,
        relationship: input.relationship,
        letter: input.letter,
        public_disclosure: input.public_disclosure,
        book_disclosure: input.book_disclosure,
        shadow: blocked || over_limit,
        ip_hash,
        confirm_token: crate::crypto::random_token()?,
        withdraw_token: crate::crypto::random_token()?,
        // Made for every attempt, asked for news or not: the same work either way.
        news_token: crate::crypto::random_token()?,
        news: input.news,
        receipt_code: sig::new_receipt_code()?,
        created_at: now,
    };
    let payload = serde_json::to_string(&attempt)
        .map_err(|e| AppError::Internal(format!("signing attempt: {e}")))?;
    let row = sign_attempt::ActiveModel {
        petition_id: Set(p.id),
        payload_enc: Set(ctx.crypto.encrypt_str(ATTEMPT, &payload)?),
        created_at: Set(now),
        ..Default::default()
    };
    ctx.runtime::<SignWriter>()
        .submit(ctx, Job::Attempt(Box::new(row)))
        .await?;
    Ok(Ok(()))
}
