//! Use cases: take an [`AppContext`](crate::context::AppContext) and plain input, own their
//! transactions; no Rocket here.

pub mod demo;
pub mod startup;
