//! SeaORM entities: the shape of each table, nothing more (rules live in `domain/`).

pub mod app_meta;
pub mod audit_event;
pub mod audit_head;
pub mod outbox;
pub mod petition;
pub mod petition_text;
