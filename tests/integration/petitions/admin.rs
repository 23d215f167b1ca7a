//! Staff work on petitions end to end: organisers write drafts, admins publish them;
//! email rules and block lists change signing at once; shadow bans and invalidations are
//! reversible, with a dry run whose count is exactly what is applied; the trending view.

use crate::support::factory::petitions::{app_with_burst, confirmed, fields, sign, total};
use crate::support::staff::{get, member, post};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{invalidation, petition, petition_text, signature};
use peyvand::ids::PetitionId;
use rocket::http::Status;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

/// A draft's form, in English and Persian.
fn draft_fields<'a>(slug: &'a str, title_fa: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("slug", slug),
        ("goal", "500"),
        ("addressees", "The Ambassador\nThe Consul"),
        ("opens_on", ""),
        ("closes_on", "2099-01-01"),
        ("collects_letters", "true"),
        ("title_en", "Free visits"),
        ("summary_en", "Let us visit."),
        ("body_en", "First paragraph.\n\nSecond paragraph."),
        ("title_fa", title_fa),
        ("summary_fa", ""),
        ("body_fa", "بگذارید دیدار کنیم."),
        ("title_fr", ""),
        ("summary_fr", ""),
        ("body_fr", ""),
    ]
}

#[rocket::async_test]
async fn organisers_write_drafts_and_admins_publish() {
    let app = app_with_burst(100).await;
    let (_, organiser) = member(&app, "org@example.org", &[Role::Organiser]).await;
    let (_, admin) = member(&app, "admin@example.org", &[Role::Admin]).await;
    let petitions_before = petition::Entity::find().count(&app.ctx.db).await.unwrap();

    // Bad input: 422, translated messages, the form re-filled, nothing stored.
    let mut bad = draft_fields("Bad Slug!", "دیدار آزاد");
    bad[1] = ("goal", "lots");
    bad[8] = ("body_en", "");
    let r = post(&organiser, "/staff/petitions", &bad).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let body = r.into_string().await.unwrap();
    assert!(body.contains("lower-case letters, digits and single hyphens"));
    assert!(body.contains("Please enter a number."));
    assert!(body.contains("This field is required."));
    assert!(body.contains("دیدار آزاد"), "the form is re-filled");
    assert!(body.contains("value=\"Bad Slug!\""));
    let mut nothing = draft_fields("x1y", "");
    for f in nothing.iter_mut().skip(6) {
        f.1 = "";
    }
    let r = post(&organiser, "/staff/petitions", &nothing).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("at least one language")
    );
    let mut control = draft_fields("free-visits", "دیدار\u{202e}");
    control[2] = ("addressees", "x\u{0}y");
    let r = post(&organiser, "/staff/petitions", &control).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert_eq!(
        petition::Entity::find().count(&app.ctx.db).await.unwrap(),
        petitions_before
    );

    // A good draft.
    let r = post(
        &organiser,
        "/staff/petitions",
        &draft_fields("free-visits", "دیدار آزاد"),
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let location = r.headers().get_one("Location").unwrap().to_owned();
    let id: PetitionId = location
        .trim_start_matches("/staff/petitions/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let texts = petition_text::Entity::find()
        .filter(petition_text::Column::PetitionId.eq(id))
        .count(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(texts, 2, "languages left empty are not stored");
    // Drafts are not public.
    assert_eq!(app.get("/petitions/free-visits").await.0, Status::NotFound);
    // The slug of another petition is refused.
    let r = post(
        &organiser,
        "/staff/petitions",
        &draft_fields("let-families-visit", "x"),
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("already has this name")
    );

    // Edit.
    let (status, _, body) = get(&organiser, &format!("/staff/petitions/{id}/edit")).await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("دیدار آزاد"));
    let mut edited = draft_fields("free-visits-now", "دیدار آزاد");
    edited[6] = ("title_en", "Free visits now");
    let r = post(&organiser, &format!("/staff/petitions/{id}/edit"), &edited).await;
    assert_eq!(r.status(), Status::SeeOther);

    // Organisers cannot publish; admins can.
    let path = format!("/staff/petitions/{id}/state");
    let r = post(&organiser, &path, &[("to", "open")]).await;
    assert_eq!(r.status(), Status::Forbidden);
    let r = post(&admin, &path, &[("to", "delivered")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity, "not from a draft");
    let r = post(&admin, &path, &[("to", "open")]).await;
    assert_eq!(r.status(), Status::SeeOther);
    let (status, page) = app.get("/petitions/free-visits-now?lang=en").await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("Free visits now"));
    assert!(page.contains("The Consul"));

    // A published petition's text no longer changes.
    let r = post(&organiser, &format!("/staff/petitions/{id}/edit"), &edited).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(r.into_string().await.unwrap().contains("Only drafts"));
    // Closing stops signing; marking delivered needs a recorded hand-over (see
    // editions::handover_history for the confirmed delivery).
    assert_eq!(
        post(&admin, &path, &[("to", "closed")]).await.status(),
        Status::SeeOther
    );
    let r = post(&admin, &path, &[("to", "delivered"), ("confirm", "yes")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("only after a hand-over")
    );
    let p = petition::Entity::find_by_id(id)
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(p.state.as_str(), "closed");
    assert!(p.delivered_at.is_none());
    assert_eq!(app.audited("petition.create").await, 1);
    assert_eq!(app.audited("petition.edit").await, 1);
    assert_eq!(app.audited("petition.state").await, 2);
}

#[rocket::async_test]
async fn block_lists_and_email_rules_apply_at_once_and_shadow_bans_are_reversible() {
    let app = app_with_burst(100).await;
    let (_, admin) = member(&app, "admin@example.org", &[Role::Admin]).await;

    // Bad entries are refused with a message; nothing stored.
    for (kind, value, message) in [
        ("ip_range", "300.1.2.3/8", "203.0.113.0/24"),
        ("email_domain", "not a domain", "like example.org"),
        ("email", "nobody", "like name@example.org"),
        ("ip_hash", "zz", "as shown on the trending page"),
    ] {
        let r = post(
            &admin,
            "/staff/signing/access-lists",
            &[
                ("list", "block"),
                ("kind", kind),
                ("value", value),
                ("note", "spam"),
            ],
        )
        .await;
        assert_eq!(r.status(), Status::UnprocessableEntity, "{kind}");
        let body = r.into_string().await.unwrap();
        assert!(body.contains(message), "{kind}: {message}");
        assert!(body.contains(&format!("value=\"{value}\"")), "re-filled");
    }
    // Block a domain as an admin types it.
    let r = post(
        &admin,
        "/staff/signing/access-lists",
        &[
            ("list", "block"),
            ("kind", "email_domain"),
            ("value", "Spam.Example"),
            ("note", "bulk sign-ups"),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let (_, _, page) = get(&admin, "/staff/signing/access-lists").await;
    assert!(page.contains("bulk sign-ups"));
    assert!(!page.contains("spam.example"), "only the hash is stored");

    confirmed(&app, "Ali Ahmadi", "ali@example.org").await;
    confirmed(&app, "Bot One", "one@spam.example").await;
    confirmed(&app, "Bot Two", "two@spam.example").await;
    assert_eq!(total(&app).await, 1, "blocked signers are not counted");

    // The shadow page groups them by IP hash, without names or addresses.
    let petition_id = 1;
    let (status, _, page) = get(&admin, &format!("/staff/petitions/{petition_id}/shadow")).await;
    assert_eq!(status, Status::Ok);
    assert!(!page.contains("Bot One") && !page.contains("spam.example"));
    // A reason is required.
    let r = post(
        &admin,
        &format!("/staff/petitions/{petition_id}/shadow"),
        &[("ip_hash", ""), ("reason", " ")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert_eq!(total(&app).await, 1);
    let r = post(
        &admin,
        &format!("/staff/petitions/{petition_id}/shadow"),
        &[("ip_hash", ""), ("reason", "checked by phone")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(total(&app).await, 3, "reversal makes them count");
    assert_eq!(app.audited("signatures.unshadow").await, 1);

    // Removing the entry stops the blocking at once.
    let entry = peyvand::entities::access_list::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let r = post(
        &admin,
        &format!("/staff/signing/access-lists/{}/remove", entry.id),
        &[],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    confirmed(&app, "Bot Three", "three@spam.example").await;
    assert_eq!(total(&app).await, 4);

    // An email rule: dots do not matter at example.net, from now on.
    let r = post(
        &admin,
        "/staff/signing/email-rules",
        &[
            ("domain", "example.net"),
            ("strip_dots", "true"),
            ("strip_plus", "true"),
            ("alias_of", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let r = post(
        &admin,
        "/staff/signing/email-rules",
        &[
            ("domain", "example"),
            ("strip_dots", "false"),
            ("strip_plus", "true"),
            ("alias_of", ""),
        ],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    // An unticked box is sent as nothing at all, as browsers do.
    let r = post(
        &admin,
        "/staff/signing/email-rules",
        &[("domain", "example.com"), ("alias_of", "")],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let rule = peyvand::entities::email_rule::Entity::find_by_id("example.com".to_owned())
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!rule.strip_dots && !rule.strip_plus);
    sign(&app, &fields("Sara Karimi", "sara.karimi@example.net")).await;
    sign(&app, &fields("Sara Karimi", "sarakarimi@example.net")).await;
    let same = signature::Entity::find()
        .filter(signature::Column::Relationship.eq("sibling"))
        .count(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(same, 5, "the second address is the same signer");
}

#[rocket::async_test]
async fn invalidation_dry_run_equals_applied_and_reversal_restores() {
    let app = app_with_burst(100).await;
    let (_, admin) = member(&app, "admin@example.org", &[Role::Admin]).await;
    for (name, email) in [
        ("Maryam Rezaei", "maryam@example.org"),
        ("Bot Alpha", "a@bulk.example"),
        ("Bot Beta", "b@bulk.example"),
        ("Reza Bot", "r@example.org"),
        ("زهرا کریمی", "z@bulk.example"),
    ] {
        confirmed(&app, name, email).await;
    }
    assert_eq!(total(&app).await, 5);
    let path = "/staff/petitions/1/invalidations";
    let conditions = |domain: &'static str, name: &'static str, reason: &'static str| {
        vec![
            ("domain", domain),
            ("ip_hash", ""),
            ("from", ""),
            ("to", ""),
            ("name_contains", name),
            ("reason", reason),
        ]
    };
    // No condition, or no reason: refused.
    let r = post(&admin, &format!("{path}/preview"), &conditions("", "", "x")).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("at least one condition")
    );
    let r = post(
        &admin,
        &format!("{path}/preview"),
        &conditions("bulk.example", "", ""),
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    // Dry run: domain and name pattern together.
    let r = post(
        &admin,
        &format!("{path}/preview"),
        &conditions("bulk.example", "bot", "bulk sign-ups"),
    )
    .await;
    assert_eq!(r.status(), Status::Ok);
    let body = r.into_string().await.unwrap();
    assert!(body.contains("take 2 confirmed signatures"), "{body}");
    let digest = crate::support::extract_attr(&body, "name=\"previewed\" value=\"")
        .expect("the preview's digest in the apply form");
    assert_eq!(total(&app).await, 5, "a dry run changes nothing");

    // Applying with a stale count changes nothing and shows the new count.
    let mut stale = conditions("bulk.example", "bot", "bulk sign-ups");
    stale.push(("previewed", "0000"));
    let r = post(&admin, path, &stale).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("changed since the preview")
    );
    assert_eq!(total(&app).await, 5);

    let mut apply = conditions("bulk.example", "bot", "bulk sign-ups");
    apply.push(("previewed", &digest));
    let r = post(&admin, path, &apply).await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(total(&app).await, 3, "applied exactly the previewed 2");
    let inv = invalidation::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(inv.affected, 2);
    assert!(!inv.rule.contains("bot"), "the rule is stored encrypted");
    let (status, _, page) = get(&admin, path).await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("bulk sign-ups") && page.contains("bulk.example"));

    // A Persian name pattern matches across Arabic/Persian letter forms.
    let r = post(
        &admin,
        &format!("{path}/preview"),
        &conditions("", "كريمي", "test"),
    )
    .await;
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("take 1 confirmed signature")
    );

    // Reversal needs a reason, then restores the count.
    let reverse = format!("{path}/{}/reverse", inv.id);
    let r = post(&admin, &reverse, &[("reverse_reason", "")]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    let r = post(&admin, &reverse, &[("reverse_reason", "they were real")]).await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(total(&app).await, 5);
    let r = post(&admin, &reverse, &[("reverse_reason", "again")]).await;
    assert_eq!(r.status(), Status::NotFound, "only once");
    assert_eq!(app.audited("invalidation.apply").await, 1);
    assert_eq!(app.audited("invalidation.reverse").await, 1);
    assert!(
        app.audited("invalidations.view").await >= 1,
        "reading rules is audited"
    );
    assert!(
        app.audited("invalidation.preview").await == 3,
        "every dry run (and a refused apply) is audited"
    );
}

#[rocket::async_test]
async fn trending_names_common_domains_and_links_to_blocking() {
    let app = app_with_burst(100).await;
    let (_, admin) = member(&app, "admin@example.org", &[Role::Admin]).await;
    for i in 0..3 {
        let email = format!("person{i}@example.org");
        sign(&app, &fields("Leila Karimi", &email)).await;
    }
    let (status, _, page) = get(&admin, "/staff/signing/trending").await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("<svg"), "hourly chart");
    assert!(page.contains("example.org"), "a common domain is named");
    assert!(page.contains("/staff/signing/access-lists?kind=ip_hash&amp;value="));
    let (status, _, page) = get(
        &admin,
        "/staff/signing/access-lists?kind=email_domain&value=abc123",
    )
    .await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("value=\"abc123\""), "prefilled from trending");
}
