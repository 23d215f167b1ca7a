//! Building an edition's bundle: the lease a worker holds while it builds (claimed by one
//! conditional update, renewed by a heartbeat), the build itself and its recorded result,
//! stale builds reaped, failed ones retried, and the background job that builds what waits.

use super::input::input;
use super::{bundle_dir, get};
use crate::context::AppContext;
use crate::domain::audit::{self, AuditAction, NewEvent, Subject};
use crate::domain::petitions::edition::EditionState;
use crate::entities::edition;
use crate::error::AppError;
use crate::ids::{EditionId, StaffId};
use chrono::{DateTime, Utc};
use peyvand_export as export;
use sea_orm::UpdateMany;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, ExprTrait, QueryFilter, QueryOrder};

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
    pub edition_id: EditionId,
    token: String,
}

/// Whether `e` is a build whose worker stopped: `building`, taken by a worker, lease lapsed.
#[must_use]
pub fn is_stale(e: &edition::Model, now: DateTime<Utc>) -> bool {
    e.state == EditionState::Building
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
        .add(edition::Column::State.eq(EditionState::Building))
        .add(edition::Column::LeaseToken.is_not_null())
        .add(
            edition::Column::LeaseUntil
                .is_null()
                .or(edition::Column::LeaseUntil.lte(now)),
        )
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
                .col_expr(edition::Column::State, Expr::value(EditionState::Ready))
                .col_expr(
                    edition::Column::MerkleRoot,
                    Expr::value(summary.merkle_root.clone()),
                )
                .col_expr(edition::Column::BundleSha256, Expr::value(sha.clone()))
                .col_expr(edition::Column::BundleFile, Expr::value(file_name.clone()))
                .col_expr(edition::Column::Error, Expr::value(""));
            (
                AuditAction::EditionBuild,
                serde_json::json!({ "merkle_root": summary.merkle_root, "sha256": sha }),
            )
        }
        Err(msg) => {
            update = update
                .col_expr(edition::Column::State, Expr::value(EditionState::Failed))
                .col_expr(edition::Column::Error, Expr::value(msg.clone()));
            (
                AuditAction::EditionBuildFailed,
                serde_json::json!({ "error": msg }),
            )
        }
    };
    let txn = ctx.begin_write().await?;
    let held = update
        .filter(edition::Column::Id.eq(e.id))
        .filter(edition::Column::State.eq(EditionState::Building))
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
            subject: Subject::Edition(e.id),
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
        .filter(edition::Column::State.eq(EditionState::Building))
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
    id: EditionId,
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
        .filter(edition::Column::State.eq(EditionState::Building))
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
            .col_expr(edition::Column::State, Expr::value(EditionState::Failed))
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
                    action: AuditAction::EditionBuildFailed,
                    subject: Subject::Edition(e.id),
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
        .filter(edition::Column::State.eq(EditionState::Building))
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
    staff: StaffId,
    edition_id: EditionId,
    now: DateTime<Utc>,
) -> Result<Result<(), RetryProblem>, AppError> {
    let e = get(ctx, edition_id).await?.ok_or(AppError::NotFound)?;
    let was = if is_stale(&e, now) {
        "stale"
    } else {
        match e.state {
            EditionState::Failed => EditionState::Failed.as_str(),
            EditionState::Ready => return Ok(Err(RetryProblem::Ready)),
            _ => return Ok(Err(RetryProblem::Live)),
        }
    };
    let txn = ctx.begin_write().await?;
    let done = without_lease(edition::Entity::update_many())
        .col_expr(edition::Column::State, Expr::value(EditionState::Building))
        .col_expr(edition::Column::Error, Expr::value(""))
        .col_expr(edition::Column::ProgressDone, Expr::value(0i64))
        .col_expr(edition::Column::ProgressTotal, Expr::value(0i64))
        .filter(edition::Column::Id.eq(edition_id))
        .filter(
            sea_orm::Condition::any()
                .add(edition::Column::State.eq(EditionState::Failed))
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
            AuditAction::EditionRetry,
            Subject::Edition(edition_id),
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
