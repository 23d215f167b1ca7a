//! Staff accounts: enrolment, login, sessions, lockout, approvals.

mod lockout;
mod login;
