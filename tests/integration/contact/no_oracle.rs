//! Safety rule 1, the no-oracle guarantee: nothing a requester can observe — the answers
//! to the forms, the verification pages, the status page (status, headers, body), every
//! email, the reminders and the end — depends on whether the person they seek registered,
//! was found, was asked, declined, or vetoes them; and the structural check that the code
//! building a requester's view reads nothing about matches, registrations or consents.

use super::follow_latest;
use crate::support::TestApp;
use crate::support::factory::case::{ask_sought, verify_match};
use crate::support::factory::contact::{
    active_registration, active_request, insert_match, register_fields, request_fields, with,
};
use crate::support::http::{Seen, get, post};
use crate::support::mail::{link, links, mail_to, normalise};
use crate::support::staff::member;
use chrono::{Duration, Utc};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{contact_match, contact_request, registration, sought_person};
use peyvand::i18n::Locale;
use peyvand::services::contact::{
    consent as flow, expiry as contact_expiry, intake as contact_intake,
};
use rocket::http::Status;
use sea_orm::EntityTrait;

/// Rule 1. Three requesters look for three people: one registered, open to anyone and
/// already linked to the request by a caseworker; one nobody has heard of; one registered
/// as "no one". Everything each requester can observe — the answers to the form, the
/// verification pages, the status page (status, headers, body), every email, and the
/// reminder the expiry job sends — is the same for all three, tokens and dates aside.
#[rocket::async_test]
async fn nothing_a_requester_sees_depends_on_registrations_or_matches() {
    let app = TestApp::new().await;
    active_registration(
        &app,
        &register_fields("maryam@example.org", "Maryam Karimi", "anyone"),
    )
    .await;
    active_registration(
        &app,
        &register_fields("parvin@example.org", "Parvin Ahmadi", "no_one"),
    )
    .await;

    let cases = [
        ("one@example.org", "Maryam Karimi"),
        ("two@example.org", "Nobody Unheardof"),
        ("three@example.org", "Parvin Ahmadi"),
    ];
    let mut observed = Vec::new();
    for (i, (email, sought)) in cases.iter().enumerate() {
        let filed = post(&app, "/contact/request", &request_fields(email, sought)).await;
        let sent = get(&app, "/contact/sent").await;
        let verify = link(
            mail_to(&app, email).await.last().unwrap(),
            "/contact/verify/",
        );
        let verify_get = get(&app, &verify).await;
        let verify_post = post(&app, &verify, &[]).await;
        let status_path = link(
            mail_to(&app, email).await.last().unwrap(),
            "/contact/status/",
        );
        if i == 0 {
            // A caseworker links Maryam's request to her registration.
            let sought_row = sought_person::Entity::find()
                .all(&app.ctx.db)
                .await
                .unwrap()
                .pop()
                .unwrap();
            let reg = registration::Entity::find()
                .all(&app.ctx.db)
                .await
                .unwrap()
                .remove(0);
            insert_match(&app, sought_row.id, reg.id, "consent_requested").await;
        }
        observed.push((email, filed, sent, verify_get, verify_post, status_path));
    }
    // Bring every request within its renewal window and let the job remind them.
    let at = Utc::now() + Duration::days(340);
    let r = contact_expiry::run(&app.ctx, at).await.unwrap();
    assert_eq!(r.requests_reminded, 3);

    let rows = contact_request::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap();
    let dates: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            Locale::ALL
                .iter()
                .map(|l| contact_intake::format_date(*l, r.expires_at, &app.ctx.config.time_zone))
                .collect::<Vec<_>>()
        })
        .collect();
    // The page shows whom each requester is looking for, by the names she gave (issue
    // #14): her own words, the same whatever exists behind them.
    let scrub = |s: &str| {
        let mut s = normalise(s);
        for d in &dates {
            s = s.replace(d.as_str(), "DATE");
        }
        for (_, sought) in &cases {
            s = s.replace(sought, "NAME");
        }
        s
    };
    let view = |s: &Seen| (s.status, s.headers.clone(), scrub(&s.body));
    let mut summaries = Vec::new();
    for (email, filed, sent, verify_get, verify_post, _) in &observed {
        let mail = mail_to(&app, email).await;
        assert_eq!(mail.len(), 3, "verification, link, reminder");
        let new_status = link(&mail[2], "/contact/status/");
        let status_page = get(&app, &new_status).await;
        assert_eq!(status_page.status, Status::Ok);
        assert!(status_page.body.contains("Received — in progress"));
        let status_fa = get(&app, &format!("{new_status}?lang=fa")).await;
        let withdraw_page = get(&app, &format!("{new_status}/withdraw?lang=en")).await;
        let mails: Vec<(String, String, String)> = mail
            .iter()
            .map(|m| {
                (
                    m.email.subject.clone(),
                    scrub(&m.email.text),
                    scrub(&m.email.html),
                )
            })
            .collect();
        summaries.push((
            view(filed),
            view(sent),
            view(verify_get),
            view(verify_post),
            view(&status_page),
            view(&status_fa),
            view(&withdraw_page),
            mails,
        ));
        app.get("/?lang=en").await;
    }
    assert_eq!(
        summaries[0], summaries[1],
        "registered and matched vs unknown"
    );
    assert_eq!(summaries[1], summaries[2], "unknown vs \"no one\"");
    // The status link is the only per-request thing, and it is random.
    assert_ne!(observed[0].5, observed[1].5);
}
/// Five requests whose sought persons are: not registered; registered and asked, no answer
/// yet; asked and declined without a message; registered with a veto against the
/// requester; asked, then refusing the requester by changing their registration in place
/// (issue #14). Everything each requester can observe is the same, through to the end.
#[rocket::async_test]
async fn nothing_a_requester_sees_tells_the_four_outcomes_apart() {
    let app = TestApp::new().await;
    let (a, _) = member(&app, "a@staff.example", &[Role::Caseworker]).await;
    let cases = [
        ("one@example.org", "Nobody Unheardof"),
        ("two@example.org", "Maryam Karimi"),
        ("three@example.org", "Parvin Ahmadi"),
        ("four@example.org", "Sara Rahimi"),
        ("five@example.org", "Nasrin Sadeghi"),
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
    let nasrin = active_registration(
        &app,
        &register_fields("nasrin@example.org", "Nasrin Sadeghi", "anyone"),
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
        let index = peyvand::services::contact::candidates::index(&app.ctx, false)
            .await
            .unwrap();
        let _ = index;
        match i {
            1 | 2 => {
                let reg = registration::Entity::find()
                    .all(&app.ctx.db)
                    .await
                    .unwrap()
                    .remove(i - 1);
                let m = verify_match(&app, a.id, s.request_id, s.id, reg.id, Utc::now())
                    .await
                    .unwrap();
                ask_sought(&app, a.id, m, Utc::now()).await;
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
                let refused =
                    verify_match(&app, a.id, s.request_id, s.id, reg.id, Utc::now()).await;
                assert!(refused.is_err());
            }
            4 => {
                // Asked; then the person adds "never Leila Karimi" on their own page.
                let reg = registration::Entity::find()
                    .all(&app.ctx.db)
                    .await
                    .unwrap()
                    .remove(3);
                let m = verify_match(&app, a.id, s.request_id, s.id, reg.id, Utc::now())
                    .await
                    .unwrap();
                ask_sought(&app, a.id, m, Utc::now()).await;
                let r = post(
                    &app,
                    &format!("{nasrin}/edit"),
                    &[
                        ("names", "Nasrin Sadeghi"),
                        ("openness", "anyone"),
                        ("deny_names", "Leila Karimi"),
                    ],
                )
                .await;
                assert_eq!(r.status, Status::SeeOther, "{}", r.body);
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
            .map(|m| m.state.as_str())
            .collect::<Vec<_>>(),
        ["consent_requested", "closed", "closed"]
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
                .map(|l| contact_intake::format_date(*l, r.expires_at, &app.ctx.config.time_zone))
                .collect();
            d.extend(
                Locale::ALL.iter().map(|l| {
                    contact_intake::format_date(*l, Utc::now(), &app.ctx.config.time_zone)
                }),
            );
            d
        })
        .collect();
    // The page shows whom each requester is looking for, by the names she gave (issue
    // #14): her own words, the same whatever exists behind them.
    let scrub = |s: &str| {
        let mut s = normalise(s);
        for d in &dates {
            s = s.replace(d.as_str(), "DATE");
        }
        for (_, sought) in &cases {
            s = s.replace(sought, "NAME");
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
    for i in 1..cases.len() {
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
    // Read at compile time: moving one of these files breaks the build, not this test.
    const REQUESTER_VIEW: &str = include_str!("../../../src/services/contact/requester_view.rs");
    const RELAY: &str = include_str!("../../../src/services/contact/relay.rs");
    const INTAKE_STATUS: &str = include_str!("../../../src/services/contact/intake/status.rs");
    const INTAKE_SEALED: &str = include_str!("../../../src/services/contact/intake/sealed.rs");
    const LINKS: &str = include_str!("../../../src/services/contact/links.rs");
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
    let view = code_of(REQUESTER_VIEW);
    let relay_view = fn_body(RELAY, "view(");
    let parts = [
        ("requester_view.rs", view.clone()),
        ("relay::view", relay_view),
        ("relay::thread_of", fn_body(RELAY, "thread_of")),
        (
            "request_by_status_token",
            fn_body(INTAKE_STATUS, "request_by_status_token"),
        ),
        ("lifecycle", fn_body(INTAKE_STATUS, "lifecycle")),
        ("open_sought", fn_body(INTAKE_SEALED, "open_sought")),
        ("party_links::resolve", fn_body(LINKS, "resolve")),
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
