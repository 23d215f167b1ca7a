//! Hand-overs kept true (issue #17): a recorded hand-over is corrected with its history kept
//! and shown to staff in words (in the page's language), its answer summarised in each
//! language (the public page shows the reader's, or another with a note), how it reached
//! the officials shown on the timeline, and marking the petition delivered rests on a
//! recorded hand-over and takes a confirmation step stating the erasure date. Bad input
//! (future or inverted dates, huge texts, unknown hand-overs, missing CSRF) is refused with
//! a translated message, nothing stored.

use crate::editions::{confirmed, freeze_and_build, frozen_in_november};
use crate::support::TestApp;
use crate::support::factory::petitions;
use crate::support::staff::{get, member, post};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{edition, handover, handover_change, petition};
use rocket::http::{ContentType, Status};
use sea_orm::{EntityTrait, PaginatorTrait};

/// A ready edition frozen in November with one hand-over recorded on 2026-11-20 by post;
/// the organiser's client, the edition and the hand-over.
async fn handed_over(
    app: &TestApp,
) -> (
    rocket::local::asynchronous::Client,
    edition::Model,
    handover::Model,
) {
    let (_, organiser) = member(app, "org@example.org", &[Role::Organiser]).await;
    confirmed(app, "Maryam Rezaei", "maryam@example.org").await;
    let e = freeze_and_build(app, &organiser, "en").await;
    assert_eq!(e.state.as_str(), "ready", "{}", e.error);
    frozen_in_november(app, e.id).await;
    let r = post(
        &organiser,
        &format!("/staff/editions/{}/handovers", e.id),
        &[
            ("recipient", "H.E. the Ambassador"),
            ("office", "Embassy"),
            ("handed_on", "2026-11-20"),
            ("form", "print"),
            ("channel", "post"),
            ("acknowledgement", ""),
            ("answer", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    drop(r);
    let h = only_handover(app).await;
    assert_eq!(h.channel.map(|c| c.as_str()), Some("post"));
    (organiser, e, h)
}

async fn only_handover(app: &TestApp) -> handover::Model {
    handover::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .expect("a hand-over")
}

async fn changes(app: &TestApp) -> u64 {
    handover_change::Entity::find()
        .count(&app.ctx.db)
        .await
        .unwrap()
}

fn edit_fields<'a>(recipient: &'a str, day: &'a str, channel: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("recipient", recipient),
        ("office", "Embassy"),
        ("handed_on", day),
        ("form", "usb"),
        ("channel", channel),
    ]
}

#[rocket::async_test]
async fn a_hand_over_is_corrected_with_its_history_shown_in_words() {
    let app = petitions::app_with_burst(100).await;
    let (organiser, e, h) = handed_over(&app).await;
    let path = format!("/staff/editions/{}/handovers/{}/edit", e.id, h.id);
    let page_path = format!("/staff/editions/{}", e.id);
    let (_, _, page) = get(&organiser, &page_path).await;
    assert!(page.contains(&path) && page.contains("Correct this hand-over"));
    assert!(page.contains("By post"));

    // Refused, 422, translated, nothing stored: a day in the future, before the freeze, not
    // a day; a huge or empty recipient; an unknown channel or form.
    let future = (chrono::Utc::now() + chrono::Duration::days(2))
        .date_naive()
        .to_string();
    let huge = "a".repeat(5_001);
    for (fields, said) in [
        (
            edit_fields("The Consul", &future, "email"),
            "cannot be dated in the future",
        ),
        (
            edit_fields("The Consul", "2026-10-01", "email"),
            "before its edition was frozen",
        ),
        (edit_fields("The Consul", "someday", "email"), "2026-12-31"),
        (edit_fields(&huge, "2026-11-21", "email"), "error-summary"),
        (edit_fields("  ", "2026-11-21", "email"), "error-summary"),
        (
            edit_fields("The Consul", "2026-11-21", "pigeon"),
            "choose one of the options",
        ),
    ] {
        let r = post(&organiser, &path, &fields).await;
        assert_eq!(r.status(), Status::UnprocessableEntity, "{said}");
        let body = r.into_string().await.unwrap();
        assert!(body.contains(said), "{said}: {body:.400}");
        assert!(
            body.contains("id=\"recipient\""),
            "the failed form is open with its fields"
        );
        assert_eq!(only_handover(&app).await, h, "nothing stored");
        assert_eq!(changes(&app).await, 0);
    }
    // In Persian the refusal is translated.
    get(&organiser, "/?lang=fa").await;
    let r = post(
        &organiser,
        &path,
        &edit_fields("The Consul", &future, "email"),
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    get(&organiser, "/?lang=en").await;
    // Without the form's CSRF token; an unknown hand-over: refused, nothing stored.
    let r = organiser
        .post(path.clone())
        .header(ContentType::Form)
        .body("recipient=Forged&office=Embassy&handed_on=2026-11-21&form=usb&channel=email")
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    let r = post(
        &organiser,
        &format!("/staff/editions/{}/handovers/{}/edit", e.id, h.id.0 + 1),
        &edit_fields("The Consul", "2026-11-21", "email"),
    )
    .await;
    assert_eq!(r.status(), Status::NotFound);
    assert_eq!(only_handover(&app).await, h);

    // A correction: stored, its history recorded and shown in words, audited.
    let r = post(
        &organiser,
        &path,
        &edit_fields("The Consul", "2026-11-21", "email"),
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let now = only_handover(&app).await;
    assert_eq!(now.recipient, "The Consul");
    assert_eq!(now.handed_on.to_string(), "2026-11-21");
    assert_eq!(
        (now.form.as_str(), now.channel.map(|c| c.as_str())),
        ("usb", Some("email"))
    );
    assert_eq!(changes(&app).await, 1);
    assert_eq!(app.audited("edition.handover_edit").await, 1);
    let (_, _, page) = get(&organiser, &page_path).await;
    assert!(page.contains("History of this hand-over"), "{page:.300}");
    assert!(
        page.contains("received by from “H.E. the Ambassador” to “The Consul”"),
        "{page}"
    );
    assert!(page.contains("how it reached them from “By post” to “By email”"));
    assert!(page.contains("form from “Printed book” to “USB stick”"));
    // The same correction again changes nothing and records nothing.
    let r = post(
        &organiser,
        &path,
        &edit_fields("The Consul", "2026-11-21", "email"),
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(changes(&app).await, 1);
    // The history reads in Persian for a Persian page, days in the Persian calendar.
    let (_, _, page) = get(&organiser, &format!("{page_path}?lang=fa")).await;
    assert!(page.contains("تاریخچهٔ این تحویل"));
    assert!(page.contains("آن را اصلاح کرد"), "{page}");
    get(&organiser, "/?lang=en").await;
    assert!(
        page.contains("۳۰ آبان ۱۴۰۵") || page.contains("آبان"),
        "a Persian day"
    );

    // An answer in three languages, then a hand-over day after it is refused (inverted).
    let answer = format!("/staff/editions/{}/handovers/{}/answer", e.id, h.id);
    let r = post(
        &organiser,
        &answer,
        &[
            ("later_answer", "We will meet you."),
            ("later_answer_fa", "با شما دیدار می‌کنیم."),
            ("later_answer_fr", ""),
            ("answered_on", "2026-11-25"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let r = post(
        &organiser,
        &path,
        &edit_fields("The Consul", "2026-11-26", "email"),
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let body = r.into_string().await.unwrap();
    assert!(body.contains("before its hand-over"), "{body}");
    assert_eq!(
        only_handover(&app).await.handed_on.to_string(),
        "2026-11-21"
    );
    // The answer's change is in the history too; removing it is the last entry.
    let remove = format!("/staff/editions/{}/handovers/{}/remove", e.id, h.id);
    assert_eq!(
        post(&organiser, &remove, &[]).await.status(),
        Status::SeeOther
    );
    assert_eq!(changes(&app).await, 3);
    let (_, _, page) = get(&organiser, &page_path).await;
    assert!(page.contains("recorded the answer: the answer in English set to “We will meet you.”"));
    assert!(page.contains("marked it removed"));
    // A removed hand-over cannot be corrected.
    let r = post(
        &organiser,
        &path,
        &edit_fields("Other", "2026-11-21", "email"),
    )
    .await;
    assert_eq!(r.status(), Status::NotFound);
}

#[rocket::async_test]
async fn an_answer_needs_a_summary_and_shows_in_the_readers_language_or_with_a_note() {
    let app = petitions::app_with_burst(100).await;
    let (organiser, e, h) = handed_over(&app).await;
    let answer = format!("/staff/editions/{}/handovers/{}/answer", e.id, h.id);
    // No summary in any language; a huge Persian one: refused, nothing stored.
    let huge = "ب".repeat(5_001);
    for (fa, said) in [("", "at least one language"), (huge.as_str(), "too long")] {
        let r = post(
            &organiser,
            &answer,
            &[
                ("later_answer", ""),
                ("later_answer_fa", fa),
                ("later_answer_fr", ""),
                ("answered_on", "2026-11-25"),
            ],
        )
        .await;
        assert_eq!(r.status(), Status::UnprocessableEntity);
        assert!(r.into_string().await.unwrap().contains(said), "{said}");
        assert_eq!(only_handover(&app).await, h);
    }
    let r = post(
        &organiser,
        &answer,
        &[
            ("later_answer", "We will meet a delegation."),
            ("later_answer_fa", "با نمایندگان دیدار می‌کنیم."),
            ("answered_on", "2026-11-25"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let slug = "/petitions/let-families-visit";
    let (_, page) = app.get(&format!("{slug}?lang=fa")).await;
    assert!(
        page.contains("با نمایندگان دیدار می‌کنیم."),
        "Persian summary"
    );
    assert!(!page.contains("We will meet a delegation."));
    assert!(page.contains("با پست"), "how it reached them, in Persian");
    let (_, page) = app.get(&format!("{slug}?lang=fr")).await;
    assert!(page.contains("We will meet a delegation."), "falls back");
    assert!(page.contains("Pas encore résumée dans votre langue : affichée en anglais."));
    assert!(page.contains("lang=\"en\""));
    let (_, page) = app.get(&format!("{slug}?lang=en")).await;
    assert!(page.contains("By post") && !page.contains("Not yet summarised"));
    // The JSON carries each language and the channel.
    let (_, json) = app.get(&format!("{slug}.json")).await;
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let events = v["progress"].as_array().unwrap();
    let handover = events
        .iter()
        .find(|e| e["kind"] == "handover" || e.get("channel").is_some())
        .unwrap();
    assert_eq!(handover["channel"], "post");
    let answer = events.iter().find(|e| e.get("summary").is_some()).unwrap();
    assert_eq!(answer["summary"]["fa"], "با نمایندگان دیدار می‌کنیم.");
    assert_eq!(answer["summary"]["en"], "We will meet a delegation.");
}

async fn the_petition(app: &TestApp) -> petition::Model {
    petition::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
}

#[rocket::async_test]
async fn marking_delivered_needs_a_hand_over_and_confirms_the_erasure_date() {
    use peyvand::domain::petitions::petition::PetitionState;
    let app = petitions::app_with_burst(100).await;
    let (_, admin) = member(&app, "admin@example.org", &[Role::Admin]).await;
    let (organiser, e, h) = handed_over(&app).await;
    let path = format!("/staff/petitions/{}/state", e.petition_id);
    assert_eq!(
        post(&admin, &path, &[("to", "closed")]).await.status(),
        Status::SeeOther
    );

    // With a recorded hand-over: a confirmation page first, stating the erasure date.
    let r = post(&admin, &path, &[("to", "delivered")]).await;
    assert_eq!(r.status(), Status::Ok);
    let body = r.into_string().await.unwrap();
    let erase = chrono::Utc::now() + app.ctx.config.petitions.retention;
    let en =
        peyvand::i18n::format::date(peyvand::i18n::Locale::En, erase, &app.ctx.config.time_zone);
    assert!(body.contains(&en), "{en}: {body}");
    assert!(body.contains("Embassy") && body.contains("name=\"confirm\" value=\"yes\""));
    assert_eq!(
        the_petition(&app).await.state,
        PetitionState::Closed,
        "nothing changed yet"
    );
    // In Persian the date is in the Persian calendar.
    get(&admin, "/?lang=fa").await;
    let r = post(&admin, &path, &[("to", "delivered")]).await;
    let body = r.into_string().await.unwrap();
    let fa =
        peyvand::i18n::format::date(peyvand::i18n::Locale::Fa, erase, &app.ctx.config.time_zone);
    assert!(body.contains(&fa) && fa.contains("۱۴۰"), "{fa}");
    get(&admin, "/?lang=en").await;
    // Without CSRF: refused.
    let r = admin
        .post(path.clone())
        .header(ContentType::Form)
        .body("to=delivered&confirm=yes")
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);

    // Once the only hand-over is removed: refused even confirmed, nothing changed.
    let remove = format!("/staff/editions/{}/handovers/{}/remove", e.id, h.id);
    assert_eq!(
        post(&organiser, &remove, &[]).await.status(),
        Status::SeeOther
    );
    for fields in [
        vec![("to", "delivered")],
        vec![("to", "delivered"), ("confirm", "yes")],
    ] {
        let r = post(&admin, &path, &fields).await;
        assert_eq!(r.status(), Status::UnprocessableEntity);
        assert!(
            r.into_string()
                .await
                .unwrap()
                .contains("only after a hand-over")
        );
        let p = the_petition(&app).await;
        assert_eq!((p.state, p.delivered_at), (PetitionState::Closed, None));
    }

    // With a hand-over recorded again and confirmed: delivered, the clock starts now.
    let r = post(
        &organiser,
        &format!("/staff/editions/{}/handovers", e.id),
        &[
            ("recipient", "The Consul"),
            ("office", "Consulate"),
            ("handed_on", "2026-11-22"),
            ("form", "pdf"),
            ("channel", "in_person"),
            ("acknowledgement", ""),
            ("answer", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let before = chrono::Utc::now();
    let r = post(&admin, &path, &[("to", "delivered"), ("confirm", "yes")]).await;
    assert_eq!(r.status(), Status::SeeOther);
    let p = the_petition(&app).await;
    assert_eq!(p.state, PetitionState::Delivered);
    let at = p.delivered_at.expect("the erasure clock started");
    assert!(at >= before - chrono::Duration::seconds(1));
    assert_eq!(
        peyvand::services::editions::retention::erasure_from(&app.ctx, at),
        at + app.ctx.config.petitions.retention
    );
}

#[rocket::async_test]
async fn a_hand_over_and_its_first_answer_draft_updates_an_organiser_edits_and_a_second_approves() {
    use peyvand::domain::petitions::news::UpdateOrigin;
    use peyvand::entities::petition_update;
    use sea_orm::QueryOrder;
    let app = petitions::app_with_burst(100).await;
    // A signer who asked for news, confirmed.
    let mut f = petitions::fields("Leila Karimi", "leila@example.org");
    f.push(("news", "yes"));
    let (status, _, _) = petitions::sign(&app, &f).await;
    assert_eq!(status, Status::SeeOther);
    let link = petitions::links_for(&app, "leila@example.org")
        .await
        .into_iter()
        .find(|l| l.contains("/signatures/confirm/"))
        .unwrap();
    petitions::confirm(&app, &link).await;
    let (organiser, e, h) = handed_over(&app).await;
    let (second, approver) = member(&app, "second@example.org", &[Role::Organiser]).await;
    let answer = format!("/staff/editions/{}/handovers/{}/answer", e.id, h.id);
    let fields = [
        ("later_answer", "We will meet a delegation."),
        ("later_answer_fa", "با نمایندگان دیدار می‌کنیم."),
        ("answered_on", "2026-11-25"),
    ];
    assert_eq!(
        post(&organiser, &answer, &fields).await.status(),
        Status::SeeOther
    );
    // A correction of the answer drafts nothing more.
    let fields = [
        ("later_answer", "We will meet you."),
        ("answered_on", "2026-11-25"),
    ];
    assert_eq!(
        post(&organiser, &answer, &fields).await.status(),
        Status::SeeOther
    );
    let drafts = petition_update::Entity::find()
        .order_by_asc(petition_update::Column::Id)
        .all(&app.ctx.db)
        .await
        .unwrap();
    let origins: Vec<UpdateOrigin> = drafts.iter().map(|u| u.origin).collect();
    assert_eq!(origins, [UpdateOrigin::Handover, UpdateOrigin::Answer]);
    assert!(
        drafts[1].body_fa.contains("با نمایندگان دیدار می‌کنیم."),
        "{}",
        drafts[1].body_fa
    );
    assert!(
        drafts[1].body_fr.contains("We will meet a delegation."),
        "French falls back"
    );
    assert!(drafts[0].body_en.contains("Embassy"));
    let news = format!("/staff/petitions/{}/news", e.petition_id);
    let (_, _, page) = get(&organiser, &news).await;
    assert!(page.contains("drafted from a hand-over") && page.contains("drafted from an answer"));

    // The organiser edits the answer's draft and proposes it; a second organiser approves;
    // it is queued to the one confirmed signer who asked for news.
    let id = drafts[1].id;
    let edited = [
        ("subject_en", "The embassy answered"),
        ("body_en", "They will meet a delegation of families."),
        ("subject_fa", "سفارت پاسخ داد"),
        ("body_fa", "با نمایندگان خانواده‌ها دیدار می‌کنند."),
        ("subject_fr", ""),
        ("body_fr", ""),
    ];
    let r = post(&organiser, &format!("{news}/{id}/edit"), &edited).await;
    assert_eq!(r.status(), Status::SeeOther);
    drop(r);
    let r = post(&organiser, &format!("{news}/{id}/propose"), &[]).await;
    assert_eq!(r.status(), Status::SeeOther);
    drop(r);
    let r = post(
        &approver,
        &format!("{news}/{id}/decide"),
        &[("decision", "approve"), ("code", &second.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    drop(r);
    let mut queued = 0;
    loop {
        let n = peyvand::services::petitions::news::queue_batch(&app.ctx, 10, chrono::Utc::now())
            .await
            .unwrap();
        if n == 0 {
            break;
        }
        queued += n;
    }
    assert_eq!(queued, 1, "exactly the confirmed signer who asked for news");
    let sent = petition_update::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(sent.subject_en, "The embassy answered");
    assert_eq!(sent.queued, 1);
}
