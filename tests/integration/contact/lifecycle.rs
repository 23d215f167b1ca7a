//! A request's and a registration's life after verification: one renewal reminder with a
//! fresh link 30 days before the end, renewal moving the end a year on, expiry closing
//! them (and unused verification links lapsing); withdrawal by their owners, and unknown
//! links answering 404.

use super::{assert_content_free, only_registration, only_request};
use crate::support::TestApp;
use crate::support::factory::contact::{
    active_registration, active_request, register_fields, request_fields,
};
use crate::support::http::{header, post};
use crate::support::mail::{link, mail_to};
use chrono::{Duration, Utc};
use peyvand::entities::{contact_request, registration};
use peyvand::services::contact::expiry as contact_expiry;
use rocket::http::Status;
use sea_orm::{ActiveModelTrait, Set};

#[rocket::async_test]
async fn expiry_reminds_once_renewal_moves_it_on_and_expired_ones_close() {
    let app = TestApp::new().await;
    let status_path = active_request(&app, "leila@example.org", "Maryam Karimi").await;
    let manage = active_registration(
        &app,
        &register_fields("maryam@example.org", "Maryam Karimi", "anyone"),
    )
    .await;
    let now = Utc::now();
    let ctx = &app.ctx;

    // Long before expiry: nothing.
    let r = contact_expiry::run(ctx, now + Duration::days(300))
        .await
        .unwrap();
    assert_eq!(r, contact_expiry::ExpiryReport::default());

    // 30 days before: one reminder each, with a fresh link; the old link stops working.
    let at = now + Duration::days(340);
    let r = contact_expiry::run(ctx, at).await.unwrap();
    assert_eq!((r.requests_reminded, r.registrations_reminded), (1, 1));
    let again = contact_expiry::run(ctx, at + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(
        again.requests_reminded + again.registrations_reminded,
        0,
        "only once"
    );
    let mail = mail_to(&app, "leila@example.org").await;
    assert_eq!(mail.len(), 3);
    let reminder = &mail[2];
    assert_eq!(reminder.email.subject, "Please renew");
    assert_content_free(reminder);
    let row = only_request(&app).await;
    assert!(
        reminder
            .email
            .text
            .contains(&peyvand::services::contact::intake::format_date(
                peyvand::i18n::Locale::En,
                row.expires_at,
                &app.ctx.config.time_zone
            ))
    );
    let new_status = link(reminder, "/contact/status/");
    assert_ne!(new_status, status_path);
    assert_eq!(app.get(&status_path).await.0, Status::NotFound);
    assert_eq!(app.get(&new_status).await.0, Status::Ok);
    assert!(row.renewal_sent_at.is_some());
    let reg_mail = mail_to(&app, "maryam@example.org").await;
    let new_manage = link(reg_mail.last().unwrap(), "/contact/registration/");
    assert_ne!(new_manage, manage);

    // Bring the expiry within 30 days of the real clock (the pages use it) and renew.
    let soon = Utc::now() + Duration::days(10);
    let mut am: contact_request::ActiveModel = row.into();
    am.expires_at = Set(soon);
    am.update(&ctx.db).await.unwrap();
    let reg = only_registration(&app).await;
    let mut am: registration::ActiveModel = reg.into();
    am.expires_at = Set(soon);
    am.update(&ctx.db).await.unwrap();
    let (_, body) = app.get(&new_status).await;
    assert!(
        body.contains(&format!("{new_status}/renew")),
        "renew button shows"
    );
    assert!(body.contains("ends soon"));
    let r = post(&app, &format!("{new_status}/renew"), &[]).await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(
        header(&r, "Location"),
        Some(format!("{new_status}?notice=renewed").as_str())
    );
    let (_, body) = app.get(&format!("{new_status}?notice=renewed")).await;
    assert!(body.contains("Renewed"));
    assert!(!body.contains(&format!("{new_status}/renew")));
    let row = only_request(&app).await;
    let moved = row.expires_at - soon;
    assert!(
        moved >= Duration::days(365) - Duration::seconds(1)
            && moved <= Duration::days(365) + Duration::seconds(1)
    );
    assert!(row.renewal_sent_at.is_none(), "a new reminder will go out");
    // A second press renews nothing more.
    post(&app, &format!("{new_status}/renew"), &[]).await;
    assert_eq!(only_request(&app).await.expires_at, row.expires_at);
    let r = post(&app, &format!("{new_manage}/renew"), &[]).await;
    assert_eq!(
        header(&r, "Location"),
        Some(format!("{new_manage}?notice=renewed").as_str())
    );
    let reg = only_registration(&app).await;
    assert!(reg.expires_at - soon >= Duration::days(365) - Duration::seconds(1));

    // Past the new expiry: closed, and the pages say so.
    let r = contact_expiry::run(ctx, row.expires_at + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!((r.requests_closed, r.registrations_closed), (1, 1));
    let row = only_request(&app).await;
    assert_eq!(row.state.as_str(), "closed");
    assert!(row.closed_at.is_some());
    let (status, body) = app.get(&new_status).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Your request has ended"));
    assert!(!body.contains("/renew") && !body.contains("/withdraw"));
    let (_, body) = app.get(&new_manage).await;
    assert!(body.contains("Your registration has ended"));
    let actions = app.audit_actions().await;
    for a in [
        "contact_request.remind",
        "contact_request.renew",
        "contact_request.expire",
        "registration.remind",
        "registration.renew",
        "registration.expire",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} audited");
    }

    // A verification link nobody used lapses after 7 days; the row is closed.
    post(
        &app,
        "/contact/request",
        &request_fields("late@example.org", "Maryam Karimi"),
    )
    .await;
    let verify = link(
        mail_to(&app, "late@example.org").await.last().unwrap(),
        "/contact/verify/",
    );
    let r = contact_expiry::run(ctx, Utc::now() + Duration::days(8))
        .await
        .unwrap();
    assert_eq!(r.unverified_closed, 1);
    assert_eq!(app.get(&verify).await.0, Status::NotFound);
    assert_eq!(post(&app, &verify, &[]).await.status, Status::NotFound);
}

#[rocket::async_test]
async fn requests_and_registrations_can_be_withdrawn() {
    let app = TestApp::new().await;
    let status_path = active_request(&app, "leila@example.org", "Maryam Karimi").await;
    let (status, body) = app.get(&format!("{status_path}/withdraw")).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Withdraw your request?"));
    assert_eq!(
        only_request(&app).await.state.as_str(),
        "active",
        "opening the page changes nothing"
    );
    let r = post(&app, &format!("{status_path}/withdraw"), &[]).await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(
        header(&r, "Location"),
        Some(format!("{status_path}?notice=withdrawn").as_str())
    );
    let row = only_request(&app).await;
    assert_eq!(row.state.as_str(), "withdrawn");
    assert!(row.closed_at.is_some());
    let (_, body) = app.get(&status_path).await;
    assert!(body.contains("You withdrew your request"));
    assert!(!body.contains("/renew"));
    // Again: nothing changes; renewing a withdrawn request does nothing.
    let r = post(&app, &format!("{status_path}/withdraw"), &[]).await;
    assert_eq!(header(&r, "Location"), Some(status_path.as_str()));
    let r = post(&app, &format!("{status_path}/renew"), &[]).await;
    assert_eq!(header(&r, "Location"), Some(status_path.as_str()));
    assert_eq!(only_request(&app).await, row);
    let (status, _) = app.get(&format!("{status_path}/withdraw")).await;
    assert_eq!(status, Status::SeeOther);

    let manage = active_registration(
        &app,
        &register_fields("maryam@example.org", "Maryam Karimi", "anyone"),
    )
    .await;
    let (_, body) = app.get(&format!("{manage}/withdraw")).await;
    assert!(body.contains("Withdraw your registration?"));
    let r = post(&app, &format!("{manage}/withdraw"), &[]).await;
    assert_eq!(r.status, Status::SeeOther);
    let reg = only_registration(&app).await;
    assert_eq!(reg.state.as_str(), "withdrawn");
    assert!(reg.closed_at.is_some());
    let (_, body) = app.get(&manage).await;
    assert!(body.contains("You withdrew your registration"));
    assert!(
        body.contains("Maryam Karimi"),
        "its owner still sees what it held"
    );
    let actions = app.audit_actions().await;
    assert!(actions.iter().any(|a| a == "contact_request.withdraw"));
    assert!(actions.iter().any(|a| a == "registration.withdraw"));
    // Unknown links: 404 on every page and button.
    for path in [
        "/contact/registration/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "/contact/verify/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "/contact/status/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/withdraw",
    ] {
        assert_eq!(app.get(path).await.0, Status::NotFound, "{path}");
    }
    let r = post(
        &app,
        "/contact/status/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/renew",
        &[],
    )
    .await;
    assert_eq!(r.status, Status::NotFound);
}
