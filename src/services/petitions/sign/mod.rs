//! Signing a petition: the signature is stored pending (personal data encrypted) and one
//! email is queued — a confirmation link for a new or still-pending signature, an "already
//! signed" note for a confirmed one — so the signer always sees the same answer and the
//! page never tells whether an address signed. Blocked or over-limit signatures are
//! shadow-banned: stored and answered normally, never counted, reversible by staff.
//! Confirming, withdrawing (personal data erased, a tombstone kept) and counting live here.

use crate::cache::TtlCache;
use crate::config::PetitionConfig;
use crate::context::AppContext;
use crate::crypto::sha256_hex;
use crate::domain::people::network::ClientNetwork;
use crate::domain::petitions::petition::PetitionState;
use crate::domain::petitions::petition::PublicPetition;
use crate::domain::petitions::signature::{
    self as sig, BookDisclosure, EmailRule, HOUSEHOLD_LIMIT, PublicDisclosure, Relationship,
    SignerEmail, context, letter, state,
};
use crate::entities::{access_list, app_meta, email_rule, petition, sign_attempt, signature};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::mail::{EmailTemplate, outbox};
use chrono::{DateTime, Utc};
use governor::{DefaultKeyedRateLimiter, Quota};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, UpdateMany,
};
use serde::Serialize;
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// The `app_meta` key of the global "pause collection" switch.
pub const PAUSED_KEY: &str = "petitions.paused";

/// Signatures per petition and client network; beyond the limit they are shadow-banned.
pub struct SignLimiter {
    inner: DefaultKeyedRateLimiter<(i64, IpAddr)>,
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

    fn allows(&self, petition: i64, network: ClientNetwork) -> bool {
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
}

/// Why a petition takes no signatures now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    /// Not open (draft, closed, delivered, or outside its dates).
    NotOpen,
    /// Collection is paused for all petitions.
    Paused,
}

/// Confirmation email: link, receipt code and withdrawal link.
#[derive(Debug, Serialize)]
pub struct ConfirmEmail {
    /// The petition's title.
    pub title: String,
    /// Confirmation link.
    pub confirm_link: String,
    /// Withdrawal link.
    pub withdraw_link: String,
    /// The signer's receipt code.
    pub receipt_code: String,
}

impl EmailTemplate for ConfirmEmail {
    const NAME: &'static str = "petition_confirm";
}

/// "You have already signed" note (with a withdrawal link).
#[derive(Debug, Serialize)]
pub struct AlreadySignedEmail {
    /// The petition's title.
    pub title: String,
    /// Withdrawal link.
    pub withdraw_link: String,
    /// The signer's receipt code.
    pub receipt_code: String,
}

impl EmailTemplate for AlreadySignedEmail {
    const NAME: &'static str = "petition_already_signed";
}

/// What signing consults on every request and staff change rarely: the pause switch, the
/// email rules and the access lists. Kept in memory for [`SETTINGS_TTL`]; staff changes
/// call [`forget_settings`] so they apply at once on this instance.
#[derive(Debug, Clone, Default)]
pub struct SigningSettings {
    paused: bool,
    rules: HashMap<String, EmailRule>,
    lists: Vec<access_list::Model>,
}

/// How long signing settings are reused before they are read again.
pub const SETTINGS_TTL: Duration = Duration::from_secs(5);

/// Cache of [`SigningSettings`] (one entry).
pub type SettingsCache = TtlCache<(), Arc<SigningSettings>>;

/// The current signing settings (from memory when fresh).
pub async fn settings(ctx: &AppContext) -> Result<Arc<SigningSettings>, AppError> {
    if let Some(s) = ctx.signing_settings.get(&()) {
        return Ok(s);
    }
    let fresh = Arc::new(SigningSettings {
        paused: is_paused(&ctx.db).await?,
        rules: email_rules(&ctx.db).await?,
        lists: access_list::Entity::find()
            .filter(access_list::Column::RemovedAt.is_null())
            .all(&ctx.db)
            .await?,
    });
    ctx.signing_settings.put((), fresh.clone());
    Ok(fresh)
}

/// Drops the cached signing settings (after staff change them).
pub fn forget_settings(ctx: &AppContext) {
    ctx.signing_settings.clear();
}

impl SigningSettings {
    /// The per-domain email rules.
    #[must_use]
    pub fn rules(&self) -> &HashMap<String, EmailRule> {
        &self.rules
    }
}

/// Whether collection is paused for every petition.
pub async fn is_paused(db: &impl ConnectionTrait) -> Result<bool, sea_orm::DbErr> {
    Ok(app_meta::Entity::find_by_id(PAUSED_KEY)
        .one(db)
        .await?
        .is_some_and(|r| r.value == "true"))
}

