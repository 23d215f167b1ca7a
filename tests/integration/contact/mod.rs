//! Family contact: the public forms, the caseworkers' review and case pages, the consent
//! flow and the parties' connection.

mod case_view;
mod connection;
mod consent;
pub(crate) mod intake;
mod review;

pub(crate) use intake::*;
