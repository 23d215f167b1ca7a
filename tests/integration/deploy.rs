//! Running Peyvand the way self-hosted software is run: the built binary serves pages with
//! the source tree out of reach (hidden in a mount namespace), an organisation's override
//! directory replaces built-in files, and a missing one stops start-up.

use crate::support::TestApp;
use peyvand::assets::{Assets, Base};
use rocket::http::Status;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

fn source() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether this process may make a mount namespace (root, as in CI).
fn can_unshare() -> bool {
    Command::new("unshare")
        .args(["--mount", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A server process that is killed when dropped.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn wait_until_up(client: &reqwest::Client, url: &str, server: &mut Server) {
    for _ in 0..300 {
        if let Ok(Some(status)) = server.0.try_wait() {
            panic!("the server exited: {status}");
        }
        if client
            .get(url)
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not start");
}

#[rocket::async_test]
async fn the_binary_serves_pages_with_the_source_tree_hidden() {
    if !can_unshare() {
        assert!(
            std::env::var("CI").is_err(),
            "CI must be able to make a mount namespace (it runs as root)"
        );
        eprintln!("skipped: no mount namespace here (needs root; CI runs as root)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    assert!(
        !tmp.path().starts_with(source()),
        "the temp dir must be outside the source tree"
    );
    // The binary, copied out of target/ (which is inside the source tree).
    let bin = tmp.path().join("peyvand");
    std::fs::copy(env!("CARGO_BIN_EXE_peyvand"), &bin).unwrap();
    let (run, data) = (tmp.path().join("run"), tmp.path().join("data"));
    std::fs::create_dir_all(&run).unwrap();
    let port = crate::support::smtp::unused_port();
    // An empty tmpfs over the source tree: neither templates/, static/ nor locales/ can
    // be read; the script refuses to go on if the tree is still visible.
    let script = r#"mount -t tmpfs none "$SRC" || exit 97
        test -e "$SRC/Cargo.toml" && exit 98
        "$BIN" demo seed >/dev/null || exit 99
        exec "$BIN" serve"#;
    let child = Command::new("unshare")
        .args(["--mount", "--propagation", "private", "sh", "-c", script])
        .current_dir(&run)
        .env("SRC", source())
        .env("BIN", &bin)
        .env_remove("DATABASE_URL")
        .env_remove("ROCKET_CONFIG")
        .env("PEYVAND_DATA_DIR", &data)
        .env("PEYVAND_MAIL_TRANSPORT", "file")
        .env("ROCKET_PROFILE", "debug")
        .env("ROCKET_ADDRESS", "127.0.0.1")
        .env("ROCKET_PORT", port.to_string())
        .env("ROCKET_LOG_LEVEL", "critical")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let url = |path: &str| format!("http://127.0.0.1:{port}{path}");
    let client = reqwest::Client::new();
    wait_until_up(&client, &url("/healthz"), &mut server).await;

    let get = |path: &'static str| {
        let client = client.clone();
        let url = url(path);
        async move {
            let r = client.get(url).send().await.unwrap();
            let status = r.status().as_u16();
            let ct = r
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default();
            (status, ct, r.bytes().await.unwrap().to_vec())
        }
    };
    let (status, ct, body) = get("/?lang=fa").await;
    let body = String::from_utf8(body).unwrap();
    assert_eq!((status, ct.as_str()), (200, "text/html; charset=utf-8"));
    assert!(body.contains("dir=\"rtl\""), "{body}");
    assert!(
        body.contains("let-families-visit"),
        "the demo petition is listed"
    );
    assert!(!body.contains('⟦'), "every translation was found");

    let (status, ct, body) = get("/petitions/let-families-visit").await;
    let body = String::from_utf8(body).unwrap();
    assert_eq!((status, ct.as_str()), (200, "text/html; charset=utf-8"));
    assert!(body.contains("name=\"csrf_token\""), "the signing form");
    assert!(!body.contains('⟦'));

    for (path, ct) in [
        ("/static/css/app.css", "text/css; charset=utf-8"),
        ("/static/fonts/Vazirmatn-Regular.woff2", "font/woff2"),
        ("/static/favicon.svg", "image/svg+xml"),
    ] {
        let (status, got, body) = get(path).await;
        assert_eq!((status, got.as_str()), (200, ct), "{path}");
        let file = source().join(path.trim_start_matches('/'));
        assert_eq!(body, std::fs::read(file).unwrap(), "{path} byte for byte");
    }
    let (status, _, _) = get("/static/../Cargo.toml").await;
    assert_eq!(status, 404);
    let (status, ct, _) = get("/no-such-page").await;
    assert_eq!((status, ct.as_str()), (404, "text/html; charset=utf-8"));
}

#[rocket::async_test]
async fn compiled_in_pages_are_the_same_bytes_as_the_source_trees() {
    // Error pages carry no CSRF token, so two apps render them identically, but for the
    // compiled-in copy's fingerprinted static links.
    let embedded = TestApp::builder()
        .config(|c| c.assets = Assets::with_base(Base::Embedded, None).unwrap())
        .build()
        .await;
    let disk = TestApp::builder()
        .config(|c| c.assets = Assets::with_base(Base::SourceTree(source()), None).unwrap())
        .build()
        .await;
    for path in [
        "/no-such-page",
        "/no-such-page?lang=fa",
        "/no-such-page?lang=fr",
    ] {
        let (a, b) = (embedded.get(path).await, disk.get(path).await);
        assert_eq!(a.0, Status::NotFound);
        assert_ne!(a.1, b.1, "the compiled-in copy links fingerprinted names");
        assert_eq!((a.0, without_fingerprints(&a.1)), b, "{path}");
    }
}

#[rocket::async_test]
async fn an_override_directory_replaces_built_in_files_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let o = dir.path();
    std::fs::create_dir_all(o.join("static/css")).unwrap();
    std::fs::create_dir_all(o.join("templates")).unwrap();
    std::fs::write(o.join("static/css/app.css"), "body { color: teal }").unwrap();
    std::fs::write(o.join("static/logo.txt"), "our logo").unwrap();
    // The organisation's own error page, in the shared layout.
    let error = std::fs::read_to_string(source().join("templates/error.html.hbs")).unwrap();
    std::fs::write(
        o.join("templates/error.html.hbs"),
        error.replacen("{{#> layout}}", "{{#> layout}}<p>Our own look</p>", 1),
    )
    .unwrap();
    let path = o.to_path_buf();
    let app = TestApp::builder()
        .config(move |c| c.assets = Assets::with_base(Base::Embedded, Some(path)).unwrap())
        .build()
        .await;
    let r = app.client.get("/static/css/app.css").dispatch().await;
    assert_eq!(r.status(), Status::Ok);
    assert_eq!(
        r.content_type().map(|c| c.to_string()).as_deref(),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(r.into_string().await.unwrap(), "body { color: teal }");
    assert_eq!(app.get("/static/logo.txt").await.1, "our logo");
    let (status, font) = (
        app.client
            .get("/static/fonts/Vazirmatn-Bold.woff2")
            .dispatch()
            .await
            .status(),
        (),
    );
    assert_eq!((status, font), (Status::Ok, ()), "the rest stays built in");
    let (status, body) = app.get("/no-such-page").await;
    assert_eq!(status, Status::NotFound);
    assert!(body.contains("<p>Our own look</p>"), "{body}");
    let (status, body) = app.get("/").await;
    assert_eq!(status, Status::Ok);
    assert!(!body.contains("Our own look"));
}

fn peyvand(args: &[&str], env: &[(&str, &Path)]) -> std::process::Output {
    let data = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_peyvand"));
    cmd.args(args)
        .current_dir(data.path())
        .env_remove("DATABASE_URL")
        .env("PEYVAND_DATA_DIR", data.path().join("data"))
        .env("ROCKET_PROFILE", "debug");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn a_missing_empty_or_broken_override_directory_stops_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing");
    let out = peyvand(&["migrate"], &[("PEYVAND_OVERRIDE_DIR", &missing)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("override_dir") && err.contains("missing"),
        "{err}"
    );

    let out = peyvand(&["migrate"], &[("PEYVAND_OVERRIDE_DIR", dir.path())]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("neither a templates/ nor a static/"), "{err}");

    std::fs::create_dir_all(dir.path().join("templates")).unwrap();
    std::fs::write(dir.path().join("templates/home.html.hbs"), "{{#if}").unwrap();
    let out = peyvand(&["migrate"], &[("PEYVAND_OVERRIDE_DIR", dir.path())]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("home.html.hbs"), "{err}");
}

/// `page` with every fingerprint (`.` and 16 hex digits before an extension) taken out
/// of its `/static/` links.
fn without_fingerprints(page: &str) -> String {
    let mut out = String::new();
    let mut rest = page;
    while let Some(i) = rest.find("/static/") {
        let end = rest[i..].find('"').map_or(rest.len(), |e| i + e);
        let link = &rest[i..end];
        let plain = match link.rsplit_once('.') {
            Some((head, ext)) => match head.rsplit_once('.') {
                Some((stem, hash))
                    if hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()) =>
                {
                    format!("{stem}.{ext}")
                }
                _ => link.to_owned(),
            },
            None => link.to_owned(),
        };
        out.push_str(&rest[..i]);
        out.push_str(&plain);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn cache_control(r: &rocket::local::asynchronous::LocalResponse<'_>) -> String {
    r.headers()
        .get_one("Cache-Control")
        .unwrap_or_default()
        .to_owned()
}

/// The fingerprinted path `page` links for `prefix…suffix` (e.g. `/static/css/app.` and
/// `.css`): 16 hex digits in between.
fn linked(page: &str, prefix: &str, suffix: &str) -> String {
    page.split(prefix)
        .skip(1)
        .find_map(|rest| {
            let hash = rest.get(..16)?;
            (hash.chars().all(|c| c.is_ascii_hexdigit()) && rest[16..].starts_with(suffix))
                .then(|| format!("{prefix}{hash}{suffix}"))
        })
        .unwrap_or_else(|| panic!("no fingerprinted {prefix}…{suffix} in {page}"))
}

#[rocket::async_test]
async fn compiled_in_static_files_are_linked_by_fingerprint_and_kept_for_a_year() {
    let app = TestApp::builder()
        .config(|c| c.assets = Assets::with_base(Base::Embedded, None).unwrap())
        .build()
        .await;
    let (status, page) = app.get("/?lang=fa").await;
    assert_eq!(status, Status::Ok);
    let css = linked(&page, "/static/css/app.", ".css");
    linked(&page, "/static/js/forms.", ".js");
    linked(&page, "/static/favicon.", ".svg");

    let r = app.client.get(css.clone()).dispatch().await;
    assert_eq!(r.status(), Status::Ok);
    assert_eq!(cache_control(&r), "public, max-age=31536000, immutable");
    let sheet = r.into_string().await.unwrap();
    // The stylesheet links its fonts by fingerprint too.
    let font = linked(&sheet, "/static/fonts/Vazirmatn-Regular.", ".woff2");
    assert!(!sheet.contains("/static/fonts/Vazirmatn-Regular.woff2"));
    let r = app.client.get(font).dispatch().await;
    assert_eq!(r.status(), Status::Ok);
    assert_eq!(cache_control(&r), "public, max-age=31536000, immutable");
    assert_eq!(
        r.content_type().map(|c| c.to_string()).as_deref(),
        Some("font/woff2")
    );
    assert_eq!(
        r.into_bytes().await.unwrap(),
        std::fs::read(source().join("static/fonts/Vazirmatn-Regular.woff2")).unwrap()
    );

    // The plain name still answers, with the file as written, for an hour.
    let r = app.client.get("/static/css/app.css").dispatch().await;
    assert_eq!(cache_control(&r), "public, max-age=3600");
    assert_eq!(
        r.into_string().await.unwrap(),
        std::fs::read_to_string(source().join("static/css/app.css")).unwrap()
    );
    // A fingerprint that is not the file's is not found.
    let r = app
        .client
        .get("/static/css/app.0123456789abcdef.css")
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::NotFound);
}

#[rocket::async_test]
async fn an_overridden_stylesheet_gets_its_own_fingerprint() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("static/css")).unwrap();
    std::fs::write(
        dir.path().join("static/css/app.css"),
        "body { color: teal }",
    )
    .unwrap();
    let path = dir.path().to_path_buf();
    let ours = TestApp::builder()
        .config(move |c| c.assets = Assets::with_base(Base::Embedded, Some(path)).unwrap())
        .build()
        .await;
    let built_in = TestApp::builder()
        .config(|c| c.assets = Assets::with_base(Base::Embedded, None).unwrap())
        .build()
        .await;
    let a = linked(&ours.get("/").await.1, "/static/css/app.", ".css");
    let b = linked(&built_in.get("/").await.1, "/static/css/app.", ".css");
    assert_ne!(a, b);
    assert_eq!(ours.get(&a).await.1, "body { color: teal }");
}
