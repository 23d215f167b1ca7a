//! Staff authentication guards: [`CurrentStaff`] (a full session), the role guards built on
//! it, and the guards of a half-finished login. Handlers declare what they need in their
//! signature and never read the session cookie themselves. A missing session is a 401
//! (the `/staff` catcher sends browsers to the login page; `/staff/api` answers JSON), a
//! wrong role a 403.

use crate::domain::staff::account::{Role, roles_of};
use crate::domain::staff::login_throttle::KnownDevice;
use crate::domain::staff::session::{self as staff_session, Lifetimes, Stage};
use crate::entities::staff;
use crate::ids::SessionId;
use rocket::http::{Cookie, CookieJar, SameSite, Status};
use rocket::request::{FromRequest, Outcome, Request};

/// The session cookie outside release.
pub const STAFF_COOKIE: &str = "staff_session";
/// The session cookie in release (`__Host-`: this host, HTTPS, path `/` only).
pub const STAFF_COOKIE_RELEASE: &str = "__Host-staff_session";

fn cookie_name(secure: bool) -> &'static str {
    release_or(secure, STAFF_COOKIE_RELEASE, STAFF_COOKIE)
}

/// The cookie name for release (`secure`) or development.
fn release_or(secure: bool, release: &'static str, debug: &'static str) -> &'static str {
    if secure { release } else { debug }
}

/// Puts a session token in the (encrypted, HttpOnly, SameSite=Strict) cookie.
pub fn set_session(cookies: &CookieJar<'_>, token: String, secure: bool) {
    let cookie = Cookie::build((cookie_name(secure), token))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure);
    cookies.add_private(cookie);
}

/// Removes the session cookie.
pub fn clear_session(cookies: &CookieJar<'_>, secure: bool) {
    cookies.remove_private(Cookie::build(cookie_name(secure)).path("/"));
}

/// The known-device cookie outside release.
pub const DEVICE_COOKIE: &str = "staff_device";
/// The known-device cookie in release.
pub const DEVICE_COOKIE_RELEASE: &str = "__Host-staff_device";

fn device_cookie_name(secure: bool) -> &'static str {
    release_or(secure, DEVICE_COOKIE_RELEASE, DEVICE_COOKIE)
}

/// Marks this browser as a known device of its account after a full login (encrypted and
/// authenticated, HttpOnly, SameSite=Strict, kept for `lifetime`). It outlives logout:
/// it opens nothing by itself, it only exempts the browser from the per-address lock.
pub fn set_device(
    cookies: &CookieJar<'_>,
    device: &KnownDevice,
    secure: bool,
    lifetime: chrono::Duration,
) {
    let max_age = rocket::time::Duration::seconds(lifetime.num_seconds());
    let cookie = Cookie::build((device_cookie_name(secure), device.encode()))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure)
        .max_age(max_age);
    cookies.add_private(cookie);
}

/// Guard: the browser's known-device cookie, if it carries a valid one (never fails).
#[derive(Debug)]
pub struct StaffDevice(pub Option<KnownDevice>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for StaffDevice {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let secure = crate::web::app_context(req).config.is_release();
        let device = req
            .cookies()
            .get_private(device_cookie_name(secure))
            .and_then(|c| KnownDevice::parse(c.value()));
        Outcome::Success(StaffDevice(device))
    }
}

/// A live session at `stage` and its account (cached per request).
async fn session_at(req: &Request<'_>, stage: Stage) -> Option<(staff::Model, SessionId)> {
    let ctx = crate::web::app_context(req);
    let secure = ctx.config.is_release();
    let token = req
        .cookies()
        .get_private(cookie_name(secure))?
        .value()
        .to_owned();
    let s = &ctx.config.staff;
    let lifetimes = Lifetimes {
        idle: s.idle,
        absolute: s.absolute,
        pending: s.login_pending,
    };
    match staff_session::find_live(&ctx.db, &token, stage, &lifetimes, chrono::Utc::now()).await {
        Ok(Some((session, account))) => Some((account, session.id)),
        Ok(None) => None,
        Err(e) => {
            log::error!("staff session lookup: {e}");
            None
        }
    }
}