/// Whether `p` takes signatures at `now`.
pub async fn accepting(
    ctx: &AppContext,
    p: &petition::Model,
    now: DateTime<Utc>,
) -> Result<Result<(), Closed>, AppError> {
    if p.state != PetitionState::Open.as_str()
        || p.opens_at.is_some_and(|t| now < t)
        || p.closes_at.is_some_and(|t| now >= t)
    {
        return Ok(Err(Closed::NotOpen));
    }
    if settings(ctx).await?.paused {
        return Ok(Err(Closed::Paused));
    }
    Ok(Ok(()))
}

/// The per-domain email rules.
pub async fn email_rules(
    db: &impl ConnectionTrait,
) -> Result<HashMap<String, EmailRule>, sea_orm::DbErr> {
    Ok(email_rule::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            (
                r.domain,
                EmailRule {
                    strip_dots: r.strip_dots,
                    strip_plus: r.strip_plus,
                    alias_of: r.alias_of,
                },
            )
        })
        .collect())
}

/// The keys a signature is looked up by in the access lists: the same blind indexes and
/// IP hash the signature is stored with, so staff can list what they see on the trending
/// page.
struct ListKeys<'a> {
    ip: IpAddr,
    ip_hash: &'a str,
    address: &'a str,
    domain: &'a str,
}

impl ListKeys<'_> {
    /// Whether an entry of `list` (`allow` or `block`) matches.
    fn listed(&self, settings: &SigningSettings, list: &str) -> bool {
        settings
            .lists
            .iter()
            .filter(|r| r.list == list)
            .any(|r| match r.kind.as_str() {
                "ip_range" => r
                    .value
                    .parse::<ipnet::IpNet>()
                    .is_ok_and(|n| n.contains(&self.ip)),
                "ip_hash" => r.value == self.ip_hash,
                "email" => r.value == self.address,
                "email_domain" => r.value == self.domain,
                _ => false,
            })
    }
}

/// A link in a signer's email; it carries the signer's language, so the page it opens
/// speaks it whatever the browser that opens it prefers.
fn link(ctx: &AppContext, kind: &str, token: &str, locale: Locale) -> String {
    format!(
        "{}/signatures/{kind}/{token}?lang={}",
        ctx.config.public_url,
        locale.code()
    )
}

/// What a signing attempt comes to, decided from the address's signatures so far.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Plan {
    /// A new signature (a new signer, or another member of a household).
    New {
        /// Beyond the household limit: kept out of the count.
        household_full: bool,
    },
    /// The same person, still pending: a new confirmation link.
    Pending { id: i64, receipt: String },
    /// The same person, confirmed: an "already signed" note.
    Verified { id: i64, receipt: String },
}

/// The address's live signatures (pending or confirmed) on a petition, at most one more
/// than a household may have: what a plan is decided from.
async fn same_address(
    db: &impl ConnectionTrait,
    petition_id: i64,
    email_index: &str,
) -> Result<Vec<signature::Model>, AppError> {
    Ok(signature::Entity::find()
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::EmailIndex.eq(email_index))
        .filter(signature::Column::State.is_in([state::PENDING, state::VERIFIED]))
        .limit(HOUSEHOLD_LIMIT as u64 + 1)
        .all(db)
        .await?)
}

/// The same for many addresses at once, keyed by petition and address.
async fn same_addresses(
    db: &impl ConnectionTrait,
    keys: &std::collections::HashSet<(i64, String)>,
) -> Result<HashMap<(i64, String), Vec<signature::Model>>, AppError> {
    let mut found: HashMap<(i64, String), Vec<signature::Model>> = HashMap::new();
    let indexes: std::collections::BTreeSet<&str> = keys.iter().map(|k| k.1.as_str()).collect();
    let petitions: std::collections::BTreeSet<i64> = keys.iter().map(|k| k.0).collect();
    for row in signature::Entity::find()
        .filter(signature::Column::PetitionId.is_in(petitions))
        .filter(signature::Column::EmailIndex.is_in(indexes))
        .filter(signature::Column::State.is_in([state::PENDING, state::VERIFIED]))
        .order_by_asc(signature::Column::Id)
        .all(db)
        .await?
    {
        let rows = found
            .entry((row.petition_id, row.email_index.clone()))
            .or_default();
        if rows.len() <= HOUSEHOLD_LIMIT {
            rows.push(row);
        }
    }
    Ok(found)
}

/// Decides what an attempt by `name` comes to from the address's live signatures.
fn plan(ctx: &AppContext, same_address: &[signature::Model], name: &str) -> Plan {
    let same_person = same_address.iter().find(|s| {
        ctx.crypto
            .decrypt_str(context::NAME, &s.name_enc)
            .is_ok_and(|n| n == name)
    });
    match same_person {
        Some(s) if s.state == state::VERIFIED => Plan::Verified {
            id: s.id,
            receipt: s.receipt_code.clone(),
        },
        Some(s) => Plan::Pending {
            id: s.id,
            receipt: s.receipt_code.clone(),
        },
        None => Plan::New {
            household_full: same_address.len() >= HOUSEHOLD_LIMIT,
        },
    }
}

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
    domain_index: String,
    country: String,
    city: String,
    relationship: String,
    letter: String,
    public_disclosure: String,
    book_disclosure: String,
    shadow: bool,
    ip_hash: String,
    confirm_token: String,
    withdraw_token: String,
    receipt_code: String,
    created_at: DateTime<Utc>,
}

