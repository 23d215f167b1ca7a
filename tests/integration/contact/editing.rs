//! Editing one's own contact record in place and erasing it (issue #14): the registered
//! person's names, openness and vetoes, each change audited and seen by candidate
//! generation at once, a new veto closing an open match; the requester's additions to a
//! sought person; "erase my data now" on both sides (a confirmation step, a tombstone, no
//! personal data left); bad input refused with nothing stored; and "never with this
//! person" confirmed before it is recorded.

use crate::support::TestApp;
use crate::support::factory::case::{Case, REQUESTER_NAME, link_token, share};
use crate::support::factory::contact::{active_registration, active_request, register_fields};
use crate::support::factory::staff::staffer;
use crate::support::http::{get, header, post};
use chrono::Utc;
use peyvand::crypto::{random_token, sha256_hex};
use peyvand::domain::contact::records::{
    self as c, RegistrationData, RegistrationRules, RequesterData, SoughtData, context,
};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{consent, contact_request, registration, relay_message, sought_person};
use peyvand::ids::RegistrationId;
use peyvand::services::contact::candidates;
use peyvand::services::contact::consent as flow;
use peyvand::services::contact::review;
use rocket::http::Status;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// The registration rows, oldest first.
async fn registrations(app: &TestApp) -> Vec<registration::Model> {
    registration::Entity::find().all(&app.ctx.db).await.unwrap()
}

/// The ids candidate generation offers now for a sought person named `names`, asked by
/// `requester` (a sibling, at address key `key`).
async fn candidates_for(app: &TestApp, names: &[&str], requester: &str) -> Vec<i64> {
    let sought = SoughtData {
        name_latin: names[0].into(),
        aliases: names[1..].iter().map(|n| (*n).to_owned()).collect(),
        ..SoughtData::default()
    };
    let index = candidates::index(&app.ctx, false).await.unwrap();
    index
        .candidates(&c::query(&sought, requester, "sibling", "some-key"), 10)
        .iter()
        .map(|x| x.id)
        .collect()
}

/// The fields of the change form.
fn edit_fields<'a>(names: &'a str, openness: &'a str, deny: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("names", names),
        ("openness", openness),
        ("only_names", ""),
        ("deny_names", deny),
        ("deny_aliases", ""),
    ]
}

#[rocket::async_test]
async fn a_registration_changes_in_place_audited_and_seen_by_candidate_generation_at_once() {
    let app = TestApp::new().await;
    let manage = active_registration(
        &app,
        &register_fields("maryam@example.org", "Maryam Karimi", "anyone"),
    )
    .await;
    let id = registrations(&app).await[0].id.0;
    // Built (and cached) before any change.
    assert_eq!(
        candidates_for(&app, &["Maryam Karimi"], "Ali Karimi").await,
        [id]
    );
    assert!(
        candidates_for(&app, &["Zohreh Sadeghi"], "Ali Karimi")
            .await
            .is_empty()
    );

    // The management page links to the change form, which holds what is registered.
    let page = get(&app, &manage).await;
    assert!(
        page.body.contains(&format!("{manage}/edit")),
        "{}",
        page.body
    );
    let form = get(&app, &format!("{manage}/edit")).await;
    assert_eq!(form.status, Status::Ok);
    assert!(
        form.body.contains(">Maryam Karimi</textarea>"),
        "{}",
        form.body
    );
    assert!(form.body.contains("value=\"anyone\" checked"));

    // A new alias in Persian script, and "never this person".
    let r = post(
        &app,
        &format!("{manage}/edit"),
        &edit_fields(
            "Maryam Karimi\nZohreh Sadeghi\nمریم کریمی",
            "anyone",
            "Hassan Karimi",
        ),
    )
    .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    assert_eq!(
        header(&r, "Location"),
        Some(format!("{manage}?notice=edited").as_str())
    );
    assert_eq!(app.audited("registration.edit").await, 1);
    // At once, though the index was cached a moment ago.
    assert_eq!(
        candidates_for(&app, &["Zohreh Sadeghi"], "Ali Karimi").await,
        [id]
    );
    assert!(
        candidates_for(&app, &["Maryam Karimi"], "Hasan Karimi")
            .await
            .is_empty(),
        "the refused person (another spelling) is never a candidate"
    );
    let row = &registrations(&app).await[0];
    let data: RegistrationData =
        c::open(&app.ctx.crypto, context::REGISTRATION, &row.data_enc).unwrap();
    assert_eq!(
        data.names,
        ["Maryam Karimi", "Zohreh Sadeghi", "مریم کریمی"]
    );
    assert_eq!(data.email, "maryam@example.org", "the address is untouched");
    let page = get(&app, &format!("{manage}?notice=edited")).await;
    assert!(page.body.contains("Your changes are saved."));
    assert!(page.body.contains("Hassan Karimi"));

    // "No one": nobody finds her any more. The audit names what changed, never the names.
    let r = post(
        &app,
        &format!("{manage}/edit"),
        &edit_fields("Maryam Karimi", "no_one", ""),
    )
    .await;
    assert_eq!(r.status, Status::SeeOther);
    assert!(
        candidates_for(&app, &["Maryam Karimi"], "Ali Karimi")
            .await
            .is_empty()
    );
    assert_eq!(app.audited("registration.edit").await, 2);
    let events = peyvand::entities::audit_event::Entity::find()
        .filter(peyvand::entities::audit_event::Column::Action.eq("registration.edit"))
        .all(&app.ctx.db)
        .await
        .unwrap();
    for e in &events {
        let details = e.details.to_string();
        for name in ["Zohreh", "Hassan", "مریم", "Maryam"] {
            assert!(!details.contains(name), "{details}");
        }
    }
    // The same form again changes nothing and records nothing.
    let r = post(
        &app,
        &format!("{manage}/edit"),
        &edit_fields("Maryam Karimi", "no_one", ""),
    )
    .await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(header(&r, "Location"), Some(manage.as_str()));
    assert_eq!(app.audited("registration.edit").await, 2);
}

