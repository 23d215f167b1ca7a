//! Staff accounts: enrolment, login and sessions, lockout under attack, who may reach
//! which route, and the four-eyes approvals of staff changes.

mod access;
mod approvals;
mod enrolment;
mod lockout;
mod login;
