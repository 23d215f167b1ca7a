//! The audit chain: appends link up, verification finds an altered, removed or truncated
//! event and names it.

use crate::support::{TestApp, on_postgres};
use peyvand::domain::audit::{self, Actor, AuditAction, NewEvent, Subject, Verification};
use peyvand::ids::{MatchId, PetitionId, StaffId};
use sea_orm::{ConnectionTrait, Statement};

async fn add(app: &TestApp, n: usize) {
    for i in 0..n {
        audit::record_now(
            &app.ctx.db,
            &app.ctx.crypto,
            NewEvent {
                actor: Actor::Staff(StaffId(7)),
                action: AuditAction::PetitionEdit,
                subject: Subject::Petition(PetitionId(i64::try_from(i).unwrap())),
                details: serde_json::json!({ "i": i }),
            },
        )
        .await
        .unwrap();
    }
}

async fn exec(app: &TestApp, sql: &str) -> Result<(), sea_orm::DbErr> {
    let backend = app.ctx.db.get_database_backend();
    app.ctx
        .db
        .execute_raw(Statement::from_string(backend, sql.to_owned()))
        .await
        .map(|_| ())
}

/// What an intruder with write access to the database would do first.
async fn drop_append_only_triggers(app: &TestApp) {
    let sql: &[&str] = if on_postgres() {
        &["DROP TRIGGER audit_events_append_only ON audit_events"]
    } else {
        &[
            "DROP TRIGGER audit_events_no_update",
            "DROP TRIGGER audit_events_no_delete",
        ]
    };
    for s in sql {
        exec(app, s).await.unwrap();
    }
}

#[rocket::async_test]
async fn an_intact_chain_verifies() {
    let app = TestApp::new().await;
    assert_eq!(
        audit::verify(&app.ctx.db, &app.ctx.crypto).await.unwrap(),
        Verification::Intact { events: 0 }
    );
    add(&app, 5).await;
    assert_eq!(
        audit::verify(&app.ctx.db, &app.ctx.crypto).await.unwrap(),
        Verification::Intact { events: 5 }
    );
}

#[rocket::async_test]
async fn concurrent_appends_do_not_fork_the_chain() {
    let app = TestApp::new().await;
    let mut tasks = Vec::new();
    for t in 0..8 {
        let db = app.ctx.db.clone();
        let crypto = app.ctx.crypto.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..5 {
                audit::record_now(
                    &db,
                    &crypto,
                    NewEvent {
                        actor: Actor::System,
                        action: AuditAction::MatchView,
                        subject: Subject::Match(MatchId(t * 10 + i)),
                        details: serde_json::Value::Null,
                    },
                )
                .await
                .unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    assert_eq!(
        audit::verify(&app.ctx.db, &app.ctx.crypto).await.unwrap(),
        Verification::Intact { events: 40 }
    );
}

#[rocket::async_test]
async fn the_database_refuses_to_change_or_delete_events() {
    let app = TestApp::new().await;
    add(&app, 2).await;
    assert!(
        exec(&app, "UPDATE audit_events SET actor = 'x' WHERE seq = 1")
            .await
            .is_err()
    );
    assert!(
        exec(&app, "DELETE FROM audit_events WHERE seq = 2")
            .await
            .is_err()
    );
    assert_eq!(
        audit::verify(&app.ctx.db, &app.ctx.crypto).await.unwrap(),
        Verification::Intact { events: 2 }
    );
}

#[rocket::async_test]
async fn a_chain_checked_with_other_keys_does_not_verify() {
    let app = TestApp::new().await;
    add(&app, 2).await;
    let other = peyvand::crypto::Crypto::from_master([42; 32]);
    assert!(matches!(
        audit::verify(&app.ctx.db, &other).await.unwrap(),
        Verification::Broken { seq: 1, .. }
    ));
}

#[rocket::async_test]
async fn an_altered_event_is_found() {
    let app = TestApp::new().await;
    add(&app, 5).await;
    drop_append_only_triggers(&app).await;
    exec(
        &app,
        "UPDATE audit_events SET details = '{\"i\":99}' WHERE seq = 3",
    )
    .await
    .unwrap();
    match audit::verify(&app.ctx.db, &app.ctx.crypto).await.unwrap() {
        Verification::Broken { seq, reason } => {
            assert_eq!(seq, 3);
            assert!(reason.contains("altered"), "{reason}");
        }
        other => panic!("expected broken, got {other:?}"),
    }
}

#[rocket::async_test]
async fn a_removed_event_is_found() {
    let app = TestApp::new().await;
    add(&app, 5).await;
    drop_append_only_triggers(&app).await;
    exec(&app, "DELETE FROM audit_events WHERE seq = 2")
        .await
        .unwrap();
    assert!(matches!(
        audit::verify(&app.ctx.db, &app.ctx.crypto).await.unwrap(),
        Verification::Broken { seq: 2, .. }
    ));
}

#[rocket::async_test]
async fn a_truncated_tail_is_found() {
    let app = TestApp::new().await;
    add(&app, 5).await;
    drop_append_only_triggers(&app).await;
    exec(&app, "DELETE FROM audit_events WHERE seq = 5")
        .await
        .unwrap();
    assert!(matches!(
        audit::verify(&app.ctx.db, &app.ctx.crypto).await.unwrap(),
        Verification::Broken { seq: 5, .. }
    ));
}
