//! The staff forms as submitted — login, second factor, enrolment, the admins' account
//! forms and the four-eyes decision — and the checks on them.

use crate::domain::staff::account::Role;
use crate::web::forms::FieldErrors;
use rocket::form::FromForm;

/// Login form fields.
#[derive(Debug, FromForm)]
pub struct LoginForm {
    pub(super) email: String,
    pub(super) password: String,
}

/// Second-factor form.
#[derive(Debug, FromForm)]
pub struct CodeForm {
    pub(super) code: String,
}

/// Password-setting form.
#[derive(Debug, FromForm)]
pub struct PasswordForm {
    pub(super) password: String,
    pub(super) password_confirm: String,
}

/// Invitation form.
#[derive(Debug, FromForm)]
pub struct InviteForm {
    pub(super) email: String,
    pub(super) display_name: String,
    pub(super) roles: Vec<String>,
}

/// Roles form.
#[derive(Debug, FromForm)]
pub struct RolesForm {
    pub(super) roles: Vec<String>,
    pub(super) reason: String,
}

/// Enable/disable form.
#[derive(Debug, FromForm)]
pub struct ActiveForm {
    pub(super) active: bool,
    pub(super) reason: Option<String>,
}

/// A reason (four-eyes proposals).
#[derive(Debug, FromForm)]
pub struct ReasonForm {
    pub(super) reason: String,
}

pub(super) fn parse_roles(raw: &[String], errors: &mut FieldErrors) -> Vec<Role> {
    let mut roles = Vec::new();
    for r in raw {
        match Role::parse(r) {
            Some(role) => roles.push(role),
            None => errors.add("roles", "invalid-choice"),
        }
    }
    if raw.is_empty() {
        errors.add("roles", "role-required");
    }
    roles
}

/// Decision form.
#[derive(Debug, FromForm)]
pub struct DecisionForm {
    pub(super) decision: String,
    pub(super) note: Option<String>,
    /// A fresh second-factor code (or a recovery code): deciding proves presence.
    pub(super) code: String,
}
