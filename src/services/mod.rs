//! Use cases: take an [`AppContext`] and plain input, own their transactions; no Rocket
//! here. One folder per capability — [`petitions`], [`editions`], [`contact`], [`staff`] —
//! beside the platform's own: start-up, the audit log, demo data, and the four-eyes
//! dispatch that runs an approved proposal's action ([`approvals`]). Here too, what the
//! context lends the outbox ([`AppContext::outbox`]).

pub mod approvals;
pub mod audit_log;
pub mod contact;
pub mod demo;
pub mod editions;
pub mod history;
pub mod lost_links;
pub mod ops;
pub mod petitions;
pub mod scans;
pub mod site_texts;
pub mod staff;
pub mod startup;

use crate::context::AppContext;
use crate::mail::outbox::Outbox;

impl AppContext {
    /// What the outbox uses, lent from the context: database, write gate, crypto, mailer,
    /// the mail settings and the worker's wake-up.
    #[must_use]
    pub fn outbox(&self) -> Outbox<'_> {
        Outbox {
            db: &self.db,
            write_gate: &self.write_gate,
            crypto: &self.crypto,
            mailer: &self.mailer,
            config: &self.config.mail,
            wakeup: &self.outbox_wakeup,
        }
    }
}
