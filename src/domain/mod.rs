//! Rules on top of the entities: the audit chain, petition finders; no Rocket here.

pub mod approval;
pub mod audit;
pub mod consent;
pub mod contact;
pub mod contact_form;
pub mod country;
pub mod email;
pub mod invalidation;
pub mod login_throttle;
pub mod match_flow;
pub mod meta;
pub mod network;
pub mod password;
pub mod petition;
pub mod second_factor;
pub mod signature;
pub mod staff;
pub mod staff_session;
pub mod text;
