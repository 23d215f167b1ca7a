//! Rate limiting of state-changing requests per client, keyed by a keyed hash of the client
//! IP (IPv6: its /64) with governor's GCRA, in memory. A refused request gets 429 and its translated page.

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

/// Guard: succeeds when the client is within its limit, else 429.
#[derive(Debug)]
pub struct RateLimited;

#[rocket::async_trait]
impl<'r> FromRequest<'r> for RateLimited {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let ctx = super::app_context(req);
        let ip = match req.guard::<ClientIp>().await {
            Outcome::Success(ip) => ip.0,
            _ => return Outcome::Error((Status::BadRequest, ())),
        };
        let Some(limiter) = req.rocket().state::<RateLimiter>() else {
            return Outcome::Error((Status::InternalServerError, ()));
        };
        let network = crate::domain::network::ClientNetwork::of(ip);
        if limiter.check(&ctx.crypto.ip_hash(network.0)) {
            Outcome::Success(RateLimited)
        } else {
            Outcome::Error((Status::TooManyRequests, ()))
        }
    }
}
