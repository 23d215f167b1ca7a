//! Contact records with defaults that fit together: a verified request seeking one person,
//! a verified registration of that person open to anyone, and matches between them —
//! written straight to the database, personal fields sealed as intake seals them. Also the
//! public forms' fields, and a request or registration filed and verified through the pages.

use crate::support::TestApp;
use crate::support::http::post;
use crate::support::mail::{link, mail_to};
use chrono::{Duration, Utc};
use peyvand::crypto::{random_token, sha256_hex};
use peyvand::domain::contact::records::{
    self as c, Openness, RecordState, RegistrationData, RegistrationRules, RequesterData,
    ReviewState, SoughtData, context,
};
use peyvand::domain::people::relationship::Relationship;
use peyvand::entities::{consent, contact_match, contact_request, registration, sought_person};
use peyvand::ids::{MatchId, RegistrationId, RequestId, SoughtId, StaffId};
use rocket::http::Status;
use sea_orm::{ActiveModelTrait, EntityTrait, QueryOrder, Set};

/// The person a default request seeks (and a default registration is).
pub fn sought() -> SoughtData {
    SoughtData {
        name_latin: "Mohamadreza Husseini".into(),
        birth_year: Some(1968),
        father_name: "Hossein".into(),
        facts: "He had a scar on his left hand.".into(),
        ..SoughtData::default()
    }
}

/// A contact request to insert; see [`request`].
pub struct NewRequest {
    requester: RequesterData,
    message: String,
    state: String,
    sought: SoughtData,
}

/// A verified, active request by Maryam Hosseini (requester@example.org, +49 30 1234567,
/// a sibling, "We miss you.") seeking [`sought`].
pub fn request() -> NewRequest {
    NewRequest {
        requester: RequesterData {
            name: "Maryam Hosseini".into(),
            email: "requester@example.org".into(),
            phone: "+49 30 1234567".into(),
            ..RequesterData::default()
        },
        message: "We miss you.".into(),
        state: "active".into(),
        sought: sought(),
    }
}

/// An inserted request.
pub struct Request {
    /// The request's id.
    pub id: RequestId,
    /// Its (first) sought person's id.
    pub sought: SoughtId,
    /// The token of its status link.
    pub status: String,
}

impl NewRequest {
    /// Filed by `name` at `email`.
    pub fn by(mut self, name: &str, email: &str) -> Self {
        self.requester.name = name.into();
        self.requester.email = email.into();
        self
    }

    /// Filed by `name` (at the default address).
    pub fn named(mut self, name: &str) -> Self {
        self.requester.name = name.into();
        self
    }

    /// With this phone number.
    pub fn phone(mut self, phone: &str) -> Self {
        self.requester.phone = phone.into();
        self
    }

    /// With this message for the sought person.
    pub fn message(mut self, message: &str) -> Self {
        self.message = message.into();
        self
    }

    /// In this state (`active` by default).
    pub fn state(mut self, state: &str) -> Self {
        self.state = state.into();
        self
    }

    /// Seeking this person.
    pub fn seeking(mut self, sought: SoughtData) -> Self {
        self.sought = sought;
        self
    }

    /// Inserts the request and its sought person.
    pub async fn insert(self, app: &TestApp) -> Request {
        let crypto = &app.ctx.crypto;
        let now = Utc::now();
        let status = random_token().unwrap();
        let r = contact_request::ActiveModel {
            requester_enc: Set(c::seal(crypto, context::REQUESTER, &self.requester).unwrap()),
            email_index: Set(format!("idx-{}", self.requester.email)),
            country: Set("DE".into()),
            locale: Set("en".into()),
            relationship: Set(Relationship::Sibling),
            message_enc: Set(crypto.encrypt_str(context::MESSAGE, &self.message).unwrap()),
            network_hash: Set("net-1".into()),
            state: Set(self.state.parse().unwrap()),
            verify_hash: Set(sha256_hex(format!("verify-{status}").as_bytes())),
            status_hash: Set(sha256_hex(status.as_bytes())),
            review: Set(ReviewState::New),
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
            data_enc: Set(c::seal(crypto, context::SOUGHT, &self.sought).unwrap()),
            ..Default::default()
        }
        .insert(&app.ctx.db)
        .await
        .unwrap();
        Request {
            id: r.id,
            sought: s.id,
            status,
        }
    }
}

/// A registration to insert; see [`registration`].
pub struct NewRegistration {
    data: RegistrationData,
    openness: Openness,
    rules: RegistrationRules,
}

/// A verified, active registration of Mohammad-Reza Hosseini (also in Persian script), born
/// 1968, father Hossein, from Tehran, at person1968@example.org, open to anyone, in Persian.
pub fn registration() -> NewRegistration {
    NewRegistration {
        data: RegistrationData {
            names: vec!["محمدرضا حسینی".into(), "Mohammad-Reza Hosseini".into()],
            birth_year: Some(1968),
            father_name: "Hossein".into(),
            places: vec!["Tehran".into()],
            email: "person1968@example.org".into(),
            ..RegistrationData::default()
        },
        openness: Openness::Anyone,
        rules: RegistrationRules::default(),
    }
}

impl NewRegistration {
    /// Under these names.
    pub fn names(mut self, names: &[&str]) -> Self {
        self.data.names = names.iter().map(|n| (*n).to_owned()).collect();
        self
    }

    /// Born in `year`; the address becomes person`year`@example.org.
    pub fn born(mut self, year: i32) -> Self {
        self.data.birth_year = Some(year);
        self.data.email = format!("person{year}@example.org");
        self
    }