#[rocket::async_test]
async fn bad_changes_are_refused_translated_and_nothing_is_stored() {
    let app = TestApp::new().await;
    let manage = active_registration(
        &app,
        &register_fields("maryam@example.org", "Maryam Karimi", "anyone"),
    )
    .await;
    let before = registrations(&app).await[0].clone();
    let edit = format!("{manage}/edit");
    // One name mixing scripts; an unknown openness; nothing at all.
    let r = post(&app, &edit, &edit_fields("Maryam مریم", "anyone", "")).await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(r.body.contains("id=\"error-summary\""));
    assert!(r.body.contains("href=\"#names\""));
    assert!(r.body.contains("Maryam مریم</textarea>"), "re-filled");
    let r = post(&app, &edit, &edit_fields("Maryam Karimi", "everyone", "")).await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    let r = post(&app, &edit, &edit_fields("", "anyone", "")).await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(
        r.body
            .contains("Give at least one name you can be found by.")
    );
    // In Persian, the messages are Persian.
    let r = post(
        &app,
        &format!("{edit}?lang=fa"),
        &edit_fields("", "named", ""),
    )
    .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(r.body.contains("دست‌کم یک نام بنویسید"), "{}", r.body);
    // Too many lines, a formula, a huge body.
    let many = (0..12)
        .map(|i| format!("Name {}", "a".repeat(i + 1)))
        .collect::<Vec<_>>()
        .join("\n");
    let r = post(&app, &edit, &edit_fields(&many, "anyone", "")).await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    let r = post(
        &app,
        &edit,
        &edit_fields("Maryam Karimi", "anyone", "=SUM(A1)"),
    )
    .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    let huge = "Maryam ".repeat(20_000);
    let r = post(&app, &edit, &edit_fields(&huge, "anyone", "")).await;
    assert!(r.status.code >= 400 && r.status.code < 500, "{}", r.status);
    // Without the CSRF token.
    let r = app
        .post_form(&edit, &edit_fields("Zohreh Sadeghi", "anyone", ""))
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    // A link that is not one.
    let r = post(
        &app,
        "/contact/registration/not-a-real-token-at-all-000000/edit",
        &edit_fields("Zohreh Sadeghi", "anyone", ""),
    )
    .await;
    assert_eq!(r.status, Status::NotFound);

    let after = registrations(&app).await[0].clone();
    assert_eq!(before.data_enc, after.data_enc, "nothing stored");
    assert_eq!(before.rules_enc, after.rules_enc);
    assert_eq!(before.openness, after.openness);
    assert_eq!(app.audited("registration.edit").await, 0);
}

