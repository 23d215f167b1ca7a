//! Typed-up paper sheets as an uploaded file: the header row in English, French or
//! Persian; a wrong encoding, wrong columns, a formula prefix or a missing CSRF token
//! store nothing (422 with the row report, or 403), and a good file is stored as one batch.

use crate::support::factory::petitions::{self, total};
use crate::support::staff::{csrf, member, post};
use crate::support::{TestApp, extract_attr};
use peyvand::domain::staff::account::Role;
use peyvand::entities::{paper_batch, signature};
use rocket::http::{ContentType, Status};
use rocket::local::asynchronous::Client;
use sea_orm::{EntityTrait, PaginatorTrait};
use std::io::Write;

const PAPER: &str = "/staff/petitions/1/paper";
const BOUNDARY: &str = "----peyvand-paper-boundary-Qx81";

async fn stored(app: &TestApp) -> (u64, u64) {
    (
        signature::Entity::find().count(&app.ctx.db).await.unwrap(),
        paper_batch::Entity::find()
            .count(&app.ctx.db)
            .await
            .unwrap(),
    )
}

/// A multipart body: the text fields in order, then the file `rows.csv` (when given).
fn multipart(fields: &[(&str, &str)], file: Option<&[u8]>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        write!(
            body,
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
        .unwrap();
    }
    if let Some(bytes) = file {
        write!(
            body,
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"rows.csv\"\r\nContent-Type: text/csv\r\n\r\n"
        )
        .unwrap();
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{BOUNDARY}--\r\n").unwrap();
    body
}

/// Uploads `file` (a valid CSRF token first unless `token` is false); status and page.
async fn upload(client: &Client, file: Option<&[u8]>, token: bool) -> (Status, String) {
    let t = csrf(client).await;
    let mut fields = Vec::new();
    if token {
        fields.push(("csrf_token", t.as_str()));
    }
    fields.push(("collected_where", "Outside the embassy"));
    fields.push(("collected_on", "2026-11-30"));
    let r = client
        .post(format!("{PAPER}/upload"))
        .header(ContentType::new("multipart", "form-data").with_params(("boundary", BOUNDARY)))
        .body(multipart(&fields, file))
        .dispatch()
        .await;
    (r.status(), r.into_string().await.unwrap_or_default())
}

async fn print(client: &Client) {
    let r = post(
        client,
        &format!("{PAPER}/sheets"),
        &[("count", "4"), ("locale", "en")],
    )
    .await;
    assert_eq!(r.status(), Status::Ok);
}

const ROWS: &str = "1,1,Ali Karimi,Köln,DE,parent,,full\n1,2,زهرا صادق‌زاده,تهران,IR,,,initials\n";

#[rocket::async_test]
async fn an_uploaded_file_is_checked_whole_and_stored_as_one_batch() {
    let app = petitions::app().await;
    let (_, typist) = member(&app, "typist@example.org", &[Role::Organiser]).await;
    print(&typist).await;

    // The page offers the upload (multipart, with the token) and documents the layout.
    let (_, _, page) = crate::support::staff::get(&typist, PAPER).await;
    assert!(page.contains("enctype=\"multipart/form-data\""), "{page}");
    assert!(page.contains("<code>feuille</code>") && page.contains("<code>برگه</code>"));
    assert!(extract_attr(&page, "name=\"csrf_token\" value=\"").is_some());

    // No token: 403, nothing stored.
    let good = format!("sheet,line,name,city,country,relationship,email,disclosure\n{ROWS}");
    let (status, _) = upload(&typist, Some(good.as_bytes()), false).await;
    assert_eq!(status, Status::Forbidden);
    assert_eq!(stored(&app).await, (0, 0));

    // Not UTF-8, wrong columns, a formula prefix, no file: 422, named, nothing stored.
    let latin1 =
        b"sheet,line,name,city,country,relationship,email,disclosure\n1,1,K\xf6ln,x,DE,,,\n";
    let (status, body) = upload(&typist, Some(latin1), true).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(body.contains("is not in UTF-8"), "{body}");
    let (status, body) = upload(&typist, Some(b"sheet,name\n1,Ali\n"), true).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(body.contains("must name the eight columns"), "{body}");
    let formula = format!("{good}2,1,@SUM(A1),Paris,FR,,,\n");
    let (status, body) = upload(&typist, Some(formula.as_bytes()), true).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(
        body.contains("Row 4, Full name: This cannot start with"),
        "{body}"
    );
    let (status, body) = upload(&typist, None, true).await;
    assert_eq!(status, Status::UnprocessableEntity);
    assert!(body.contains("Choose the CSV file"), "{body}");
    assert_eq!(stored(&app).await, (0, 0), "nothing stored");

    // A French header row (with a byte order mark): stored whole, pending its check.
    let french = format!("\u{feff}Feuille,Ligne,Nom,Ville,Pays,Lien,Courriel,Affichage\n{ROWS}");
    let (status, _) = upload(&typist, Some(french.as_bytes()), true).await;
    assert_eq!(status, Status::SeeOther);
    assert_eq!(stored(&app).await, (2, 1));
    assert_eq!(total(&app).await, 0, "not counted before the check");
}

#[rocket::async_test]
async fn the_header_row_may_be_in_english_french_or_persian() {
    use peyvand::services::petitions::paper::{header_language, parse_csv};
    assert_eq!(
        header_language("sheet,line,name,city,country,relationship,email,disclosure".split(',')),
        Some("en")
    );
    assert_eq!(
        header_language(" feuille , LIGNE,nom,ville,pays,lien,courriel,affichage".split(',')),
        Some("fr")
    );
    // Arabic yeh and kaf, as a keyboard may type them, count as their Persian forms.
    assert_eq!(
        header_language("برگه,رديف,نام,شهر,كشور,نسبت,ايميل,نمايش".split(',')),
        Some("fa")
    );
    // Mixed languages, a missing column, another order: refused.
    assert_eq!(
        header_language("sheet,ligne,name,city,country,relationship,email,disclosure".split(',')),
        None
    );
    assert_eq!(header_language("sheet,line,name".split(',')), None);
    assert_eq!(
        header_language("line,sheet,name,city,country,relationship,email,disclosure".split(',')),
        None
    );
    let persian = format!("برگه,ردیف,نام,شهر,کشور,نسبت,ایمیل,نمایش\n{ROWS}");
    let lines = parse_csv(persian.as_bytes()).unwrap();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1].name, "زهرا صادق‌زاده");
    assert_eq!(lines[1].row, 3);
}
