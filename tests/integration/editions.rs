//! Editions end to end: an organiser freezes an edition, the background builder makes its
//! signed bundle (verified here as an official would), totals reconcile between the site at
//! the cut-off, the manifest and the CSV, a withdrawal after the freeze leaves the edition
//! as it was and shows in the next one, signers check their receipt code, hand-overs are
//! recorded; an edition of nothing is refused.

use crate::support::TestApp;
use crate::support::factory::petitions::{self, fields, sign, total};
use crate::support::staff::{get, member, post};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{edition, edition_entry, signature};
use peyvand::ids::EditionId;
use peyvand::services::editions as svc;
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

/// Signs and confirms; returns the withdrawal link and the receipt code.
pub(crate) async fn confirmed(app: &TestApp, name: &str, email: &str) -> (String, String) {
    let signed = petitions::confirmed(app, name, email).await;
    let receipt = signed.receipt.expect("receipt code on the confirmed page");
    (signed.withdraw, receipt)
}

/// Freezes through the page and builds at once (as the background job does).
pub(crate) async fn freeze_and_build(
    app: &TestApp,
    client: &rocket::local::asynchronous::Client,
    locale: &str,
) -> edition::Model {
    assert_eq!(freeze(client, locale).await, Status::SeeOther);
    assert_eq!(svc::build_waiting(&app.ctx).await.unwrap(), 1);
    newest(app).await
}

