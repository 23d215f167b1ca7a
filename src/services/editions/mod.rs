//! Editions: freezing a petition's verified signatures at a cut-off (copied into the
//! edition, so later withdrawals and invalidations leave it as it was), building its signed
//! bundle (book volumes, CSV, letters, manifest) reproducibly from that copy, the public
//! receipt check, and hand-over records.

pub mod retention;

use crate::context::AppContext;
use crate::domain::audit::{self, NewEvent};
use crate::domain::people::country;
use crate::domain::petitions::signature::{self as sig, BookDisclosure, context, letter, state};
use crate::entities::{edition, edition_entry, handover, petition, petition_text, signature};
use crate::error::AppError;
use crate::i18n::Locale;
use chrono::{DateTime, NaiveDate, Utc};
use peyvand_export::{self as export, EditionInput, Entry, Labels, Letter};
use sea_orm::UpdateMany;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, ExprTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;
use std::collections::HashSet;
use std::path::PathBuf;

/// Edition states.
pub mod edition_state {
    /// Frozen; the bundle is being built.
    pub const BUILDING: &str = "building";
    /// The bundle is ready.
    pub const READY: &str = "ready";
    /// The build failed (see `error`); it can be retried.
    pub const FAILED: &str = "failed";
}

/// How long a build's lease lasts from its last heartbeat. A `building` edition whose
/// lease lapsed lost its worker (killed, crashed, or cut off from the database): it is
/// stale, staff can retry it at once, and the builder jobs mark it failed.
pub const LEASE: chrono::Duration = chrono::Duration::seconds(90);

/// How often a working builder renews its lease (well inside [`LEASE`]).
pub const HEARTBEAT: std::time::Duration = std::time::Duration::from_secs(15);

/// The `error` of an edition whose builder stopped before finishing (shown translated).
pub const INTERRUPTED: &str = "interrupted";

/// The right to build one edition, held by one worker (process) at a time: its token is
/// in the edition's row until the build is recorded or the lease lapses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lease {
    /// The edition.
    pub edition_id: i64,
    token: String,
}

/// Whether `e` is a build whose worker stopped: `building`, taken by a worker, lease lapsed.
#[must_use]
pub fn is_stale(e: &edition::Model, now: DateTime<Utc>) -> bool {
    e.state == edition_state::BUILDING
        && e.lease_token.is_some()
        && e.lease_until.is_none_or(|until| until <= now)
}

/// `update` also releasing the build (no worker holds it any more).
fn without_lease(update: UpdateMany<edition::Entity>) -> UpdateMany<edition::Entity> {
    update
        .col_expr(
            edition::Column::ClaimedAt,
            Expr::value(None::<DateTime<Utc>>),
        )
        .col_expr(
            edition::Column::LeaseUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .col_expr(edition::Column::LeaseToken, Expr::value(None::<String>))
}

/// The rows [`is_stale`] holds for, as a query condition.
fn stale(now: DateTime<Utc>) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(edition::Column::State.eq(edition_state::BUILDING))
        .add(edition::Column::LeaseToken.is_not_null())
        .add(
            edition::Column::LeaseUntil
                .is_null()
                .or(edition::Column::LeaseUntil.lte(now)),
        )
}

/// Why an edition could not be frozen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FreezeProblem {
    /// No verified signature: there is nothing to hand over.
    NoSignatures,
    /// Another edition of this petition is still being built.
    Building,
}

impl FreezeProblem {
    /// The message key.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::NoSignatures => "edition-error-empty",
            Self::Building => "edition-error-building",
        }
    }
}

