//! Staff: accounts and invitations, administration and four-eyes decisions, login with a
//! second factor.

pub mod accounts;
pub mod admin;
pub mod login;