#[rocket::async_test]
async fn an_edition_is_frozen_built_verifiable_and_unchanged_by_later_withdrawals() {
    let app = petitions::app_with_burst(100).await;
    let (_, organiser) = member(&app, "org@example.org", &[Role::Organiser]).await;

    // Nothing to hand over yet: a clear refusal, nothing stored.
    let r = post(
        &organiser,
        "/staff/petitions/1/editions",
        &[("locale", "en")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("no confirmed signature")
    );
    assert_eq!(edition::Entity::find().count(&app.ctx.db).await.unwrap(), 0);

    let (withdraw_maryam, receipt_maryam) =
        confirmed(&app, "Maryam Rezaei", "maryam@example.org").await;
    let (_, receipt_zahra) = confirmed(&app, "زهرا صادق‌زاده", "zahra@example.org").await;
    sign(&app, &fields("Pending Person", "pending@example.org")).await;
    assert_eq!(total(&app).await, 2);

    let first = freeze_and_build(&app, &organiser, "fa").await;
    assert_eq!(first.state.as_str(), "ready", "{}", first.error);
    assert_eq!(first.number, 1);
    assert_eq!(first.total, 2, "the site's count at the cut-off");
    assert_eq!((first.added, first.withdrawn, first.invalidated), (2, 0, 0));

    // The bundle downloads (audited) and verifies with the organisation's key.
    let (status, _, page) = get(&organiser, &format!("/staff/editions/{}", first.id)).await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains(first.merkle_root.as_deref().unwrap()));
    let r = organiser
        .get(format!("/staff/editions/{}/bundle", first.id))
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Ok);
    let zip = r.into_bytes().await.unwrap();
    let key = app.ctx.signing_key.verifying_key();
    let report = peyvand_export::verify(
        std::io::Cursor::new(zip.clone()),
        Some(&key),
        Some(&receipt_zahra),
    )
    .expect("a good bundle verifies");
    assert_eq!(report.manifest.counts.signatures, 2, "manifest = site");
    let csv = read_zip_file(&zip, "signatures.csv");
    assert_eq!(
        csv.lines().filter(|l| !l.trim().is_empty()).count(),
        3,
        "CSV: header and two signatures"
    );
    assert!(csv.contains("صادق‌زاده"));
    let header = csv.lines().next().unwrap_or_default();
    assert!(
        ["(Gregorian, UTC)", "(میلادی، UTC)", "(grégorien, UTC)"]
            .iter()
            .any(|c| header.contains(c)),
        "the CSV states its calendar: {header}"
    );

    // A withdrawal after the freeze: the signer is told, the edition does not change.
    let (_, page) = app.get(&withdraw_maryam).await;
    assert!(page.contains("already in edition 1"), "{page}");
    app.post_form_csrf(&withdraw_maryam, &[]).await;
    assert_eq!(total(&app).await, 1);
    let entries = edition_entry::Entity::find()
        .filter(edition_entry::Column::EditionId.eq(first.id))
        .count(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(entries, 2, "the frozen edition keeps its entries");
    // Rebuilding edition 1 gives the same bytes (reproducible), withdrawal or not.
    edition::Entity::update_many()
        .col_expr(
            edition::Column::State,
            sea_orm::sea_query::Expr::value("building"),
        )
        .col_expr(
            edition::Column::ClaimedAt,
            sea_orm::sea_query::Expr::value(None::<chrono::DateTime<chrono::Utc>>),
        )
        .filter(edition::Column::Id.eq(first.id))
        .exec(&app.ctx.db)
        .await
        .unwrap();
    svc::build_waiting(&app.ctx).await.unwrap();
    let again = organiser
        .get(format!("/staff/editions/{}/bundle", first.id))
        .dispatch()
        .await
        .into_bytes()
        .await
        .unwrap();
    assert!(again == zip, "byte-identical rebuild");

    // Receipt check: included, unknown, malformed.
    let receipt = "/petitions/let-families-visit/receipt";
    let r = app
        .post_form_csrf(receipt, &[("code", &receipt_zahra.to_lowercase())])
        .await;
    assert_eq!(r.status(), Status::Ok);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("included in edition 1")
    );
    let r = app
        .post_form_csrf(receipt, &[("code", "AAAA-BBBB-CCCC")])
        .await;
    assert_eq!(r.status(), Status::Ok);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("No edition of this petition")
    );
    let r = app.post_form_csrf(receipt, &[("code", "<script>")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let body = r.into_string().await.unwrap();
    assert!(body.contains("like ABCD-EFGH-JKMN"));
    assert!(
        body.contains("value=\"&lt;script&gt;\""),
        "re-filled, escaped"
    );

    // The next edition counts what changed.
    confirmed(&app, "Ali Ahmadi", "ali@example.org").await;
    let second = freeze_and_build(&app, &organiser, "en").await;
    assert_eq!(second.number, 2);
    assert_eq!(second.total, 2);
    assert_eq!(
        (second.added, second.withdrawn, second.invalidated),
        (1, 1, 0)
    );
    let _ = receipt_maryam;

    // Hand-over: bad input refused, then recorded.
    frozen_in_november(&app, first.id).await;
    let path = format!("/staff/editions/{}/handovers", first.id);
    let good = [
        ("recipient", "H.E. the Ambassador"),
        ("office", "Embassy"),
        ("handed_on", "2026-11-20"),
        ("form", "print"),
        ("acknowledgement", "Received with thanks."),
        ("answer", ""),
    ];
    let mut bad = good;
    bad[2] = ("handed_on", "yesterday");
    bad[3] = ("form", "pigeon");
    let r = post(&organiser, &path, &bad).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let body = r.into_string().await.unwrap();
    assert!(body.contains("like 2026-12-31") && body.contains("how it was handed over"));
    assert!(body.contains("H.E. the Ambassador"), "re-filled");
    // A day in the future is refused, nothing stored.
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(2))
        .date_naive()
        .to_string();
    let mut future = good;
    future[2] = ("handed_on", tomorrow.as_str());
    let r = post(&organiser, &path, &future).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let body = r.into_string().await.unwrap();
    assert!(body.contains("cannot be dated in the future"), "{body}");
    assert_eq!(
        peyvand::entities::handover::Entity::find()
            .count(&app.ctx.db)
            .await
            .unwrap(),
        0
    );
    let r = post(&organiser, &path, &good).await;
    assert_eq!(r.status(), Status::SeeOther);
    let (_, _, page) = get(&organiser, &format!("/staff/editions/{}", first.id)).await;
    assert!(page.contains("Received with thanks."));
    assert_eq!(app.audited("edition.download").await, 2);
    let left = signature::Entity::find()
        .filter(signature::Column::State.eq("withdrawn"))
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(left.name_enc.is_empty(), "the live copy is erased");
}

fn read_zip_file(zip: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut f = archive.by_name(name).unwrap();
    let mut s = String::new();
    f.read_to_string(&mut s).unwrap();
    s.trim_start_matches('\u{feff}').to_owned()
}

/// Freezes an edition through the page; the answer's status.
async fn freeze(client: &rocket::local::asynchronous::Client, locale: &str) -> Status {
    post(client, "/staff/petitions/1/editions", &[("locale", locale)])
        .await
        .status()
}