/// Takes a signature: seals what was submitted in one signing-attempt record and returns
/// once that record is committed. Only then is the attempt carried out, in the background
/// ([`settle`]): a new signature, a new link for a pending one, an "already signed" note,
/// a household member, a shadow ban — exactly one email whatever happened. So the answer,
/// and the time it takes, are the same whatever the address did before (rule 4): the work
/// done before it depends only on what this request submitted.
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
    let email_index = ctx
        .crypto
        .blind_index(sig::EMAIL_INDEX, &input.email.canonical)
        .to_hex();
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
    let allowed = keys.listed(&settings, "allow");
    let blocked = !allowed && keys.listed(&settings, "block");
    let over_limit = !allowed && !ctx.sign_limiter.allows(p.id, network);
    let attempt = Attempt {
        title: title.to_owned(),
        locale: locale.code().to_owned(),
        name: input.name,
        email: input.email.address,
        email_index,
        domain_index,
        country: input.country,
        city: input.city,
        relationship: input.relationship.as_str().to_owned(),
        letter: input.letter,
        public_disclosure: input.public_disclosure.as_str().to_owned(),
        book_disclosure: input.book_disclosure.as_str().to_owned(),
        shadow: blocked || over_limit,
        ip_hash,
        confirm_token: crate::crypto::random_token()?,
        withdraw_token: crate::crypto::random_token()?,
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
    ctx.sign_writer
        .submit(ctx, Job::Attempt(Box::new(row)))
        .await?;
    Ok(Ok(()))
}

/// Attempts carried out in one transaction: small enough that the write lock is soon free
/// again for the signing requests' own batches.
const SETTLE_BATCH: usize = 32;

/// Carries out the signing attempts waiting now (all of them, in the order they were
/// acknowledged, [`SETTLE_BATCH`] to a transaction). The background task calls it
/// after each acknowledged batch and on start-up (attempts a stopped server left); tests
/// call it to see an attempt's outcome at once. An attempt stays until its outcome is
/// committed, so a failure (a full disk) only delays it.
///
/// The costly part (opening the attempt, rendering the email, encrypting the new row) is
/// done before the write lock is taken, from what the database says then; inside the
/// transaction each attempt's plan is decided again and the prepared outcome used only if
/// the plan is still the same (an attempt earlier in the batch, or a confirmation in
/// between, may have changed it).
pub async fn settle(ctx: &AppContext) -> Result<usize, AppError> {
    let mut done = 0;
    loop {
        let rows = sign_attempt::Entity::find()
            .order_by_asc(sign_attempt::Column::Id)
            .limit(SETTLE_BATCH as u64)
            .all(&ctx.db)
            .await?;
        if rows.is_empty() {
            return Ok(done);
        }
        let mut petitions: HashMap<i64, petition::Model> = HashMap::new();
        for row in &rows {
            if !petitions.contains_key(&row.petition_id)
                && let Some(p) = petition::Entity::find_by_id(row.petition_id)
                    .one(&ctx.db)
                    .await?
            {
                petitions.insert(p.id, p);
            }
        }
        let petitions = Arc::new(petitions);
        let ready = prepare_all(ctx, &petitions, rows).await?;

        let txn = ctx.begin_write().await?;
        if txn.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
            // One instance at a time carries out attempts (the plan reads what the
            // previous attempts wrote).
            txn.execute_unprepared("SELECT pg_advisory_xact_lock(7361902)")
                .await?;
        }
        // Attempts another instance carried out meanwhile are gone.
        let ids: Vec<i64> = ready.iter().map(|(row, _)| row.id).collect();
        let waiting: std::collections::HashSet<i64> = sign_attempt::Entity::find()
            .select_only()
            .column(sign_attempt::Column::Id)
            .filter(sign_attempt::Column::Id.is_in(ids))
            .into_tuple::<i64>()
            .all(&*txn)
            .await?
            .into_iter()
            .collect();
        let keys = ready
            .iter()
            .filter_map(|(_, o)| o.as_ref())
            .map(|(a, o)| (o.petition_id, a.email_index.clone()))
            .collect();
        let mut live = same_addresses(&*txn, &keys).await?;
        let mut carried = Vec::with_capacity(waiting.len());
        for (row, prepared) in ready {
            if !waiting.contains(&row.id) {
                continue;
            }
            if let Some((a, mut o)) = prepared
                && let Some(p) = petitions.get(&row.petition_id)
            {
                let rows = live.entry((p.id, a.email_index.clone())).or_default();
                // Decided again on what is committed now and what this batch wrote.
                let now = plan(ctx, rows, &a.name);
                if now != o.plan {
                    o = outcome(ctx, p, &a, now)?;
                }
                if let Some(new) = apply(&txn, ctx, o).await?
                    && rows.len() <= HOUSEHOLD_LIMIT
                {
                    rows.push(new);
                }
            }
            carried.push(row.id);
        }
        if !carried.is_empty() {
            sign_attempt::Entity::delete_many()
                .filter(sign_attempt::Column::Id.is_in(carried.iter().copied()))
                .exec(&*txn)
                .await?;
        }
        txn.commit().await?;
        done += carried.len();
        for id in petitions.keys() {
            ctx.counts_cache_forget(*id);
        }
        ctx.outbox_wakeup.notify_one();
    }
}

