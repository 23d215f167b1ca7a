//! Request guards: who is asking (the client's IP, a staff session and its role), in which
//! language, whether a form carries its CSRF token, and whether the client is over its rate.

pub mod client_ip;
pub mod csrf;
pub mod locale;
pub mod rate_limit;
pub mod staff_auth;
