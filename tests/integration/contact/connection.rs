//! The parties' pages of a contact case through HTTP: the sought person's emailed link,
//! their answer, the requester's re-confirmation, the released connection with its relay
//! messages (no address of either party ever reaches the other), leaving; bad input on
//! every form.

use super::follow_latest;
use crate::support::TestApp;
use crate::support::factory::case::{app_without_cooling_off, link_newest_and_ask, release};
use crate::support::factory::contact::{
    active_registration, active_request, match_state, register_fields,
};
use crate::support::http::{get, post};
use crate::support::mail::mail_to;
use crate::support::staff::member;
use chrono::{Duration, Utc};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{consent, party_link, relay_message};
use peyvand::ids::{MatchId, StaffId};
use peyvand::mail::SentEmail;
use peyvand::services::contact::consent as flow;
use rocket::http::Status;
use sea_orm::sea_query::Expr;
use sea_orm::{EntityTrait, PaginatorTrait};

const REQUESTER: &str = "leila@example.org";
const SOUGHT: &str = "maryam@example.org";

/// Leila files a request for Maryam Karimi, who registered, both through the forms;
/// `caseworker` links them and asks Maryam. Returns Leila's status page and the match.
async fn filed_and_asked(app: &TestApp, caseworker: StaffId) -> (String, MatchId) {
    let status = active_request(app, REQUESTER, "Maryam Karimi").await;
    active_registration(app, &register_fields(SOUGHT, "Maryam Karimi", "anyone")).await;
    (status, link_newest_and_ask(app, caseworker).await)
}

/// Everything a list of emails shows.
fn everything(mails: &[SentEmail]) -> String {
    mails
        .iter()
        .map(|m| format!("{}\n{}\n{}", m.email.subject, m.email.text, m.email.html))
        .collect()
}

#[rocket::async_test]
async fn request_registration_consents_release_and_relay_through_the_pages() {
    let app = app_without_cooling_off().await;
    let (a, _) = member(&app, "a@staff.example", &[Role::Caseworker]).await;
    let (b, _) = member(&app, "b@staff.example", &[Role::Caseworker]).await;
    let (status, m) = filed_and_asked(&app, a.id).await;

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
    release(&app, a.id, b.id, &b.code(1), m).await;
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

    // Leaving is not a button beside "Send": it sits apart, and asks first (issue #14).
    assert!(requester_view.contains("<details class=\"end-zone\">"));
    let r = post(&app, &format!("{status}/leave/{m}"), &[]).await;
    assert_eq!(r.status, Status::Ok);
    assert!(r.body.contains("Are you sure?") && r.body.contains("cannot be undone"));
    assert!(r.body.contains("name=\"confirmed\" value=\"yes\""));
    assert_eq!(match_state(&app, m).await, "connected", "nothing ended yet");
    // The requester leaves: the conversation closes for both.
    let r = post(
        &app,
        &format!("{status}/leave/{m}"),
        &[("confirmed", "yes")],
    )
    .await;
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
    let app = app_without_cooling_off().await;
    let (a, _) = member(&app, "a@staff.example", &[Role::Caseworker]).await;
    let (b, _) = member(&app, "b@staff.example", &[Role::Caseworker]).await;
    let (status, m) = filed_and_asked(&app, a.id).await;
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
    release(&app, a.id, b.id, &b.code(1), m).await;
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
    let (status, m) = filed_and_asked(&app, a.id).await;
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
    let r = post(
        &app,
        &format!("{status}/leave/{m}"),
        &[("confirmed", "yes")],
    )
    .await;
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
