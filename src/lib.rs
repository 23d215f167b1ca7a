//! Peyvand: petitions, petition books and consent-only family contact.
//!
//! Layers (Rocket types live only in `lib.rs`, `main.rs`, [`web`] and [`routes`]):
//!
//! ```text
//! HTTP ─▶ routes/ ─▶ services/ ─▶ domain/ + entities/ ─▶ database
//!           │ web/ (guards, CSRF, forms, locale, headers, error pages)
//!           └ templates/ (pages, emails)   jobs/ (outbox worker)   mail/   crypto/   i18n/
//! ```
//!
//! [`rocket`] is the one function that assembles the application; the binary and the
//! tests both use it.

pub mod cache;
pub mod config;
pub mod context;
pub mod crypto;
pub mod db;
pub mod domain;
pub mod entities;
pub mod error;
pub mod export;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub mod matching;
pub mod routes;
pub mod services;
pub mod web;

use base64::Engine;
use context::AppContext;
use rocket::fairing::AdHoc;
use rocket::fs::FileServer;
use rocket::shield::Shield;
use rocket::{Build, Rocket};
use rocket_dyn_templates::Template;

/// Builds the Rocket application around `ctx`: routes, catchers, templates, security
/// headers, rate limiter, and the background jobs started on liftoff.
/// `rocket_secret_key` (64 bytes) encrypts private cookies.
#[must_use]
pub fn rocket(
    ctx: AppContext,
    rocket_secret_key: &[u8],
    figment: rocket::figment::Figment,
) -> Rocket<Build> {
    let config = ctx.config.clone();
    let figment = figment
        .merge((
            "secret_key",
            base64::engine::general_purpose::STANDARD.encode(rocket_secret_key),
        ))
        .merge(("template_dir", config.template_dir.clone()))
        // Never believe X-Real-IP: the client address is decided by web::client_ip.
        .merge(("ip_header", false));
    let limiter =
        web::rate_limit::RateLimiter::new(config.rate_limit_per_minute, config.rate_limit_burst);
    let app = rocket::custom(figment)
        .manage(ctx)
        .manage(limiter)
        .attach(Template::custom(|engines| {
            engines.handlebars.set_strict_mode(true);
            engines
                .handlebars
                .register_helper("t", Box::new(i18n::helper::Translate));
        }))
        .attach(Shield::new())
        .attach(web::security::SecurityHeaders {
            hsts: config.is_release(),
        })
        .attach(AdHoc::on_liftoff("Background jobs", |rocket| {
            Box::pin(async move {
                let (Some(ctx), Some(limiter)) = (
                    rocket.state::<AppContext>().cloned(),
                    rocket.state::<web::rate_limit::RateLimiter>().cloned(),
                ) else {
                    return;
                };
                let (tx, rx) = tokio::sync::watch::channel(false);
                let shutdown = rocket.shutdown();
                tokio::spawn(async move {
                    shutdown.await;
                    let _ = tx.send(true);
                });
                tokio::spawn(jobs::run_edition_builder(ctx.clone(), rx.clone()));
                tokio::spawn(services::petition_sign::run_attempts(
                    ctx.clone(),
                    rx.clone(),
                ));
                tokio::spawn(jobs::run_worker(ctx, rx, move || limiter.housekeeping()));
            })
        }))
        .mount("/", routes::all())
        .mount(
            "/static",
            FileServer::from(config.static_dir.clone()).rank(20),
        );
    web::catchers::all()
        .into_iter()
        .fold(app, |app, (base, catchers)| app.register(base, catchers))
}
