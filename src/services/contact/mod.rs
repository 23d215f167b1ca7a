//! Family contact: intake of requests and registrations, caseworker review and matching,
//! the consent flow, the parties' links, the relay of messages, what a requester sees,
//! and expiry.

pub mod consent;
pub mod expiry;
pub mod intake;
pub mod links;
pub mod relay;
pub mod requester_view;
pub mod review;
