//! Petitions end to end: signing answers the same whatever the address did before,
//! confirmation by a POST (a prefetched link confirms nothing), counts and JSON, shadow
//! bans, withdrawal erasing personal data, closed and paused petitions, and bad input on
//! every field (422, form re-filled, nothing stored).

use crate::support::{TestApp, form_urlencoded};
use peyvand::entities::{app_meta, petition, signature};
use peyvand::services::demo::petitions::DEMO_SLUG;
use rocket::http::{ContentType, Status};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

const SIGN: &str = "/petitions/let-families-visit/sign";

/// The demo petition without its demo signatures.
pub(crate) async fn app() -> TestApp {
    let app = TestApp::new().await;
    seed_empty(&app).await;
    app
}

pub(crate) async fn seed_empty(app: &TestApp) {
    peyvand::services::demo::petitions::seed(&app.ctx)
        .await
        .unwrap();
    signature::Entity::delete_many()
        .exec(&app.ctx.db)
        .await
        .unwrap();
}

pub(crate) fn fields<'a>(name: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("email", email),
        ("country", "DE"),
        ("city", "Köln"),
        ("relationship", "sibling"),
        ("letter", "Please let us see our brother."),
        ("public_disclosure", "initials"),
        ("book_disclosure", "full"),
        ("consent", "yes"),
    ]
}

pub(crate) async fn sign(
    app: &TestApp,
    fields: &[(&str, &str)],
) -> (Status, Option<String>, String) {
    let r = app.post_form_csrf(SIGN, fields).await;
    let loc = r.headers().get_one("Location").map(str::to_owned);
    let answer = (r.status(), loc, r.into_string().await.unwrap_or_default());
    // What the background task does a moment later, now, so a test sees the outcome.
    settle(app).await;
    answer
}

/// Carries out the signing attempts acknowledged so far (the server does it in the
/// background a moment after answering).
pub(crate) async fn settle(app: &TestApp) {
    peyvand::services::petitions::sign::settle(&app.ctx)
        .await
        .unwrap();
}

pub(crate) async fn stored(app: &TestApp) -> u64 {
    settle(app).await;
    signature::Entity::find().count(&app.ctx.db).await.unwrap()
}

/// Sends queued mail (in-memory transport) and returns the links in the newest email to `to`.
pub(crate) async fn links_for(app: &TestApp, to: &str) -> Vec<String> {
    settle(app).await;
    peyvand::mail::outbox::process_due(&app.ctx, chrono::Utc::now())
        .await
        .unwrap();
    let mail = app.ctx.mailer.sent();
    let last = mail.iter().rev().find(|m| m.to == to).expect("an email");
    last.email
        .text
        .split_whitespace()
        .filter(|w| w.starts_with("http"))
        .map(|w| w.replace("http://127.0.0.1:8000", ""))
        .collect()
}

