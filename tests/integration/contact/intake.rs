//! Family contact, public side, end to end: filing a request and registering (always the
//! same "check your inbox" answer and one content-free email), verification by a POST (a
//! prefetched link verifies nothing), the requester's status page and the registered
//! person's page, expiry with one reminder and renewal, withdrawal, bad input on every
//! field (422, form re-filled, nothing stored), and the no-oracle guarantee: nothing the
//! requester sees depends on whether the sought person registered or was matched.

use crate::support::{TestApp, form_urlencoded, html_lang_dir};
use chrono::{Duration, Utc};
use peyvand::domain::contact::records::{
    self as dc, Openness, RegistrationData, RegistrationRules, RequesterData, SoughtData,
};
use peyvand::entities::{
    audit_event, contact_match, contact_request, outbox, registration, sought_person,
};
use peyvand::i18n::Locale;
use peyvand::mail::SentEmail;
use peyvand::services::contact::{expiry as contact_expiry, intake as contact_intake};
use rocket::http::{ContentType, Status};
use rocket::local::asynchronous::LocalResponse;
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set};

pub(crate) type Fields<'a> = Vec<(&'a str, &'a str)>;

/// A complete contact request seeking one person.
pub(crate) fn request_fields<'a>(email: &'a str, sought_latin: &'a str) -> Fields<'a> {
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
pub(crate) fn register_fields<'a>(
    email: &'a str,
    name_latin: &'a str,
    openness: &'a str,
) -> Fields<'a> {
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
pub(crate) fn with<'a>(mut fields: Fields<'a>, field: &'a str, value: &'a str) -> Fields<'a> {
    match fields.iter_mut().find(|(k, _)| *k == field) {
        Some(pair) => pair.1 = value,
        None => fields.push((field, value)),
    }
    fields
}

/// A response as a comparable whole: status, headers (sorted) and body.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Seen {
    pub(crate) status: Status,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

pub(crate) async fn seen(r: LocalResponse<'_>) -> Seen {
    let status = r.status();
    let mut headers: Vec<(String, String)> = r
        .headers()
        .iter()
        .map(|h| (h.name().to_string(), h.value().to_string()))
        .collect();
    headers.sort();
    Seen {
        status,
        headers,
        body: r.into_string().await.unwrap_or_default(),
    }
}

pub(crate) async fn post(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> Seen {
    seen(app.post_form_csrf(path, fields).await).await
}

pub(crate) async fn get(app: &TestApp, path: &str) -> Seen {
    seen(app.client.get(path.to_owned()).dispatch().await).await
}

pub(crate) fn header<'a>(s: &'a Seen, name: &str) -> Option<&'a str> {
    s.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Sends queued mail and returns everything sent to `to` so far.
pub(crate) async fn mail_to(app: &TestApp, to: &str) -> Vec<SentEmail> {
    peyvand::mail::outbox::process_due(&app.ctx, Utc::now() + Duration::minutes(1))
        .await
        .unwrap();
    app.ctx
        .mailer
        .sent()
        .into_iter()
        .filter(|m| m.to == to)
        .collect()
}

/// The site-relative links in an email's text.
pub(crate) fn links(mail: &SentEmail) -> Vec<String> {
    mail.email
        .text
        .split_whitespace()
        .filter(|w| w.starts_with("http"))
        .map(|w| w.replace("http://127.0.0.1:8000", ""))
        .collect()
}

/// The one link of `mail` starting with `prefix`, without its query.
pub(crate) fn link(mail: &SentEmail, prefix: &str) -> String {
    let l = links(mail)
        .into_iter()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no {prefix} link in {:?}", mail.email.text));
    l.split('?').next().unwrap().to_owned()
}

