//! The "lost your link?" form as submitted and its check.

use crate::context::AppContext;
use crate::domain::people::email::SignerEmail;
use crate::error::AppError;
use crate::web::forms::{FieldErrors, signer_email_field};
use crate::web::guards::csrf::CsrfForm;
use rocket::form::FromForm;

/// Longest address accepted (RFC 5321's path limit).
const MAX_EMAIL_CHARS: usize = 254;

/// The form: one address.
#[derive(Debug, FromForm)]
pub struct LostLinkForm {
    pub(super) email: String,
}

/// Checks the form: the address, canonicalised with the signing rules (the same rules
/// contact records and signatures were indexed with).
pub(super) async fn check(
    ctx: &AppContext,
    form: &CsrfForm<LostLinkForm>,
) -> Result<Result<SignerEmail, FieldErrors>, AppError> {
    let mut e = FieldErrors::default();
    let Ok(f) = &form.parsed else {
        e.add("email", "required");
        return Ok(Err(e));
    };
    if f.email.chars().count() > MAX_EMAIL_CHARS {
        e.add("email", "invalid");
        return Ok(Err(e));
    }
    let settings = crate::services::petitions::sign::settings(ctx).await?;
    match signer_email_field(&f.email, settings.rules(), &mut e) {
        Some(email) if e.is_empty() => Ok(Ok(email)),
        _ => Ok(Err(e)),
    }
}
