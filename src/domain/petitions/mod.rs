//! Petition rules: petitions and their states, signatures and the signer's choices,
//! invalidation rules, the access lists signing consults, and the states of editions.

pub mod access;
pub mod edition;
pub mod invalidation;
pub mod news;
pub mod paper;
pub mod petition;
pub mod signature;
pub mod state;
