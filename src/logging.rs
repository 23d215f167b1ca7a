//! The server's log: readable lines or JSON lines (`log_format`), on standard output.
//! It takes the place of Rocket's own logger so that no request path reaches a line:
//! paths carry one-time tokens, so Rocket's per-request records (which print the path
//! and query) are dropped, and [`crate::web::observe`] logs each request by its route
//! template instead.

use crate::config::LogFormat;
use std::io::Write;

/// The log written by `peyvand serve`.
struct Logger {
    format: LogFormat,
}

/// Whether `record` is one of Rocket's records that print a request's path or query.
fn names_a_request(record: &log::Record<'_>) -> bool {
    if record.module_path() != Some("rocket::server") {
        return false;
    }
    // The request line, "Matched", the outcome, "Response succeeded"; and the two
    // warnings that print the request.
    record.level() >= log::Level::Info || {
        let text = record.args().to_string();
        text.starts_with("No matching routes for") || text.contains("salvaged request")
    }
}

/// Rocket marks its indented continuation lines with a target ending in `_`.
fn is_indented(record: &log::Record<'_>) -> bool {
    record.target().ends_with('_')
}

/// The message of `record`, with what Rocket's generated route code quotes from the
/// request taken out: a refused guard's error (which may be the path segment itself) and
/// the query string's field errors.
fn message(record: &log::Record<'_>) -> String {
    let text = record.args().to_string();
    // Rocket's route macros expand inside Peyvand's own modules.
    let generated = is_indented(record)
        && record
            .module_path()
            .is_some_and(|m| m == "peyvand" || m.starts_with("peyvand::"));
    if !generated {
        return text;
    }
    for prefix in ["Parameter guard `", "Request guard `", "Data guard `"] {
        if let Some(rest) = text.strip_prefix(prefix)
            && let Some((guard, after)) = rest.split_once('`')
        {
            let what = if after.starts_with(" is forwarding") {
                "is forwarding"
            } else {
                "failed"
            };
            return format!("{prefix}{guard}` {what}.");
        }
    }
    if text.starts_with("Query string failed") {
        return text;
    }
    "(a detail of the request, withheld)".into()
}

impl log::Log for Logger {
    fn enabled(&self, metadata: &log::Metadata<'_>) -> bool {
        metadata.level() <= log::max_level()
    }

    fn log(&self, record: &log::Record<'_>) {
        if !self.enabled(record.metadata()) || names_a_request(record) {
            return;
        }
        let module = record.module_path().unwrap_or_default();
        if log::max_level() < log::LevelFilter::Debug
            && ["hyper", "rustls", "h2", "sqlx"]
                .iter()
                .any(|m| module.starts_with(m))
        {
            return;
        }
        // Rocket's launch banner is logged as warnings so that it shows at `critical`;
        // it is information, as Rocket's own logger prints it.
        let level = if record.target().contains("rocket::launch") {
            log::Level::Info
        } else {
            record.level()
        };
        let line = match self.format {
            LogFormat::Json => serde_json::json!({
                "ts": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                "level": level.as_str(),
                "target": record.target().trim_end_matches('_').trim_end_matches("::"),
                "msg": message(record),
            })
            .to_string(),
            LogFormat::Text if is_indented(record) => format!("   >> {}", message(record)),
            LogFormat::Text => match level {
                log::Level::Error => format!("Error: {}", message(record)),
                log::Level::Warn => format!("Warning: {}", message(record)),
                _ => message(record),
            },
        };
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "{line}");
    }

    fn flush(&self) {
        let _ = std::io::stdout().flush();
    }
}

/// Installs the log for `peyvand serve` at `level` (Rocket's `log_level`: `critical`
/// keeps warnings and errors). Rocket then finds a logger in place and keeps out; a second
/// call changes nothing.
pub fn init(format: LogFormat, level: log::LevelFilter) {
    if log::set_boxed_logger(Box::new(Logger { format })).is_ok() {
        log::set_max_level(level);
    }
}