/// Freezes the next edition of a petition at `now`: its verified, counted signatures (and
/// approved letters) are copied into the edition, numbered in the order they were
/// confirmed, and the differences with the previous edition are counted.
pub async fn freeze(
    ctx: &AppContext,
    actor: audit::Actor,
    petition_id: i64,
    locale: Locale,
    now: DateTime<Utc>,
) -> Result<Result<edition::Model, FreezeProblem>, AppError> {
    // A build whose worker died must not block the next edition.
    reap_stale(ctx, now).await?;
    let txn = ctx.begin_write().await?;
    if petition::Entity::find_by_id(petition_id)
        .one(&*txn)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let editions = edition::Entity::find()
        .filter(edition::Column::PetitionId.eq(petition_id))
        .order_by_desc(edition::Column::Number)
        .all(&*txn)
        .await?;
    if editions.iter().any(|e| e.state == edition_state::BUILDING) {
        return Ok(Err(FreezeProblem::Building));
    }
    let signatures = signature::Entity::find()
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::State.eq(state::VERIFIED))
        .filter(signature::Column::Shadow.eq(false))
        .filter(signature::Column::VerifiedAt.lte(now))
        .filter(signature::Column::ErasedAt.is_null())
        .order_by_asc(signature::Column::VerifiedAt)
        .order_by_asc(signature::Column::Id)
        .all(&*txn)
        .await?;
    if signatures.is_empty() {
        return Ok(Err(FreezeProblem::NoSignatures));
    }
    let (added, withdrawn, invalidated) = match editions.first() {
        None => (signatures.len() as u64, 0, 0),
        Some(prev) => {
            let before: HashSet<i64> = edition_entry::Entity::find()
                .select_only()
                .column(edition_entry::Column::SignatureId)
                .filter(edition_entry::Column::EditionId.eq(prev.id))
                .into_tuple::<i64>()
                .all(&*txn)
                .await?
                .into_iter()
                .collect();
            let added = signatures
                .iter()
                .filter(|s| !before.contains(&s.id))
                .count() as u64;
            let gone: Vec<(i64, String)> = signature::Entity::find()
                .select_only()
                .column(signature::Column::Id)
                .column(signature::Column::State)
                .filter(signature::Column::PetitionId.eq(petition_id))
                .filter(signature::Column::State.is_in([state::WITHDRAWN, state::INVALIDATED]))
                .into_tuple()
                .all(&*txn)
                .await?;
            let count = |st: &str| {
                gone.iter()
                    .filter(|(id, s)| s == st && before.contains(id))
                    .count() as u64
            };
            (added, count(state::WITHDRAWN), count(state::INVALIDATED))
        }
    };
    let number = editions.first().map_or(1, |e| e.number + 1);
    let letters = signatures
        .iter()
        .filter(|s| s.letter_state == letter::APPROVED && s.letter_enc.is_some())
        .count();
    let as_i64 = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
    let total = signatures.len() as u64;
    let e = edition::ActiveModel {
        petition_id: Set(petition_id),
        number: Set(number),
        locale: Set(locale.code().to_owned()),
        organisation: Set(ctx.config.petitions.organisation.clone()),
        volume_size: Set(i32::try_from(ctx.config.petitions.volume_size).unwrap_or(i32::MAX)),
        state: Set(edition_state::BUILDING.to_owned()),
        cut_off: Set(now),
        total: Set(as_i64(total)),
        letters: Set(as_i64(letters as u64)),
        added: Set(as_i64(added)),
        withdrawn: Set(as_i64(withdrawn)),
        invalidated: Set(as_i64(invalidated)),
        progress_done: Set(0),
        progress_total: Set(0),
        merkle_root: Set(None),
        bundle_sha256: Set(None),
        bundle_file: Set(None),
        error: Set(String::new()),
        claimed_at: Set(None),
        lease_until: Set(None),
        lease_token: Set(None),
        created_by: Set(match actor {
            audit::Actor::Staff(id) => id,
            _ => 0,
        }),
        created_at: Set(now),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    for (chunk_no, chunk) in signatures.chunks(500).enumerate() {
        let rows = chunk.iter().enumerate().map(|(i, s)| {
            let n = chunk_no * 500 + i + 1;
            edition_entry::ActiveModel {
                edition_id: Set(e.id),
                number: Set(i32::try_from(n).unwrap_or(i32::MAX)),
                signature_id: Set(s.id),
                name_enc: Set(s.name_enc.clone()),
                book_disclosure: Set(s.book_disclosure.clone()),
                city_enc: Set(s.city_enc.clone()),
                country: Set(s.country.clone()),
                relationship: Set(s.relationship.clone()),
                signed_at: Set(s.verified_at.unwrap_or(s.created_at)),
                receipt_code: Set(s.receipt_code.clone()),
                letter_enc: Set(if s.letter_state == letter::APPROVED {
                    s.letter_enc.clone()
                } else {
                    None
                }),
                ..Default::default()
            }
        });
        edition_entry::Entity::insert_many(rows).exec(&*txn).await?;
    }
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent {
            actor,
            action: "edition.freeze",
            subject: format!("edition:{}", e.id),
            details: serde_json::json!({ "petition": petition_id, "number": number, "total": total }),
        },
    )
    .await?;
    txn.commit().await?;
    ctx.edition_wakeup.notify_one();
    Ok(Ok(e))
}

