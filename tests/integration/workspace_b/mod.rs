//! The staff workspace, issue #15 items 5–8: case notes and the contact log with
//! follow-ups on the home page; the audit log and case timelines in words, filtered and
//! exported; the staff layout for tables and its pager; statistics with small numbers
//! suppressed. Each with its bad input (huge note, bad dates, missing CSRF) answered 4xx
//! and nothing stored.

mod history;
mod layout;
mod notes;
mod stats;
