//! Operating a deployment: a backup taken while people sign restores to a database whose
//! audit chain verifies and which holds every signature acknowledged before it; restore
//! refuses a non-empty target, a wrong key file, a damaged or foreign file, leaving nothing
//! behind; key rotation re-keys every sealed value and blind index, resumes after an
//! interruption (an aborted run, and `kill -9` of the command), and the old key is retired
//! only once nothing uses it.

use crate::support::factory::petitions::{SIGN, fields, seed_empty};
use crate::support::{TestApp, fresh_database, on_postgres};
use peyvand::config::Config;
use peyvand::context::AppContext;
use peyvand::crypto::KeyFile;
use peyvand::domain::audit::{Verification, verify};
use peyvand::domain::petitions::signature as sig;
use peyvand::entities::{signature, staff};
use peyvand::services::ops::backup::{self, BackupError};
use peyvand::services::ops::{key_status, keys};
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// A fresh, empty target: a data directory (and database URL) nothing has touched.
async fn empty_target() -> (tempfile::TempDir, Config) {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let config = Config::for_testing(dir.path().to_path_buf(), url);
    (dir, config)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

async fn intact(ctx: &AppContext) -> i64 {
    match verify(&ctx.db, &ctx.crypto).await.unwrap() {
        Verification::Intact { events } => events,
        broken => panic!("audit chain broken: {broken:?}"),
    }
}

#[rocket::async_test]
async fn a_backup_taken_while_people_sign_restores_every_acknowledged_signature() {
    let app = Arc::new(TestApp::new().await);
    seed_empty(&app).await;
    let acked: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    let mut signers = Vec::new();
    for s in 0..4 {
        let (app, acked) = (app.clone(), acked.clone());
        signers.push(tokio::spawn(async move {
            for i in 0..25 {
                let email = format!("signer{s}-{i}@example.org");
                let r = app
                    .post_form_csrf(SIGN, &fields("Maryam Rezaei", &email))
                    .await;
                assert_eq!(r.status(), Status::SeeOther);
                acked.lock().unwrap().push((email, Instant::now()));
                if i % 5 == 0 {
                    // The background task carries attempts out meanwhile.
                    peyvand::services::petitions::sign::settle(&app.ctx)
                        .await
                        .unwrap();
                }
            }
        }));
    }
    while acked.lock().unwrap().len() < 30 {
        tokio::task::yield_now().await;
    }
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("peyvand-backup.zip");
    let started = Instant::now();
    let manifest = backup::backup(&app.ctx, &out).await.unwrap();
    for s in signers {
        s.await.unwrap();
    }
    let before: Vec<String> = acked
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, at)| *at < started)
        .map(|(e, _)| e.clone())
        .collect();
    assert!(before.len() >= 30, "{}", before.len());
    assert_eq!(manifest.key_fingerprint, app.ctx.crypto.key_check());
    assert!(manifest.schema_version.starts_with('m'));
    assert!(manifest.counts["audit_events"] > 0);
    assert!(backup::checksum_path(&out).exists());
    assert_eq!(files_in(out_dir.path()).len(), 2, "no temporary file left");

    let (dir, config) = empty_target().await;
    let restored = backup::restore(&config, &app.secrets, &out).await.unwrap();
    assert_eq!(restored, manifest);
    let ctx = peyvand::services::startup::open_with_secrets(config, &app.secrets)
        .await
        .unwrap();
    assert!(intact(&ctx).await > 0);
    // What was acknowledged but not yet carried out is carried out now, from the backup.
    peyvand::services::petitions::sign::settle(&ctx)
        .await
        .unwrap();
    for email in &before {
        let index = ctx.crypto.blind_index(sig::EMAIL_INDEX, email).to_hex();
        let n = signature::Entity::find()
            .filter(signature::Column::EmailIndex.eq(index))
            .count(&ctx.db)
            .await
            .unwrap();
        assert_eq!(n, 1, "{email} acknowledged before the backup is missing");
    }
    drop(dir);
}

