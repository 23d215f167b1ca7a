//! Carrying out the signing attempts in the background: each attempt's plan (a new
//! signature, a new link for a pending one, an "already signed" note, a household member)
//! decided from the address's signatures, its one email, and the signature it writes.

use super::{ATTEMPT, Attempt};
use crate::context::AppContext;
use crate::crypto::sha256_hex;
use crate::domain::petitions::signature::{HOUSEHOLD_LIMIT, LetterState, SignatureState, context};
use crate::entities::{petition, sign_attempt, signature};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{AttemptId, PetitionId, SignatureId};
use crate::mail::{EmailTemplate, outbox};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

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
    Pending { id: SignatureId, receipt: String },
    /// The same person, confirmed: an "already signed" note.
    Verified { id: SignatureId, receipt: String },
}

/// The address's live signatures (pending or confirmed) on a petition, at most one more
/// than a household may have: what a plan is decided from.
async fn same_address(
    db: &impl ConnectionTrait,
    petition_id: PetitionId,
    email_index: &str,
    alt: &[String],
) -> Result<Vec<signature::Model>, AppError> {
    let indexes = std::iter::once(email_index).chain(alt.iter().map(String::as_str));
    Ok(signature::Entity::find()
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::EmailIndex.is_in(indexes))
        .filter(signature::Column::State.is_in([SignatureState::Pending, SignatureState::Verified]))
        .limit(HOUSEHOLD_LIMIT as u64 + 1)
        .all(db)
        .await?)
}

/// The same for many addresses at once, keyed by petition and address (`alt`: an index
/// under another key of the ring, during a key rotation, to the address's own).
async fn same_addresses(
    db: &impl ConnectionTrait,
    keys: &std::collections::HashSet<(PetitionId, String)>,
    alt: &HashMap<String, String>,
) -> Result<HashMap<(PetitionId, String), Vec<signature::Model>>, AppError> {
    let mut found: HashMap<(PetitionId, String), Vec<signature::Model>> = HashMap::new();
    let indexes: std::collections::BTreeSet<&str> = keys
        .iter()
        .map(|k| k.1.as_str())
        .chain(alt.keys().map(String::as_str))
        .collect();
    let petitions: std::collections::BTreeSet<PetitionId> = keys.iter().map(|k| k.0).collect();
    for row in signature::Entity::find()
        .filter(signature::Column::PetitionId.is_in(petitions))
        .filter(signature::Column::EmailIndex.is_in(indexes))
        .filter(signature::Column::State.is_in([SignatureState::Pending, SignatureState::Verified]))
        .order_by_asc(signature::Column::Id)
        .all(db)
        .await?
    {
        let index = alt
            .get(&row.email_index)
            .unwrap_or(&row.email_index)
            .clone();
        let rows = found.entry((row.petition_id, index)).or_default();
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
        Some(s) if s.state == SignatureState::Verified => Plan::Verified {
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
        let mut petitions: HashMap<PetitionId, petition::Model> = HashMap::new();
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
        let ids: Vec<AttemptId> = ready.iter().map(|(row, _)| row.id).collect();
        let waiting: std::collections::HashSet<AttemptId> = sign_attempt::Entity::find()
            .select_only()
            .column(sign_attempt::Column::Id)
            .filter(sign_attempt::Column::Id.is_in(ids))
            .into_tuple::<AttemptId>()
            .all(&*txn)
            .await?
            .into_iter()
            .collect();
        let keys = ready
            .iter()
            .filter_map(|(_, o)| o.as_ref())
            .map(|(a, o)| (o.petition_id, a.email_index.clone()))
            .collect();
        let alt = ready
            .iter()
            .filter_map(|(_, o)| o.as_ref())
            .flat_map(|(a, _)| {
                a.email_index_alt
                    .iter()
                    .map(|x| (x.clone(), a.email_index.clone()))
            })
            .collect();
        let mut live = same_addresses(&*txn, &keys, &alt).await?;
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
    petitions: &Arc<HashMap<PetitionId, petition::Model>>,
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
                        let rows =
                            same_address(&ctx.db, p.id, &a.email_index, &a.email_index_alt).await?;
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
    petition_id: PetitionId,
    plan: Plan,
    mail: outbox::Prepared,
    write: Write,
}

enum Write {
    Insert(Box<signature::ActiveModel>),
    Update {
        id: SignatureId,
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
            outbox::prepare(ctx.outbox(), &a.email, locale, &email)?
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
            outbox::prepare(ctx.outbox(), &a.email, locale, &email)?
        }
    };
    let write =
        match &plan {
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
                    relationship: Set(a.relationship),
                    letter_enc: Set(if has_letter {
                        Some(ctx.crypto.encrypt_str(context::LETTER, &a.letter)?)
                    } else {
                        None
                    }),
                    letter_state: Set(if has_letter {
                        LetterState::Pending
                    } else {
                        LetterState::None
                    }
                    .to_owned()),
                    letter_note: Set(None),
                    public_disclosure: Set(a.public_disclosure),
                    book_disclosure: Set(a.book_disclosure),
                    state: Set(SignatureState::Pending),
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
                    news_opt_in: Set(a.news),
                    news_wording: Set(a
                        .news
                        .then(|| crate::domain::petitions::news::NEWS_WORDING_VERSION.to_owned())),
                    news_locale: Set(a.news.then(|| locale.code().to_owned())),
                    news_token_enc: Set(if a.news && !a.news_token.is_empty() {
                        Some(ctx.crypto.encrypt_str(
                            crate::services::petitions::news::NEWS_TOKEN,
                            &a.news_token,
                        )?)
                    } else {
                        None
                    }),
                    news_hash: Set((a.news && !a.news_token.is_empty())
                        .then(|| sha256_hex(a.news_token.as_bytes()))),
                    // Lets a paper line without email be compared with online signers.
                    name_index: Set(crate::domain::petitions::paper::name_key(
                        &a.name, &a.city, &a.country,
                    )
                    .map(|k| {
                        ctx.crypto
                            .blind_index(crate::domain::petitions::paper::NAME_INDEX, &k)
                            .to_hex()
                    })),
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
    outbox::insert(txn, ctx.outbox(), o.mail).await?;
    Ok(new)
}

/// Carries out acknowledged signing attempts in the background until `shutdown` turns
/// true: at start-up (what a stopped server left), a short random moment after each
/// acknowledged batch (so that carrying one out does not line up with the next request a
/// prober sends), and every few seconds after a failure.
pub async fn run_attempts(ctx: AppContext, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    let wake = ctx.runtime::<super::SignWriter>().attempts.clone();
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
