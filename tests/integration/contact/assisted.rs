//! Assisted intake (issue #16 items 5 and 6), through the caseworkers' pages: a request
//! filed for someone on the phone counts only once a second caseworker approves it, and no
//! email is ever attempted for its requester; a person located off-line is not a match
//! candidate until approved, then is, and takes the record over with an email link that
//! works once; bad input is refused with a translated message and nothing stored.

use crate::support::TestApp;
use crate::support::mail::{link, mail_to};
use crate::support::staff::{Member, get, member, post};
use chrono::{Duration, Utc};
use peyvand::domain::contact::records::{self as c, SoughtData};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{approval, consent, contact_request, outbox, registration};
use peyvand::ids::RegistrationId;
use rocket::http::{ContentType, Status};
use rocket::local::asynchronous::Client;
use sea_orm::{EntityTrait, PaginatorTrait};

const LIST: &str = "/staff/contact/assisted";

fn request_fields<'a>() -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", "Fatemeh Rahimi"),
        ("phone", "+49 221 555 0101"),
        ("postal", ""),
        ("country", "DE"),
        ("relationship", "parent"),
        ("message", "Your mother thinks of you every day."),
        ("sought_latin", "Reza Rahimi"),
        ("sought_persian", "رضا رحیمی"),
        ("sought_birth_year", "1985"),
        ("sought_father", "Ali"),
        ("sought_place", "Tirana"),
        ("channel", "phone"),
        ("preference", "phone"),
        ("locale", "fa"),
        (
            "how",
            "Called the office on 2 December; identity checked against her passport.",
        ),
        ("consent", "yes"),
    ]
}

fn registration_fields<'a>() -> Vec<(&'a str, &'a str)> {
    vec![
        ("names", "Kamran Sadeghi\nکامران صادقی"),
        ("birth_year", "1972"),
        ("father_name", "Javad"),
        ("places", "Tirana"),
        ("phone", ""),
        ("postal", ""),
        ("openness", "anyone"),
        ("only_names", ""),
        ("deny_names", "Hamid Sadeghi"),
        ("deny_aliases", ""),
        ("channel", "in_person"),
        ("preference", "caseworker"),
        ("locale", "fa"),
        (
            "how",
            "Met him in Tirana on 1 December with a colleague; he asked to be findable.",
        ),
    ]
}

async fn two_caseworkers(app: &TestApp) -> ((Member, Client), (Member, Client)) {
    let a = member(app, "ana@example.org", &[Role::Caseworker]).await;
    let b = member(app, "bijan@example.org", &[Role::Caseworker]).await;
    (a, b)
}

async fn outbox_rows(app: &TestApp) -> u64 {
    outbox::Entity::find().count(&app.ctx.db).await.unwrap()
}

