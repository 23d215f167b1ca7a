//! Database schema migrations for Peyvand (SQLite and PostgreSQL); migrations never import
//! the application's entities, so old migrations keep compiling as entities change.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_foundation;
mod m20261123_000002_hardening;
mod m20261123_000003_staff;
mod m20261123_000004_signatures;
mod m20261123_000005_editions;
mod m20261123_000006_contact;
mod m20261123_000007_consent;
mod m20261123_000008_connection;
mod m20261207_000009_sign_attempts;
mod m20261207_000010_build_lease_and_demo;
mod m20261207_000011_outbox_retry;
mod m20261207_000012_reissued_links;
mod m20261207_000013_paper_intake;
mod m20261207_000014_handover_answer;
mod m20261207_000015_handover_removal;
mod m20261207_000016_case_assignment;
mod m20261207_000017_case_notes;
mod m20261207_000018_contact_erasure;
mod m20261207_000019_site_texts;
mod m20261207_000020_progress;
mod m20261207_000021_petition_news;
mod m20261208_000022_scans;
mod m20261208_000023_assisted_intake;
mod m20261208_000024_handover_history;

pub use m20261207_000010_build_lease_and_demo::retire_old_demo_links;

/// The ordered list of migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_foundation::Migration),
            Box::new(m20261123_000002_hardening::Migration),
            Box::new(m20261123_000003_staff::Migration),
            Box::new(m20261123_000004_signatures::Migration),
            Box::new(m20261123_000005_editions::Migration),
            Box::new(m20261123_000006_contact::Migration),
            Box::new(m20261123_000007_consent::Migration),
            Box::new(m20261123_000008_connection::Migration),
            Box::new(m20261207_000009_sign_attempts::Migration),
            Box::new(m20261207_000010_build_lease_and_demo::Migration),
            Box::new(m20261207_000011_outbox_retry::Migration),
            Box::new(m20261207_000012_reissued_links::Migration),
            Box::new(m20261207_000013_paper_intake::Migration),
            Box::new(m20261207_000014_handover_answer::Migration),
            Box::new(m20261207_000015_handover_removal::Migration),
            Box::new(m20261207_000016_case_assignment::Migration),
            Box::new(m20261207_000017_case_notes::Migration),
            Box::new(m20261207_000018_contact_erasure::Migration),
            Box::new(m20261207_000019_site_texts::Migration),
            Box::new(m20261207_000020_progress::Migration),
            Box::new(m20261207_000021_petition_news::Migration),
            Box::new(m20261208_000022_scans::Migration),
            Box::new(m20261208_000023_assisted_intake::Migration),
            Box::new(m20261208_000024_handover_history::Migration),
        ]
    }
}
