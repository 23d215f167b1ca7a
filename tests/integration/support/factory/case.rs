//! Contact cases walked to the state a test starts from. [`Case`] is one requester, one
//! registered sought person and two caseworkers on a clock the test controls (hours after
//! `t0`): verified, asked, answered, in cooling-off, connected. The free functions do the
//! same steps for tests that file through the pages and run on the real clock.

use super::contact::{self, Request};
use super::staff::{Staffer, decide, decide_with, staffer};
use crate::support::TestApp;
use crate::support::mail::mail_to_until;
use chrono::{DateTime, Duration, Utc};
use peyvand::domain::audit::{self, Verification};
use peyvand::domain::contact::consent::{Choice, Decision, Party};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{contact_match, registration, sought_person};
use peyvand::i18n::Locale;
use peyvand::ids::{ApprovalId, MatchId, RegistrationId, RequestId, SoughtId, StaffId, Token};
use peyvand::mail::SentEmail;
use peyvand::services::contact::consent::{
    self as flow, Answer, CaseView, SoughtPage, TickReport, WelfareChoice,
};
use peyvand::services::contact::requester_view::{self, RequesterView};
use peyvand::services::contact::review::{self, DecisionProblem};
use sea_orm::EntityTrait;

/// The requester of a [`Case`].
pub const REQUESTER_NAME: &str = "Leila Karimi";
/// Their address.
pub const REQUESTER_EMAIL: &str = "leila.karimi@example.org";
/// Their phone number.
pub const REQUESTER_PHONE: &str = "+49 170 5550101";
/// The sought person's registered address.
pub const SOUGHT_EMAIL: &str = "reza.hosseini@example.net";
/// The requester's message, held until the connection.
pub const MESSAGE: &str = "We miss you, Reza. Nothing is expected of you.";

/// One requester, one registered sought person, two caseworkers; times are hours after
/// `t0`.
pub struct Case {
    /// The app.
    pub app: TestApp,
    /// Caseworker A, who verifies, asks and proposes.
    pub a: Staffer,
    /// Caseworker B, the second pair of eyes.
    pub b: Staffer,
    /// The request's id.
    pub request: RequestId,
    /// Its sought person's id.
    pub sought: SoughtId,
    /// The sought person's registration.
    pub registration: RegistrationId,
    /// The requester's status link.
    pub status: String,
    /// The start of the test's clock.
    pub t0: DateTime<Utc>,
}

impl Case {
    /// A fresh app with the two caseworkers, the request and the registration.
    pub async fn new() -> Self {
        let app = TestApp::new().await;
        let a = staffer(&app, "anna@example.org", &[Role::Caseworker]).await;
        let b = staffer(&app, "babak@example.org", &[Role::Caseworker]).await;
        let request = contact::request()
            .by(REQUESTER_NAME, REQUESTER_EMAIL)
            .phone(REQUESTER_PHONE)
            .message(MESSAGE)
            .insert(&app)
            .await;
        let registration = contact::registration()
            .email(SOUGHT_EMAIL)
            .insert(&app)
            .await;
        Case {
            app,
            a,
            b,
            request: request.id,
            sought: request.sought,
            registration,
            status: request.status,
            t0: Utc::now(),
        }
    }

    /// `hours` after `t0`.
    pub fn at(&self, hours: i64) -> DateTime<Utc> {
        self.t0 + Duration::hours(hours)
    }

    /// Another request for the same person, by `name` at `email`.
    pub async fn another_request(&self, name: &str, email: &str) -> Request {
        contact::request()
            .by(name, email)
            .phone(REQUESTER_PHONE)
            .message(MESSAGE)
            .insert(&self.app)
            .await
    }

    /// Caseworker `by` links `request`'s sought person to this case's registration.
    pub async fn link(
        &self,
        by: &Staffer,
        request: &Request,
        now: DateTime<Utc>,
    ) -> Result<MatchId, DecisionProblem> {
        verify_match(
            &self.app,
            by.id,
            request.id,
            request.sought,
            self.registration,
            now,
        )
        .await
    }

    /// Caseworker A verifies the candidate: the match.
    pub async fn verify(&self, now: DateTime<Utc>) -> MatchId {
        verify_match(
            &self.app,
            self.a.id,
            self.request,
            self.sought,
            self.registration,
            now,
        )
        .await
        .expect("the registration is a candidate")
    }

