//! The consent flow of a match at the service level (issue #7), on a clock the tests
//! control: asking the sought person, both consents, the cooling-off period, the four-eyes
//! release, relay messages that never carry an address, declines with and without a
//! welfare message, "never from this person", withdrawal before and after the connection
//! and its cascade, lapsed consents and unanswered asks, staff-asserted consent that only
//! counts once a second staff member approves, replayed and forged links, sealed consent
//! records, and an audit chain that still verifies after the walk.

use crate::support::TestApp;
use chrono::{DateTime, Duration, SubsecRound, Utc};
use peyvand::crypto::{random_token, sha256_hex};
use peyvand::domain::approval::DecisionError;
use peyvand::domain::audit::{self, Actor, Verification};
use peyvand::domain::contact::consent::{
    Choice, Decision, Party, REQUESTER_WORDING, SOUGHT_WORDING,
};
use peyvand::domain::contact::records::{
    self as c, Openness, RegistrationData, RegistrationRules, RequesterData, SoughtData, context,
};
use peyvand::domain::staff::account::Role;
use peyvand::domain::staff::second_factor::{self as tfa, code_at};
use peyvand::entities::{
    approval, audit_event, consent, contact_match, contact_request, registration, relay_message,
    relay_thread, sought_person, staff,
};
use peyvand::i18n::Locale;
use peyvand::mail::SentEmail;
use peyvand::services::contact::consent::{
    self as flow, Answer, AnswerProblem, FlowProblem, SoughtPage, TickReport, WelfareChoice,
};
use peyvand::services::contact::intake::{self, Change, RequestStatus};
use peyvand::services::contact::relay::PostProblem;
use peyvand::services::contact::requester_view::{self, RequesterView};
use peyvand::services::contact::review::{self, DecisionProblem};
use peyvand::services::staff::accounts::{self as staff_service, NewStaff};
use peyvand::services::staff::admin as staff_admin;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

const REQUESTER_NAME: &str = "Leila Karimi";
const REQUESTER_EMAIL: &str = "leila.karimi@example.org";
const REQUESTER_PHONE: &str = "+49 170 5550101";
const SOUGHT_EMAIL: &str = "reza.hosseini@example.net";
const MESSAGE: &str = "We miss you, Reza. Nothing is expected of you.";
/// What a requester who chooses to share gives.
const REQUESTER_DETAIL: &str = "Signal: +49 170 5550199";
/// What a sought person who chooses to share gives.
const SOUGHT_DETAIL: &str = "reza.private@example.com";

// ------------------------------------------------------------------ set-up

/// A staff member who can produce second-factor codes at any time.
struct Staffer {
    id: i64,
    secret: Vec<u8>,
}

