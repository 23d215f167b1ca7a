//! Petition news (issue #17): the separate "email me news" box when signing, an update
//! written by one organiser and approved by a second (four-eyes), queued in batches and
//! delivered through SMTP to exactly the confirmed, opted-in, not-withdrawn signers in
//! their language, with RFC 8058 one-click unsubscribe headers; unsubscribing answers the
//! same for any token; bad updates are refused (422, translated), nothing stored.

use crate::support::TestApp;
use crate::support::factory::petitions;
use crate::support::smtp::SmtpServer;
use crate::support::staff::{get, member, post};
use peyvand::domain::petitions::signature::SignatureState;
use peyvand::domain::staff::account::Role;
use peyvand::entities::{outbox, petition_update, signature};
use peyvand::mail::outbox as mail_outbox;
use rocket::http::{ContentType, Status};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

/// Signs (news box ticked or not) and settles; the signature's row.
async fn signs(app: &TestApp, name: &str, email: &str, news: bool) -> signature::Model {
    let mut f = petitions::fields(name, email);
    if news {
        f.push(("news", "yes"));
    }
    let (status, _, _) = petitions::sign(app, &f).await;
    assert_eq!(status, Status::SeeOther);
    petitions::settle(app).await;
    let index = app
        .ctx
        .crypto
        .blind_index(peyvand::domain::petitions::signature::EMAIL_INDEX, email)
        .to_hex();
    signature::Entity::find()
        .filter(signature::Column::EmailIndex.eq(index))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .expect("stored")
}

async fn set_state(app: &TestApp, s: &signature::Model, state: SignatureState) {
    let mut am: signature::ActiveModel = s.clone().into();
    am.state = Set(state);
    am.verified_at = Set(Some(chrono::Utc::now()));
    am.update(&app.ctx.db).await.unwrap();
}

fn header<'a>(raw: &'a str, name: &str) -> Option<&'a str> {
    raw.lines()
        .find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(": ")))
}

const UPDATE: [(&str, &str); 6] = [
    ("subject_en", "The book was handed over"),
    ("body_en", "We met the ambassador today."),
    ("subject_fa", "کتاب تحویل داده شد"),
    ("body_fa", "امروز سفیر را دیدیم."),
    ("subject_fr", ""),
    ("body_fr", ""),
];

