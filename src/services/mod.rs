//! Use cases: take an [`AppContext`](crate::context::AppContext) and plain input, own their
//! transactions; no Rocket here. One folder per capability — [`petitions`], [`editions`],
//! [`contact`], [`staff`] — beside the platform's own: start-up, the audit log, demo data.

pub mod audit_log;
pub mod contact;
pub mod demo;
pub mod editions;
pub mod petitions;
pub mod staff;
pub mod startup;
