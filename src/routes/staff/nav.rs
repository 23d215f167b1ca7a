//! The staff navigation the layout shows on every staff page, whichever capability's.

use crate::domain::staff::account::Role;
use crate::web::guards::staff_auth::CurrentStaff;
use serde_json::{Value, json};

/// What the layout needs to show the staff navigation.
#[must_use]
pub fn nav(current: &CurrentStaff) -> Value {
    json!({
        "name": current.account.display_name,
        "is_admin": current.has(Role::Admin),
        "is_caseworker": current.has(Role::Caseworker),
        "is_organiser": current.has(Role::Organiser),
    })
}