/// Gives `id` a management link the test knows (the factory keeps only a hash nobody knows).
async fn manage_link(app: &TestApp, id: RegistrationId) -> String {
    let token = random_token().unwrap();
    registration::Entity::update_many()
        .col_expr(
            registration::Column::ManageHash,
            Expr::value(sha256_hex(token.as_bytes())),
        )
        .filter(registration::Column::Id.eq(id))
        .exec(&app.ctx.db)
        .await
        .unwrap();
    format!("/contact/registration/{token}")
}

#[rocket::async_test]
async fn a_new_veto_closes_an_open_match_and_the_requesters_page_does_not_change() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.asked().await;
    let status = format!("/contact/status/{}", case.status);
    // The first page this browser sees sets its CSRF cookie.
    get(app, &status).await;
    let before = get(app, &status).await;
    assert_eq!(before.status, Status::Ok);
    let manage = manage_link(app, case.registration).await;

    let r = post(
        app,
        &format!("{manage}/edit"),
        &edit_fields(
            "محمدرضا حسینی\nMohammad-Reza Hosseini",
            "anyone",
            REQUESTER_NAME,
        ),
    )
    .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    // Closed through the path a withdrawal takes, in the same transaction.
    assert_eq!(case.state(m).await, "closed");
    let row = case.match_row(m).await;
    assert!(row.closed_at.is_some());
    let audit = app.audit_actions().await;
    assert!(audit.iter().any(|a| a == "match.withdraw"), "{audit:?}");
    assert!(audit.iter().any(|a| a == "match.close"), "{audit:?}");
    // The requester's page, byte for byte.
    let after = get(app, &status).await;
    assert_eq!(before, after);
    // The minute job has nothing left to close.
    assert_eq!(case.tick(Utc::now()).await.closed, 0);
}

#[rocket::async_test]
async fn the_requester_adds_spellings_aliases_and_facts_to_a_sought_person() {
    let app = TestApp::new().await;
    let status = active_request(&app, "leila@example.org", "Maryam Karimi").await;
    let status = status.split('?').next().unwrap().to_owned();
    let page = get(&app, &status).await;
    let add = format!("{status}/person/1");
    assert!(page.body.contains(&add), "{}", page.body);
    let form = get(&app, &add).await;
    assert_eq!(form.status, Status::Ok);
    assert!(
        form.body
            .contains("Add to what you told us about Maryam Karimi")
    );
    let row_before = sought_person::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();

    // Refused: a name mixing scripts, facts too long, nothing; without CSRF; no person 2.
    let r = post(&app, &add, &[("aliases", "Maryam مریم"), ("facts", "")]).await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(r.body.contains("href=\"#aliases\""));
    let long = "x".repeat(1001);
    let r = post(&app, &add, &[("aliases", ""), ("facts", &long)]).await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(r.body.contains("This is too long."));
    let r = post(&app, &add, &[("aliases", ""), ("facts", " ")]).await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    let r = post(
        &app,
        &format!("{add}?lang=fa"),
        &[("aliases", ""), ("facts", "")],
    )
    .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(r.body.contains("برای افزودن بنویسید"), "{}", r.body);
    let r = app
        .post_form(&add, &[("aliases", "Mariam"), ("facts", "")])
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    let r = post(
        &app,
        &format!("{status}/person/2"),
        &[("aliases", "Mariam")],
    )
    .await;
    assert_eq!(r.status, Status::NotFound);
    let r = post(
        &app,
        &format!("{status}/person/x"),
        &[("aliases", "Mariam")],
    )
    .await;
    assert_eq!(r.status, Status::NotFound);
    let unchanged = sought_person::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row_before.data_enc, unchanged.data_enc, "nothing stored");

    // A registration the sought person's first names do not find: the requester knows
    // her under that name too.
    active_registration(
        &app,
        &register_fields("zari@example.org", "Zari Rostami", "anyone"),
    )
    .await;
    let zari = registrations(&app).await[0].id;
    let caseworker = staffer(&app, "anna@staff.example", &[Role::Caseworker]).await;
    let offered = |view: review::RequestView| -> Vec<RegistrationId> {
        view.sought[0]
            .candidates
            .iter()
            .map(|c| c.registration_id)
            .collect()
    };
    let request_id = row_before.request_id;
    let shown = review::request(&app.ctx, caseworker.id, request_id)
        .await
        .unwrap();
    assert!(!offered(shown).contains(&zari));

    let r = post(
        &app,
        &add,
        &[
            ("aliases", "Zari Rostami\nمریم کریمی\nMimi"),
            ("facts", "She had a blue bicycle."),
        ],
    )
    .await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    assert_eq!(
        header(&r, "Location"),
        Some(format!("{status}?notice=added").as_str())
    );
    assert_eq!(app.audited("contact_request.edit").await, 1);
    let row = sought_person::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let data: SoughtData = c::open(&app.ctx.crypto, context::SOUGHT, &row.data_enc).unwrap();
    assert_eq!(
        data.aliases,
        ["Mimi", "Maryam K.", "Zari Rostami", "مریم کریمی"]
    );
    assert_eq!(
        data.facts,
        "She called our grandmother Bibi.\nShe had a blue bicycle."
    );
    let page = get(&app, &format!("{status}?notice=added&lang=en")).await;
    assert!(
        page.body
            .contains("Thank you: we have added it to your request."),
        "{}",
        page.body
    );
    assert!(page.body.contains("مریم کریمی"));
    assert!(
        !page.body.contains("blue bicycle"),
        "the facts are not repeated"
    );
    // Candidate generation asks with the additions at once.
    let shown = review::request(&app.ctx, caseworker.id, request_id)
        .await
        .unwrap();
    assert!(offered(shown).contains(&zari));
    // Once the request is withdrawn nothing more can be added.
    let r = post(&app, &format!("{status}/withdraw"), &[]).await;
    assert_eq!(r.status, Status::SeeOther);
    let r = post(&app, &add, &[("aliases", "Mariam")]).await;
    assert_eq!(r.status, Status::NotFound);
}

