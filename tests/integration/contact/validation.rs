//! Bad input on every field of the request and registration forms: 422 with a message
//! and a summary linking to the field, the form re-filled and escaped, in the visitor's
//! language; nothing stored, sent or audited; no CSRF token, no entry.

use super::counts;
use crate::support::factory::contact::{register_fields, request_fields, with};
use crate::support::http::{header, post};
use crate::support::{TestApp, form_urlencoded, html_lang_dir};
use rocket::http::{ContentType, Status};

#[rocket::async_test]
async fn bad_request_input_on_every_field_is_refused_with_the_form_refilled() {
    let app = TestApp::new().await;
    let long_name = "a".repeat(101);
    let long_phone = "1".repeat(31);
    let eleven = (0..11)
        .map(|i| format!("Name {}", "x".repeat(i + 1)))
        .collect::<Vec<_>>()
        .join("\n");
    let long_facts = "ل".repeat(1001);
    let long_message = "a".repeat(2001);
    let cases: Vec<(&str, &str, &str, &str)> = vec![
        // field, value, expected message, control the summary links to
        ("name", "", "This field is required", "name"),
        ("name", &long_name, "too long", "name"),
        ("name", "=cmd|' /C calc'!A0", "cannot start with", "name"),
        (
            "name",
            "<img src=x onerror=alert(1)>",
            "only letters",
            "name",
        ),
        (
            "name",
            "x'; DROP TABLE contact_requests; --",
            "only letters",
            "name",
        ),
        ("name", "Leila\u{7}", "only letters", "name"),
        ("name", "L\u{435}ila", "one alphabet", "name"),
        ("email", "", "This field is required", "email"),
        ("email", "not-an-address", "like name@example.org", "email"),
        ("phone", "call me maybe", "Enter a phone number", "phone"),
        ("phone", &long_phone, "too long", "phone"),
        ("country", "XX", "choose one of the options", "country"),
        ("country", "", "This field is required", "country"),
        (
            "relationship",
            "cousin",
            "choose one of the options",
            "relationship",
        ),
        (
            "relationship",
            "none",
            "choose one of the options",
            "relationship",
        ),
        ("relationship", "", "This field is required", "relationship"),
        (
            "s1.name_latin",
            "",
            "in Latin letters, in Persian script, or both",
            "s1-name_latin",
        ),
        (
            "s1.name_latin",
            "مریم",
            "use Latin letters here",
            "s1-name_latin",
        ),
        (
            "s1.name_latin",
            "<script>x</script>",
            "only letters",
            "s1-name_latin",
        ),
        (
            "s1.name_persian",
            "Maryam",
            "use Persian letters here",
            "s1-name_persian",
        ),
        ("s1.aliases", &eleven, "at most 10", "s1-aliases"),
        (
            "s1.aliases",
            "ok\n<b>bold</b>",
            "only letters",
            "s1-aliases",
        ),
        ("s1.birth_year", "1850", "from 1900", "s1-birth_year"),
        ("s1.birth_year", "3000", "from 1900", "s1-birth_year"),
        (
            "s1.birth_year",
            "nineteen",
            "enter a number",
            "s1-birth_year",
        ),
        ("s1.last_year", "1970", "cannot be before", "s1-last_year"),
        (
            "s1.father_name",
            "<img src=x onerror=alert(1)>",
            "only letters",
            "s1-father_name",
        ),
        (
            "s1.birthplace",
            "see https://evil.example",
            "web addresses",
            "s1-birthplace",
        ),
        (
            "s1.last_place",
            "=1+1",
            "cannot start with",
            "s1-last_place",
        ),
        ("s1.facts", &long_facts, "too long", "s1-facts"),
        (
            "s1.facts",
            "a\u{0}b",
            "invisible control characters",
            "s1-facts",
        ),
        (
            "s2.name_persian",
            "Zahra",
            "use Persian letters here",
            "s2-name_persian",
        ),
        (
            "s3.birth_year",
            "1975",
            "in Latin letters, in Persian script, or both",
            "s3-name_latin",
        ),
        ("message", &long_message, "too long", "message"),
        (
            "message",
            "abc\u{202E}gnp.exe",
            "invisible control characters",
            "message",
        ),
        ("consent", "no", "tick the box", "consent-box"),
    ];
    for (field, value, message, control) in cases {
        let f = with(
            request_fields("leila@example.org", "Maryam Karimi"),
            field,
            value,
        );
        let r = post(&app, "/contact/request", &f).await;
        assert_eq!(r.status, Status::UnprocessableEntity, "{field}={value:.30}");
        assert!(header(&r, "Location").is_none());
        assert!(
            r.body.to_lowercase().contains(&message.to_lowercase()),
            "{field}: expected {message:?}"
        );
        assert!(
            r.body.contains(&format!("href=\"#{control}\"")),
            "{field}: the summary links to {control}"
        );
        let other = if field == "s1.father_name" {
            "Shiraz"
        } else {
            "Hossein"
        };
        assert!(r.body.contains(other), "{field}: the form is re-filled");
        if field != "name" {
            assert!(r.body.contains("Leila Karimi"), "{field}: re-filled");
        }
        assert!(
            !r.body.contains("<img src=x") && !r.body.contains("<script>x"),
            "escaped"
        );
        assert!(!r.body.contains('⟦'));
    }
    // No person at all.
    let mut f = request_fields("leila@example.org", "");
    f.retain(|(k, _)| !k.starts_with("s1.") || *k == "s1.name_latin");
    let r = post(&app, "/contact/request", &f).await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(r.body.contains("at least one person"));
    // The summary follows the form's order and names the field.
    let f = with(
        with(request_fields("", "Maryam Karimi"), "s1.birth_year", "1850"),
        "consent",
        "",
    );
    let r = post(&app, "/contact/request", &f).await;
    let email = r.body.find("Your email address: This field").unwrap();
    let year = r
        .body
        .find("Person 1 — Year of birth, roughly: Enter a year")
        .unwrap();
    let consent = r.body.find("Privacy notice: Please tick").unwrap();
    assert!(email < year && year < consent);
    // In Persian the page and its messages are Persian.
    app.get("/?lang=fa").await;
    let r = post(
        &app,
        "/contact/request",
        &with(
            request_fields("leila@example.org", "Maryam Karimi"),
            "s1.birth_year",
            "1278",
        ),
    )
    .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(r.body.contains("هجری خورشیدی، مثلاً ۱۳۵۴"));
    assert!(r.body.contains("شخص ۱"));
    assert_eq!(html_lang_dir(&r.body), ("fa".into(), "rtl".into()));

    let c = counts(&app).await;
    assert_eq!(
        (c.requests, c.sought, c.outbox),
        (0, 0, 0),
        "nothing stored"
    );
    assert!(app.ctx.mailer.sent().is_empty());
    assert!(
        !app.audit_actions()
            .await
            .iter()
            .any(|a| a.starts_with("contact") || a.starts_with("registration")),
        "nothing audited"
    );

    // Without the CSRF token: 403, nothing stored.
    let r = app
        .client
        .post("/contact/request")
        .header(ContentType::Form)
        .body(form_urlencoded(&request_fields(
            "leila@example.org",
            "Maryam Karimi",
        )))
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    assert_eq!(counts(&app).await.requests, 0);
}