    /// At this address.
    pub fn email(mut self, email: &str) -> Self {
        self.data.email = email.into();
        self
    }

    /// Open to these requesters.
    pub fn openness(mut self, openness: Openness) -> Self {
        self.openness = openness;
        self
    }

    /// With these rules.
    pub fn rules(mut self, rules: RegistrationRules) -> Self {
        self.rules = rules;
        self
    }

    /// Inserts the registration; returns its id.
    pub async fn insert(self, app: &TestApp) -> RegistrationId {
        let crypto = &app.ctx.crypto;
        let now = Utc::now();
        let email = &self.data.email;
        registration::ActiveModel {
            data_enc: Set(c::seal(crypto, context::REGISTRATION, &self.data).unwrap()),
            rules_enc: Set(c::seal(crypto, context::RULES, &self.rules).unwrap()),
            email_index: Set(format!("idx-{email}")),
            locale: Set("fa".into()),
            openness: Set(self.openness),
            network_hash: Set("net-2".into()),
            state: Set(RecordState::Active),
            verify_hash: Set(sha256_hex(random_token().unwrap().as_bytes())),
            manage_hash: Set(sha256_hex(random_token().unwrap().as_bytes())),
            review: Set(ReviewState::New),
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
}

/// Inserts a match of `sought` with `registration` in `state`, bypassing the review (as
/// if a caseworker had linked them long ago); returns its id.
pub async fn insert_match(
    app: &TestApp,
    sought: SoughtId,
    registration: RegistrationId,
    state: &str,
) -> MatchId {
    contact_match::ActiveModel {
        sought_person_id: Set(sought),
        registration_id: Set(registration),
        score: Set(990),
        state: Set(state.parse().unwrap()),
        created_by: Set(StaffId(1)),
        created_at: Set(Utc::now()),
        updated_at: Set(Utc::now()),
        note: Set(None),
        ..Default::default()
    }
    .insert(&app.ctx.db)
    .await
    .unwrap()
    .id
}

/// A match's row.
pub async fn match_row(app: &TestApp, id: MatchId) -> contact_match::Model {
    contact_match::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
}

/// A match's state.
pub async fn match_state(app: &TestApp, id: MatchId) -> String {
    match_row(app, id).await.state.to_string()
}

/// Every consent record, oldest first.
pub async fn consents(app: &TestApp) -> Vec<consent::Model> {
    consent::Entity::find()
        .order_by_asc(consent::Column::Id)
        .all(&app.ctx.db)
        .await
        .unwrap()
}

// ------------------------------------------------------------------ through the pages

/// A form's fields.
pub type Fields<'a> = Vec<(&'a str, &'a str)>;

/// A complete contact request seeking one person.
pub fn request_fields<'a>(email: &'a str, sought_latin: &'a str) -> Fields<'a> {
    vec![
        ("name", "Leila Karimi"),
        ("email", email),
        ("phone", "+49 170 1234567"),
        ("country", "DE"),
        ("relationship", "sibling"),
        ("s1.name_latin", sought_latin),
        ("s1.name_persian", ""),
        ("s1.aliases", "Mimi\nMaryam K."),
        ("s1.birth_year", "1979"),
        ("s1.father_name", "Hossein"),
        ("s1.birthplace", "Shiraz"),
        ("s1.last_place", "Camp Ashraf 3"),
        ("s1.last_year", "2003"),
        ("s1.facts", "She called our grandmother Bibi."),
        ("s2.name_latin", ""),
        ("s2.name_persian", ""),
        ("s3.name_latin", ""),
        ("message", "We miss you. <b>Nothing</b> is expected of you."),
        ("consent", "yes"),
    ]
}

/// A complete registration.
pub fn register_fields<'a>(email: &'a str, name_latin: &'a str, openness: &'a str) -> Fields<'a> {
    vec![
        ("name_latin", name_latin),
        ("name_persian", ""),
        ("aliases", ""),
        ("birth_year", "1979"),
        ("father_name", "Hossein"),
        ("places", "Shiraz"),
        ("email", email),
        ("language", "en"),
        ("openness", openness),
        ("only_names", ""),
        ("deny_names", ""),
        ("deny_aliases", ""),
        ("consent", "yes"),
    ]
}

/// `fields` with `field` set to `value` (added if absent).
pub fn with<'a>(mut fields: Fields<'a>, field: &'a str, value: &'a str) -> Fields<'a> {
    match fields.iter_mut().find(|(k, _)| *k == field) {
        Some(pair) => pair.1 = value,
        None => fields.push((field, value)),
    }
    fields
}

/// Files a request through the form and verifies it by POST; returns the status page path.
pub async fn active_request(app: &TestApp, email: &str, sought: &str) -> String {
    let r = post(app, "/contact/request", &request_fields(email, sought)).await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    verify_by_post(app, email, "/contact/status/").await
}

/// Registers through the form and verifies by POST; returns the management page path.
pub async fn active_registration(app: &TestApp, fields: &[(&str, &str)]) -> String {
    let email = fields.iter().find(|(k, _)| *k == "email").unwrap().1;
    let r = post(app, "/contact/register", fields).await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    verify_by_post(app, email, "/contact/registration/").await
}

/// Presses the button behind the newest verification link to `email`; returns the link
/// starting with `then` that the next email carries.
async fn verify_by_post(app: &TestApp, email: &str, then: &str) -> String {
    let verify = link(
        mail_to(app, email).await.last().unwrap(),
        "/contact/verify/",
    );
    assert_eq!(post(app, &verify, &[]).await.status, Status::Ok);
    link(mail_to(app, email).await.last().unwrap(), then)
}
