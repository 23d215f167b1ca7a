//! Prometheus metrics: the process-wide counters and histograms (requests by route
//! template, signatures received, job runs and failures) and the gauges read from the
//! database at each scrape (outbox depth and oldest due email, edition queue). Labels are
//! fixed words and route templates, never a path, address, name or token.

use crate::context::AppContext;
use crate::domain::outbox::OutboxStatus;
use crate::domain::petitions::edition::EditionState;
use crate::entities::{edition, outbox};
use prometheus::{
    Encoder, Gauge, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGauge, Opts,
    Registry, TextEncoder,
};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use std::sync::LazyLock;

/// The metrics of this process.
pub struct Metrics {
    registry: Registry,
    /// HTTP requests by route template, method and status code.
    pub http_requests: IntCounterVec,
    /// Request latency by route template and method.
    pub http_duration: HistogramVec,
    /// Signatures received and acknowledged (each confirmed by email later).
    pub signatures: IntCounter,
    /// Background job runs by job.
    pub job_runs: IntCounterVec,
    /// Background job runs that failed, by job.
    pub job_failures: IntCounterVec,
    outbox_depth: IntGauge,
    outbox_oldest: Gauge,
    edition_queue: IntGauge,
}

/// The background jobs counted in `peyvand_job_runs_total{job=…}`.
pub mod job {
    /// The outbox worker's pass over due mail.
    pub const OUTBOX: &str = "outbox";
    /// The contact cases' minute job.
    pub const CONTACT_TICK: &str = "contact_tick";
    /// Hourly retention (signatures' personal data).
    pub const RETENTION: &str = "retention";
    /// Hourly contact expiry.
    pub const CONTACT_EXPIRY: &str = "contact_expiry";
    /// The edition builder's pass over waiting editions.
    pub const EDITION_BUILD: &str = "edition_build";
}

fn build() -> Result<Metrics, prometheus::Error> {
    let registry = Registry::new_custom(Some("peyvand".into()), None)?;
    let http_requests = IntCounterVec::new(
        Opts::new(
            "http_requests_total",
            "HTTP requests by route template, method and status code",
        ),
        &["route", "method", "status"],
    )?;
    let http_duration = HistogramVec::new(
        HistogramOpts::new(
            "http_request_duration_seconds",
            "HTTP request latency by route template and method",
        )
        .buckets(vec![
            0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
        ]),
        &["route", "method"],
    )?;
    let signatures = IntCounter::new(
        "signatures_received_total",
        "Signatures received and acknowledged (each is confirmed by email later)",
    )?;
    let job_runs = IntCounterVec::new(
        Opts::new("job_runs_total", "Background job runs by job"),
        &["job"],
    )?;
    let job_failures = IntCounterVec::new(
        Opts::new(
            "job_failures_total",
            "Background job runs that failed, by job",
        ),
        &["job"],
    )?;
    let outbox_depth = IntGauge::new(
        "outbox_pending",
        "Emails waiting in the outbox (queued or being retried)",
    )?;
    let outbox_oldest = Gauge::new(
        "outbox_oldest_due_seconds",
        "How long the longest-waiting due email has been due (0 when none is)",
    )?;
    let edition_queue = IntGauge::new(
        "edition_queue",
        "Frozen editions whose bundle is waiting to be built or being built",
    )?;
    registry.register(Box::new(http_requests.clone()))?;
    registry.register(Box::new(http_duration.clone()))?;
    registry.register(Box::new(signatures.clone()))?;
    registry.register(Box::new(job_runs.clone()))?;
    registry.register(Box::new(job_failures.clone()))?;
    registry.register(Box::new(outbox_depth.clone()))?;
    registry.register(Box::new(outbox_oldest.clone()))?;
    registry.register(Box::new(edition_queue.clone()))?;
    for name in [
        job::OUTBOX,
        job::CONTACT_TICK,
        job::RETENTION,
        job::CONTACT_EXPIRY,
        job::EDITION_BUILD,
    ] {
        job_runs.with_label_values(&[name]);
        job_failures.with_label_values(&[name]);
    }
    Ok(Metrics {
        registry,
        http_requests,
        http_duration,
        signatures,
        job_runs,
        job_failures,
        outbox_depth,
        outbox_oldest,
        edition_queue,
    })
}

static METRICS: LazyLock<Metrics> =
    LazyLock::new(|| build().expect("metric names and labels are fixed and valid"));

/// The process's metrics.
#[must_use]
pub fn get() -> &'static Metrics {
    &METRICS
}

/// Counts one run of `job`, and a failure when `ok` is false.
pub fn job_ran(job: &str, ok: bool) {
    let m = get();
    m.job_runs.with_label_values(&[job]).inc();
    if !ok {
        m.job_failures.with_label_values(&[job]).inc();
    }
}

/// The outbox's depth and the age of its longest-waiting due email.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OutboxState {
    /// Emails not yet sent nor given up.
    pub pending: u64,
    /// Seconds since the longest-waiting due email became due (0 when none is due).
    pub oldest_due_seconds: f64,
}

/// Reads the outbox's state from the database.
pub async fn outbox_state(
    ctx: &AppContext,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<OutboxState, sea_orm::DbErr> {
    let pending = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(OutboxStatus::Pending))
        .count(&ctx.db)
        .await?;
    let oldest: Option<chrono::DateTime<chrono::Utc>> = outbox::Entity::find()
        .select_only()
        .column(outbox::Column::NextAttemptAt)
        .filter(outbox::Column::Status.eq(OutboxStatus::Pending))
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(outbox::Column::NextAttemptAt)
        .into_tuple()
        .one(&ctx.db)
        .await?;
    let oldest_due_seconds = oldest.map_or(0.0, |due| {
        let ms = (now - due).num_milliseconds().max(0);
        // Milliseconds fit an f64 exactly for any age this process will see.
        ms as f64 / 1000.0
    });
    Ok(OutboxState {
        pending,
        oldest_due_seconds,
    })
}

/// The metrics in Prometheus's text format, with the database gauges read now.
pub async fn render(ctx: &AppContext) -> Result<String, sea_orm::DbErr> {
    let m = get();
    let state = outbox_state(ctx, chrono::Utc::now()).await?;
    m.outbox_depth
        .set(i64::try_from(state.pending).unwrap_or(i64::MAX));
    m.outbox_oldest.set(state.oldest_due_seconds);
    let queue = edition::Entity::find()
        .filter(edition::Column::State.eq(EditionState::Building))
        .count(&ctx.db)
        .await?;
    m.edition_queue
        .set(i64::try_from(queue).unwrap_or(i64::MAX));
    let mut out = Vec::new();
    TextEncoder::new()
        .encode(&m.registry.gather(), &mut out)
        .map_err(|e| sea_orm::DbErr::Custom(e.to_string()))?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}
