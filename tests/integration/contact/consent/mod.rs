//! The consent flow of a match at the service level (issue #7), on a clock the tests
//! control (a [`Case`](crate::support::factory::case::Case)): asking the sought person, both
//! consents, the cooling-off period, the four-eyes release, relay messages that never carry
//! an address, declines with and without a welfare message, "never from this person",
//! withdrawal before and after the connection and its cascade, lapsed consents and
//! unanswered asks, staff-asserted consent that only counts once a second staff member
//! approves, replayed and forged links, sealed consent records, and an audit chain that
//! still verifies after each walk.

mod connection;
mod cooling_off;
mod four_eyes;
mod integrity;
mod staff_assertions;
mod vetoes;
mod welfare;
mod withdrawal;

use crate::support::TestApp;
use crate::support::factory::case::{
    MESSAGE, REQUESTER_EMAIL, REQUESTER_NAME, REQUESTER_PHONE, SOUGHT_EMAIL,
};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use peyvand::entities::approval;
use peyvand::ids::ApprovalId;
use peyvand::mail::SentEmail;
use sea_orm::EntityTrait;

/// What a requester who chooses to share gives.
const REQUESTER_DETAIL: &str = "Signal: +49 170 5550199";
/// What a sought person who chooses to share gives.
const SOUGHT_DETAIL: &str = "reza.private@example.com";

/// Delivers all queued mail; returns how many emails went out to anyone so far.
async fn mail_count(app: &TestApp) -> usize {
    crate::support::mail::deliver_until(app, Utc::now() + Duration::days(3650)).await;
    app.ctx.mailer.sent().len()
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

/// A proposal's row.
async fn approval_row(app: &TestApp, id: ApprovalId) -> approval::Model {
    approval::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
}