/// Replaces every token after `/contact/<kind>/` with `TOKEN`.
pub(crate) fn normalise(text: &str) -> String {
    let mut out = text.to_owned();
    for kind in [
        "/contact/verify/",
        "/contact/status/",
        "/contact/registration/",
        "/contact/reply/",
        "/p/",
    ] {
        let mut result = String::new();
        let mut rest = out.as_str();
        while let Some(i) = rest.find(kind) {
            result.push_str(&rest[..i + kind.len()]);
            rest = &rest[i + kind.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(rest.len());
            result.push_str("TOKEN");
            rest = &rest[end..];
        }
        result.push_str(rest);
        out = result;
    }
    out
}

struct Counts {
    requests: u64,
    sought: u64,
    registrations: u64,
    outbox: u64,
}

async fn counts(app: &TestApp) -> Counts {
    let db = &app.ctx.db;
    Counts {
        requests: contact_request::Entity::find().count(db).await.unwrap(),
        sought: sought_person::Entity::find().count(db).await.unwrap(),
        registrations: registration::Entity::find().count(db).await.unwrap(),
        outbox: outbox::Entity::find().count(db).await.unwrap(),
    }
}

async fn only_request(app: &TestApp) -> contact_request::Model {
    let mut all = contact_request::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    all.remove(0)
}

async fn only_registration(app: &TestApp) -> registration::Model {
    let mut all = registration::Entity::find().all(&app.ctx.db).await.unwrap();
    assert_eq!(all.len(), 1);
    all.remove(0)
}

async fn actions(app: &TestApp) -> Vec<String> {
    audit_event::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

/// Files a request and verifies it by POST; returns the status page path.
pub(crate) async fn active_request(app: &TestApp, email: &str, sought: &str) -> String {
    let r = post(app, "/contact/request", &request_fields(email, sought)).await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    let verify = link(
        mail_to(app, email).await.last().unwrap(),
        "/contact/verify/",
    );
    assert_eq!(post(app, &verify, &[]).await.status, Status::Ok);
    link(
        mail_to(app, email).await.last().unwrap(),
        "/contact/status/",
    )
}

/// Registers and verifies; returns the management page path.
pub(crate) async fn active_registration(app: &TestApp, fields: &[(&str, &str)]) -> String {
    let email = fields.iter().find(|(k, _)| *k == "email").unwrap().1;
    let r = post(app, "/contact/register", fields).await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    let verify = link(
        mail_to(app, email).await.last().unwrap(),
        "/contact/verify/",
    );
    assert_eq!(post(app, &verify, &[]).await.status, Status::Ok);
    link(
        mail_to(app, email).await.last().unwrap(),
        "/contact/registration/",
    )
}

/// Words an email to a party must not contain (rule 7): the purpose, the people.
const TELLING: [&str; 12] = [
    "contact", "relative", "family", "request", "regist", "found", "Leila", "Karimi", "Maryam",
    "camp", "group", "match",
];

/// The text of an HTML fragment (tags dropped).
pub(crate) fn strip_tags(html: &str) -> String {
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

pub(crate) fn assert_content_free(mail: &SentEmail) {
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

#[rocket::async_test]
async fn a_request_is_filed_sealed_and_verified_by_a_post_only() {
    let app = TestApp::new().await;
    let (status, body) = app.get("/contact/request").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("name=\"s1.name_latin\""));
    assert!(body.contains("name=\"s3.facts\""), "up to three persons");
    assert!(!body.contains('⟦'));

    let mut fields = request_fields("leila@example.org", "Maryam Karimi");
    fields = with(fields, "s2.name_persian", "زهرا کریمی");
    fields = with(fields, "s2.birth_year", "۱۹۸۲");
    fields = with(
        fields,
        "message",
        "<script>alert(1)</script> '; DROP TABLE contact_requests; --",
    );
    let r = post(&app, "/contact/request", &fields).await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(header(&r, "Location"), Some("/contact/sent"));
    let (status, body) = app.get("/contact/sent").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Check your inbox"));

    // Stored unverified, every personal field sealed.
    let row = only_request(&app).await;
    assert_eq!(row.state, "unverified");
    assert_eq!(
        (
            row.country.as_str(),
            row.relationship.as_str(),
            row.locale.as_str()
        ),
        ("DE", "sibling", "en")
    );
    let who: RequesterData =
        dc::open(&app.ctx.crypto, dc::context::REQUESTER, &row.requester_enc).unwrap();
    assert_eq!(who.name, "Leila Karimi");
    assert_eq!(who.email, "leila@example.org");
    assert_eq!(who.phone, "+49 170 1234567");
    let details = contact_intake::open_request(&app.ctx.db, &app.ctx, row.clone())
        .await
        .unwrap();
    assert_eq!(
        details.message, "<script>alert(1)</script> '; DROP TABLE contact_requests; --",
        "markup and SQL are stored as plain text"
    );
    assert_eq!(details.sought.len(), 2);
    let first = &details.sought[0].1;
    assert_eq!(
        first,
        &SoughtData {
            name_latin: "Maryam Karimi".into(),
            name_persian: String::new(),
            aliases: vec!["Mimi".into(), "Maryam K.".into()],
            birth_year: Some(1979),
            father_name: "Hossein".into(),
            birthplace: "Shiraz".into(),
            last_place: "Camp Ashraf 3".into(),
            last_year: Some(2003),
            facts: "She called our grandmother Bibi.".into(),
        }
    );
    assert_eq!(details.sought[1].1.name_persian, "زهرا کریمی");
    assert_eq!(details.sought[1].1.birth_year, Some(1982), "Persian digits");
    assert_eq!(details.sought[1].0.position, 2);
    for f in app.sqlite_files() {
        let bytes = std::fs::read(f).unwrap();
        for needle in [
            "leila@example.org",
            "Maryam Karimi",
            "کریمی",
            "Bibi",
            "DROP TABLE",
        ] {
            assert!(
                !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "{needle} in clear"
            );
        }
    }

    // Exactly one email, content-free, with a verification link.
    let mail = mail_to(&app, "leila@example.org").await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].email.subject, "Confirm your email address");
    assert_content_free(&mail[0]);
    let verify = link(&mail[0], "/contact/verify/");

    // A mail scanner opening the link verifies nothing.
    let (status, body) = app.get(&verify).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Confirm my address"));
    assert_eq!(only_request(&app).await.state, "unverified");
    // The button does, and the status link follows in a second content-free email.
    let r = post(&app, &verify, &[]).await;
    assert_eq!(r.status, Status::Ok);
    assert!(r.body.contains("Your address is confirmed"));
    let row = only_request(&app).await;
    assert_eq!(row.state, "active");
    assert!(row.verified_at.is_some());
    let year = row.expires_at - Utc::now();
    assert!(year > Duration::days(364) && year <= Duration::days(365));
    let mail = mail_to(&app, "leila@example.org").await;
    assert_eq!(mail.len(), 2);
    assert_eq!(mail[1].email.subject, "Your personal link");
    assert_content_free(&mail[1]);
    let status_path = link(&mail[1], "/contact/status/");
    assert_eq!(
        row.status_hash,
        peyvand::crypto::sha256_hex(status_path.rsplit('/').next().unwrap().as_bytes()),
        "only the hash of the status token is kept"
    );
    // Twice is harmless and sends nothing more.
    assert_eq!(post(&app, &verify, &[]).await.status, Status::Ok);
    assert_eq!(mail_to(&app, "leila@example.org").await.len(), 2);

    // The status page: received, in progress, until when, and a way to withdraw.
    let (status, body) = app.get(&status_path).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Received — in progress"));
    assert!(body.contains(&row.expires_at.format("%Y-%m-%d").to_string()));
    assert!(
        !body.contains("/renew"),
        "no renewal before the last 30 days"
    );
    assert!(body.contains(&format!("{status_path}/withdraw")));
    assert!(
        !body.contains("Maryam"),
        "the page repeats nothing personal"
    );
    let (status, _) = app
        .get("/contact/status/not-a-real-token-at-all-000000")
        .await;
    assert_eq!(status, Status::NotFound);

    let actions = actions(&app).await;
    for a in ["contact_request.file", "contact_request.verify"] {
        assert!(actions.iter().any(|x| x == a), "{a} audited");
    }
}

#[rocket::async_test]
async fn the_same_address_again_is_simply_another_request_with_the_same_answer() {
    let app = TestApp::new().await;
    let first = post(
        &app,
        "/contact/request",
        &request_fields("leila@example.org", "Maryam Karimi"),
    )
    .await;
    let second = post(
        &app,
        "/contact/request",
        &request_fields("Leila@Example.org", "Maryam Karimi"),
    )
    .await;
    assert_eq!(first, second);
    let c = counts(&app).await;
    assert_eq!((c.requests, c.sought), (2, 2));
    let rows = contact_request::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(
        rows[0].email_index, rows[1].email_index,
        "one blind index for one address"
    );
    let mail = mail_to(&app, "leila@example.org").await;
    assert_eq!(mail.len(), 2);
    assert_eq!(
        normalise(&mail[0].email.text),
        normalise(&mail[1].email.text)
    );
}

#[rocket::async_test]
async fn a_registration_keeps_its_rules_and_its_owner_sees_them() {
    let app = TestApp::new().await;
    let (status, body) = app.get("/contact/register?lang=fa").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(html_lang_dir(&body), ("fa".into(), "rtl".into()));
    assert!(!body.contains('⟦'));

    let mut f = register_fields("maryam@example.org", "Maryam Karimi", "relationships");
    f = with(f, "name_persian", "مریم کریمی");
    f = with(f, "aliases", "Mimi");
    f = with(f, "language", "fa");
    f.push(("only_relationships", "parent"));
    f.push(("only_relationships", "sibling"));
    f = with(f, "deny_names", "Ali Karimi\nHassan Rajavi");
    f = with(f, "deny_aliases", "Sister Maryam");
    let r = post(&app, "/contact/register", &f).await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(header(&r, "Location"), Some("/contact/sent"));
    let row = only_registration(&app).await;
    assert_eq!(
        (
            row.state.as_str(),
            row.openness.as_str(),
            row.locale.as_str()
        ),
        ("unverified", "relationships", "fa")
    );
    let d = contact_intake::open_registration(&app.ctx, &row).unwrap();
    assert_eq!(
        d.data,
        RegistrationData {
            names: vec!["Maryam Karimi".into(), "مریم کریمی".into(), "Mimi".into()],
            birth_year: Some(1979),
            father_name: "Hossein".into(),
            places: vec!["Shiraz".into()],
            email: "maryam@example.org".into(),
        }
    );
    assert_eq!(
        d.rules,
        RegistrationRules {
            only_relationships: vec!["parent".into(), "sibling".into()],
            only_names: vec![],
            deny_names: vec!["Ali Karimi".into(), "Hassan Rajavi".into()],
            deny_aliases: vec!["Sister Maryam".into()],
            deny_relationships: vec![],
            deny_requester_keys: vec![],
        }
    );
    assert_eq!(d.openness, Openness::Relationships);
    // Its rules become vetoes in candidate generation: a spouse is refused, a sibling not.
    let person = dc::person(row.id, d.openness, &d.data, &d.rules);
    let index = peyvand_matching::Index::build(vec![person]);
    let sought = SoughtData {
        name_latin: "Maryam Karimi".into(),
        ..SoughtData::default()
    };
    assert_eq!(
        index
            .candidates(&dc::query(&sought, "Reza Ahmadi", "sibling", "key"), 5)
            .len(),
        1
    );
    assert!(
        index
            .candidates(&dc::query(&sought, "Reza Ahmadi", "spouse", "key"), 5)
            .is_empty()
    );
    assert!(
        index
            .candidates(&dc::query(&sought, "Ali Karimi", "sibling", "key"), 5)
            .is_empty()
    );

    // The email is in the chosen language and says nothing.
    let mail = mail_to(&app, "maryam@example.org").await;
    assert_eq!(mail.len(), 1);
    assert!(
        mail[0].email.subject.contains("تأیید"),
        "{}",
        mail[0].email.subject
    );
    assert_content_free(&mail[0]);
    let verify = link(&mail[0], "/contact/verify/");
    assert_eq!(app.get(&verify).await.0, Status::Ok);
    assert_eq!(only_registration(&app).await.state, "unverified");
    let r = post(&app, &verify, &[]).await;
    assert_eq!(r.status, Status::Ok);
    assert_eq!(only_registration(&app).await.state, "active");
    let mail = mail_to(&app, "maryam@example.org").await;
    assert_eq!(mail.len(), 2);
    assert_content_free(&mail[1]);
    let manage = link(&mail[1], "/contact/registration/");

    // Its owner sees what they registered.
    let (status, body) = app.get(&format!("{manage}?lang=en")).await;
    assert_eq!(status, Status::Ok);
    for shown in [
        "Maryam Karimi",
        "مریم کریمی",
        "Mimi",
        "Hassan Rajavi",
        "Sister Maryam",
        "Brother or sister",
        "maryam@example.org",
        "Only relatives with these relationships to me",
        "In force",
    ] {
        assert!(body.contains(shown), "{shown}");
    }
    assert!(!body.contains('⟦'));

    // "No one" and "only these relatives" are kept as chosen.
    let f = register_fields("parvin@example.org", "Parvin Ahmadi", "no_one");
    assert_eq!(
        post(&app, "/contact/register", &f).await.status,
        Status::SeeOther
    );
    let f = with(
        register_fields("sara@example.org", "Sara Ahmadi", "named"),
        "only_names",
        "Reza Ahmadi\nZahra Ahmadi",
    );
    assert_eq!(
        post(&app, "/contact/register", &f).await.status,
        Status::SeeOther
    );
    let all = registration::Entity::find().all(&app.ctx.db).await.unwrap();
    let named = all.iter().find(|r| r.openness == "named").unwrap();
    let d = contact_intake::open_registration(&app.ctx, named).unwrap();
    assert_eq!(d.rules.only_names, ["Reza Ahmadi", "Zahra Ahmadi"]);
    assert!(all.iter().any(|r| r.openness == "no_one"));
    assert!(
        actions(&app)
            .await
            .iter()
            .any(|a| a == "registration.verify")
    );
}

#[rocket::async_test]
async fn expiry_reminds_once_renewal_moves_it_on_and_expired_ones_close() {
    let app = TestApp::new().await;
    let status_path = active_request(&app, "leila@example.org", "Maryam Karimi").await;
    let manage = active_registration(
        &app,
        &register_fields("maryam@example.org", "Maryam Karimi", "anyone"),
    )
    .await;
    let now = Utc::now();
    let ctx = &app.ctx;

    // Long before expiry: nothing.
    let r = contact_expiry::run(ctx, now + Duration::days(300))
        .await
        .unwrap();
    assert_eq!(r, contact_expiry::ExpiryReport::default());

    // 30 days before: one reminder each, with a fresh link; the old link stops working.
    let at = now + Duration::days(340);
    let r = contact_expiry::run(ctx, at).await.unwrap();
    assert_eq!((r.requests_reminded, r.registrations_reminded), (1, 1));
    let again = contact_expiry::run(ctx, at + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(
        again.requests_reminded + again.registrations_reminded,
        0,
        "only once"
    );
    let mail = mail_to(&app, "leila@example.org").await;
    assert_eq!(mail.len(), 3);
    let reminder = &mail[2];
    assert_eq!(reminder.email.subject, "Please renew");
    assert_content_free(reminder);
    let row = only_request(&app).await;
    assert!(
        reminder
            .email
            .text
            .contains(&row.expires_at.format("%Y-%m-%d").to_string())
    );
    let new_status = link(reminder, "/contact/status/");
    assert_ne!(new_status, status_path);
    assert_eq!(app.get(&status_path).await.0, Status::NotFound);
    assert_eq!(app.get(&new_status).await.0, Status::Ok);
    assert!(row.renewal_sent_at.is_some());
    let reg_mail = mail_to(&app, "maryam@example.org").await;
    let new_manage = link(reg_mail.last().unwrap(), "/contact/registration/");
    assert_ne!(new_manage, manage);

    // Bring the expiry within 30 days of the real clock (the pages use it) and renew.
    let soon = Utc::now() + Duration::days(10);
    let mut am: contact_request::ActiveModel = row.into();
    am.expires_at = Set(soon);
    am.update(&ctx.db).await.unwrap();
    let reg = only_registration(&app).await;
    let mut am: registration::ActiveModel = reg.into();
    am.expires_at = Set(soon);
    am.update(&ctx.db).await.unwrap();
    let (_, body) = app.get(&new_status).await;
    assert!(
        body.contains(&format!("{new_status}/renew")),
        "renew button shows"
    );
    assert!(body.contains("ends soon"));
    let r = post(&app, &format!("{new_status}/renew"), &[]).await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(
        header(&r, "Location"),
        Some(format!("{new_status}?notice=renewed").as_str())
    );
    let (_, body) = app.get(&format!("{new_status}?notice=renewed")).await;
    assert!(body.contains("Renewed"));
    assert!(!body.contains(&format!("{new_status}/renew")));
    let row = only_request(&app).await;
    let moved = row.expires_at - soon;
    assert!(
        moved >= Duration::days(365) - Duration::seconds(1)
            && moved <= Duration::days(365) + Duration::seconds(1)
    );
    assert!(row.renewal_sent_at.is_none(), "a new reminder will go out");
    // A second press renews nothing more.
    post(&app, &format!("{new_status}/renew"), &[]).await;
    assert_eq!(only_request(&app).await.expires_at, row.expires_at);
    let r = post(&app, &format!("{new_manage}/renew"), &[]).await;
    assert_eq!(
        header(&r, "Location"),
        Some(format!("{new_manage}?notice=renewed").as_str())
    );
    let reg = only_registration(&app).await;
    assert!(reg.expires_at - soon >= Duration::days(365) - Duration::seconds(1));

    // Past the new expiry: closed, and the pages say so.
    let r = contact_expiry::run(ctx, row.expires_at + Duration::minutes(1))
        .await
        .unwrap();
    assert_eq!((r.requests_closed, r.registrations_closed), (1, 1));
    let row = only_request(&app).await;
    assert_eq!(row.state, "closed");
    assert!(row.closed_at.is_some());
    let (status, body) = app.get(&new_status).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Your request has ended"));
    assert!(!body.contains("/renew") && !body.contains("/withdraw"));
    let (_, body) = app.get(&new_manage).await;
    assert!(body.contains("Your registration has ended"));
    let actions = actions(&app).await;
    for a in [
        "contact_request.remind",
        "contact_request.renew",
        "contact_request.expire",
        "registration.remind",
        "registration.renew",
        "registration.expire",
    ] {
        assert!(actions.iter().any(|x| x == a), "{a} audited");
    }

    // A verification link nobody used lapses after 7 days; the row is closed.
    post(
        &app,
        "/contact/request",
        &request_fields("late@example.org", "Maryam Karimi"),
    )
    .await;
    let verify = link(
        mail_to(&app, "late@example.org").await.last().unwrap(),
        "/contact/verify/",
    );
    let r = contact_expiry::run(ctx, Utc::now() + Duration::days(8))
        .await
        .unwrap();
    assert_eq!(r.unverified_closed, 1);
    assert_eq!(app.get(&verify).await.0, Status::NotFound);
    assert_eq!(post(&app, &verify, &[]).await.status, Status::NotFound);
}

#[rocket::async_test]
async fn requests_and_registrations_can_be_withdrawn() {
    let app = TestApp::new().await;
    let status_path = active_request(&app, "leila@example.org", "Maryam Karimi").await;
    let (status, body) = app.get(&format!("{status_path}/withdraw")).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Withdraw your request?"));
    assert_eq!(
        only_request(&app).await.state,
        "active",
        "opening the page changes nothing"
    );
    let r = post(&app, &format!("{status_path}/withdraw"), &[]).await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(
        header(&r, "Location"),
        Some(format!("{status_path}?notice=withdrawn").as_str())
    );
    let row = only_request(&app).await;
    assert_eq!(row.state, "withdrawn");
    assert!(row.closed_at.is_some());
    let (_, body) = app.get(&status_path).await;
    assert!(body.contains("You withdrew your request"));
    assert!(!body.contains("/renew"));
    // Again: nothing changes; renewing a withdrawn request does nothing.
    let r = post(&app, &format!("{status_path}/withdraw"), &[]).await;
    assert_eq!(header(&r, "Location"), Some(status_path.as_str()));
    let r = post(&app, &format!("{status_path}/renew"), &[]).await;
    assert_eq!(header(&r, "Location"), Some(status_path.as_str()));
    assert_eq!(only_request(&app).await, row);
    let (status, _) = app.get(&format!("{status_path}/withdraw")).await;
    assert_eq!(status, Status::SeeOther);

    let manage = active_registration(
        &app,
        &register_fields("maryam@example.org", "Maryam Karimi", "anyone"),
    )
    .await;
    let (_, body) = app.get(&format!("{manage}/withdraw")).await;
    assert!(body.contains("Withdraw your registration?"));
    let r = post(&app, &format!("{manage}/withdraw"), &[]).await;
    assert_eq!(r.status, Status::SeeOther);
    let reg = only_registration(&app).await;
    assert_eq!(reg.state, "withdrawn");
    assert!(reg.closed_at.is_some());
    let (_, body) = app.get(&manage).await;
    assert!(body.contains("You withdrew your registration"));
    assert!(
        body.contains("Maryam Karimi"),
        "its owner still sees what it held"
    );
    let actions = actions(&app).await;
    assert!(actions.iter().any(|a| a == "contact_request.withdraw"));
    assert!(actions.iter().any(|a| a == "registration.withdraw"));
    // Unknown links: 404 on every page and button.
    for path in [
        "/contact/registration/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "/contact/verify/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "/contact/status/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/withdraw",
    ] {
        assert_eq!(app.get(path).await.0, Status::NotFound, "{path}");
    }
    let r = post(
        &app,
        "/contact/status/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/renew",
        &[],
    )
    .await;
    assert_eq!(r.status, Status::NotFound);
}

#[rocket::async_test]
async fn bad_request_input_on_every_field_is_refused_with_the_form_refilled() {
    let app = TestApp::new().await;
    let long_name = "a".repeat(101);
    let long_phone = "1".repeat(31);
    let eleven = (0..11)
        .map(|i| format!("Name {}", "x".repeat(i + 1)))
        .collect::<Vec<_>>()
        .join("\n");
    let long_facts = "ل".repeat(1001);
    let long_message = "a".repeat(2001);
    let cases: Vec<(&str, &str, &str, &str)> = vec![
        // field, value, expected message, control the summary links to
        ("name", "", "This field is required", "name"),
        ("name", &long_name, "too long", "name"),
        ("name", "=cmd|' /C calc'!A0", "cannot start with", "name"),
        (
            "name",
            "<img src=x onerror=alert(1)>",
            "only letters",
            "name",
        ),
        (
            "name",
            "x'; DROP TABLE contact_requests; --",
            "only letters",
            "name",
        ),
        ("name", "Leila\u{7}", "only letters", "name"),
        ("name", "L\u{435}ila", "one alphabet", "name"),
        ("email", "", "This field is required", "email"),
        ("email", "not-an-address", "like name@example.org", "email"),
        ("phone", "call me maybe", "Enter a phone number", "phone"),
        ("phone", &long_phone, "too long", "phone"),
        ("country", "XX", "choose one of the options", "country"),
        ("country", "", "This field is required", "country"),
        (
            "relationship",
            "cousin",
            "choose one of the options",
            "relationship",
        ),
        (
            "relationship",
            "none",
            "choose one of the options",
            "relationship",
        ),
        ("relationship", "", "This field is required", "relationship"),
        (
            "s1.name_latin",
            "",
            "in Latin letters, in Persian script, or both",
            "s1-name_latin",
        ),
        (
            "s1.name_latin",
            "مریم",
            "use Latin letters here",
            "s1-name_latin",
        ),
        (
            "s1.name_latin",
            "<script>x</script>",
            "only letters",
            "s1-name_latin",
        ),
        (
            "s1.name_persian",
            "Maryam",
            "use Persian letters here",
            "s1-name_persian",
        ),
        ("s1.aliases", &eleven, "at most 10", "s1-aliases"),
        (
            "s1.aliases",
            "ok\n<b>bold</b>",
            "only letters",
            "s1-aliases",
        ),
        ("s1.birth_year", "1850", "from 1900", "s1-birth_year"),
        ("s1.birth_year", "3000", "from 1900", "s1-birth_year"),
        (
            "s1.birth_year",
            "nineteen",
            "enter a number",
            "s1-birth_year",
        ),
        ("s1.last_year", "1970", "cannot be before", "s1-last_year"),
        (
            "s1.father_name",
            "<img src=x onerror=alert(1)>",
            "only letters",
            "s1-father_name",
        ),
        (
            "s1.birthplace",
            "see https://evil.example",
            "web addresses",
            "s1-birthplace",
        ),
        (
            "s1.last_place",
            "=1+1",
            "cannot start with",
            "s1-last_place",
        ),
        ("s1.facts", &long_facts, "too long", "s1-facts"),
        (
            "s1.facts",
            "a\u{0}b",
            "invisible control characters",
            "s1-facts",
        ),
        (
            "s2.name_persian",
            "Zahra",
            "use Persian letters here",
            "s2-name_persian",
        ),
        (
            "s3.birth_year",
            "1975",
            "in Latin letters, in Persian script, or both",
            "s3-name_latin",
        ),
        ("message", &long_message, "too long", "message"),
        (
            "message",
            "abc\u{202E}gnp.exe",
            "invisible control characters",
            "message",
        ),
        ("consent", "no", "tick the box", "consent-box"),
    ];
    for (field, value, message, control) in cases {
        let f = with(
            request_fields("leila@example.org", "Maryam Karimi"),
            field,
            value,
        );
        let r = post(&app, "/contact/request", &f).await;
        assert_eq!(r.status, Status::UnprocessableEntity, "{field}={value:.30}");
        assert!(header(&r, "Location").is_none());
        assert!(
            r.body.to_lowercase().contains(&message.to_lowercase()),
            "{field}: expected {message:?}"
        );
        assert!(
            r.body.contains(&format!("href=\"#{control}\"")),
            "{field}: the summary links to {control}"
        );
        let other = if field == "s1.father_name" {
            "Shiraz"
        } else {
            "Hossein"
        };
        assert!(r.body.contains(other), "{field}: the form is re-filled");
        if field != "name" {
            assert!(r.body.contains("Leila Karimi"), "{field}: re-filled");
        }
        assert!(
            !r.body.contains("<img src=x") && !r.body.contains("<script>x"),
            "escaped"
        );
        assert!(!r.body.contains('⟦'));
    }
    // No person at all.
    let mut f = request_fields("leila@example.org", "");
    f.retain(|(k, _)| !k.starts_with("s1.") || *k == "s1.name_latin");
    let r = post(&app, "/contact/request", &f).await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(r.body.contains("at least one person"));
    // The summary follows the form's order and names the field.
    let f = with(
        with(request_fields("", "Maryam Karimi"), "s1.birth_year", "1850"),
        "consent",
        "",
    );
    let r = post(&app, "/contact/request", &f).await;
    let email = r.body.find("Your email address: This field").unwrap();
    let year = r
        .body
        .find("Person 1 — Year of birth, roughly: Enter a year")
        .unwrap();
    let consent = r.body.find("Privacy notice: Please tick").unwrap();
    assert!(email < year && year < consent);
    // In Persian the page and its messages are Persian.
    app.get("/?lang=fa").await;
    let r = post(
        &app,
        "/contact/request",
        &with(
            request_fields("leila@example.org", "Maryam Karimi"),
            "s1.birth_year",
            "1354",
        ),
    )
    .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(r.body.contains("تقویم میلادی"));
    assert!(r.body.contains("شخص ۱"));
    assert_eq!(html_lang_dir(&r.body), ("fa".into(), "rtl".into()));

    let c = counts(&app).await;
    assert_eq!(
        (c.requests, c.sought, c.outbox),
        (0, 0, 0),
        "nothing stored"
    );
    assert!(app.ctx.mailer.sent().is_empty());
    assert!(
        !actions(&app)
            .await
            .iter()
            .any(|a| a.starts_with("contact") || a.starts_with("registration")),
        "nothing audited"
    );

    // Without the CSRF token: 403, nothing stored.
    let r = app
        .client
        .post("/contact/request")
        .header(ContentType::Form)
        .body(form_urlencoded(&request_fields(
            "leila@example.org",
            "Maryam Karimi",
        )))
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    assert_eq!(counts(&app).await.requests, 0);
}

#[rocket::async_test]
async fn bad_registration_input_on_every_field_is_refused_with_the_form_refilled() {
    let app = TestApp::new().await;
    let eleven = (0..11)
        .map(|i| format!("Place {}", i + 1))
        .collect::<Vec<_>>()
        .join("\n");
    let cases: Vec<(&str, &str, &str, &str)> = vec![
        (
            "name_latin",
            "",
            "in Latin letters, in Persian script, or both",
            "name_latin",
        ),
        ("name_latin", "مریم", "use Latin letters here", "name_latin"),
        (
            "name_latin",
            "x'; DROP TABLE registrations; --",
            "only letters",
            "name_latin",
        ),
        (
            "name_persian",
            "Maryam",
            "use Persian letters here",
            "name_persian",
        ),
        (
            "aliases",
            "<svg onload=alert(1)>",
            "only letters",
            "aliases",
        ),
        ("birth_year", "1800", "from 1900", "birth_year"),
        ("birth_year", "19 79", "enter a number", "birth_year"),
        ("father_name", "<b>x</b>", "only letters", "father_name"),
        ("places", &eleven, "at most 10", "places"),
        ("places", "=HYPERLINK(1)", "cannot start with", "places"),
        ("email", "", "This field is required", "email"),
        ("email", "maryam@", "like name@example.org", "email"),
        ("language", "de", "choose one of the options", "language"),
        ("openness", "", "This field is required", "openness-anyone"),
        (
            "openness",
            "maybe",
            "choose one of the options",
            "openness-anyone",
        ),
        (
            "openness",
            "relationships",
            "Tick at least one relationship",
            "only-rel-parent",
        ),
        ("openness", "named", "Write at least one name", "only_names"),
        (
            "only_relationships",
            "cousin",
            "choose one of the options",
            "only-rel-parent",
        ),
        (
            "deny_names",
            "<script>alert(1)</script>",
            "only letters",
            "deny_names",
        ),
        (
            "deny_aliases",
            "www.example.org",
            "web addresses",
            "deny_aliases",
        ),
        ("consent", "", "tick the box", "consent-box"),
    ];
    for (field, value, message, control) in cases {
        let f = with(
            register_fields("maryam@example.org", "Maryam Karimi", "anyone"),
            field,
            value,
        );
        let r = post(&app, "/contact/register", &f).await;
        assert_eq!(r.status, Status::UnprocessableEntity, "{field}={value:.30}");
        assert!(
            r.body.to_lowercase().contains(&message.to_lowercase()),
            "{field}: expected {message:?}"
        );
        assert!(
            r.body.contains(&format!("href=\"#{control}\"")),
            "{field}: the summary links to {control}"
        );
        if field != "email" {
            assert!(r.body.contains("maryam@example.org"), "{field}: re-filled");
        }
        if field != "father_name" {
            assert!(r.body.contains("value=\"Hossein\""), "{field}: re-filled");
        }
        assert!(!r.body.contains("<script>alert") && !r.body.contains("<svg onload"));
    }
    // Ticked relationships stay ticked after a refusal.
    let mut f = with(
        register_fields("maryam@example.org", "Maryam Karimi", "relationships"),
        "consent",
        "",
    );
    f.push(("only_relationships", "child"));
    f.push(("only_relationships", "parent"));
    let r = post(&app, "/contact/register", &f).await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(
        r.body
            .contains("id=\"only-rel-child\" value=\"child\" checked")
    );
    assert!(
        r.body
            .contains("id=\"only-rel-parent\" value=\"parent\" checked")
    );
    assert!(
        r.body
            .contains("id=\"openness-relationships\" value=\"relationships\" checked")
    );
    assert!(
        !r.body
            .contains("id=\"only-rel-spouse\" value=\"spouse\" checked")
    );

    let c = counts(&app).await;
    assert_eq!((c.registrations, c.outbox), (0, 0), "nothing stored");
    let r = app
        .client
        .post("/contact/register")
        .header(ContentType::Form)
        .body(form_urlencoded(&register_fields(
            "m@example.org",
            "Maryam Karimi",
            "anyone",
        )))
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    assert_eq!(counts(&app).await.registrations, 0);
}

/// Rule 1. Three requesters look for three people: one registered, open to anyone and
/// already linked to the request by a caseworker; one nobody has heard of; one registered
/// as "no one". Everything each requester can observe — the answers to the form, the
/// verification pages, the status page (status, headers, body), every email, and the
/// reminder the expiry job sends — is the same for all three, tokens and dates aside.
#[rocket::async_test]
async fn nothing_a_requester_sees_depends_on_registrations_or_matches() {
    let app = TestApp::new().await;
    active_registration(
        &app,
        &register_fields("maryam@example.org", "Maryam Karimi", "anyone"),
    )
    .await;
    active_registration(
        &app,
        &register_fields("parvin@example.org", "Parvin Ahmadi", "no_one"),
    )
    .await;

    let cases = [
        ("one@example.org", "Maryam Karimi"),
        ("two@example.org", "Nobody Unheardof"),
        ("three@example.org", "Parvin Ahmadi"),
    ];
    let mut observed = Vec::new();
    for (i, (email, sought)) in cases.iter().enumerate() {
        let filed = post(&app, "/contact/request", &request_fields(email, sought)).await;
        let sent = get(&app, "/contact/sent").await;
        let verify = link(
            mail_to(&app, email).await.last().unwrap(),
            "/contact/verify/",
        );
        let verify_get = get(&app, &verify).await;
        let verify_post = post(&app, &verify, &[]).await;
        let status_path = link(
            mail_to(&app, email).await.last().unwrap(),
            "/contact/status/",
        );
        if i == 0 {
            // A caseworker links Maryam's request to her registration.
            let sought_row = sought_person::Entity::find()
                .all(&app.ctx.db)
                .await
                .unwrap()
                .pop()
                .unwrap();
            let reg = registration::Entity::find()
                .all(&app.ctx.db)
                .await
                .unwrap()
                .remove(0);
            contact_match::ActiveModel {
                sought_person_id: Set(sought_row.id),
                registration_id: Set(reg.id),
                score: Set(990),
                state: Set("consent_requested".into()),
                created_by: Set(1),
                created_at: Set(Utc::now()),
                updated_at: Set(Utc::now()),
                note: Set(None),
                ..Default::default()
            }
            .insert(&app.ctx.db)
            .await
            .unwrap();
        }
        observed.push((email, filed, sent, verify_get, verify_post, status_path));
    }
    // Bring every request within its renewal window and let the job remind them.
    let at = Utc::now() + Duration::days(340);
    let r = contact_expiry::run(&app.ctx, at).await.unwrap();
    assert_eq!(r.requests_reminded, 3);

    let rows = contact_request::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap();
    let dates: Vec<String> = rows
        .iter()
        .flat_map(|r| {
            Locale::ALL
                .iter()
                .map(|l| contact_intake::format_date(*l, r.expires_at))
                .collect::<Vec<_>>()
        })
        .collect();
    let scrub = |s: &str| {
        let mut s = normalise(s);
        for d in &dates {
            s = s.replace(d.as_str(), "DATE");
        }
        s
    };
    let view = |s: &Seen| (s.status, s.headers.clone(), scrub(&s.body));
    let mut summaries = Vec::new();
    for (email, filed, sent, verify_get, verify_post, _) in &observed {
        let mail = mail_to(&app, email).await;
        assert_eq!(mail.len(), 3, "verification, link, reminder");
        let new_status = link(&mail[2], "/contact/status/");
        let status_page = get(&app, &new_status).await;
        assert_eq!(status_page.status, Status::Ok);
        assert!(status_page.body.contains("Received — in progress"));
        let status_fa = get(&app, &format!("{new_status}?lang=fa")).await;
        let withdraw_page = get(&app, &format!("{new_status}/withdraw?lang=en")).await;
        let mails: Vec<(String, String, String)> = mail
            .iter()
            .map(|m| {
                (
                    m.email.subject.clone(),
                    scrub(&m.email.text),
                    scrub(&m.email.html),
                )
            })
            .collect();
        summaries.push((
            view(filed),
            view(sent),
            view(verify_get),
            view(verify_post),
            view(&status_page),
            view(&status_fa),
            view(&withdraw_page),
            mails,
        ));
        app.get("/?lang=en").await;
    }
    assert_eq!(
        summaries[0], summaries[1],
        "registered and matched vs unknown"
    );
    assert_eq!(summaries[1], summaries[2], "unknown vs \"no one\"");
    // The status link is the only per-request thing, and it is random.
    assert_ne!(observed[0].5, observed[1].5);
}

#[rocket::async_test]
async fn contact_forms_are_rate_limited_and_linked_from_the_home_page() {
    let app = TestApp::builder()
        .config(|c| {
            c.rate_limit_burst = 1;
            c.rate_limit_per_minute = 1;
        })
        .build()
        .await;
    for lang in ["en", "fa", "fr"] {
        let (_, body) = app.get(&format!("/?lang={lang}")).await;
        assert!(body.contains("href=\"/contact/request\""));
        assert!(body.contains("href=\"/contact/register\""));
        assert!(!body.contains('⟦'));
        for page in ["/contact/request", "/contact/register", "/contact/sent"] {
            let (status, body) = app.get(page).await;
            assert_eq!(status, Status::Ok);
            assert_eq!(html_lang_dir(&body).0, lang);
            assert!(!body.contains('⟦'), "{page} in {lang}");
        }
    }
    app.get("/?lang=en").await;
    let first = post(
        &app,
        "/contact/request",
        &request_fields("a@example.org", "Maryam Karimi"),
    )
    .await;
    assert_eq!(first.status, Status::SeeOther);
    let second = post(
        &app,
        "/contact/register",
        &register_fields("b@example.org", "Maryam Karimi", "anyone"),
    )
    .await;
    assert_eq!(second.status, Status::TooManyRequests);
    assert_eq!(counts(&app).await.registrations, 0);
}
