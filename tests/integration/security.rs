//! Web security plumbing: CSRF on every state-changing route, body limits, form errors as
//! 422 with the form re-filled, headers, rate limiting and trusted proxies.

use crate::support::{TestApp, extract_attr, html_lang_dir};
use rocket::http::{ContentType, Header, Method, Status};
use std::net::SocketAddr;

#[rocket::async_test]
async fn every_state_changing_route_refuses_a_request_without_csrf_token() {
    let app = TestApp::new().await;
    app.get("/?lang=en").await; // a browser that has visited: has cookies, no token in the form
    let routes: Vec<_> = app
        .client
        .rocket()
        .routes()
        .filter(|r| {
            matches!(
                r.method,
                Method::Post | Method::Put | Method::Patch | Method::Delete
            )
        })
        .map(|r| (r.method, r.uri.path().to_string()))
        .collect();
    assert!(!routes.is_empty());
    for (method, path) in routes {
        // RFC 8058's one-click unsubscribe comes from mail clients without a token; it only
        // takes news away, and its own answer is the same for any token (tests/integration/
        // petitions/news.rs).
        if path.starts_with("/news/unsubscribe/") {
            continue;
        }
        let path = path.replace(['<', '>'], "");
        for body in [
            "lang=fa",
            "csrf_token=forged&lang=fa",
            "csrf_token=&lang=fa",
        ] {
            let r = app
                .client
                .req(method, path.clone())
                .header(ContentType::Form)
                .body(body)
                .dispatch()
                .await;
            // Staff routes check the session first (no session: to the login page);
            // logged-in staff are checked for the token in `staff::csrf_*`.
            let to_login = r.status() == Status::SeeOther
                && r.headers().get_one("Location") == Some("/staff/login");
            assert!(
                r.status() == Status::Forbidden || (path.starts_with("/staff") && to_login),
                "{method} {path} with {body}: {}",
                r.status()
            );
            assert!(
                r.cookies().get("lang").is_none(),
                "{method} {path} changed state"
            );
        }
    }
    let (_, body) = app.get("/").await;
    assert_eq!(html_lang_dir(&body).0, "en", "nothing changed");
}

#[rocket::async_test]
async fn the_403_page_explains_and_is_translated() {
    let app = TestApp::new().await;
    app.get("/?lang=fa").await;
    let r = app.post_form("/language", &[("lang", "fr")]).await;
    assert_eq!(r.status(), Status::Forbidden);
    let body = r.into_string().await.unwrap();
    assert_eq!(html_lang_dir(&body), ("fa".into(), "rtl".into()));
    assert!(body.contains("فرم منقضی شده است"));
}

#[rocket::async_test]
async fn a_valid_form_changes_the_language_and_redirects_locally() {
    let app = TestApp::new().await;
    let r = app
        .post_form_csrf("/language", &[("lang", "fa"), ("next", "/petitions/x")])
        .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(r.headers().get_one("Location"), Some("/petitions/x"));
    let (_, body) = app.get("/").await;
    assert_eq!(html_lang_dir(&body).0, "fa");
}

#[rocket::async_test]
async fn bad_form_input_gets_422_with_the_form_refilled_and_translated() {
    let app = TestApp::new().await;
    app.get("/?lang=fr").await;
    for fields in [
        vec![("lang", "de"), ("next", "/")],
        vec![("lang", "<script>alert(1)</script>"), ("next", "/")],
        vec![("lang", "fa"), ("next", "//evil.example/")],
        vec![("lang", "fa"), ("next", "https://evil.example/")],
        vec![("next", "/")],
        vec![("lang", "fa"), ("next", "/س")],
        vec![("lang", "fa"), ("next", "/a b")],
    ] {
        let r = app.post_form_csrf("/language", &fields).await;
        assert_eq!(r.status(), Status::UnprocessableEntity, "{fields:?}");
        assert!(r.headers().get_one("Location").is_none());
        let body = r.into_string().await.unwrap();
        assert_eq!(
            html_lang_dir(&body).0,
            "fr",
            "still in the visitor's language"
        );
        assert!(
            body.contains("Veuillez corriger"),
            "{fields:?}: error summary"
        );
        assert!(!body.contains("<script>alert"), "submitted text is escaped");
        if let Some((_, next)) = fields.iter().find(|(k, _)| *k == "next") {
            let shown = extract_attr(&body, "name=\"next\" value=\"").unwrap();
            assert_eq!(
                shown.replace("&#x2F;", "/").replace("&#x3D;", "="),
                *next,
                "form re-filled"
            );
        }
    }
    let (_, body) = app.get("/").await;
    assert_eq!(html_lang_dir(&body).0, "fr", "nothing stored");
}

