//! Demo data for development and the benchmarks: a petition with signatures, and contact
//! cases marked as demo (never matched with real records).

pub mod contact;
pub mod petitions;
pub mod progress;
