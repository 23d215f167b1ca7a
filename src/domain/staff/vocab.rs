//! The staff vocabulary stored in columns: roles (and the set of them an account holds),
//! session stages and one-time token purposes. It reads no table, so the entities can use
//! it as their field types.

crate::string_enum! {
    /// A staff role (`approvals.required_role`; a set of them is [`Roles`]).
    pub enum Role {
        /// Manages staff, settings, audit.
        Admin = "admin",
        /// Works on contact cases.
        Caseworker = "caseworker",
        /// Runs petitions and editions.
        Organiser = "organiser",
    }
}

impl Role {
    /// Whether giving or taking the role needs a second administrator's approval: the
    /// administrator role (it manages staff) and the caseworker role (two caseworkers make
    /// a four-eyes release: one administrator must not be able to create both).
    #[must_use]
    pub fn needs_second_admin(self) -> bool {
        matches!(self, Role::Admin | Role::Caseworker)
    }

    /// Reads a role as a person types it (and as the roles column has always been read):
    /// trimmed, in any case, also accepting the US spelling `organizer`.
    #[must_use]
    pub fn from_input(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "organizer" => Some(Role::Organiser),
            lower => Role::parse(lower),
        }
    }
}

/// The roles an account holds (`staff.roles`): a set, stored as its names in role order
/// joined by commas (`admin,caseworker`). Reading the column is lenient, as it always
/// was: each name is read with [`Role::from_input`] and unknown names are ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, sea_orm::DeriveValueType)]
#[sea_orm(value_type = "String")]
pub struct Roles(Vec<Role>);

impl Roles {
    /// The set of `roles` (order and repeats do not matter).
    #[must_use]
    pub fn new(roles: &[Role]) -> Self {
        let mut r = roles.to_vec();
        r.sort();
        r.dedup();
        Self(r)
    }

    /// Whether the set holds `role`.
    #[must_use]
    pub fn contains(&self, role: Role) -> bool {
        self.0.contains(&role)
    }

    /// The roles, in role order.
    #[must_use]
    pub fn as_slice(&self) -> &[Role] {
        &self.0
    }
}

impl std::fmt::Display for Roles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.0.iter().map(|r| r.as_str()).collect();
        f.write_str(&names.join(","))
    }
}

impl std::str::FromStr for Roles {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let roles: Vec<Role> = s.split(',').filter_map(Role::from_input).collect();
        Ok(Self::new(&roles))
    }
}

/// Serialised as stored (`"admin,caseworker"`).
impl serde::Serialize for Roles {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

crate::string_enum! {
    /// How far a session has come (`staff_sessions.stage`).
    pub enum Stage {
        /// Password checked; the second factor is still to come.
        SecondFactor = "second_factor",
        /// Password checked; the account has no second factor yet and must set one up.
        EnrolTotp = "enrol_totp",
        /// Fully logged in.
        Full = "full",
    }
}

crate::string_enum! {
    /// What a one-time staff token is for (`staff_tokens.purpose`).
    pub enum TokenPurpose {
        /// Setting a password and a second factor (an enrolment link).
        Enrol = "enrol",
    }
}
