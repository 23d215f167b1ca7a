//! Peyvand's integration tests: one binary, a fresh database per test (SQLite, or PostgreSQL
//! when `PEYVAND_TEST_DATABASE_URL` is set), HTTP through Rocket's local client, a real SMTP
//! server for mail.

mod support;

mod addresses;
mod architecture;
mod audit;
mod cli;
mod concurrency;
mod contact;
mod deploy;
mod durability;
mod editions;
mod handover_history;
mod instances;
mod lost_links;
mod observe;
mod ops;
mod outbox;
mod pages;
mod persian_dates;
mod petitions;
mod scans;
mod security;
mod shape;
mod staff;
mod verify_page;
mod who_we_are;
mod workspace;
mod workspace_b;
