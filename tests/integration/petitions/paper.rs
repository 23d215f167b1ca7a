//! Paper signatures end to end: numbered sheets are printed (PDF, numbers recorded), a
//! sheet is typed in and counts only once a second organiser checks it (likely duplicates
//! shown, never merged), bad input stores nothing and names every bad row, a sheet cannot
//! be typed in twice, and a paper receipt code verifies against a built bundle.

use crate::support::TestApp;
use crate::support::factory::petitions::{self, confirmed, total};
use crate::support::staff::{get, member, post};
use peyvand::domain::petitions::paper;
use peyvand::domain::staff::account::Role;
use peyvand::entities::{paper_batch, signature};
use peyvand::ids::PetitionId;
use rocket::http::{ContentType, Status};
use sea_orm::{EntityTrait, PaginatorTrait};

const PAPER: &str = "/staff/petitions/1/paper";
const HEADER: &str = "sheet,line,name,city,country,relationship,email,disclosure";

async fn stored(app: &TestApp) -> (u64, u64) {
    (
        signature::Entity::find().count(&app.ctx.db).await.unwrap(),
        paper_batch::Entity::find()
            .count(&app.ctx.db)
            .await
            .unwrap(),
    )
}

async fn by_channel(app: &TestApp) -> serde_json::Value {
    app.ctx.counts_cache_forget(PetitionId(1));
    let (_, body) = app.get("/petitions/let-families-visit/count.json").await;
    serde_json::from_str::<serde_json::Value>(&body).unwrap()["by_channel"].clone()
}

/// Prints `count` sheets through the page; checks a PDF comes back.
async fn print(client: &rocket::local::asynchronous::Client, count: &str, locale: &str) {
    let r = post(
        client,
        &format!("{PAPER}/sheets"),
        &[("count", count), ("locale", locale)],
    )
    .await;
    assert_eq!(r.status(), Status::Ok);
    assert_eq!(r.content_type(), Some(ContentType::PDF));
    assert!(r.into_bytes().await.unwrap().starts_with(b"%PDF"));
}

fn sheet_form<'a>(sheet: &'a str, lines: &[[&'a str; 6]]) -> Vec<(String, &'a str)> {
    let mut f = vec![
        ("sheet".to_owned(), sheet),
        ("collected_where".to_owned(), "Family gathering, Köln"),
        ("collected_on".to_owned(), "2026-11-28"),
    ];
    for (i, l) in lines.iter().enumerate() {
        for (k, v) in [
            "name",
            "city",
            "country",
            "relationship",
            "email",
            "disclosure",
        ]
        .iter()
        .zip(l)
        {
            f.push((format!("lines[{i}].{k}"), v));
        }
    }
    f
}

async fn type_sheet<'c>(
    client: &'c rocket::local::asynchronous::Client,
    sheet: &str,
    lines: &[[&str; 6]],
) -> rocket::local::asynchronous::LocalResponse<'c> {
    let f = sheet_form(sheet, lines);
    let fields: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    post(client, &format!("{PAPER}/type"), &fields).await
}