/// Creates an account as the CLI does and turns its authenticator on with a known key.
async fn staffer(app: &TestApp, email: &str, roles: &[Role]) -> Staffer {
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

fn code(who: &Staffer, now: DateTime<Utc>) -> String {
    code_at(&who.secret, u64::try_from(now.timestamp()).unwrap())
}

/// `who` decides a proposal with a fresh code for `now`.
async fn decide(
    app: &TestApp,
    who: &Staffer,
    proposal: i64,
    approve: bool,
    now: DateTime<Utc>,
) -> Result<(), DecisionError> {
    decide_with(app, who, proposal, approve, &code(who, now), now).await
}

async fn decide_with(
    app: &TestApp,
    who: &Staffer,
    proposal: i64,
    approve: bool,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), DecisionError> {
    let account = staff::Entity::find_by_id(who.id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    staff_admin::decide(
        &app.ctx,
        &account,
        staff_admin::Decision {
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

fn sought_data() -> SoughtData {
    SoughtData {
        name_latin: "Mohamadreza Husseini".into(),
        birth_year: Some(1968),
        father_name: "Hossein".into(),
        facts: "He had a scar on his left hand.".into(),
        ..SoughtData::default()
    }
}

/// A verified contact request (as `intake::verify` leaves it) whose status link is
/// `token`; returns the request and its sought person.
async fn request(
    app: &TestApp,
    name: &str,
    email: &str,
    sought: &SoughtData,
    token: &str,
) -> (i64, i64) {
    let crypto = &app.ctx.crypto;
    let now = Utc::now();
    let who = RequesterData {
        name: name.into(),
        email: email.into(),
        phone: REQUESTER_PHONE.into(),
    };
    let r = contact_request::ActiveModel {
        requester_enc: Set(c::seal(crypto, context::REQUESTER, &who).unwrap()),
        email_index: Set(format!("idx-{email}")),
        country: Set("DE".into()),
        locale: Set("en".into()),
        relationship: Set("sibling".into()),
        message_enc: Set(crypto.encrypt_str(context::MESSAGE, MESSAGE).unwrap()),
        network_hash: Set("net-1".into()),
        state: Set("active".into()),
        verify_hash: Set(sha256_hex(format!("verify-{token}").as_bytes())),
        status_hash: Set(sha256_hex(token.as_bytes())),
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
    let s = sought_person::ActiveModel {
        request_id: Set(r.id),
        position: Set(1),
        data_enc: Set(c::seal(crypto, context::SOUGHT, sought).unwrap()),
        ..Default::default()
    }
    .insert(&app.ctx.db)
    .await
    .unwrap();
    (r.id, s.id)
}

/// A verified registration, open to anyone.
async fn register(app: &TestApp, names: &[&str], birth_year: i32, email: &str) -> i64 {
    let crypto = &app.ctx.crypto;
    let now = Utc::now();
    let data = RegistrationData {
        names: names.iter().map(|n| (*n).to_owned()).collect(),
        birth_year: Some(birth_year),
        father_name: "Hossein".into(),
        places: vec!["Tehran".into()],
        email: email.into(),
    };
    registration::ActiveModel {
        data_enc: Set(c::seal(crypto, context::REGISTRATION, &data).unwrap()),
        rules_enc: Set(c::seal(crypto, context::RULES, &RegistrationRules::default()).unwrap()),
        email_index: Set(format!("idx-{email}")),
        locale: Set("fa".into()),
        openness: Set(Openness::Anyone.as_str().into()),
        network_hash: Set("net-2".into()),
        state: Set("active".into()),
        verify_hash: Set(sha256_hex(format!("rv-{email}").as_bytes())),
        manage_hash: Set(sha256_hex(format!("rm-{email}").as_bytes())),
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

/// One requester, one registered sought person, two caseworkers; times are hours after
/// `t0`.
struct Case {
    app: TestApp,
    a: Staffer,
    b: Staffer,
    request: i64,
    sought: i64,
    registration: i64,
    /// The requester's status link.
    status: String,
    t0: DateTime<Utc>,
}

impl Case {
    async fn new() -> Self {
        let app = TestApp::new().await;
        let a = staffer(&app, "anna@example.org", &[Role::Caseworker]).await;
        let b = staffer(&app, "babak@example.org", &[Role::Caseworker]).await;
        let status = random_token().unwrap();
        let (request, sought) = request(
            &app,
            REQUESTER_NAME,
            REQUESTER_EMAIL,
            &sought_data(),
            &status,
        )
        .await;
        let registration = register(
            &app,
            &["محمدرضا حسینی", "Mohammad-Reza Hosseini"],
            1968,
            SOUGHT_EMAIL,
        )
        .await;
        Case {
            app,
            a,
            b,
            request,
            sought,
            registration,
            status,
            t0: Utc::now(),
        }
    }

    fn at(&self, hours: i64) -> DateTime<Utc> {
        self.t0 + Duration::hours(hours)
    }

    /// Caseworker A verifies the candidate: the match.
    async fn verify(&self, now: DateTime<Utc>) -> i64 {
        review::decide(
            &self.app.ctx,
            self.a.id,
            self.request,
            self.sought,
            self.registration,
            true,
            now,
        )
        .await
        .unwrap()
        .expect("the registration is a candidate")
    }

    /// Caseworker A asks the sought person; returns the link they were emailed.
    async fn ask(&self, m: i64, now: DateTime<Utc>) -> String {
        flow::ask(&self.app.ctx, self.a.id, m, now)
            .await
            .unwrap()
            .unwrap();
        let mail = mail_to(&self.app, SOUGHT_EMAIL).await;
        token_of(mail.last().expect("the sought person is emailed"))
    }

    async fn answer(&self, token: &str, a: &Answer, now: DateTime<Utc>) {
        flow::answer(&self.app.ctx, token, a, Locale::Fa, now)
            .await
            .unwrap()
            .unwrap();
    }

    async fn confirm(&self, a: &Answer, now: DateTime<Utc>) {
        assert!(
            flow::requester_confirms(&self.app.ctx, &self.status, a, Locale::En, now)
                .await
                .unwrap()
        );
    }

    async fn tick(&self, now: DateTime<Utc>) -> TickReport {
        flow::tick(&self.app.ctx, now).await.unwrap()
    }

    async fn state(&self, m: i64) -> String {
        self.match_row(m).await.state
    }

    async fn match_row(&self, m: i64) -> contact_match::Model {
        contact_match::Entity::find_by_id(m)
            .one(&self.app.ctx.db)
            .await
            .unwrap()
            .unwrap()
    }

    async fn view(&self, now: DateTime<Utc>) -> RequesterView {
        requester_view::view(&self.app.ctx, &self.status, now)
            .await
            .unwrap()
            .expect("the status link works")
    }

    async fn page(&self, token: &str, now: DateTime<Utc>) -> Option<SoughtPage> {
        flow::sought_page(&self.app.ctx, token, Locale::Fa, now)
            .await
            .unwrap()
    }

    /// Verified, asked at 1 h, answered at 2 h, re-confirmed by the requester at 3 h, in
    /// cooling-off from the tick at 3 h (until 75 h). Returns the match and the sought
    /// person's link.
    async fn cooling_off(&self, requester: &Answer, sought: &Answer) -> (i64, String) {
        let m = self.verify(self.at(1)).await;
        let token = self.ask(m, self.at(1)).await;
        self.answer(&token, sought, self.at(2)).await;
        self.confirm(requester, self.at(3)).await;
        assert_eq!(self.tick(self.at(3)).await.cooling_off, 1);
        assert_eq!(self.state(m).await, "cooling_off");
        (m, token)
    }

    /// [`Case::cooling_off`], then A proposes the release at 76 h and B approves it.
    async fn connected(&self, requester: &Answer, sought: &Answer) -> (i64, String) {
        let (m, token) = self.cooling_off(requester, sought).await;
        let p = flow::propose_release(&self.app.ctx, self.a.id, m, "both agreed", self.at(76))
            .await
            .unwrap()
            .unwrap();
        decide(&self.app, &self.b, p, true, self.at(76))
            .await
            .unwrap();
        assert_eq!(self.state(m).await, "connected");
        (m, token)
    }

    async fn assert_audit_chain_intact(&self) {
        assert!(
            matches!(
                audit::verify(&self.app.ctx.db, &self.app.ctx.crypto)
                    .await
                    .unwrap(),
                Verification::Intact { events } if events > 0
            ),
            "the audit chain verifies"
        );
    }
}

fn relay() -> Answer {
    Answer {
        decision: Decision::Accept,
        choice: Some(Choice::Relay),
        detail: String::new(),
        welfare: WelfareChoice::None,
    }
}

fn share(detail: &str) -> Answer {
    Answer {
        decision: Decision::Accept,
        choice: Some(Choice::Share),
        detail: detail.into(),
        welfare: WelfareChoice::None,
    }
}

fn refuse(decision: Decision, welfare: WelfareChoice) -> Answer {
    Answer {
        decision,
        choice: None,
        detail: String::new(),
        welfare,
    }
}

/// Sends queued mail; returns everything sent to `to` so far, oldest first.
async fn mail_to(app: &TestApp, to: &str) -> Vec<SentEmail> {
    peyvand::mail::outbox::process_due(&app.ctx, Utc::now() + Duration::days(3650))
        .await
        .unwrap();
    app.ctx
        .mailer
        .sent()
        .into_iter()
        .filter(|m| m.to == to)
        .collect()
}

/// Sends queued mail; returns how many emails went out to anyone so far.
async fn mail_count(app: &TestApp) -> usize {
    peyvand::mail::outbox::process_due(&app.ctx, Utc::now() + Duration::days(3650))
        .await
        .unwrap();
    app.ctx.mailer.sent().len()
}

/// The token of the neutral `/p/<token>` link in an email.
fn token_of(mail: &SentEmail) -> String {
    let text = &mail.email.text;
    let start = text.find("/p/").expect("a /p/ link") + 3;
    text[start..]
        .split(|ch: char| ch == '?' || ch.is_whitespace())
        .next()
        .unwrap()
        .to_owned()
}

/// Everything an email shows: subject, text and HTML.
fn all_of(mail: &SentEmail) -> String {
    format!(
        "{}\n{}\n{}",
        mail.email.subject, mail.email.text, mail.email.html
    )
}

/// Asserts an email names nobody and carries no message or address.
fn assert_content_free(mail: &SentEmail) {
    let seen = all_of(mail);
    for secret in [
        REQUESTER_NAME,
        REQUESTER_EMAIL,
        REQUESTER_PHONE,
        SOUGHT_EMAIL,
        "Hosseini",
        "Husseini",
        "حسینی",
        MESSAGE,
        REQUESTER_DETAIL,
        SOUGHT_DETAIL,
        "Hello",
    ] {
        assert!(
            !seen.contains(secret),
            "an email to {} shows {secret:?}",
            mail.to
        );
    }
}

/// A time as the database keeps it (PostgreSQL stores microseconds).
fn us(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(6)
}

async fn consents(app: &TestApp) -> Vec<consent::Model> {
    consent::Entity::find()
        .order_by_asc(consent::Column::Id)
        .all(&app.ctx.db)
        .await
        .unwrap()
}

async fn approval_row(app: &TestApp, id: i64) -> approval::Model {
    approval::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
}

// ------------------------------------------------------------------ 1. the connection

/// Both consent, the cooling-off period passes, two caseworkers release, the parties write
/// through the relay. With `share`, each party shares a detail, which reaches the other
/// exactly as given; either way no address is ever shown to the other party.
async fn walk_to_a_connection(share_details: bool) {
    let case = Case::new().await;
    let app = &case.app;
    let (requester_answer, sought_answer) = if share_details {
        (share(REQUESTER_DETAIL), share(SOUGHT_DETAIL))
    } else {
        (relay(), relay())
    };
    // Everything each party is shown, to check for the other's address at the end.
    let mut sought_saw: Vec<String> = Vec::new();
    let mut requester_saw: Vec<String> = Vec::new();

    let untouched = case.view(case.at(1)).await;
    requester_saw.push(format!("{untouched:?}"));
    let m = case.verify(case.at(1)).await;
    let token = case.ask(m, case.at(1)).await;
    let page = case.page(&token, case.at(1)).await.unwrap();
    sought_saw.push(format!("{page:?}"));
    match page {
        SoughtPage::Ask {
            requester,
            relationship,
            wording,
        } => {
            assert_eq!(requester, REQUESTER_NAME);
            assert_eq!(relationship, "sibling");
            assert_eq!(wording, flow::wording(SOUGHT_WORDING, Locale::Fa).0);
        }
        other => panic!("the question, not {other:?}"),
    }

    case.answer(&token, &sought_answer, case.at(2)).await;
    assert_eq!(case.state(m).await, "consented");
    let page = case.page(&token, case.at(2)).await.unwrap();
    sought_saw.push(format!("{page:?}"));
    assert!(matches!(page, SoughtPage::Accepted));
    // Safety rule 1: the requester's page has not changed.
    assert_eq!(
        format!("{:?}", case.view(case.at(1)).await),
        format!("{untouched:?}")
    );

    case.confirm(&requester_answer, case.at(3)).await;
    let report = case.tick(case.at(3)).await;
    assert_eq!(report.cooling_off, 1);
    let row = case.match_row(m).await;
    assert_eq!(row.state, "cooling_off");
    assert_eq!(
        row.cooling_until.map(us),
        Some(us(case.at(3) + Duration::hours(72)))
    );
    assert_eq!(case.tick(case.at(4)).await.cooling_off, 0, "once");

    // Not before the period is over.
    for hour in [4, 74] {
        assert_eq!(
            flow::propose_release(&app.ctx, case.a.id, m, "both agreed", case.at(hour))
                .await
                .unwrap(),
            Err(FlowProblem::CoolingOff)
        );
    }
    let view = flow::case_view(&app.ctx, case.a.id, m, case.at(74))
        .await
        .unwrap();
    assert!(!view.releasable);
    assert_eq!(view.not_releasable.as_deref(), Some("cooling-off"));
    let during = case.view(case.at(74)).await;
    requester_saw.push(format!("{during:?}"));
    assert!(matches!(during.status, RequestStatus::InProgress { .. }));
    assert!(
        during.notices.is_empty(),
        "nothing shows before the release"
    );
    let page = case.page(&token, case.at(74)).await.unwrap();
    sought_saw.push(format!("{page:?}"));
    assert!(matches!(page, SoughtPage::Accepted));

    // After it: A proposes, B approves with a fresh code.
    let p = flow::propose_release(&app.ctx, case.a.id, m, "both agreed", case.at(76))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        flow::propose_release(&app.ctx, case.a.id, m, "again", case.at(76))
            .await
            .unwrap(),
        Err(FlowProblem::Pending)
    );
    assert_eq!(
        case.state(m).await,
        "cooling_off",
        "a proposal alone runs nothing"
    );
    let mails_before = mail_count(app).await;
    decide(app, &case.b, p, true, case.at(76)).await.unwrap();
    assert_eq!(case.state(m).await, "connected");
    assert_eq!(approval_row(app, p).await.status, "approved");
    assert_eq!(
        mail_count(app).await,
        mails_before + 2,
        "one content-free email to each party"
    );
    assert_eq!(mail_to(app, REQUESTER_EMAIL).await.len(), 1);

    // The thread opens with the requester's message, held until now.
    let view = case.view(case.at(77)).await;
    requester_saw.push(format!("{view:?}"));
    assert!(matches!(view.status, RequestStatus::InProgress { .. }));
    assert_eq!(view.notices.len(), 1);
    let notice = &view.notices[0];
    assert_eq!(notice.kind, "connected");
    assert_eq!(notice.match_id, Some(m));
    assert_eq!(notice.person, "Mohamadreza Husseini");
    assert!(!notice.ended);
    assert_eq!(
        notice.text.as_deref(),
        share_details.then_some(SOUGHT_DETAIL),
        "exactly the detail the sought person chose to share, or none"
    );
    let thread = notice.thread.as_ref().unwrap();
    assert!(thread.open);
    assert_eq!(thread.messages.len(), 1);
    assert!(thread.messages[0].mine);
    assert_eq!(thread.messages[0].body, MESSAGE);
    let page = case.page(&token, case.at(77)).await.unwrap();
    sought_saw.push(format!("{page:?}"));
    match &page {
        SoughtPage::Connected { detail, thread } => {
            assert_eq!(
                detail.as_deref(),
                share_details.then_some(REQUESTER_DETAIL),
                "exactly the detail the requester chose to share, or none"
            );
            assert!(thread.open);
            assert_eq!(thread.messages.len(), 1);
            assert!(!thread.messages[0].mine);
            assert_eq!(thread.messages[0].body, MESSAGE);
        }
        other => panic!("connected, not {other:?}"),
    }

    // Each message queues exactly one content-free email, to the other party.
    let before = mail_count(app).await;
    assert_eq!(
        flow::requester_posts(&app.ctx, &case.status, m, "Hello from Leila", case.at(78))
            .await
            .unwrap(),
        Some(Ok(()))
    );
    assert_eq!(mail_count(app).await, before + 1);
    assert_eq!(app.ctx.mailer.sent().pop().unwrap().to, SOUGHT_EMAIL);
    assert_eq!(
        flow::sought_posts(&app.ctx, &token, "Hello back from Reza", case.at(79))
            .await
            .unwrap(),
        Some(Ok(()))
    );
    assert_eq!(mail_count(app).await, before + 2);
    let last = app.ctx.mailer.sent().pop().unwrap();
    assert_eq!(last.to, REQUESTER_EMAIL);
    assert_eq!(
        flow::sought_posts(&app.ctx, &token, "   ", case.at(79))
            .await
            .unwrap(),
        Some(Err(PostProblem::Empty))
    );
    assert_eq!(
        mail_count(app).await,
        before + 2,
        "nothing for an empty post"
    );

    let view = case.view(case.at(80)).await;
    requester_saw.push(format!("{view:?}"));
    let bodies: Vec<(bool, String)> = view.notices[0]
        .thread
        .as_ref()
        .unwrap()
        .messages
        .iter()
        .map(|x| (x.mine, x.body.clone()))
        .collect();
    assert_eq!(
        bodies,
        [
            (true, MESSAGE.to_owned()),
            (true, "Hello from Leila".to_owned()),
            (false, "Hello back from Reza".to_owned()),
        ]
    );
    let page = case.page(&token, case.at(80)).await.unwrap();
    sought_saw.push(format!("{page:?}"));

    // Addresses never cross over: not on the pages, not in any email.
    let to_sought = mail_to(app, SOUGHT_EMAIL).await;
    let to_requester = mail_to(app, REQUESTER_EMAIL).await;
    assert_eq!(to_sought.len(), 3, "asked, connected, one message");
    assert_eq!(to_requester.len(), 2, "connected, one message");
    for mail in to_sought.iter().chain(&to_requester) {
        assert_content_free(mail);
    }
    let sought_side = sought_saw
        .iter()
        .cloned()
        .chain(to_sought.iter().map(all_of))
        .collect::<Vec<_>>()
        .join("\n");
    let requester_side = requester_saw
        .iter()
        .cloned()
        .chain(to_requester.iter().map(all_of))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!sought_side.contains(REQUESTER_EMAIL));
    assert!(!sought_side.contains(REQUESTER_PHONE));
    assert!(!requester_side.contains(SOUGHT_EMAIL));
    assert_eq!(sought_side.contains(REQUESTER_DETAIL), share_details);
    assert_eq!(requester_side.contains(SOUGHT_DETAIL), share_details);

    // The staff case view shows the thread's size, never its content or an address.
    let view = flow::case_view(&app.ctx, case.b.id, m, case.at(80))
        .await
        .unwrap();
    assert_eq!(view.thread, Some((true, 3)));
    let shown = format!("{view:?}");
    for secret in [
        REQUESTER_EMAIL,
        SOUGHT_EMAIL,
        MESSAGE,
        "Hello from Leila",
        REQUESTER_DETAIL,
        SOUGHT_DETAIL,
    ] {
        assert!(!shown.contains(secret), "the case view shows {secret:?}");
    }
    assert!(view.consents.iter().all(|c| c.seal_ok && c.counts));
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn both_consent_cool_off_and_two_caseworkers_connect_them_through_the_relay() {
    walk_to_a_connection(false).await;
}

#[rocket::async_test]
async fn a_shared_detail_reaches_the_other_party_exactly_as_given() {
    walk_to_a_connection(true).await;
}

// ------------------------------------------------------------------ 2. declines

/// Verified, asked at 1 h, declined at 2 h with `welfare`; returns the match and the view
/// the requester had before anything happened.
async fn declined(case: &Case, welfare: WelfareChoice) -> (i64, RequesterView) {
    let before = case.view(case.at(5)).await;
    let m = case.verify(case.at(1)).await;
    let token = case.ask(m, case.at(1)).await;
    case.answer(&token, &refuse(Decision::Decline, welfare), case.at(2))
        .await;
    assert_eq!(case.state(m).await, "closed");
    assert!(matches!(
        case.page(&token, case.at(2)).await,
        None | Some(SoughtPage::Ended)
    ));
    (m, before)
}

#[rocket::async_test]
async fn a_decline_without_a_message_changes_nothing_the_requester_sees() {
    let case = Case::new().await;
    let (m, before) = declined(&case, WelfareChoice::None).await;
    case.tick(case.at(3)).await;
    assert_eq!(
        format!("{:?}", case.view(case.at(5)).await),
        format!("{before:?}")
    );
    assert_eq!(
        flow::review_welfare(&case.app.ctx, case.a.id, m, true, case.at(4))
            .await
            .unwrap(),
        Err(FlowProblem::WrongState),
        "nothing to release"
    );
    assert!(mail_to(&case.app, REQUESTER_EMAIL).await.is_empty());
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_decline_with_the_preset_message_shows_it_at_once() {
    let case = Case::new().await;
    declined(&case, WelfareChoice::Preset).await;
    let view = case.view(case.at(3)).await;
    assert!(matches!(view.status, RequestStatus::InProgress { .. }));
    assert_eq!(view.notices.len(), 1);
    let n = &view.notices[0];
    assert_eq!(
        (n.kind.as_str(), n.preset, n.text.as_deref(), n.match_id),
        ("welfare", true, None, None)
    );
    assert_eq!(n.person, "Mohamadreza Husseini");
    assert!(n.thread.is_none());
    assert!(!format!("{view:?}").contains(SOUGHT_EMAIL));
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn an_own_welfare_text_appears_only_once_a_caseworker_releases_it() {
    let case = Case::new().await;
    let text = "I am well and safe. Please do not look for me.";
    let (m, before) = declined(&case, WelfareChoice::Own(text.into())).await;
    assert_eq!(
        format!("{:?}", case.view(case.at(5)).await),
        format!("{before:?}"),
        "nothing shows before the review"
    );
    let view = flow::case_view(&case.app.ctx, case.a.id, m, case.at(3))
        .await
        .unwrap();
    assert!(view.welfare_pending);
    assert_eq!(view.consents[0].welfare, "pending");
    assert_eq!(view.consents[0].welfare_text.as_deref(), Some(text));
    flow::review_welfare(&case.app.ctx, case.a.id, m, true, case.at(4))
        .await
        .unwrap()
        .unwrap();
    let view = case.view(case.at(5)).await;
    assert_eq!(view.notices.len(), 1);
    let n = &view.notices[0];
    assert_eq!(
        (n.kind.as_str(), n.preset, n.text.as_deref()),
        ("welfare", false, Some(text))
    );
    assert_eq!(
        flow::review_welfare(&case.app.ctx, case.b.id, m, false, case.at(6))
            .await
            .unwrap(),
        Err(FlowProblem::WrongState),
        "reviewed once"
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_withheld_welfare_text_never_appears() {
    let case = Case::new().await;
    let text = "Tell them I said nothing.";
    let (m, before) = declined(&case, WelfareChoice::Own(text.into())).await;
    flow::review_welfare(&case.app.ctx, case.a.id, m, false, case.at(4))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        flow::review_welfare(&case.app.ctx, case.b.id, m, true, case.at(5))
            .await
            .unwrap(),
        Err(FlowProblem::WrongState),
        "a withheld text cannot be released later"
    );
    case.tick(case.at(6)).await;
    let view = case.view(case.at(5)).await;
    assert_eq!(format!("{view:?}"), format!("{before:?}"));
    assert!(!format!("{view:?}").contains(text));
    let view = flow::case_view(&case.app.ctx, case.a.id, m, case.at(6))
        .await
        .unwrap();
    assert!(!view.welfare_pending);
    assert_eq!(view.consents[0].welfare, "withheld");
    assert_eq!(view.consents[0].welfare_text, None);
    case.assert_audit_chain_intact().await;
}

// ------------------------------------------------------------------ 3. never from this person

#[rocket::async_test]
async fn never_from_this_person_adds_a_deny_rule_the_matcher_applies() {
    let case = Case::new().await;
    let app = &case.app;
    let before = case.view(case.at(5)).await;
    let m = case.verify(case.at(1)).await;
    let token = case.ask(m, case.at(1)).await;
    case.answer(
        &token,
        &refuse(Decision::Never, WelfareChoice::None),
        case.at(2),
    )
    .await;
    assert_eq!(case.state(m).await, "closed");
    let reg = registration::Entity::find_by_id(case.registration)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let details = intake::open_registration(&app.ctx, &reg).unwrap();
    assert_eq!(details.rules.deny_names, [REQUESTER_NAME]);
    assert_eq!(
        format!("{:?}", case.view(case.at(5)).await),
        format!("{before:?}"),
        "silent for the requester"
    );

    // A new request from the same name for the same person cannot be linked to it.
    let (again, again_sought) = request(
        app,
        REQUESTER_NAME,
        "leila.other@example.org",
        &sought_data(),
        &random_token().unwrap(),
    )
    .await;
    assert_eq!(
        review::decide(
            &app.ctx,
            case.b.id,
            again,
            again_sought,
            case.registration,
            true,
            case.at(3)
        )
        .await
        .unwrap(),
        Err(DecisionProblem::NotACandidate)
    );
    // Nor one from the same address under another name.
    let (alias, alias_sought) = request(
        app,
        "L. Karimi-Ahmadi",
        REQUESTER_EMAIL,
        &sought_data(),
        &random_token().unwrap(),
    )
    .await;
    assert_eq!(
        review::decide(
            &app.ctx,
            case.b.id,
            alias,
            alias_sought,
            case.registration,
            true,
            case.at(3)
        )
        .await
        .unwrap(),
        Err(DecisionProblem::NotACandidate)
    );
    // Someone else still can.
    let (other, other_sought) = request(
        app,
        "Dariush Karimi",
        "dariush@example.org",
        &sought_data(),
        &random_token().unwrap(),
    )
    .await;
    assert!(
        review::decide(
            &app.ctx,
            case.b.id,
            other,
            other_sought,
            case.registration,
            true,
            case.at(3)
        )
        .await
        .unwrap()
        .is_ok()
    );
    case.assert_audit_chain_intact().await;
}

// ------------------------------------------------------------------ 4. withdrawal in cooling-off

#[rocket::async_test]
async fn the_sought_person_withdraws_during_cooling_off_silently() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, token) = case.cooling_off(&relay(), &relay()).await;
    let in_progress = case.view(case.at(76)).await;
    let p = flow::propose_release(&app.ctx, case.a.id, m, "both agreed", case.at(76))
        .await
        .unwrap()
        .unwrap();
    assert!(
        flow::sought_withdraws(&app.ctx, &token, false, case.at(77))
            .await
            .unwrap()
    );
    let row = case.match_row(m).await;
    assert_eq!(row.state, "closed");
    assert_eq!(row.closed_at.map(us), Some(us(case.at(77))));
    let proposal = approval_row(app, p).await;
    assert_eq!(
        proposal.status, "rejected",
        "the pending release is cancelled"
    );
    assert_eq!(
        decide(app, &case.b, p, true, case.at(78)).await,
        Err(DecisionError::AlreadyDecided)
    );
    assert_eq!(case.state(m).await, "closed");
    assert!(
        relay_thread::Entity::find()
            .one(&app.ctx.db)
            .await
            .unwrap()
            .is_none(),
        "no thread was opened"
    );
    let sought = consents(app)
        .await
        .into_iter()
        .find(|c| c.party == "sought")
        .unwrap();
    assert_eq!(sought.withdrawn_at.map(us), Some(us(case.at(77))));
    assert!(
        matches!(
            case.page(&token, case.at(78)).await,
            Some(SoughtPage::Ended)
        ),
        "the link shows that it ended, nothing more"
    );
    case.tick(case.at(79)).await;
    assert_eq!(
        format!("{:?}", case.view(case.at(76)).await),
        format!("{in_progress:?}"),
        "the requester's page is unchanged"
    );
    assert!(matches!(
        case.view(case.at(79)).await.status,
        RequestStatus::InProgress { .. }
    ));
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn the_requester_withdraws_the_request_during_cooling_off() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, token) = case.cooling_off(&relay(), &relay()).await;
    let p = flow::propose_release(&app.ctx, case.a.id, m, "both agreed", case.at(76))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        intake::withdraw_request(&app.ctx, &case.status, case.at(77))
            .await
            .unwrap(),
        Change::Done
    );
    // Before the job runs, an approval is refused and runs nothing.
    assert_eq!(
        decide(app, &case.b, p, true, case.at(77)).await,
        Err(DecisionError::NoLongerValid)
    );
    assert_eq!(case.state(m).await, "cooling_off");
    let report = case.tick(case.at(78)).await;
    assert_eq!(report.closed, 1);
    assert_eq!(case.state(m).await, "closed");
    assert_eq!(approval_row(app, p).await.status, "rejected");
    assert_eq!(
        decide(app, &case.b, p, true, case.at(79)).await,
        Err(DecisionError::AlreadyDecided)
    );
    let view = case.view(case.at(79)).await;
    assert_eq!(view.status, RequestStatus::Withdrawn);
    assert!(view.notices.is_empty());
    assert!(matches!(
        case.page(&token, case.at(79)).await,
        Some(SoughtPage::Ended)
    ));
    case.assert_audit_chain_intact().await;
}

// ------------------------------------------------------------------ 5. withdrawal after connection

#[rocket::async_test]
async fn withdrawal_after_the_connection_closes_the_thread_and_erases_it_later() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, token) = case.connected(&relay(), &relay()).await;
    assert_eq!(
        flow::requester_posts(&app.ctx, &case.status, m, "Hello from Leila", case.at(77))
            .await
            .unwrap(),
        Some(Ok(()))
    );
    assert_eq!(
        flow::sought_posts(&app.ctx, &token, "Hello back", case.at(78))
            .await
            .unwrap(),
        Some(Ok(()))
    );
    assert!(
        flow::sought_withdraws(&app.ctx, &token, false, case.at(80))
            .await
            .unwrap()
    );
    assert_eq!(case.state(m).await, "closed");
    assert_eq!(
        flow::requester_posts(&app.ctx, &case.status, m, "Are you there?", case.at(81))
            .await
            .unwrap(),
        Some(Err(PostProblem::Closed))
    );
    assert!(
        !matches!(
            flow::sought_posts(&app.ctx, &token, "one more", case.at(81))
                .await
                .unwrap(),
            Some(Ok(()))
        ),
        "no more posts from the sought side"
    );
    let view = case.view(case.at(81)).await;
    assert_eq!(view.notices.len(), 1);
    let n = &view.notices[0];
    assert!(n.ended, "the notice says the connection ended");
    let thread = n.thread.as_ref().unwrap();
    assert!(!thread.open);
    assert_eq!(thread.messages.len(), 3);
    assert!(thread.messages.iter().all(|x| !x.body.is_empty()));
    let t = relay_thread::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(t.state, "closed");

    // Kept for the retention period, then the bodies are erased (the rows stay).
    let retention = Duration::days(30);
    let report = case
        .tick(case.at(80) + retention - Duration::minutes(1))
        .await;
    assert_eq!(report.erased, 0);
    let report = case.tick(case.at(80) + retention).await;
    assert_eq!(report.erased, 3);
    let rows = relay_message::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    for r in &rows {
        assert_eq!(r.erased_at.map(us), Some(us(case.at(80) + retention)));
        assert!(r.body_enc.is_empty());
    }
    let view = case.view(case.at(80) + retention).await;
    let thread = view.notices[0].thread.as_ref().unwrap();
    assert!(thread.messages.iter().all(|x| x.body.is_empty()));
    assert_eq!(
        case.tick(case.at(81) + retention).await.erased,
        0,
        "erased once"
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_requester_leaving_a_connection_ends_it_for_both() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, token) = case.connected(&relay(), &relay()).await;
    assert!(
        flow::requester_leaves(&app.ctx, &case.status, m, case.at(80))
            .await
            .unwrap()
    );
    assert_eq!(case.state(m).await, "closed");
    assert_eq!(
        flow::requester_posts(&app.ctx, &case.status, m, "Hello?", case.at(81))
            .await
            .unwrap(),
        Some(Err(PostProblem::Closed))
    );
    assert!(!matches!(
        flow::sought_posts(&app.ctx, &token, "Hello?", case.at(81))
            .await
            .unwrap(),
        Some(Ok(()))
    ));
    let n = &case.view(case.at(81)).await.notices[0];
    assert!(n.ended && !n.thread.as_ref().unwrap().open);
    // The requester's consent covers the whole request and stays.
    let requester = consents(app)
        .await
        .into_iter()
        .find(|c| c.party == "requester")
        .unwrap();
    assert_eq!(requester.withdrawn_at, None);
    case.assert_audit_chain_intact().await;
}

// ------------------------------------------------------------------ 6. lapsing

#[rocket::async_test]
async fn a_sought_consent_lapses_after_its_validity() {
    let case = Case::new().await;
    let m = case.verify(case.at(1)).await;
    let token = case.ask(m, case.at(1)).await;
    case.answer(&token, &relay(), case.at(2)).await;
    let validity = Duration::days(90);
    let report = case
        .tick(case.at(2) + validity - Duration::minutes(1))
        .await;
    assert_eq!((report.closed, report.cooling_off), (0, 0));
    assert_eq!(case.state(m).await, "consented");
    // A requester's re-confirmation after the lapse moves nothing.
    case.confirm(&relay(), case.at(2) + validity).await;
    let report = case.tick(case.at(2) + validity).await;
    assert_eq!((report.closed, report.cooling_off), (1, 0));
    assert_eq!(case.state(m).await, "closed");
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_consent_lapsing_during_cooling_off_closes_the_match() {
    let case = Case::new().await;
    let (m, _) = case.cooling_off(&relay(), &relay()).await;
    // The sought consent (given at 2 h) lapses first.
    let report = case.tick(case.at(2) + Duration::days(90)).await;
    assert_eq!(report.closed, 1);
    assert_eq!(case.state(m).await, "closed");
    assert_eq!(
        flow::propose_release(
            &case.app.ctx,
            case.a.id,
            m,
            "late",
            case.at(3) + Duration::days(90)
        )
        .await
        .unwrap(),
        Err(FlowProblem::WrongState)
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn an_unanswered_ask_closes_after_the_window_and_its_link_expires() {
    let case = Case::new().await;
    let m = case.verify(case.at(1)).await;
    let token = case.ask(m, case.at(1)).await;
    let window = Duration::days(30);
    let report = case.tick(case.at(1) + window - Duration::minutes(1)).await;
    assert_eq!(report.closed, 0);
    assert_eq!(case.state(m).await, "consent_requested");
    // The emailed link ends with the window, even before the job runs.
    assert_eq!(
        flow::answer(
            &case.app.ctx,
            &token,
            &relay(),
            Locale::Fa,
            case.at(1) + window
        )
        .await
        .unwrap(),
        Err(AnswerProblem::InvalidLink)
    );
    assert!(case.page(&token, case.at(1) + window).await.is_none());
    let report = case.tick(case.at(1) + window).await;
    assert_eq!(report.closed, 1);
    assert_eq!(case.state(m).await, "closed");
    assert!(consents(&case.app).await.is_empty());
    case.assert_audit_chain_intact().await;
}

// ------------------------------------------------------------------ 7. four eyes

#[rocket::async_test]
async fn a_release_needs_a_second_caseworker_with_a_fresh_code() {
    let case = Case::new().await;
    let app = &case.app;
    let organiser = staffer(app, "olga@example.org", &[Role::Organiser]).await;
    let admin = staffer(app, "adel@example.org", &[Role::Admin]).await;
    let (m, _) = case.cooling_off(&relay(), &relay()).await;
    let p = flow::propose_release(&app.ctx, case.a.id, m, "both agreed", case.at(76))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        decide(app, &case.a, p, true, case.at(76)).await,
        Err(DecisionError::OwnProposal)
    );
    assert_eq!(
        decide(app, &organiser, p, true, case.at(76)).await,
        Err(DecisionError::MissingRole)
    );
    assert_eq!(
        decide(app, &admin, p, true, case.at(76)).await,
        Err(DecisionError::MissingRole)
    );
    assert_eq!(
        decide_with(app, &case.b, p, true, "000000", case.at(76)).await,
        Err(DecisionError::SecondFactor)
    );
    assert_eq!(case.state(m).await, "cooling_off");
    assert_eq!(approval_row(app, p).await.status, "pending");
    let view = flow::case_view(&app.ctx, case.a.id, m, case.at(76))
        .await
        .unwrap();
    assert!(!view.proposals[0].decidable, "not by its proposer");
    let view = flow::case_view(&app.ctx, case.b.id, m, case.at(76))
        .await
        .unwrap();
    assert!(view.proposals[0].decidable);

    decide(app, &case.b, p, true, case.at(77)).await.unwrap();
    assert_eq!(case.state(m).await, "connected");
    assert_eq!(
        decide(app, &case.b, p, true, case.at(78)).await,
        Err(DecisionError::AlreadyDecided)
    );
    case.assert_audit_chain_intact().await;
}

// ------------------------------------------------------------------ 8. staff-asserted consent

#[rocket::async_test]
async fn a_staff_asserted_sought_consent_counts_only_once_approved() {
    let case = Case::new().await;
    let app = &case.app;
    let m = case.verify(case.at(1)).await;
    let p = flow::assert_consent(
        &app.ctx,
        case.a.id,
        m,
        &flow::Asserted {
            party: Party::Sought,
            answer: &relay(),
            how: "by phone, identity checked with the family facts",
            locale: Locale::Fa,
        },
        case.at(2),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(case.state(m).await, "verified", "the match does not move");
    case.confirm(&relay(), case.at(3)).await;
    for hour in [3, 30] {
        let report = case.tick(case.at(hour)).await;
        assert_eq!((report.cooling_off, report.closed), (0, 0));
        assert_eq!(case.state(m).await, "verified");
        assert_eq!(
            flow::propose_release(&app.ctx, case.a.id, m, "asserted", case.at(hour))
                .await
                .unwrap(),
            Err(FlowProblem::WrongState)
        );
    }
    let view = flow::case_view(&app.ctx, case.b.id, m, case.at(4))
        .await
        .unwrap();
    let sought = view.consents.iter().find(|c| c.party == "sought").unwrap();
    assert_eq!(
        (
            sought.channel.as_str(),
            sought.asserted_by,
            sought.approval_id
        ),
        ("staff", Some(case.a.id), None)
    );
    assert!(!sought.counts, "not without a second staff member");
    assert!(!view.releasable);
    assert_eq!(view.proposals[0].kind, "contact-confirm-consent");
    assert!(view.proposals[0].decidable);
    assert_eq!(
        decide(app, &case.a, p, true, case.at(4)).await,
        Err(DecisionError::OwnProposal)
    );

    // A second caseworker approves: it counts, the match moves on as if answered.
    decide(app, &case.b, p, true, case.at(40)).await.unwrap();
    assert_eq!(case.state(m).await, "consented");
    let view = flow::case_view(&app.ctx, case.b.id, m, case.at(40))
        .await
        .unwrap();
    let sought = view.consents.iter().find(|c| c.party == "sought").unwrap();
    assert!(sought.counts);
    assert!(sought.approval_id.is_some());
    assert_eq!(sought.approval_id, Some(p));
    // The requester's re-confirmation (3 h) came after the asserted answer (2 h).
    assert_eq!(case.tick(case.at(40)).await.cooling_off, 1);
    let release = flow::propose_release(&app.ctx, case.a.id, m, "ok", case.at(40 + 73))
        .await
        .unwrap()
        .unwrap();
    decide(app, &case.b, release, true, case.at(40 + 73))
        .await
        .unwrap();
    assert_eq!(case.state(m).await, "connected");
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_staff_asserted_requester_consent_counts_only_once_approved() {
    let case = Case::new().await;
    let app = &case.app;
    let m = case.verify(case.at(1)).await;
    let token = case.ask(m, case.at(1)).await;
    case.answer(&token, &relay(), case.at(2)).await;
    let p = flow::assert_consent(
        &app.ctx,
        case.a.id,
        m,
        &flow::Asserted {
            party: Party::Requester,
            answer: &relay(),
            how: "in person at the office",
            locale: Locale::En,
        },
        case.at(3),
    )
    .await
    .unwrap()
    .unwrap();
    let report = case.tick(case.at(4)).await;
    assert_eq!((report.cooling_off, report.closed), (0, 0));
    assert_eq!(case.state(m).await, "consented");
    let view = flow::case_view(&app.ctx, case.b.id, m, case.at(4))
        .await
        .unwrap();
    let requester = view
        .consents
        .iter()
        .find(|c| c.party == "requester")
        .unwrap();
    assert!(!requester.counts);
    decide(app, &case.b, p, true, case.at(5)).await.unwrap();
    let view = flow::case_view(&app.ctx, case.b.id, m, case.at(5))
        .await
        .unwrap();
    assert!(
        view.consents
            .iter()
            .find(|c| c.party == "requester")
            .unwrap()
            .counts
    );
    assert_eq!(case.tick(case.at(5)).await.cooling_off, 1);
    assert_eq!(case.state(m).await, "cooling_off");
    case.assert_audit_chain_intact().await;
}

// ------------------------------------------------------------------ 9. order of consents

#[rocket::async_test]
async fn only_a_requester_confirmation_after_the_sought_consent_moves_the_match() {
    let case = Case::new().await;
    let m = case.verify(case.at(1)).await;
    let token = case.ask(m, case.at(1)).await;
    case.confirm(&relay(), case.at(1) + Duration::minutes(30))
        .await;
    case.answer(&token, &relay(), case.at(2)).await;
    let report = case.tick(case.at(3)).await;
    assert_eq!((report.cooling_off, report.closed), (0, 0));
    assert_eq!(case.state(m).await, "consented");
    assert_eq!(case.match_row(m).await.cooling_until, None);
    case.confirm(&relay(), case.at(4)).await;
    assert_eq!(case.tick(case.at(4)).await.cooling_off, 1);
    let row = case.match_row(m).await;
    assert_eq!(row.state, "cooling_off");
    assert_eq!(
        row.cooling_until.map(us),
        Some(us(case.at(4) + Duration::hours(72)))
    );
    case.assert_audit_chain_intact().await;
}

// ------------------------------------------------------------------ 10. replays and forgeries

#[rocket::async_test]
async fn replayed_answers_and_forged_links_change_nothing() {
    let case = Case::new().await;
    let app = &case.app;
    let m = case.verify(case.at(1)).await;
    let token = case.ask(m, case.at(1)).await;
    for forged in [
        random_token().unwrap(),
        "short".to_owned(),
        "'; DROP TABLE consents; --".to_owned(),
        case.status.clone(),
    ] {
        assert_eq!(
            flow::answer(&app.ctx, &forged, &relay(), Locale::Fa, case.at(2))
                .await
                .unwrap(),
            Err(AnswerProblem::InvalidLink),
            "{forged}"
        );
        assert!(case.page(&forged, case.at(2)).await.is_none());
    }
    assert!(consents(app).await.is_empty());

    case.answer(&token, &relay(), case.at(2)).await;
    let events = audit_event::Entity::find()
        .count(&app.ctx.db)
        .await
        .unwrap();
    let records = consents(app).await;
    for again in [relay(), refuse(Decision::Never, WelfareChoice::Preset)] {
        assert_eq!(
            flow::answer(&app.ctx, &token, &again, Locale::Fa, case.at(2))
                .await
                .unwrap(),
            Err(AnswerProblem::AlreadyAnswered)
        );
    }
    assert_eq!(consents(app).await, records, "nothing new written");
    assert_eq!(
        audit_event::Entity::find()
            .count(&app.ctx.db)
            .await
            .unwrap(),
        events
    );
    assert_eq!(case.state(m).await, "consented");
    let reg = registration::Entity::find_by_id(case.registration)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        intake::open_registration(&app.ctx, &reg)
            .unwrap()
            .rules
            .deny_names
            .is_empty()
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_requester_can_only_act_on_the_connections_their_page_shows() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.connected(&relay(), &relay()).await;
    // Another family's request with a match of its own (not connected).
    let other_status = random_token().unwrap();
    let zahra = SoughtData {
        name_latin: "Zahra Ahmadi".into(),
        birth_year: Some(1975),
        father_name: "Ali".into(),
        ..SoughtData::default()
    };
    let (other, other_sought) = request(
        app,
        "Parisa Ahmadi",
        "parisa@example.org",
        &zahra,
        &other_status,
    )
    .await;
    let reg = register(app, &["Zahra Ahmadi"], 1975, "zahra@example.net").await;
    let m2 = review::decide(
        &app.ctx,
        case.a.id,
        other,
        other_sought,
        reg,
        true,
        case.at(77),
    )
    .await
    .unwrap()
    .unwrap();
    for (token, id) in [
        (case.status.as_str(), m2),
        (case.status.as_str(), m + 1000),
        (other_status.as_str(), m),
        ("not-a-real-token-at-all-000", m),
    ] {
        assert_eq!(
            flow::requester_posts(&app.ctx, token, id, "tampered", case.at(78))
                .await
                .unwrap(),
            None,
            "{token} / {id}"
        );
        assert!(
            !flow::requester_leaves(&app.ctx, token, id, case.at(78))
                .await
                .unwrap()
        );
    }
    assert_eq!(case.state(m).await, "connected");
    assert_eq!(case.state(m2).await, "verified");
    assert_eq!(
        flow::case_view(&app.ctx, case.a.id, m, case.at(78))
            .await
            .unwrap()
            .thread,
        Some((true, 1)),
        "nothing was posted"
    );
    case.assert_audit_chain_intact().await;
}

// ------------------------------------------------------------------ 11. sealed records

#[rocket::async_test]
async fn consent_records_are_sealed_and_name_their_wording() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.cooling_off(&share(REQUESTER_DETAIL), &relay()).await;
    let records = consents(app).await;
    assert_eq!(records.len(), 2);
    assert!(records.iter().all(flow::seal_holds));
    let sought = records.iter().find(|c| c.party == "sought").unwrap();
    let requester = records.iter().find(|c| c.party == "requester").unwrap();
    assert_eq!(
        (
            sought.wording_version.as_str(),
            sought.wording_locale.as_str()
        ),
        (SOUGHT_WORDING.version, "fa")
    );
    assert_eq!(
        sought.wording_hash,
        flow::wording(SOUGHT_WORDING, Locale::Fa).1
    );
    assert_eq!(
        requester.wording_hash,
        flow::wording(REQUESTER_WORDING, Locale::En).1
    );
    assert_eq!(
        requester.match_id, None,
        "the requester's covers the request"
    );
    assert!(
        !String::from_utf8_lossy(requester.shared_detail_enc.as_deref().unwrap())
            .contains("Signal"),
        "the shared detail is stored encrypted"
    );
    let hashes: Vec<String> = [Locale::En, Locale::Fa, Locale::Fr]
        .into_iter()
        .map(|l| flow::wording(SOUGHT_WORDING, l).1)
        .collect();
    assert!(hashes[0] != hashes[1] && hashes[1] != hashes[2] && hashes[0] != hashes[2]);
    assert_ne!(hashes[0], flow::wording(REQUESTER_WORDING, Locale::En).1);

    // Tampering with one field breaks the seal.
    consent::Entity::update_many()
        .col_expr(
            consent::Column::ExpiresAt,
            Expr::value(sought.expires_at + Duration::days(365)),
        )
        .filter(consent::Column::Id.eq(sought.id))
        .exec(&app.ctx.db)
        .await
        .unwrap();
    consent::Entity::update_many()
        .col_expr(consent::Column::Choice, Expr::value("relay"))
        .filter(consent::Column::Id.eq(requester.id))
        .exec(&app.ctx.db)
        .await
        .unwrap();
    let tampered = consents(app).await;
    assert!(tampered.iter().all(|c| !flow::seal_holds(c)));
    let view = flow::case_view(&app.ctx, case.a.id, m, case.at(4))
        .await
        .unwrap();
    assert!(view.consents.iter().all(|c| !c.seal_ok));
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn each_asserted_consent_records_the_approval_that_let_it_count() {
    let case = Case::new().await;
    let app = &case.app;
    let m = case.verify(case.at(1)).await;
    let for_sought = flow::assert_consent(
        &app.ctx,
        case.a.id,
        m,
        &flow::Asserted {
            party: Party::Sought,
            answer: &relay(),
            how: "by phone",
            locale: Locale::Fa,
        },
        case.at(2),
    )
    .await
    .unwrap()
    .unwrap();
    let for_requester = flow::assert_consent(
        &app.ctx,
        case.a.id,
        m,
        &flow::Asserted {
            party: Party::Requester,
            answer: &relay(),
            how: "in person",
            locale: Locale::En,
        },
        case.at(3),
    )
    .await
    .unwrap()
    .unwrap();
    // Decided in the other order than proposed, by the same second caseworker.
    decide(app, &case.b, for_requester, true, case.at(4))
        .await
        .unwrap();
    decide(app, &case.b, for_sought, true, case.at(5))
        .await
        .unwrap();
    let records = consents(app).await;
    let approval_of = |party: &str| {
        records
            .iter()
            .find(|c| c.party == party)
            .unwrap()
            .approval_id
    };
    assert_eq!(approval_of("sought"), Some(for_sought));
    assert_eq!(approval_of("requester"), Some(for_requester));
    assert_eq!(case.state(m).await, "consented");
    // The requester's asserted consent (3 h) followed the sought person's (2 h).
    assert_eq!(case.tick(case.at(5)).await.cooling_off, 1);
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_sought_person_who_withdraws_and_blocks_is_never_offered_to_that_requester_again() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, token) = case.cooling_off(&relay(), &relay()).await;
    assert!(
        flow::sought_withdraws(&app.ctx, &token, true, case.at(10))
            .await
            .unwrap()
    );
    assert_eq!(case.state(m).await, "closed");
    let (again, again_sought) = request(
        app,
        REQUESTER_NAME,
        "leila.again@example.org",
        &sought_data(),
        &random_token().unwrap(),
    )
    .await;
    assert_eq!(
        review::decide(
            &app.ctx,
            case.a.id,
            again,
            again_sought,
            case.registration,
            true,
            case.at(11)
        )
        .await
        .unwrap(),
        Err(DecisionProblem::NotACandidate)
    );
    assert!(case.view(case.at(11)).await.notices.is_empty());
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_requester_who_answers_no_later_no_longer_counts_as_consenting() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.cooling_off(&relay(), &relay()).await;
    // During cooling-off the requester changes their mind on their own page.
    case.confirm(&refuse(Decision::Decline, WelfareChoice::None), case.at(4))
        .await;
    let report = case.tick(case.at(5)).await;
    assert_eq!(report.closed, 1, "the older yes does not outlive the no");
    assert_eq!(case.state(m).await, "closed");
    assert_eq!(
        flow::propose_release(&app.ctx, case.a.id, m, "both agreed", case.at(76))
            .await
            .unwrap(),
        Err(FlowProblem::WrongState)
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_release_proposed_by_someone_no_longer_a_caseworker_is_not_run() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.cooling_off(&relay(), &relay()).await;
    let p = flow::propose_release(&app.ctx, case.a.id, m, "both agreed", case.at(76))
        .await
        .unwrap()
        .unwrap();
    // The proposer loses the caseworker role before a colleague decides.
    staff::Entity::update_many()
        .col_expr(staff::Column::Roles, Expr::value("organiser"))
        .filter(staff::Column::Id.eq(case.a.id))
        .exec(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(
        decide(app, &case.b, p, true, case.at(76)).await,
        Err(DecisionError::NoLongerValid)
    );
    assert_eq!(case.state(m).await, "cooling_off");
    assert_eq!(
        approval_row(app, p).await.status,
        "pending",
        "nothing written"
    );
}

#[rocket::async_test]
async fn a_decline_cancels_a_pending_staff_assertion_on_the_match() {
    let case = Case::new().await;
    let app = &case.app;
    let m = case.verify(case.at(1)).await;
    let token = case.ask(m, case.at(1)).await;
    let asserted = flow::assert_consent(
        &app.ctx,
        case.a.id,
        m,
        &flow::Asserted {
            party: Party::Sought,
            answer: &relay(),
            how: "by phone",
            locale: Locale::En,
        },
        case.at(2),
    )
    .await
    .unwrap()
    .unwrap();
    case.answer(
        &token,
        &refuse(Decision::Decline, WelfareChoice::None),
        case.at(3),
    )
    .await;
    assert_eq!(case.state(m).await, "closed");
    assert_eq!(approval_row(app, asserted).await.status, "rejected");
    assert!(
        decide(app, &case.b, asserted, true, case.at(4))
            .await
            .is_err()
    );
    assert_eq!(case.state(m).await, "closed");
}

// ------------------------------------------------------------------ security review

#[rocket::async_test]
async fn a_proposal_by_a_caseworker_since_disabled_cannot_be_approved() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.cooling_off(&relay(), &relay()).await;
    let p = flow::propose_release(&app.ctx, case.a.id, m, "both agreed", case.at(76))
        .await
        .unwrap()
        .unwrap();
    // The proposer is disabled (say, found to be passing cases on) before anyone decides.
    staff::Entity::update_many()
        .col_expr(staff::Column::Active, Expr::value(false))
        .filter(staff::Column::Id.eq(case.a.id))
        .exec(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(
        decide(app, &case.b, p, true, case.at(77)).await,
        Err(DecisionError::NoLongerValid)
    );
    assert_eq!(case.state(m).await, "cooling_off");
    assert_eq!(approval_row(app, p).await.status, "pending");
    assert!(
        relay_thread::Entity::find()
            .one(&app.ctx.db)
            .await
            .unwrap()
            .is_none()
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_welfare_message_never_reaches_a_request_flagged_as_hostile() {
    // The preset message, released at once otherwise.
    let case = Case::new().await;
    let before = case.view(case.at(5)).await;
    let m = case.verify(case.at(1)).await;
    let token = case.ask(m, case.at(1)).await;
    review::flag(
        &case.app.ctx,
        case.b.id,
        case.request,
        true,
        "same network as known recruiters",
        case.at(1),
    )
    .await
    .unwrap();
    case.answer(
        &token,
        &refuse(Decision::Decline, WelfareChoice::Preset),
        case.at(2),
    )
    .await;
    assert_eq!(case.state(m).await, "closed");
    assert_eq!(
        format!("{:?}", case.view(case.at(5)).await),
        format!("{before:?}"),
        "nothing tells a suspected hostile requester that the person was found"
    );
    case.assert_audit_chain_intact().await;

    // Their own words, reviewed by a caseworker.
    let case = Case::new().await;
    let text = "I am well. Please do not look for me.";
    let m = case.verify(case.at(1)).await;
    let token = case.ask(m, case.at(1)).await;
    case.answer(
        &token,
        &refuse(Decision::Decline, WelfareChoice::Own(text.into())),
        case.at(2),
    )
    .await;
    let before = case.view(case.at(5)).await;
    review::flag(
        &case.app.ctx,
        case.b.id,
        case.request,
        true,
        "same network as known recruiters",
        case.at(3),
    )
    .await
    .unwrap();
    assert_eq!(
        flow::review_welfare(&case.app.ctx, case.a.id, m, true, case.at(4))
            .await
            .unwrap(),
        Err(FlowProblem::Flagged)
    );
    let view = case.view(case.at(5)).await;
    assert_eq!(format!("{view:?}"), format!("{before:?}"));
    assert!(!format!("{view:?}").contains(text));
    // Withholding stays possible.
    flow::review_welfare(&case.app.ctx, case.a.id, m, false, case.at(4))
        .await
        .unwrap()
        .unwrap();
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_shared_detail_leaves_the_requesters_page_when_the_sought_person_leaves() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, token) = case.connected(&relay(), &share(SOUGHT_DETAIL)).await;
    let view = case.view(case.at(77)).await;
    assert_eq!(view.notices[0].text.as_deref(), Some(SOUGHT_DETAIL));
    // They leave and block.
    assert!(
        flow::sought_withdraws(&app.ctx, &token, true, case.at(78))
            .await
            .unwrap()
    );
    assert_eq!(case.state(m).await, "closed");
    let view = case.view(case.at(79)).await;
    assert!(view.notices[0].ended);
    assert_eq!(view.notices[0].text, None);
    assert!(!format!("{view:?}").contains(SOUGHT_DETAIL));
    // The deny rule the block added is in the audit log, like "never from this person".
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("registration.deny_rule"))
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        events[0].subject,
        format!("registration:{}", case.registration)
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn never_from_this_person_also_stops_a_match_verified_before_it() {
    let case = Case::new().await;
    let app = &case.app;
    // The same requester (by name) filed twice; both requests were linked.
    let (again, again_sought) = request(
        app,
        REQUESTER_NAME,
        "leila.other@example.org",
        &sought_data(),
        &random_token().unwrap(),
    )
    .await;
    let m = case.verify(case.at(1)).await;
    let m2 = review::decide(
        &app.ctx,
        case.b.id,
        again,
        again_sought,
        case.registration,
        true,
        case.at(1),
    )
    .await
    .unwrap()
    .unwrap();
    let token = case.ask(m, case.at(1)).await;
    case.answer(
        &token,
        &refuse(Decision::Never, WelfareChoice::None),
        case.at(2),
    )
    .await;
    let emails = mail_to(app, SOUGHT_EMAIL).await.len();
    assert_eq!(
        flow::ask(&app.ctx, case.b.id, m2, case.at(3))
            .await
            .unwrap(),
        Err(FlowProblem::Vetoed)
    );
    assert_eq!(case.state(m2).await, "verified");
    assert_eq!(
        mail_to(app, SOUGHT_EMAIL).await.len(),
        emails,
        "not asked again by the person they refused"
    );
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn a_registration_past_its_expiry_is_not_released() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.cooling_off(&relay(), &relay()).await;
    // The registration lapsed at 50 h; the expiry job has not closed the row yet.
    registration::Entity::update_many()
        .col_expr(registration::Column::ExpiresAt, Expr::value(case.at(50)))
        .filter(registration::Column::Id.eq(case.registration))
        .exec(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(
        flow::propose_release(&app.ctx, case.a.id, m, "both agreed", case.at(76))
            .await
            .unwrap(),
        Err(FlowProblem::Inactive)
    );
    case.tick(case.at(76)).await;
    assert_eq!(case.state(m).await, "closed");
    case.assert_audit_chain_intact().await;
}

#[rocket::async_test]
async fn the_approver_of_an_asserted_detail_sees_it_and_the_read_is_audited() {
    let case = Case::new().await;
    let app = &case.app;
    let m = case.verify(case.at(1)).await;
    flow::assert_consent(
        &app.ctx,
        case.a.id,
        m,
        &flow::Asserted {
            party: Party::Sought,
            answer: &share("+46 70 555 0199"),
            how: "in person",
            locale: Locale::En,
        },
        case.at(2),
    )
    .await
    .unwrap()
    .unwrap();
    let view = flow::case_view(&app.ctx, case.b.id, m, case.at(3))
        .await
        .unwrap();
    let row = view.consents.iter().find(|c| c.party == "sought").unwrap();
    assert_eq!(row.asserted_detail.as_deref(), Some("+46 70 555 0199"));
    let read = audit_event::Entity::find()
        .filter(audit_event::Column::Action.eq("match.view"))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(read.details.contains("asserted_details_shown"));
}

#[rocket::async_test]
async fn flagging_a_request_ends_its_matches_waiting_for_release() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.cooling_off(&relay(), &relay()).await;
    contact_request::Entity::update_many()
        .col_expr(contact_request::Column::Hostile, Expr::value(true))
        .exec(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(case.tick(case.at(4)).await.closed, 1);
    assert_eq!(case.state(m).await, "closed");
}
