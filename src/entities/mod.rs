//! SeaORM entities: the shape of each table, nothing more (rules live in `domain/`).

pub mod access_list;
pub mod app_meta;
pub mod approval;
pub mod audit_event;
pub mod audit_head;
pub mod contact_match;
pub mod contact_request;
pub mod edition;
pub mod edition_entry;
pub mod email_rule;
pub mod handover;
pub mod invalidation;
pub mod login_throttle;
pub mod outbox;
pub mod petition;
pub mod petition_text;
pub mod registration;
pub mod signature;
pub mod sought_person;
pub mod staff;
pub mod staff_recovery_code;
pub mod staff_session;
pub mod staff_token;
