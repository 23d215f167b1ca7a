//! The vocabulary about people that every capability shares: email addresses and their
//! canonical form, names and free-text hygiene, relationships, countries, and the network
//! a client is counted by.

pub mod country;
pub mod email;
pub mod names;
pub mod network;
pub mod relationship;
pub mod text;
pub mod typos;
