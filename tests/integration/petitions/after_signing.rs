//! Right after signing (issue #14): the "check your inbox" page shows the address masked
//! and offers "send it again" and "sign again"; a likely typo in the address gets a "did
//! you mean …?" step before anything is stored; the officials' copy defaults to initials.
//! The signing answer stays the same bytes whatever the address's history.

use crate::support::factory::petitions::{SIGN, app, fields, settle, sign, stored};
use crate::support::http::{get, post, seen};
use crate::support::mail::mail_to;
use peyvand::domain::petitions::signature::BookDisclosure;
use peyvand::entities::signature;
use rocket::http::Status;
use sea_orm::EntityTrait;

const THANKS: &str = "/petitions/let-families-visit/thanks";

#[rocket::async_test]
async fn the_inbox_page_shows_the_address_masked_and_sends_it_again() {
    let app = app().await;
    let (status, location, _) = sign(&app, &fields("Maryam Rezaei", "maryam@example.org")).await;
    assert_eq!(status, Status::SeeOther);
    assert_eq!(
        location.as_deref(),
        Some(THANKS),
        "no token, no address in the redirect"
    );
    let page = get(&app, THANKS).await;
    assert!(page.body.contains("m•••@example.org"), "{}", page.body);
    assert!(!page.body.contains("maryam@example.org"));
    assert!(page.body.contains("/petitions/let-families-visit/again"));
    assert!(page.body.contains("Wrong address?"));
    assert_eq!(mail_to(&app, "maryam@example.org").await.len(), 1);

    // "Send it again": a new confirmation email, the same answer, limited.
    let again = "/petitions/let-families-visit/again";
    let first = post(&app, again, &[]).await;
    assert_eq!(first.status, Status::SeeOther);
    settle(&app).await;
    assert_eq!(mail_to(&app, "maryam@example.org").await.len(), 2);
    for _ in 0..5 {
        assert_eq!(post(&app, again, &[]).await, first);
    }
    settle(&app).await;
    let sent = mail_to(&app, "maryam@example.org").await.len();
    assert_eq!(
        sent,
        1 + peyvand::services::petitions::sign::AGAIN_LIMIT as usize
    );
    assert_eq!(
        stored(&app).await,
        1,
        "sending again stores no second signature"
    );

    // Another browser has no kept submission: the page without the address, and the
    // same answer to "send it again", which sends nothing.
    let other = app.new_client().await;
    let r = other.get(THANKS).dispatch().await;
    let body = r.into_string().await.unwrap();
    assert!(!body.contains("•••"));
}

#[rocket::async_test]
async fn a_likely_typo_is_questioned_before_anything_is_stored() {
    let app = app().await;
    let typo = fields("Maryam Rezaei", "maryam@gmial.com");
    let (status, _, body) = sign(&app, &typo).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(body.contains("Did you mean"), "{body}");
    assert!(body.contains("maryam@gmail.com"));
    assert!(body.contains("id=\"error-summary\""));
    assert_eq!(stored(&app).await, 0, "nothing stored before the answer");

    // "Yes, use this address": signed at the suggestion.
    let mut chosen = typo.clone();
    chosen.push(("use_email", "maryam@gmail.com"));
    let (status, _, _) = sign(&app, &chosen).await;
    assert_eq!(status, Status::SeeOther);
    assert_eq!(mail_to(&app, "maryam@gmail.com").await.len(), 1);
    assert!(mail_to(&app, "maryam@gmial.com").await.is_empty());

    // "No, my address is …": kept as typed.
    let mut kept = fields("Reza Rezaei", "reza@gmail.con");
    kept.push(("email_as_typed", "yes"));
    let (status, _, _) = sign(&app, &kept).await;
    assert_eq!(status, Status::SeeOther);
    assert_eq!(stored(&app).await, 2);

    // No dot after the @: questioned too, in Persian as well.
    let r = seen(
        app.post_form_csrf(
            &format!("{SIGN}?lang=fa"),
            &fields("Sara Rezaei", "sara@gmail"),
        )
        .await,
    )
    .await;
    assert_eq!(r.status, Status::UnprocessableEntity);
    assert!(r.body.contains("sara@gmail.com"));
    assert!(r.body.contains("dir=\"rtl\""));
}

#[rocket::async_test]
async fn the_officials_copy_defaults_to_initials() {
    let app = app().await;
    let page = get(&app, "/petitions/let-families-visit").await;
    assert!(
        page.body
            .contains("id=\"book-initials\" value=\"initials\" checked"),
        "initials is the preselected choice"
    );
    assert!(
        !page
            .body
            .contains("id=\"book-full\" value=\"full\" checked")
    );
    let mut without = fields("Maryam Rezaei", "maryam@example.org");
    without.retain(|(k, _)| *k != "book_disclosure");
    let (status, _, _) = sign(&app, &without).await;
    assert_eq!(status, Status::SeeOther);
    let s = signature::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(s.book_disclosure, BookDisclosure::Initials);
}
