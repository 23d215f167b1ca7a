//! Statistics for the organisation: a small count reads "fewer than 5" on the page and in
//! the CSV (and a larger one is exact), on the contact side and on the petition side; the
//! charts are server-rendered SVG; each side is for its own staff.

use crate::support::TestApp;
use crate::support::factory::{contact, petitions};
use crate::support::staff::{get, member};
use peyvand::domain::staff::account::Role;
use rocket::http::Status;

/// The CSV rows of a download.
fn records(body: &str) -> Vec<Vec<String>> {
    csv::Reader::from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[rocket::async_test]
async fn a_small_count_on_the_contact_side_shows_as_fewer_than_5_on_the_page_and_in_the_csv() {
    let app = TestApp::new().await;
    for i in 0..3 {
        contact::request()
            .by(&format!("Requester {i}"), &format!("r{i}@example.org"))
            .insert(&app)
            .await;
    }
    for i in 0..6 {
        contact::registration()
            .email(&format!("reg{i}@example.org"))
            .insert(&app)
            .await;
    }
    let (_cw, cw) = member(&app, "stats@example.org", &[Role::Caseworker]).await;
    let (status, _, body) = get(&cw, "/staff/stats").await;
    assert_eq!(status, Status::Ok);
    let month = chrono::Utc::now().format("%Y-%m").to_string();
    let row_start = body
        .find(&format!("<span dir=\"ltr\">{month}</span>"))
        .expect("this month");
    let row = &body[row_start..body[row_start..].find("</tr>").unwrap() + row_start];
    assert!(row.contains(">fewer than 5<"), "3 requests: {row}");
    assert!(row.contains(">6<"), "6 registrations: {row}");
    assert!(!row.contains(">3<"), "the 3 is never shown");
    assert!(
        body.contains("<svg") && body.contains("role=\"img\""),
        "a chart"
    );
    let (_, _, fa) = get(&cw, "/staff/stats?lang=fa").await;
    assert!(fa.contains("کمتر از ۵") && fa.contains(">۶<"));
    let r = cw.get("/staff/stats/contact.csv?lang=en").dispatch().await;
    assert_eq!(r.status(), Status::Ok);
    assert!(
        r.content_type()
            .unwrap()
            .to_string()
            .starts_with("text/csv")
    );
    let rows = records(&r.into_string().await.unwrap());
    let this = rows
        .iter()
        .find(|r| r[0] == month)
        .expect("this month in the CSV");
    assert_eq!(this[1], "fewer than 5");
    assert_eq!(this[2], "6");
    assert!(rows.iter().flatten().all(|c| c != "3"));
    // Medians over fewer than 5 cases are not shown.
    assert_eq!(this[8], "fewer than 5 cases");
    // The petition side is not a caseworker's.
    assert_eq!(
        get(&cw, "/staff/stats/petitions").await.0,
        Status::Forbidden
    );
}

#[rocket::async_test]
async fn a_small_count_of_signatures_by_country_shows_as_fewer_than_5() {
    let app = petitions::app().await;
    petitions::confirmed(&app, "Maryam Ahmadi", "maryam@example.org").await;
    petitions::confirmed(&app, "Reza Ahmadi", "reza@example.org").await;
    let (_o, organiser) = member(&app, "organiser@example.org", &[Role::Organiser]).await;
    let (status, _, body) = get(&organiser, "/staff/stats/petitions").await;
    assert_eq!(status, Status::Ok);
    assert!(body.contains("Counted signatures: fewer than 5"));
    let start = body.find("id=\"countries-caption\"").unwrap();
    let countries = &body[start..];
    assert!(
        countries.contains("Germany</th><td class=\"num\">fewer than 5<"),
        "{countries}"
    );
    assert!(body.matches("<svg").count() >= 2, "two charts");
    let p = petitions::the_petition(&app).await;
    let (status, _, one) = get(
        &organiser,
        &format!("/staff/stats/petitions?petition={}", p.id),
    )
    .await;
    assert_eq!(status, Status::Ok);
    assert!(one.contains("fewer than 5"));
    assert_eq!(
        get(&organiser, "/staff/stats/petitions?petition=999999")
            .await
            .0,
        Status::NotFound
    );
    let r = organiser.get("/staff/stats/petitions.csv").dispatch().await;
    assert_eq!(r.status(), Status::Ok);
    let rows = records(&r.into_string().await.unwrap());
    let de = rows
        .iter()
        .find(|r| r[1] == "DE")
        .expect("Germany in the CSV");
    assert_eq!(de[2], "fewer than 5");
    assert!(rows.iter().all(|r| r[2] != "2"));
    // The contact side is not an organiser's.
    assert_eq!(get(&organiser, "/staff/stats").await.0, Status::Forbidden);
}
