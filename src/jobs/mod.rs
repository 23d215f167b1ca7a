//! Background jobs started when the server lifts off: the outbox worker (woken when mail is
//! queued, and on a timer), hourly retention and contact expiry, the contact cases' minute job, periodic housekeeping, and the edition
//! builder (woken when an edition is frozen). They stop on shutdown.

use crate::context::AppContext;
use crate::mail::outbox;
use crate::metrics;
use tokio::sync::watch;

/// Runs the outbox worker until `shutdown` turns true. `housekeeping` runs once a minute
/// (e.g. forgetting idle rate-limit buckets).
pub async fn run_worker(
    ctx: AppContext,
    mut shutdown: watch::Receiver<bool>,
    housekeeping: impl Fn() + Send + 'static,
) {
    let mut last_housekeeping = tokio::time::Instant::now();
    let mut last_retention: Option<tokio::time::Instant> = None;
    loop {
        if *shutdown.borrow() {
            break;
        }
        if ctx.config.mail.worker {
            let result = outbox::process_due(ctx.outbox(), chrono::Utc::now()).await;
            metrics::job_ran(metrics::job::OUTBOX, result.is_ok());
            if let Err(e) = result {
                log::error!("outbox worker: {e}");
            }
        }
        if last_housekeeping.elapsed() >= std::time::Duration::from_secs(60) {
            housekeeping();
            ctx.runtime::<crate::services::petitions::sign::SignLimiter>()
                .housekeeping();
            let result = crate::services::contact::consent::tick(&ctx, chrono::Utc::now()).await;
            metrics::job_ran(metrics::job::CONTACT_TICK, result.is_ok());
            match result {
                Ok(r) if r != crate::services::contact::consent::TickReport::default() => {
                    log::info!("contact cases: {r:?}");
                }
                Ok(_) => {}
                Err(e) => log::error!("contact cases: {e}"),
            }
            // The content-free "something is waiting" staff emails (at most hourly each),
            // and the search keys of requests not indexed yet.
            if let Err(e) = crate::services::staff::alerts::send_due(&ctx, chrono::Utc::now()).await
            {
                log::error!("staff alerts: {e}");
            }
            if let Err(e) = crate::services::contact::search::refresh(&ctx, 1_000).await {
                log::error!("case search keys: {e}");
            }
            last_housekeeping = tokio::time::Instant::now();
        }
        if last_retention.is_none_or(|t| t.elapsed() >= std::time::Duration::from_secs(3600)) {
            let actor = crate::domain::audit::Actor::System;
            let result =
                crate::services::editions::retention::run(&ctx, actor, chrono::Utc::now()).await;
            metrics::job_ran(metrics::job::RETENTION, result.is_ok());
            if let Err(e) = result {
                log::error!("retention: {e}");
            }
            let result = crate::services::contact::expiry::run(&ctx, chrono::Utc::now()).await;
            metrics::job_ran(metrics::job::CONTACT_EXPIRY, result.is_ok());
            if let Err(e) = result {
                log::error!("contact expiry: {e}");
            }
            last_retention = Some(tokio::time::Instant::now());
        }
        tokio::select! {
            () = tokio::time::sleep(ctx.config.mail.poll) => {}
            () = ctx.outbox_wakeup.notified() => {}
            _ = shutdown.changed() => {}
        }
    }
    log::info!("background jobs stopped");
}

/// Builds frozen editions' bundles, one at a time, until `shutdown` turns true. Woken when
/// an edition is frozen or retried; also looks every minute (an edition frozen by another
/// instance, a build whose lease lapsed).
///
/// At start-up, whether or not this process builds, builds whose worker died (their lease
/// lapsed, e.g. after a kill) are marked failed so staff can retry them.
pub async fn run_edition_builder(ctx: AppContext, mut shutdown: watch::Receiver<bool>) {
    match crate::services::editions::reap_stale(&ctx, chrono::Utc::now()).await {
        Ok(0) => {}
        Ok(n) => {
            log::warn!("{n} edition build(s) were interrupted; marked failed, staff can retry")
        }
        Err(e) => log::error!("edition builder: {e}"),
    }
    if !ctx.config.petitions.edition_worker {
        return;
    }
    loop {
        if *shutdown.borrow() {
            break;
        }
        let result = crate::services::editions::build_waiting(&ctx).await;
        metrics::job_ran(metrics::job::EDITION_BUILD, result.is_ok());
        if let Err(e) = result {
            log::error!("edition builder: {e}");
        }
        tokio::select! {
            () = tokio::time::sleep(std::time::Duration::from_secs(60)) => {}
            () = ctx.edition_wakeup.notified() => {}
            _ = shutdown.changed() => {}
        }
    }
}