/// The fixed texts of the book in `locale`.
#[must_use]
pub fn labels(locale: Locale) -> Labels {
    let t = |k: &str| locale.t(&format!("book-{k}"));
    Labels {
        lang: locale.code().to_owned(),
        petition_book: t("petition-book"),
        edition: t("edition"),
        volume: t("volume"),
        page: t("page"),
        addressed_to: t("addressed-to"),
        cut_off: t("cut-off"),
        signatures: t("signatures"),
        letters: t("letters"),
        by_country: t("by-country"),
        by_relationship: t("by-relationship"),
        relationship_not_stated: t("relationship-not-stated"),
        key_fingerprint: t("key-fingerprint"),
        petition_text: t("petition-text"),
        col_number: t("col-number"),
        col_name: t("col-name"),
        col_city: t("col-city"),
        col_country: t("col-country"),
        col_date: t("col-date"),
        col_receipt: t("col-receipt"),
        range: t("range"),
        verification: t("verification"),
        merkle_root: t("merkle-root"),
        public_key: t("public-key"),
        how_to_verify: t("how-to-verify"),
    }
}

/// Assembles what the export needs from the frozen copy: names resolved as each signer
/// chose for the officials, countries and relationships translated into the book's
/// language.
async fn input(ctx: &AppContext, e: &edition::Model) -> Result<EditionInput, AppError> {
    let locale = Locale::parse(&e.locale).unwrap_or(Locale::En);
    let p = petition::Entity::find_by_id(e.petition_id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let texts = petition_text::Entity::find()
        .filter(petition_text::Column::PetitionId.eq(p.id))
        .order_by_asc(petition_text::Column::Id)
        .all(&ctx.db)
        .await?;
    let rows = edition_entry::Entity::find()
        .filter(edition_entry::Column::EditionId.eq(e.id))
        .order_by_asc(edition_entry::Column::Number)
        .all(&ctx.db)
        .await?;
    let family = locale.t("book-family");
    let mut entries = Vec::with_capacity(rows.len());
    let mut letters = Vec::new();
    for r in rows {
        let name = ctx.crypto.decrypt_str(context::NAME, &r.name_enc)?;
        let display_name = match BookDisclosure::parse(&r.book_disclosure) {
            Some(BookDisclosure::Initials) => sig::initials(&name),
            Some(BookDisclosure::Family) => family.clone(),
            _ => name,
        };
        let number = u64::try_from(r.number).unwrap_or(0);
        if let Some(l) = &r.letter_enc {
            let text = ctx.crypto.decrypt_str(context::LETTER, l)?;
            letters.push(Letter {
                entry_number: number,
                signer: display_name.clone(),
                lang: guess_lang(&text).to_owned(),
                text,
            });
        }
        entries.push(Entry {
            number,
            display_name,
            city: ctx.crypto.decrypt_str(context::CITY, &r.city_enc)?,
            country: country::name(&r.country, locale.code())
                .unwrap_or(&r.country)
                .to_owned(),
            signed_on: r.signed_at.date_naive(),
            receipt_code: r.receipt_code,
            relationship: (r.relationship != "none")
                .then(|| locale.t(&format!("relationship-{}", r.relationship))),
        });
    }
    Ok(EditionInput {
        petition: export::Petition {
            slug: p.slug,
            texts: texts
                .into_iter()
                .map(|t| export::PetitionText {
                    lang: t.locale,
                    title: t.title,
                    body: t.body,
                })
                .collect(),
            addressees: p
                .addressees
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
        },
        organisation: e.organisation.clone(),
        edition_number: u32::try_from(e.number).unwrap_or(0),
        cut_off: e.cut_off,
        entries,
        letters,
        labels: labels(locale),
        options: export::ExportOptions {
            volume_size: usize::try_from(e.volume_size).unwrap_or(2_500),
            csv_bom: true,
        },
    })
}

/// The language a letter is most likely written in: Persian when most of its letters are
/// Arabic-script, else English (the book only uses it for direction and shaping).
fn guess_lang(text: &str) -> &'static str {
    let (mut arabic, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if ('\u{0600}'..='\u{06FF}').contains(&c) || ('\u{FB50}'..='\u{FEFF}').contains(&c) {
            arabic += 1;
        } else {
            other += 1;
        }
    }
    if arabic > other { "fa" } else { "en" }
}

