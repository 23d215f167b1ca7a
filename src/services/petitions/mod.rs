//! Petitions: signing (the two-step attempt and its group writer, links, counts), staff
//! management of petitions and letters, signing controls (email rules, access lists,
//! trending) and invalidations.

pub mod controls;
pub mod invalidation;
pub mod letters;
pub mod manage;
pub mod sign;
