//! Family contact: filing a request and registering through the public forms, their
//! lifecycle and bad input; the caseworkers' review and case pages; the consent flow at the
//! service level (`consent/`); the parties' pages of a connection; and safety rule 1 — nothing
//! a requester sees tells whether the person they seek registered or was found.

mod assisted;
mod case_view;
mod connection;
mod consent;
mod demo;
mod editing;
mod intake;
mod lifecycle;
mod no_oracle;
mod review;
mod validation;

use crate::support::TestApp;
use crate::support::http::{get, header};
use crate::support::mail::{link, mail_to};
use peyvand::entities::{contact_request, outbox, registration, sought_person};
use peyvand::mail::SentEmail;
use rocket::http::Status;
use sea_orm::{EntityTrait, PaginatorTrait};

/// How many rows each table holds.
struct Counts {
    requests: u64,
    sought: u64,
    registrations: u64,
    outbox: u64,
}

/// Counts the rows of the tables the public forms write to.
async fn counts(app: &TestApp) -> Counts {
    let db = &app.ctx.db;
    Counts {
        requests: contact_request::Entity::find().count(db).await.unwrap(),
        sought: sought_person::Entity::find().count(db).await.unwrap(),
        registrations: registration::Entity::find().count(db).await.unwrap(),
        outbox: outbox::Entity::find().count(db).await.unwrap(),
    }
}

/// The one request there is.
async fn only_request(app: &TestApp) -> contact_request::Model {
    let mut all = contact_request::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    all.remove(0)
}

/// The one registration there is.
async fn only_registration(app: &TestApp) -> registration::Model {
    let mut all = registration::Entity::find().all(&app.ctx.db).await.unwrap();
    assert_eq!(all.len(), 1);
    all.remove(0)
}

/// Words an email to a party must not contain (rule 7): the purpose, the people.
const TELLING: [&str; 12] = [
    "contact", "relative", "family", "request", "regist", "found", "Leila", "Karimi", "Maryam",
    "camp", "group", "match",
];

/// The text of an HTML fragment (tags dropped).
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Asserts an email to a party says nothing telling (links aside).
fn assert_content_free(mail: &SentEmail) {
    let html = strip_tags(&mail.email.html);
    for part in [&mail.email.subject, &mail.email.text, &html] {
        // Links aside (their paths are fixed by the routes), no telling word.
        let words: String = part
            .split_whitespace()
            .filter(|w| !w.contains("http"))
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        for bad in TELLING {
            assert!(
                !words.contains(&bad.to_lowercase()),
                "{bad:?} in {:?}",
                mail.email.subject
            );
        }
    }
}

/// The site-relative `/p/` link of the latest email to `to`, followed to the page it
/// leads to.
async fn follow_latest(app: &TestApp, to: &str) -> String {
    let mail = mail_to(app, to).await;
    let last = mail.last().expect("an email");
    assert_content_free(last);
    let p = link(last, "/p/");
    let r = get(app, &p).await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    let to = header(&r, "Location").unwrap().to_owned();
    to.split('?').next().unwrap().to_owned()
}