/// An attempt read back, with its outcome prepared (`None`: its petition is gone).
type Ready = (sign_attempt::Model, Option<(Attempt, Outcome)>);

/// Opens the attempts and prepares their outcomes from what is committed now, on every
/// core: rendering and encrypting are most of the work of carrying an attempt out.
async fn prepare_all(
    ctx: &AppContext,
    petitions: &Arc<HashMap<i64, petition::Model>>,
    rows: Vec<sign_attempt::Model>,
) -> Result<Vec<Ready>, AppError> {
    let workers = std::thread::available_parallelism().map_or(2, std::num::NonZeroUsize::get);
    let per = rows.len().div_ceil(workers).max(1);
    let mut rows = rows.into_iter().peekable();
    let mut tasks = Vec::new();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(per).collect();
        let (ctx, petitions) = (ctx.clone(), petitions.clone());
        tasks.push(tokio::spawn(async move {
            let mut out = Vec::with_capacity(chunk.len());
            for row in chunk {
                let prepared = match petitions.get(&row.petition_id) {
                    Some(p) => {
                        let a = open_attempt(&ctx, &row)?;
                        let rows = same_address(&ctx.db, p.id, &a.email_index).await?;
                        let o = outcome(&ctx, p, &a, plan(&ctx, &rows, &a.name))?;
                        Some((a, o))
                    }
                    None => None,
                };
                out.push((row, prepared));
            }
            Ok::<_, AppError>(out)
        }));
    }
    let mut ready = Vec::new();
    for task in tasks {
        let part = task
            .await
            .map_err(|e| AppError::Internal(format!("preparing signing attempts: {e}")))??;
        ready.extend(part);
    }
    Ok(ready)
}

fn open_attempt(ctx: &AppContext, row: &sign_attempt::Model) -> Result<Attempt, AppError> {
    serde_json::from_str(&ctx.crypto.decrypt_str(ATTEMPT, &row.payload_enc)?)
        .map_err(|e| AppError::Internal(format!("signing attempt {}: {e}", row.id)))
}

/// What carrying out an attempt writes: the one email that fits its plan, and the row
/// (a new signature) or the new link hashes (an existing one).
struct Outcome {
    petition_id: i64,
    plan: Plan,
    mail: outbox::Prepared,
    write: Write,
}

enum Write {
    Insert(Box<signature::ActiveModel>),
    Update {
        id: i64,
        confirm_hash: Option<String>,
        withdraw_hash: String,
    },
}

