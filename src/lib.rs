//! Peyvand: petitions, petition books and consent-only family contact.
//!
//! Layers (Rocket types live only in `lib.rs`, the binary, [`web`] and [`routes`]):
//!
//! ```text
//! HTTP ─▶ routes/ ─▶ services/ ─▶ domain/ + entities/ ─▶ database
//!           │ web/ (guards, CSRF, forms, locale, headers, error pages)
//!           └ templates/ (pages, emails)   jobs/ (outbox worker)   mail/   crypto/   i18n/
//! ```
//!
//! The pure cores live in workspace crates of their own, so Cargo keeps Rocket and the
//! database out of them: `peyvand-export` (crates/export: petition books, CSV, the signed
//! bundle) and `peyvand-matching` (crates/matching: cross-script name matching).
//!
//! Capabilities, each a folder inside every layer it needs:
//!
//! ```text
//!              domain/        services/            routes/            templates/
//! petitions    petitions/     petitions/ (sign/)   petitions/         petitions/ (staff/)
//! editions     (petitions/)   editions/            editions/          editions/staff/
//! contact      contact/       contact/ (intake/,   contact/           contact/ (staff/)
//!                             consent/)
//! staff        staff/         staff/               staff/             staff/
//! shared       people/ audit  approvals audit_log  web/ (guards)      layout, errors
//!              approval/      startup demo/
//! ```
//!
//! Typed vocabulary for all of them is in [`ids`] (ids, the link token, `string_enum!`).
//! [`context::AppContext`] holds platform state only; each capability keeps its runtime
//! state (caches, limiters, the signing writer) beside its own code.
//!
//! [`rocket`] is the one function that assembles the application; the binary and the
//! tests both use it.

pub mod assets;
pub mod cache;
pub mod config;
pub mod context;
pub mod crypto;
pub mod db;
pub mod domain;
pub mod entities;
pub mod error;
pub mod i18n;
pub mod ids;
pub mod jobs;
pub mod logging;
pub mod mail;
pub mod metrics;
pub mod routes;
pub mod services;
pub mod web;

use base64::Engine;
use context::AppContext;
use rocket::fairing::AdHoc;
use rocket::shield::Shield;
use rocket::{Build, Rocket};
use rocket_dyn_templates::Template;

/// The name Rocket gives its built-in defaults as a configuration source.
const ROCKET_DEFAULTS: &str = "rocket::Config::default()";

/// Request size limits Peyvand relies on (petition texts and long forms need more than
/// Rocket's 32 KiB for forms). They hold without a `Rocket.toml`; a limit set in a
/// configuration file or a `ROCKET_LIMITS` variable overrides its entry.
pub const DEFAULT_LIMITS: [(&str, &str); 5] = [
    ("form", "64 KiB"),
    ("data-form", "2 MiB"),
    ("json", "64 KiB"),
    ("string", "64 KiB"),
    ("bytes", "64 KiB"),
];

/// `figment` with each of [`DEFAULT_LIMITS`] set unless a source other than Rocket's
/// built-in defaults already set it.
fn with_default_limits(figment: rocket::figment::Figment) -> rocket::figment::Figment {
    DEFAULT_LIMITS.iter().fold(figment, |f, (name, value)| {
        let key = format!("limits.{name}");
        let unset = f
            .find_metadata(&key)
            .is_none_or(|m| m.name == ROCKET_DEFAULTS);
        if unset { f.merge((key, *value)) } else { f }
    })
}

/// The configuration file `figment` read (`Rocket.toml`, or `ROCKET_CONFIG`), if it found
/// one; for the start-up log.
#[must_use]
pub fn config_file_read(figment: &rocket::figment::Figment) -> Option<std::path::PathBuf> {
    figment.metadata().find_map(|m| match &m.source {
        Some(rocket::figment::Source::File(path)) => Some(path.clone()),
        _ => None,
    })
}

/// Builds the Rocket application around `ctx`: routes, catchers, templates, security
/// headers, rate limiters, and the background jobs started on liftoff.
/// `rocket_secret_key` (64 bytes) encrypts private cookies. `figment` is Rocket's
/// configuration (usually [`rocket::Config::figment`]); Peyvand's request limits
/// ([`DEFAULT_LIMITS`]) apply where it sets none, and some settings are fixed: no `Server`
/// header, no trust in `X-Real-IP`.
#[must_use]
pub fn rocket(
    ctx: AppContext,
    rocket_secret_key: &[u8],
    figment: rocket::figment::Figment,
) -> Rocket<Build> {
    let config = ctx.config.clone();
    let figment = with_default_limits(figment)
        .merge((
            "secret_key",
            base64::engine::general_purpose::STANDARD.encode(rocket_secret_key),
        ))
        .merge(("template_dir", config.assets.template_watch_path()))
        // Never believe X-Real-IP: the client address is decided by web::guards::client_ip.
        .merge(("ip_header", false))
        // No `Server: Rocket` header: it tells a scanner what to try.
        .merge(("ident", false));
    let limiter = web::guards::rate_limit::RateLimiter::new(
        config.rate_limit_per_minute,
        config.rate_limit_burst,
    );
    let links =
        web::guards::rate_limit::LinkRateLimiter(web::guards::rate_limit::RateLimiter::new(
            config.link_rate_limit_per_minute,
            config.link_rate_limit_burst,
        ));
    let app = rocket::custom(figment)
        .manage(ctx)
        .manage(limiter)
        .manage(links)
        .attach(Template::try_custom({
            let assets = config.assets.clone();
            let zone = config.time_zone.clone();
            move |engines| {
                engines.handlebars.set_strict_mode(true);
                engines
                    .handlebars
                    .register_helper("t", Box::new(i18n::helper::Translate));
                assets.register_static_helper(&mut engines.handlebars);
                i18n::format::register(&mut engines.handlebars, &zone);
                assets.register_pages(&mut engines.handlebars)?;
                Ok(())
            }
        }))
        .attach(web::observe::RequestMetrics)
        .attach(Shield::new())
        .attach(web::security::SecurityHeaders {
            hsts: config.is_release(),
        })
        .attach(AdHoc::on_liftoff("Background jobs", |rocket| {
            Box::pin(async move {
                let (Some(ctx), Some(limiter), Some(links)) = (
                    rocket.state::<AppContext>().cloned(),
                    rocket
                        .state::<web::guards::rate_limit::RateLimiter>()
                        .cloned(),
                    rocket
                        .state::<web::guards::rate_limit::LinkRateLimiter>()
                        .cloned(),
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
                tokio::spawn(services::petitions::news::run_sender(
                    ctx.clone(),
                    rx.clone(),
                ));
                tokio::spawn(services::petitions::sign::run_attempts(
                    ctx.clone(),
                    rx.clone(),
                ));
                tokio::spawn(jobs::run_worker(ctx, rx, move || {
                    limiter.housekeeping();
                    links.0.housekeeping();
                }));
            })
        }))
        .mount("/", routes::all())
        .mount("/static", routes::static_files::routes());
    web::catchers::all()
        .into_iter()
        .fold(app, |app, (base, catchers)| app.register(base, catchers))
}