/// Where bundles are written.
#[must_use]
pub fn bundle_dir(ctx: &AppContext) -> PathBuf {
    ctx.config.data_dir.join("editions")
}

/// The bundle's file name.
#[must_use]
pub fn bundle_name(slug: &str, number: i32) -> String {
    format!("{slug}-edition-{number}.zip")
}

/// Builds the bundle of the edition `lease` holds into `<data dir>/editions` and records
/// the result. `progress(done, total)` is called as volumes are typeset. A heartbeat
/// renews the lease while the work runs; the result is recorded only while the lease is
/// still held (a worker cut off for longer than [`LEASE`] records nothing: its build was
/// marked stale and may have been retried).
///
/// # Errors
/// A database error, or [`AppError::Internal`] when the lease was lost.
pub async fn build(
    ctx: &AppContext,
    lease: &Lease,
    progress: impl Fn(u64, u64) + Send + Sync + 'static,
) -> Result<edition::Model, AppError> {
    let e = edition::Entity::find_by_id(lease.edition_id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)?;
    // The heartbeat stops when the build ends, however it ends (even if this future is
    // dropped).
    let beating = StopOnDrop(tokio::spawn(heartbeat(ctx.clone(), lease.clone())));
    let outcome = make_bundle(ctx, &e, &lease.token, progress).await;
    drop(beating);
    let now = Utc::now();
    let mut update = without_lease(edition::Entity::update_many())
        .col_expr(edition::Column::FinishedAt, Expr::value(now));
    let (action, details) = match &outcome {
        Ok((summary, sha, file_name)) => {
            update = update
                .col_expr(edition::Column::State, Expr::value(edition_state::READY))
                .col_expr(
                    edition::Column::MerkleRoot,
                    Expr::value(summary.merkle_root.clone()),
                )
                .col_expr(edition::Column::BundleSha256, Expr::value(sha.clone()))
                .col_expr(edition::Column::BundleFile, Expr::value(file_name.clone()))
                .col_expr(edition::Column::Error, Expr::value(""));
            (
                "edition.build",
                serde_json::json!({ "merkle_root": summary.merkle_root, "sha256": sha }),
            )
        }
        Err(msg) => {
            update = update
                .col_expr(edition::Column::State, Expr::value(edition_state::FAILED))
                .col_expr(edition::Column::Error, Expr::value(msg.clone()));
            ("edition.build_failed", serde_json::json!({ "error": msg }))
        }
    };
    let txn = ctx.begin_write().await?;
    let held = update
        .filter(edition::Column::Id.eq(e.id))
        .filter(edition::Column::State.eq(edition_state::BUILDING))
        .filter(edition::Column::LeaseToken.eq(lease.token.as_str()))
        .exec(&*txn)
        .await?
        .rows_affected
        == 1;
    if !held {
        return Err(AppError::Internal(format!(
            "edition {}: the build's lease was lost (the builder was cut off too long); nothing recorded",
            e.id
        )));
    }
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent {
            actor: audit::Actor::System,
            action,
            subject: format!("edition:{}", e.id),
            details,
        },
    )
    .await?;
    txn.commit().await?;
    get(ctx, e.id).await?.ok_or(AppError::NotFound)
}