#[rocket::async_test]
async fn restore_refuses_existing_data_wrong_keys_and_damaged_or_foreign_files() {
    let app = TestApp::new().await;
    seed_empty(&app).await;
    let out_dir = tempfile::tempdir().unwrap();
    let out = out_dir.path().join("b.zip");
    backup::backup(&app.ctx, &out).await.unwrap();

    // Into the database it came from: refused, nothing changed.
    let err = backup::restore(&app.ctx.config, &app.secrets, &out)
        .await
        .unwrap_err();
    assert!(matches!(err, BackupError::NotEmpty(_)), "{err}");
    assert!(err.is_input());

    // Another deployment's keys.
    let (dir, config) = empty_target().await;
    let foreign_keys = KeyFile::ephemeral().unwrap();
    let err = backup::restore(&config, &foreign_keys, &out)
        .await
        .unwrap_err();
    assert!(matches!(err, BackupError::WrongKeys(_)), "{err}");
    assert!(err.to_string().contains("key file does not belong"));

    // A byte changed: the checksum beside it says so; without it, the manifest's does.
    let bytes = std::fs::read(&out).unwrap();
    let damaged = out_dir.path().join("damaged.zip");
    let mut bad = bytes.clone();
    let mid = bad.len() / 2;
    bad[mid] ^= 0x40;
    std::fs::write(&damaged, &bad).unwrap();
    std::fs::copy(backup::checksum_path(&out), backup::checksum_path(&damaged)).unwrap();
    let err = backup::restore(&config, &app.secrets, &damaged)
        .await
        .unwrap_err();
    assert!(matches!(err, BackupError::Corrupt(..)), "{err}");
    std::fs::remove_file(backup::checksum_path(&damaged)).unwrap();
    let err = backup::restore(&config, &app.secrets, &damaged)
        .await
        .unwrap_err();
    assert!(matches!(err, BackupError::Corrupt(..)), "{err}");

    // Not a Peyvand backup at all.
    let foreign = out_dir.path().join("photos.zip");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&foreign).unwrap());
        z.start_file("a.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut z, b"hello").unwrap();
        z.finish().unwrap();
    }
    let err = backup::restore(&config, &app.secrets, &foreign)
        .await
        .unwrap_err();
    assert!(matches!(err, BackupError::Foreign(..)), "{err}");
    let text = out_dir.path().join("notes.txt");
    std::fs::write(&text, "not a zip").unwrap();
    let err = backup::restore(&config, &app.secrets, &text)
        .await
        .unwrap_err();
    assert!(matches!(err, BackupError::Foreign(..)), "{err}");

    // Nothing was half-written: the target is as empty as it was.
    assert!(
        files_in(dir.path()).is_empty(),
        "{:?}",
        files_in(dir.path())
    );
    if on_postgres() {
        let db = peyvand::db::connect(&config.database_url).await.unwrap();
        let n = sea_orm::ConnectionTrait::query_one_raw(
            &db,
            sea_orm::Statement::from_string(
                sea_orm::DatabaseBackend::Postgres,
                "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()",
            ),
        )
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
        assert_eq!(n, 0);
    }
    // And the intact backup still restores there.
    backup::restore(&config, &app.secrets, &out).await.unwrap();
}

/// An app with signatures (some with letters), contact records, a staff account and a
/// block-list entry naming one signer's address.
async fn populated() -> TestApp {
    let app = TestApp::new().await;
    peyvand::services::demo::petitions::seed(&app.ctx)
        .await
        .unwrap();
    peyvand::services::demo::contact::seed(&app.ctx)
        .await
        .unwrap();
    crate::support::factory::staff::staffer(
        &app,
        "Admin@Example.org",
        &[peyvand::domain::staff::account::Role::Admin],
    )
    .await;
    app
}

/// Every signature's blind indexes are those of its sealed address under the ring's
/// writing key, and every sealed value opens.
async fn indexes_follow(ctx: &AppContext) {
    for s in signature::Entity::find().all(&ctx.db).await.unwrap() {
        let email = ctx
            .crypto
            .decrypt_str(sig::context::EMAIL, &s.email_enc)
            .unwrap();
        assert_eq!(
            s.email_index,
            ctx.crypto.blind_index(sig::EMAIL_INDEX, &email).to_hex()
        );
        ctx.crypto
            .decrypt_str(sig::context::NAME, &s.name_enc)
            .unwrap();
    }
}