/// The newest edition's row.
async fn newest(app: &TestApp) -> edition::Model {
    edition::Entity::find()
        .order_by_desc(edition::Column::Id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
}

/// Dates an edition's freeze back to 2026-11-01, before the fixed hand-over days these tests
/// record (a hand-over cannot be dated before its edition was frozen).
pub(crate) async fn frozen_in_november(app: &TestApp, id: EditionId) {
    edition::Entity::update_many()
        .col_expr(
            edition::Column::CutOff,
            sea_orm::sea_query::Expr::value(
                chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
                    .and_then(|d| d.and_hms_opt(0, 0, 0))
                    .map(|d| d.and_utc()),
            ),
        )
        .filter(edition::Column::Id.eq(id))
        .exec(&app.ctx.db)
        .await
        .unwrap();
}

/// Makes a build's lease end `ago` before now, as a worker killed with -9 leaves it (its
/// heartbeat stopped).
async fn lapse_lease(app: &TestApp, id: EditionId, ago: chrono::Duration) {
    edition::Entity::update_many()
        .col_expr(
            edition::Column::LeaseUntil,
            sea_orm::sea_query::Expr::value(chrono::Utc::now() - ago),
        )
        .filter(edition::Column::Id.eq(id))
        .exec(&app.ctx.db)
        .await
        .unwrap();
}

#[rocket::async_test]
async fn a_build_whose_worker_died_is_retried_at_once_and_a_live_one_is_respected() {
    let app = petitions::app_with_burst(100).await;
    let (_, organiser) = member(&app, "org@example.org", &[Role::Organiser]).await;
    confirmed(&app, "Maryam Rezaei", "maryam@example.org").await;
    assert_eq!(freeze(&organiser, "en").await, Status::SeeOther);
    let e = newest(&app).await;
    let page = format!("/staff/editions/{}", e.id);
    let retry = format!("{page}/retry");

    // Two workers (instances) reach for the build at once: exactly one gets it.
    let now = chrono::Utc::now();
    let (a, b) = tokio::join!(
        svc::claim_id(&app.ctx, e.id, now),
        svc::claim_id(&app.ctx, e.id, now)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a.is_some() != b.is_some(), "one builder: {a:?} {b:?}");
    let lease = a.or(b).unwrap();

    // While its worker renews the lease, the build is live: no retry, no second edition,
    // no other worker takes it.
    assert!(
        svc::renew(&app.ctx, &lease, chrono::Utc::now())
            .await
            .unwrap()
    );
    let (_, _, body) = get(&organiser, &page).await;
    assert!(body.contains("Being built"), "{body}");
    assert!(!body.contains("/retry"), "no retry for a live build");
    let r = post(&organiser, &retry, &[]).await;
    assert_eq!(r.status(), Status::Conflict);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("a running builder is working on it")
    );
    assert_eq!(freeze(&organiser, "fa").await, Status::UnprocessableEntity);
    assert_eq!(svc::build_waiting(&app.ctx).await.unwrap(), 0);
    assert_eq!(
        svc::reap_stale(&app.ctx, chrono::Utc::now()).await.unwrap(),
        0
    );
    assert_eq!(newest(&app).await.state.as_str(), "building");
    assert_eq!(app.audited("edition.retry").await, 0);

    // The worker is killed: its heartbeat stops and the lease lapses. Staff see it as
    // interrupted at once and retry it (CSRF-checked, audited); it is built.
    lapse_lease(&app, e.id, chrono::Duration::seconds(1)).await;
    let (_, _, body) = get(&organiser, &page).await;
    assert!(body.contains("Interrupted"), "{body}");
    assert!(body.contains("the process building it stopped"), "{body}");
    let r = organiser
        .post(retry.clone())
        .header(rocket::http::ContentType::Form)
        .body("csrf_token=forged")
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden, "a wrong CSRF token");
    assert_eq!(app.audited("edition.retry").await, 0);
    let r = post(&organiser, &retry, &[]).await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(app.audited("edition.retry").await, 1);
    assert!(
        !svc::renew(&app.ctx, &lease, chrono::Utc::now())
            .await
            .unwrap(),
        "the dead worker's lease is gone: it can record nothing"
    );
    assert_eq!(svc::build_waiting(&app.ctx).await.unwrap(), 1);
    let built = newest(&app).await;
    assert_eq!(built.state.as_str(), "ready", "{}", built.error);
    assert_eq!(built.lease_token, None);

    // A stale build found by the builder job (or at start-up) is marked failed, does not
    // block the next edition, and can be retried.
    confirmed(&app, "Ali Ahmadi", "ali@example.org").await;
    assert_eq!(freeze(&organiser, "en").await, Status::SeeOther);
    let second = newest(&app).await;
    assert!(
        svc::claim_id(&app.ctx, second.id, chrono::Utc::now())
            .await
            .unwrap()
            .is_some()
    );
    lapse_lease(&app, second.id, chrono::Duration::minutes(5)).await;
    assert_eq!(
        freeze(&organiser, "fr").await,
        Status::SeeOther,
        "a dead build does not block freezing"
    );
    let second = edition::Entity::find_by_id(second.id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (second.state.as_str(), second.error.as_str()),
        ("failed", svc::INTERRUPTED)
    );
    let (_, _, body) = get(&organiser, &format!("/staff/editions/{}", second.id)).await;
    assert!(body.contains("the process building it stopped"), "{body}");
    let r = post(
        &organiser,
        &format!("/staff/editions/{}/retry", second.id),
        &[],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(svc::build_waiting(&app.ctx).await.unwrap(), 2);
    let r = post(&organiser, &retry, &[]).await;
    assert_eq!(
        r.status(),
        Status::Conflict,
        "a ready edition is not retried"
    );
}

