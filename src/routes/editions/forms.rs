//! The edition forms as submitted: freezing an edition and recording a hand-over.

use rocket::form::FromForm;

/// Freeze form.
#[derive(Debug, FromForm)]
pub struct FreezeForm {
    pub(super) locale: String,
}

/// Hand-over form.
#[derive(Debug, FromForm)]
pub struct HandoverForm {
    pub(super) recipient: String,
    pub(super) office: String,
    pub(super) handed_on: String,
    pub(super) form: String,
    pub(super) acknowledgement: String,
    pub(super) answer: String,
}
