//! The one application error type: a user-safe status and message key, and the cause,
//! logged once where the error becomes a response (see `web::catchers`).

use crate::crypto::CryptoError;
use crate::mail::MailError;

/// Anything a service can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A database error.
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    /// Decryption or randomness failed.
    #[error("crypto: {0}")]
    Crypto(#[from] CryptoError),
    /// Email rendering or sending failed.
    #[error("mail: {0}")]
    Mail(#[from] MailError),
    /// The thing asked for does not exist (or may not be revealed).
    #[error("not found")]
    NotFound,
    /// Storage is not taking writes now (see [`crate::db::is_transient`]); nothing was
    /// stored.
    #[error("unavailable: {0}")]
    Unavailable(String),
    /// Anything else that is our fault.
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    /// The HTTP status this error is shown with.
    #[must_use]
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Unavailable(_) => 503,
            AppError::Db(e) if crate::db::is_transient(e) => 503,
            _ => 500,
        }
    }
}
