//! Security headers on every response: a strict Content-Security-Policy (no inline script
//! or style), no framing, no referrer, no MIME sniffing, and HSTS in release.

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::Header;
use rocket::{Request, Response};

/// The Content-Security-Policy sent with every response.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// The fairing adding the headers.
pub struct SecurityHeaders {
    /// Send `Strict-Transport-Security` (release only: the site must be behind TLS).
    pub hsts: bool,
}

#[rocket::async_trait]
impl Fairing for SecurityHeaders {
    fn info(&self) -> Info {
        Info {
            name: "Security headers",
            kind: Kind::Response,
        }
    }

    async fn on_response<'r>(&self, req: &'r Request<'_>, res: &mut Response<'r>) {
        // Pages carry CSRF tokens and, for staff, personal data: no cache may keep them,
        // unless a handler chose otherwise (public count JSON, static files: a year under a
        // fingerprinted name, an hour under a plain one).
        if !res.headers().contains("Cache-Control") {
            let policy = if req.uri().path().starts_with("/static/") {
                "public, max-age=3600"
            } else {
                "no-store"
            };
            res.set_header(Header::new("Cache-Control", policy));
        }
        res.set_header(Header::new("Content-Security-Policy", CSP));
        res.set_header(Header::new("X-Content-Type-Options", "nosniff"));
        res.set_header(Header::new("X-Frame-Options", "DENY"));
        res.set_header(Header::new("Referrer-Policy", "no-referrer"));
        res.set_header(Header::new("Cross-Origin-Opener-Policy", "same-origin"));
        res.set_header(Header::new("Cross-Origin-Resource-Policy", "same-origin"));
        res.set_header(Header::new(
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        ));
        if self.hsts {
            res.set_header(Header::new(
                "Strict-Transport-Security",
                "max-age=63072000; includeSubDomains",
            ));
        }
    }
}