    /// Caseworker A asks the sought person; returns the link they were emailed.
    pub async fn ask(&self, m: MatchId, now: DateTime<Utc>) -> String {
        ask_sought(&self.app, self.a.id, m, now).await;
        let mail = delivered_to(&self.app, SOUGHT_EMAIL).await;
        token_of(mail.last().expect("the sought person is emailed"))
    }

    /// Verified and asked at 1 h; returns the match and the sought person's link.
    pub async fn asked(&self) -> (MatchId, String) {
        let m = self.verify(self.at(1)).await;
        let token = self.ask(m, self.at(1)).await;
        (m, token)
    }

    /// [`Case::asked`], then the sought person answers `sought` at 2 h.
    pub async fn answered(&self, sought: &Answer) -> (MatchId, String) {
        let (m, token) = self.asked().await;
        self.answer(&token, sought, self.at(2)).await;
        (m, token)
    }

    /// The sought person answers through their link.
    pub async fn answer(&self, token: &str, a: &Answer, now: DateTime<Utc>) {
        flow::answer(&self.app.ctx, &link_token(token), a, Locale::Fa, now)
            .await
            .unwrap()
            .unwrap();
    }

    /// The requester (re-)confirms on their status page.
    pub async fn confirm(&self, a: &Answer, now: DateTime<Utc>) {
        assert!(
            flow::requester_confirms(&self.app.ctx, &link_token(&self.status), a, Locale::En, now)
                .await
                .unwrap()
        );
    }

    /// The minute job.
    pub async fn tick(&self, now: DateTime<Utc>) -> TickReport {
        flow::tick(&self.app.ctx, now).await.unwrap()
    }

    /// A match's state.
    pub async fn state(&self, m: MatchId) -> String {
        contact::match_state(&self.app, m).await
    }

    /// A match's row.
    pub async fn match_row(&self, m: MatchId) -> contact_match::Model {
        contact::match_row(&self.app, m).await
    }

    /// The requester's view through their status link.
    pub async fn view(&self, now: DateTime<Utc>) -> RequesterView {
        requester_view::view(&self.app.ctx, &link_token(&self.status), now)
            .await
            .unwrap()
            .expect("the status link works")
    }

    /// The case page's view of a match, as `viewer` reads it.
    pub async fn case_view(&self, viewer: &Staffer, m: MatchId, now: DateTime<Utc>) -> CaseView {
        flow::case_view(&self.app.ctx, viewer.id, m, now)
            .await
            .unwrap()
    }

    /// The sought person's page behind `token`.
    pub async fn page(&self, token: &str, now: DateTime<Utc>) -> Option<SoughtPage> {
        flow::sought_page(&self.app.ctx, &link_token(token), Locale::Fa, now)
            .await
            .unwrap()
    }

    /// Verified, asked at 1 h, answered at 2 h, re-confirmed by the requester at 3 h, in
    /// cooling-off from the tick at 3 h (until 75 h). Returns the match and the sought
    /// person's link.
    pub async fn cooling_off(&self, requester: &Answer, sought: &Answer) -> (MatchId, String) {
        let (m, token) = self.answered(sought).await;
        self.confirm(requester, self.at(3)).await;
        assert_eq!(self.tick(self.at(3)).await.cooling_off, 1);
        assert_eq!(self.state(m).await, "cooling_off");
        (m, token)
    }

    /// Caseworker A proposes the release ("both agreed"); returns the proposal.
    pub async fn propose_release(&self, m: MatchId, now: DateTime<Utc>) -> ApprovalId {
        flow::propose_release(&self.app.ctx, self.a.id, m, "both agreed", now)
            .await
            .unwrap()
            .unwrap()
    }

    /// [`Case::cooling_off`], then A proposes the release at 76 h and B approves it.
    pub async fn connected(&self, requester: &Answer, sought: &Answer) -> (MatchId, String) {
        let (m, token) = self.cooling_off(requester, sought).await;
        let p = self.propose_release(m, self.at(76)).await;
        decide(&self.app, &self.b, p, true, self.at(76))
            .await
            .unwrap();
        assert_eq!(self.state(m).await, "connected");
        (m, token)
    }

