//! Signing end to end: the same answer whatever the address did before, confirmation by
//! a POST (a prefetched link confirms nothing), counts and JSON, attempts carried out
//! together deciding as if one by one, bad input on every field (422, form re-filled,
//! nothing stored), Persian input, and personal data encrypted at rest.

use crate::support::factory::petitions::{
    SIGN, app, app_with_burst, fields, links_for, settle, sign, stored, total,
};
use crate::support::form_urlencoded;
use peyvand::entities::signature;
use rocket::http::{ContentType, Status};
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};

#[rocket::async_test]
async fn sign_confirm_and_count() {
    let app = app().await;
    let (status, location, _) = sign(&app, &fields("Maryam Rezaei", "maryam@example.org")).await;
    assert_eq!(status, Status::SeeOther);
    assert_eq!(
        location.as_deref(),
        Some("/petitions/let-families-visit/thanks")
    );
    let (status, body) = app.get("/petitions/let-families-visit/thanks").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Check your inbox"));
    assert_eq!(total(&app).await, 0, "pending signatures do not count");

    let links = links_for(&app, "maryam@example.org").await;
    let confirm = links
        .iter()
        .find(|l| l.contains("/signatures/confirm/"))
        .unwrap();
    // A mail scanner opening the link confirms nothing.
    let (status, body) = app.get(confirm).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Confirm my signature"));
    assert_eq!(total(&app).await, 0);
    // The button does.
    let r = app.post_form_csrf(confirm, &[]).await;
    assert_eq!(r.status(), Status::Ok);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("your signature counts")
    );
    assert_eq!(total(&app).await, 1);
    // Twice is harmless.
    assert_eq!(app.post_form_csrf(confirm, &[]).await.status(), Status::Ok);
    assert_eq!(total(&app).await, 1);

    let r = app
        .client
        .get("/petitions/let-families-visit.json")
        .dispatch()
        .await;
    assert_eq!(
        r.headers().get_one("Cache-Control"),
        Some("public, max-age=5")
    );
    let v: serde_json::Value = serde_json::from_str(&r.into_string().await.unwrap()).unwrap();
    assert_eq!(v["total"], 1);
    assert_eq!(v["by_country"]["DE"], 1);
    assert_eq!(v["by_relationship"]["sibling"], 1);
    // The public page shows the initials the signer chose, never the full name.
    let (_, page) = app.get("/petitions/let-families-visit?lang=en").await;
    assert!(page.contains("M. R."));
    assert!(!page.contains("Maryam Rezaei"));
}

#[rocket::async_test]
async fn a_repeated_address_gets_the_same_page_and_an_email_instead() {
    let app = app().await;
    let first = sign(&app, &fields("Maryam Rezaei", "m.rezaei+x@example.org")).await;
    let again_pending = sign(&app, &fields("Maryam Rezaei", "M.Rezaei@Example.org")).await;
    assert_eq!(first, again_pending, "same status, location and body");
    assert_eq!(stored(&app).await, 1, "the same person is not stored twice");
    let links = links_for(&app, "m.rezaei@example.org").await;
    let confirm = links
        .iter()
        .find(|l| l.contains("/signatures/confirm/"))
        .unwrap()
        .clone();
    app.post_form_csrf(&confirm, &[]).await;
    let again_verified = sign(&app, &fields("Maryam Rezaei", "m.rezaei@example.org")).await;
    assert_eq!(first, again_verified);
    settle(&app).await;
    peyvand::mail::outbox::process_due(app.ctx.outbox(), chrono::Utc::now())
        .await
        .unwrap();
    let last = app.ctx.mailer.sent().into_iter().last().unwrap();
    assert!(
        last.email.subject.contains("already signed"),
        "{}",
        last.email.subject
    );
    // A household: another name at the same address is a separate signature.
    let household = sign(&app, &fields("Reza Rezaei", "m.rezaei@example.org")).await;
    assert_eq!(first, household);
    assert_eq!(stored(&app).await, 2);
}

/// Attempts carried out in one transaction see what the earlier ones in it wrote: the same
/// person twice is one signature with a fresh link, and a household's sixth member is
/// kept out of the count — though each was prepared before the others were written.
#[rocket::async_test]
async fn attempts_carried_out_together_decide_as_if_one_by_one() {
    let app = app_with_burst(100).await;
    let names = [
        "Maryam Rezaei",
        "Maryam Rezaei",
        "Reza Rezaei",
        "Sara Rezaei",
        "Ali Rezaei",
        "Omid Rezaei",
        "Nasrin Rezaei",
    ];
    for name in names {
        let r = app
            .post_form_csrf(SIGN, &fields(name, "home@example.org"))
            .await;
        assert_eq!(r.status(), Status::SeeOther);
    }
    // One call, one transaction: the seven attempts are carried out together.
    settle(&app).await;
    let rows = signature::Entity::find().all(&app.ctx.db).await.unwrap();
    assert_eq!(rows.len(), 6, "the same person is stored once");
    assert_eq!(
        rows.iter().filter(|s| s.shadow).count(),
        1,
        "the sixth member of the household is kept out of the count"
    );
    peyvand::mail::outbox::process_due(app.ctx.outbox(), chrono::Utc::now())
        .await
        .unwrap();
    let mut mail: Vec<_> = app
        .ctx
        .mailer
        .sent()
        .into_iter()
        .filter(|m| m.to == "home@example.org")
        .collect();
    assert_eq!(mail.len(), 7, "one email per attempt");
    // The outbox sends concurrently: put the emails in the order they were queued.
    let queued: Vec<Option<String>> = peyvand::entities::outbox::Entity::find()
        .order_by_asc(peyvand::entities::outbox::Column::Id)
        .all(&app.ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.message_id)
        .collect();
    mail.sort_by_key(|m| {
        queued
            .iter()
            .position(|id| id.as_deref() == Some(m.message_id.as_str()))
    });
    let confirm_in = |i: usize| {
        mail[i]
            .email
            .text
            .split_whitespace()
            .find(|w| w.contains("/signatures/confirm/"))
            .unwrap()
            .replace("http://127.0.0.1:8000", "")
    };
    // Maryam's second email carries the link that now works; the first's was replaced.
    let (first, second) = (confirm_in(0), confirm_in(1));
    assert_ne!(first, second);
    assert_eq!(app.post_form_csrf(&second, &[]).await.status(), Status::Ok);
    assert_eq!(total(&app).await, 1);
}

