//! Caseworker review end to end: the queue and the request page with ranked candidates
//! across scripts; registrations whose rules veto the requester never appear, and cannot
//! be linked by editing a form; contact details stay hidden until revealed with a reason;
//! the hostile flag; every read and decision audited; other roles refused.

use crate::support::TestApp;
use crate::support::staff::{get, member, post};
use chrono::{Duration, Utc};
use peyvand::domain::contact::records::{
    self as c, Openness, RegistrationData, RegistrationRules, RequesterData, SoughtData, context,
};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{audit_event, contact_match, contact_request, registration, sought_person};
use rocket::http::Status;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

async fn request(app: &TestApp, requester: &str, state: &str, sought: SoughtData) -> i64 {
    let crypto = &app.ctx.crypto;
    let now = Utc::now();
    let who = RequesterData {
        name: requester.into(),
        email: "requester@example.org".into(),
        phone: "+49 30 1234567".into(),
    };
    let r = contact_request::ActiveModel {
        requester_enc: Set(c::seal(crypto, context::REQUESTER, &who).unwrap()),
        email_index: Set("x".into()),
        country: Set("DE".into()),
        locale: Set("en".into()),
        relationship: Set("sibling".into()),
        message_enc: Set(crypto
            .encrypt_str(context::MESSAGE, "We miss you.")
            .unwrap()),
        network_hash: Set("net-1".into()),
        state: Set(state.into()),
        verify_hash: Set(format!("v-{requester}-{state}")),
        status_hash: Set(format!("s-{requester}-{state}")),
        review: Set("new".into()),
        hostile: Set(false),
        hostile_note_enc: Set(None),
        created_at: Set(now),
        verified_at: Set(Some(now)),
        expires_at: Set(now + Duration::days(365)),
        renewal_sent_at: Set(None),
        closed_at: Set(None),
        ..Default::default()
    }
    .insert(&app.ctx.db)
    .await
    .unwrap();
    sought_person::ActiveModel {
        request_id: Set(r.id),
        position: Set(1),
        data_enc: Set(c::seal(crypto, context::SOUGHT, &sought).unwrap()),
        ..Default::default()
    }
    .insert(&app.ctx.db)
    .await
    .unwrap();
    r.id
}

async fn register(
    app: &TestApp,
    names: &[&str],
    birth_year: i32,
    openness: Openness,
    rules: RegistrationRules,
) -> i64 {
    let crypto = &app.ctx.crypto;
    let now = Utc::now();
    let data = RegistrationData {
        names: names.iter().map(|n| (*n).to_owned()).collect(),
        birth_year: Some(birth_year),
        father_name: "Hossein".into(),
        places: vec!["Tehran".into()],
        email: format!("person{birth_year}@example.org"),
    };
    registration::ActiveModel {
        data_enc: Set(c::seal(crypto, context::REGISTRATION, &data).unwrap()),
        rules_enc: Set(c::seal(crypto, context::RULES, &rules).unwrap()),
        email_index: Set(format!("e{birth_year}")),
        locale: Set("fa".into()),
        openness: Set(openness.as_str().into()),
        network_hash: Set("net-2".into()),
        state: Set("active".into()),
        verify_hash: Set(format!("rv{birth_year}")),
        manage_hash: Set(format!("rm{birth_year}")),
        review: Set("new".into()),
        created_at: Set(now),
        verified_at: Set(Some(now)),
        expires_at: Set(now + Duration::days(365)),
        renewal_sent_at: Set(None),
        closed_at: Set(None),
        ..Default::default()
    }
    .insert(&app.ctx.db)
    .await
    .unwrap()
    .id
}

async fn audited(app: &TestApp, action: &str) -> u64 {
    audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq(action))
        .count(&app.ctx.db)
        .await
        .unwrap()
}

