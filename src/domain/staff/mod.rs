//! Staff rules: accounts and roles, the password policy, sessions, the second factor and
//! login throttling, and content-free notifications.

pub mod account;
pub mod alert;
pub mod login_throttle;
pub mod password;
pub mod second_factor;
pub mod session;
pub mod vocab;
