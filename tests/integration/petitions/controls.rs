//! What limits signing: shadow bans (a blocked domain, too many from one network) that
//! look like success to the signer and stay out of the count; closed and paused petitions
//! taking nothing; organisers moderating letters and administrators pausing collection.

use crate::support::factory::petitions::{
    app, app_with_burst, confirm, fields, links_for, sign, stored, the_petition, total,
    update_petition,
};
use crate::support::staff::{get as staff_get, member, post as staff_post};
use peyvand::domain::petitions::access::{AccessList, EntryKind};
use peyvand::domain::petitions::petition::PetitionState;
use peyvand::domain::staff::account::Role;
use peyvand::entities::{app_meta, signature};
use peyvand::ids::{SignatureId, StaffId};
use rocket::http::Status;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

#[rocket::async_test]
async fn shadow_banned_signers_see_success_while_the_count_stays() {
    let app = app_with_burst(2).await;
    // A blocked domain.
    peyvand::entities::access_list::ActiveModel {
        list: Set(AccessList::Block),
        kind: Set(EntryKind::EmailDomain),
        value: Set(app
            .ctx
            .crypto
            .blind_index(
                peyvand::domain::petitions::signature::DOMAIN_INDEX,
                "spam.example",
            )
            .to_hex()),
        note: Set("test".into()),
        created_by: Set(StaffId(0)),
        created_at: Set(chrono::Utc::now()),
        removed_at: Set(None),
        ..Default::default()
    }
    .insert(&app.ctx.db)
    .await
    .unwrap();
    let normal = sign(&app, &fields("Ali Ahmadi", "ali@example.org")).await;
    let blocked = sign(&app, &fields("Bot One", "bot@spam.example")).await;
    assert_eq!(normal.0, blocked.0);
    assert_eq!(normal.1, blocked.1);
    // Over the burst from one network: the third signature is shadow-banned.
    let third = sign(&app, &fields("Sara Ahmadi", "sara@example.org")).await;
    assert_eq!(third.0, Status::SeeOther);
    for to in ["ali@example.org", "bot@spam.example", "sara@example.org"] {
        let links = links_for(&app, to).await;
        let link = links
            .iter()
            .find(|l| l.contains("/signatures/confirm/"))
            .unwrap();
        confirm(&app, link).await;
    }
    assert_eq!(total(&app).await, 1, "only the normal signature counts");
    let shadow = signature::Entity::find()
        .filter(signature::Column::Shadow.eq(true))
        .count(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(shadow, 2, "both kept, reversible by staff");
}

#[rocket::async_test]
async fn closed_and_paused_petitions_take_nothing() {
    let app = app().await;
    update_petition(&app, |p| p.state = Set(PetitionState::Closed)).await;
    peyvand::services::petitions::sign::forget_petitions(&app.ctx);
    let (status, _, body) = sign(&app, &fields("Ali Ahmadi", "ali@example.org")).await;
    assert_eq!(status, Status::Conflict);
    assert!(body.contains("no longer takes signatures"));
    update_petition(&app, |p| p.state = Set(PetitionState::Open)).await;
    peyvand::services::petitions::sign::forget_petitions(&app.ctx);
    app_meta::ActiveModel {
        key: Set("petitions.paused".into()),
        value: Set("true".into()),
    }
    .insert(&app.ctx.db)
    .await
    .unwrap();
    peyvand::services::petitions::sign::forget_settings(&app.ctx);
    let (status, _, body) = sign(&app, &fields("Ali Ahmadi", "ali@example.org")).await;
    assert_eq!(status, Status::Conflict);
    assert!(body.contains("paused"));
    assert_eq!(stored(&app).await, 0);
    assert!(app.ctx.mailer.sent().is_empty());
}

#[rocket::async_test]
async fn organisers_moderate_letters_and_admins_pause_collection() {
    let app = app().await;
    sign(&app, &fields("Leila Karimi", "leila@example.org")).await;
    sign(&app, &fields("Reza Karimi", "reza@example.org")).await;
    let (_, organiser) = member(&app, "organiser@example.org", &[Role::Organiser]).await;
    let (_, admin) = member(&app, "admin@example.org", &[Role::Admin]).await;
    let p = the_petition(&app).await;
    let (status, _, body) =
        staff_get(&organiser, &format!("/staff/petitions/{}/letters", p.id)).await;
    assert_eq!(status, Status::Ok);
    assert!(
        body.contains("Please let us see our brother."),
        "the letter is shown to the moderator"
    );
    let ids: Vec<SignatureId> = signature::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    let url = |id: SignatureId| format!("/staff/petitions/{}/letters/{id}", p.id);
    // Rejecting needs a reason.
    let r = staff_post(
        &organiser,
        &url(ids[0]),
        &[("decision", "reject"), ("reason", "")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let r = staff_post(
        &organiser,
        &url(ids[0]),
        &[("decision", "reject"), ("reason", "names a third person")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let r = staff_post(&organiser, &url(ids[1]), &[("decision", "approve")]).await;
    assert_eq!(r.status(), Status::SeeOther);
    let states: Vec<String> = signature::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.letter_state.to_string())
        .collect();
    assert_eq!(states, ["rejected", "approved"]);
    // Deciding twice: there is no pending letter any more.
    assert_eq!(
        staff_post(
            &organiser,
            &url(ids[1]),
            &[("decision", "reject"), ("reason", "x")]
        )
        .await
        .status(),
        Status::NotFound
    );
    // The read and the decisions are audited.
    let actions: Vec<String> = peyvand::entities::audit_event::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    for a in ["letters.view", "letter.reject", "letter.approve"] {
        assert!(actions.iter().any(|x| x == a), "{a}");
    }
    // An organiser cannot pause; an admin can, and signing then takes nothing.
    assert_eq!(
        staff_post(&organiser, "/staff/petitions/pause", &[("paused", "true")])
            .await
            .status(),
        Status::Forbidden
    );
    assert_eq!(
        staff_post(&admin, "/staff/petitions/pause", &[("paused", "true")])
            .await
            .status(),
        Status::SeeOther
    );
    let (status, _, _) = sign(&app, &fields("Ali Ahmadi", "ali@example.org")).await;
    assert_eq!(status, Status::Conflict);
    assert_eq!(
        staff_post(&admin, "/staff/petitions/pause", &[("paused", "false")])
            .await
            .status(),
        Status::SeeOther
    );
    let (status, _, _) = sign(&app, &fields("Ali Ahmadi", "ali@example.org")).await;
    assert_eq!(status, Status::SeeOther);
}