#[rocket::async_test]
async fn bad_registration_input_on_every_field_is_refused_with_the_form_refilled() {
    let app = TestApp::new().await;
    let eleven = (0..11)
        .map(|i| format!("Place {}", i + 1))
        .collect::<Vec<_>>()
        .join("\n");
    let cases: Vec<(&str, &str, &str, &str)> = vec![
        (
            "name_latin",
            "",
            "in Latin letters, in Persian script, or both",
            "name_latin",
        ),
        ("name_latin", "مریم", "use Latin letters here", "name_latin"),
        (
            "name_latin",
            "x'; DROP TABLE registrations; --",
            "only letters",
            "name_latin",
        ),
        (
            "name_persian",
            "Maryam",
            "use Persian letters here",
            "name_persian",
        ),
        (
            "aliases",
            "<svg onload=alert(1)>",
            "only letters",
            "aliases",
        ),
        ("birth_year", "1800", "from 1900", "birth_year"),
        ("birth_year", "19x79", "enter a number", "birth_year"),
        ("father_name", "<b>x</b>", "only letters", "father_name"),
        ("places", &eleven, "at most 10", "places"),
        ("places", "=HYPERLINK(1)", "cannot start with", "places"),
        ("email", "", "This field is required", "email"),
        ("email", "maryam@", "like name@example.org", "email"),
        ("language", "de", "choose one of the options", "language"),
        ("openness", "", "This field is required", "openness-anyone"),
        (
            "openness",
            "maybe",
            "choose one of the options",
            "openness-anyone",
        ),
        (
            "openness",
            "relationships",
            "Tick at least one relationship",
            "only-rel-parent",
        ),
        ("openness", "named", "Write at least one name", "only_names"),
        (
            "only_relationships",
            "cousin",
            "choose one of the options",
            "only-rel-parent",
        ),
        (
            "deny_names",
            "<script>alert(1)</script>",
            "only letters",
            "deny_names",
        ),
        (
            "deny_aliases",
            "www.example.org",
            "web addresses",
            "deny_aliases",
        ),
        ("consent", "", "tick the box", "consent-box"),
    ];
    for (field, value, message, control) in cases {
        let f = with(
            register_fields("maryam@example.org", "Maryam Karimi", "anyone"),
            field,
            value,
        );
        let r = post(&app, "/contact/register", &f).await;
        assert_eq!(r.status, Status::UnprocessableEntity, "{field}={value:.30}");
        assert!(
            r.body.to_lowercase().contains(&message.to_lowercase()),
            "{field}: expected {message:?}"
        );
        assert!(
            r.body.contains(&format!("href=\"#{control}\"")),
            "{field}: the summary links to {control}"
        );
        if field != "email" {
            assert!(r.body.contains("maryam@example.org"), "{field}: re-filled");
        }
        if field != "father_name" {
            assert!(r.body.contains("value=\"Hossein\""), "{field}: re-filled");
        }
        assert!(!r.body.contains("<script>alert") && !r.body.contains("<svg onload"));
    }
    // Ticked relationships stay ticked after a refusal.
    let mut f = with(
        register_fields("maryam@example.org", "Maryam Karimi", "relationships"),
        "consent",
        "",
    );
    f.push(("only_relationships", "child"));
    f.push(("only_relationships", "parent"));
    let r = post(&app, "/contact/register", &f).await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(
        r.body
            .contains("id=\"only-rel-child\" value=\"child\" checked")
    );
    assert!(
        r.body
            .contains("id=\"only-rel-parent\" value=\"parent\" checked")
    );
    assert!(
        r.body
            .contains("id=\"openness-relationships\" value=\"relationships\" checked")
    );
    assert!(
        !r.body
            .contains("id=\"only-rel-spouse\" value=\"spouse\" checked")
    );

    let c = counts(&app).await;
    assert_eq!((c.registrations, c.outbox), (0, 0), "nothing stored");
    let r = app
        .client
        .post("/contact/register")
        .header(ContentType::Form)
        .body(form_urlencoded(&register_fields(
            "m@example.org",
            "Maryam Karimi",
            "anyone",
        )))
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    assert_eq!(counts(&app).await.registrations, 0);
}