/// Prepares the outcome of attempt `a` under `plan`: renders the email, encrypts the new
/// row. No database work.
fn outcome(
    ctx: &AppContext,
    p: &petition::Model,
    a: &Attempt,
    plan: Plan,
) -> Result<Outcome, AppError> {
    let locale = Locale::parse(&a.locale).unwrap_or_default();
    let withdraw_link = link(ctx, "withdraw", &a.withdraw_token, locale);
    let withdraw_hash = sha256_hex(a.withdraw_token.as_bytes());
    let confirm_hash = sha256_hex(a.confirm_token.as_bytes());
    let mail = match &plan {
        Plan::Verified { receipt, .. } => {
            let email = AlreadySignedEmail {
                title: a.title.clone(),
                withdraw_link,
                receipt_code: receipt.clone(),
            };
            outbox::prepare(ctx, &a.email, locale, &email)?
        }
        Plan::Pending { .. } | Plan::New { .. } => {
            let receipt_code = match &plan {
                Plan::Pending { receipt, .. } => receipt.clone(),
                _ => a.receipt_code.clone(),
            };
            let email = ConfirmEmail {
                title: a.title.clone(),
                confirm_link: link(ctx, "confirm", &a.confirm_token, locale),
                withdraw_link,
                receipt_code,
            };
            outbox::prepare(ctx, &a.email, locale, &email)?
        }
    };
    let write = match &plan {
        Plan::Verified { id, .. } => Write::Update {
            id: *id,
            confirm_hash: None,
            withdraw_hash,
        },
        Plan::Pending { id, .. } => Write::Update {
            id: *id,
            confirm_hash: Some(confirm_hash),
            withdraw_hash,
        },
        Plan::New { household_full } => {
            let has_letter = p.collects_letters && !a.letter.is_empty();
            Write::Insert(Box::new(signature::ActiveModel {
                petition_id: Set(p.id),
                name_enc: Set(ctx.crypto.encrypt_str(context::NAME, &a.name)?),
                email_enc: Set(ctx.crypto.encrypt_str(context::EMAIL, &a.email)?),
                email_index: Set(a.email_index.clone()),
                email_domain_index: Set(a.domain_index.clone()),
                country: Set(a.country.clone()),
                city_enc: Set(ctx.crypto.encrypt_str(context::CITY, &a.city)?),
                relationship: Set(a.relationship.clone()),
                letter_enc: Set(if has_letter {
                    Some(ctx.crypto.encrypt_str(context::LETTER, &a.letter)?)
                } else {
                    None
                }),
                letter_state: Set(if has_letter {
                    letter::PENDING
                } else {
                    letter::NONE
                }
                .to_owned()),
                letter_note: Set(None),
                public_disclosure: Set(a.public_disclosure.clone()),
                book_disclosure: Set(a.book_disclosure.clone()),
                state: Set(state::PENDING.to_owned()),
                shadow: Set(a.shadow || *household_full),
                receipt_code: Set(a.receipt_code.clone()),
                ip_hash: Set(a.ip_hash.clone()),
                confirm_hash: Set(confirm_hash),
                withdraw_hash: Set(withdraw_hash),
                invalidation_id: Set(None),
                created_at: Set(a.created_at),
                verified_at: Set(None),
                withdrawn_at: Set(None),
                erased_at: Set(None),
                ..Default::default()
            }))
        }
    };
    Ok(Outcome {
        petition_id: p.id,
        plan,
        mail,
        write,
    })
}

/// Writes a prepared outcome in `txn`; the new signature, if it made one.
async fn apply(
    txn: &sea_orm::DatabaseTransaction,
    ctx: &AppContext,
    o: Outcome,
) -> Result<Option<signature::Model>, AppError> {
    let new = match o.write {
        Write::Update {
            id,
            confirm_hash,
            withdraw_hash,
        } => {
            let mut update = signature::Entity::update_many()
                .col_expr(signature::Column::WithdrawHash, Expr::value(withdraw_hash));
            if let Some(hash) = confirm_hash {
                update = update.col_expr(signature::Column::ConfirmHash, Expr::value(hash));
            }
            update
                .filter(signature::Column::Id.eq(id))
                .exec(txn)
                .await?;
            None
        }
        Write::Insert(row) => Some(row.insert(txn).await?),
    };
    outbox::insert(txn, ctx, o.mail).await?;
    Ok(new)
}

/// Why a batch of writes failed: every request in it is told that nothing was stored.
#[derive(Debug, Clone)]
struct BatchFailed {
    /// A storage fault (full disk, I/O error, busy) rather than a bug.
    transient: bool,
    cause: String,
}

impl From<BatchFailed> for AppError {
    fn from(f: BatchFailed) -> Self {
        if f.transient {
            AppError::Unavailable(f.cause)
        } else {
            AppError::Internal(f.cause)
        }
    }
}

type Reply = tokio::sync::oneshot::Sender<Result<(), BatchFailed>>;

/// A write the batch writer carries out.
pub enum Job {
    /// A sealed signing attempt.
    Attempt(Box<sign_attempt::ActiveModel>),
    /// A confirmation of a pending signature.
    Confirm {
        /// The signature.
        id: i64,
        /// When.
        at: DateTime<Utc>,
    },
}

/// Group commit for signing: one task takes every waiting attempt and confirmation (up to
/// [`BATCH`](SignWriter::BATCH)) and writes them in one transaction. Under a spike this
/// turns hundreds of small transactions into a few large ones; alone, a request waits for
/// nothing. A request is acknowledged only after its transaction commits; when a batch
/// fails (full disk, I/O error, even a panic), every request in it is told so and the
/// writer goes on with the next batch.
#[derive(Debug, Default)]
pub struct SignWriter {
    tx: std::sync::OnceLock<tokio::sync::mpsc::Sender<(Job, Reply)>>,
    /// Wakes the task that carries out acknowledged attempts.
    attempts: Arc<tokio::sync::Notify>,
}

impl SignWriter {
    /// Most requests written in one transaction.
    pub const BATCH: usize = 128;

    fn sender(&self, ctx: &AppContext) -> tokio::sync::mpsc::Sender<(Job, Reply)> {
        self.tx
            .get_or_init(|| {
                let (tx, rx) = tokio::sync::mpsc::channel(4096);
                tokio::spawn(Self::run(ctx.clone(), rx));
                tx
            })
            .clone()
    }

