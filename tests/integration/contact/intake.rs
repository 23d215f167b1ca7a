//! Filing a contact request and registering through the public forms: always the same
//! "check your inbox" answer and one content-free email, every personal field sealed,
//! verification by a POST (a prefetched link verifies nothing), the status page and the
//! registered person's page, a registration's rules applied as vetoes in candidate
//! generation; the forms in every language, linked from the home page and rate-limited.

use super::{assert_content_free, counts, only_registration, only_request};
use crate::support::factory::contact::{register_fields, request_fields, with};
use crate::support::http::{header, post};
use crate::support::mail::{link, mail_to, normalise};
use crate::support::{TestApp, html_lang_dir};
use chrono::{Duration, Utc};
use peyvand::domain::contact::records::{
    self as dc, Openness, RegistrationData, RegistrationRules, RequesterData, SoughtData,
};
use peyvand::entities::{contact_request, registration};
use peyvand::services::contact::intake as contact_intake;
use rocket::http::Status;
use sea_orm::EntityTrait;

#[rocket::async_test]
async fn a_request_is_filed_sealed_and_verified_by_a_post_only() {
    let app = TestApp::new().await;
    let (status, body) = app.get("/contact/request").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("name=\"s1.name_latin\""));
    assert!(body.contains("name=\"s3.facts\""), "up to three persons");
    assert!(!body.contains('⟦'));

    let mut fields = request_fields("leila@example.org", "Maryam Karimi");
    fields = with(fields, "s2.name_persian", "زهرا کریمی");
    fields = with(fields, "s2.birth_year", "۱۹۸۲");
    fields = with(
        fields,
        "message",
        "<script>alert(1)</script> '; DROP TABLE contact_requests; --",
    );
    let r = post(&app, "/contact/request", &fields).await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(header(&r, "Location"), Some("/contact/sent"));
    let (status, body) = app.get("/contact/sent").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Check your inbox"));

    // Stored unverified, every personal field sealed.
    let row = only_request(&app).await;
    assert_eq!(row.state.as_str(), "unverified");
    assert_eq!(
        (
            row.country.as_str(),
            row.relationship.as_str(),
            row.locale.as_str()
        ),
        ("DE", "sibling", "en")
    );
    let who: RequesterData =
        dc::open(&app.ctx.crypto, dc::context::REQUESTER, &row.requester_enc).unwrap();
    assert_eq!(who.name, "Leila Karimi");
    assert_eq!(who.email, "leila@example.org");
    assert_eq!(who.phone, "+49 170 1234567");
    let details = contact_intake::open_request(&app.ctx.db, &app.ctx, row.clone())
        .await
        .unwrap();
    assert_eq!(
        details.message, "<script>alert(1)</script> '; DROP TABLE contact_requests; --",
        "markup and SQL are stored as plain text"
    );
    assert_eq!(details.sought.len(), 2);
    let first = &details.sought[0].1;
    assert_eq!(
        first,
        &SoughtData {
            name_latin: "Maryam Karimi".into(),
            name_persian: String::new(),
            aliases: vec!["Mimi".into(), "Maryam K.".into()],
            birth_year: Some(1979),
            father_name: "Hossein".into(),
            birthplace: "Shiraz".into(),
            last_place: "Camp Ashraf 3".into(),
            last_year: Some(2003),
            facts: "She called our grandmother Bibi.".into(),
        }
    );
    assert_eq!(details.sought[1].1.name_persian, "زهرا کریمی");
    assert_eq!(details.sought[1].1.birth_year, Some(1982), "Persian digits");
    assert_eq!(details.sought[1].0.position, 2);
    for f in app.sqlite_files() {
        let bytes = std::fs::read(f).unwrap();
        for needle in [
            "leila@example.org",
            "Maryam Karimi",
            "کریمی",
            "Bibi",
            "DROP TABLE",
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{needle} in clear"
            );
        }
    }

    // Exactly one email, content-free, with a verification link.
    let mail = mail_to(&app, "leila@example.org").await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].email.subject, "Confirm your email address");
    assert_content_free(&mail[0]);
    let verify = link(&mail[0], "/contact/verify/");

    // A mail scanner opening the link verifies nothing.
    let (status, body) = app.get(&verify).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Confirm my address"));
    assert_eq!(only_request(&app).await.state.as_str(), "unverified");
    // The button does, and the status link follows in a second content-free email.
    let r = post(&app, &verify, &[]).await;
    assert_eq!(r.status, Status::Ok);
    assert!(r.body.contains("Your address is confirmed"));
    let row = only_request(&app).await;
    assert_eq!(row.state.as_str(), "active");
    assert!(row.verified_at.is_some());
    let year = row.expires_at - Utc::now();
    assert!(year > Duration::days(364) && year <= Duration::days(365));
    let mail = mail_to(&app, "leila@example.org").await;
    assert_eq!(mail.len(), 2);
    assert_eq!(mail[1].email.subject, "Your personal link");
    assert_content_free(&mail[1]);
    let status_path = link(&mail[1], "/contact/status/");
    assert_eq!(
        row.status_hash,
        peyvand::crypto::sha256_hex(status_path.rsplit('/').next().unwrap().as_bytes()),
        "only the hash of the status token is kept"
    );
    // Twice is harmless and sends nothing more.
    assert_eq!(post(&app, &verify, &[]).await.status, Status::Ok);
    assert_eq!(mail_to(&app, "leila@example.org").await.len(), 2);

    // The status page: received, in progress, until when, and a way to withdraw.
    let (status, body) = app.get(&status_path).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Received — in progress"));
    assert!(
        body.contains(&peyvand::services::contact::intake::format_date(
            peyvand::i18n::Locale::En,
            row.expires_at,
            &app.ctx.config.time_zone
        ))
    );
    assert!(
        !body.contains("/renew"),
        "no renewal before the last 30 days"
    );
    assert!(body.contains(&format!("{status_path}/withdraw")));
    // Whom she is looking for, by the names she gave (issue #14), and nothing else she
    // gave: not her address, phone, message or the private facts.
    assert!(body.contains("Whom you are looking for"));
    for name in ["Maryam Karimi", "Mimi", "Maryam K."] {
        assert!(body.contains(name), "{name} is on her page");
    }
    for private in [
        "leila@example.org",
        "1234567",
        "We miss you",
        "Bibi",
        "Shiraz",
    ] {
        assert!(!body.contains(private), "the page repeats {private}");
    }
    assert!(body.contains("What “in progress” means"));
    assert!(body.contains("Yes, keep trying"));
    let (status, _) = app
        .get("/contact/status/not-a-real-token-at-all-000000")
        .await;
    assert_eq!(status, Status::NotFound);

    let actions = app.audit_actions().await;
    for a in ["contact_request.file", "contact_request.verify"] {
        assert!(actions.iter().any(|x| x == a), "{a} audited");
    }
}