    /// Caseworker A records `party`'s answer, obtained `how`; returns the proposal that
    /// waits for a second caseworker.
    pub async fn assert_consent(
        &self,
        m: MatchId,
        party: Party,
        answer: &Answer,
        how: &str,
        locale: Locale,
        now: DateTime<Utc>,
    ) -> ApprovalId {
        flow::assert_consent(
            &self.app.ctx,
            self.a.id,
            m,
            &flow::Asserted {
                party,
                answer,
                how,
                locale,
            },
            now,
        )
        .await
        .unwrap()
        .unwrap()
    }

    /// The audit chain verifies and is not empty.
    pub async fn assert_audit_chain_intact(&self) {
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

/// An app whose cooling-off period is zero: a match with both consents can be released
/// at once.
pub async fn app_without_cooling_off() -> TestApp {
    TestApp::builder()
        .config(|c| c.contact.cooling_off = Duration::zero())
        .build()
        .await
}

/// Accept, through the relay only.
pub fn relay() -> Answer {
    Answer {
        decision: Decision::Accept,
        choice: Some(Choice::Relay),
        detail: String::new(),
        welfare: WelfareChoice::None,
    }
}

/// Accept, sharing `detail` with the other party.
pub fn share(detail: &str) -> Answer {
    Answer {
        decision: Decision::Accept,
        choice: Some(Choice::Share),
        detail: detail.into(),
        welfare: WelfareChoice::None,
    }
}

/// Decline (or "never from this person") with `welfare`.
pub fn refuse(decision: Decision, welfare: WelfareChoice) -> Answer {
    Answer {
        decision,
        choice: None,
        detail: String::new(),
        welfare,
    }
}

/// Delivers all queued mail, however far ahead the test's clock ran; returns everything
/// sent to `to` so far, oldest first.
pub async fn delivered_to(app: &TestApp, to: &str) -> Vec<SentEmail> {
    mail_to_until(app, to, Utc::now() + Duration::days(3650)).await
}

/// `s` as a link token (tests hold the tokens emails carry as text).
pub fn link_token(s: &str) -> Token {
    Token::parse(s).expect("a link token")
}

/// The token of the neutral `/p/<token>` link in an email.
pub fn token_of(mail: &SentEmail) -> String {
    let text = &mail.email.text;
    let start = text.find("/p/").expect("a /p/ link") + 3;
    text[start..]
        .split(|ch: char| ch == '?' || ch.is_whitespace())
        .next()
        .unwrap()
        .to_owned()
}

/// A caseworker's decision that `sought` of `request` is the person registered as
/// `registration`: the match, or why it cannot be.
pub async fn verify_match(
    app: &TestApp,
    caseworker: StaffId,
    request: RequestId,
    sought: SoughtId,
    registration: RegistrationId,
    now: DateTime<Utc>,
) -> Result<MatchId, DecisionProblem> {
    review::decide(
        &app.ctx,
        caseworker,
        request,
        sought,
        registration,
        true,
        now,
    )
    .await
    .unwrap()
}

/// A caseworker asks the sought person of a verified match.
pub async fn ask_sought(app: &TestApp, caseworker: StaffId, m: MatchId, now: DateTime<Utc>) {
    flow::ask(&app.ctx, caseworker, m, now)
        .await
        .unwrap()
        .unwrap();
}

/// Links the newest sought person to the newest registration as a caseworker would
/// (verified), now, and asks the sought person. Returns the match id.
pub async fn link_newest_and_ask(app: &TestApp, caseworker: StaffId) -> MatchId {
    let s = sought_person::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .pop()
        .unwrap();
    let reg = registration::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .pop()
        .unwrap();
    let m = verify_match(app, caseworker, s.request_id, s.id, reg.id, Utc::now())
        .await
        .expect("the registration is a candidate");
    ask_sought(app, caseworker, m, Utc::now()).await;
    m
}

/// Two caseworkers release a match: `proposer` proposes, `approver` approves with `code`.
pub async fn release(app: &TestApp, proposer: StaffId, approver: StaffId, code: &str, m: MatchId) {
    let at = Utc::now();
    let id = flow::propose_release(&app.ctx, proposer, m, "both agreed, identity checked", at)
        .await
        .unwrap()
        .expect("releasable");
    decide_with(app, approver, id, true, code, at)
        .await
        .expect("a second caseworker approves");
}
