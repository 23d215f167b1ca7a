//! The caseworker home: a caseworker lands on it after login; cases are listed by stage
//! with counts; a release or a staff-recorded answer proposed by one caseworker shows on
//! every other caseworker's home (not the proposer's, not only an administrator's) and
//! opens its case page to them.

use crate::support::TestApp;
use crate::support::factory::case::relay;
use crate::support::factory::contact::{self, insert_match};
use crate::support::staff::{PASSWORD, get, login, logout, member};
use chrono::Utc;
use peyvand::domain::approval::{self, Action, Proposal};
use peyvand::domain::contact::consent::Party;
use peyvand::domain::staff::account::Role;
use peyvand::i18n::Locale;
use peyvand::services::contact::consent as flow;
use rocket::http::Status;

#[rocket::async_test]
async fn the_second_caseworker_finds_the_waiting_release_on_her_home() {
    let app = TestApp::new().await;
    let (anna, anna_browser) = member(&app, "anna@example.org", &[Role::Caseworker]).await;
    let (_, babak_browser) = member(&app, "babak@example.org", &[Role::Caseworker]).await;
    let (_, cyrus_browser) = member(&app, "cyrus@example.org", &[Role::Caseworker]).await;
    let request = contact::request().insert(&app).await;
    let registration = contact::registration().insert(&app).await;
    let cooling = insert_match(&app, request.sought, registration, "cooling_off").await;
    // Anna proposes the release (as the case page does after the cooling-off period).
    let txn = app.ctx.begin_write().await.unwrap();
    approval::propose(
        &txn,
        &app.ctx.crypto,
        Proposal {
            action: &Action::ReleaseConnection { match_id: cooling },
            proposer: anna.id,
            reason: "both agreed",
        },
        chrono::Duration::hours(48),
        Utc::now(),
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    // …and records an answer she obtained by phone on another case.
    let other = contact::request()
        .by("Sara Ahmadi", "sara@example.org")
        .insert(&app)
        .await;
    let verified = insert_match(&app, other.sought, registration, "verified").await;
    flow::assert_consent(
        &app.ctx,
        anna.id,
        verified,
        &flow::Asserted {
            party: Party::Sought,
            answer: &relay(),
            how: "by phone",
            locale: Locale::En,
        },
        Utc::now(),
    )
    .await
    .unwrap()
    .unwrap();

    for browser in [&babak_browser, &cyrus_browser] {
        let (status, _, body) = get(browser, "/staff/work").await;
        assert_eq!(status, Status::Ok);
        let waiting = body
            .split("id=\"waiting-for-me\"")
            .nth(1)
            .expect("a list of what waits for her")
            .split("</ul>")
            .next()
            .unwrap();
        assert!(waiting.contains(&format!("/staff/contact/matches/{cooling}")));
        assert!(waiting.contains(&format!("/staff/contact/matches/{verified}")));
        assert!(waiting.contains("Release of the connection"));
        assert!(waiting.contains("An answer recorded by staff"));
        assert!(body.contains("Awaiting release approval"));
        // She may open the case to decide it.
        let (status, _, page) = get(browser, &format!("/staff/contact/matches/{cooling}")).await;
        assert_eq!(status, Status::Ok);
        assert!(page.contains("both agreed"));
    }
    // Not on the proposer's own list.
    let (_, _, body) = get(&anna_browser, "/staff/work").await;
    assert!(!body.contains("id=\"waiting-for-me\""));
    assert!(body.contains("Nothing waits for your decision."));
    // The reads were recorded.
    assert!(app.audited("case.work.view").await >= 3);
}

#[rocket::async_test]
async fn a_caseworker_lands_on_her_work_and_sees_counts_by_stage_in_persian_too() {
    let app = TestApp::new().await;
    let (m, browser) = member(&app, "dina@example.org", &[Role::Caseworker]).await;
    let request = contact::request().insert(&app).await;
    let _second = contact::request()
        .by("Sara Ahmadi", "sara@example.org")
        .insert(&app)
        .await;
    let registration = contact::registration().insert(&app).await;
    insert_match(&app, request.sought, registration, "consent_requested").await;
    logout(&browser).await;
    let r = login(&browser, &m.email, PASSWORD, &m.code(1)).await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(r.headers().get_one("Location"), Some("/staff/work"));
    let (status, _, body) = get(&browser, "/staff/work").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("To review"));
    assert!(body.contains("Asked"));
    assert!(body.contains("1 in all, 0 assigned to me"), "{body}");
    // Unassigned cases can be taken from the home.
    assert!(body.contains("Take this case"));
    let (status, _, body) = get(&browser, "/staff/work?lang=fa").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("کار من"));
    assert!(body.contains("پرسیده‌شده"));
}
