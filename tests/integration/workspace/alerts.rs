//! The content-free staff email, through a real SMTP server: a case assigned to a
//! caseworker, a proposal waiting for her, a requester writing on her case — one email,
//! whose whole content is "Something is waiting for you in the staff area" and the link,
//! at most one an hour; none once she opted out on her own settings page.

use crate::support::TestApp;
use crate::support::factory::contact::{self, insert_match};
use crate::support::smtp::SmtpServer;
use crate::support::staff::{get, member, post};
use chrono::{Duration, Utc};
use peyvand::domain::approval::{self, Action, Proposal};
use peyvand::domain::staff::account::Role;
use peyvand::mail::outbox;
use peyvand::services::staff::alerts;
use rocket::http::Status;

async fn deliver(app: &TestApp, now: chrono::DateTime<Utc>) -> u32 {
    let queued = alerts::send_due(&app.ctx, now).await.unwrap();
    outbox::process_due(app.ctx.outbox(), now + Duration::seconds(1))
        .await
        .unwrap();
    queued
}

#[rocket::async_test]
async fn one_content_free_email_an_hour_and_an_opt_out() {
    let smtp = SmtpServer::start();
    let app = TestApp::builder().smtp(smtp.port).build().await;
    let (anna, anna_browser) = member(&app, "anna@example.org", &[Role::Caseworker]).await;
    let (_, admin_browser) = member(&app, "admin@example.org", &[Role::Admin]).await;
    let request = contact::request().insert(&app).await;
    let registration = contact::registration().insert(&app).await;
    let cooling = insert_match(&app, request.sought, registration, "cooling_off").await;
    let now = Utc::now();

    // The administrator assigns the case to Anna: one email.
    let anna_id = anna.id.to_string();
    let r = post(
        &admin_browser,
        &format!("/staff/contact/requests/{}/assign", request.id),
        &[("assignee", &anna_id)],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(deliver(&app, now).await, 1);
    let got = smtp.received();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, vec!["anna@example.org".to_owned()]);
    let data = got[0].data.replace("=\r\n", "").replace("\r\n", "\n");
    assert!(data.contains("Subject: Something is waiting for you"));
    assert!(data.contains("Something is waiting for you in the staff area."));
    assert!(data.contains("http://127.0.0.1:8000/staff"));
    for secret in [
        "Maryam", "Hosseini", "Husseini", "match", "request", "release",
    ] {
        assert!(!data.contains(secret), "the email names nothing: {secret}");
    }

    // A proposal waits for her within the hour: no second email yet…
    let (other, _) = member(&app, "babak@example.org", &[Role::Caseworker]).await;
    let txn = app.ctx.begin_write().await.unwrap();
    approval::propose(
        &txn,
        &app.ctx.crypto,
        Proposal {
            action: &Action::ReleaseConnection { match_id: cooling },
            proposer: other.id,
            reason: "both agreed",
        },
        Duration::hours(48),
        now,
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    assert_eq!(deliver(&app, now + Duration::minutes(30)).await, 0);
    assert_eq!(smtp.received().len(), 1);
    // …one after the hour, for everything that waited meanwhile.
    assert_eq!(deliver(&app, now + Duration::minutes(61)).await, 1);
    assert_eq!(smtp.received().len(), 2);
    // Nothing new: nothing sent.
    assert_eq!(deliver(&app, now + Duration::minutes(200)).await, 0);

    // She opts out on her own settings page (a bad value is refused, nothing saved).
    let (status, _, body) = get(&anna_browser, "/staff/settings").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Send me that email"));
    let r = post(&anna_browser, "/staff/settings", &[("email", "sometimes")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(alerts::wants_email(&app.ctx, anna.id).await.unwrap());
    let r = post(&anna_browser, "/staff/settings", &[("email", "off")]).await;
    assert_eq!(r.status(), Status::SeeOther);
    assert!(!alerts::wants_email(&app.ctx, anna.id).await.unwrap());
    assert_eq!(app.audited("staff.alerts.set").await, 1);
    let r = post(
        &admin_browser,
        &format!("/staff/contact/requests/{}/assign", request.id),
        &[("assignee", "none")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let r = post(
        &admin_browser,
        &format!("/staff/contact/requests/{}/assign", request.id),
        &[("assignee", &anna_id)],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(deliver(&app, now + Duration::hours(5)).await, 0);
    assert_eq!(smtp.received().len(), 2);
}
