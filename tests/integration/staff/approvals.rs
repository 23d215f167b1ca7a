//! Four-eyes approvals of staff changes: a second-factor reset, role grants and disabling
//! an administrator wait for a second administrator with a fresh code (never the proposer
//! or the subject); rejections and expired proposals run nothing; nobody changes their own
//! account; the caseworker role (half of every four-eyes release) needs a second
//! administrator too.

use crate::support::TestApp;
use crate::support::factory::staff::decide_with;
use crate::support::staff::{Member, PASSWORD, enrol, get, invite, member, post};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{approval, staff};
use peyvand::ids::{ApprovalId, StaffId};
use rocket::http::Status;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

#[rocket::async_test]
async fn four_eyes_reset_of_a_second_factor() {
    let app = TestApp::new().await;
    let (_a, browser_a) = member(&app, "a@example.org", &[Role::Admin]).await;
    let (b, browser_b) = member(&app, "b@example.org", &[Role::Admin]).await;
    let (c, browser_c) = member(&app, "c@example.org", &[Role::Caseworker]).await;
    let reset = format!("/staff/admin/staff/{}/reset-second-factor", c.id);
    // No reason, no proposal.
    let r = post(&browser_a, &reset, &[("reason", "")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        approval::Entity::find()
            .all(&app.ctx.db)
            .await
            .unwrap()
            .is_empty()
    );
    let r = post(
        &browser_a,
        &reset,
        &[("reason", "lost phone, confirmed by call")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let proposal = approval::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let decide = format!("/staff/approvals/{}", proposal.id);
    let enrolled = || async {
        staff::Entity::find_by_id(c.id)
            .one(&app.ctx.db)
            .await
            .unwrap()
            .unwrap()
            .totp_enabled
    };
    assert!(enrolled().await, "nothing ran yet");
    // The proposer cannot approve.
    let r = post(
        &browser_a,
        &decide,
        &[("decision", "approve"), ("code", "000000")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    // The subject is no admin here: the role guard refuses.
    let r = post(
        &browser_c,
        &decide,
        &[("decision", "approve"), ("code", &c.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::Forbidden);
    // A second admin without a fresh code: refused, nothing ran.
    let r = post(
        &browser_b,
        &decide,
        &[("decision", "approve"), ("code", "123456")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("needs a fresh code")
    );
    assert!(enrolled().await);
    // With the code: the reset runs, C's sessions end, a new enrolment link is emailed.
    let r = post(
        &browser_b,
        &decide,
        &[("decision", "approve"), ("code", &b.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let account = staff::Entity::find_by_id(c.id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        !account.totp_enabled && account.totp_secret.is_none() && account.password_hash.is_none()
    );
    assert_eq!(get(&browser_c, "/staff").await.0, Status::SeeOther);
    // Deciding again is refused.
    let r = post(
        &browser_b,
        &decide,
        &[("decision", "reject"), ("code", &b.recovery[0])],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    // The old password no longer opens anything.
    let r = post(
        &browser_c,
        "/staff/login",
        &[("email", &c.email), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    // C sets the account up again through the emailed link.
    peyvand::mail::outbox::process_due(app.ctx.outbox(), chrono::Utc::now())
        .await
        .unwrap();
    let link = app
        .ctx
        .mailer
        .sent()
        .into_iter()
        .find(|m| m.to == "c@example.org")
        .and_then(|m| {
            m.email
                .text
                .lines()
                .find(|l| l.contains("/staff/enrol/"))
                .map(str::to_owned)
        })
        .expect("a new enrolment link for C");
    let again = enrol(&app.new_client().await, link.trim(), c.id, &c.email).await;
    assert_eq!(again.recovery.len(), 10);
}

#[rocket::async_test]
async fn four_eyes_rejection_and_expiry_run_nothing() {
    let app = TestApp::new().await;
    let (_a, browser_a) = member(&app, "a2@example.org", &[Role::Admin]).await;
    let (b, browser_b) = member(&app, "b2@example.org", &[Role::Admin]).await;
    let (c, _) = member(&app, "c2@example.org", &[Role::Organiser]).await;
    let roles_path = format!("/staff/admin/staff/{}/roles", c.id);
    // Granting admin without a reason is refused; with one it is proposed, not done.
    let r = post(
        &browser_a,
        &roles_path,
        &[("roles", "admin"), ("roles", "organiser"), ("reason", "")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let r = post(
        &browser_a,
        &roles_path,
        &[
            ("roles", "admin"),
            ("roles", "organiser"),
            ("reason", "new director"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let roles = || async {
        staff::Entity::find_by_id(c.id)
            .one(&app.ctx.db)
            .await
            .unwrap()
            .unwrap()
            .roles
    };
    assert_eq!(roles().await.to_string(), "organiser");
    let first = approval::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let r = post(
        &browser_b,
        &format!("/staff/approvals/{}", first.id),
        &[
            ("decision", "reject"),
            ("note", "not agreed"),
            ("code", &b.code(1)),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(
        roles().await.to_string(),
        "organiser",
        "rejection runs nothing"
    );
    // A second proposal expires before anyone decides.
    post(
        &browser_a,
        &roles_path,
        &[("roles", "admin"), ("reason", "again")],
    )
    .await;
    let second = approval::Entity::find()
        .filter(approval::Column::Status.eq("pending"))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let mut am: approval::ActiveModel = second.clone().into();
    am.expires_at = Set(chrono::Utc::now() - chrono::Duration::seconds(1));
    am.update(&app.ctx.db).await.unwrap();
    let r = post(
        &browser_b,
        &format!("/staff/approvals/{}", second.id),
        &[("decision", "approve"), ("code", &b.recovery[0])],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(r.into_string().await.unwrap().contains("expired"));
    assert_eq!(
        roles().await.to_string(),
        "organiser",
        "expiry runs nothing"
    );
}

#[rocket::async_test]
async fn admin_changes_need_a_second_admin_and_nobody_changes_their_own_account() {
    let app = TestApp::new().await;
    let (a, browser_a) = member(&app, "a3@example.org", &[Role::Admin]).await;
    let (b, browser_b) = member(&app, "b3@example.org", &[Role::Admin]).await;
    let (c, browser_c) = member(&app, "c3@example.org", &[Role::Caseworker]).await;
    let account = |id: StaffId| {
        let db = app.ctx.db.clone();
        async move {
            staff::Entity::find_by_id(id)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
        }
    };
    // Own roles and own access: refused outright.
    let r = post(
        &browser_a,
        &format!("/staff/admin/staff/{}/roles", a.id),
        &[
            ("roles", "admin"),
            ("roles", "caseworker"),
            ("reason", "me"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let r = post(
        &browser_a,
        &format!("/staff/admin/staff/{}/active", a.id),
        &[("active", "false")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert_eq!(account(a.id).await.roles.to_string(), "admin");
    // Disabling an administrator is a proposal; the subject cannot decide it.
    let r = post(
        &browser_a,
        &format!("/staff/admin/staff/{}/active", b.id),
        &[("active", "false"), ("reason", "left the organisation")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert!(account(b.id).await.active, "not yet");
    let disable = approval::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let r = post(
        &browser_b,
        &format!("/staff/approvals/{}", disable.id),
        &[("decision", "reject"), ("code", &b.code(1))],
    )
    .await;
    assert_eq!(
        r.status(),
        Status::UnprocessableEntity,
        "the subject cannot decide"
    );
    assert!(r.into_string().await.unwrap().contains("your own account"));
    // B makes C an administrator (proposed by B, approved by A).
    post(
        &browser_b,
        &format!("/staff/admin/staff/{}/roles", c.id),
        &[
            ("roles", "admin"),
            ("roles", "caseworker"),
            ("reason", "second admin needed"),
        ],
    )
    .await;
    let grant = approval::Entity::find()
        .filter(approval::Column::Kind.eq("staff.set_roles"))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let r = post(
        &browser_a,
        &format!("/staff/approvals/{}", grant.id),
        &[("decision", "approve"), ("code", &a.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(account(c.id).await.roles.to_string(), "admin,caseworker");
    // The new administrator C approves disabling B: B is disabled and logged out.
    let r = post(
        &browser_c,
        &format!("/staff/approvals/{}", disable.id),
        &[("decision", "approve"), ("code", &c.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert!(!account(b.id).await.active);
    assert_eq!(get(&browser_b, "/staff").await.0, Status::SeeOther);
    // Inviting someone straight in as an administrator is refused.
    let before = staff::Entity::find().all(&app.ctx.db).await.unwrap().len();
    let r = invite(&browser_a, "sneaky@example.org", "Sneaky", "admin").await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("cannot be given with an invitation")
    );
    assert_eq!(
        staff::Entity::find().all(&app.ctx.db).await.unwrap().len(),
        before
    );
}

/// Two caseworkers make a four-eyes release of a contact case, so one administrator
/// alone must not be able to make caseworkers: the role waits for a second administrator,
/// whether given at invitation or later.
#[rocket::async_test]
async fn the_caseworker_role_needs_a_second_administrator() {
    use peyvand::i18n::Locale;
    use peyvand::services::staff::accounts::{self as staff_svc, NewStaff};
    use peyvand::services::staff::admin::{self, AdminOutcome};
    let app = TestApp::new().await;
    let (a, _) = member(&app, "a@example.org", &[Role::Admin]).await;
    let (b, _) = member(&app, "b@example.org", &[Role::Admin]).await;
    let now = chrono::Utc::now();
    let invited = staff_svc::invite(
        &app.ctx,
        a.id,
        &NewStaff {
            email: "new@example.org".into(),
            display_name: "New".into(),
            roles: vec![Role::Caseworker, Role::Organiser],
        },
        Locale::En,
        now,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        invited.roles.to_string(),
        "organiser",
        "not a caseworker yet"
    );
    let pending = approval::Entity::find()
        .filter(approval::Column::Subject.eq(format!("staff:{}", invited.id)))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .expect("a proposal");
    assert_eq!(pending.status.as_str(), "pending");
    let decide = |who: &Member, id: ApprovalId| {
        let code = who.code(1);
        let who = who.id;
        let app = &app;
        async move { decide_with(app, who, id, true, &code, chrono::Utc::now()).await }
    };
    assert!(decide(&a, pending.id).await.is_err(), "not by the inviter");
    decide(&b, pending.id).await.unwrap();
    let account = staff::Entity::find_by_id(invited.id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.roles.to_string(), "caseworker,organiser");

    // Taking it away (or giving it later) is proposed too.
    let out = admin::set_roles(&app.ctx, a.id, invited.id, &[Role::Organiser], "left", now)
        .await
        .unwrap()
        .unwrap();
    assert!(matches!(out, AdminOutcome::Proposed(_)));
    let account = staff::Entity::find_by_id(invited.id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        account.roles.to_string(),
        "caseworker,organiser",
        "unchanged until approved"
    );
}