pub(crate) async fn total(app: &TestApp) -> u64 {
    settle(app).await;
    app.ctx.counts_cache_forget(1);
    let (_, body) = app.get("/petitions/let-families-visit/count.json").await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["total"].as_u64().unwrap()
}

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
    peyvand::mail::outbox::process_due(&app.ctx, chrono::Utc::now())
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
    let app = TestApp::builder()
        .config(|c| c.petitions.sign_burst = 100)
        .build()
        .await;
    seed_empty(&app).await;
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
    peyvand::mail::outbox::process_due(&app.ctx, chrono::Utc::now())
        .await
        .unwrap();
    let mail: Vec<_> = app
        .ctx
        .mailer
        .sent()
        .into_iter()
        .filter(|m| m.to == "home@example.org")
        .collect();
    assert_eq!(mail.len(), 7, "one email per attempt");
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
async fn shadow_banned_signers_see_success_while_the_count_stays() {
    let app = TestApp::builder()
        .config(|c| c.petitions.sign_burst = 2)
        .build()
        .await;
    seed_empty(&app).await;
    // A blocked domain.
    peyvand::entities::access_list::ActiveModel {
        list: Set("block".into()),
        kind: Set("email_domain".into()),
        value: Set(app
            .ctx
            .crypto
            .blind_index(
                peyvand::domain::petitions::signature::DOMAIN_INDEX,
                "spam.example",
            )
            .to_hex()),
        note: Set("test".into()),
        created_by: Set(0),
        created_at: Set(chrono::Utc::now()),
        removed_at: Set(None),
        ..Default::default()
    }
    .insert(&app.ctx.db)
    .await
    .unwrap();
    let normal = sign(&app, &fields("Ali Ahmadi", "ali@example.org")).await;
    let blocked = sign(&app, &fields("Bot One", "bot@spam.example")).await;
    assert_eq!(normal.0, blocked.0);
    assert_eq!(normal.1, blocked.1);
    // Over the burst from one network: the third signature is shadow-banned.
    let third = sign(&app, &fields("Sara Ahmadi", "sara@example.org")).await;
    assert_eq!(third.0, Status::SeeOther);
    for to in ["ali@example.org", "bot@spam.example", "sara@example.org"] {
        let links = links_for(&app, to).await;
        let confirm = links
            .iter()
            .find(|l| l.contains("/signatures/confirm/"))
            .unwrap()
            .clone();
        assert_eq!(app.post_form_csrf(&confirm, &[]).await.status(), Status::Ok);
    }
    assert_eq!(total(&app).await, 1, "only the normal signature counts");
    let shadow = signature::Entity::find()
        .filter(signature::Column::Shadow.eq(true))
        .count(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(shadow, 2, "both kept, reversible by staff");
}

#[rocket::async_test]
async fn withdrawal_erases_personal_data_and_leaves_the_count() {
    let app = app().await;
    sign(&app, &fields("Leila Karimi", "leila@example.org")).await;
    let links = links_for(&app, "leila@example.org").await;
    let confirm = links
        .iter()
        .find(|l| l.contains("/signatures/confirm/"))
        .unwrap()
        .clone();
    let withdraw = links
        .iter()
        .find(|l| l.contains("/signatures/withdraw/"))
        .unwrap()
        .clone();
    app.post_form_csrf(&confirm, &[]).await;
    assert_eq!(total(&app).await, 1);
    let (status, body) = app.get(&withdraw).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Withdraw my signature"));
    assert_eq!(total(&app).await, 1, "opening the link withdraws nothing");
    let r = app.post_form_csrf(&withdraw, &[]).await;
    assert_eq!(r.status(), Status::Ok);
    assert_eq!(total(&app).await, 0);
    let s = signature::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.state, "withdrawn");
    assert!(
        s.name_enc.is_empty()
            && s.email_enc.is_empty()
            && s.city_enc.is_empty()
            && s.letter_enc.is_none()
    );
    assert!(s.email_index.is_empty() && s.ip_hash.is_empty());
    assert_eq!(
        (s.country.as_str(), s.relationship.as_str()),
        ("DE", "sibling"),
        "tombstone"
    );
    // The confirmation link cannot bring it back.
    let (status, _) = app.get(&confirm).await;
    assert_eq!(status, Status::NotFound);
}

#[rocket::async_test]
async fn closed_and_paused_petitions_take_nothing() {
    let app = app().await;
    let p = petition::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: petition::ActiveModel = p.clone().into();
    am.state = Set("closed".into());
    am.update(&app.ctx.db).await.unwrap();
    peyvand::services::petitions::sign::forget_petitions(&app.ctx);
    let (status, _, body) = sign(&app, &fields("Ali Ahmadi", "ali@example.org")).await;
    assert_eq!(status, Status::Conflict);
    assert!(body.contains("no longer takes signatures"));
    let mut am: petition::ActiveModel = p.into();
    am.state = Set("open".into());
    am.update(&app.ctx.db).await.unwrap();
    peyvand::services::petitions::sign::forget_petitions(&app.ctx);
    app_meta::ActiveModel {
        key: Set("petitions.paused".into()),
        value: Set("true".into()),
    }
    .insert(&app.ctx.db)
    .await
    .unwrap();
    peyvand::services::petitions::sign::forget_settings(&app.ctx);
    let (status, _, body) = sign(&app, &fields("Ali Ahmadi", "ali@example.org")).await;
    assert_eq!(status, Status::Conflict);
    assert!(body.contains("paused"));
    assert_eq!(stored(&app).await, 0);
    assert!(app.ctx.mailer.sent().is_empty());
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
    assert_eq!(s.letter_state, "pending", "letters wait for moderation");
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
    peyvand::mail::outbox::process_due(&app.ctx, chrono::Utc::now())
        .await
        .unwrap();
    let mail = app.ctx.mailer.sent();
    assert!(
        mail[0].email.subject.contains("تأیید"),
        "the email speaks Persian: {}",
        mail[0].email.subject
    );
    let _ = DEMO_SLUG;
}

