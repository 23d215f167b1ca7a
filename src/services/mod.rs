//! Use cases: take an [`AppContext`](crate::context::AppContext) and plain input, own their
//! transactions; no Rocket here.

pub mod audit_log;
pub mod consent_flow;
pub mod contact_expiry;
pub mod contact_intake;
pub mod contact_review;
pub mod demo;
pub mod demo_contact;
pub mod edition;
pub mod invalidation;
pub mod party_links;
pub mod petition_manage;
pub mod petition_sign;
pub mod petition_staff;
pub mod relay;
pub mod requester_view;
pub mod retention;
pub mod signing_controls;
pub mod staff;
pub mod staff_admin;
pub mod staff_login;
pub mod startup;
