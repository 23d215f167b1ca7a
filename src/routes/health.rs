//! Health and metrics endpoints.
//!
//! - `GET /healthz`: readiness for load balancers. 200 when the database answers and takes
//!   writes; 503 while it does not (after a write failed for a storage fault, each check
//!   tries a small write of its own, so readiness returns by itself when the fault clears).
//! - `GET /health/live`: 200 while the process answers at all.
//! - `GET /health/ready`: 200 when the database answers and takes writes, every migration
//!   is applied and the outbox is not stuck (no email due for longer than
//!   `health_outbox_stuck_minutes`); else 503 naming the failed checks, one a line.
//! - `GET /metrics`: Prometheus metrics ([`crate::metrics`]), only with
//!   `Authorization: Bearer <metrics_token>`; 404 when no token is configured.

use crate::context::AppContext;
use rocket::http::{ContentType, Header, Status};
use rocket::request::{FromRequest, Outcome, Request};
use rocket::{Responder, State, get, routes};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The `app_meta` key the write probe updates.
const PROBE_KEY: &str = "health.probe";

#[get("/healthz")]
async fn healthz(ctx: &State<AppContext>) -> (Status, &'static str) {
    match database(ctx).await {
        Ok(()) => (Status::Ok, "ok"),
        Err(why) => (Status::ServiceUnavailable, why),
    }
}

/// Whether the database answers and takes writes.
async fn database(ctx: &AppContext) -> Result<(), &'static str> {
    if ctx.db.ping().await.is_err() {
        return Err("database unavailable");
    }
    if ctx.write_gate.health().failing() && probe(ctx).await.is_err() {
        return Err("database not taking writes");
    }
    Ok(())
}

/// A small committed write (its outcome is recorded by the transaction).
async fn probe(ctx: &AppContext) -> Result<(), sea_orm::DbErr> {
    let txn = ctx.begin_write().await?;
    crate::domain::meta::put(&*txn, PROBE_KEY, chrono::Utc::now().to_rfc3339()).await?;
    txn.commit().await
}

#[get("/health/live")]
fn live() -> &'static str {
    "ok"
}

#[get("/health/ready")]
async fn ready(ctx: &State<AppContext>) -> (Status, String) {
    use migration::MigratorTrait;
    if let Err(why) = database(ctx).await {
        return (Status::ServiceUnavailable, why.to_owned());
    }
    let mut failed = Vec::new();
    match migration::Migrator::get_pending_migrations(&ctx.db).await {
        Ok(pending) if pending.is_empty() => {}
        Ok(_) => failed.push("migrations pending"),
        Err(_) => failed.push("migrations unknown"),
    }
    let now = chrono::Utc::now();
    match crate::metrics::outbox_state(ctx, now).await {
        Ok(s) if s.oldest_due_seconds <= seconds(ctx.config.observe.outbox_stuck) => {}
        Ok(_) => failed.push("outbox stuck"),
        Err(_) => failed.push("outbox unknown"),
    }
    if failed.is_empty() {
        (Status::Ok, "ok".into())
    } else {
        (Status::ServiceUnavailable, failed.join("\n"))
    }
}

/// A whole number of seconds as a float (for comparing with a measured age).
fn seconds(d: chrono::Duration) -> f64 {
    // Whole seconds up to a few months: exact in an f64.
    d.num_seconds() as f64
}

/// The bearer token a request presented, if any.
struct Bearer(Option<String>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Bearer {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let token = req
            .headers()
            .get_one("Authorization")
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_owned());
        Outcome::Success(Bearer(token))
    }
}

/// The answer of `/metrics`.
#[derive(Responder)]
enum MetricsAnswer {
    /// The metrics.
    Metrics(String, ContentType),
    /// No or a wrong token.
    #[response(status = 401)]
    Unauthorized(&'static str, Header<'static>),
    /// The database gauges could not be read.
    #[response(status = 503)]
    Unavailable(&'static str),
}

#[get("/metrics")]
async fn metrics(ctx: &State<AppContext>, bearer: Bearer) -> Result<MetricsAnswer, Status> {
    // Not served without a token: the portal's own 404 page, as for any unknown path.
    let Some(expected) = &ctx.config.observe.metrics_token else {
        return Err(Status::NotFound);
    };
    // Compared as digests: constant time whatever the lengths.
    let matches = bearer.0.is_some_and(|given| {
        Sha256::digest(given.as_bytes())
            .ct_eq(&Sha256::digest(expected.as_bytes()))
            .into()
    });
    if !matches {
        return Ok(MetricsAnswer::Unauthorized(
            "bearer token required",
            Header::new("WWW-Authenticate", "Bearer"),
        ));
    }
    Ok(match crate::metrics::render(ctx).await {
        Ok(text) => MetricsAnswer::Metrics(
            text,
            ContentType::new("text", "plain")
                .with_params([("version", "0.0.4"), ("charset", "utf-8")]),
        ),
        Err(_) => MetricsAnswer::Unavailable("database unavailable"),
    })
}

/// The health and metrics routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![healthz, live, ready, metrics]
}
