//! Staff test helpers: accounts created as the CLI does, enrolment through the pages as a
//! new colleague would (reading the TOTP key off the page), and logins.

use super::{TestApp, extract_attr, form_urlencoded};
use peyvand::domain::staff::account::Role;
use peyvand::domain::staff::second_factor::code_at;
use peyvand::ids::StaffId;
use peyvand::services::staff::accounts::{self as staff, NewStaff};
use rocket::http::{ContentType, Status};
use rocket::local::asynchronous::{Client, LocalResponse};

/// A good password for tests.
pub const PASSWORD: &str = "correct horse battery staple";

/// The current Unix time.
pub fn now_unix() -> u64 {
    u64::try_from(chrono::Utc::now().timestamp()).unwrap()
}

/// GET with a client; status, Location and body.
pub async fn get(client: &Client, path: &str) -> (Status, Option<String>, String) {
    let r = client.get(path.to_owned()).dispatch().await;
    let loc = r.headers().get_one("Location").map(str::to_owned);
    (r.status(), loc, r.into_string().await.unwrap_or_default())
}

/// The CSRF token of a client (from the login page, which every browser can load).
pub async fn csrf(client: &Client) -> String {
    let (_, _, body) = get(client, "/staff/login").await;
    extract_attr(&body, "name=\"csrf_token\" value=\"").expect("CSRF token on the login page")
}

/// POSTs a form with the client's CSRF token.
pub async fn post<'c>(
    client: &'c Client,
    path: &str,
    fields: &[(&str, &str)],
) -> LocalResponse<'c> {
    let token = csrf(client).await;
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    client
        .post(path.to_owned())
        .header(ContentType::Form)
        .body(form_urlencoded(&all))
        .dispatch()
        .await
}

/// A staff member with a base32 TOTP secret and the recovery codes shown at enrolment.
pub struct Member {
    /// Account id.
    pub id: StaffId,
    /// Email.
    pub email: String,
    /// TOTP secret bytes.
    pub secret: Vec<u8>,
    /// Recovery codes.
    pub recovery: Vec<String>,
}

impl Member {
    /// The TOTP code `steps_ahead` steps from now (0: current).
    pub fn code(&self, steps_ahead: u64) -> String {
        code_at(&self.secret, now_unix() + 30 * steps_ahead)
    }
}

/// Creates an account as `peyvand staff create` does; returns its id and enrolment link.
pub async fn create(app: &TestApp, email: &str, roles: &[Role]) -> (StaffId, String) {
    let new = NewStaff {
        email: email.into(),
        display_name: email.split('@').next().unwrap().into(),
        roles: roles.to_vec(),
    };
    let (account, link) = staff::create(
        &app.ctx,
        peyvand::domain::audit::Actor::Cli,
        &new,
        chrono::Utc::now(),
    )
    .await
    .unwrap()
    .expect("account created");
    (account.id, link)
}

/// Enrols through the pages with `client`: password, authenticator, recovery codes. The
/// client ends up fully logged in.
pub async fn enrol(client: &Client, link: &str, id: StaffId, email: &str) -> Member {
    let path = link
        .split("127.0.0.1:8000")
        .nth(1)
        .expect("link on the public URL");
    let (status, _, _) = get(client, path).await;
    assert_eq!(status, Status::Ok, "enrolment page");
    let r = post(
        client,
        path,
        &[("password", PASSWORD), ("password_confirm", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther, "password accepted");
    assert_eq!(
        r.headers().get_one("Location"),
        Some("/staff/enrol/second-factor")
    );
    let (status, _, body) = get(client, "/staff/enrol/second-factor").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("<svg"), "QR code rendered on the server");
    let key = body
        .split("id=\"totp-secret\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("key shown as text");
    let secret = totp_rs::Secret::try_from_base32(key.replace(' ', ""))
        .expect("base32 key")
        .as_bytes()
        .to_vec();
    let code = code_at(&secret, now_unix());
    let r = post(client, "/staff/enrol/second-factor", &[("code", &code)]).await;
    assert_eq!(r.status(), Status::Ok, "authenticator confirmed");
    let body = r.into_string().await.unwrap();
    let recovery: Vec<String> = body
        .split("<li><code>")
        .skip(1)
        .filter_map(|s| s.split("</code>").next().map(str::to_owned))
        .collect();
    assert_eq!(recovery.len(), 10, "ten recovery codes shown once");
    Member {
        id,
        email: email.into(),
        secret,
        recovery,
    }
}

/// Creates and enrols a member with `roles` on a new browser; returns it and the browser.
pub async fn member(app: &TestApp, email: &str, roles: &[Role]) -> (Member, Client) {
    let client = app.new_client().await;
    let (id, link) = create(app, email, roles).await;
    let m = enrol(&client, &link, id, email).await;
    (m, client)
}

/// Logs in with password and then `code`; returns the second response.
pub async fn login<'c>(
    client: &'c Client,
    email: &str,
    password: &str,
    code: &str,
) -> LocalResponse<'c> {
    let r = post(
        client,
        "/staff/login",
        &[("email", email), ("password", password)],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther, "password step for {email}");
    assert_eq!(r.headers().get_one("Location"), Some("/staff/login/verify"));
    post(client, "/staff/login/verify", &[("code", code)]).await
}

/// Logs out.
pub async fn logout(client: &Client) {
    let r = post(client, "/staff/logout", &[]).await;
    assert_eq!(r.status(), Status::SeeOther);
}

/// An administrator's invitation through the staff page (one role).
pub async fn invite<'c>(
    admin: &'c Client,
    email: &str,
    name: &str,
    role: &str,
) -> LocalResponse<'c> {
    post(
        admin,
        "/staff/admin/staff",
        &[("email", email), ("display_name", name), ("roles", role)],
    )
    .await
}