fn rotated_ctx(app: &TestApp, secrets: &peyvand::crypto::Secrets, to: u8) -> AppContext {
    let mut ctx = app.ctx.clone();
    ctx.crypto = secrets.crypto().with_index_key(to);
    ctx
}

#[rocket::async_test]
async fn rotation_rekeys_everything_resumes_after_an_interruption_and_then_retires_the_old_key() {
    let app = populated().await;
    let key_file = KeyFile::path_in(app.dir.path());
    let before = key_status::status(&app.ctx, &app.secrets).await.unwrap();
    assert!(before.sealed_with(1) > 9000);
    assert!(before.retire_blocker(1).is_some());

    let begun = keys::begin(&app.ctx, &app.secrets, &key_file, false)
        .await
        .unwrap();
    assert!(begun.added);
    assert_eq!(begun.rotation.to, 2);
    // The key file now holds both keys and still loads.
    let (on_disk, _) = KeyFile::load_or_create(&key_file, false).unwrap();
    assert_eq!(on_disk.master_keys.len(), 2);
    let ctx2 = rotated_ctx(&app, &begun.secrets, 2);

    // Interrupted half-way: the task is dropped between batches (as a crash would).
    let task = {
        let (ctx2, secrets, r) = (ctx2.clone(), begun.secrets.clone(), begun.rotation.clone());
        tokio::spawn(async move {
            keys::run(
                &ctx2,
                &secrets,
                r,
                keys::RunOptions {
                    batch: 100,
                    pause: std::time::Duration::from_millis(20),
                },
                &(),
            )
            .await
        })
    };
    loop {
        let r = keys::rotation(&app.ctx.db).await.unwrap().unwrap();
        if r.cursors.get("signatures").is_some_and(|c| *c > 300) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    task.abort();
    let _ = task.await;
    let mid = key_status::status(&ctx2, &begun.secrets).await.unwrap();
    assert!(mid.sealed_with(1) > 0 && mid.sealed_with(2) > 0);
    let blocked = key_status::retire(&ctx2, &begun.secrets, &key_file, 1, false)
        .await
        .unwrap_err();
    assert!(blocked.to_string().contains("not finished"), "{blocked}");

    // Mid-rotation, reads work with both keys, and a staff account is found by address
    // whichever key indexed it.
    indexes_follow_either(&ctx2).await;
    let found =
        peyvand::domain::staff::account::find_by_email(&ctx2.db, &ctx2.crypto, "admin@example.org")
            .await
            .unwrap();
    assert!(found.is_some());

    // Resumed: picks up where it stopped and finishes.
    let again = keys::begin(&ctx2, &begun.secrets, &key_file, false)
        .await
        .unwrap();
    assert!(!again.added);
    assert!(again.rotation.contact_done);
    let done = keys::run(
        &ctx2,
        &again.secrets,
        again.rotation,
        keys::RunOptions::default(),
        &(),
    )
    .await
    .unwrap();
    assert!(done.finished_at.is_some());
    assert_eq!(done.recanonicalised, 0);
    let after = key_status::status(&ctx2, &again.secrets).await.unwrap();
    assert_eq!(after.sealed_with(1), 0);
    assert!(after.retire_blocker(1).is_none());
    assert_eq!(app.audited("keys.rotate").await, 1);
    assert_eq!(app.audited("keys.rotate_finish").await, 1);

    // Retired: the key file keeps only key 2 (plus the derived hashing keys), and a
    // deployment opened with it reads everything, finds staff by address, and verifies the
    // audit chain.
    let kept = key_status::retire(&ctx2, &again.secrets, &key_file, 1, false)
        .await
        .unwrap();
    assert_eq!(
        kept.master_keys.keys().copied().collect::<Vec<_>>(),
        vec![2]
    );
    assert!(kept.hashing.is_some());
    let (reloaded, _) = KeyFile::load_or_create(&key_file, false).unwrap();
    let ctx3 = peyvand::services::startup::open_with_secrets((*app.ctx.config).clone(), &reloaded)
        .await
        .expect("opens with the retired ring");
    assert_eq!(ctx3.crypto.key_ids(), vec![2]);
    assert_eq!(ctx3.crypto.index_key_id(), 2);
    indexes_follow(&ctx3).await;
    assert!(
        peyvand::domain::staff::account::find_by_email(&ctx3.db, &ctx3.crypto, "admin@example.org")
            .await
            .unwrap()
            .is_some()
    );
    let s = staff::Entity::find().one(&ctx3.db).await.unwrap().unwrap();
    ctx3.crypto
        .decrypt(
            peyvand::domain::staff::second_factor::SECRET_CONTEXT,
            &s.totp_secret.unwrap(),
        )
        .unwrap();
    let review = peyvand::services::contact::candidates::index(&ctx3, true).await;
    assert!(review.is_ok());
    assert!(intact(&ctx3).await >= 3);
    assert_eq!(app.audited("keys.retire").await, 1);
    // The old ring is now refused for this database.
    let old = app.secrets.crypto();
    let check = peyvand::entities::app_meta::Entity::find_by_id("key_check")
        .one(&ctx3.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!old.matches_key_check(&check.value));
}

/// Mid-rotation: every signature opens, and its index is its address's under one of the
/// ring's keys.
async fn indexes_follow_either(ctx: &AppContext) {
    for s in signature::Entity::find().all(&ctx.db).await.unwrap() {
        let email = ctx
            .crypto
            .decrypt_str(sig::context::EMAIL, &s.email_enc)
            .unwrap();
        assert!(
            ctx.crypto
                .blind_index_candidates(sig::EMAIL_INDEX, &email)
                .contains(&s.email_index)
        );
    }
}

#[test]
fn keys_rotate_survives_kill_9_and_resumes() {
    if on_postgres() {
        return; // the command runs on its own SQLite data directory
    }
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_peyvand"));
        cmd.args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env_remove("DATABASE_URL")
            .env_remove("PEYVAND_MASTER_KEY")
            .env("PEYVAND_DATA_DIR", dir.path())
            .env("ROCKET_PROFILE", "debug");
        cmd
    };
    let out = |args: &[&str]| {
        let o = run(args).output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        (o.status.code(), text)
    };
    assert_eq!(out(&["demo", "seed"]).0, Some(0));
    let mut child = run(&["keys", "rotate", "--batch-size", "20", "--pause-ms", "15"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let db = dir.path().join("peyvand.sqlite3");
    let started = Instant::now();
    loop {
        assert!(
            started.elapsed().as_secs() < 120,
            "rotation never progressed"
        );
        let conn = rusqlite_like_progress(&db);
        if conn.is_some_and(|c| c > 400) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let (code, text) = out(&["keys", "status"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("under way"), "{text}");
    assert!(text.contains("Key 1 cannot be retired"), "{text}");
    let (code, text) = out(&["keys", "retire"]);
    assert_eq!(code, Some(1), "{text}");
    let (code, text) = out(&["keys", "rotate"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("Resuming the rotation to key 2"), "{text}");
    let (_, text) = out(&["keys", "status"]);
    assert!(text.contains("Key 1 is no longer used"), "{text}");
    let (code, text) = out(&["keys", "retire"]);
    assert_eq!(code, Some(0), "{text}");
    let (code, text) = out(&["audit", "verify"]);
    assert_eq!(code, Some(0), "{text}");
    let (code, text) = out(&["keys", "status"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("Master keys in the ring: 2"), "{text}");
}

/// The rotation's signature cursor as the database holds it (read with a fresh connection).
fn rusqlite_like_progress(db: &Path) -> Option<i64> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .ok()?;
    rt.block_on(async {
        let conn = sea_orm::Database::connect(format!("sqlite://{}?mode=ro", db.display()))
            .await
            .ok()?;
        let r = keys::rotation(&conn).await.ok().flatten();
        conn.close().await.ok();
        r?.cursors.get("signatures").copied()
    })
}
