//! The parties' pages of a contact case through HTTP: the sought person's emailed link,
//! their answer, the requester's re-confirmation, the released connection with its relay
//! messages (no address of either party ever reaches the other), leaving; bad input on
//! every form; the no-oracle comparison of four outcomes; and the structural check that
//! the requester's view reads nothing about matches, registrations or consents.

use crate::contact::{
    Seen, active_registration, active_request, assert_content_free, get, link, links, mail_to,
    normalise, post, register_fields, with,
};
use crate::support::TestApp;
use crate::support::staff::member;
use chrono::{Duration, Utc};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{
    consent, contact_match, contact_request, party_link, registration, relay_message,
    sought_person, staff,
};
use peyvand::i18n::Locale;
use peyvand::mail::SentEmail;
use peyvand::services::contact::{
    consent as flow, expiry as contact_expiry, intake as contact_intake, review as contact_review,
};
use peyvand::services::staff::admin as staff_admin;
use rocket::http::Status;
use sea_orm::sea_query::Expr;
use sea_orm::{EntityTrait, PaginatorTrait};

const REQUESTER: &str = "leila@example.org";
const SOUGHT: &str = "maryam@example.org";

/// Links the latest sought person named `sought` to the registration with `reg_email` as a
/// caseworker would (verified), and asks the sought person. Returns the match id.
async fn link_and_ask(app: &TestApp, caseworker: i64) -> i64 {
    let s = sought_person::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .pop()
        .unwrap();
    let reg = registration::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .pop()
        .unwrap();
    let m = contact_review::decide(
        &app.ctx,
        caseworker,
        s.request_id,
        s.id,
        reg.id,
        true,
        Utc::now(),
    )
    .await
    .unwrap()
    .expect("the registration is a candidate");
    flow::ask(&app.ctx, caseworker, m, Utc::now())
        .await
        .unwrap()
        .unwrap();
    m
}

/// The site-relative `/p/` link of the latest email to `to`, followed to the page it
/// leads to.
async fn follow_latest(app: &TestApp, to: &str) -> String {
    let mail = mail_to(app, to).await;
    let last = mail.last().expect("an email");
    assert_content_free(last);
    let p = link(last, "/p/");
    let r = get(app, &p).await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    let to = crate::contact::header(&r, "Location").unwrap().to_owned();
    to.split('?').next().unwrap().to_owned()
}

async fn match_state(app: &TestApp, id: i64) -> String {
    contact_match::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
        .state
}