#[rocket::async_test]
async fn retention_erases_personal_data_after_delivery_and_keeps_counts() {
    use peyvand::domain::audit::Actor;
    use peyvand::services::editions::retention;
    let app = app().await;
    sign(&app, &fields("Leila Karimi", "leila@example.org")).await;
    let links = links_for(&app, "leila@example.org").await;
    let confirm = links
        .iter()
        .find(|l| l.contains("/signatures/confirm/"))
        .unwrap()
        .clone();
    app.post_form_csrf(&confirm, &[]).await;
    assert_eq!(total(&app).await, 1);
    // Delivered recently: nothing is erased yet.
    let p = petition::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: petition::ActiveModel = p.clone().into();
    am.state = Set("delivered".into());
    am.delivered_at = Set(Some(chrono::Utc::now() - chrono::Duration::days(30)));
    am.update(&app.ctx.db).await.unwrap();
    let r = retention::run(&app.ctx, Actor::Cli, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(r.signatures, 0);
    // A year and more later: personal data goes, the count stays.
    let r = retention::run(
        &app.ctx,
        Actor::Cli,
        chrono::Utc::now() + chrono::Duration::days(400),
    )
    .await
    .unwrap();
    assert_eq!((r.petitions, r.signatures), (1, 1));
    let s = signature::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        s.name_enc.is_empty()
            && s.email_enc.is_empty()
            && s.city_enc.is_empty()
            && s.letter_enc.is_none()
    );
    assert_eq!((s.state.as_str(), s.country.as_str()), ("verified", "DE"));
    peyvand::services::petitions::sign::forget_petitions(&app.ctx);
    assert_eq!(total(&app).await, 1, "counts are kept");
    let again = retention::run(
        &app.ctx,
        Actor::Cli,
        chrono::Utc::now() + chrono::Duration::days(400),
    )
    .await
    .unwrap();
    assert_eq!(again.signatures, 0, "idempotent");
}

#[rocket::async_test]
async fn organisers_moderate_letters_and_admins_pause_collection() {
    use crate::support::staff::{get as staff_get, member, post as staff_post};
    use peyvand::domain::staff::account::Role;
    let app = app().await;
    sign(&app, &fields("Leila Karimi", "leila@example.org")).await;
    sign(&app, &fields("Reza Karimi", "reza@example.org")).await;
    let (_, organiser) = member(&app, "organiser@example.org", &[Role::Organiser]).await;
    let (_, admin) = member(&app, "admin@example.org", &[Role::Admin]).await;
    let p = petition::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let (status, _, body) =
        staff_get(&organiser, &format!("/staff/petitions/{}/letters", p.id)).await;
    assert_eq!(status, Status::Ok);
    assert!(
        body.contains("Please let us see our brother."),
        "the letter is shown to the moderator"
    );
    let ids: Vec<i64> = signature::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    let url = |id: i64| format!("/staff/petitions/{}/letters/{id}", p.id);
    // Rejecting needs a reason.
    let r = staff_post(
        &organiser,
        &url(ids[0]),
        &[("decision", "reject"), ("reason", "")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let r = staff_post(
        &organiser,
        &url(ids[0]),
        &[("decision", "reject"), ("reason", "names a third person")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let r = staff_post(&organiser, &url(ids[1]), &[("decision", "approve")]).await;
    assert_eq!(r.status(), Status::SeeOther);
    let states: Vec<String> = signature::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.letter_state)
        .collect();
    assert_eq!(states, ["rejected", "approved"]);
    // Deciding twice: there is no pending letter any more.
    assert_eq!(
        staff_post(
            &organiser,
            &url(ids[1]),
            &[("decision", "reject"), ("reason", "x")]
        )
        .await
        .status(),
        Status::NotFound
    );
    // The read and the decisions are audited.
    let actions: Vec<String> = peyvand::entities::audit_event::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in ["letters.view", "letter.reject", "letter.approve"] {
        assert!(actions.iter().any(|x| x == a), "{a}");
    }
    // An organiser cannot pause; an admin can, and signing then takes nothing.
    assert_eq!(
        staff_post(&organiser, "/staff/petitions/pause", &[("paused", "true")])
            .await
            .status(),
        Status::Forbidden
    );
    assert_eq!(
        staff_post(&admin, "/staff/petitions/pause", &[("paused", "true")])
            .await
            .status(),
        Status::SeeOther
    );
    let (status, _, _) = sign(&app, &fields("Ali Ahmadi", "ali@example.org")).await;
    assert_eq!(status, Status::Conflict);
    assert_eq!(
        staff_post(&admin, "/staff/petitions/pause", &[("paused", "false")])
            .await
            .status(),
        Status::SeeOther
    );
    let (status, _, _) = sign(&app, &fields("Ali Ahmadi", "ali@example.org")).await;
    assert_eq!(status, Status::SeeOther);
}
