//! Rules on top of the entities: the audit chain, petition finders; no Rocket here.

pub mod audit;
pub mod petition;
