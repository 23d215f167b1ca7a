//! CSRF protection: a random per-browser token in an encrypted (private) cookie, echoed in
//! a hidden `csrf_token` field. [`CsrfForm`] is the data guard every state-changing form
//! uses: it checks the token before anything else, answers 403 on a mismatch, 413 on an
//! oversized body, and keeps the raw submitted values for re-rendering the form.

use crate::crypto::{constant_time_eq, random_token};
use crate::web::forms::FieldErrors;
use rocket::data::{self, Data, FromData, ToByteUnit};
use rocket::form::{Form, FromForm};
use rocket::http::{ContentType, Cookie, RawStr, SameSite, Status};
use rocket::request::{FromRequest, Outcome, Request};
use std::collections::BTreeMap;

/// The cookie holding the token outside release.
pub const CSRF_COOKIE: &str = "csrf";
/// The cookie's name in release: the `__Host-` prefix makes browsers refuse it unless it
/// was set by this host over HTTPS for path `/`, so a sibling subdomain cannot plant one.
pub const CSRF_COOKIE_RELEASE: &str = "__Host-csrf";

fn cookie_name(req: &Request<'_>) -> &'static str {
    if crate::web::secure_cookies(req) {
        CSRF_COOKIE_RELEASE
    } else {
        CSRF_COOKIE
    }
}
/// The form field holding the token.
pub const CSRF_FIELD: &str = "csrf_token";

/// Marks a request whose CSRF token was refused (so its 403 page explains that).
struct CsrfRefused(bool);

/// Whether this request's CSRF token was refused.
pub fn was_refused(req: &Request<'_>) -> bool {
    req.local_cache(|| CsrfRefused(false)).0
}

/// This browser's CSRF token (created and set as a cookie on first use).
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// Returns the request's token, creating it if the browser has none.
pub fn token(req: &Request<'_>) -> String {
    req.local_cache(|| {
        if let Some(c) = req.cookies().get_private(cookie_name(req))
            && c.value().len() >= 32
        {
            return CsrfToken(c.value().to_owned());
        }
        let fresh = random_token().unwrap_or_default();
        let cookie = Cookie::build((cookie_name(req), fresh.clone()))
            .path("/")
            .same_site(SameSite::Lax)
            .http_only(true)
            .secure(crate::web::secure_cookies(req));
        req.cookies().add_private(cookie);
        CsrfToken(fresh)
    })
    .0
    .clone()
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for CsrfToken {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        Outcome::Success(CsrfToken(token(req)))
    }
}

/// A form with no fields of its own: only the CSRF token (a button that acts).
#[derive(Debug, FromForm)]
pub struct TokenOnly {
    /// The token (checked by [`CsrfForm`] before the handler runs).
    pub csrf_token: Option<String>,
}

/// Why a form submission was refused before its handler ran.
#[derive(Debug)]
pub enum FormRejection {
    /// No or wrong CSRF token (403).
    Csrf,
    /// Body larger than the `form` limit (413).
    TooLarge,
    /// Not a URL-encoded form, or unreadable (400/415).
    BadRequest,
}

/// A CSRF-checked form submission: `parsed` is the typed form (or the fields that failed
/// to parse) and `raw` the submitted values, to re-fill the form on a 422.
#[derive(Debug)]
pub struct CsrfForm<T> {
    /// The typed form, or per-field parse errors.
    pub parsed: Result<T, FieldErrors>,
    /// Submitted values by field name (the token excluded).
    pub raw: BTreeMap<String, String>,
}

#[rocket::async_trait]
impl<'r, T> FromData<'r> for CsrfForm<T>
where
    T: for<'a> FromForm<'a> + Send + 'static,
{
    type Error = FormRejection;

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        if req.content_type() != Some(&ContentType::Form) {
            return data::Outcome::Error((Status::UnsupportedMediaType, FormRejection::BadRequest));
        }
        let limit = req.limits().get("form").unwrap_or_else(|| 64.kibibytes());
        let body = match data.open(limit).into_string().await {
            Ok(s) if s.is_complete() => s.into_inner(),
            Ok(_) => {
                return data::Outcome::Error((Status::PayloadTooLarge, FormRejection::TooLarge));
            }
            Err(_) => return data::Outcome::Error((Status::BadRequest, FormRejection::BadRequest)),
        };
        let expected = req
            .cookies()
            .get_private(cookie_name(req))
            .map(|c| c.value().to_owned());
        let fields: Vec<(String, String)> = url::form_urlencoded::parse(body.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let submitted = fields.iter().find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v);
        let valid = matches!((&expected, &submitted),
            (Some(e), Some(s)) if e.len() >= 32 && constant_time_eq(e.as_bytes(), s.as_bytes()));
        if !valid {
            log::warn!(
                "refused a {} {} without a valid CSRF token",
                req.method(),
                crate::web::observe::route_label(req)
            );
            req.local_cache(|| CsrfRefused(true));
            return data::Outcome::Error((Status::Forbidden, FormRejection::Csrf));
        }
        let mut raw = BTreeMap::new();
        for (name, value) in fields {
            if name != CSRF_FIELD {
                raw.entry(name).or_insert(value);
            }
        }
        let parsed = Form::<T>::parse_encoded(RawStr::new(&body))
            .map_err(|errors| FieldErrors::from_rocket(&errors));
        data::Outcome::Success(CsrfForm { parsed, raw })
    }
}

/// Whether `submitted` is this browser's CSRF token (for guards that read the token from a
/// body of their own, such as [`super::upload::CsrfUpload`]).
pub fn submitted_token_valid(req: &Request<'_>, submitted: &str) -> bool {
    req.cookies()
        .get_private(cookie_name(req))
        .is_some_and(|c| {
            c.value().len() >= 32 && constant_time_eq(c.value().as_bytes(), submitted.as_bytes())
        })
}

/// Records that this request's CSRF token was refused (its 403 page then explains that).
pub fn mark_refused(req: &Request<'_>) {
    log::warn!(
        "refused a {} {} without a valid CSRF token",
        req.method(),
        req.uri().path()
    );
    req.local_cache(|| CsrfRefused(true));
}
