//! Staff accounts for tests that call the services: created as `peyvand staff create` does,
//! with the authenticator switched on under a key the test knows, so that it can produce a
//! fresh code for any moment of its clock; and four-eyes decisions made with such codes.
//! (Tests that go through the pages enrol with [`crate::support::staff::member`].)

use crate::support::TestApp;
use chrono::{DateTime, Utc};
use peyvand::domain::approval::DecisionError;
use peyvand::domain::audit::Actor;
use peyvand::domain::staff::account::Role;
use peyvand::domain::staff::second_factor::{self as tfa, code_at};
use peyvand::entities::staff;
use peyvand::i18n::Locale;
use peyvand::ids::{ApprovalId, StaffId};
use peyvand::services::approvals;
use peyvand::services::staff::accounts::{self as staff_service, NewStaff};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

/// A staff member who can produce second-factor codes for any moment.
pub struct Staffer {
    /// The account's id.
    pub id: StaffId,
    secret: Vec<u8>,
}

impl Staffer {
    /// The authenticator's code at `now`.
    pub fn code(&self, now: DateTime<Utc>) -> String {
        code_at(&self.secret, u64::try_from(now.timestamp()).unwrap())
    }
}

/// Creates an account as the CLI does and turns its authenticator on with a known key.
pub async fn staffer(app: &TestApp, email: &str, roles: &[Role]) -> Staffer {
    let new = NewStaff {
        email: email.into(),
        display_name: email.split('@').next().unwrap().into(),
        roles: roles.to_vec(),
    };
    let (account, _) = staff_service::create(&app.ctx, Actor::Cli, &new, Utc::now())
        .await
        .unwrap()
        .expect("account created");
    let secret = tfa::new_secret().unwrap().to_vec();
    let mut am: staff::ActiveModel = account.clone().into();
    am.totp_secret = Set(Some(
        app.ctx
            .crypto
            .encrypt(tfa::SECRET_CONTEXT, &secret)
            .unwrap(),
    ));
    am.totp_enabled = Set(true);
    am.update(&app.ctx.db).await.unwrap();
    Staffer {
        id: account.id,
        secret,
    }
}

/// `who` decides a proposal with a fresh code for `now`.
pub async fn decide(
    app: &TestApp,
    who: &Staffer,
    proposal: ApprovalId,
    approve: bool,
    now: DateTime<Utc>,
) -> Result<(), DecisionError> {
    decide_with(app, who.id, proposal, approve, &who.code(now), now).await
}

/// The staff member `who` decides a proposal with `code`, as the approvals page does.
pub async fn decide_with(
    app: &TestApp,
    who: StaffId,
    proposal: ApprovalId,
    approve: bool,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), DecisionError> {
    let account = staff::Entity::find_by_id(who)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    approvals::decide(
        &app.ctx,
        &account,
        approvals::Decision {
            id: proposal,
            approve,
            note: "",
            code,
        },
        Locale::En,
        now,
    )
    .await
    .unwrap()
}