#[rocket::async_test]
async fn oversized_and_non_form_bodies_are_refused() {
    let app = TestApp::new().await;
    let token = app.csrf_token().await;
    let huge = format!("csrf_token={token}&lang=fa&next=/{}", "a".repeat(70 * 1024));
    let r = app
        .client
        .post("/language")
        .header(ContentType::Form)
        .body(huge)
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::PayloadTooLarge);
    let r = app
        .client
        .post("/language")
        .header(ContentType::JSON)
        .body("{\"lang\":\"fa\"}")
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::UnsupportedMediaType);
    let (_, body) = app.get("/").await;
    assert_eq!(html_lang_dir(&body).0, "en", "nothing changed");
}

#[rocket::async_test]
async fn security_headers_are_on_pages_errors_and_files() {
    let app = TestApp::new().await;
    for path in ["/", "/no-such-page", "/static/css/app.css", "/healthz"] {
        let r = app.client.get(path).dispatch().await;
        let h = r.headers();
        let csp = h.get_one("Content-Security-Policy").unwrap_or_default();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{path}"
        );
        assert!(!csp.contains("unsafe-inline"));
        assert_eq!(h.get_one("Referrer-Policy"), Some("no-referrer"), "{path}");
        assert_eq!(
            h.get_one("X-Content-Type-Options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(h.get_one("X-Frame-Options"), Some("DENY"), "{path}");
        assert!(
            h.get_one("Strict-Transport-Security").is_none(),
            "no HSTS outside release"
        );
    }
}

#[test]
fn templates_have_no_inline_script_or_style() {
    // The CSP forbids inline script and style; catch them before a browser does.
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n != "email") {
                    walk(&p, out);
                }
            } else {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/templates")),
        &mut files,
    );
    assert!(files.len() >= 5);
    for f in files {
        // The one script, a file the CSP allows ('self'): focuses a refused form's summary.
        let text = std::fs::read_to_string(&f).unwrap().to_lowercase().replace(
            "<script src=\"{{static \"js/forms.js\"}}\" defer></script>",
            "",
        );
        for bad in [
            "<script",
            " style=",
            "<style",
            "onclick=",
            "onload=",
            "javascript:",
        ] {
            assert!(!text.contains(bad), "{} contains {bad}", f.display());
        }
    }
}

#[rocket::async_test]
async fn state_changing_requests_are_rate_limited_per_client() {
    let app = TestApp::builder()
        .config(|c| {
            c.rate_limit_burst = 2;
            c.rate_limit_per_minute = 2;
            c.trusted_proxies = vec!["10.0.0.1/32".parse().unwrap()];
        })
        .build()
        .await;
    let token = app.csrf_token().await;
    let body = format!("csrf_token={token}&lang=en");
    let post = |remote: &str, xff: Option<&str>| {
        let mut req = app
            .client
            .post("/language")
            .header(ContentType::Form)
            .body(body.clone())
            .remote(remote.parse::<SocketAddr>().unwrap());
        if let Some(x) = xff {
            req = req.header(Header::new("X-Forwarded-For", x.to_owned()));
        }
        req.dispatch()
    };
    // A direct client: two allowed, the third refused — a forged X-Forwarded-For does not help.
    assert_eq!(
        post("198.51.100.7:1000", None).await.status(),
        Status::SeeOther
    );
    assert_eq!(
        post("198.51.100.7:1001", Some("203.0.113.1"))
            .await
            .status(),
        Status::SeeOther
    );
    let r = post("198.51.100.7:1002", Some("203.0.113.2")).await;
    assert_eq!(r.status(), Status::TooManyRequests);
    assert!(r.into_string().await.unwrap().contains("Too many attempts"));
    // Behind the trusted proxy, each forwarded client has its own allowance.
    assert_eq!(
        post("10.0.0.1:2000", Some("203.0.113.50")).await.status(),
        Status::SeeOther
    );
    assert_eq!(
        post("10.0.0.1:2001", Some("203.0.113.51")).await.status(),
        Status::SeeOther
    );
    assert_eq!(
        post("10.0.0.1:2002", Some("203.0.113.51")).await.status(),
        Status::SeeOther
    );
    assert_eq!(
        post("10.0.0.1:2003", Some("203.0.113.51")).await.status(),
        Status::TooManyRequests
    );
}