async fn only_approval(app: &TestApp) -> approval::Model {
    let rows = approval::Entity::find().all(&app.ctx.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    rows.into_iter().next().unwrap()
}

async fn decide(client: &Client, who: &Member, id: i64, decision: &str) -> (Status, String) {
    let code = who.code(1);
    let r = post(
        client,
        &format!("{LIST}/proposals/{id}"),
        &[("decision", decision), ("code", &code), ("note", "")],
    )
    .await;
    (r.status(), r.into_string().await.unwrap_or_default())
}

#[rocket::async_test]
async fn an_assisted_request_counts_only_once_a_second_caseworker_approves_it_and_mails_no_one() {
    let app = TestApp::new().await;
    let ((a, ca), (b, cb)) = two_caseworkers(&app).await;
    let (status, _, form) = get(&ca, &format!("{LIST}/request")).await;
    assert_eq!(status, Status::Ok);
    assert!(form.contains("name=\"csrf_token\""));

    let r = post(&ca, &format!("{LIST}/request"), &request_fields()).await;
    assert_eq!(r.status(), Status::SeeOther);
    let row = contact_request::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.state.as_str(),
        "unverified",
        "not in force before the approval"
    );
    assert_eq!(row.intake_channel.as_str(), "phone");
    assert_eq!(row.contact_preference.as_str(), "phone");
    assert_eq!(row.filed_by, Some(a.id));
    let who: c::RequesterData =
        c::open(&app.ctx.crypto, c::context::REQUESTER, &row.requester_enc).unwrap();
    assert_eq!(
        (who.name.as_str(), who.email.as_str()),
        ("Fatemeh Rahimi", "")
    );
    let consents = consent::Entity::find().all(&app.ctx.db).await.unwrap();
    assert_eq!(consents.len(), 1);
    assert_eq!(consents[0].channel.as_str(), "staff");
    assert_eq!(consents[0].asserted_by, Some(a.id));
    assert!(consents[0].approval_id.is_none());
    let p = only_approval(&app).await;
    assert_eq!(p.kind.as_str(), "contact.confirm_assisted_request");

    // Not by the one who took it down.
    let (status, body) = decide(&ca, &a, p.id.0, "approve").await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(body.contains("You took this down"), "{body}");
    let row = contact_request::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.state.as_str(), "unverified");

    // The second caseworker sees what they approve, and approves.
    let (_, _, list) = get(&cb, LIST).await;
    assert!(list.contains("Fatemeh Rahimi") && list.contains("identity checked"));
    let (status, _) = decide(&cb, &b, p.id.0, "approve").await;
    assert_eq!(status, Status::SeeOther);
    let row = contact_request::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.state.as_str(), "active");
    let c = consent::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(c.approval_id.is_some(), "the asserted consent counts now");

    // The caseworker reads the requester's own view to them (audited).
    let (status, _, view) = get(&cb, &format!("{LIST}/requests/{}/view", row.id)).await;
    assert_eq!(status, Status::Ok);
    assert!(
        view.contains("Reza Rahimi") && view.contains("رضا رحیمی"),
        "{view}"
    );
    assert_eq!(app.audited("contact_request.requester_view").await, 1);
    assert!(app.audited("contact.assisted.view").await >= 1);

    // Months pass: check-ins, renewal reminders and expiry run; no email is attempted.
    for days in [10, 40, 200, 360, 400] {
        let at = Utc::now() + Duration::days(days);
        peyvand::services::contact::consent::tick(&app.ctx, at)
            .await
            .unwrap();
        peyvand::services::contact::expiry::run(&app.ctx, at)
            .await
            .unwrap();
    }
    assert_eq!(
        outbox_rows(&app).await,
        0,
        "no email for a requester without an address"
    );
}

#[rocket::async_test]
async fn a_rejected_assisted_request_never_counts() {
    let app = TestApp::new().await;
    let ((_, ca), (b, cb)) = two_caseworkers(&app).await;
    post(&ca, &format!("{LIST}/request"), &request_fields()).await;
    let p = only_approval(&app).await;
    let (status, _) = decide(&cb, &b, p.id.0, "reject").await;
    assert_eq!(status, Status::SeeOther);
    let row = contact_request::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.state.as_str(), "closed", "kept, never in force");
    let (status, _, _) = get(&cb, &format!("{LIST}/requests/{}/view", row.id)).await;
    assert_eq!(status, Status::NotFound);
}

#[rocket::async_test]
async fn bad_assisted_input_is_refused_with_a_message_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let ((_, ca), _) = two_caseworkers(&app).await;
    let with = |k: &'static str, v: &'static str| {
        let mut f = request_fields();
        for field in &mut f {
            if field.0 == k {
                field.1 = v;
            }
        }
        f
    };
    for (fields, message) in [
        (with("how", "  "), "Say how their consent was obtained."),
        (with("channel", "email"), "Choose how it came in"),
        (
            with("preference", "email"),
            "Choose how they want to be reached",
        ),
        (with("consent", ""), "Read them the wording"),
        (with("phone", ""), "Give the phone number"),
    ] {
        let r = post(&ca, &format!("{LIST}/request"), &fields).await;
        assert_eq!(r.status(), Status::UnprocessableEntity);
        let body = r.into_string().await.unwrap();
        assert!(body.contains(message), "{message}: {body}");
    }
    // Persian page, Persian message.
    let mut fields = with("how", "");
    fields.push(("lang", "fa"));
    let r = post(&ca, &format!("{LIST}/request?lang=fa"), &fields).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("رضایت او چگونه گرفته شد")
    );
    // Huge text: refused before it is read.
    let huge = "x".repeat(100_000);
    let mut fields = request_fields();
    fields.push(("message", &huge));
    let r = post(&ca, &format!("{LIST}/request"), &fields).await;
    assert!(
        r.status().code >= 400 && r.status().code < 500,
        "{}",
        r.status()
    );
    // No CSRF token: 403.
    let r = ca
        .post(format!("{LIST}/request"))
        .header(ContentType::Form)
        .body(crate::support::form_urlencoded(&request_fields()))
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    // The off-line registration form: no names, an unknown openness.
    let mut fields = registration_fields();
    fields[0].1 = "";
    fields[6].1 = "sometimes";
    let r = post(&ca, &format!("{LIST}/registration"), &fields).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert_eq!(
        contact_request::Entity::find()
            .count(&app.ctx.db)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        registration::Entity::find()
            .count(&app.ctx.db)
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        approval::Entity::find().count(&app.ctx.db).await.unwrap(),
        0
    );
    assert_eq!(consent::Entity::find().count(&app.ctx.db).await.unwrap(), 0);
}

