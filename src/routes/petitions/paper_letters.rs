//! Staff pages for letters on paper (organisers): a batch's letters and the form that adds
//! one to a line of the batch — typed in, scanned, or both — as a CSRF-checked multipart
//! upload; and a letter's scan, opened for reading (audited).

use crate::context::AppContext;
use crate::error::AppError;
use crate::i18n::TextArg;
use crate::ids::{PaperBatchId, PetitionId, SignatureId};
use crate::services::scans as svc;
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill};
use crate::web::guards::staff_auth::OrganiserStaff;
use crate::web::page::Page;
use crate::web::upload::{ScanUpload, UploadProblem};
use chrono::Utc;
use rocket::http::Header;
use rocket::response::Redirect;
use rocket::{Responder, State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::json;
use std::collections::BTreeMap;

/// The form's fields (re-filled on a refusal; the file never is).
const FIELDS: [&str; 3] = ["sheet", "line", "text"];

async fn letters_page(
    page: &Page,
    ctx: &AppContext,
    staff: &OrganiserStaff<'_>,
    id: PetitionId,
    batch: PaperBatchId,
    refill: &Refill,
    added: bool,
) -> Result<Template, AppError> {
    let (b, letters) = svc::batch_letters(ctx, staff.0.account.id, id, batch)
        .await?
        .ok_or(AppError::NotFound)?;
    let locale = page.locale;
    let letters: Vec<serde_json::Value> = letters
        .into_iter()
        .map(|l| {
            json!({
                "signature": l.signature,
                "sheet": l.sheet,
                "line": l.line,
                "text": l.text,
                "scan": l.scan,
                "state": locale.t_args("paper-letters-state", &[("state", TextArg::Str(l.state.as_str()))]),
            })
        })
        .collect();
    let title = locale.t_args(
        "paper-letters-title",
        &[("id", TextArg::Str(&batch.to_string()))],
    );
    Ok(page.render_titled_form(
        "petitions/staff/paper_letters",
        &title,
        refill,
        json!({
            "staff": crate::routes::staff::nav(staff.0),
            "petition_id": id,
            "batch_id": batch,
            "open": b.state == crate::domain::petitions::paper::BatchState::Pending,
            "letters": letters,
            "added": added,
        }),
    ))
}

#[get("/staff/petitions/<id>/paper/batches/<batch>/letters?<added>")]
async fn letters(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    batch: PaperBatchId,
    added: Option<bool>,
) -> Result<Template, AppError> {
    let refill = Refill::default().with_values(&BTreeMap::new(), &FIELDS);
    letters_page(&page, ctx, &staff, id, batch, &refill, added == Some(true)).await
}

#[post(
    "/staff/petitions/<id>/paper/batches/<batch>/letters",
    data = "<upload>"
)]
async fn add(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    batch: PaperBatchId,
    upload: ScanUpload,
) -> Result<Answer, AppError> {
    let refused = |e: &FieldErrors, raw: &BTreeMap<String, String>| {
        Refill::errors(page.locale, e).with_values(raw, &FIELDS)
    };
    let upload = match upload.0 {
        Ok(u) => u,
        Err(problem) => {
            let mut e = FieldErrors::default();
            let (status, code) = match problem {
                UploadProblem::TooLarge => {
                    (rocket::http::Status::PayloadTooLarge, "scan-too-large")
                }
                UploadProblem::Malformed => (rocket::http::Status::BadRequest, "scan-form"),
            };
            e.add("scan", code);
            let view = letters_page(
                &page,
                ctx,
                &staff,
                id,
                batch,
                &refused(&e, &BTreeMap::new()),
                false,
            )
            .await?;
            return Ok(Answer::page(status, view));
        }
    };
    let scan = match upload.file {
        Some(mut f) => {
            use std::io::Read;
            let mut bytes = Vec::with_capacity(usize::try_from(f.size).unwrap_or(0));
            f.file
                .read_to_end(&mut bytes)
                .map_err(|e| AppError::Internal(format!("reading an uploaded scan: {e}")))?;
            Some(bytes)
        }
        None => None,
    };
    let field = |name: &str| upload.fields.get(name).cloned().unwrap_or_default();
    let input = svc::PaperLetter {
        batch_id: batch,
        sheet: field("sheet"),
        line: field("line"),
        text: field("text"),
        scan,
    };
    match svc::add_paper_letter(ctx, staff.0.account.id, id, input, Utc::now()).await? {
        Ok(_) => Ok(Answer::Redirect(Redirect::to(uri!(letters(
            id = id,
            batch = batch,
            added = Some(true)
        ))))),
        Err(refusal) => {
            let mut e = FieldErrors::default();
            for (f, code) in refusal {
                e.add(f, code);
            }
            let view = letters_page(
                &page,
                ctx,
                &staff,
                id,
                batch,
                &refused(&e, &upload.fields),
                false,
            )
            .await?;
            Ok(Answer::refused(view))
        }
    }
}

/// A scan, for reading in the browser (never cached).
#[derive(Responder)]
#[response(content_type = "image/jpeg")]
pub struct Jpeg(Vec<u8>, Header<'static>);

#[get("/staff/petitions/<id>/letters/<signature>/scan")]
async fn scan(
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    signature: SignatureId,
) -> Result<Jpeg, AppError> {
    let image = svc::letter_scan(ctx, staff.0.account.id, id, signature)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Jpeg(image, Header::new("Cache-Control", "no-store")))
}

/// The routes of letters on paper.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![letters, add, scan]
}