#[rocket::async_test]
async fn erasing_a_registration_leaves_a_tombstone_and_no_personal_data() {
    let case = Case::new().await;
    let app = &case.app;
    // Both share a contact detail: the erased person's goes, the other party's stays.
    let (m, token) = case
        .connected(&share("+98 912 000 1111"), &share("+44 7700 900123"))
        .await;
    // Each party writes once.
    let at = case.at(77);
    flow::requester_posts(
        &app.ctx,
        &link_token(&case.status),
        m,
        "Hello, it is me.",
        at,
    )
    .await
    .unwrap()
    .unwrap()
    .unwrap();
    flow::sought_posts(&app.ctx, &link_token(&token), "I am well.", at)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let manage = manage_link(app, case.registration).await;
    let erase = format!("{manage}/erase");

    // The management page offers it; the step asks first and says what goes.
    let page = get(app, &manage).await;
    assert!(page.body.contains(&erase));
    let question = get(app, &erase).await;
    assert_eq!(question.status, Status::Ok);
    assert!(question.body.contains("This cannot be undone."));
    assert!(question.body.contains("name=\"confirmed\" value=\"yes\""));
    // A POST without the confirmation asks again and erases nothing; without CSRF, 403.
    let r = post(app, &erase, &[]).await;
    assert_eq!(r.status, Status::Ok);
    assert!(r.body.contains("This cannot be undone."));
    let r = app.post_form(&erase, &[("confirmed", "yes")]).await;
    assert_eq!(r.status(), Status::Forbidden);
    assert!(registrations(app).await[0].erased_at.is_none());

    let r = post(app, &erase, &[("confirmed", "yes")]).await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(header(&r, "Location"), Some("/contact/erased/registration"));
    let done = get(app, "/contact/erased/registration").await;
    assert_eq!(done.status, Status::Ok);
    assert!(done.body.contains("Your data is erased"));
    assert!(done.body.contains("year of birth"));
    let done_fa = get(app, "/contact/erased/registration?lang=fa").await;
    assert!(done_fa.body.contains("داده‌های شما پاک شد"));
    assert_eq!(
        get(app, "/contact/erased/other").await.status,
        Status::NotFound
    );

    // The tombstone: the row, its dates and state; nothing personal.
    let rows = registrations(app).await;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert!(row.erased_at.is_some());
    assert_eq!(row.state.as_str(), "withdrawn");
    assert!(row.email_index.is_empty() && row.network_hash.is_empty());
    let data: RegistrationData =
        c::open(&app.ctx.crypto, context::REGISTRATION, &row.data_enc).unwrap();
    assert_eq!(data, RegistrationData::default());
    let rules: RegistrationRules =
        c::open(&app.ctx.crypto, context::RULES, &row.rules_enc).unwrap();
    assert_eq!(rules, RegistrationRules::default());
    // The connection ended; what the person wrote is gone, the requester's words wait
    // for the thread's retention.
    assert_eq!(case.state(m).await, "closed");
    let messages = relay_message::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert!(messages.len() >= 2);
    for msg in messages {
        let erased = msg.body_enc.is_empty() && msg.erased_at.is_some();
        assert_eq!(erased, msg.from_party.as_str() == "sought", "{msg:?}");
    }
    // The consent records stay as evidence of what was agreed, sealed again; the detail
    // the erased person shared is gone, the requester's is kept.
    let consents = consent::Entity::find().all(&app.ctx.db).await.unwrap();
    assert!(consents.iter().any(|c| c.party.as_str() == "sought"));
    for c in &consents {
        assert!(flow::seal_holds(c), "{c:?}");
        let sought = c.party.as_str() == "sought";
        assert_eq!(c.shared_detail_enc.is_none(), sought, "{c:?}");
        assert!(c.welfare_enc.is_none());
    }
    assert_eq!(app.audited("registration.erase").await, 1);
    // The links stop working; a second erase finds nothing.
    assert_eq!(get(app, &manage).await.status, Status::NotFound);
    assert_eq!(
        post(app, &erase, &[("confirmed", "yes")]).await.status,
        Status::NotFound
    );
    assert!(
        candidates_for(app, &["Mohammad-Reza Hosseini"], "Someone Else")
            .await
            .is_empty()
    );
}

