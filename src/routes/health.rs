//! `GET /healthz`: readiness for load balancers. 200 when the database answers and takes
//! writes; 503 while it does not (after a write failed for a storage fault, each check
//! tries a small write of its own, so readiness returns by itself when the fault clears).

use crate::context::AppContext;
use crate::entities::app_meta;
use rocket::http::Status;
use rocket::{State, get, routes};
use sea_orm::sea_query::OnConflict;
use sea_orm::{EntityTrait, Set};

/// The `app_meta` key the write probe updates.
const PROBE_KEY: &str = "health.probe";

#[get("/healthz")]
async fn healthz(ctx: &State<AppContext>) -> (Status, &'static str) {
    if ctx.db.ping().await.is_err() {
        return (Status::ServiceUnavailable, "database unavailable");
    }
    if ctx.write_health.failing() && probe(ctx).await.is_err() {
        return (Status::ServiceUnavailable, "database not taking writes");
    }
    (Status::Ok, "ok")
}

/// A small committed write (its outcome is recorded by the transaction).
async fn probe(ctx: &AppContext) -> Result<(), sea_orm::DbErr> {
    let txn = ctx.begin_write().await?;
    app_meta::Entity::insert(app_meta::ActiveModel {
        key: Set(PROBE_KEY.to_owned()),
        value: Set(chrono::Utc::now().to_rfc3339()),
    })
    .on_conflict(
        OnConflict::column(app_meta::Column::Key)
            .update_column(app_meta::Column::Value)
            .to_owned(),
    )
    .exec(&*txn)
    .await?;
    txn.commit().await
}

/// The health routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![healthz]
}