    /// Writes `job` and returns once it is committed.
    async fn submit(&self, ctx: &AppContext, job: Job) -> Result<(), AppError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        let stopped = || AppError::Unavailable("signature writer stopped".into());
        self.sender(ctx)
            .send((job, reply))
            .await
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?.map_err(AppError::from)
    }

    async fn run(ctx: AppContext, mut rx: tokio::sync::mpsc::Receiver<(Job, Reply)>) {
        while let Some(first) = rx.recv().await {
            let mut batch = vec![first];
            while batch.len() < Self::BATCH {
                match rx.try_recv() {
                    Ok(next) => batch.push(next),
                    Err(_) => break,
                }
            }
            let (jobs, replies): (Vec<Job>, Vec<Reply>) = batch.into_iter().unzip();
            let attempts = jobs.iter().any(|j| matches!(j, Job::Attempt(_)));
            // Its own task, so that a panic fails this batch and not the writer.
            let outcome = match tokio::spawn(Self::write(ctx.clone(), jobs)).await {
                Ok(Ok(())) => Ok(()),
                Ok(Err(e)) => {
                    log::error!("signature batch failed, nothing of it stored: {e}");
                    Err(BatchFailed {
                        transient: e.status_code() == 503,
                        cause: e.to_string(),
                    })
                }
                Err(e) => {
                    log::error!("signature batch panicked, nothing of it stored: {e}");
                    Err(BatchFailed {
                        transient: true,
                        cause: format!("signature batch panicked: {e}"),
                    })
                }
            };
            ctx.write_health.record(outcome.is_ok());
            for reply in replies {
                let _ = reply.send(outcome.clone());
            }
            if attempts && outcome.is_ok() {
                ctx.sign_writer.attempts.notify_one();
            }
        }
    }

    /// One transaction for the batch.
    async fn write(ctx: AppContext, jobs: Vec<Job>) -> Result<(), AppError> {
        let txn = ctx.begin_write().await?;
        let mut attempts = Vec::new();
        for job in jobs {
            match job {
                Job::Attempt(row) => attempts.push(*row),
                Job::Confirm { id, at } => {
                    signature::Entity::update_many()
                        .col_expr(signature::Column::State, Expr::value(state::VERIFIED))
                        .col_expr(signature::Column::VerifiedAt, Expr::value(at))
                        .filter(signature::Column::Id.eq(id))
                        .filter(signature::Column::State.eq(state::PENDING))
                        .exec(&*txn)
                        .await?;
                }
            }
        }
        if !attempts.is_empty() {
            sign_attempt::Entity::insert_many(attempts)
                .exec(&*txn)
                .await?;
        }
        txn.commit().await?;
        Ok(())
    }
}

/// Carries out acknowledged signing attempts in the background until `shutdown` turns
/// true: at start-up (what a stopped server left), a short random moment after each
/// acknowledged batch (so that carrying one out does not line up with the next request a
/// prober sends), and every few seconds after a failure.
pub async fn run_attempts(ctx: AppContext, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    let wake = ctx.sign_writer.attempts.clone();
    loop {
        if *shutdown.borrow() {
            break;
        }
        let wait = match settle(&ctx).await {
            Ok(_) => Duration::from_secs(60),
            Err(e) => {
                log::error!("signing attempts (kept, retried): {e}");
                Duration::from_secs(2)
            }
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = wake.notified() => {
                let jitter = crate::crypto::random_bytes::<2>()
                    .map_or(0, |b| u64::from(u16::from_le_bytes(b)) % 250);
                tokio::time::sleep(Duration::from_millis(50 + jitter)).await;
            }
            _ = shutdown.changed() => {}
        }
    }
}

async fn by_token(
    db: &impl ConnectionTrait,
    column: signature::Column,
    token: &str,
) -> Result<Option<signature::Model>, sea_orm::DbErr> {
    if token.len() > 64 {
        return Ok(None);
    }
    signature::Entity::find()
        .filter(column.eq(sha256_hex(token.as_bytes())))
        .one(db)
        .await
}

/// What a confirmation or withdrawal link leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// The signature can be confirmed (or withdrawn) with a POST.
    Ready {
        /// The petition's id.
        petition_id: i64,
    },
    /// Already done: show the same result again.
    Done {
        /// The petition's id.
        petition_id: i64,
        /// The receipt code (confirmations only).
        receipt_code: Option<String>,
    },
    /// Unknown, expired or no longer possible.
    Invalid,
}

async fn confirm_open(
    ctx: &AppContext,
    petition_id: i64,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let Some(p) = petition::Entity::find_by_id(petition_id)
        .one(&ctx.db)
        .await?
    else {
        return Ok(false);
    };
    let open = p.state == PetitionState::Open.as_str()
        && p.closes_at
            .is_none_or(|t| now < t + ctx.config.petitions.confirm_grace);
    let grace = p.state == PetitionState::Closed.as_str()
        && p.closes_at
            .is_some_and(|t| now < t + ctx.config.petitions.confirm_grace);
    Ok(open || grace)
}