/// Two caseworkers release a match: one proposes, the other approves with a fresh code.
async fn release(app: &TestApp, a: i64, b: &crate::support::staff::Member, m: i64) {
    let at = Utc::now();
    let id = flow::propose_release(&app.ctx, a, m, "both agreed, identity checked", at)
        .await
        .unwrap()
        .expect("releasable");
    let decider = staff::Entity::find_by_id(b.id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let code = b.code(1);
    staff_admin::decide(
        &app.ctx,
        &decider,
        staff_admin::Decision {
            id,
            approve: true,
            note: "",
            code: &code,
        },
        Locale::En,
        at,
    )
    .await
    .unwrap()
    .expect("a second caseworker approves");
}

fn everything(mails: &[SentEmail]) -> String {
    mails
        .iter()
        .map(|m| format!("{}\n{}\n{}", m.email.subject, m.email.text, m.email.html))
        .collect()
}

#[rocket::async_test]
async fn request_registration_consents_release_and_relay_through_the_pages() {
    let app = TestApp::builder()
        .config(|c| c.contact.cooling_off = Duration::zero())
        .build()
        .await;
    let (a, _) = member(&app, "a@staff.example", &[Role::Caseworker]).await;
    let (b, _) = member(&app, "b@staff.example", &[Role::Caseworker]).await;
    let status = active_request(&app, REQUESTER, "Maryam Karimi").await;
    active_registration(&app, &register_fields(SOUGHT, "Maryam Karimi", "anyone")).await;
    let m = link_and_ask(&app, a.id).await;

    // The sought person's email is content-free and its link leads to their page.
    let reply = follow_latest(&app, SOUGHT).await;
    assert!(reply.starts_with("/contact/reply/"));
    let page = get(&app, &reply).await;
    assert_eq!(page.status, Status::Ok);
    assert!(page.body.contains("Leila Karimi"), "the requester's name");
    assert!(
        !page.body.contains(REQUESTER),
        "never the requester's address"
    );
    assert!(!page.body.contains("+49 170"), "nor phone");
    assert!(
        !page.body.contains("We miss you"),
        "the message waits for consent"
    );

    // Accept with relay; a second post of the same form changes nothing (409).
    let answer = [("decision", "accept"), ("choice", "relay"), ("detail", "")];
    let r = post(&app, &reply, &answer).await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    assert_eq!(match_state(&app, m).await, "consented");
    let again = post(&app, &reply, &answer).await;
    assert_eq!(again.status, Status::Conflict);
    assert!(again.body.contains("already answered"));
    assert_eq!(consent::Entity::find().count(&app.ctx.db).await.unwrap(), 1);

    // The requester's page does not change; they re-confirm (their own action).
    let before = get(&app, &status).await;
    assert!(before.body.contains("Received — in progress"));
    let r = post(&app, &format!("{status}/confirm"), &[("choice", "relay")]).await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    let confirmed = get(&app, &format!("{status}?notice=confirmed")).await;
    assert!(confirmed.body.contains("Received — in progress"));
    assert!(confirmed.body.contains("You last confirmed on"));

    // The job moves the match to cooling-off (zero here), then two caseworkers release.
    flow::tick(&app.ctx, Utc::now()).await.unwrap();
    assert_eq!(match_state(&app, m).await, "cooling_off");
    release(&app, a.id, &b, m).await;
    assert_eq!(match_state(&app, m).await, "connected");

    // Both are told, content-free; the requester's page now says connected, with the
    // message they wrote when filing as the first message.
    let requester_page = follow_latest(&app, REQUESTER).await;
    assert!(requester_page.starts_with("/contact/status/"));
    let connected = get(&app, &requester_page).await;
    assert!(connected.body.contains("Connected"), "{}", connected.body);
    assert!(connected.body.contains("We miss you."));
    assert!(
        connected.body.contains("Maryam Karimi"),
        "the name they gave"
    );
    assert!(!connected.body.contains(SOUGHT), "never the sought address");

    // Messages both ways, each notifying the other party only.
    let n_sought = mail_to(&app, SOUGHT).await.len();
    let r = post(
        &app,
        &format!("{status}/messages/{m}"),
        &[("body", "Is it really you?")],
    )
    .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    assert_eq!(mail_to(&app, SOUGHT).await.len(), n_sought + 1);
    let sought_page = follow_latest(&app, SOUGHT).await;
    let seen = get(&app, &sought_page).await;
    assert!(seen.body.contains("Is it really you?"));
    assert!(seen.body.contains("We miss you."));
    let r = post(
        &app,
        &format!("{sought_page}/messages"),
        &[("body", "Yes. I am well.")],
    )
    .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    let seen = get(&app, &status).await;
    assert!(seen.body.contains("Yes. I am well."));
    // Stored encrypted.
    for msg in relay_message::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
    {
        assert!(!String::from_utf8_lossy(&msg.body_enc).contains("well"));
    }

    // No address of either party in anything the other got.
    let to_sought = everything(&mail_to(&app, SOUGHT).await);
    let to_requester = everything(&mail_to(&app, REQUESTER).await);
    assert!(!to_sought.contains(REQUESTER) && !to_sought.contains("Leila"));
    assert!(!to_requester.contains(SOUGHT) && !to_requester.contains("Maryam"));
    let sought_view = get(&app, &sought_page).await.body;
    assert!(!sought_view.contains(REQUESTER) && !sought_view.contains("+49 170"));
    let requester_view = get(&app, &status).await.body;
    assert!(!requester_view.contains(SOUGHT));

    // The requester leaves: the conversation closes for both.
    let r = post(&app, &format!("{status}/leave/{m}"), &[]).await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(match_state(&app, m).await, "closed");
    let after = get(&app, &status).await;
    assert!(after.body.contains("This conversation has ended"));
    let r = post(
        &app,
        &format!("{sought_page}/messages"),
        &[("body", "Hello?")],
    )
    .await;
    assert_eq!(r.status, Status::Conflict);
}

#[rocket::async_test]
async fn a_shared_detail_reaches_the_other_party_and_nothing_else() {
    let app = TestApp::builder()
        .config(|c| c.contact.cooling_off = Duration::zero())
        .build()
        .await;
    let (a, _) = member(&app, "a@staff.example", &[Role::Caseworker]).await;
    let (b, _) = member(&app, "b@staff.example", &[Role::Caseworker]).await;
    let status = active_request(&app, REQUESTER, "Maryam Karimi").await;
    active_registration(&app, &register_fields(SOUGHT, "Maryam Karimi", "anyone")).await;
    let m = link_and_ask(&app, a.id).await;
    let reply = follow_latest(&app, SOUGHT).await;
    let r = post(
        &app,
        &reply,
        &[
            ("decision", "accept"),
            ("choice", "share"),
            ("detail", "+46 70 555 0101"),
        ],
    )
    .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    post(&app, &format!("{status}/confirm"), &[("choice", "relay")]).await;
    flow::tick(&app.ctx, Utc::now()).await.unwrap();
    release(&app, a.id, &b, m).await;
    let page = get(&app, &status).await.body;
    assert!(page.contains("+46 70 555 0101"), "the detail they chose");
    assert!(!page.contains(SOUGHT), "and nothing else");
    let theirs = get(&app, &reply).await.body;
    assert!(!theirs.contains("+49 170") && !theirs.contains(REQUESTER));
}

#[rocket::async_test]
async fn bad_input_on_the_party_pages_changes_nothing() {
    let app = TestApp::new().await;
    let (a, _) = member(&app, "a@staff.example", &[Role::Caseworker]).await;
    let status = active_request(&app, REQUESTER, "Maryam Karimi").await;
    active_registration(&app, &register_fields(SOUGHT, "Maryam Karimi", "anyone")).await;
    let m = link_and_ask(&app, a.id).await;
    let reply = follow_latest(&app, SOUGHT).await;

    // Forged links: the same clear page, 404.
    for path in [
        "/p/ThisIsNotARealTokenAtAll12345",
        "/p/short",
        "/contact/reply/ThisIsNotARealTokenAtAll12345",
    ] {
        let r = get(&app, path).await;
        assert_eq!(r.status, Status::NotFound, "{path}");
        assert!(r.body.contains("This link cannot be used"));
    }
    let forged = post(
        &app,
        "/contact/reply/ThisIsNotARealTokenAtAll12345",
        &[("decision", "accept"), ("choice", "relay")],
    )
    .await;
    assert_eq!(forged.status, Status::NotFound);

    // Incomplete or wrong answers: 422, the form again with the choice kept.
    for (fields, message) in [
        (vec![], "This field is required."),
        (
            vec![("decision", "maybe")],
            "Please choose one of the options.",
        ),
        (vec![("decision", "accept")], "This field is required."),
        (
            vec![("decision", "accept"), ("choice", "share"), ("detail", "")],
            "This field is required.",
        ),
        (
            vec![
                ("decision", "decline"),
                ("welfare", "own"),
                ("welfare_text", ""),
            ],
            "This field is required.",
        ),
    ] {
        let r = post(&app, &reply, &fields).await;
        assert_eq!(r.status, Status::UnprocessableEntity, "{fields:?}");
        assert!(r.body.contains(message), "{fields:?}");
        assert!(r.body.contains("error-summary"));
    }
    let long = "x".repeat(301);
    let r = post(
        &app,
        &reply,
        &[
            ("decision", "decline"),
            ("welfare", "own"),
            ("welfare_text", &long),
        ],
    )
    .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(r.body.contains(&long), "re-filled");
    let r = post(
        &app,
        &reply,
        &[
            ("decision", "accept"),
            ("choice", "share"),
            ("detail", "a\u{202e}b"),
        ],
    )
    .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    // Without the CSRF token: refused, nothing written.
    let r = app
        .post_form(&reply, &[("decision", "accept"), ("choice", "relay")])
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    let r = app
        .post_form(&format!("{status}/confirm"), &[("choice", "relay")])
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    assert_eq!(consent::Entity::find().count(&app.ctx.db).await.unwrap(), 0);
    assert_eq!(match_state(&app, m).await, "consent_requested");

    // The requester's confirmation with a bad choice: 422; a tampered match id: 404.
    let r = post(
        &app,
        &format!("{status}/confirm"),
        &[("choice", "carrier-pigeon")],
    )
    .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(r.body.contains("Please choose one of the options."));
    let r = post(&app, &format!("{status}/messages/{m}"), &[("body", "hi")]).await;
    assert_eq!(r.status, Status::NotFound, "not a connection on their page");
    let r = post(&app, &format!("{status}/leave/{m}"), &[]).await;
    assert_eq!(r.status, Status::NotFound);
    assert_eq!(match_state(&app, m).await, "consent_requested");
    assert_eq!(consent::Entity::find().count(&app.ctx.db).await.unwrap(), 0);

    // An expired link: the same page, and the answer is refused.
    party_link::Entity::update_many()
        .col_expr(
            party_link::Column::ExpiresAt,
            Expr::value(Utc::now() - Duration::minutes(1)),
        )
        .exec(&app.ctx.db)
        .await
        .unwrap();
    let r = get(&app, &reply).await;
    assert_eq!(r.status, Status::NotFound);
    let r = post(&app, &reply, &[("decision", "accept"), ("choice", "relay")]).await;
    assert_eq!(r.status, Status::NotFound);
    assert_eq!(consent::Entity::find().count(&app.ctx.db).await.unwrap(), 0);
    assert_eq!(match_state(&app, m).await, "consent_requested");
}

/// Four requests whose sought persons are: not registered; registered and asked, no answer
/// yet; asked and declined without a message; registered with a veto against the
/// requester. Everything each requester can observe is the same, through to the end.
#[rocket::async_test]
async fn nothing_a_requester_sees_tells_the_four_outcomes_apart() {
    let app = TestApp::new().await;
    let (a, _) = member(&app, "a@staff.example", &[Role::Caseworker]).await;
    let cases = [
        ("one@example.org", "Nobody Unheardof"),
        ("two@example.org", "Maryam Karimi"),
        ("three@example.org", "Parvin Ahmadi"),
        ("four@example.org", "Sara Rahimi"),
    ];
    active_registration(
        &app,
        &register_fields("maryam@example.org", "Maryam Karimi", "anyone"),
    )
    .await;
    active_registration(
        &app,
        &register_fields("parvin@example.org", "Parvin Ahmadi", "anyone"),
    )
    .await;
    active_registration(
        &app,
        &with(
            register_fields("sara@example.org", "Sara Rahimi", "anyone"),
            "deny_names",
            "Leila Karimi",
        ),
    )
    .await;
    let mut statuses = Vec::new();
    for (i, (email, sought)) in cases.iter().enumerate() {
        statuses.push(active_request(&app, email, sought).await);
        let s = sought_person::Entity::find()
            .all(&app.ctx.db)
            .await
            .unwrap()
            .pop()
            .unwrap();
        let index = contact_review::index(&app.ctx, false).await.unwrap();
        let _ = index;
        match i {
            1 | 2 => {
                let reg = registration::Entity::find()
                    .all(&app.ctx.db)
                    .await
                    .unwrap()
                    .remove(i - 1);
                let m = contact_review::decide(
                    &app.ctx,
                    a.id,
                    s.request_id,
                    s.id,
                    reg.id,
                    true,
                    Utc::now(),
                )
                .await
                .unwrap()
                .unwrap();
                flow::ask(&app.ctx, a.id, m, Utc::now())
                    .await
                    .unwrap()
                    .unwrap();
                if i == 2 {
                    let reply = follow_latest(&app, "parvin@example.org").await;
                    let r = post(
                        &app,
                        &reply,
                        &[("decision", "decline"), ("welfare", "none")],
                    )
                    .await;
                    assert_eq!(r.status, Status::SeeOther);
                }
            }
            3 => {
                // The veto: the registration is never a candidate.
                let reg = registration::Entity::find()
                    .all(&app.ctx.db)
                    .await
                    .unwrap()
                    .remove(2);
                let refused = contact_review::decide(
                    &app.ctx,
                    a.id,
                    s.request_id,
                    s.id,
                    reg.id,
                    true,
                    Utc::now(),
                )
                .await
                .unwrap();
                assert!(refused.is_err());
            }
            _ => {}
        }
    }
    assert_eq!(
        contact_match::Entity::find()
            .all(&app.ctx.db)
            .await
            .unwrap()
            .iter()
            .map(|m| m.state.clone())
            .collect::<Vec<_>>(),
        ["consent_requested", "closed"]
    );

    // What each requester observes: their page (en, fa), their withdraw page, the
    // re-confirmation (a refused one and an accepted one), and every email, through the
    // check-in, the renewal reminder and the expiry.
    let rows = contact_request::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap();
    let dates: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            let mut d: Vec<String> = Locale::ALL
                .iter()
                .map(|l| contact_intake::format_date(*l, r.expires_at))
                .collect();
            d.extend(
                Locale::ALL
                    .iter()
                    .map(|l| contact_intake::format_date(*l, Utc::now())),
            );
            d
        })
        .collect();
    let scrub = |s: &str| {
        let mut s = normalise(s);
        for d in &dates {
            s = s.replace(d.as_str(), "DATE");
        }
        s
    };
    let view = |s: &Seen| {
        let headers: Vec<(String, String)> = s
            .headers
            .iter()
            .filter(|(k, _)| !k.eq_ignore_ascii_case("date"))
            .map(|(k, v)| (k.clone(), normalise(v)))
            .collect();
        (s.status, headers, scrub(&s.body))
    };
    let mut observed = Vec::new();
    for status in &statuses {
        let page = get(&app, status).await;
        assert!(page.body.contains("Received — in progress"));
        let fa = get(&app, &format!("{status}?lang=fa")).await;
        let withdraw = get(&app, &format!("{status}/withdraw?lang=en")).await;
        let refused = post(&app, &format!("{status}/confirm"), &[("choice", "")]).await;
        let confirmed = post(&app, &format!("{status}/confirm"), &[("choice", "relay")]).await;
        let after = get(&app, status).await;
        observed.push(vec![
            view(&page),
            view(&fa),
            view(&withdraw),
            view(&refused),
            view(&confirmed),
            view(&after),
        ]);
    }
    // The job runs: check-ins a month on, reminders near expiry, then the expiry.
    for days in [31, 340, 366] {
        let at = Utc::now() + Duration::days(days);
        flow::tick(&app.ctx, at).await.unwrap();
        contact_expiry::run(&app.ctx, at).await.unwrap();
    }
    for (i, status) in statuses.iter().enumerate() {
        let (email, _) = cases[i];
        let mail = mail_to(&app, email).await;
        let texts: Vec<(String, String, String)> = mail
            .iter()
            .map(|m| {
                (
                    m.email.subject.clone(),
                    scrub(&m.email.text),
                    scrub(&m.email.html),
                )
            })
            .collect();
        // Verification, personal link, check-in(s), renewal reminder: nothing else.
        assert!(texts.len() >= 4, "{texts:?}");
        for l in mail.iter().flat_map(links) {
            assert!(!l.contains("/contact/reply/"));
        }
        // The renewal reminder's fresh link replaced the first one.
        let _ = status;
        let latest = mail
            .iter()
            .rev()
            .flat_map(links)
            .find(|l| l.starts_with("/contact/status/"))
            .unwrap();
        let latest = latest.split('?').next().unwrap();
        let closed = get(&app, &format!("{latest}?lang=en")).await;
        let closed_fa = get(&app, &format!("{latest}?lang=fa")).await;
        observed[i].push(view(&closed));
        observed[i].push(view(&closed_fa));
        observed[i].push((Status::Ok, Vec::new(), format!("{texts:?}")));
        if i == 0 {
            assert!(
                closed
                    .body
                    .contains("Closed — we could not establish contact"),
                "{}",
                closed.body
            );
        }
    }
    // Only the random link tokens and the CSRF token differ (normalised/scrubbed above,
    // the CSRF token is per browser and the same here).
    for i in 1..4 {
        for (k, (a, b)) in observed[0].iter().zip(&observed[i]).enumerate() {
            if a != b {
                let at =
                    a.2.chars()
                        .zip(b.2.chars())
                        .position(|(x, y)| x != y)
                        .unwrap_or(0);
                let around = |t: &str| {
                    t.chars()
                        .skip(at.saturating_sub(80))
                        .take(200)
                        .collect::<String>()
                };
                panic!(
                    "case 1 vs case {}, observation {k}: {:?} {:?} / {:?} {:?}\n{}\n----\n{}",
                    i + 1,
                    a.0,
                    a.1,
                    b.0,
                    b.1,
                    around(&a.2),
                    around(&b.2)
                );
            }
        }
        assert_eq!(observed[0].len(), observed[i].len());
    }
}

