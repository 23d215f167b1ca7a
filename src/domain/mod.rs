//! Rules on top of the entities, no Rocket here: a folder per capability (petitions,
//! contact, staff) and the shared vocabulary every capability uses (people, the audit
//! chain, four-eyes approvals, deployment metadata, the outbox's states).

pub mod approval;
pub mod audit;
pub mod contact;
pub mod meta;
pub mod outbox;
pub mod paging;
pub mod people;
pub mod petitions;
pub mod reissued;
pub mod reissued_link;
pub mod site_text;
pub mod staff;