/// Aborts a background task when dropped.
struct StopOnDrop(tokio::task::JoinHandle<()>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Renews `lease` every [`HEARTBEAT`] until aborted, or until the lease is no longer held.
async fn heartbeat(ctx: AppContext, lease: Lease) {
    loop {
        tokio::time::sleep(HEARTBEAT).await;
        match renew(&ctx, &lease, Utc::now()).await {
            Ok(true) => {}
            Ok(false) => {
                log::warn!("edition {}: build lease lost", lease.edition_id);
                return;
            }
            // A passing database error: the next beat tries again within the lease.
            Err(e) => log::warn!("edition {}: lease renewal: {e}", lease.edition_id),
        }
    }
}

/// Extends `lease` to `now + LEASE`; `false` if it is no longer held.
///
/// # Errors
/// A database error.
pub async fn renew(ctx: &AppContext, lease: &Lease, now: DateTime<Utc>) -> Result<bool, AppError> {
    Ok(edition::Entity::update_many()
        .col_expr(edition::Column::LeaseUntil, Expr::value(now + LEASE))
        .filter(edition::Column::Id.eq(lease.edition_id))
        .filter(edition::Column::State.eq(edition_state::BUILDING))
        .filter(edition::Column::LeaseToken.eq(lease.token.as_str()))
        .exec(&ctx.db)
        .await?
        .rows_affected
        == 1)
}

/// Takes the build of edition `id` for this worker; `None` when it is not waiting for a
/// worker (another one holds it, or it is not being built). Of several workers on one
/// database, one gets it: the claim is one conditional update.
///
/// # Errors
/// A database error.
pub async fn claim_id(
    ctx: &AppContext,
    id: i64,
    now: DateTime<Utc>,
) -> Result<Option<Lease>, AppError> {
    let token = crate::crypto::random_token()
        .map_err(|e| AppError::Internal(format!("claim token: {e}")))?;
    let txn = ctx.begin_write().await?;
    let taken = edition::Entity::update_many()
        .col_expr(edition::Column::ClaimedAt, Expr::value(now))
        .col_expr(edition::Column::LeaseUntil, Expr::value(now + LEASE))
        .col_expr(edition::Column::LeaseToken, Expr::value(token.clone()))
        .col_expr(edition::Column::ProgressDone, Expr::value(0i64))
        .col_expr(edition::Column::ProgressTotal, Expr::value(0i64))
        .filter(edition::Column::Id.eq(id))
        .filter(edition::Column::State.eq(edition_state::BUILDING))
        .filter(edition::Column::LeaseToken.is_null())
        .exec(&*txn)
        .await?
        .rows_affected
        == 1;
    txn.commit().await?;
    Ok(taken.then_some(Lease {
        edition_id: id,
        token,
    }))
}

/// Marks every stale build (see [`is_stale`]) failed as [`INTERRUPTED`], audited, so staff
/// see it and can retry it; returns how many. Run at start-up, by the builder job every
/// minute, and before an edition is frozen.
///
/// # Errors
/// A database error.
pub async fn reap_stale(ctx: &AppContext, now: DateTime<Utc>) -> Result<usize, AppError> {
    let found = edition::Entity::find()
        .filter(stale(now))
        .all(&ctx.db)
        .await?;
    let mut reaped = 0;
    for e in found {
        let txn = ctx.begin_write().await?;
        let done = without_lease(edition::Entity::update_many())
            .col_expr(edition::Column::State, Expr::value(edition_state::FAILED))
            .col_expr(edition::Column::Error, Expr::value(INTERRUPTED))
            .col_expr(edition::Column::FinishedAt, Expr::value(now))
            .filter(edition::Column::Id.eq(e.id))
            .filter(edition::Column::LeaseToken.eq(e.lease_token.clone().unwrap_or_default()))
            .filter(stale(now))
            .exec(&*txn)
            .await?
            .rows_affected
            == 1;
        if done {
            audit::record(
                &txn,
                &ctx.crypto,
                NewEvent {
                    actor: audit::Actor::System,
                    action: "edition.build_failed",
                    subject: format!("edition:{}", e.id),
                    details: serde_json::json!({
                        "error": INTERRUPTED,
                        "claimed_at": e.claimed_at,
                        "lease_until": e.lease_until,
                    }),
                },
            )
            .await?;
            reaped += 1;
        }
        txn.commit().await?;
    }
    Ok(reaped)
}

/// Typesets and writes an edition's bundle; any failure comes back as its message, so the
/// caller can record the edition as failed (and it can be retried).
async fn make_bundle(
    ctx: &AppContext,
    e: &edition::Model,
    token: &str,
    progress: impl Fn(u64, u64) + Send + Sync + 'static,
) -> Result<(export::BundleSummary, String, String), String> {
    let input = input(ctx, e).await.map_err(|err| err.to_string())?;
    let dir = bundle_dir(ctx);
    let name = bundle_name(&input.petition.slug, e.number);
    let key = ctx.signing_key.clone();
    let db_progress = {
        let ctx = ctx.clone();
        let edition_id = e.id;
        let handle = tokio::runtime::Handle::current();
        move |done: u64, total: u64| {
            progress(done, total);
            let ctx = ctx.clone();
            handle.spawn(async move {
                let _ = edition::Entity::update_many()
                    .col_expr(
                        edition::Column::ProgressDone,
                        Expr::value(i64::try_from(done).unwrap_or(0)),
                    )
                    .col_expr(
                        edition::Column::ProgressTotal,
                        Expr::value(i64::try_from(total).unwrap_or(0)),
                    )
                    .filter(edition::Column::Id.eq(edition_id))
                    .exec(&ctx.db)
                    .await;
            });
        }
    };
    let target = dir.join(&name);
    let file_name = name.clone();
    // Each build writes its own temporary file (a retried build may overlap a lost one).
    let tmp = dir.join(format!("{name}.{}.part", &token[..token.len().min(12)]));
    tokio::task::spawn_blocking(move || {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let file = std::fs::File::create(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
        let fonts = export::BookFonts::embedded();
        let summary = export::build_with_progress(
            &input,
            &fonts,
            &key,
            std::io::BufWriter::new(file),
            &mut |done, total| db_progress(done as u64, total as u64),
        )
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            e.to_string()
        })?;
        std::fs::rename(&tmp, &target).map_err(|e| format!("{}: {e}", target.display()))?;
        let bytes = std::fs::read(&target).map_err(|e| e.to_string())?;
        Ok::<_, String>((summary, crate::crypto::sha256_hex(&bytes), file_name))
    })
    .await
    .map_err(|e| format!("edition build task: {e}"))?
}

