//! Caseworker review end to end: the queue and the request page with ranked candidates
//! across scripts; registrations whose rules veto the requester never appear, and cannot
//! be linked by editing a form; contact details stay hidden until revealed with a reason;
//! the hostile flag; every read and decision audited; other roles refused.

use crate::support::TestApp;
use crate::support::factory::contact;
use crate::support::staff::{get, member, post};
use peyvand::domain::contact::records::{Openness, RegistrationRules, SoughtData};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{audit_event, contact_match, contact_request};
use peyvand::ids::RegistrationId;
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

#[rocket::async_test]
async fn caseworkers_see_ranked_candidates_but_never_vetoed_people() {
    let app = TestApp::new().await;
    let (_, cw) = member(&app, "cw@example.org", &[Role::Caseworker]).await;
    let (_, organiser) = member(&app, "org@example.org", &[Role::Organiser]).await;

    let open = contact::registration().insert(&app).await;
    let closed = contact::registration()
        .names(&["Mohammadreza Hoseini"])
        .born(1969)
        .openness(Openness::NoOne)
        .insert(&app)
        .await;
    let not_my_sister = contact::registration()
        .names(&["Mohamadreza Husseini"])
        .born(1967)
        .rules(RegistrationRules {
            deny_names: vec!["Maryam Hosseini".into()],
            ..RegistrationRules::default()
        })
        .insert(&app)
        .await;
    let id = contact::request().insert(&app).await.id;
    let hidden = contact::request()
        .named("Unverified Person")
        .state("unverified")
        .insert(&app)
        .await
        .id;

    // Other roles are refused.
    let (status, _, _) = get(&organiser, "/staff/contact").await;
    assert_eq!(status, Status::Forbidden);

    let (status, _, page) = get(&cw, "/staff/contact").await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("Maryam Hosseini"));
    assert!(
        !page.contains("Unverified Person"),
        "unverified requests are not shown"
    );
    assert!(!page.contains("requester@example.org"));
    assert_eq!(app.audited("contact.queue.view").await, 1);
    let (status, _, _) = get(&cw, &format!("/staff/contact/requests/{hidden}")).await;
    assert_eq!(status, Status::NotFound);

    let (status, _, page) = get(&cw, &format!("/staff/contact/requests/{id}")).await;
    assert_eq!(status, Status::Ok);
    assert!(
        page.contains("محمدرضا حسینی"),
        "cross-script candidate shown"
    );
    assert!(page.contains(&format!("/staff/contact/registrations/{open}\"")));
    assert!(
        !page.contains(&format!("/staff/contact/registrations/{closed}\"")),
        "\"no one\" is never a candidate"
    );
    assert!(
        !page.contains(&format!("/staff/contact/registrations/{not_my_sister}\"")),
        "a deny rule naming the requester is applied in candidate generation"
    );
    assert!(
        page.contains("scar on his left hand"),
        "facts for identity checks"
    );
    assert!(
        !page.contains("requester@example.org"),
        "no contact detail by default"
    );
    assert!(!page.contains("1234567"));

    // A vetoed registration cannot be linked by editing the form.
    let path = |reg: RegistrationId| {
        let sid = 1;
        format!("/staff/contact/requests/{id}/sought/{sid}/candidates/{reg}")
    };
    let r = post(&cw, &path(closed), &[("decision", "verify")]).await;
    assert_eq!(r.status(), Status::NotFound);
    let r = post(&cw, &path(not_my_sister), &[("decision", "verify")]).await;
    assert_eq!(r.status(), Status::NotFound);
    assert_eq!(
        contact_match::Entity::find()
            .count(&app.ctx.db)
            .await
            .unwrap(),
        0
    );
    let r = post(&cw, &path(open), &[("decision", "maybe")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let r = post(&cw, &path(open), &[("decision", "verify")]).await;
    assert_eq!(r.status(), Status::SeeOther);
    let r = post(&cw, &path(open), &[("decision", "reject")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity, "decided once");
    let m = contact_match::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((m.registration_id, m.state.as_str()), (open, "verified"));
    assert_eq!(app.audited("match.verify").await, 1);

    // Revealing a contact detail needs a reason, and is recorded with it.
    let reveal = format!("/staff/contact/requests/{id}/reveal");
    let r = post(&cw, &reveal, &[("detail", "email"), ("reason", "")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        !r.into_string()
            .await
            .unwrap()
            .contains("requester@example.org")
    );
    let r = post(
        &cw,
        &reveal,
        &[("detail", "email"), ("reason", "to arrange a call")],
    )
    .await;
    assert_eq!(r.status(), Status::Ok);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("requester@example.org")
    );
    let event = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("contact.reveal"))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(event.details.contains("to arrange a call"));
    // Nobody's address can be revealed by browsing: only that of a linked registration.
    let r = post(
        &cw,
        &format!("/staff/contact/registrations/{not_my_sister}/reveal"),
        &[("detail", "registration_email"), ("reason", "curious")],
    )
    .await;
    assert_eq!(r.status(), Status::NotFound);
    let (status, _, _) = get(&cw, &format!("/staff/contact/registrations/{closed}")).await;
    assert_eq!(
        status,
        Status::Ok,
        "its page (audited) shows names, not the address"
    );
    let r = post(
        &cw,
        &format!("/staff/contact/registrations/{open}/reveal"),
        &[("detail", "registration_email"), ("reason", "consent call")],
    )
    .await;
    assert_eq!(r.status(), Status::Ok);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("person1968@example.org")
    );

    // Flagging needs a reason; the reason is stored encrypted.
    let flag = format!("/staff/contact/requests/{id}/flag");
    let r = post(&cw, &flag, &[("hostile", "true"), ("reason", "")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let r = post(
        &cw,
        &flag,
        &[
            ("hostile", "true"),
            ("reason", "names an alias only insiders use"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let row = contact_request::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(row.hostile);
    assert!(
        !String::from_utf8_lossy(row.hostile_note_enc.as_deref().unwrap()).contains("insiders")
    );
    let (_, _, page) = get(&cw, "/staff/contact").await;
    assert!(page.contains("Suspected hostile"));
    assert!(
        !page.contains("Mohammadreza Hoseini"),
        "the queue does not list registrants' names"
    );
    // A flagged request cannot be linked; clearing the flag needs a reason and keeps history.
    let r = post(&cw, &path(open), &[("decision", "reject")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let other = contact::request()
        .named("Someone Else")
        .seeking(SoughtData {
            name_latin: "Mohammad Reza Hosseini".into(),
            ..SoughtData::default()
        })
        .insert(&app)
        .await
        .id;
    let r = post(
        &cw,
        &format!("/staff/contact/requests/{other}/flag"),
        &[("hostile", "true"), ("reason", "same network")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let r = post(
        &cw,
        &format!("/staff/contact/requests/{other}/sought/3/candidates/{open}"),
        &[("decision", "verify")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("flagged as suspected hostile")
    );
    let r = post(
        &cw,
        &format!("/staff/contact/requests/{other}/flag"),
        &[("hostile", "false"), ("reason", "")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let r = post(
        &cw,
        &format!("/staff/contact/requests/{other}/flag"),
        &[("hostile", "false"), ("reason", "checked: a cousin")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let (_, _, page) = get(&cw, &format!("/staff/contact/requests/{other}")).await;
    assert!(
        page.contains("same network") && page.contains("checked: a cousin"),
        "history kept"
    );
    let r = post(&cw, &format!("/staff/contact/requests/{id}/reviewed"), &[]).await;
    assert_eq!(r.status(), Status::SeeOther);
    assert!(app.audited("contact.request.view").await >= 3);
}