#[rocket::async_test]
async fn an_approved_update_reaches_exactly_the_opted_in_confirmed_signers_with_one_click_unsubscribe()
 {
    let smtp = SmtpServer::start();
    let app = TestApp::builder()
        .smtp(smtp.port)
        .config(|c| c.petitions.sign_burst = 100)
        .build()
        .await;
    petitions::seed_empty(&app).await;
    let (a, first) = member(&app, "first@example.org", &[Role::Organiser]).await;
    let (b, second) = member(&app, "second@example.org", &[Role::Organiser]).await;

    // The box is there, unticked.
    let (_, page) = app.get("/petitions/let-families-visit?lang=en").await;
    assert!(
        page.contains("name=\"news\" value=\"yes\" aria-describedby"),
        "unticked"
    );
    assert!(page.contains("Email me news about this petition"));

    let maryam = signs(&app, "Maryam Rezaei", "maryam@example.org", true).await;
    let pending = signs(&app, "Reza Ahmadi", "reza@example.org", true).await;
    let quiet = signs(&app, "Ali Karimi", "ali@example.org", false).await;
    let gone = signs(&app, "Sara Jafari", "sara@example.org", true).await;
    app.get("/?lang=fa").await;
    let leila = signs(&app, "Leila Moradi", "leila@example.org", true).await;
    app.get("/?lang=en").await;
    assert!(maryam.news_opt_in && !quiet.news_opt_in);
    assert_eq!(
        maryam.news_wording.as_deref(),
        Some(peyvand::domain::petitions::news::NEWS_WORDING_VERSION)
    );
    assert_eq!(leila.news_locale.as_deref(), Some("fa"));
    assert!(quiet.news_hash.is_none() && quiet.news_token_enc.is_none());
    for s in [&maryam, &quiet, &leila] {
        set_state(&app, s, SignatureState::Verified).await;
    }
    set_state(&app, &gone, SignatureState::Withdrawn).await;
    let _ = pending;
    // The signing emails go out first.
    mail_outbox::process_due(app.ctx.outbox(), chrono::Utc::now())
        .await
        .unwrap();
    let before = smtp.received().len();
    assert_eq!(before, 5);

    // The first organiser writes; the preview counts 2 recipients.
    let r = post(&first, "/staff/petitions/1/news", &UPDATE).await;
    assert_eq!(r.status(), Status::SeeOther);
    let (_, _, page) = get(&first, "/staff/petitions/1/news").await;
    assert!(page.contains("<strong>2</strong>"), "two recipients");
    assert!(page.contains("امروز سفیر را دیدیم.") && page.contains("We met the ambassador today."));
    let r = post(&first, "/staff/petitions/1/news/1/propose", &[]).await;
    assert_eq!(r.status(), Status::SeeOther);
    // The proposer cannot approve it.
    let r = post(
        &first,
        "/staff/petitions/1/news/1/decide",
        &[("decision", "approve"), ("code", &a.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("A second person must approve")
    );
    assert_eq!(
        peyvand::services::petitions::news::queue_batch(&app.ctx, 100, chrono::Utc::now())
            .await
            .unwrap(),
        0,
        "nothing is sent before approval"
    );
    // The second approves.
    let r = post(
        &second,
        "/staff/petitions/1/news/1/decide",
        &[("decision", "approve"), ("code", &b.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    // Batches of one: two rounds with a recipient, then the end.
    let now = chrono::Utc::now();
    let mut rounds = 0;
    while peyvand::services::petitions::news::queue_batch(&app.ctx, 1, now)
        .await
        .unwrap()
        > 0
    {
        rounds += 1;
        assert!(rounds < 10);
    }
    assert!(rounds >= 2);
    let u = petition_update::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(u.queued, 2);
    assert!(u.finished_at.is_some());
    let fa_rows = outbox::Entity::find()
        .filter(outbox::Column::Template.eq("petition_news"))
        .filter(outbox::Column::Locale.eq("fa"))
        .count(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(fa_rows, 1, "Leila's in Persian");
    mail_outbox::process_due(app.ctx.outbox(), chrono::Utc::now())
        .await
        .unwrap();
    let got: Vec<_> = smtp.received().into_iter().skip(before).collect();
    let mut to: Vec<String> = got.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(to, ["leila@example.org", "maryam@example.org"]);
    let mut tokens = Vec::new();
    for m in &got {
        let list = header(&m.data, "List-Unsubscribe").expect("List-Unsubscribe");
        assert!(
            list.starts_with("<http://") && list.ends_with('>'),
            "{list}"
        );
        assert_eq!(
            header(&m.data, "List-Unsubscribe-Post"),
            Some("List-Unsubscribe=One-Click")
        );
        let url = list.trim_start_matches('<').trim_end_matches('>');
        let path = &url[url.find("/news/unsubscribe/").unwrap()..];
        tokens.push((m.to[0].clone(), path.split('?').next().unwrap().to_owned()));
    }
    let maryam_path = &tokens
        .iter()
        .find(|(t, _)| t == "maryam@example.org")
        .unwrap()
        .1;

    // One-click unsubscribe (a mail client's POST, no CSRF), and the same answer for any
    // token shape.
    let one_click = |path: String| {
        let client = &app.client;
        async move {
            let r = client
                .post(path)
                .header(ContentType::Form)
                .body("List-Unsubscribe=One-Click")
                .dispatch()
                .await;
            (r.status(), r.into_string().await.unwrap_or_default())
        }
    };
    let (status, used) = one_click(maryam_path.clone()).await;
    assert_eq!(status, Status::Ok);
    assert!(used.contains("you will get no more news"));
    for other in [
        "/news/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_owned(),
        "/news/unsubscribe/x".to_owned(),
        format!("/news/unsubscribe/{}", "z".repeat(300)),
        maryam_path.clone(),
    ] {
        // The answer names no token: byte for byte the same.
        let (status, body) = one_click(other.clone()).await;
        assert_eq!(status, Status::Ok, "{other:.40}");
        assert_eq!(body, used, "{other:.40}");
    }
    let m = signature::Entity::find_by_id(maryam.id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(m.news_unsubscribed_at.is_some());
    assert_eq!(app.audited("petition.news_unsubscribe").await, 1);
    assert_eq!(
        peyvand::services::petitions::news::recipients(&app.ctx, peyvand::ids::PetitionId(1))
            .await
            .unwrap(),
        1
    );
    // The GET shows a button and changes nothing.
    let (status, body) = app.get(&tokens[0].1).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Stop the news"));
}

#[rocket::async_test]
async fn bad_updates_are_refused_translated_and_nothing_is_stored() {
    let app = petitions::app_with_burst(100).await;
    let (_, organiser) = member(&app, "org@example.org", &[Role::Organiser]).await;
    let huge = "a".repeat(10_001);
    let long_subject = "s".repeat(201);
    for (field, value, said) in [
        ("subject_en", "", "required"),
        ("body_en", huge.as_str(), "too long"),
        ("subject_en", long_subject.as_str(), "too long"),
        ("body_en", "bad\u{0007}", "control characters"),
    ] {
        let mut form: Vec<(&str, &str)> = UPDATE.to_vec();
        for f in &mut form {
            if f.0 == field {
                f.1 = value;
            }
        }
        let r = post(&organiser, "/staff/petitions/1/news", &form).await;
        assert_eq!(r.status(), Status::UnprocessableEntity, "{field}");
        assert!(r.into_string().await.unwrap().contains(said), "{said}");
    }
    // A language with a subject and no text.
    let mut form: Vec<(&str, &str)> = UPDATE.to_vec();
    form[3].1 = "";
    let r = post(&organiser, "/staff/petitions/1/news", &form).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    // Without CSRF.
    let r = organiser
        .post("/staff/petitions/1/news")
        .header(ContentType::Form)
        .body("subject_en=x&body_en=y&subject_fa=&body_fa=&subject_fr=&body_fr=")
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    // Translated.
    get(&organiser, "/?lang=fa").await;
    let mut form: Vec<(&str, &str)> = UPDATE.to_vec();
    form[0].1 = "";
    let r = post(&organiser, "/staff/petitions/1/news", &form).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(r.into_string().await.unwrap().contains("lang=\"fa\""));
    assert_eq!(
        petition_update::Entity::find()
            .count(&app.ctx.db)
            .await
            .unwrap(),
        0
    );
}
