//! Petitions: signing through the public pages and the staff's work on them.

mod admin;
pub(crate) mod signing;

pub(crate) use signing::*;