#[rocket::async_test]
async fn the_same_address_again_is_simply_another_request_with_the_same_answer() {
    let app = TestApp::new().await;
    let first = post(
        &app,
        "/contact/request",
        &request_fields("leila@example.org", "Maryam Karimi"),
    )
    .await;
    let second = post(
        &app,
        "/contact/request",
        &request_fields("Leila@Example.org", "Maryam Karimi"),
    )
    .await;
    assert_eq!(first, second);
    let c = counts(&app).await;
    assert_eq!((c.requests, c.sought), (2, 2));
    let rows = contact_request::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(
        rows[0].email_index, rows[1].email_index,
        "one blind index for one address"
    );
    let mail = mail_to(&app, "leila@example.org").await;
    assert_eq!(mail.len(), 2);
    assert_eq!(
        normalise(&mail[0].email.text),
        normalise(&mail[1].email.text)
    );
}

#[rocket::async_test]
async fn a_registration_keeps_its_rules_and_its_owner_sees_them() {
    let app = TestApp::new().await;
    let (status, body) = app.get("/contact/register?lang=fa").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(html_lang_dir(&body), ("fa".into(), "rtl".into()));
    assert!(!body.contains('⟦'));

    let mut f = register_fields("maryam@example.org", "Maryam Karimi", "relationships");
    f = with(f, "name_persian", "مریم کریمی");
    f = with(f, "aliases", "Mimi");
    f = with(f, "language", "fa");
    f.push(("only_relationships", "parent"));
    f.push(("only_relationships", "sibling"));
    f = with(f, "deny_names", "Ali Karimi\nHassan Rajavi");
    f = with(f, "deny_aliases", "Sister Maryam");
    let r = post(&app, "/contact/register", &f).await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(header(&r, "Location"), Some("/contact/sent"));
    let row = only_registration(&app).await;
    assert_eq!(
        (
            row.state.as_str(),
            row.openness.as_str(),
            row.locale.as_str()
        ),
        ("unverified", "relationships", "fa")
    );
    let d = contact_intake::open_registration(&app.ctx, &row).unwrap();
    assert_eq!(
        d.data,
        RegistrationData {
            names: vec!["Maryam Karimi".into(), "مریم کریمی".into(), "Mimi".into()],
            birth_year: Some(1979),
            father_name: "Hossein".into(),
            places: vec!["Shiraz".into()],
            email: "maryam@example.org".into(),
            ..RegistrationData::default()
        }
    );
    assert_eq!(
        d.rules,
        RegistrationRules {
            only_relationships: vec!["parent".into(), "sibling".into()],
            only_names: vec![],
            deny_names: vec!["Ali Karimi".into(), "Hassan Rajavi".into()],
            deny_aliases: vec!["Sister Maryam".into()],
            deny_relationships: vec![],
            deny_requester_keys: vec![],
        }
    );
    assert_eq!(d.openness, Openness::Relationships);
    // Its rules become vetoes in candidate generation: a spouse is refused, a sibling not.
    let person = dc::person(row.id, d.openness, &d.data, &d.rules);
    let index = peyvand_matching::Index::build(vec![person]);
    let sought = SoughtData {
        name_latin: "Maryam Karimi".into(),
        ..SoughtData::default()
    };
    assert_eq!(
        index
            .candidates(&dc::query(&sought, "Reza Ahmadi", "sibling", "key"), 5)
            .len(),
        1
    );
    assert!(
        index
            .candidates(&dc::query(&sought, "Reza Ahmadi", "spouse", "key"), 5)
            .is_empty()
    );
    assert!(
        index
            .candidates(&dc::query(&sought, "Ali Karimi", "sibling", "key"), 5)
            .is_empty()
    );

    // The email is in the chosen language and says nothing.
    let mail = mail_to(&app, "maryam@example.org").await;
    assert_eq!(mail.len(), 1);
    assert!(
        mail[0].email.subject.contains("تأیید"),
        "{}",
        mail[0].email.subject
    );
    assert_content_free(&mail[0]);
    let verify = link(&mail[0], "/contact/verify/");
    assert_eq!(app.get(&verify).await.0, Status::Ok);
    assert_eq!(only_registration(&app).await.state.as_str(), "unverified");
    let r = post(&app, &verify, &[]).await;
    assert_eq!(r.status, Status::Ok);
    assert_eq!(only_registration(&app).await.state.as_str(), "active");
    let mail = mail_to(&app, "maryam@example.org").await;
    assert_eq!(mail.len(), 2);
    assert_content_free(&mail[1]);
    let manage = link(&mail[1], "/contact/registration/");

    // Its owner sees what they registered.
    let (status, body) = app.get(&format!("{manage}?lang=en")).await;
    assert_eq!(status, Status::Ok);
    for shown in [
        "Maryam Karimi",
        "مریم کریمی",
        "Mimi",
        "Hassan Rajavi",
        "Sister Maryam",
        "Brother or sister",
        "maryam@example.org",
        "Only relatives with these relationships to me",
        "In force",
    ] {
        assert!(body.contains(shown), "{shown}");
    }
    assert!(!body.contains('⟦'));

    // "No one" and "only these relatives" are kept as chosen.
    let f = register_fields("parvin@example.org", "Parvin Ahmadi", "no_one");
    assert_eq!(
        post(&app, "/contact/register", &f).await.status,
        Status::SeeOther
    );
    let f = with(
        register_fields("sara@example.org", "Sara Ahmadi", "named"),
        "only_names",
        "Reza Ahmadi\nZahra Ahmadi",
    );
    assert_eq!(
        post(&app, "/contact/register", &f).await.status,
        Status::SeeOther
    );
    let all = registration::Entity::find().all(&app.ctx.db).await.unwrap();
    let named = all.iter().find(|r| r.openness.as_str() == "named").unwrap();
    let d = contact_intake::open_registration(&app.ctx, named).unwrap();
    assert_eq!(d.rules.only_names, ["Reza Ahmadi", "Zahra Ahmadi"]);
    assert!(all.iter().any(|r| r.openness.as_str() == "no_one"));
    assert!(
        app.audit_actions()
            .await
            .iter()
            .any(|a| a == "registration.verify")
    );
}

