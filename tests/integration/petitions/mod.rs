//! Petitions: signing through the public pages, what limits it, personal data erased, and
//! the staff's work on petitions (drafts, publishing, block lists, invalidations).

mod admin;
mod after_signing;
mod controls;
mod erasure;
mod news;
mod paper;
mod paper_upload;
mod progress;
mod signing;
