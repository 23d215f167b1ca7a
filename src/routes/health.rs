//! `GET /healthz`: readiness for load balancers. 200 when the database answers and takes
//! writes; 503 while it does not (after a write failed for a storage fault, each check
//! tries a small write of its own, so readiness returns by itself when the fault clears).

use crate::context::AppContext;
use rocket::http::Status;
use rocket::{State, get, routes};

/// The `app_meta` key the write probe updates.
const PROBE_KEY: &str = "health.probe";

#[get("/healthz")]
async fn healthz(ctx: &State<AppContext>) -> (Status, &'static str) {
    if ctx.db.ping().await.is_err() {
        return (Status::ServiceUnavailable, "database unavailable");
    }
    if ctx.write_gate.health().failing() && probe(ctx).await.is_err() {
        return (Status::ServiceUnavailable, "database not taking writes");
    }
    (Status::Ok, "ok")
}

/// A small committed write (its outcome is recorded by the transaction).
async fn probe(ctx: &AppContext) -> Result<(), sea_orm::DbErr> {
    let txn = ctx.begin_write().await?;
    crate::domain::meta::put(&*txn, PROBE_KEY, chrono::Utc::now().to_rfc3339()).await?;
    txn.commit().await
}

/// The health routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![healthz]
}
