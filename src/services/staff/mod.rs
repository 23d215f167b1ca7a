//! Staff: accounts and invitations, administration (four-eyes proposals, and the staff
//! actions an approval runs), login with a second factor, and the content-free "something is waiting" email.

pub mod accounts;
pub mod admin;
pub mod alerts;
pub mod login;
pub mod notes;
pub mod stats;

use crate::config::Config;
use crate::context::Runtimes;
use crate::domain::staff::account::PasswordHashing;
use std::sync::Arc;

/// Stores the staff capability's runtime state at start-up: the password hasher (Argon2id
/// with the configured cost), shared with the blocking tasks that hash.
///
/// # Errors
/// Parameters argon2 refuses.
pub fn runtime(config: &Config, runtimes: &mut Runtimes) -> Result<(), String> {
    let st = &config.staff;
    let passwords = PasswordHashing::new(
        st.argon2_memory_kib,
        st.argon2_iterations,
        st.argon2_parallelism,
    )?;
    runtimes.insert(Arc::new(passwords));
    runtimes.insert(accounts::HashingSlots::default());
    Ok(())
}
