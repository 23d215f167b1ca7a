//! Rocket plumbing: request guards ([`guards`]), the page context, forms and their errors,
//! security headers, error pages and catchers.

pub mod answer;
pub mod catchers;
pub mod charts;
pub mod forms;
pub mod guards;
pub mod notice;
pub mod observe;
pub mod page;
pub mod pagination;
pub mod params;
pub mod security;
pub mod upload;

use crate::context::AppContext;
use rocket::Request;

/// The application context from managed state.
///
/// # Panics
/// If the app was built without its context: a programming error caught by every test.
#[must_use]
pub fn app_context<'r>(req: &'r Request<'_>) -> &'r AppContext {
    req.rocket()
        .state::<AppContext>()
        .expect("AppContext is managed by peyvand::rocket()")
}

/// Whether cookies must carry the `Secure` flag (release profile).
#[must_use]
pub fn secure_cookies(req: &Request<'_>) -> bool {
    app_context(req).config.is_release()
}
