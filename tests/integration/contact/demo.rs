//! Demo records: never candidates for real ones nor the other way round, their links
//! random and different in every deployment, and the guessable links an earlier demo seed
//! made retired by a migration.

use crate::support::TestApp;
use crate::support::factory::case::verify_match;
use crate::support::factory::contact;
use crate::support::staff::member;
use chrono::Utc;
use peyvand::domain::contact::records::SoughtData;
use peyvand::domain::staff::account::Role;
use peyvand::entities::{contact_request, registration};
use peyvand::ids::{RegistrationId, RequestId, StaffId};
use peyvand::services::contact::review::DecisionProblem;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// The candidates the review page offers for a request's first sought person.
async fn candidates_for(
    app: &TestApp,
    viewer: StaffId,
    request_id: RequestId,
) -> Vec<RegistrationId> {
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
    let real_hosseini = contact::registration()
        .names(&["Mohammad-Reza Hosseini"])
        .born(1968)
        .insert(&app)
        .await;
    let sought = SoughtData {
        name_latin: "Mohammad-Reza Hosseini".into(),
        birth_year: Some(1968),
        father_name: "Hossein".into(),
        ..SoughtData::default()
    };
    let real_request = contact::request()
        .named("Real Family")
        .seeking(sought)
        .insert(&app)
        .await;
    let found = candidates_for(&app, cw, real_request.id).await;
    assert!(found.contains(&real_hosseini), "{found:?}");
    assert!(
        !found.contains(&demo_hosseini),
        "a demo registration is offered for a real request: {found:?}"
    );
    let refused = verify_match(
        &app,
        cw,
        real_request.id,
        real_request.sought,
        demo_hosseini,
        Utc::now(),
    )
    .await;
    assert_eq!(refused, Err(DecisionProblem::NotACandidate));

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
    let old_reg = contact::registration()
        .names(&["Leila Ahmadi"])
        .born(1983)
        .insert(&app)
        .await;
    let real_reg = contact::registration()
        .names(&["Real Person"])
        .born(1990)
        .insert(&app)
        .await;
    let old_request = contact::request()
        .named("Nasrin Ahmadi")
        .seeking(SoughtData::default())
        .insert(&app)
        .await
        .id;
    let guessable = [
        (
            "registration",
            old_reg.0,
            sha256_hex(b"demo-registration-manage-5"),
        ),
        (
            "request",
            old_request.0,
            sha256_hex(b"demo-request-status-4"),
        ),
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
