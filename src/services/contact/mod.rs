//! Family contact: intake of requests and registrations, editing and erasing one's own
//! record, caseworker review and matching, the consent flow, the parties' links, the relay
//! of messages, what a requester sees, expiry, and the caseworkers' workspace (work by
//! stage, assignment and need-to-know, search).

pub mod assignment;
pub mod candidates;
pub mod consent;
pub mod editing;
pub mod expiry;
pub mod intake;
pub mod links;
pub mod relay;
pub mod requester_view;
pub mod review;
pub mod search;
pub mod work;

use crate::context::Runtimes;

/// Stores the contact capability's runtime state at start-up: the candidate index cache.
pub fn runtime(runtimes: &mut Runtimes) {
    runtimes.insert(candidates::IndexCache::new(candidates::INDEX_TTL, 2));
}