#[rocket::async_test]
async fn contact_forms_are_rate_limited_and_linked_from_the_home_page() {
    let app = TestApp::builder()
        .config(|c| {
            c.rate_limit_burst = 1;
            c.rate_limit_per_minute = 1;
        })
        .build()
        .await;
    for lang in ["en", "fa", "fr"] {
        let (_, body) = app.get(&format!("/?lang={lang}")).await;
        assert!(body.contains("href=\"/contact/request\""));
        assert!(body.contains("href=\"/contact/register\""));
        assert!(!body.contains('⟦'));
        for page in ["/contact/request", "/contact/register", "/contact/sent"] {
            let (status, body) = app.get(page).await;
            assert_eq!(status, Status::Ok);
            assert_eq!(html_lang_dir(&body).0, lang);
            assert!(!body.contains('⟦'), "{page} in {lang}");
        }
    }
    app.get("/?lang=en").await;
    let first = post(
        &app,
        "/contact/request",
        &request_fields("a@example.org", "Maryam Karimi"),
    )
    .await;
    assert_eq!(first.status, Status::SeeOther);
    let second = post(
        &app,
        "/contact/register",
        &register_fields("b@example.org", "Maryam Karimi", "anyone"),
    )
    .await;
    assert_eq!(second.status, Status::TooManyRequests);
    assert_eq!(counts(&app).await.registrations, 0);
}