/// Claims one edition waiting for a worker; `None` if none.
///
/// # Errors
/// A database error.
pub async fn claim(ctx: &AppContext, now: DateTime<Utc>) -> Result<Option<Lease>, AppError> {
    let waiting = edition::Entity::find()
        .filter(edition::Column::State.eq(edition_state::BUILDING))
        .filter(edition::Column::LeaseToken.is_null())
        .order_by_asc(edition::Column::Id)
        .one(&ctx.db)
        .await?;
    match waiting {
        Some(e) => claim_id(ctx, e.id, now).await,
        None => Ok(None),
    }
}

/// Why a retry was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryProblem {
    /// A live worker is building it (or it waits for one): nothing to retry.
    Live,
    /// It is ready.
    Ready,
}

/// Sends a failed build, or a stale one (its worker stopped), back to be built again, at
/// once (audited). A build whose worker still renews its lease is refused.
///
/// # Errors
/// [`AppError::NotFound`] for an unknown edition, or a database error.
pub async fn retry(
    ctx: &AppContext,
    staff: i64,
    edition_id: i64,
    now: DateTime<Utc>,
) -> Result<Result<(), RetryProblem>, AppError> {
    let e = get(ctx, edition_id).await?.ok_or(AppError::NotFound)?;
    let was = if is_stale(&e, now) {
        "stale"
    } else {
        match e.state.as_str() {
            edition_state::FAILED => edition_state::FAILED,
            edition_state::READY => return Ok(Err(RetryProblem::Ready)),
            _ => return Ok(Err(RetryProblem::Live)),
        }
    };
    let txn = ctx.begin_write().await?;
    let done = without_lease(edition::Entity::update_many())
        .col_expr(edition::Column::State, Expr::value(edition_state::BUILDING))
        .col_expr(edition::Column::Error, Expr::value(""))
        .col_expr(edition::Column::ProgressDone, Expr::value(0i64))
        .col_expr(edition::Column::ProgressTotal, Expr::value(0i64))
        .filter(edition::Column::Id.eq(edition_id))
        .filter(
            sea_orm::Condition::any()
                .add(edition::Column::State.eq(edition_state::FAILED))
                .add(stale(now)),
        )
        .exec(&*txn)
        .await?
        .rows_affected
        == 1;
    if !done {
        // Between the read and the update, a worker recorded it or another retry won.
        return Ok(Err(RetryProblem::Live));
    }
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            staff,
            "edition.retry",
            format!("edition:{edition_id}"),
            serde_json::json!({ "was": was }),
        ),
    )
    .await?;
    txn.commit().await?;
    ctx.edition_wakeup.notify_one();
    Ok(Ok(()))
}

