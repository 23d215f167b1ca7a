//! Petitions and signatures through the public pages: the demo petition without its demo
//! signatures, a signer's form with defaults, signing (carried out at once, as the
//! background task does a moment after answering), confirming by the emailed link, and the
//! count the public JSON gives.

use crate::support::TestApp;
use crate::support::mail::{deliver_until, links};
use chrono::Utc;
use peyvand::entities::{petition, signature};
use peyvand::ids::PetitionId;
use rocket::http::Status;
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait};

/// The demo petition's signing form.
pub const SIGN: &str = "/petitions/let-families-visit/sign";

/// An app with the demo petition and none of its demo signatures.
pub async fn app() -> TestApp {
    let app = TestApp::new().await;
    seed_empty(&app).await;
    app
}

/// [`app`], letting `burst` signatures through from one network before the rest are kept
/// out of the count.
pub async fn app_with_burst(burst: u32) -> TestApp {
    let app = TestApp::builder()
        .config(move |c| c.petitions.sign_burst = burst)
        .build()
        .await;
    seed_empty(&app).await;
    app
}

/// Seeds the demo petition and deletes its demo signatures.
pub async fn seed_empty(app: &TestApp) {
    peyvand::services::demo::petitions::seed(&app.ctx)
        .await
        .unwrap();
    signature::Entity::delete_many()
        .exec(&app.ctx.db)
        .await
        .unwrap();
}

/// The petition (there is one).
pub async fn the_petition(app: &TestApp) -> petition::Model {
    petition::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap()
}

/// Changes the petition's row (the signing service's cache is not told).
pub async fn update_petition(app: &TestApp, change: impl FnOnce(&mut petition::ActiveModel)) {
    let mut am: petition::ActiveModel = the_petition(app).await.into();
    change(&mut am);
    am.update(&app.ctx.db).await.unwrap();
}

/// A complete signing form.
pub fn fields<'a>(name: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("email", email),
        ("country", "DE"),
        ("city", "Köln"),
        ("relationship", "sibling"),
        ("letter", "Please let us see our brother."),
        ("public_disclosure", "initials"),
        ("book_disclosure", "full"),
        ("consent", "yes"),
    ]
}

/// Signs the demo petition; status, Location and body of the answer.
pub async fn sign(app: &TestApp, fields: &[(&str, &str)]) -> (Status, Option<String>, String) {
    let r = app.post_form_csrf(SIGN, fields).await;
    let loc = r.headers().get_one("Location").map(str::to_owned);
    let answer = (r.status(), loc, r.into_string().await.unwrap_or_default());
    // What the background task does a moment later, now, so a test sees the outcome.
    settle(app).await;
    answer
}

/// Carries out the signing attempts acknowledged so far (the server does it in the
/// background a moment after answering).
pub async fn settle(app: &TestApp) {
    peyvand::services::petitions::sign::settle(&app.ctx)
        .await
        .unwrap();
}

/// How many signatures are stored (any state).
pub async fn stored(app: &TestApp) -> u64 {
    settle(app).await;
    signature::Entity::find().count(&app.ctx.db).await.unwrap()
}

/// Sends queued mail (in-memory transport) and returns the links in the newest email to `to`.
pub async fn links_for(app: &TestApp, to: &str) -> Vec<String> {
    settle(app).await;
    deliver_until(app, Utc::now()).await;
    let mail = app.ctx.mailer.sent();
    let last = mail.iter().rev().find(|m| m.to == to).expect("an email");
    links(last)
}

/// The public count of the demo petition.
pub async fn total(app: &TestApp) -> u64 {
    settle(app).await;
    app.ctx.counts_cache_forget(PetitionId(1));
    let (_, body) = app.get("/petitions/let-families-visit/count.json").await;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["total"].as_u64().unwrap()
}

/// A signature's links, as its confirmation email carries them.
pub struct Signed {
    /// The confirmation link.
    pub confirm: String,
    /// The withdrawal link.
    pub withdraw: String,
    /// The receipt code the confirmed page shows.
    pub receipt: Option<String>,
}

/// Signs as `name` at `email` and returns the links emailed for it, unconfirmed.
pub async fn signed(app: &TestApp, name: &str, email: &str) -> Signed {
    let (status, _, _) = sign(app, &fields(name, email)).await;
    assert_eq!(status, Status::SeeOther);
    let links = links_for(app, email).await;
    let find = |kind: &str| {
        links
            .iter()
            .find(|l| l.contains(kind))
            .unwrap_or_else(|| panic!("a {kind} link"))
            .clone()
    };
    Signed {
        confirm: find("/signatures/confirm/"),
        withdraw: find("/signatures/withdraw/"),
        receipt: None,
    }
}

/// Signs and confirms through the pages.
pub async fn confirmed(app: &TestApp, name: &str, email: &str) -> Signed {
    let mut s = signed(app, name, email).await;
    s.receipt = confirm(app, &s.confirm).await;
    s
}

/// Presses the button behind a confirmation link; returns the receipt code it shows.
pub async fn confirm(app: &TestApp, link: &str) -> Option<String> {
    let r = app.post_form_csrf(link, &[]).await;
    assert_eq!(r.status(), Status::Ok);
    let body = r.into_string().await.unwrap();
    body.split("<code dir=\"ltr\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .map(str::to_owned)
}
