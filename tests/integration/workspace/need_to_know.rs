//! Assignment and need-to-know: a caseworker takes a request; a colleague opening it must
//! give a reason first (an empty one is refused, nothing stored), which is audited; an
//! administrator reassigns, and the history keeps every assignment; an unknown assignee or
//! a missing CSRF token changes nothing; a deployment may let everyone see everything.

use super::audit_details;
use crate::support::TestApp;
use crate::support::factory::contact;
use crate::support::staff::{get, member};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{case_access, case_assignment, contact_request};
use rocket::http::{ContentType, Status};
use sea_orm::{EntityTrait, PaginatorTrait};

async fn assignee(app: &TestApp, id: peyvand::ids::RequestId) -> Option<peyvand::ids::StaffId> {
    contact_request::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
        .assigned_to
}

#[rocket::async_test]
async fn someone_elses_case_opens_only_for_a_reason_which_is_audited() {
    let app = TestApp::new().await;
    let (anna, anna_browser) = member(&app, "anna@example.org", &[Role::Caseworker]).await;
    let (babak, babak_browser) = member(&app, "babak@example.org", &[Role::Caseworker]).await;
    let (_, admin_browser) =
        member(&app, "admin@example.org", &[Role::Admin, Role::Caseworker]).await;
    let request = contact::request().insert(&app).await;
    let page = format!("/staff/contact/requests/{}", request.id);

    // Unassigned, it is open to every caseworker (the triage queue).
    assert_eq!(get(&babak_browser, &page).await.0, Status::Ok);
    // Anna takes it.
    let r = crate::support::staff::post(
        &anna_browser,
        &format!("{page}/assign"),
        &[("assignee", "me")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(assignee(&app, request.id).await, Some(anna.id));
    let (status, _, body) = get(&anna_browser, &page).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Maryam Hosseini"));

    // Babak may not read it without a reason: no name, no message, a form.
    let (status, _, body) = get(&babak_browser, &page).await;
    assert_eq!(status, Status::Forbidden);
    assert!(!body.contains("Maryam Hosseini"));
    assert!(!body.contains("We miss you"));
    assert!(body.contains("Why do you need to read this case?"));
    // Nor act on it, nor reveal a detail.
    let r = crate::support::staff::post(
        &babak_browser,
        &format!("{page}/reveal"),
        &[("detail", "email"), ("reason", "curious")],
    )
    .await;
    assert_eq!(r.status(), Status::Forbidden);
    assert!(
        !r.into_string()
            .await
            .unwrap()
            .contains("requester@example.org")
    );
    // The same in Persian (then back to English).
    let (status, _, body) = get(&babak_browser, &format!("{page}?lang=fa")).await;
    assert_eq!(status, Status::Forbidden);
    assert!(body.contains("چرا باید این پرونده را بخوانید؟"));
    assert_eq!(
        get(&babak_browser, &format!("{page}?lang=en")).await.0,
        Status::Forbidden
    );

    // An empty reason is refused, translated, and nothing is stored.
    let r = crate::support::staff::post(
        &babak_browser,
        &format!("{page}/access"),
        &[("reason", "   ")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("This field is required.")
    );
    // Without the CSRF token: refused, nothing stored.
    let r = babak_browser
        .post(format!("{page}/access"))
        .header(ContentType::Form)
        .body("reason=covering+for+Anna")
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    assert_eq!(
        case_access::Entity::find()
            .count(&app.ctx.db)
            .await
            .unwrap(),
        0
    );
    assert_eq!(app.audited("case.access").await, 0);

    // With a reason it opens, and the reason is in the audit log.
    let r = crate::support::staff::post(
        &babak_browser,
        &format!("{page}/access"),
        &[("reason", "covering for Anna while she is away")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(r.headers().get_one("Location"), Some(page.as_str()));
    let details = audit_details(&app, "case.access").await;
    assert_eq!(details.len(), 1);
    assert!(details[0].contains("covering for Anna while she is away"));
    let (status, _, body) = get(&babak_browser, &page).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Maryam Hosseini"));

    // An administrator reassigns it to Babak; an unknown caseworker is refused.
    let r = crate::support::staff::post(
        &admin_browser,
        &format!("{page}/assign"),
        &[("assignee", "999999")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("There is no such caseworker.")
    );
    assert_eq!(assignee(&app, request.id).await, Some(anna.id));
    let babak_id = babak.id.to_string();
    let r = crate::support::staff::post(
        &admin_browser,
        &format!("{page}/assign"),
        &[("assignee", &babak_id)],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(assignee(&app, request.id).await, Some(babak.id));
    // Anna, no longer the assignee, may not take it back herself.
    let anna_id = anna.id.to_string();
    let r = crate::support::staff::post(
        &anna_browser,
        &format!("{page}/assign"),
        &[("assignee", &anna_id)],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert_eq!(assignee(&app, request.id).await, Some(babak.id));
    // Every assignment is kept and audited, and the page shows the history.
    assert_eq!(
        case_assignment::Entity::find()
            .count(&app.ctx.db)
            .await
            .unwrap(),
        2
    );
    assert_eq!(app.audited("case.assign").await, 2);
    let (_, _, body) = get(&babak_browser, &page).await;
    assert!(body.contains("Assignment history"));
    assert!(body.contains("Assigned to babak."));
}

#[rocket::async_test]
async fn everyone_sees_everything_when_the_deployment_says_so() {
    let app = TestApp::builder()
        .config(|c| c.contact.everyone_sees_everything = true)
        .build()
        .await;
    let (_, anna_browser) = member(&app, "anna@example.org", &[Role::Caseworker]).await;
    let (_, babak_browser) = member(&app, "babak@example.org", &[Role::Caseworker]).await;
    let request = contact::request().insert(&app).await;
    let page = format!("/staff/contact/requests/{}", request.id);
    let r = crate::support::staff::post(
        &anna_browser,
        &format!("{page}/assign"),
        &[("assignee", "me")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let (status, _, body) = get(&babak_browser, &page).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Maryam Hosseini"));
    assert_eq!(app.audited("case.access").await, 0);
}
