//! The official's answer letter: the organisers' page that attaches a scan to a hand-over's
//! recorded answer (a CSRF-checked multipart upload, sanitised like every scan), and the
//! public image the petition's progress timeline links to.

use crate::context::AppContext;
use crate::error::AppError;
use crate::ids::{AnswerScanId, EditionId, HandoverId};
use crate::services::petitions::sign as sign_svc;
use crate::services::scans as svc;
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill};
use crate::web::guards::staff_auth::OrganiserStaff;
use crate::web::page::Page;
use crate::web::upload::{ScanUpload, UploadProblem};
use chrono::Utc;
use rocket::http::{Header, Status};
use rocket::response::Redirect;
use rocket::{Responder, State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::json;

async fn scan_page(
    page: &Page,
    ctx: &AppContext,
    staff: &OrganiserStaff<'_>,
    id: EditionId,
    handover: HandoverId,
    refill: &Refill,
    saved: bool,
) -> Result<Template, AppError> {
    let view = svc::answer_scan_view(ctx, id, handover)
        .await?
        .ok_or(AppError::NotFound)?;
    let slug = &view.slug;
    let h = &view.handover;
    Ok(page.render_form(
        "editions/staff/answer_scan",
        "answer-scan-title",
        refill,
        json!({
            "staff": crate::routes::staff::nav(staff.0),
            "edition_id": id,
            "handover_id": handover,
            "office": h.office,
            "recipient": h.recipient,
            "answer": h.answer,
            "answered": h.removed_at.is_none() && h.has_answer(),
            "current": view.current.map(|(scan, width, height)| json!({
                "url": format!("/petitions/{slug}/answers/{scan}/letter.jpg"),
                "width": width,
                "height": height,
            })),
            "saved": saved,
        }),
    ))
}

#[get("/staff/editions/<id>/handovers/<handover>/answer-scan?<saved>")]
async fn form(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: EditionId,
    handover: HandoverId,
    saved: Option<bool>,
) -> Result<Template, AppError> {
    scan_page(
        &page,
        ctx,
        &staff,
        id,
        handover,
        &Refill::default(),
        saved == Some(true),
    )
    .await
}

#[post(
    "/staff/editions/<id>/handovers/<handover>/answer-scan",
    data = "<upload>"
)]
async fn attach(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: EditionId,
    handover: HandoverId,
    upload: ScanUpload,
) -> Result<Answer, AppError> {
    let mut e = FieldErrors::default();
    let (status, bytes) = match upload.0 {
        Err(UploadProblem::TooLarge) => {
            e.add("scan", "scan-too-large");
            (Status::PayloadTooLarge, None)
        }
        Err(UploadProblem::Malformed) => {
            e.add("scan", "scan-form");
            (Status::BadRequest, None)
        }
        Ok(u) => match u.file {
            None => {
                e.add("scan", "scan-missing");
                (Status::UnprocessableEntity, None)
            }
            Some(mut f) => {
                use std::io::Read;
                let mut bytes = Vec::with_capacity(usize::try_from(f.size).unwrap_or(0));
                f.file
                    .read_to_end(&mut bytes)
                    .map_err(|e| AppError::Internal(format!("reading an uploaded scan: {e}")))?;
                (Status::UnprocessableEntity, Some(bytes))
            }
        },
    };
    if let Some(bytes) = bytes {
        match svc::attach_answer_scan(ctx, staff.0.account.id, id, handover, bytes, Utc::now())
            .await?
        {
            Ok(_) => {
                return Ok(Answer::Redirect(Redirect::to(uri!(form(
                    id = id,
                    handover = handover,
                    saved = Some(true)
                )))));
            }
            Err(refusal) => e.add("scan", refusal.code()),
        }
    }
    let refill = Refill::errors(page.locale, &e);
    let view = scan_page(&page, ctx, &staff, id, handover, &refill, false).await?;
    Ok(Answer::page(status, view))
}

/// The answer letter's image, public.
#[derive(Responder)]
#[response(content_type = "image/jpeg")]
pub struct Jpeg(Vec<u8>, Header<'static>);

#[get("/petitions/<slug>/answers/<scan>/letter.jpg")]
async fn letter(ctx: &State<AppContext>, slug: &str, scan: AnswerScanId) -> Result<Jpeg, AppError> {
    let p = sign_svc::published(ctx, slug)
        .await?
        .ok_or(AppError::NotFound)?;
    let image = svc::public_answer_scan(ctx, p.model.id, scan)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Jpeg(
        image,
        Header::new("Cache-Control", "public, max-age=300"),
    ))
}

/// The answer-letter routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![form, attach, letter]
}
