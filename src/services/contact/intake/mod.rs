//! The public side of family contact: filing a contact request, registering oneself,
//! verifying the email address by a POST (a GET only shows the button), the requester's
//! status page, the registered person's management page, renewal and withdrawal.
//!
//! Safety rule 1 (no existence oracle) shapes this module: filing always stores a new row
//! and queues exactly one content-free email, whoever the address or the sought person is;
//! and [`request_status`], which builds everything a requester can observe, reads the
//! request's own row and nothing else — never registrations or matches. Every personal
//! field is sealed (`domain::contact::records::seal`); the links' tokens are stored only as hashes.
//!
//! Staff pages read the sealed documents through [`open_request`] and
//! [`open_registration`] (and must audit those reads themselves).
//!
//! Filing and registering are in `filing`, the verification link in `verification`, the
//! requester's status link in `status`, the registered person's management link in
//! `management`, what renewal and withdrawal do to either in `renewal`, and opening the
//! sealed documents in `sealed`. What a caseworker files for a person without email (an
//! assisted request, a person located off-line, the later take-over) is in `assisted`.

mod assisted;
mod assisted_list;
mod filing;
mod management;
mod renewal;
mod sealed;
mod status;
mod verification;

pub use assisted::{
    AssistedRequest, OfflineRegistration, TakeoverProblem, file_assisted_request,
    record_offline_registration, reject as reject_assisted, run_approved as run_approved_assisted,
    send_takeover, take_over, takeover_ready,
};
pub use assisted_list::{
    AssistedLists, InForce, Waiting, assisted_lists, audit_requester_view, is_assisted_request,
};
pub use filing::{RegistrationInput, RequestInput, VerifyEmail, file_request, register};
pub(crate) use management::registration_by_manage_token;
pub use management::{
    RegistrationView, registration_view, renew_registration, withdraw_registration,
};
pub use renewal::{Change, RenewalEmail};
pub(crate) use renewal::{REGISTRATION_ROWS, REQUEST_ROWS, Rows};
pub use sealed::{
    RegistrationDetails, RequestDetails, open_registration, open_request, open_sought,
};
pub use status::{RequestStatus, renew_request, request_status, withdraw_request};
pub(crate) use status::{lifecycle, request_by_id, request_by_status_token};
pub use verification::{Kind, LinkEmail, VerifyTarget, verify, verify_target};

use crate::context::AppContext;
use crate::crypto::{random_token, sha256_hex};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::services::audit_log::append;
use chrono::{DateTime, Utc};

/// How long an emailed verification link works; unverified rows are closed after it.
pub const VERIFY_WINDOW_DAYS: i64 = 7;
/// How long before expiry the renewal reminder goes out and the renew button shows.
pub const RENEWAL_NOTICE_DAYS: i64 = 30;
/// Most sought persons one request may name.
pub const MAX_SOUGHT: usize = 3;

/// A date as the portal shows it: in the reader's calendar and digits (Solar Hijri in
/// Persian), in the organisation's time zone.
#[must_use]
pub fn format_date(locale: Locale, at: DateTime<Utc>, zone: &crate::i18n::format::Zone) -> String {
    crate::i18n::format::date(locale, at, zone)
}

/// A link to `/contact/<path>/<token>` in `locale`'s language (emails carry the
/// recipient's language, whatever browser opens them).
pub(crate) fn link(ctx: &AppContext, path: &str, token: &str, locale: Locale) -> String {
    format!(
        "{}/contact/{path}/{token}?lang={}",
        ctx.config.public_url,
        locale.code()
    )
}

/// A fresh token and its stored hash.
fn token_pair() -> Result<(String, String), AppError> {
    let token = random_token()?;
    let hash = sha256_hex(token.as_bytes());
    Ok((token, hash))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Token;
    use chrono::TimeZone;

    #[test]
    fn tokens_of_the_wrong_shape_are_not_looked_up() {
        assert!(Token::parse("short").is_none());
        assert!(Token::parse(&"a".repeat(65)).is_none());
        assert!(Token::parse("abc/def/ghi/jkl/mno/pqr").is_none());
        assert!(Token::parse(&random_token().unwrap()).is_some());
    }

    #[test]
    fn dates_use_the_readers_calendar_and_digits() {
        let at = Utc.with_ymd_and_hms(2026, 3, 21, 12, 0, 0).unwrap();
        let utc = crate::i18n::format::Zone::utc();
        assert_eq!(format_date(Locale::En, at, &utc), "March 21, 2026");
        assert_eq!(format_date(Locale::Fa, at, &utc), "۱ فروردین ۱۴۰۵");
    }
}