#[rocket::async_test]
async fn a_paper_signature_counts_only_once_a_second_organiser_checks_it() {
    let app = petitions::app_with_burst(100).await;
    let (a, typist) = member(&app, "typist@example.org", &[Role::Organiser]).await;
    let (b, checker) = member(&app, "checker@example.org", &[Role::Organiser]).await;
    confirmed(&app, "Maryam Rezaei", "maryam@example.org").await;
    assert_eq!(total(&app).await, 1);

    let (status, _, page) = get(&typist, PAPER).await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("Print signature sheets"));
    print(&typist, "2", "fa").await;
    assert_eq!(app.audited("paper.sheets").await, 1);
    // A count out of range: 422, a translated message.
    let r = post(
        &typist,
        &format!("{PAPER}/sheets"),
        &[("count", "0"), ("locale", "en")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("Please enter a number.")
    );

    // Sheet 1: a new signer without email, and the online signer again (same address).
    let r = type_sheet(
        &typist,
        "1",
        &[
            ["Ali Karimi", "Köln", "DE", "parent", "", "full"],
            [
                "Maryam Rezaei",
                "Köln",
                "DE",
                "sibling",
                "Maryam@Example.org",
                "",
            ],
        ],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let batch_page = r.headers().get_one("Location").unwrap().to_owned();
    assert_eq!(stored(&app).await, (3, 1));
    assert_eq!(total(&app).await, 1, "not counted before the check");
    assert_eq!(by_channel(&app).await, serde_json::json!({ "online": 1 }));

    // The typist sees the batch but cannot check it.
    let (status, _, page) = get(&typist, &batch_page).await;
    assert_eq!(status, Status::Ok);
    assert!(page.contains("Ali Karimi"));
    assert!(
        page.contains("Same email address as 1 other signature(s)"),
        "{page}"
    );
    assert!(page.contains("Same name, city and country as 1 other signature(s)"));
    assert!(
        !page.contains("name=\"code\""),
        "no check form for the typist"
    );
    let r = post(
        &typist,
        &format!("{batch_page}/check"),
        &[("decision", "approve"), ("code", &a.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("a colleague must check it")
    );
    assert_eq!(total(&app).await, 1);

    // The checker: a wrong code is refused, the right one counts the batch.
    let r = post(
        &checker,
        &format!("{batch_page}/check"),
        &[("decision", "approve"), ("code", "000000")],
    )
    .await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert_eq!(total(&app).await, 1);
    let (_, _, page) = get(&checker, &batch_page).await;
    assert!(page.contains("name=\"code\""), "{page}");
    let r = post(
        &checker,
        &format!("{batch_page}/check"),
        &[("decision", "approve"), ("code", &b.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(total(&app).await, 3);
    assert_eq!(
        by_channel(&app).await,
        serde_json::json!({ "online": 1, "paper": 2 })
    );
    let (_, page) = app.get("/petitions/let-families-visit").await;
    assert!(
        page.contains("on paper: 2"),
        "the petition page shows the channels"
    );
    let paper_rows: Vec<signature::Model> = signature::Entity::find()
        .all(&app.ctx.db)
        .await
        .unwrap()
        .into_iter()
        .filter(|s| s.channel == paper::Channel::Paper)
        .collect();
    assert!(paper_rows.iter().all(|s| s.entered_by == Some(a.id)
        && s.checked_by == Some(b.id)
        && s.sheet_number == Some(1)));
    assert_eq!(app.audited("paper.batch.check").await, 1);

    // The same sheet again, a sheet never printed, a line past the sheet: nothing stored.
    let before = stored(&app).await;
    let r = type_sheet(&typist, "1", &[["Sara Ahmadi", "Paris", "FR", "", "", ""]]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("already been typed in")
    );
    let r = type_sheet(&typist, "99", &[["Sara Ahmadi", "Paris", "FR", "", "", ""]]).await;
    assert_eq!(r.status(), Status::UnprocessableEntity);
    assert!(
        r.into_string()
            .await
            .unwrap()
            .contains("No sheet with this number")
    );
    assert_eq!(stored(&app).await, before);

    // Without the CSRF token: 403, nothing stored.
    let r = typist
        .post(format!("{PAPER}/type"))
        .header(ContentType::Form)
        .body("sheet=2&collected_where=x&collected_on=2026-11-28&lines[0].name=Sara&lines[0].city=&lines[0].country=FR&lines[0].relationship=&lines[0].email=&lines[0].disclosure=")
        .dispatch()
        .await;
    assert_eq!(r.status(), Status::Forbidden);
    assert_eq!(stored(&app).await, before);
}

#[rocket::async_test]
async fn an_imported_file_with_one_bad_row_stores_nothing_and_names_the_row() {
    let app = petitions::app().await;
    let (_, typist) = member(&app, "typist@example.org", &[Role::Organiser]).await;
    print(&typist, "3", "en").await;
    let import = |csv: String| {
        let typist = &typist;
        async move {
            let r = post(
                typist,
                &format!("{PAPER}/import"),
                &[
                    ("collected_where", "Outside the embassy"),
                    ("collected_on", "2026-11-30"),
                    ("csv", &csv),
                ],
            )
            .await;
            (r.status(), r.into_string().await.unwrap_or_default())
        }
    };

    let good = "1,1,Ali Karimi,Köln,DE,parent,,full\n1,2,زهرا صادق‌زاده,تهران,IR,,,initials\n";
    // Row 4 (the file's fourth line) starts with a formula; row 5 mixes scripts in a word.
    let bad =
        format!("{HEADER}\n{good}2,1,=HYPERLINK(\"x\"),Paris,FR,,,\n2,2,Saraسارا,Paris,FR,,,\n");
    let (status, body) = import(bad).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(
        body.contains("Row 4, Full name: This cannot start with"),
        "{body}"
    );
    assert!(body.contains("Row 5, Full name: Please write each word in one alphabet only"));
    assert!(!body.contains("Row 2,") && !body.contains("Row 3,"));
    assert_eq!(stored(&app).await, (0, 0), "nothing stored");

    // Wrong columns, a line of sheet 1 twice, an unknown relationship: named, nothing stored.
    let (status, body) = import("sheet,line,name\n1,1,Ali\n".to_owned()).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(body.contains("must name the eight columns"), "{body}");
    let (status, body) = import(format!(
        "{HEADER}\n{good}1,2,Sara Ahmadi,Paris,FR,,,\n2,1,Sara Ahmadi,Paris,FR,cousin,,\n"
    ))
    .await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(
        body.contains("Row 4, No.: This line of this sheet appears twice."),
        "{body}"
    );
    assert!(body.contains("Row 5, Relationship: Use one of"));
    assert_eq!(stored(&app).await, (0, 0));

    // The corrected file: stored whole, pending.
    let (status, _) = import(format!("{HEADER}\n{good}")).await;
    assert_eq!(status, Status::SeeOther);
    assert_eq!(stored(&app).await, (2, 1));
    assert_eq!(total(&app).await, 0);

    // The service refuses a file that is not UTF-8 outright.
    let latin1 =
        b"sheet,line,name,city,country,relationship,email,disclosure\n3,1,K\xf6ln,x,DE,,,\n";
    assert_eq!(
        peyvand::services::petitions::paper::parse_csv(latin1)
            .unwrap_err()
            .code,
        "paper-csv-encoding"
    );
}

#[rocket::async_test]
async fn a_paper_receipt_code_verifies_against_a_built_bundle() {
    let app = petitions::app_with_burst(100).await;
    let (_, typist) = member(&app, "typist@example.org", &[Role::Organiser]).await;
    let (b, checker) = member(&app, "checker@example.org", &[Role::Organiser]).await;
    confirmed(&app, "Maryam Rezaei", "maryam@example.org").await;
    print(&typist, "1", "en").await;
    let r = type_sheet(
        &typist,
        "1",
        &[["Ali Karimi", "Köln", "DE", "parent", "", "full"]],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);
    let batch_page = r.headers().get_one("Location").unwrap().to_owned();
    let r = post(
        &checker,
        &format!("{batch_page}/check"),
        &[("decision", "approve"), ("code", &b.code(1))],
    )
    .await;
    assert_eq!(r.status(), Status::SeeOther);

    let r = post(&typist, "/staff/petitions/1/editions", &[("locale", "en")]).await;
    assert_eq!(r.status(), Status::SeeOther);
    assert_eq!(
        peyvand::services::editions::build_waiting(&app.ctx)
            .await
            .unwrap(),
        1
    );
    let edition = peyvand::entities::edition::Entity::find()
        .one(&app.ctx.db)
        .await
        .unwrap()
        .unwrap();
    let zip = typist
        .get(format!("/staff/editions/{}/bundle", edition.id))
        .dispatch()
        .await
        .into_bytes()
        .await
        .unwrap();
    // The code printed on sheet 1, line 1.
    let receipt = paper::receipt_code(&app.ctx.crypto, 1, 1, 1);
    let key = app.ctx.signing_key.verifying_key();
    let report = peyvand_export::verify(
        std::io::Cursor::new(zip.clone()),
        Some(&key),
        Some(&receipt),
    )
    .expect("the paper receipt verifies");
    assert_eq!(report.manifest.counts.signatures, 2);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let mut read = |name: &str| {
        use std::io::Read;
        let mut s = String::new();
        archive
            .by_name(name)
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    let entries = read("entries.jsonl");
    assert!(entries.contains(&format!("\"receipt\":\"{receipt}\",\"channel\":\"paper\"")));
    assert_eq!(
        entries.matches("channel").count(),
        1,
        "online lines unchanged"
    );
    assert!(read("signatures.csv").contains(",on paper"));
    // The public receipt check knows the paper code too.
    let r = app
        .post_form_csrf(
            "/petitions/let-families-visit/receipt",
            &[("code", &receipt)],
        )
        .await;
    assert_eq!(r.status(), Status::Ok);
}
