//! Family-contact rules: the sealed records of requests, sought persons and
//! registrations, the form rules, a match's life, the consent records and the states of
//! relay threads, the stage a case is at, and how a record came in (online or assisted).

pub mod consent;
pub mod form;
pub mod intake;
pub mod match_flow;
pub mod records;
pub mod relay;
pub mod stage;