/// Marks stale builds failed, then builds every edition waiting for a worker, one at a
/// time (the background job).
///
/// # Errors
/// A database error while claiming.
pub async fn build_waiting(ctx: &AppContext) -> Result<usize, AppError> {
    let stale = reap_stale(ctx, Utc::now()).await?;
    if stale > 0 {
        log::warn!(
            "{stale} edition build(s) had lost their worker; marked failed (staff can retry)"
        );
    }
    let mut built = 0;
    while let Some(lease) = claim(ctx, Utc::now()).await? {
        // One edition's trouble (e.g. a database error while recording it) must not stop
        // the others; it is logged, and its lease lapses.
        if let Err(err) = build(ctx, &lease, |_, _| {}).await {
            log::error!("edition {}: {err}", lease.edition_id);
        }
        built += 1;
    }
    Ok(built)
}

/// An edition for the staff pages.
#[derive(Debug, Clone, Serialize)]
pub struct EditionRow {
    /// Id.
    pub id: i64,
    /// The petition.
    pub petition_id: i64,
    /// Number.
    pub number: i32,
    /// State.
    pub state: String,
    /// Book language.
    pub locale: String,
    /// Cut-off (UTC).
    pub cut_off: String,
    /// Entries.
    pub total: i64,
    /// Letters.
    pub letters: i64,
    /// New since the previous edition.
    pub added: i64,
    /// Withdrawn since the previous edition.
    pub withdrawn: i64,
    /// Invalidated since the previous edition.
    pub invalidated: i64,
    /// Progress in percent while building.
    pub percent: i64,
    /// Merkle root (hex).
    pub merkle_root: Option<String>,
    /// SHA-256 of the bundle.
    pub bundle_sha256: Option<String>,
    /// Why the build failed.
    pub error: String,
    /// The state as staff see it: `stale` for a build whose worker stopped.
    pub shown_state: String,
    /// The build was interrupted (its worker stopped), rather than failing on its own.
    pub interrupted: bool,
    /// Staff may send it back to be built (failed or stale).
    pub retryable: bool,
}

impl From<edition::Model> for EditionRow {
    fn from(e: edition::Model) -> Self {
        let stale = is_stale(&e, Utc::now());
        let failed = e.state == edition_state::FAILED;
        Self {
            shown_state: if stale {
                "stale".to_owned()
            } else {
                e.state.clone()
            },
            interrupted: stale || (failed && e.error == INTERRUPTED),
            retryable: stale || failed,
            id: e.id,
            petition_id: e.petition_id,
            number: e.number,
            state: e.state,
            locale: e.locale,
            cut_off: e.cut_off.format("%Y-%m-%d %H:%M UTC").to_string(),
            total: e.total,
            letters: e.letters,
            added: e.added,
            withdrawn: e.withdrawn,
            invalidated: e.invalidated,
            percent: if e.progress_total > 0 {
                e.progress_done * 100 / e.progress_total
            } else {
                0
            },
            merkle_root: e.merkle_root,
            bundle_sha256: e.bundle_sha256,
            error: e.error,
        }
    }
}

/// A petition's editions, newest first.
pub async fn list(ctx: &AppContext, petition_id: i64) -> Result<Vec<EditionRow>, AppError> {
    Ok(edition::Entity::find()
        .filter(edition::Column::PetitionId.eq(petition_id))
        .order_by_desc(edition::Column::Number)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(EditionRow::from)
        .collect())
}

/// One edition.
pub async fn get(ctx: &AppContext, id: i64) -> Result<Option<edition::Model>, AppError> {
    Ok(edition::Entity::find_by_id(id).one(&ctx.db).await?)
}

/// The bundle of a ready edition (file name and bytes); the download is audited.
pub async fn bundle(
    ctx: &AppContext,
    staff: i64,
    id: i64,
) -> Result<Option<(String, Vec<u8>)>, AppError> {
    let Some(e) = get(ctx, id).await? else {
        return Ok(None);
    };
    let Some(file) = e.bundle_file.filter(|_| e.state == edition_state::READY) else {
        return Ok(None);
    };
    let bytes = tokio::fs::read(bundle_dir(ctx).join(&file))
        .await
        .map_err(|err| AppError::Internal(format!("bundle {file}: {err}")))?;
    crate::services::audit_log::record(
        ctx,
        NewEvent::staff(
            staff,
            "edition.download",
            format!("edition:{id}"),
            serde_json::Value::Null,
        ),
    )
    .await?;
    Ok(Some((file, bytes)))
}