/// Where a loaded signature stands for its confirmation link.
async fn confirm_state(
    ctx: &AppContext,
    s: &signature::Model,
    now: DateTime<Utc>,
) -> Result<LinkTarget, AppError> {
    Ok(match s.state.as_str() {
        state::VERIFIED => LinkTarget::Done {
            petition_id: s.petition_id,
            receipt_code: Some(s.receipt_code.clone()),
        },
        state::PENDING if confirm_open(ctx, s.petition_id, now).await? => LinkTarget::Ready {
            petition_id: s.petition_id,
        },
        _ => LinkTarget::Invalid,
    })
}

/// Where a confirmation link stands (GET shows a button: mail scanners that open links
/// confirm nothing).
pub async fn confirm_target(
    ctx: &AppContext,
    token: &str,
    now: DateTime<Utc>,
) -> Result<LinkTarget, AppError> {
    match by_token(&ctx.db, signature::Column::ConfirmHash, token).await? {
        Some(s) => confirm_state(ctx, &s, now).await,
        None => Ok(LinkTarget::Invalid),
    }
}

/// Confirms the signature of `token` (idempotent).
pub async fn confirm(
    ctx: &AppContext,
    token: &str,
    now: DateTime<Utc>,
) -> Result<LinkTarget, AppError> {
    let Some(s) = by_token(&ctx.db, signature::Column::ConfirmHash, token).await? else {
        return Ok(LinkTarget::Invalid);
    };
    match confirm_state(ctx, &s, now).await? {
        LinkTarget::Ready { petition_id } => {
            // Through the batch writer: confirmations come in spikes too.
            ctx.sign_writer
                .submit(ctx, Job::Confirm { id: s.id, at: now })
                .await?;
            ctx.counts_cache_forget(petition_id);
            Ok(LinkTarget::Done {
                petition_id,
                receipt_code: Some(s.receipt_code),
            })
        }
        other => Ok(other),
    }
}

/// Where a loaded signature stands for its withdrawal link.
fn withdraw_state(s: &signature::Model) -> LinkTarget {
    match s.state.as_str() {
        state::WITHDRAWN => LinkTarget::Done {
            petition_id: s.petition_id,
            receipt_code: None,
        },
        state::PENDING | state::VERIFIED => LinkTarget::Ready {
            petition_id: s.petition_id,
        },
        _ => LinkTarget::Invalid,
    }
}

/// Where a withdrawal link stands.
pub async fn withdraw_target(ctx: &AppContext, token: &str) -> Result<LinkTarget, AppError> {
    Ok(by_token(&ctx.db, signature::Column::WithdrawHash, token)
        .await?
        .map_or(LinkTarget::Invalid, |s| withdraw_state(&s)))
}

/// The signature a withdrawal link belongs to, if any.
pub async fn withdraw_signature(ctx: &AppContext, token: &str) -> Result<Option<i64>, AppError> {
    Ok(by_token(&ctx.db, signature::Column::WithdrawHash, token)
        .await?
        .map(|s| s.id))
}

/// Adds to `update` the erasure of a signature's personal data: name, address and its
/// index, city, letter, IP hash (country, relationship, dates and receipt code stay).
pub(crate) fn erasing(
    update: UpdateMany<signature::Entity>,
    now: DateTime<Utc>,
) -> UpdateMany<signature::Entity> {
    update
        .col_expr(signature::Column::NameEnc, Expr::value(Vec::<u8>::new()))
        .col_expr(signature::Column::EmailEnc, Expr::value(Vec::<u8>::new()))
        .col_expr(signature::Column::EmailIndex, Expr::value(""))
        .col_expr(signature::Column::CityEnc, Expr::value(Vec::<u8>::new()))
        .col_expr(
            signature::Column::LetterEnc,
            Expr::value(Option::<Vec<u8>>::None),
        )
        .col_expr(signature::Column::LetterState, Expr::value(letter::NONE))
        .col_expr(signature::Column::IpHash, Expr::value(""))
        .col_expr(signature::Column::ErasedAt, Expr::value(now))
}