#[rocket::async_test]
async fn no_server_header_names_the_software() {
    let app = TestApp::new().await;
    for path in ["/", "/no-such-page", "/static/css/app.css"] {
        let r = app.client.get(path).dispatch().await;
        assert!(r.headers().get_one("Server").is_none(), "{path}");
    }
}

#[rocket::async_test]
async fn link_pages_are_rate_limited_per_network_valid_and_invalid_tokens_alike() {
    let app = TestApp::builder()
        .config(|c| {
            c.link_rate_limit_burst = 5;
            c.link_rate_limit_per_minute = 1;
        })
        .build()
        .await;
    let (_, link) = crate::support::staff::create(
        &app,
        "limit@peyvand.test",
        &[peyvand::domain::staff::account::Role::Organiser],
    )
    .await;
    let valid = link.split("127.0.0.1:8000").nth(1).unwrap().to_owned();
    let random = |i: usize| {
        let t = hex::encode(peyvand::crypto::random_bytes::<16>().unwrap());
        match i % 6 {
            0 => format!("/signatures/confirm/{t}"),
            1 => format!("/signatures/withdraw/{t}"),
            2 => format!("/contact/status/{t}"),
            3 => format!("/p/{t}"),
            4 => format!("/contact/reply/{t}"),
            _ => format!("/staff/enrol/{t}"),
        }
    };
    let get = |path: String, remote: &'static str| {
        app.client
            .get(path)
            .remote(remote.parse::<SocketAddr>().unwrap())
            .dispatch()
    };
    // One network guesses: five pages, then 429 — for the valid link as for a guess.
    for i in 0..5 {
        let r = get(random(i), "198.51.100.7:1000").await;
        assert_ne!(r.status(), Status::TooManyRequests, "request {i}");
    }
    let refused_valid = get(valid.clone(), "198.51.100.7:1001").await;
    assert_eq!(refused_valid.status(), Status::TooManyRequests);
    let refused_valid = refused_valid.into_string().await.unwrap();
    assert!(refused_valid.contains("Too many attempts"));
    for i in 0..20 {
        let r = get(random(i), "198.51.100.7:1002").await;
        assert_eq!(r.status(), Status::TooManyRequests, "guess {i}");
    }
    let refused_guess = get(random(0), "198.51.100.7:1003")
        .await
        .into_string()
        .await
        .unwrap();
    assert_eq!(
        refused_valid.len(),
        refused_guess.len(),
        "a refusal says nothing about the token"
    );
    // Another network opening the valid link five times is counted the same way.
    for i in 0..5 {
        let r = get(valid.clone(), "203.0.113.9:1000").await;
        assert_eq!(r.status(), Status::Ok, "valid link, request {i}");
    }
    assert_eq!(
        get(random(1), "203.0.113.9:1001").await.status(),
        Status::TooManyRequests
    );
    // A third network is unaffected.
    assert_eq!(
        get(valid.clone(), "[2001:db8:1::1]:1000").await.status(),
        Status::Ok
    );
    // Pages without a token are not counted here.
    for _ in 0..10 {
        let r = get("/".to_owned(), "198.51.100.7:1004").await;
        assert_eq!(r.status(), Status::Ok);
    }
}