/// Which ready edition of a petition includes a receipt code (the lowest number), if any.
/// Tells nothing else: not the name, not the position.
pub async fn included_in(
    ctx: &AppContext,
    petition_id: i64,
    receipt: &str,
) -> Result<Option<i32>, AppError> {
    let numbers: Vec<i32> = edition_entry::Entity::find()
        .select_only()
        .column(edition::Column::Number)
        .inner_join(edition::Entity)
        .filter(edition_entry::Column::ReceiptCode.eq(receipt))
        .filter(edition::Column::PetitionId.eq(petition_id))
        .filter(edition::Column::State.eq(edition_state::READY))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    Ok(numbers.into_iter().min())
}

/// The editions a signature is frozen in (their numbers): after a cut-off a withdrawal no
/// longer changes those editions.
pub async fn frozen_in(ctx: &AppContext, signature_id: i64) -> Result<Vec<i32>, AppError> {
    Ok(edition_entry::Entity::find()
        .select_only()
        .column(edition::Column::Number)
        .inner_join(edition::Entity)
        .filter(edition_entry::Column::SignatureId.eq(signature_id))
        .filter(edition::Column::State.eq(edition_state::READY))
        .order_by_asc(edition::Column::Number)
        .into_tuple()
        .all(&ctx.db)
        .await?)
}

/// How an edition was handed over.
pub const HANDOVER_FORMS: [&str; 3] = ["print", "pdf", "usb"];

/// A hand-over as recorded.
#[derive(Debug, Clone)]
pub struct NewHandover {
    /// Who received it.
    pub recipient: String,
    /// Their office.
    pub office: String,
    /// The day.
    pub handed_on: NaiveDate,
    /// One of [`HANDOVER_FORMS`].
    pub form: String,
    /// Their acknowledgement.
    pub acknowledgement: String,
    /// Their answer.
    pub answer: String,
}

/// Records a hand-over of a ready edition; `false` when the edition is not ready.
pub async fn record_handover(
    ctx: &AppContext,
    staff: i64,
    edition_id: i64,
    h: NewHandover,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let Some(e) = get(ctx, edition_id).await? else {
        return Err(AppError::NotFound);
    };
    if e.state != edition_state::READY {
        return Ok(false);
    }
    let txn = ctx.begin_write().await?;
    let row = handover::ActiveModel {
        edition_id: Set(edition_id),
        recipient: Set(h.recipient.trim().to_owned()),
        office: Set(h.office.trim().to_owned()),
        handed_on: Set(h.handed_on),
        form: Set(h.form),
        acknowledgement: Set(h.acknowledgement.trim().to_owned()),
        answer: Set(h.answer.trim().to_owned()),
        created_by: Set(staff),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            staff,
            "edition.handover",
            format!("edition:{edition_id}"),
            serde_json::json!({ "handover": row.id }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// A hand-over for display.
#[derive(Debug, Clone, Serialize)]
pub struct HandoverRow {
    /// Who.
    pub recipient: String,
    /// Office.
    pub office: String,
    /// Day.
    pub handed_on: String,
    /// Form.
    pub form: String,
    /// Acknowledgement.
    pub acknowledgement: String,
    /// Answer.
    pub answer: String,
}

/// An edition's hand-overs, oldest first.
pub async fn handovers(ctx: &AppContext, edition_id: i64) -> Result<Vec<HandoverRow>, AppError> {
    Ok(handover::Entity::find()
        .filter(handover::Column::EditionId.eq(edition_id))
        .order_by_asc(handover::Column::HandedOn)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|h| HandoverRow {
            recipient: h.recipient,
            office: h.office,
            handed_on: h.handed_on.to_string(),
            form: h.form,
            acknowledgement: h.acknowledgement,
            answer: h.answer,
        })
        .collect())
}

/// Signatures counted now (for comparing with an edition's total at its cut-off).
pub async fn counted_now(ctx: &AppContext, petition_id: i64) -> Result<u64, AppError> {
    Ok(signature::Entity::find()
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::State.eq(state::VERIFIED))
        .filter(signature::Column::Shadow.eq(false))
        .count(&ctx.db)
        .await?)
}
