//! The caseworker's case page of a match, over HTTP: the timeline for caseworkers only and
//! without any party's name or contact detail; asking the sought person; a missing CSRF
//! token changing nothing; answers obtained by phone counting only after a second
//! caseworker approves (never the proposer); the release after the cooling-off period as a
//! four-eyes action with fresh second-factor codes, each consent tied to its own proposal;
//! the welfare review (never before a staff-recorded decline is approved); an unapproved
//! staff record not blocking the person's own answer; bad input answered with 422 and the
//! form re-filled.

use crate::support::TestApp;
use crate::support::factory::case::{app_without_cooling_off, link_token, relay};
use crate::support::factory::contact::{self, consents, match_state};
use crate::support::staff::{Member, csrf, get, member, post};
use chrono::{Duration, Utc};
use peyvand::domain::contact::consent::Party;
use peyvand::domain::staff::account::Role;
use peyvand::entities::{
    approval, contact_match, outbox, relay_thread, request_notice, sought_person,
};
use peyvand::i18n::Locale;
use peyvand::ids::{ApprovalId, MatchId, RegistrationId, RequestId};
use peyvand::services::contact::consent as consent_flow;
use peyvand::services::contact::links::{self, Link};
use rocket::http::{ContentType, Status};
use rocket::local::asynchronous::Client;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

const REQUESTER_EMAIL: &str = "requester@example.org";
const REGISTRANT_EMAIL: &str = "person1968@example.org";

/// An active request by Maryam Hosseini for Mohamadreza Husseini, and a registration that
/// matches him (the factories' defaults); returns the request's and the registration's ids.
async fn case_parties(app: &TestApp) -> (RequestId, RegistrationId) {
    let request = contact::request().insert(app).await;
    let registration = contact::registration().insert(app).await;
    (request.id, registration)
}

