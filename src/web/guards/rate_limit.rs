//! Rate limiting per client network, keyed by a keyed hash of the client IP (IPv6: its
//! /64) with governor's GCRA, in memory: one limiter for state-changing requests, another
//! (more generous) for pages whose address carries a secret token, so tokens cannot be
//! guessed at speed. A refused request gets 429 and its translated page.

use super::client_ip::ClientIp;
use governor::{DefaultKeyedRateLimiter, Quota};
use rocket::http::Status;
use rocket::request::{FromRequest, Outcome, Request};
use std::num::NonZeroU32;
use std::sync::Arc;

/// The limiter, managed as Rocket state; clones share one set of buckets.
#[derive(Clone)]
pub struct RateLimiter {
    inner: Arc<DefaultKeyedRateLimiter<String>>,
}

impl RateLimiter {
    /// `per_minute` sustained, `burst` at once; zero is raised to one.
    #[must_use]
    pub fn new(per_minute: u32, burst: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute).unwrap_or(NonZeroU32::MIN);
        let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        Self {
            inner: Arc::new(governor::RateLimiter::keyed(
                Quota::per_minute(per_minute).allow_burst(burst),
            )),
        }
    }

    /// Whether `key` may act now (and counts the attempt).
    #[must_use]
    pub fn check(&self, key: &str) -> bool {
        self.inner.check_key(&key.to_owned()).is_ok()
    }

    /// Forgets keys whose bucket has refilled, to bound memory.
    pub fn housekeeping(&self) {
        self.inner.retain_recent();
        self.inner.shrink_to_fit();
    }
}

/// The limiter of pages reached through a token in their address (managed as Rocket state
/// beside [`RateLimiter`]).
#[derive(Clone)]
pub struct LinkRateLimiter(pub RateLimiter);

/// Counts the request against `limiter` under the client's network; `Ok` when within it.
async fn check_client(req: &Request<'_>, limiter: Option<&RateLimiter>) -> Result<(), Status> {
    let ctx = crate::web::app_context(req);
    let ip = match req.guard::<ClientIp>().await {
        Outcome::Success(ip) => ip.0,
        _ => return Err(Status::BadRequest),
    };
    let limiter = limiter.ok_or(Status::InternalServerError)?;
    let network = crate::domain::people::network::ClientNetwork::of(ip);
    if limiter.check(&ctx.crypto.ip_hash(network.0)) {
        Ok(())
    } else {
        Err(Status::TooManyRequests)
    }
}

/// Guard: succeeds when the client is within its limit of state-changing requests, else 429.
#[derive(Debug)]
pub struct RateLimited;

#[rocket::async_trait]
impl<'r> FromRequest<'r> for RateLimited {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        match check_client(req, req.rocket().state::<RateLimiter>()).await {
            Ok(()) => Outcome::Success(RateLimited),
            Err(status) => Outcome::Error((status, ())),
        }
    }
}

/// Guard for pages whose address carries a token: succeeds when the client's network is
/// within its limit of such pages, else 429. It looks at nothing but the network, so a
/// valid and an invalid token count alike; put it before any guard that reads the token.
#[derive(Debug)]
pub struct LinkRateLimited;

#[rocket::async_trait]
impl<'r> FromRequest<'r> for LinkRateLimited {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let limiter = req.rocket().state::<LinkRateLimiter>().map(|l| &l.0);
        match check_client(req, limiter).await {
            Ok(()) => Outcome::Success(LinkRateLimited),
            Err(status) => Outcome::Error((status, ())),
        }
    }
}
