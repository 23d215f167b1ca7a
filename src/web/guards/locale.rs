//! The visitor's locale: `?lang=` (remembered in a cookie), then the cookie, then
//! `Accept-Language`, then English. Resolved once per request and cached.

use crate::i18n::Locale;
use rocket::http::{Cookie, CookieJar, SameSite};
use rocket::request::{FromRequest, Outcome, Request};

/// Name of the cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "lang";

/// The locale resolved for a request, and whether `?lang=` named an unsupported language.
#[derive(Debug, Clone, Copy)]
pub struct Resolved {
    /// The locale to answer in.
    pub locale: Locale,
    /// `?lang=` was given but names no supported language.
    pub unsupported_request: bool,
}

/// Sets the language cookie (`secure` in release).
pub fn remember(cookies: &CookieJar<'_>, locale: Locale, secure: bool) {
    let cookie = Cookie::build((LANG_COOKIE, locale.code()))
        .path("/")
        .same_site(SameSite::Lax)
        .http_only(true)
        .secure(secure)
        .max_age(rocket::time::Duration::days(365));
    cookies.add(cookie);
}

/// Resolves (once per request) the locale to answer in.
pub fn resolve(req: &Request<'_>) -> Resolved {
    *req.local_cache(|| {
        let mut unsupported_request = false;
        if let Some(code) = req.query_value::<&str>("lang").and_then(Result::ok) {
            match Locale::parse(code) {
                Some(l) => {
                    remember(req.cookies(), l, crate::web::secure_cookies(req));
                    return Resolved {
                        locale: l,
                        unsupported_request: false,
                    };
                }
                None => unsupported_request = true,
            }
        }
        let locale = req
            .cookies()
            .get(LANG_COOKIE)
            .and_then(|c| Locale::parse(c.value()))
            .or_else(|| {
                req.headers()
                    .get_one("Accept-Language")
                    .and_then(Locale::negotiate)
            })
            .unwrap_or_default();
        Resolved {
            locale,
            unsupported_request,
        }
    })
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Locale {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        Outcome::Success(resolve(req).locale)
    }
}
