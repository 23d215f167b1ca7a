//! Signing a petition: the signature is stored pending (personal data encrypted) and one
//! email is queued — a confirmation link for a new or still-pending signature, an "already
//! signed" note for a confirmed one — so the signer always sees the same answer and the
//! page never tells whether an address signed. Blocked or over-limit signatures are
//! shadow-banned: stored and answered normally, never counted, reversible by staff.
//! Confirming, withdrawing (personal data erased, a tombstone kept) and counting live here.
//!
//! Layout of the module:
//! - `settings`: what signing consults on every request (the pause switch, the email
//!   rules, the access lists) and whether a petition takes signatures now;
//! - `signing`: the signing request itself, which seals what was submitted in one
//!   signing-attempt record;
//! - `writer`: the group writer that commits attempts and confirmations in batches;
//! - `settle`: carrying the attempts out in the background, one email each;
//! - `links`: the confirmation and withdrawal links;
//! - `counts`: what the public page reads (the petition, recent names, counts).

mod again;
mod counts;
mod links;
mod settings;
mod settle;
mod signing;
mod writer;

pub use again::{AGAIN_LIMIT, LastSigned, remember, send_again, sent_to};
pub use counts::{
    COUNTS_TTL, Counts, CountsCache, PetitionCache, counts, forget_petitions, published,
    recent_names,
};
pub(crate) use links::erasing;
pub use links::{
    LinkTarget, confirm, confirm_target, withdraw, withdraw_signature, withdraw_target,
};
pub use settings::{
    Closed, PAUSED_KEY, SETTINGS_TTL, SettingsCache, SigningSettings, accepting, forget_settings,
    is_paused, settings,
};
pub use settle::{AlreadySignedEmail, ConfirmEmail, run_attempts, settle};
pub use signing::{SignInput, SignLimiter, sign};
pub use writer::{Job, SignWriter};

use crate::domain::people::relationship::Relationship;
use crate::domain::petitions::signature::{BookDisclosure, PublicDisclosure};
use chrono::{DateTime, Utc};

/// Encryption context of a sealed signing attempt.
const ATTEMPT: &str = "signature.attempt";

/// Everything a signing attempt needs to be carried out later: what the signer submitted
/// and what was prepared for them (tokens, receipt code, the shadow-ban decision). Stored
/// sealed in `sign_attempts` until it is carried out, then deleted.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Attempt {
    title: String,
    locale: String,
    name: String,
    email: String,
    email_index: String,
    /// The address's index under the ring's other keys while a key rotation is under way,
    /// so that duplicates indexed with either key are found.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    email_index_alt: Vec<String>,
    domain_index: String,
    country: String,
    city: String,
    relationship: Relationship,
    letter: String,
    public_disclosure: PublicDisclosure,
    book_disclosure: BookDisclosure,
    shadow: bool,
    ip_hash: String,
    confirm_token: String,
    withdraw_token: String,
    /// The one-click unsubscribe token of the news, when asked for.
    #[serde(default)]
    news_token: String,
    /// "Email me news about this petition" was ticked.
    #[serde(default)]
    news: bool,
    receipt_code: String,
    created_at: DateTime<Utc>,
}
