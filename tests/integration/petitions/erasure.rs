//! Personal data erased: a signer's withdrawal leaves only a tombstone and takes the
//! signature out of the count; a year after delivery, retention erases signers' personal
//! data and keeps the counts.

use crate::support::factory::petitions::{Signed, app, confirmed, total, update_petition};
use peyvand::domain::petitions::petition::PetitionState;
use peyvand::entities::signature;
use rocket::http::Status;
use sea_orm::{EntityTrait, Set};

#[rocket::async_test]
async fn withdrawal_erases_personal_data_and_leaves_the_count() {
    let app = app().await;
    let Signed {
        confirm, withdraw, ..
    } = confirmed(&app, "Leila Karimi", "leila@example.org").await;
    assert_eq!(total(&app).await, 1);
    let (status, body) = app.get(&withdraw).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Withdraw my signature"));
    assert_eq!(total(&app).await, 1, "opening the link withdraws nothing");
    let r = app.post_form_csrf(&withdraw, &[]).await;
    assert_eq!(r.status(), Status::Ok);
    assert_eq!(total(&app).await, 0);
    let s = signature::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.state.as_str(), "withdrawn");
    assert!(
        s.name_enc.is_empty()
            && s.email_enc.is_empty()
            && s.city_enc.is_empty()
            && s.letter_enc.is_none()
    );
    assert!(s.email_index.is_empty() && s.ip_hash.is_empty());
    assert_eq!(
        (s.country.as_str(), s.relationship.as_str()),
        ("DE", "sibling"),
        "tombstone"
    );
    // The confirmation link cannot bring it back.
    let (status, _) = app.get(&confirm).await;
    assert_eq!(status, Status::NotFound);
}

#[rocket::async_test]
async fn retention_erases_personal_data_after_delivery_and_keeps_counts() {
    use peyvand::domain::audit::Actor;
    use peyvand::services::editions::retention;
    let app = app().await;
    confirmed(&app, "Leila Karimi", "leila@example.org").await;
    assert_eq!(total(&app).await, 1);
    // Delivered recently: nothing is erased yet.
    update_petition(&app, |p| {
        p.state = Set(PetitionState::Delivered);
        p.delivered_at = Set(Some(chrono::Utc::now() - chrono::Duration::days(30)));
    })
    .await;
    let r = retention::run(&app.ctx, Actor::Cli, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(r.signatures, 0);
    // A year and more later: personal data goes, the count stays.
    let r = retention::run(
        &app.ctx,
        Actor::Cli,
        chrono::Utc::now() + chrono::Duration::days(400),
    )
    .await
    .unwrap();
    assert_eq!((r.petitions, r.signatures), (1, 1));
    let s = signature::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        s.name_enc.is_empty()
            && s.email_enc.is_empty()
            && s.city_enc.is_empty()
            && s.letter_enc.is_none()
    );
    assert_eq!((s.state.as_str(), s.country.as_str()), ("verified", "DE"));
    peyvand::services::petitions::sign::forget_petitions(&app.ctx);
    assert_eq!(total(&app).await, 1, "counts are kept");
    let again = retention::run(
        &app.ctx,
        Actor::Cli,
        chrono::Utc::now() + chrono::Duration::days(400),
    )
    .await
    .unwrap();
    assert_eq!(again.signatures, 0, "idempotent");
}

/// Signs with the "email me news" box ticked, confirms, and returns the links.
async fn confirmed_with_news(app: &crate::support::TestApp, name: &str, email: &str) -> Signed {
    use crate::support::factory::petitions::{confirm, fields, links_for, sign};
    let mut f = fields(name, email);
    f.push(("news", "yes"));
    let (status, _, _) = sign(app, &f).await;
    assert_eq!(status, Status::SeeOther);
    let links = links_for(app, email).await;
    let find = |kind: &str| links.iter().find(|l| l.contains(kind)).unwrap().clone();
    let mut s = Signed {
        confirm: find("/signatures/confirm/"),
        withdraw: find("/signatures/withdraw/"),
        receipt: None,
    };
    s.receipt = confirm(app, &s.confirm).await;
    s
}

async fn only_signature(app: &crate::support::TestApp) -> signature::Model {
    signature::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
}

fn news_cleared(s: &signature::Model) -> bool {
    !s.news_opt_in && s.news_token_enc.is_none() && s.news_hash.is_none()
}

#[rocket::async_test]
async fn withdrawal_also_clears_the_news_consent_and_its_token() {
    let app = app().await;
    let Signed { withdraw, .. } =
        confirmed_with_news(&app, "Leila Karimi", "leila@example.org").await;
    let before = only_signature(&app).await;
    assert!(before.news_opt_in && before.news_token_enc.is_some() && before.news_hash.is_some());
    let r = app.post_form_csrf(&withdraw, &[]).await;
    assert_eq!(r.status(), Status::Ok);
    let s = only_signature(&app).await;
    assert_eq!(s.state.as_str(), "withdrawn");
    assert!(
        news_cleared(&s),
        "no news token or consent is kept for a withdrawn signer"
    );
}

#[rocket::async_test]
async fn retention_also_clears_the_news_consent_and_its_token() {
    use peyvand::domain::audit::Actor;
    use peyvand::services::editions::retention;
    let app = app().await;
    confirmed_with_news(&app, "Leila Karimi", "leila@example.org").await;
    update_petition(&app, |p| {
        p.state = Set(PetitionState::Delivered);
        p.delivered_at = Set(Some(chrono::Utc::now() - chrono::Duration::days(30)));
    })
    .await;
    retention::run(
        &app.ctx,
        Actor::Cli,
        chrono::Utc::now() + chrono::Duration::days(400),
    )
    .await
    .unwrap();
    let s = only_signature(&app).await;
    assert!(s.erased_at.is_some());
    assert!(
        news_cleared(&s),
        "erased signatures keep no news token or consent"
    );
}
