//! Finding a case: by number, or by a name in either script through blind-indexed
//! skeletons (a Persian spelling finds a person filed in Latin script and the other way
//! round; Hassan does not find Hossein), the audit recording the search without the name;
//! and the queue's filters, whose unknown values are refused with a translated 422.

use super::audit_details;
use crate::support::TestApp;
use crate::support::factory::contact::{self, sought};
use crate::support::staff::{get, member};
use peyvand::domain::contact::records::SoughtData;
use peyvand::domain::staff::account::Role;
use peyvand::entities::case_search_key;
use rocket::http::Status;
use sea_orm::{EntityTrait, PaginatorTrait};

fn link(id: peyvand::ids::RequestId) -> String {
    format!("href=\"/staff/contact/requests/{id}\"")
}

#[rocket::async_test]
async fn a_name_finds_its_case_in_either_script() {
    let app = TestApp::new().await;
    let (_, browser) = member(&app, "anna@example.org", &[Role::Caseworker]).await;
    // Filed in Latin script: Mohamadreza Husseini (the factory's sought person).
    let latin = contact::request()
        .by("Leila Sadeghi", "leila@example.org")
        .insert(&app)
        .await;
    // Filed in Persian script only.
    let persian = contact::request()
        .by("Omid Rahimi", "omid@example.org")
        .seeking(SoughtData {
            name_latin: String::new(),
            name_persian: "زهرا کریمی".into(),
            ..sought()
        })
        .insert(&app)
        .await;
    // A hard negative: Hassan Tehrani.
    let other = contact::request()
        .by("Nasrin Moradi", "nasrin@example.org")
        .seeking(SoughtData {
            name_latin: "Hassan Tehrani".into(),
            ..sought()
        })
        .insert(&app)
        .await;

    // Persian spelling → the Latin filing.
    let (status, _, body) = get(
        &browser,
        "/staff/work/cases?q=%D8%AD%D8%B3%DB%8C%D9%86%DB%8C",
    )
    .await; // حسینی
    assert_eq!(status, Status::Ok);
    assert!(body.contains(&link(latin.id)), "{body}");
    assert!(!body.contains(&link(persian.id)));
    assert!(!body.contains(&link(other.id)));
    // Latin spelling → the Persian filing (another spelling than any stored).
    let (status, _, body) = get(&browser, "/staff/work/cases?q=Zahra+Karimi").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains(&link(persian.id)), "{body}");
    assert!(!body.contains(&link(latin.id)));
    // Hossein is not Hassan, though their skeletons are one.
    let (_, _, body) = get(&browser, "/staff/work/cases?q=Hossein").await;
    assert!(!body.contains(&link(other.id)));
    let (_, _, body) = get(&browser, "/staff/work/cases?q=%D8%AD%D8%B3%D9%86").await; // حسن
    assert!(body.contains(&link(other.id)), "{body}");
    // By number.
    let (_, _, body) = get(&browser, &format!("/staff/work/cases?q=%23{}", persian.id)).await;
    assert!(body.contains(&link(persian.id)));
    assert!(!body.contains(&link(latin.id)));

    // Only blind indexes were stored, never the names, and the audit names no name.
    assert!(
        case_search_key::Entity::find()
            .count(&app.ctx.db)
            .await
            .unwrap()
            > 0
    );
    for k in case_search_key::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
    {
        assert_eq!(k.token.len(), 64);
        assert!(k.token.chars().all(|c| c.is_ascii_hexdigit()));
    }
    let searches = audit_details(&app, "case.search").await;
    assert!(searches.len() >= 5);
    for d in &searches {
        for name in ["حسینی", "حسن", "Zahra", "Karimi", "Hossein"] {
            assert!(!d.contains(name), "{d}");
        }
    }
}

#[rocket::async_test]
async fn filters_narrow_the_list_and_unknown_values_are_refused() {
    let app = TestApp::new().await;
    let (_, browser) = member(&app, "anna@example.org", &[Role::Caseworker]).await;
    let a = contact::request().insert(&app).await;
    let (status, _, body) = get(
        &browser,
        "/staff/work/cases?stage=to_review&language=en&flag=clear&age=0&assignee=none",
    )
    .await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains(&link(a.id)));
    let (_, _, body) = get(&browser, "/staff/work/cases?stage=connected").await;
    assert!(!body.contains(&link(a.id)));
    let (_, _, body) = get(&browser, "/staff/work/cases?language=fa").await;
    assert!(!body.contains(&link(a.id)));
    let (_, _, body) = get(&browser, "/staff/work/cases?age=30").await;
    assert!(!body.contains(&link(a.id)));
    let (_, _, body) = get(&browser, "/staff/work/cases?assignee=me").await;
    assert!(!body.contains(&link(a.id)));

    let searches_before = app.audited("case.search").await;
    for (query, message) in [
        ("stage=somewhere", "There is no such stage."),
        ("assignee=424242", "There is no such caseworker."),
        ("assignee=bob", "There is no such caseworker."),
        ("age=-3", "Please enter a number of days from 0 to 3650."),
        ("language=de", "Please choose one of the options."),
        ("flag=maybe", "Please choose one of the options."),
    ] {
        let (status, _, body) = get(&browser, &format!("/staff/work/cases?{query}")).await;
        assert_eq!(status, Status::UnprocessableEntity, "{query}");
        assert!(body.contains(message), "{query}: {body}");
        assert!(!body.contains(&link(a.id)), "{query} lists nothing");
    }
    let (status, _, body) = get(&browser, "/staff/work/cases?stage=somewhere&lang=fa").await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(body.contains("چنین مرحله‌ای وجود ندارد."));
    // A refused query reads nothing, so nothing is recorded.
    assert_eq!(app.audited("case.search").await, searches_before);
}
