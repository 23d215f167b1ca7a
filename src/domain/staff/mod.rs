//! Staff rules: accounts and roles, the password policy, sessions, the second factor and
//! login throttling, content-free notifications, and the vocabulary of case notes.

pub mod account;
pub mod alert;
pub mod login_throttle;
pub mod notes;
pub mod password;
pub mod second_factor;
pub mod session;
pub mod vocab;
