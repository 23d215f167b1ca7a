//! Factories: the records a test starts from, with defaults that fit together, in a call
//! or two — petitions and signatures (through the public pages), contact requests with
//! their sought persons, registrations and matches (straight into the database, sealed as
//! intake seals them), staff accounts with a known authenticator key, and contact cases
//! walked to a given state on a clock the test controls. Ids are handled here and nowhere
//! else, so a change of id type touches these modules and not the tests.

pub mod case;
pub mod contact;
pub mod petitions;
pub mod staff;