#[rocket::async_test]
async fn without_rocket_toml_the_documented_body_limits_hold() {
    let app = TestApp::new().await;
    // Rocket's own defaults only (no Rocket.toml, no environment): the form limit would be
    // 32 KiB.
    let figment =
        rocket::figment::Figment::from(rocket::Config::default()).merge(("log_level", "off"));
    let client = rocket::local::asynchronous::Client::tracked(peyvand::rocket(
        app.ctx.clone(),
        &app.secrets.rocket_secret_key,
        figment,
    ))
    .await
    .unwrap();
    let (_, body) = {
        let r = client.get("/language").dispatch().await;
        (r.status(), r.into_string().await.unwrap())
    };
    let token = extract_attr(&body, "name=\"csrf_token\" value=\"").unwrap();
    let post = |size: usize| {
        client
            .post("/language")
            .header(ContentType::Form)
            .body(format!(
                "csrf_token={token}&lang=fa&next=/{}",
                "a".repeat(size)
            ))
            .dispatch()
    };
    // Read and judged on its content (the return path is too long: 422), not refused
    // unread for its size (413).
    let r = post(40 * 1024).await;
    assert_eq!(
        r.status(),
        Status::UnprocessableEntity,
        "a 40 KiB form is read"
    );
    assert_eq!(post(70 * 1024).await.status(), Status::PayloadTooLarge);
}

#[rocket::async_test]
async fn a_link_segment_not_shaped_like_a_token_is_answered_as_an_unknown_token() {
    use crate::support::http::{Seen, get, post};
    let app = TestApp::builder()
        .config(|c| {
            c.rate_limit_burst = 10_000;
            c.link_rate_limit_burst = 10_000;
        })
        .build()
        .await;
    app.get("/?lang=en").await;
    let unknown = peyvand::crypto::random_token().unwrap();
    let long = "a".repeat(65);
    let malformed = [
        "short",
        long.as_str(),
        "not.a.token.at.all.0000",
        "~~~~~~~~~~~~~~~~~~~~~~~~",
    ];
    let gets = [
        "/signatures/confirm/T",
        "/signatures/withdraw/T",
        "/contact/verify/T",
        "/contact/status/T",
        "/contact/status/T/withdraw",
        "/contact/registration/T",
        "/contact/registration/T/withdraw",
        "/p/T",
        "/contact/reply/T",
        "/staff/enrol/T",
    ];
    let answer: &[(&str, &str)] = &[("decision", "accept"), ("choice", "relay")];
    let posts: [(&str, &[(&str, &str)]); 16] = [
        ("/signatures/confirm/T", &[]),
        ("/signatures/withdraw/T", &[]),
        ("/contact/verify/T", &[]),
        ("/contact/status/T/renew", &[]),
        ("/contact/status/T/withdraw", &[]),
        ("/contact/status/T/confirm", answer),
        ("/contact/status/T/messages/1", &[("body", "hello")]),
        ("/contact/status/T/leave/1", &[]),
        ("/contact/registration/T/renew", &[]),
        ("/contact/registration/T/withdraw", &[]),
        ("/contact/reply/T", answer),
        ("/contact/reply/T/withdraw", &[]),
        ("/contact/reply/T/messages", &[("body", "hello")]),
        (
            "/staff/enrol/T",
            &[("password", "x"), ("password_confirm", "x")],
        ),
        ("/contact/status/T/confirm", &[]),
        ("/contact/reply/T/messages", &[]),
    ];
    // The token itself may appear in what is shown (a form's address): compared without it.
    let without = |s: Seen, t: &str| Seen {
        body: s.body.replace(t, "T"),
        ..s
    };
    for path in gets {
        let expected = without(get(&app, &path.replace('T', &unknown)).await, &unknown);
        for bad in malformed {
            let seen = without(get(&app, &path.replace('T', bad)).await, bad);
            assert_eq!(seen, expected, "GET {path} with {bad}");
        }
    }
    for (path, fields) in posts {
        let expected = without(
            post(&app, &path.replace('T', &unknown), fields).await,
            &unknown,
        );
        for bad in malformed {
            let seen = without(post(&app, &path.replace('T', bad), fields).await, bad);
            assert_eq!(seen, expected, "POST {path} with {bad}");
        }
    }
}