#[rocket::async_test]
async fn caseworkers_see_ranked_candidates_but_never_vetoed_people() {
    let app = TestApp::new().await;
    let (_, cw) = member(&app, "cw@example.org", &[Role::Caseworker]).await;
    let (_, organiser) = member(&app, "org@example.org", &[Role::Organiser]).await;

    let open = register(
        &app,
        &["محمدرضا حسینی", "Mohammad-Reza Hosseini"],
        1968,
        Openness::Anyone,
        RegistrationRules::default(),
    )
    .await;
    let closed = register(
        &app,
        &["Mohammadreza Hoseini"],
        1969,
        Openness::NoOne,
        RegistrationRules::default(),
    )
    .await;
    let not_my_sister = register(
        &app,
        &["Mohamadreza Husseini"],
        1967,
        Openness::Anyone,
        RegistrationRules {
            deny_names: vec!["Maryam Hosseini".into()],
            ..RegistrationRules::default()
        },
    )
    .await;
    let sought = SoughtData {
        name_latin: "Mohamadreza Husseini".into(),
        birth_year: Some(1968),
        father_name: "Hossein".into(),
        facts: "He had a scar on his left hand.".into(),
        ..SoughtData::default()
    };
    let id = request(&app, "Maryam Hosseini", "active", sought.clone()).await;
    let hidden = request(&app, "Unverified Person", "unverified", sought).await;

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
    assert_eq!(audited(&app, "contact.queue.view").await, 1);
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
    let path = |reg: i64| {
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
    assert_eq!(audited(&app, "match.verify").await, 1);

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
    let other = request(
        &app,
        "Someone Else",
        "active",
        SoughtData {
            name_latin: "Mohammad Reza Hosseini".into(),
            ..SoughtData::default()
        },
    )
    .await;
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
    assert!(audited(&app, "contact.request.view").await >= 3);
}

/// The candidates the review page offers for a request's first sought person.
async fn candidates_for(app: &TestApp, viewer: i64, request_id: i64) -> Vec<i64> {
    let view = peyvand::services::contact::review::request(&app.ctx, viewer, request_id)
        .await
        .unwrap();
    view.sought[0]
        .candidates
        .iter()
        .map(|c| c.registration_id)
        .collect()
}

#[rocket::async_test]
async fn demo_and_real_records_are_never_candidates_for_each_other() {
    use peyvand::services::contact::review as contact_review;
    let app = TestApp::new().await;
    let (cw_member, _) = member(&app, "cw@example.org", &[Role::Caseworker]).await;
    let cw = cw_member.id;
    peyvand::services::demo::contact::seed(&app.ctx)
        .await
        .unwrap();
    let demo_hosseini = registration::Entity::find()
        .order_by_asc(registration::Column::Id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    // A real person registers under the same name as a demo registration, and a real
    // family files a request for that name.
    let real_hosseini = register(
        &app,
        &["Mohammad-Reza Hosseini"],
        1968,
        Openness::Anyone,
        RegistrationRules::default(),
    )
    .await;
    let sought = SoughtData {
        name_latin: "Mohammad-Reza Hosseini".into(),
        birth_year: Some(1968),
        father_name: "Hossein".into(),
        ..SoughtData::default()
    };
    let real_request = request(&app, "Real Family", "active", sought).await;
    let found = candidates_for(&app, cw, real_request).await;
    assert!(found.contains(&real_hosseini), "{found:?}");
    assert!(
        !found.contains(&demo_hosseini),
        "a demo registration is offered for a real request: {found:?}"
    );
    let refused = contact_review::decide(
        &app.ctx,
        cw,
        real_request,
        sought_person::Entity::find()
            .filter(sought_person::Column::RequestId.eq(real_request))
            .one(&app.ctx.db)
            .await
            .unwrap()
            .unwrap()
            .id,
        demo_hosseini,
        true,
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(refused, Err(contact_review::DecisionProblem::NotACandidate));

    // And the other way round: the demo request for this name sees only demo people.
    let demo_request = contact_request::Entity::find()
        .order_by_asc(contact_request::Column::Id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let found = candidates_for(&app, cw, demo_request).await;
    assert!(found.contains(&demo_hosseini), "{found:?}");
    assert!(!found.contains(&real_hosseini), "{found:?}");
}

#[rocket::async_test]
async fn demo_links_are_random_and_differ_between_deployments() {
    let predictable: Vec<String> = (0..6)
        .flat_map(|i| {
            ["request-verify", "request-status"]
                .map(|kind| peyvand::crypto::sha256_hex(format!("demo-{kind}-{i}").as_bytes()))
        })
        .collect();
    let mut seen = Vec::new();
    for _ in 0..2 {
        let app = TestApp::new().await;
        peyvand::services::demo::contact::seed(&app.ctx)
            .await
            .unwrap();
        let requests = contact_request::Entity::find()
            .all(&app.ctx.db)
            .await
            .unwrap();
        assert_eq!(requests.len(), 6);
        for r in &requests {
            assert!(
                !predictable.contains(&r.status_hash),
                "predictable status link"
            );
            assert!(
                !predictable.contains(&r.verify_hash),
                "predictable verify link"
            );
            assert!(
                !seen.contains(&r.status_hash),
                "the same link in two databases"
            );
            seen.push(r.status_hash.clone());
        }
        for r in registration::Entity::find().all(&app.ctx.db).await.unwrap() {
            for i in 0..8 {
                for kind in ["registration-verify", "registration-manage"] {
                    let old = peyvand::crypto::sha256_hex(format!("demo-{kind}-{i}").as_bytes());
                    assert!(r.manage_hash != old && r.verify_hash != old, "predictable");
                }
            }
        }
    }
}

#[rocket::async_test]
async fn links_an_earlier_demo_seed_made_guessable_are_retired() {
    use peyvand::crypto::sha256_hex;
    use peyvand::entities::signature;
    use sea_orm::sea_query::Expr;
    let app = TestApp::new().await;
    let db = &app.ctx.db;
    // As the old `demo seed` left them: hashes of "demo-<kind>-<n>", no demo mark.
    let old_reg = register(
        &app,
        &["Leila Ahmadi"],
        1983,
        Openness::Anyone,
        RegistrationRules::default(),
    )
    .await;
    let real_reg = register(
        &app,
        &["Real Person"],
        1990,
        Openness::Anyone,
        RegistrationRules::default(),
    )
    .await;
    let old_request = request(&app, "Nasrin Ahmadi", "active", SoughtData::default()).await;
    let guessable = [
        (
            "registration",
            old_reg,
            sha256_hex(b"demo-registration-manage-5"),
        ),
        ("request", old_request, sha256_hex(b"demo-request-status-4")),
    ];
    registration::Entity::update_many()
        .col_expr(
            registration::Column::ManageHash,
            Expr::value(guessable[0].2.clone()),
        )
        .filter(registration::Column::Id.eq(old_reg))
        .exec(db)
        .await
        .unwrap();
    contact_request::Entity::update_many()
        .col_expr(
            contact_request::Column::StatusHash,
            Expr::value(guessable[1].2.clone()),
        )
        .filter(contact_request::Column::Id.eq(old_request))
        .exec(db)
        .await
        .unwrap();
    peyvand::services::demo::petitions::seed(&app.ctx)
        .await
        .unwrap();
    let sig = signature::Entity::find().one(db).await.unwrap().unwrap();
    let old_withdraw = sha256_hex(b"demo-withdraw-17");
    signature::Entity::update_many()
        .col_expr(
            signature::Column::WithdrawHash,
            Expr::value(old_withdraw.clone()),
        )
        .filter(signature::Column::Id.eq(sig.id))
        .exec(db)
        .await
        .unwrap();
    let real_before = registration::Entity::find_by_id(real_reg)
        .one(db)
        .await
        .unwrap()
        .unwrap();

    migration::retire_old_demo_links(db).await.unwrap();

    let reg = registration::Entity::find_by_id(old_reg)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(reg.demo && reg.manage_hash != guessable[0].2, "{reg:?}");
    let req = contact_request::Entity::find_by_id(old_request)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(req.demo && req.status_hash != guessable[1].2);
    let sig = signature::Entity::find_by_id(sig.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_ne!(sig.withdraw_hash, old_withdraw);
    let real_after = registration::Entity::find_by_id(real_reg)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(real_before, real_after, "real records untouched");
}
