//! `GET /healthz`: 200 when the database answers, 503 otherwise (for load balancers).

use crate::context::AppContext;
use rocket::http::Status;
use rocket::{State, get, routes};

#[get("/healthz")]
async fn healthz(ctx: &State<AppContext>) -> (Status, &'static str) {
    match ctx.db.ping().await {
        Ok(()) => (Status::Ok, "ok"),
        Err(_) => (Status::ServiceUnavailable, "database unavailable"),
    }
}

/// The health routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![healthz]
}