/// The answer stored on the only hand-over: its text and day.
async fn stored_answer(app: &TestApp) -> (String, Option<chrono::NaiveDate>) {
    let h = peyvand::entities::handover::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .expect("a hand-over");
    (h.answer, h.answered_on)
}

#[rocket::async_test]
async fn an_answer_is_added_later_to_a_hand_over_with_checked_dates() {
    let app = petitions::app_with_burst(100).await;
    let (_, organiser) = member(&app, "org@example.org", &[Role::Organiser]).await;
    confirmed(&app, "Maryam Rezaei", "maryam@example.org").await;
    let e = freeze_and_build(&app, &organiser, "en").await;
    assert_eq!(e.state.as_str(), "ready", "{}", e.error);
    frozen_in_november(&app, e.id).await;
    let r = post(
        &organiser,
        &format!("/staff/editions/{}/handovers", e.id),
        &[
            ("recipient", "H.E. the Ambassador"),
            ("office", "Embassy"),
            ("handed_on", "2026-11-20"),
            ("form", "print"),
            ("acknowledgement", ""),
            ("answer", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let h = peyvand::entities::handover::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let page_path = format!("/staff/editions/{}", e.id);
    let path = format!("/staff/editions/{}/handovers/{}/answer", e.id, h.id);
    let (_, _, page) = get(&organiser, &page_path).await;
    assert!(page.contains(&path) && page.contains("Add their answer"));

    // Refused, 422, nothing stored: a day in the future, a day before the hand-over, a
    // date that is not one, an empty or huge answer.
    let future = (chrono::Utc::now() + chrono::Duration::days(2))
        .date_naive()
        .to_string();
    let huge = "a".repeat(5_001);
    for (text, day, said) in [
        (
            "We will consider it.",
            future.as_str(),
            "answer cannot be dated in the future",
        ),
        (
            "We will consider it.",
            "2026-11-19",
            "cannot be dated before its hand-over",
        ),
        ("We will consider it.", "soon", "like 2026-12-31"),
        ("  ", "2026-11-25", "error-summary"),
        (huge.as_str(), "2026-11-25", "too long"),
    ] {
        let r = post(
            &organiser,
            &path,
            &[("later_answer", text), ("answered_on", day)],
        )
        .await;
        assert_eq!(r.status(), Status::UnprocessableEntity, "{day}");
        let body = r.into_string().await.unwrap();
        assert!(body.contains(said), "{said}: {body}");
        assert!(
            body.contains("id=\"later_answer\""),
            "the form that failed is open"
        );
        assert_eq!(stored_answer(&app).await, (String::new(), None));
    }
    // In Persian, the refusal is translated.
    get(&organiser, "/?lang=fa").await;
    let r = post(
        &organiser,
        &path,
        &[("later_answer", "ok"), ("answered_on", "2026-11-19")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let body = r.into_string().await.unwrap();
    assert!(body.contains("پیش از تاریخ تحویل"), "{body:.300}");
    get(&organiser, "/?lang=en").await;
    // Without the form's CSRF token: refused, nothing stored.
    let r = organiser
        .post(path.clone())
        .header(rocket::http::ContentType::Form)
        .body("later_answer=Forged&answered_on=2026-11-25")
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    assert_eq!(stored_answer(&app).await, (String::new(), None));
    // A hand-over of another edition (or none): not found, nothing stored.
    let r = post(
        &organiser,
        &format!("/staff/editions/{}/handovers/{}/answer", e.id, h.id.0 + 1),
        &[("later_answer", "Elsewhere"), ("answered_on", "2026-11-25")],
    )
    .await;
    assert_eq!(r.status(), Status::NotFound);

    // The day of the hand-over itself is accepted; the answer shows with its day, audited.
    let r = post(
        &organiser,
        &path,
        &[
            ("later_answer", "We will consider it."),
            ("answered_on", "2026-11-20"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 20);
    assert_eq!(
        stored_answer(&app).await,
        ("We will consider it.".to_owned(), day)
    );
    // A correction replaces it; the audit keeps what was there before.
    let r = post(
        &organiser,
        &path,
        &[
            ("later_answer", "We will meet you."),
            ("answered_on", "2026-11-25"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let (_, _, page) = get(&organiser, &page_path).await;
    assert!(page.contains("We will meet you.") && page.contains("2026-11-25"));
    assert!(page.contains("Correct their answer"));
    assert_eq!(app.audited("edition.handover_answer").await, 2);
    let last = peyvand::entities::audit_event::Entity::find()
        .filter(peyvand::entities::audit_event::Column::Action.eq("edition.handover_answer"))
        .order_by_desc(peyvand::entities::audit_event::Column::Id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        last.details.contains("We will consider it.") && last.details.contains("2026-11-25"),
        "{}",
        last.details
    );
}

#[rocket::async_test]
async fn a_removed_hand_over_is_kept_marked_and_audited() {
    let app = petitions::app_with_burst(100).await;
    let (_, organiser) = member(&app, "org@example.org", &[Role::Organiser]).await;
    confirmed(&app, "Maryam Rezaei", "maryam@example.org").await;
    let e = freeze_and_build(&app, &organiser, "en").await;
    frozen_in_november(&app, e.id).await;
    let r = post(
        &organiser,
        &format!("/staff/editions/{}/handovers", e.id),
        &[
            ("recipient", "Wrong Person"),
            ("office", "Embassy"),
            ("handed_on", "2026-11-20"),
            ("form", "pdf"),
            ("acknowledgement", ""),
            ("answer", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let h = peyvand::entities::handover::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let path = format!("/staff/editions/{}/handovers/{}/remove", e.id, h.id);
    // Without the form's CSRF token: refused, nothing changed.
    let r = organiser
        .post(path.clone())
        .header(rocket::http::ContentType::Form)
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    let (_, _, page) = get(&organiser, &format!("/staff/editions/{}", e.id)).await;
    assert!(page.contains(&path) && !page.contains("Removed: kept in the record"));
    // A hand-over that is not this edition's: not found.
    let r = post(
        &organiser,
        &format!("/staff/editions/{}/handovers/{}/remove", e.id, h.id.0 + 1),
        &[],
    )
    .await;
    assert_eq!(r.status(), Status::NotFound);

    let r = post(&organiser, &path, &[]).await;
    assert_eq!(r.status(), Status::SeeOther);
    let again = post(&organiser, &path, &[]).await;
    assert_eq!(
        again.status(),
        Status::SeeOther,
        "removing twice changes nothing"
    );
    let kept = peyvand::entities::handover::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(kept.len(), 1, "nothing deleted");
    assert!(kept[0].removed_at.is_some() && kept[0].removed_by.is_some());
    assert_eq!(app.audited("edition.handover_remove").await, 1);
    let (_, _, page) = get(&organiser, &format!("/staff/editions/{}", e.id)).await;
    assert!(page.contains("Wrong Person") && page.contains("Removed: kept in the record"));
    assert!(!page.contains(&path), "no second removal offered");
    // A removed hand-over takes no answer.
    let r = post(
        &organiser,
        &format!("/staff/editions/{}/handovers/{}/answer", e.id, h.id),
        &[("later_answer", "Late"), ("answered_on", "2026-11-25")],
    )
    .await;
    assert_eq!(r.status(), Status::NotFound);
}