/// Withdraws the signature of `token`: it leaves the counts, and its personal data (name,
/// address, city, letter, IP hash) is erased; country, relationship and dates stay as a
/// tombstone.
pub async fn withdraw(
    ctx: &AppContext,
    token: &str,
    now: DateTime<Utc>,
) -> Result<LinkTarget, AppError> {
    let Some(s) = by_token(&ctx.db, signature::Column::WithdrawHash, token).await? else {
        return Ok(LinkTarget::Invalid);
    };
    match withdraw_state(&s) {
        LinkTarget::Ready { petition_id } => {
            let txn = ctx.begin_write().await?;
            erasing(signature::Entity::update_many(), now)
                .col_expr(signature::Column::State, Expr::value(state::WITHDRAWN))
                .col_expr(signature::Column::WithdrawnAt, Expr::value(now))
                .filter(signature::Column::Id.eq(s.id))
                .filter(signature::Column::State.is_in([state::PENDING, state::VERIFIED]))
                .exec(&*txn)
                .await?;
            txn.commit().await?;
            ctx.counts_cache_forget(petition_id);
            Ok(LinkTarget::Done {
                petition_id,
                receipt_code: None,
            })
        }
        other => Ok(other),
    }
}

/// Public petitions by slug (unknown slugs too), kept for [`COUNTS_TTL`] so that busy pages
/// and count requests do not read the petition on every request.
pub type PetitionCache = TtlCache<String, Option<Arc<PublicPetition>>>;

/// A public petition by slug (from memory when fresh).
pub async fn published(
    ctx: &AppContext,
    slug: &str,
) -> Result<Option<Arc<PublicPetition>>, AppError> {
    if slug.len() > 100 {
        return Ok(None);
    }
    let key = slug.to_owned();
    if let Some(p) = ctx.petitions.get(&key) {
        return Ok(p);
    }
    let loaded = crate::domain::petitions::petition::load_public(&ctx.db, slug)
        .await?
        .map(Arc::new);
    ctx.petitions.put(key, loaded.clone());
    Ok(loaded)
}

/// Drops every cached petition (after staff change one).
pub fn forget_petitions(ctx: &AppContext) {
    ctx.petitions.clear();
}

/// The latest ten counted signers who chose to be named on the public page, as they chose
/// (full name or initials).
pub async fn recent_names(ctx: &AppContext, petition_id: i64) -> Result<Vec<String>, AppError> {
    use sea_orm::QueryOrder;
    let rows = signature::Entity::find()
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::State.eq(state::VERIFIED))
        .filter(signature::Column::Shadow.eq(false))
        .filter(signature::Column::PublicDisclosure.ne(PublicDisclosure::Hidden.as_str()))
        .order_by_desc(signature::Column::VerifiedAt)
        .limit(10)
        .all(&ctx.db)
        .await?;
    Ok(rows
        .iter()
        .filter_map(|s| {
            let name = ctx.crypto.decrypt_str(context::NAME, &s.name_enc).ok()?;
            Some(if s.public_disclosure == PublicDisclosure::Full.as_str() {
                name
            } else {
                sig::initials(&name)
            })
        })
        .collect())
}

/// Verified, counted signatures of a petition.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    /// All of them.
    pub total: u64,
    /// By country code, largest first.
    pub by_country: Vec<(String, u64)>,
    /// By relationship, in form order.
    pub by_relationship: Vec<(String, u64)>,
}

/// How long counts are served from memory before they are counted again.
pub const COUNTS_TTL: Duration = Duration::from_secs(2);

/// Cached counts per petition (counted from the signatures, never kept in a hot row).
pub type CountsCache = TtlCache<i64, Counts>;

impl AppContext {
    /// Drops a petition's cached counts (after a change the signer should see at once).
    pub fn counts_cache_forget(&self, petition_id: i64) {
        self.counts.forget(&petition_id);
    }
}

/// The petition's counts: verified, not shadow-banned signatures. Counted by one grouped
/// query and cached for [`COUNTS_TTL`], so a spike of readers costs one query a second.
pub async fn counts(ctx: &AppContext, petition_id: i64) -> Result<Counts, AppError> {
    if let Some(counts) = ctx.counts.get(&petition_id) {
        return Ok(counts);
    }
    let rows: Vec<(String, String, i64)> = signature::Entity::find()
        .select_only()
        .column(signature::Column::Country)
        .column(signature::Column::Relationship)
        .column_as(signature::Column::Id.count(), "n")
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::State.eq(state::VERIFIED))
        .filter(signature::Column::Shadow.eq(false))
        .group_by(signature::Column::Country)
        .group_by(signature::Column::Relationship)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let mut by_country: HashMap<String, u64> = HashMap::new();
    let mut by_rel: HashMap<String, u64> = HashMap::new();
    let mut total = 0;
    for (country, rel, n) in rows {
        let n = u64::try_from(n).unwrap_or(0);
        total += n;
        *by_country.entry(country).or_default() += n;
        *by_rel.entry(rel).or_default() += n;
    }
    let mut by_country: Vec<(String, u64)> = by_country.into_iter().collect();
    by_country.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let by_relationship = Relationship::ALL
        .iter()
        .filter_map(|r| by_rel.get(r.as_str()).map(|n| (r.as_str().to_owned(), *n)))
        .collect();
    let counts = Counts {
        total,
        by_country,
        by_relationship,
    };
    ctx.counts.put(petition_id, counts.clone());
    Ok(counts)
}