async fn candidate(app: &TestApp, id: RegistrationId) -> bool {
    peyvand::services::contact::candidates::forget_index(&app.ctx);
    let index = peyvand::services::contact::candidates::index(&app.ctx, false)
        .await
        .unwrap();
    let q = c::query(
        &SoughtData {
            name_latin: "Kamran Sadeghi".into(),
            birth_year: Some(1972),
            ..SoughtData::default()
        },
        "Leila Sadeghi",
        "sibling",
        "some-key",
    );
    index.candidates(&q, 10).iter().any(|c| c.id == id.0)
}

#[rocket::async_test]
async fn a_person_located_offline_is_a_candidate_only_once_approved_and_takes_over_once() {
    let app = TestApp::new().await;
    let ((_, ca), (b, cb)) = two_caseworkers(&app).await;
    let r = post(&ca, &format!("{LIST}/registration"), &registration_fields()).await;
    assert_eq!(r.status(), Status::SeeOther);
    let reg = registration::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reg.state.as_str(), "unverified");
    assert_eq!(reg.intake_channel.as_str(), "in_person");
    assert!(
        !candidate(&app, reg.id).await,
        "not a candidate before the approval"
    );

    let p = only_approval(&app).await;
    assert_eq!(p.kind.as_str(), "contact.confirm_offline_registration");
    let (status, _) = decide(&cb, &b, p.id.0, "approve").await;
    assert_eq!(status, Status::SeeOther);
    assert!(candidate(&app, reg.id).await, "a candidate once approved");
    assert_eq!(outbox_rows(&app).await, 0);

    // Later they have an address: the take-over link goes out through the outbox.
    let takeover = format!("{LIST}/registrations/{}/takeover", reg.id);
    let r = post(&cb, &takeover, &[("email", "not an address")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let r = post(&cb, &takeover, &[("email", "kamran@example.org")]).await;
    assert_eq!(r.status(), Status::SeeOther);
    let mail = mail_to(&app, "kamran@example.org").await;
    assert_eq!(mail.len(), 1);
    assert!(!mail[0].email.subject.contains("Kamran"));
    let url = link(&mail[0], "/contact/takeover/");
    // A second take-over link for the same record is refused (it has an address now).
    let r = post(&cb, &takeover, &[("email", "other@example.org")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);

    let public = app.new_client().await;
    let (status, _, page) = get(&public, &url).await;
    assert_eq!(status, Status::Ok, "{page}");
    let r = post(&public, &url, &[]).await;
    assert_eq!(r.status(), Status::SeeOther);
    let manage = r.headers().get_one("Location").unwrap().to_owned();
    assert!(manage.starts_with("/contact/registration/"), "{manage}");
    let (status, _, _) = get(&public, &manage).await;
    assert_eq!(status, Status::Ok);
    // The link works once.
    let r = post(&public, &url, &[]).await;
    assert_eq!(r.status(), Status::NotFound);
    let (status, _, _) = get(&public, &url).await;
    assert_eq!(status, Status::NotFound);
    // From then on an ordinary registration, reached by email (the personal link mailed).
    let reg = registration::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reg.contact_preference.as_str(), "email");
    assert!(reg.takeover_hash.is_none());
    let mail = mail_to(&app, "kamran@example.org").await;
    assert_eq!(mail.len(), 2);
    assert!(candidate(&app, reg.id).await);
    assert_eq!(app.audited("registration.takeover").await, 1);
}