/// The code that builds a requester's view reads the request's row, the names they gave,
/// the request's notices and the relay thread of a released connection — and nothing
/// about matches, registrations or consents.
#[test]
fn the_requester_view_reads_only_what_rule_one_allows() {
    let root = env!("CARGO_MANIFEST_DIR");
    let read = |p: &str| std::fs::read_to_string(format!("{root}/{p}")).unwrap();
    let code_of = |src: &str| -> String {
        // Comments aside: they may name what is not read.
        src.lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let fn_body = |src: &str, name: &str| -> String {
        let start = src
            .find(&format!("fn {name}"))
            .unwrap_or_else(|| panic!("{name}"));
        let end = src[start..].find("\n}\n").unwrap() + start;
        code_of(&src[start..end])
    };
    let forbidden = [
        "contact_match",
        "registration",
        "consent::Entity",
        "entities::consent",
        "consent::Model",
        "match_flow",
        "MatchState",
        "approval",
    ];
    let view = code_of(&read("src/services/contact/requester_view.rs"));
    let relay_view = fn_body(&read("src/services/contact/relay.rs"), "view(");
    let intake = read("src/services/contact/intake.rs");
    let parts = [
        ("requester_view.rs", view.clone()),
        ("relay::view", relay_view),
        (
            "relay::thread_of",
            fn_body(&read("src/services/contact/relay.rs"), "thread_of"),
        ),
        (
            "request_by_status_token",
            fn_body(&intake, "request_by_status_token"),
        ),
        ("lifecycle", fn_body(&intake, "lifecycle")),
        ("open_sought", fn_body(&intake, "open_sought")),
        (
            "party_links::resolve",
            fn_body(&read("src/services/contact/links.rs"), "resolve"),
        ),
    ];
    for (name, code) in &parts {
        for f in forbidden {
            assert!(!code.contains(f), "{name} mentions {f}");
        }
    }
    // The entities it reads, exactly.
    let used: Vec<&str> = view.lines().filter(|l| l.contains("entities::")).collect();
    assert_eq!(
        used,
        ["use crate::entities::{request_notice, sought_person};"]
    );
    // And the services it calls, exactly.
    let calls: std::collections::BTreeSet<&str> =
        ["intake::", "relay::", "services::contact::consent::"]
            .into_iter()
            .filter(|s| view.contains(s))
            .collect();
    assert_eq!(calls.len(), 3);
    for line in view
        .lines()
        .filter(|l| l.contains("services::contact::consent"))
    {
        assert!(
            line.contains("SHARED_DETAIL") || line.contains("notice_kind"),
            "only constants from the consent flow: {line}"
        );
    }
}
