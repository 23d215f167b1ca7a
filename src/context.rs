//! The application context shared by every request, job and command: the platform's state —
//! database, config, crypto, mailer, signing key, wake-ups and the write gate — and, held
//! without being named here, each capability's runtime state ([`Runtimes`]). Cheap to clone;
//! managed as Rocket state.

use crate::config::Config;
use crate::crypto::Crypto;
use crate::db::{WriteGate, WriteTxn};
use crate::mail::Mailer;
use sea_orm::DatabaseConnection;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Arc;

/// Everything a service needs.
#[derive(Clone, Debug)]
pub struct AppContext {
    /// The database pool.
    pub db: DatabaseConnection,
    /// Validated configuration.
    pub config: Arc<Config>,
    /// Field encryption and blind indexes.
    pub crypto: Crypto,
    /// Email rendering and transport.
    pub mailer: Mailer,
    /// The organisation's bundle signing key.
    pub signing_key: Arc<ed25519_dalek::SigningKey>,
    /// Wakes the outbox worker when mail is queued.
    pub outbox_wakeup: Arc<tokio::sync::Notify>,
    /// Wakes the edition builder when an edition is frozen.
    pub edition_wakeup: Arc<tokio::sync::Notify>,
    /// Hot write paths queue here on SQLite; also reports whether writes are failing.
    pub write_gate: WriteGate,
    /// The capabilities' runtime state (caches, rate limiters, the signing writer, the
    /// password hasher), reached with [`AppContext::runtime`].
    pub runtimes: Runtimes,
}

/// The runtime state the capabilities keep for the life of the application — caches, rate
/// limiters, the signing writer, the password hasher — one value per type. Each capability
/// defines its types beside the code that uses them and stores them at start-up
/// (`services::petitions::runtime`, …), then finds them with [`AppContext::runtime`]; the
/// context holds them without naming them, so it depends on no capability. Cheap to clone;
/// clones share the values.
#[derive(Clone, Default)]
pub struct Runtimes(Arc<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>);

impl Runtimes {
    /// Stores `value` (at start-up).
    ///
    /// # Panics
    /// If a value of the same type is already stored: two owners would share it. A
    /// programming error every start (and so every test) catches.
    pub fn insert<T: Any + Send + Sync>(&mut self, value: T) {
        let earlier = Arc::make_mut(&mut self.0).insert(TypeId::of::<T>(), Arc::new(value));
        assert!(
            earlier.is_none(),
            "runtime state of type {} stored twice",
            std::any::type_name::<T>()
        );
    }
}

impl std::fmt::Debug for Runtimes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Runtimes({} values)", self.0.len())
    }
}

impl AppContext {
    /// Begins a transaction that will write; on SQLite it first waits for the write gate.
    pub async fn begin_write(&self) -> Result<WriteTxn, sea_orm::DbErr> {
        self.write_gate.begin(&self.db).await
    }

    /// The runtime state of type `T` its capability stored at start-up.
    ///
    /// # Panics
    /// If none was stored: a programming error every test catches.
    #[must_use]
    pub fn runtime<T: Any + Send + Sync>(&self) -> &T {
        self.runtimes
            .0
            .get(&TypeId::of::<T>())
            .and_then(|v| v.downcast_ref())
            .unwrap_or_else(|| {
                panic!(
                    "no runtime state of type {} (stored by services::startup)",
                    std::any::type_name::<T>()
                )
            })
    }
}