/// A caseworker verifies the candidate on the request page; returns the match's id.
async fn verified_match(
    app: &TestApp,
    cw: &Client,
    request: RequestId,
    registration: RegistrationId,
) -> MatchId {
    let sought = sought_person::Entity::find()
        .filter(sought_person::Column::RequestId.eq(request))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let r = post(
        cw,
        &format!(
            "/staff/contact/requests/{request}/sought/{}/candidates/{registration}",
            sought.id
        ),
        &[("decision", "verify")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    contact_match::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn proposals(app: &TestApp) -> Vec<approval::Model> {
    approval::Entity::find()
        .order_by_asc(approval::Column::Id)
        .all(&app.ctx.db)
        .await
        .unwrap()
}

async fn pending_proposal(app: &TestApp, kind: &str) -> ApprovalId {
    proposals(app)
        .await
        .into_iter()
        .find(|p| p.kind.as_str() == kind && p.status.as_str() == "pending")
        .unwrap_or_else(|| panic!("a pending {kind}"))
        .id
}

/// Two caseworkers on their own browsers.
async fn caseworkers(app: &TestApp) -> ((Member, Client), (Member, Client)) {
    (
        member(app, "anna@example.org", &[Role::Caseworker]).await,
        member(app, "bijan@example.org", &[Role::Caseworker]).await,
    )
}

#[rocket::async_test]
async fn the_case_page_is_for_caseworkers_and_names_no_one() {
    let app = TestApp::new().await;
    let (_, cw) = member(&app, "cw@example.org", &[Role::Caseworker]).await;
    let (_, organiser) = member(&app, "org@example.org", &[Role::Organiser]).await;
    let anonymous = app.new_client().await;
    let (request, reg) = case_parties(&app).await;
    let m = verified_match(&app, &cw, request, reg).await;
    let path = format!("/staff/contact/matches/{m}");

    // The request page links the decided candidate to its case page.
    let (_, _, page) = get(&cw, &format!("/staff/contact/requests/{request}")).await;
    assert!(page.contains(&format!("href=\"{path}\"")), "{page}");

    assert_eq!(get(&organiser, &path).await.0, Status::Forbidden);
    let (status, location, _) = get(&anonymous, &path).await;
    assert_eq!(
        (status, location.as_deref()),
        (Status::SeeOther, Some("/staff/login"))
    );
    assert_eq!(
        get(
            &cw,
            &format!("/staff/contact/matches/{}", MatchId(m.0 + 100))
        )
        .await
        .0,
        Status::NotFound
    );

    for (lang, dir) in [("en", "ltr"), ("fa", "rtl"), ("fr", "ltr")] {
        let (status, _, page) = get(&cw, &format!("{path}?lang={lang}")).await;
        assert_eq!(status, Status::Ok, "{lang}");
        assert!(page.contains(&format!("dir=\"{dir}\"")), "{lang}");
        assert!(!page.contains('⟦'), "{lang}: untranslated key in {page}");
        assert!(page.contains(&format!("href=\"/staff/contact/requests/{request}\"")));
        assert!(page.contains(&format!("href=\"/staff/contact/registrations/{reg}\"")));
        assert!(page.contains(&format!("/staff/contact/matches/{m}/ask")));
        for private in [
            REQUESTER_EMAIL,
            REGISTRANT_EMAIL,
            "1234567",
            "Maryam",
            "Hosseini",
            "Husseini",
            "حسینی",
            "We miss you",
        ] {
            assert!(
                !page.contains(private),
                "{lang}: {private} on the case page"
            );
        }
    }
    let (_, _, page) = get(&cw, &format!("{path}?lang=en")).await;
    assert!(page.contains("Verified"));
    assert!(
        page.contains("Confirmed a candidate"),
        "the timeline shows the audit events, in words"
    );
    assert!(
        app.audited("match.view").await >= 4,
        "every view is recorded"
    );

    // Without a CSRF token nothing happens.
    let r = cw
        .post(format!("{path}/ask"))
        .header(ContentType::Form)
        .body("")
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    let token = csrf(&cw).await;
    let r = cw
        .post(format!("{path}/ask"))
        .header(ContentType::Form)
        .body(format!("csrf_token={}x", &token[1..]))
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    assert_eq!(match_state(&app, m).await, "verified");
    assert_eq!(outbox::Entity::find().count(&app.ctx.db).await.unwrap(), 0);

    // An organiser cannot ask.
    assert_eq!(
        post(&organiser, &format!("{path}/ask"), &[]).await.status(),
        Status::Forbidden
    );
    // Asking: one content-free email, the match moves on.
    let r = post(&cw, &format!("{path}/ask"), &[]).await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(
        r.headers().get_one("Location"),
        Some(format!("{path}?notice=asked").as_str())
    );
    assert_eq!(match_state(&app, m).await, "consent_requested");
    assert_eq!(outbox::Entity::find().count(&app.ctx.db).await.unwrap(), 1);
    let (_, _, page) = get(&cw, &format!("{path}?notice=asked&lang=en")).await;
    assert!(page.contains("The person was asked"));
    assert!(page.contains("Person asked, no answer yet"));
    assert!(!page.contains(&format!("{path}/ask")), "asked once");
    // The request page names the new state too (no untranslated key).
    for lang in ["fa", "fr", "en"] {
        let (_, _, page) = get(
            &cw,
            &format!("/staff/contact/requests/{request}?lang={lang}"),
        )
        .await;
        assert!(!page.contains('⟦'), "{page}");
    }

    // Asking twice is refused with a reason, and nothing more is sent.
    let r = post(&cw, &format!("{path}/ask"), &[]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let page = r.into_string().await.unwrap();
    assert!(
        page.contains("The match is not in a state that allows this."),
        "{page}"
    );
    assert_eq!(outbox::Entity::find().count(&app.ctx.db).await.unwrap(), 1);
    // Unknown matches are 404 for every action.
    let other = format!("/staff/contact/matches/{}", MatchId(m.0 + 100));
    for (action, fields) in [
        ("ask", vec![]),
        ("release", vec![("reason", "x")]),
        ("welfare", vec![("decision", "release")]),
        (
            "assert",
            vec![
                ("party", "sought"),
                ("decision", "accept"),
                ("choice", "relay"),
                ("how", "by phone"),
            ],
        ),
    ] {
        let r = post(&cw, &format!("{other}/{action}"), &fields).await;
        assert_eq!(r.status(), Status::NotFound, "{action}");
    }
    assert!(proposals(&app).await.is_empty());
    assert!(consents(&app).await.is_empty());

    // An answer recorded by a caseworker and not yet approved does not stop the person
    // answering through their own link.
    let r = post(
        &cw,
        &format!("{path}/assert"),
        &[
            ("party", "sought"),
            ("decision", "decline"),
            ("welfare", "preset"),
            ("how", "A relative said so on the phone"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(match_state(&app, m).await, "consent_requested");
    let token = links::issue(
        &app.ctx.db,
        Link {
            request_id: request,
            match_id: Some(m),
            party: Party::Sought,
        },
        Duration::days(1),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(
        consent_flow::answer(
            &app.ctx,
            &link_token(&token),
            &relay(),
            Locale::En,
            Utc::now()
        )
        .await
        .unwrap(),
        Ok(())
    );
    assert_eq!(match_state(&app, m).await, "consented");
}

#[rocket::async_test]
async fn answers_by_phone_and_the_release_need_a_second_caseworker() {
    let app = app_without_cooling_off().await;
    let ((a, anna), (b, bijan)) = caseworkers(&app).await;
    let (request, reg) = case_parties(&app).await;
    let m = verified_match(&app, &anna, request, reg).await;
    let path = format!("/staff/contact/matches/{m}");
    let assert_path = format!("{path}/assert");

    // Bad input: 422, the page with the form re-filled and the errors; nothing written.
    let r = post(
        &anna,
        &assert_path,
        &[
            ("party", "sought"),
            ("decision", "accept"),
            ("choice", "share"),
            ("detail", ""),
            ("how", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let page = r.into_string().await.unwrap();
    assert!(page.contains("value=\"sought\" checked"), "{page}");
    assert!(page.contains("value=\"accept\" checked"));
    assert!(page.contains("value=\"share\" checked"));
    assert!(page.contains("This field is required."));
    assert!(
        page.contains("href=\"#how\""),
        "the summary links to the field"
    );
    let long = "9".repeat(consent_flow::DETAIL_MAX_CHARS + 1);
    let r = post(
        &anna,
        &assert_path,
        &[
            ("party", "requester"),
            ("decision", "never"),
            ("welfare", "own"),
            ("welfare_text", ""),
            ("how", "Phone call, identity checked"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let page = r.into_string().await.unwrap();
    assert!(page.contains("is an answer of the sought person only"));
    assert!(page.contains("Only the sought person can leave a welfare message."));
    assert!(page.contains("Phone call, identity checked</textarea>"));
    let r = post(
        &anna,
        &assert_path,
        &[
            ("party", "sought"),
            ("decision", "accept"),
            ("choice", "share"),
            ("detail", &long),
            ("how", "x"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let page = r.into_string().await.unwrap();
    assert!(page.contains("This is too long."));
    assert!(page.contains(&format!("value=\"{long}\"")), "re-filled");
    let r = post(
        &anna,
        &assert_path,
        &[("party", "someone"), ("decision", "maybe"), ("how", "x")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(consents(&app).await.is_empty());
    assert!(proposals(&app).await.is_empty());

    // Recorded: it waits for a second caseworker; the match does not move.
    let r = post(
        &anna,
        &assert_path,
        &[
            ("party", "sought"),
            ("decision", "accept"),
            ("choice", "relay"),
            ("how", "Phone call on 12 May, identity checked"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(match_state(&app, m).await, "verified");
    let confirm = pending_proposal(&app, "contact.confirm_consent").await;
    let decide = format!("{path}/proposals/{confirm}");
    let (_, _, page) = get(&anna, &path).await;
    assert!(page.contains("Phone call on 12 May"));
    assert!(
        !page.contains(&format!("action=\"{decide}\"")),
        "no decision form for the proposer"
    );
    let (_, _, page) = get(&bijan, &path).await;
    assert!(page.contains(&format!("action=\"{decide}\"")));

    // The proposer cannot approve, even with a good code.
    let r = post(
        &anna,
        &decide,
        &[
            ("decision", "approve"),
            ("code", &a.recovery[0]),
            ("note", "mine"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let page = r.into_string().await.unwrap();
    assert!(
        page.contains("You proposed this yourself: a different staff member must approve it."),
        "{page}"
    );
    assert_eq!(match_state(&app, m).await, "verified");
    assert!(consents(&app).await[0].approval_id.is_none());
    // Another match's page cannot decide it.
    let r = post(
        &bijan,
        &format!(
            "/staff/contact/matches/{}/proposals/{confirm}",
            MatchId(m.0 + 1)
        ),
        &[("decision", "approve"), ("code", &b.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::NotFound);
    // The requester's answer, recorded in person, waits likewise.
    let r = post(
        &anna,
        &assert_path,
        &[
            ("party", "requester"),
            ("decision", "accept"),
            ("choice", "share"),
            ("detail", "+49 30 555 0199"),
            ("how", "At the office, with her passport"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let requester_confirm = proposals(&app).await.last().unwrap().id;
    assert_ne!(requester_confirm, confirm);
    // A second caseworker with fresh codes: the later proposal first, then the earlier
    // one; each consent is tied to its own proposal.
    let r = post(
        &bijan,
        &format!("{path}/proposals/{requester_confirm}"),
        &[("decision", "approve"), ("code", &b.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(match_state(&app, m).await, "verified");
    let r = post(
        &bijan,
        &decide,
        &[("decision", "approve"), ("code", &b.recovery[0])],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(match_state(&app, m).await, "consented");
    let recorded = consents(&app).await;
    assert_eq!(
        (recorded[0].channel.as_str(), recorded[0].approval_id),
        ("staff", Some(confirm))
    );
    assert_eq!(recorded[1].approval_id, Some(requester_confirm));

    // The minute job starts the (here zero) cooling-off period.
    let report = consent_flow::tick(&app.ctx, Utc::now()).await.unwrap();
    assert_eq!(report.cooling_off, 1);
    assert_eq!(match_state(&app, m).await, "cooling_off");

    // Proposing the release needs a reason.
    let release = format!("{path}/release");
    let r = post(&anna, &release, &[("reason", " ")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        proposals(&app)
            .await
            .iter()
            .all(|p| p.kind.as_str() != "contact.release")
    );
    let r = post(&anna, &release, &[("reason", "Both confirmed twice")]).await;
    assert_eq!(r.status(), Status::SeeOther);
    let r = post(&anna, &release, &[("reason", "again")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("A proposal is already waiting for a second staff member.")
    );
    let proposal = pending_proposal(&app, "contact.release").await;
    let decide = format!("{path}/proposals/{proposal}");
    let r = post(
        &anna,
        &decide,
        &[("decision", "approve"), ("code", &a.recovery[1])],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("a different staff member must approve it")
    );
    // Without a fresh code: refused, nothing released; the note is re-filled.
    let r = post(
        &bijan,
        &decide,
        &[
            ("decision", "approve"),
            ("code", "000000"),
            ("note", "checked the file"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let page = r.into_string().await.unwrap();
    assert!(page.contains("Deciding needs a fresh code."));
    assert!(page.contains("value=\"checked the file\""), "{page}");
    assert!(
        !page.contains("value=\"000000\""),
        "a code is never sent back"
    );
    assert_eq!(match_state(&app, m).await, "cooling_off");
    assert_eq!(
        relay_thread::Entity::find()
            .count(&app.ctx.db)
            .await
            .unwrap(),
        0
    );
    // Missing CSRF token: nothing happens.
    let r = bijan
        .post(decide.clone())
        .header(ContentType::Form)
        .body(format!("decision=approve&code={}", b.recovery[1]))
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    assert_eq!(match_state(&app, m).await, "cooling_off");

    let r = post(
        &bijan,
        &decide,
        &[("decision", "approve"), ("code", &b.recovery[1])],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(match_state(&app, m).await, "connected");
    let (status, _, page) = get(&anna, &format!("{path}?lang=en")).await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("Connected"));
    assert!(page.contains("Open · 1 message"), "{page}");
    for private in [
        "We miss you",
        "555 0199",
        REQUESTER_EMAIL,
        REGISTRANT_EMAIL,
        "Maryam",
        "Hosseini",
    ] {
        assert!(!page.contains(private), "{private} on the case page");
    }
    assert!(page.contains("a detail is held"));
    // Decided once.
    let r = post(
        &bijan,
        &decide,
        &[("decision", "approve"), ("code", &b.recovery[2])],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
}

#[rocket::async_test]
async fn a_decliners_own_words_wait_for_a_caseworkers_review() {
    let app = TestApp::new().await;
    let ((_, anna), (b, bijan)) = caseworkers(&app).await;
    let (request, reg) = case_parties(&app).await;
    let m = verified_match(&app, &anna, request, reg).await;
    let path = format!("/staff/contact/matches/{m}");
    let long = "x".repeat(peyvand::domain::contact::consent::WELFARE_MAX_CHARS + 1);
    let r = post(
        &anna,
        &format!("{path}/assert"),
        &[
            ("party", "sought"),
            ("decision", "decline"),
            ("welfare", "own"),
            ("welfare_text", &long),
            ("how", "Phone call"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let words = "I am well. Please tell my sister I think of her.";
    let r = post(
        &anna,
        &format!("{path}/assert"),
        &[
            ("party", "sought"),
            ("decision", "decline"),
            ("welfare", "own"),
            ("welfare_text", words),
            ("how", "Phone call"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    // The approver sees the words, but nobody can pass them on before the answer counts:
    // one caseworker alone cannot reach the requester.
    let (_, _, page) = get(&bijan, &format!("{path}?lang=en")).await;
    assert!(page.contains("I am well. Please tell my sister"));
    assert!(!page.contains(&format!("{path}/welfare")));
    let r = post(
        &anna,
        &format!("{path}/welfare"),
        &[("decision", "release")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert_eq!(
        request_notice::Entity::find()
            .count(&app.ctx.db)
            .await
            .unwrap(),
        0
    );
    let confirm = pending_proposal(&app, "contact.confirm_consent").await;
    let r = post(
        &bijan,
        &format!("{path}/proposals/{confirm}"),
        &[("decision", "approve"), ("code", &b.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(match_state(&app, m).await, "closed");
    let (_, _, page) = get(&anna, &format!("{path}?lang=en")).await;
    assert!(page.contains("I am well. Please tell my sister"));
    assert!(page.contains(&format!("{path}/welfare")));
    let r = post(&anna, &format!("{path}/welfare"), &[("decision", "maybe")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let r = post(
        &anna,
        &format!("{path}/welfare"),
        &[("decision", "release")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let notices = request_notice::Entity::find()
        .filter(request_notice::Column::RequestId.eq(request))
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0].kind.as_str(), "welfare");
    let (_, _, page) = get(&anna, &format!("{path}?notice=welfare-released&lang=en")).await;
    assert!(page.contains("The welfare message was passed on to the requester."));
    assert!(!page.contains(&format!("{path}/welfare")), "reviewed once");
    let r = post(
        &anna,
        &format!("{path}/welfare"),
        &[("decision", "withhold")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
}
