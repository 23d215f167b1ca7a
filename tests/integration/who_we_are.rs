//! Who we are (issue #14 item 8): the privacy notice states the retention periods the
//! settings hold; both pages have default text in every language and are linked from
//! every page's footer and every consent box; an administrator's edit shows on the public
//! page (escaped, never as HTML) and is audited; a non-administrator and a form without
//! its CSRF token are refused; the confirmed signature's page is a printable receipt.

use crate::support::factory::petitions::{app, signed};
use crate::support::http::get;
use crate::support::staff::{self, member};
use crate::support::{TestApp, form_urlencoded};
use peyvand::domain::staff::account::Role;
use rocket::http::{ContentType, Status};

#[rocket::async_test]
async fn the_privacy_notice_states_the_retention_periods_of_the_settings() {
    let app = TestApp::builder()
        .config(|c| {
            c.petitions.retention = chrono::Duration::days(123);
            c.contact.relay_retention = chrono::Duration::days(45);
        })
        .build()
        .await;
    let en = get(&app, "/privacy?lang=en").await;
    assert_eq!(en.status, Status::Ok);
    assert!(en.body.contains("123 days") && en.body.contains("45 days"));
    assert!(en.body.contains("Who is responsible"), "the default text");
    let fa = get(&app, "/privacy?lang=fa").await;
    assert!(
        fa.body.contains("۱۲۳ روز") && fa.body.contains("۴۵ روز"),
        "Persian digits"
    );
    let fr = get(&app, "/about?lang=fr").await;
    assert_eq!(fr.status, Status::Ok);
    assert!(
        fr.body.contains("Si vous craignez d&#x27;être retrouvé")
            || fr.body.contains("Si vous craignez")
    );
    for page in [&en, &fa, &fr] {
        assert!(!page.body.contains("⟦"), "no missing translation");
        assert!(page.body.contains("href=\"/privacy\"") && page.body.contains("href=\"/about\""));
    }
    // Every consent box links to the notice.
    for form in ["/contact/request", "/contact/register"] {
        let (_, body) = app.get(form).await;
        assert!(body.contains("class=\"consent-privacy\""), "{form}");
    }
}

#[rocket::async_test]
async fn an_admin_edit_shows_escaped_and_audited_and_others_are_refused() {
    let app = TestApp::new().await;
    let (_, admin) = member(&app, "admin@example.org", &[Role::Admin]).await;
    let (_, caseworker) = member(&app, "case@example.org", &[Role::Caseworker]).await;
    let body = "## درباره‌ی ما\nما <script>alert(1)</script> هستیم.\n\n- یک\n- دو";

    // A caseworker may not edit; nor may an administrator's form without its token.
    let r = staff::post(
        &caseworker,
        "/staff/admin/pages/about/fa",
        &[("body", body)],
    )
    .await;
    assert_eq!(r.status(), Status::Forbidden);
    let r = admin
        .post("/staff/admin/pages/about/fa")
        .header(ContentType::Form)
        .body(form_urlencoded(&[("body", body)]))
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    assert_eq!(app.audited("site_text.edit").await, 0);
    let before = get(&app, "/about?lang=fa").await;
    assert!(!before.body.contains("درباره‌ی ما"));

    let r = staff::post(&admin, "/staff/admin/pages/about/fa", &[("body", body)]).await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(app.audited("site_text.edit").await, 1);
    let after = get(&app, "/about?lang=fa").await;
    assert!(after.body.contains("<h2>درباره‌ی ما</h2>"));
    assert!(
        after.body.contains("&lt;script&gt;"),
        "markup shown as text"
    );
    assert!(!after.body.contains("<script>alert"));
    assert!(after.body.contains("<li>یک</li>"));
    // Other languages keep their default.
    let en = get(&app, "/about?lang=en").await;
    assert!(en.body.contains("If you fear being found"));

    // Too long: refused with a translated message, nothing changed.
    let long = "x".repeat(20_001);
    let r = staff::post(&admin, "/staff/admin/pages/about/fa", &[("body", &long)]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert_eq!(app.audited("site_text.edit").await, 1);

    // An empty text returns the page to its default (audited too).
    let r = staff::post(&admin, "/staff/admin/pages/about/fa", &[("body", "")]).await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(app.audited("site_text.edit").await, 2);
    let reset = get(&app, "/about?lang=fa").await;
    assert!(!reset.body.contains("درباره‌ی ما") && reset.body.contains("اگر از پیدا شدن می‌ترسید"));

    // An unknown page or language is not found.
    let (status, _, _) = staff::get(&admin, "/staff/admin/pages?page=secrets&lang=fa").await;
    assert_eq!(status, Status::NotFound);
}

#[rocket::async_test]
async fn the_confirmed_signature_page_is_a_printable_receipt() {
    let app = app().await;
    let s = signed(&app, "Maryam Karimi", "maryam@example.org").await;
    let r = app.post_form_csrf(&s.confirm, &[]).await;
    assert_eq!(r.status(), Status::Ok);
    let body = r.into_string().await.unwrap();
    assert!(body.contains("class=\"printable-receipt\""));
    assert!(body.contains("Your receipt"));
    assert!(body.contains("/receipt"), "where to check it later");
    assert!(body.contains("<code dir=\"ltr\">"), "the code is shown");
}