#[rocket::async_test]
async fn bad_input_on_every_field_is_refused_with_the_form_refilled() {
    let app = app().await;
    let huge = "ل".repeat(5001);
    let long_name = "a".repeat(101);
    let cases: Vec<(&str, &str, &str)> = vec![
        ("name", "", "This field is required"),
        ("name", &long_name, "too long"),
        ("name", "=cmd|' /C calc'!A0", "cannot start with"),
        ("name", "<img src=x onerror=alert(1)>", "only letters"),
        ("name", "x'; DROP TABLE signatures; --", "only letters"),
        ("name", "M\u{430}ryam", "one alphabet"),
        ("name", "Maryam\u{7}", "only letters"),
        ("name", "see https://evil.example", "web addresses"),
        ("email", "", "This field is required"),
        ("email", "not-an-address", "like name@example.org"),
        ("country", "XX", "choose one of the options"),
        ("country", "", "This field is required"),
        ("city", "<b>Paris</b>", "only letters"),
        ("relationship", "cousin", "choose one of the options"),
        ("letter", &huge, "too long"),
        ("letter", "hello\u{0}", "only letters"),
        ("public_disclosure", "everyone", "choose one of the options"),
        ("book_disclosure", "nickname", "choose one of the options"),
        ("consent", "no", "tick the box"),
    ];
    for (field, value, message) in cases {
        let mut f = fields("Maryam Rezaei", "maryam@example.org");
        for pair in &mut f {
            if pair.0 == field {
                pair.1 = value;
            }
        }
        let (status, location, body) = sign(&app, &f).await;
        assert_eq!(status, Status::UnprocessableEntity, "{field}={value:.30}");
        assert!(location.is_none());
        assert!(
            body.to_lowercase().contains(&message.to_lowercase()),
            "{field}: expected {message:?}"
        );
        let control = if field == "consent" {
            "consent-box"
        } else {
            field
        };
        assert!(
            body.contains(&format!("href=\"#{control}\"")),
            "{field}: summary links to the control"
        );
        let other = if field == "name" {
            "Köln"
        } else {
            "Maryam Rezaei"
        };
        assert!(body.contains(other), "{field}: the form is re-filled");
        assert!(!body.contains("<img src=x"), "submitted markup is escaped");
    }
    assert_eq!(stored(&app).await, 0, "nothing stored");
    assert!(
        app.ctx.mailer.sent().is_empty()
            && peyvand::entities::outbox::Entity::find()
                .count(&app.ctx.db)
                .await
                .unwrap()
                == 0
    );
    // Without the CSRF token: 403; a body over the form limit: 413.
    let body = form_urlencoded(&fields("Maryam Rezaei", "maryam@example.org"));
    let r = app
        .client
        .post(SIGN)
        .header(ContentType::Form)
        .body(body)
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    let token = app.csrf_token().await;
    let big = format!("csrf_token={token}&name=x&letter={}", "a".repeat(70_000));
    let r = app
        .client
        .post(SIGN)
        .header(ContentType::Form)
        .body(big)
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::PayloadTooLarge);
    assert_eq!(stored(&app).await, 0);
}

#[rocket::async_test]
async fn persian_input_works_and_personal_data_is_encrypted() {
    let app = app().await;
    app.get("/?lang=fa").await;
    let mut f = fields("مریم رضایی", "maryam.fa@example.org");
    f[3] = ("city", "تهران");
    f[5] = ("letter", "لطفاً اجازه دهید برادرمان را ببینیم.");
    let (status, _, _) = sign(&app, &f).await;
    assert_eq!(status, Status::SeeOther);
    settle(&app).await;
    let s = signature::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        s.letter_state.as_str(),
        "pending",
        "letters wait for moderation"
    );
    let name = app
        .ctx
        .crypto
        .decrypt_str("signature.name", &s.name_enc)
        .unwrap();
    assert_eq!(name, "مریم رضایی");
    for f in app.sqlite_files() {
        let bytes = std::fs::read(f).unwrap();
        for needle in ["maryam.fa@example.org", "مریم", "تهران", "برادرمان"] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{needle} in clear"
            );
        }
    }
    peyvand::mail::outbox::process_due(app.ctx.outbox(), chrono::Utc::now())
        .await
        .unwrap();
    let mail = app.ctx.mailer.sent();
    assert!(
        mail[0].email.subject.contains("تأیید"),
        "the email speaks Persian: {}",
        mail[0].email.subject
    );
}