#[rocket::async_test]
async fn erasing_a_request_leaves_a_tombstone_and_the_minute_job_closes_its_match() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, _) = case.asked().await;
    let status = format!("/contact/status/{}", case.status);
    let erase = format!("{status}/erase");
    let page = get(app, &status).await;
    assert!(page.body.contains(&erase));
    let question = get(app, &format!("{erase}?lang=fa")).await;
    assert_eq!(question.status, Status::Ok);
    assert!(question.body.contains("این کار برگشت‌پذیر نیست."));

    let r = post(app, &erase, &[("confirmed", "yes")]).await;
    assert_eq!(r.status, Status::SeeOther);
    assert_eq!(header(&r, "Location"), Some("/contact/erased/request"));
    assert_eq!(get(app, &status).await.status, Status::NotFound);
    assert_eq!(app.audited("contact_request.erase").await, 1);

    let row = contact_request::Entity::find_by_id(case.request)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(row.erased_at.is_some());
    assert_eq!(row.state.as_str(), "withdrawn");
    assert!(row.email_index.is_empty());
    let who: RequesterData =
        c::open(&app.ctx.crypto, context::REQUESTER, &row.requester_enc).unwrap();
    assert_eq!(who, RequesterData::default());
    assert_eq!(
        app.ctx
            .crypto
            .decrypt_str(context::MESSAGE, &row.message_enc)
            .unwrap(),
        ""
    );
    for s in sought_person::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
    {
        let d: SoughtData = c::open(&app.ctx.crypto, context::SOUGHT, &s.data_enc).unwrap();
        assert_eq!(d, SoughtData::default());
    }
    // The match ends as a withdrawn request's does: by the minute job.
    assert_eq!(case.state(m).await, "consent_requested");
    assert_eq!(case.tick(Utc::now()).await.closed, 1);
    assert_eq!(case.state(m).await, "closed");
}

#[rocket::async_test]
async fn never_with_this_person_asks_first() {
    let case = Case::new().await;
    let app = &case.app;
    let (m, token) = case.asked().await;
    let reply = format!("/contact/reply/{token}");
    let r = post(app, &reply, &[("decision", "never"), ("welfare", "none")]).await;
    assert_eq!(r.status, Status::Ok, "a question, not an answer");
    assert!(r.body.contains("Yes, never with this person"));
    assert!(r.body.contains("name=\"decision\" value=\"never\""));
    assert_eq!(
        case.state(m).await,
        "consent_requested",
        "nothing recorded yet"
    );
    assert!(
        crate::support::factory::contact::consents(app)
            .await
            .is_empty()
    );
    let r = post(app, &reply, &[("decision", "never"), ("confirmed", "yes")]).await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
    assert_eq!(case.state(m).await, "closed");
    assert!(app.audited("registration.deny_rule").await >= 1);
}