/// A fully logged-in staff member.
#[derive(Debug, Clone)]
pub struct CurrentStaff {
    /// The account.
    pub account: staff::Model,
    /// Its roles.
    pub roles: Vec<Role>,
    /// The session's id.
    pub session_id: SessionId,
}

impl CurrentStaff {
    /// Whether the member holds `role`.
    #[must_use]
    pub fn has(&self, role: Role) -> bool {
        self.roles.contains(&role)
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for &'r CurrentStaff {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        let cached: &Option<CurrentStaff> = req
            .local_cache_async(async {
                session_at(req, Stage::Full)
                    .await
                    .map(|(account, session_id)| CurrentStaff {
                        roles: roles_of(&account),
                        account,
                        session_id,
                    })
            })
            .await;
        match cached {
            Some(staff) => Outcome::Success(staff),
            None => Outcome::Error((Status::Unauthorized, ())),
        }
    }
}

macro_rules! role_guard {
    ($name:ident, $role:expr, $doc:literal) => {
        #[doc = $doc]
        #[derive(Debug, Clone)]
        pub struct $name<'r>(pub &'r CurrentStaff);

        #[rocket::async_trait]
        impl<'r> FromRequest<'r> for $name<'r> {
            type Error = ();

            async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
                match req.guard::<&CurrentStaff>().await {
                    Outcome::Success(s) if s.has($role) => Outcome::Success($name(s)),
                    Outcome::Success(_) => Outcome::Error((Status::Forbidden, ())),
                    Outcome::Error(e) => Outcome::Error(e),
                    Outcome::Forward(f) => Outcome::Forward(f),
                }
            }
        }
    };
}

role_guard!(
    AdminStaff,
    Role::Admin,
    "A logged-in staff member with the admin role."
);
role_guard!(
    CaseworkerStaff,
    Role::Caseworker,
    "A logged-in staff member with the caseworker role."
);
role_guard!(
    OrganiserStaff,
    Role::Organiser,
    "A logged-in staff member with the organiser role."
);

/// A login whose password was right and whose second factor is still to come.
#[derive(Debug, Clone)]
pub struct PendingSecondFactor {
    /// The account.
    pub account: staff::Model,
    /// The pending session.
    pub session_id: SessionId,
}

/// A login (or fresh enrolment) that must set up its second factor first.
#[derive(Debug, Clone)]
pub struct PendingTotpEnrolment {
    /// The account.
    pub account: staff::Model,
    /// The pending session.
    pub session_id: SessionId,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for PendingSecondFactor {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        match session_at(req, Stage::SecondFactor).await {
            Some((account, session_id)) => Outcome::Success(Self {
                account,
                session_id,
            }),
            None => Outcome::Error((Status::Unauthorized, ())),
        }
    }
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for PendingTotpEnrolment {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        match session_at(req, Stage::EnrolTotp).await {
            Some((account, session_id)) => Outcome::Success(Self {
                account,
                session_id,
            }),
            None => Outcome::Error((Status::Unauthorized, ())),
        }
    }
}

/// A logged-in organiser or administrator (the petitions overview serves both).
#[derive(Debug, Clone)]
pub struct OrganiserOrAdmin<'r>(pub &'r CurrentStaff);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for OrganiserOrAdmin<'r> {
    type Error = ();

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        match req.guard::<&CurrentStaff>().await {
            Outcome::Success(s) if s.has(Role::Organiser) || s.has(Role::Admin) => {
                Outcome::Success(Self(s))
            }
            Outcome::Success(_) => Outcome::Error((Status::Forbidden, ())),
            Outcome::Error(e) => Outcome::Error(e),
            Outcome::Forward(f) => Outcome::Forward(f),
        }
    }
}
