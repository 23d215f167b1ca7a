//! Petition rules: petitions and their states, signatures and the signer's choices,
//! invalidation rules.

pub mod invalidation;
pub mod petition;
pub mod signature;
