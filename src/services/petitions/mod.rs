//! Petitions: signing (the two-step attempt and its group writer, links, counts), staff
//! management of petitions and letters, signing controls (email rules, access lists,
//! trending) and invalidations.

pub mod controls;
pub mod invalidation;
pub mod letters;
pub mod manage;
pub mod news;
pub mod paper;
pub mod progress;
pub mod sign;

use crate::config::Config;
use crate::context::Runtimes;

/// Stores the petitions capability's runtime state at start-up: the signing rate limiter
/// and group writer, and the caches of public petitions, their counts and the signing
/// settings.
pub fn runtime(config: &Config, runtimes: &mut Runtimes) {
    runtimes.insert(sign::SignLimiter::new(&config.petitions));
    runtimes.insert(sign::CountsCache::new(sign::COUNTS_TTL, 10_000));
    runtimes.insert(sign::SettingsCache::new(sign::SETTINGS_TTL, 1));
    runtimes.insert(sign::PetitionCache::new(sign::COUNTS_TTL, 1_000));
    runtimes.insert(sign::SignWriter::default());
    runtimes.insert(sign::LastSigned::default());
}
