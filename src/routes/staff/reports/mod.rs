//! Staff reports: the audit log in words (filters, CSV export, chain status) and the
//! organisation's statistics (by month, small numbers suppressed; charts and CSV).

pub mod audit;
pub mod stats;
