//! Family-contact rules: the sealed records of requests, sought persons and
//! registrations, the form rules, a match's life, the consent records and the states of
//! relay threads, and the stage a case is at.

pub mod consent;
pub mod form;
pub mod match_flow;
pub mod records;
pub mod relay;
pub mod stage;
