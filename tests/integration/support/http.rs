//! Responses as comparable wholes (status, sorted headers, body), for the tests that compare
//! what different visitors see, and the form posts and page loads that produce them.

use super::TestApp;
use rocket::http::Status;
use rocket::local::asynchronous::LocalResponse;

/// A response as a comparable whole: status, headers (sorted) and body.
#[derive(Debug, PartialEq, Eq)]
pub struct Seen {
    pub status: Status,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// Reads a response into a [`Seen`].
pub async fn seen(r: LocalResponse<'_>) -> Seen {
    let status = r.status();
    let mut headers: Vec<(String, String)> = r
        .headers()
        .iter()
        .map(|h| (h.name().to_string(), h.value().to_string()))
        .collect();
    headers.sort();
    Seen {
        status,
        headers,
        body: r.into_string().await.unwrap_or_default(),
    }
}

/// POSTs a form with a valid CSRF token.
pub async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Seen {
    seen(app.post_form_csrf(path, fields).await).await
}

/// GETs a page.
pub async fn get(app: &TestApp, path: &str) -> Seen {
    seen(app.client.get(path.to_owned()).dispatch().await).await
}

/// A header of a response, by name (any case).
pub fn header<'a>(s: &'a Seen, name: &str) -> Option<&'a str> {
    s.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
