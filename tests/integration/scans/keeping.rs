//! The scans of letters on paper over time: key rotation re-seals them (they open to the
//! same JPEG and no longer hold the old key back), and the retention schedule erases them
//! with the rest of the signers' personal data, leaving the row as a tombstone.

use peyvand::crypto::KeyFile;
use peyvand::entities::{letter_scan, signature};
use peyvand::services::ops::{key_status, keys};
use peyvand::services::scans::{SCAN_CONTEXT, sanitise};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

/// Stores a sealed scan for the first signature; the JPEG.
async fn scanned(app: &crate::support::TestApp) -> Vec<u8> {
    let s = signature::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let jpeg = sanitise(&super::jpeg_with_gps()).unwrap().bytes;
    letter_scan::ActiveModel {
        signature_id: Set(s.id),
        image_enc: Set(Some(app.ctx.crypto.encrypt(SCAN_CONTEXT, &jpeg).unwrap())),
        width: Set(120),
        height: Set(160),
        entered_by: Set(peyvand::ids::StaffId(0)),
        created_at: Set(chrono::Utc::now()),
        erased_at: Set(None),
        ..Default::default()
    }
    .insert(&app.ctx.db)
    .await
    .unwrap();
    jpeg
}

#[rocket::async_test]
async fn a_letter_scan_is_resealed_by_key_rotation() {
    let app = crate::support::TestApp::new().await;
    peyvand::services::demo::petitions::seed(&app.ctx)
        .await
        .unwrap();
    let jpeg = scanned(&app).await;
    let column = |status: &key_status::Status, key: u8| {
        status
            .columns
            .iter()
            .find(|c| c.column == "letter_scans.image_enc")
            .and_then(|c| c.by_key.get(&key).copied())
            .unwrap_or(0)
    };
    let before = key_status::status(&app.ctx, &app.secrets).await.unwrap();
    assert_eq!(column(&before, 1), 1);

    let key_file = KeyFile::path_in(app.dir.path());
    let begun = keys::begin(&app.ctx, &app.secrets, &key_file, false)
        .await
        .unwrap();
    let mut ctx2 = app.ctx.clone();
    ctx2.crypto = begun.secrets.crypto().with_index_key(2);
    let done = keys::run(
        &ctx2,
        &begun.secrets,
        begun.rotation,
        keys::RunOptions::default(),
        &(),
    )
    .await
    .unwrap();
    assert!(done.finished_at.is_some());
    let after = key_status::status(&ctx2, &begun.secrets).await.unwrap();
    assert_eq!((column(&after, 1), column(&after, 2)), (0, 1));
    assert_eq!(after.sealed_with(1), 0);
    let stored = letter_scan::Entity::find()
        .one(&ctx2.db)
        .await
        .unwrap()
        .unwrap();
    let opened = ctx2
        .crypto
        .decrypt(SCAN_CONTEXT, &stored.image_enc.unwrap())
        .unwrap();
    assert_eq!(opened, jpeg);
}

#[rocket::async_test]
async fn retention_erases_a_letter_scan_and_keeps_its_tombstone() {
    use crate::support::factory::petitions::{self, confirmed, update_petition};
    use peyvand::domain::audit::Actor;
    use peyvand::domain::petitions::petition::PetitionState;
    use peyvand::services::editions::retention;
    let app = petitions::app_with_burst(100).await;
    confirmed(&app, "Leila Karimi", "leila@example.org").await;
    scanned(&app).await;
    update_petition(&app, |p| {
        p.state = Set(PetitionState::Delivered);
        p.delivered_at = Set(Some(chrono::Utc::now() - chrono::Duration::days(30)));
    })
    .await;
    let later = chrono::Utc::now() + chrono::Duration::days(400);
    let r = retention::run(&app.ctx, Actor::Cli, later).await.unwrap();
    assert_eq!(r.signatures, 1);
    let kept = letter_scan::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .expect("the row stays");
    assert!(kept.image_enc.is_none() && kept.erased_at.is_some());
    assert_eq!((kept.width, kept.height), (120, 160));
}
