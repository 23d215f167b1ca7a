//! Public pages: languages and directions, negotiation, the language cookie, error pages.

use crate::support::{TestApp, html_lang_dir};
use rocket::http::{Header, Status};

#[rocket::async_test]
async fn home_page_speaks_each_language_with_its_direction() {
    let app = TestApp::new().await;
    for (code, dir, heading) in [
        ("en", "ltr", "Families, together again"),
        ("fa", "rtl", "خانواده‌ها، دوباره در کنار هم"),
        ("fr", "ltr", "Des familles enfin réunies"),
    ] {
        let (status, body) = app.get(&format!("/?lang={code}")).await;
        assert_eq!(status, Status::Ok);
        assert_eq!(html_lang_dir(&body), (code.to_owned(), dir.to_owned()));
        assert!(body.contains(heading), "{code}: {body}");
        assert!(!body.contains('⟦'), "{code}: untranslated key in page");
    }
}

#[rocket::async_test]
async fn locale_comes_from_query_then_cookie_then_accept_language() {
    let app = TestApp::new().await;
    let (_, body) = app
        .get_with(
            "/",
            Header::new("Accept-Language", "de, fa-IR;q=0.8, en;q=0.5"),
        )
        .await;
    assert_eq!(html_lang_dir(&body).0, "fa");
    // ?lang= wins and is remembered in a cookie …
    let (_, body) = app.get("/?lang=fr").await;
    assert_eq!(html_lang_dir(&body).0, "fr");
    // … which then beats Accept-Language.
    let (_, body) = app
        .get_with("/", Header::new("Accept-Language", "fa"))
        .await;
    assert_eq!(html_lang_dir(&body).0, "fr");
}

#[rocket::async_test]
async fn an_unsupported_lang_value_shows_a_notice_not_an_error() {
    let app = TestApp::new().await;
    for bad in ["xx", "%3Cscript%3E", "en%00", &"a".repeat(5000)] {
        let (status, body) = app.get(&format!("/?lang={bad}")).await;
        assert_eq!(status, Status::Ok, "{bad}");
        assert_eq!(html_lang_dir(&body).0, "en");
        assert!(body.contains("That language is not available"), "{bad}");
        assert!(!body.contains("<script>"));
    }
    // The bad value did not replace a stored choice.
    app.get("/?lang=fa").await;
    let (_, body) = app.get("/?lang=zz").await;
    assert_eq!(html_lang_dir(&body).0, "fa");
}

#[rocket::async_test]
async fn not_found_pages_are_translated_404s() {
    let app = TestApp::new().await;
    for (code, dir, text) in [
        ("en", "ltr", "Page not found"),
        ("fa", "rtl", "صفحه پیدا نشد"),
        ("fr", "ltr", "Page introuvable"),
    ] {
        let (status, body) = app.get(&format!("/no/such/page?lang={code}")).await;
        assert_eq!(status, Status::NotFound);
        assert_eq!(html_lang_dir(&body), (code.to_owned(), dir.to_owned()));
        assert!(body.contains(text));
    }
    let (status, _) = app.get("/petitions/no-such-petition").await;
    assert_eq!(status, Status::NotFound);
}

#[rocket::async_test]
async fn demo_petition_is_listed_and_shown_in_the_visitors_language() {
    let app = TestApp::new().await;
    let (_, body) = app.get("/?lang=en").await;
    assert!(body.contains("There is no open petition"));
    let report = peyvand::services::demo::petitions::seed(&app.ctx)
        .await
        .unwrap();
    assert!(report.petition_created);
    assert_eq!(
        report.signatures,
        peyvand::services::demo::petitions::DEMO_SIGNATURES
    );
    let (_, counts) = app.get("/petitions/let-families-visit.json").await;
    assert!(counts.contains("\"total\":3000"), "{counts}");
    assert!(
        !peyvand::services::demo::petitions::seed(&app.ctx)
            .await
            .unwrap()
            .petition_created,
        "seed is idempotent"
    );
    let (_, body) = app.get("/?lang=en").await;
    assert!(body.contains("/petitions/let-families-visit"));
    let (status, body) = app.get("/petitions/let-families-visit?lang=fa").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("اجازهٔ دیدار خانواده‌ها با عزیزانشان"));
    assert!(!body.contains("not yet available"));
}

#[rocket::async_test]
async fn health_check_reports_the_database() {
    let app = TestApp::new().await;
    let (status, body) = app.get("/healthz").await;
    assert_eq!((status, body.as_str()), (Status::Ok, "ok"));
}

#[rocket::async_test]
async fn static_files_are_served_with_the_persian_font() {
    let app = TestApp::new().await;
    let r = app
        .client
        .get("/static/fonts/Vazirmatn-Regular.woff2")
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Ok);
    let r = app.client.get("/static/css/app.css").dispatch().await;
    assert_eq!(r.status(), Status::Ok);
    assert!(r.into_string().await.unwrap().contains("Vazirmatn"));
    let (status, _) = app.get("/static/../Cargo.toml").await;
    assert_ne!(status, Status::Ok);
}

#[rocket::async_test]
async fn a_server_error_shows_a_translated_page_without_details() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::new().await;
    // Break the database under the app: the page must fail safely.
    app.ctx
        .db
        .execute_unprepared("DROP TABLE petition_texts")
        .await
        .unwrap();
    let (status, body) = app.get("/?lang=fa").await;
    assert_eq!(status, Status::InternalServerError);
    assert_eq!(html_lang_dir(&body), ("fa".into(), "rtl".into()));
    assert!(body.contains("مشکلی پیش آمد"));
    assert!(
        !body.to_lowercase().contains("petition_texts"),
        "no internals leak"
    );
}

#[rocket::async_test]
async fn release_profile_sends_hsts_and_secure_cookies() {
    let app = TestApp::builder()
        .config(|c| c.profile = "release".into())
        .build()
        .await;
    let r = app.client.get("/?lang=fa").dispatch().await;
    assert!(
        r.headers()
            .get_one("Strict-Transport-Security")
            .is_some_and(|h| h.contains("max-age="))
    );
    let cookies: Vec<String> = r.headers().get("Set-Cookie").map(str::to_owned).collect();
    assert!(cookies.len() >= 2, "{cookies:?}");
    for c in &cookies {
        assert!(c.contains("Secure") && c.contains("HttpOnly"), "{c}");
    }
    assert!(
        cookies.iter().any(|c| c.starts_with("__Host-csrf=")),
        "{cookies:?}"
    );
    // The language form works with the release cookie names.
    let r = app.post_form_csrf("/language", &[("lang", "fr")]).await;
    assert_eq!(r.status(), Status::SeeOther);
}
