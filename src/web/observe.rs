//! Request metrics and the request log line: a fairing that times every request and
//! counts it under its route *template* (`/contact/status/<token>`), never its path,
//! which may carry a one-time token.

use crate::metrics;
use rocket::fairing::{Fairing, Info, Kind};
use rocket::{Data, Request, Response};
use std::time::Instant;

/// When the request arrived (request-local).
struct Started(Instant);

/// The label of `req`'s route: its template as declared, or `unmatched`.
#[must_use]
pub fn route_label<'r>(req: &'r Request<'_>) -> &'r str {
    req.route().map_or("unmatched", |r| r.uri.as_str())
}

/// Times and counts requests, and logs one line each (method, route template, status,
/// milliseconds).
pub struct RequestMetrics;

#[rocket::async_trait]
impl Fairing for RequestMetrics {
    fn info(&self) -> Info {
        Info {
            name: "Request metrics",
            kind: Kind::Request | Kind::Response,
        }
    }

    async fn on_request(&self, req: &mut Request<'_>, _: &mut Data<'_>) {
        req.local_cache(|| Started(Instant::now()));
    }

    async fn on_response<'r>(&self, req: &'r Request<'_>, res: &mut Response<'r>) {
        let elapsed = req.local_cache(|| Started(Instant::now())).0.elapsed();
        let route = route_label(req);
        let method = req.method().as_str();
        let status = res.status().code;
        let m = metrics::get();
        m.http_requests
            .with_label_values(&[route, method, &status.to_string()])
            .inc();
        m.http_duration
            .with_label_values(&[route, method])
            .observe(elapsed.as_secs_f64());
        log::info!(
            target: "peyvand::http",
            "{method} {route} {status} {:.1} ms",
            elapsed.as_secs_f64() * 1e3
        );
    }
}
