//! The vocabulary about people that every capability shares: email addresses, names and
//! free-text hygiene, countries, and the network a client is counted by.

pub mod country;
pub mod email;
pub mod network;
pub mod text;
