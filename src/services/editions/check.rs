//! The public bundle check (`/verify`): an uploaded bundle verified by the export crate's
//! own [`peyvand_export::verify`] (the checks of `peyvand bundle verify`), off the async
//! threads, and its signing key compared with this server's key and with the fingerprint
//! the visitor read in the book.

use crate::context::AppContext;
use crate::error::AppError;
use peyvand_export::bundle::ReceiptCheck;
use peyvand_export::{VerifyError, VerifyReport};
use std::io::BufReader;

/// What checking a bundle found.
#[derive(Debug)]
pub struct BundleCheck {
    /// The verification (files, Merkle root, signature), or the first thing that failed.
    pub verified: Result<VerifyReport, VerifyError>,
    /// The fingerprint of this server's signing key (the organisation's).
    pub our_fingerprint: String,
    /// Whether the bundle was signed with this server's key (when it verified).
    pub signed_by_us: bool,
    /// Whether the key is the one whose fingerprint the visitor typed from the book, when
    /// they typed one and the bundle verified.
    pub matches_book: Option<bool>,
}

impl BundleCheck {
    /// Whether the bundle is the organisation's, complete and unchanged (and, when a
    /// fingerprint from the book was given, signed with that key).
    #[must_use]
    pub fn authentic(&self) -> bool {
        self.verified.is_ok() && self.signed_by_us && self.matches_book != Some(false)
    }

    /// The receipt lookup, when a code was given and the bundle verified.
    #[must_use]
    pub fn receipt(&self) -> Option<&ReceiptCheck> {
        self.verified.as_ref().ok()?.receipt.as_ref()
    }
}

fn compact(fingerprint: &str) -> String {
    fingerprint
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Verifies the bundle in `file` as `peyvand bundle verify` does, looking `receipt` up in
/// it; `book_fingerprint` is the key fingerprint the visitor read in the book (already
/// checked to be 64 hex digits, any spacing). Memory stays bounded whatever the file holds
/// (see [`peyvand_export::verify`]).
///
/// # Errors
/// Only when the verification task itself fails (a bug); a bad bundle is a
/// [`BundleCheck`] with the reason.
pub async fn check_bundle(
    ctx: &AppContext,
    file: std::fs::File,
    receipt: Option<String>,
    book_fingerprint: Option<String>,
) -> Result<BundleCheck, AppError> {
    let verified = tokio::task::spawn_blocking(move || {
        peyvand_export::verify(BufReader::new(file), None, receipt.as_deref())
    })
    .await
    .map_err(|e| AppError::Internal(format!("bundle verification task: {e}")))?;
    let our_fingerprint = peyvand_export::fingerprint(&ctx.signing_key.verifying_key());
    let (signed_by_us, matches_book) = match &verified {
        Ok(report) => {
            let theirs = compact(&report.key_fingerprint);
            (
                theirs == compact(&our_fingerprint),
                book_fingerprint.map(|fp| compact(&fp) == theirs),
            )
        }
        Err(_) => (false, None),
    };
    Ok(BundleCheck {
        verified,
        our_fingerprint,
        signed_by_us,
        matches_book,
    })
}
