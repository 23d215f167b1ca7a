//! Staff pages for paper signatures (organisers): printing numbered sheets, typing a sheet
//! in, pasting or uploading a CSV of typed-up sheets (refused whole, with every bad row named), the
//! batches of a petition, and a batch's check by a second organiser (four-eyes).

use super::forms::{
    CheckForm, ImportForm, SheetsForm, TypeSheetForm, check_collected, sheet_lines,
};
use crate::context::AppContext;
use crate::domain::approval::DecisionError;
use crate::domain::petitions::paper::LINES_PER_SHEET;
use crate::error::AppError;
use crate::i18n::{Locale, TextArg};
use crate::ids::{PaperBatchId, PetitionId};
use crate::services::approvals::{self, Decision};
use crate::services::petitions::paper as svc;
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill};
use crate::web::guards::csrf::CsrfForm;
use crate::web::guards::staff_auth::OrganiserStaff;
use crate::web::page::Page;
use crate::web::upload::{CsrfUpload, UploadProblem};
use chrono::Utc;
use rocket::http::Header;
use rocket::response::Redirect;
use rocket::{Responder, State, get, post, routes, uri};
use rocket_dyn_templates::Template;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Every field of the paper page's forms (re-filled, or empty).
const PAGE_FIELDS: [&str; 6] = [
    "count",
    "locale",
    "sheet",
    "collected_where",
    "collected_on",
    "csv",
];

/// Fields of the typed-sheet form kept when it is re-shown.
const LINE_FIELDS: [&str; 6] = [
    "name",
    "city",
    "country",
    "relationship",
    "email",
    "disclosure",
];

/// The translated report of bad rows: "Row 5, name: …".
fn row_report(locale: Locale, errors: &[svc::RowError]) -> Vec<String> {
    errors
        .iter()
        .map(|e| {
            let message = locale.t(&format!("form-error-{}", e.code));
            if e.row == 0 {
                locale.t_args("paper-file-error", &[("message", TextArg::Str(&message))])
            } else {
                let field = match e.field {
                    "sheet" => locale.t("paper-type-sheet"),
                    "line" => locale.t("sheet-col-line"),
                    f => locale.t(&format!("sheet-col-{f}")),
                };
                locale.t_args(
                    "paper-row-error",
                    &[
                        (
                            "row",
                            TextArg::Str(&super::public::number(locale, e.row as u64)),
                        ),
                        ("field", TextArg::Str(&field)),
                        ("message", TextArg::Str(&message)),
                    ],
                )
            }
        })
        .collect()
}

/// The typed-up file's header row in each language, one row per column.
fn csv_layout() -> Vec<Value> {
    (0..svc::CSV_COLUMNS.len())
        .map(|i| {
            let mut row = serde_json::Map::new();
            for (lang, cols) in svc::CSV_HEADERS {
                row.insert(lang.to_owned(), Value::from(cols[i]));
            }
            Value::Object(row)
        })
        .collect()
}

/// What the paper page shows besides a refill.
#[derive(Default)]
struct Shown {
    report: Vec<String>,
    lines: Vec<BTreeMap<String, String>>,
}

async fn paper_page(
    page: &Page,
    ctx: &AppContext,
    staff: &OrganiserStaff<'_>,
    id: PetitionId,
    refill: &Refill,
    shown: Shown,
) -> Result<Template, AppError> {
    let batches = svc::batches(ctx, staff.0.account.id, id).await?;
    let batches: Vec<Value> = batches
        .into_iter()
        .map(|b| {
            json!({
                "id": b.id,
                "lines": b.lines,
                "collected_where": b.collected_where,
                "collected_on": b.collected_on,
                "state": page.locale.t(&format!("paper-batch-state-{}", b.state)),
            })
        })
        .collect();
    let lines: Vec<Value> = (0..LINES_PER_SHEET as usize)
        .map(|i| {
            let mut v = shown.lines.get(i).cloned().unwrap_or_default();
            for f in LINE_FIELDS {
                v.entry(f.to_owned()).or_default();
            }
            json!({ "index": i, "number": i + 1, "values": v })
        })
        .collect();
    Ok(page.render_form(
        "petitions/staff/paper",
        "paper-title",
        refill,
        json!({
            "staff": crate::routes::staff::nav(staff.0),
            "petition_id": id,
            "batches": batches,
            "lines": lines,
            "report": shown.report,
            "csv_layout": csv_layout(),
            "locales": [
                { "code": "en", "name": "English" },
                { "code": "fa", "name": "فارسی" },
                { "code": "fr", "name": "Français" },
            ],
        }),
    ))
}

#[get("/staff/petitions/<id>/paper")]
async fn paper(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
) -> Result<Template, AppError> {
    if svc::slug_of(ctx, id).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let refill = Refill::default().with_values(&BTreeMap::new(), &PAGE_FIELDS);
    paper_page(&page, ctx, &staff, id, &refill, Shown::default()).await
}

/// A PDF download.
#[derive(Responder)]
#[response(content_type = "application/pdf")]
pub struct Pdf(Vec<u8>, Header<'static>, Header<'static>);

/// A PDF of sheets, or the page refused.
#[derive(Responder)]
pub enum SheetsAnswer {
    /// The sheets.
    Pdf(Pdf),
    /// The form, refused.
    Refused(Answer),
}

#[post("/staff/petitions/<id>/paper/sheets", data = "<form>")]
async fn sheets(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    form: CsrfForm<SheetsForm>,
) -> Result<SheetsAnswer, AppError> {
    let slug = svc::slug_of(ctx, id).await?.ok_or(AppError::NotFound)?;
    let mut e = FieldErrors::default();
    let count = form
        .parsed
        .as_ref()
        .ok()
        .and_then(|f| f.count.trim().parse::<u32>().ok())
        .filter(|n| (1..=crate::domain::petitions::paper::MAX_SHEETS_PER_RUN).contains(n));
    if count.is_none() {
        e.add("count", "invalid-number");
    }
    let locale = form
        .parsed
        .as_ref()
        .ok()
        .and_then(|f| Locale::parse(&f.locale));
    if locale.is_none() {
        e.add("locale", "invalid-choice");
    }
    let run = match (count, locale) {
        (Some(count), Some(locale)) => {
            svc::print_sheets(
                ctx,
                &slug,
                count,
                locale,
                Some(staff.0.account.id),
                Utc::now(),
            )
            .await?
        }
        _ => None,
    };
    let Some(run) = run else {
        if e.is_empty() {
            // A draft petition has no public form to print for.
            e.add("count", "invalid");
        }
        let refill = Refill::errors(page.locale, &e).with_values(&form.raw, &PAGE_FIELDS);
        let view = paper_page(&page, ctx, &staff, id, &refill, Shown::default()).await?;
        return Ok(SheetsAnswer::Refused(Answer::refused(view)));
    };
    Ok(SheetsAnswer::Pdf(Pdf(
        run.pdf,
        Header::new(
            "Content-Disposition",
            format!(
                "attachment; filename=\"{slug}-sheets-{}-{}.pdf\"",
                run.first, run.last
            ),
        ),
        Header::new("Cache-Control", "no-store"),
    )))
}

/// Stores a batch or re-shows the page with every bad row (422, nothing stored).
async fn store(
    page: &Page,
    ctx: &AppContext,
    staff: &OrganiserStaff<'_>,
    id: PetitionId,
    input: Result<svc::BatchInput, FieldErrors>,
    raw: &BTreeMap<String, String>,
    shown_lines: Vec<BTreeMap<String, String>>,
) -> Result<Answer, AppError> {
    let outcome = match input {
        Ok(input) => svc::enter_batch(ctx, staff.0.account.id, &input, Utc::now()).await?,
        Err(e) => {
            let refill = Refill::errors(page.locale, &e).with_values(raw, &PAGE_FIELDS);
            let shown = Shown {
                report: Vec::new(),
                lines: shown_lines,
            };
            return Ok(Answer::refused(
                paper_page(page, ctx, staff, id, &refill, shown).await?,
            ));
        }
    };
    match outcome {
        svc::EnterOutcome::Stored(batch) => Ok(Answer::Redirect(Redirect::to(uri!(batch_page(
            id = id,
            batch = batch,
            done = _
        ))))),
        svc::EnterOutcome::Refused(errors) => {
            let mut e = FieldErrors::default();
            e.add("report", "paper-refused");
            let refill = Refill::errors(page.locale, &e).with_values(raw, &PAGE_FIELDS);
            let shown = Shown {
                report: row_report(page.locale, &errors),
                lines: shown_lines,
            };
            Ok(Answer::refused(
                paper_page(page, ctx, staff, id, &refill, shown).await?,
            ))
        }
    }
}

#[post("/staff/petitions/<id>/paper/type", data = "<form>")]
async fn type_sheet(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    form: CsrfForm<TypeSheetForm>,
) -> Result<Answer, AppError> {
    svc::slug_of(ctx, id).await?.ok_or(AppError::NotFound)?;
    let shown_lines: Vec<BTreeMap<String, String>> = (0..LINES_PER_SHEET as usize)
        .map(|i| {
            LINE_FIELDS
                .iter()
                .map(|f| {
                    let v = form
                        .raw
                        .get(&format!("lines[{i}].{f}"))
                        .cloned()
                        .unwrap_or_default();
                    ((*f).to_owned(), v)
                })
                .collect()
        })
        .collect();
    let mut e = FieldErrors::default();
    let input = match &form.parsed {
        Err(_) => {
            e.add("sheet", "invalid");
            Err(e)
        }
        Ok(f) => match check_collected(&f.collected_where, &f.collected_on, &mut e) {
            Some((collected_where, collected_on)) if e.is_empty() => Ok(svc::BatchInput {
                petition_id: id,
                collected_where,
                collected_on,
                lines: sheet_lines(f),
            }),
            _ => Err(e),
        },
    };
    store(&page, ctx, &staff, id, input, &form.raw, shown_lines).await
}

#[post("/staff/petitions/<id>/paper/import", data = "<form>")]
async fn import(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    form: CsrfForm<ImportForm>,
) -> Result<Answer, AppError> {
    svc::slug_of(ctx, id).await?.ok_or(AppError::NotFound)?;
    let mut e = FieldErrors::default();
    let input = match &form.parsed {
        Err(_) => {
            e.add("csv", "required");
            Err(e)
        }
        Ok(f) => {
            let collected = check_collected(&f.collected_where, &f.collected_on, &mut e);
            match (collected, svc::parse_csv(f.csv.as_bytes())) {
                (_, Err(file)) => {
                    e.add("csv", file.code);
                    Err(e)
                }
                (Some((collected_where, collected_on)), Ok(lines)) if e.is_empty() => {
                    Ok(svc::BatchInput {
                        petition_id: id,
                        collected_where,
                        collected_on,
                        lines,
                    })
                }
                _ => Err(e),
            }
        }
    };
    store(&page, ctx, &staff, id, input, &form.raw, Vec::new()).await
}

/// The largest typed-up file the upload takes (a 100,000-row file is about 10 MiB).
const MAX_CSV_BYTES: u64 = 64 << 20;

/// The same import as [`import`], from an uploaded file (multipart, CSRF token first):
/// a wrong encoding, wrong columns or formula prefixes answer 422 with the row report
/// and store nothing.
#[post("/staff/petitions/<id>/paper/upload", data = "<upload>")]
async fn upload(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    upload: CsrfUpload,
) -> Result<Answer, AppError> {
    use std::io::Read;
    svc::slug_of(ctx, id).await?.ok_or(AppError::NotFound)?;
    let mut e = FieldErrors::default();
    let (raw, input) = match upload.0 {
        Err(UploadProblem::TooLarge) => {
            e.add("file", "paper-file-too-large");
            (BTreeMap::new(), Err(e))
        }
        Err(UploadProblem::Malformed) => {
            e.add("file", "paper-file-malformed");
            (BTreeMap::new(), Err(e))
        }
        Ok(up) => {
            let collected = check_collected(
                up.fields.get("collected_where").map_or("", String::as_str),
                up.fields.get("collected_on").map_or("", String::as_str),
                &mut e,
            );
            let bytes = match up.file {
                None => {
                    e.add("file", "paper-file-missing");
                    None
                }
                Some(f) if f.size > MAX_CSV_BYTES => {
                    e.add("file", "paper-file-too-large");
                    None
                }
                Some(f) => {
                    let mut bytes = Vec::with_capacity(usize::try_from(f.size).unwrap_or(0));
                    let mut file = f.file;
                    file.read_to_end(&mut bytes).map_err(|err| {
                        AppError::Internal(format!("cannot read an uploaded file: {err}"))
                    })?;
                    Some(bytes)
                }
            };
            let input = match (collected, bytes.map(|b| svc::parse_csv(&b))) {
                (_, Some(Err(file))) => {
                    e.add("file", file.code);
                    Err(e)
                }
                (Some((collected_where, collected_on)), Some(Ok(lines))) if e.is_empty() => {
                    Ok(svc::BatchInput {
                        petition_id: id,
                        collected_where,
                        collected_on,
                        lines,
                    })
                }
                _ => Err(e),
            };
            (up.fields, input)
        }
    };
    store(&page, ctx, &staff, id, input, &raw, Vec::new()).await
}

async fn batch_view(
    page: &Page,
    ctx: &AppContext,
    staff: &OrganiserStaff<'_>,
    id: PetitionId,
    batch: PaperBatchId,
    refill: &Refill,
    done: bool,
) -> Result<Template, AppError> {
    let view = svc::batch_view(ctx, staff.0.account.id, id, batch)
        .await?
        .ok_or(AppError::NotFound)?;
    let locale = page.locale;
    let lines: Vec<Value> = view
        .lines
        .iter()
        .map(|l| {
            json!({
                "sheet": l.sheet, "line": l.line, "name": l.name, "city": l.city,
                "country": l.country, "email": l.email, "receipt": l.receipt,
                "relationship": locale.t(&format!("relationship-{}", l.relationship)),
                "disclosure": locale.t(&format!("sheet-disclosure-{}", l.disclosure)),
                "same_email": (l.same_email > 0).then(|| locale.t_args("paper-dup-email", &[("count", TextArg::Str(&super::public::number(locale, l.same_email as u64)))])),
                "same_name": (l.same_name > 0).then(|| locale.t_args("paper-dup-name", &[("count", TextArg::Str(&super::public::number(locale, l.same_name as u64)))])),
            })
        })
        .collect();
    let pending = view.batch.state == crate::domain::petitions::paper::BatchState::Pending;
    let title = locale.t_args(
        "paper-batch-title",
        &[("id", TextArg::Str(&view.batch.id.to_string()))],
    );
    Ok(page.render_titled_form(
        "petitions/staff/paper_batch",
        &title,
        refill,
        json!({
            "staff": crate::routes::staff::nav(staff.0),
            "petition_id": id,
            "batch_id": batch,
            "collected": locale.t_args("paper-batch-collected", &[
                ("where", TextArg::Str(&view.batch.collected_where)),
                ("on", TextArg::Str(&view.batch.collected_on)),
            ]),
            "state": locale.t(&format!("paper-batch-state-{}", view.batch.state)),
            "duplicates": locale.t_args("paper-batch-duplicates", &[("count", TextArg::Str(&super::public::number(locale, view.likely_duplicates as u64)))]),
            "can_check": pending && view.batch.entered_by != staff.0.account.id,
            "lines": lines,
            "done": done,
        }),
    ))
}

#[get("/staff/petitions/<id>/paper/batches/<batch>?<done>")]
async fn batch_page(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    batch: PaperBatchId,
    done: Option<bool>,
) -> Result<Template, AppError> {
    batch_view(
        &page,
        ctx,
        &staff,
        id,
        batch,
        &Refill::default().with_values(&BTreeMap::new(), &["decision", "note"]),
        done == Some(true),
    )
    .await
}

#[post("/staff/petitions/<id>/paper/batches/<batch>/check", data = "<form>")]
async fn check(
    page: Page,
    ctx: &State<AppContext>,
    staff: OrganiserStaff<'_>,
    id: PetitionId,
    batch: PaperBatchId,
    form: CsrfForm<CheckForm>,
) -> Result<Answer, AppError> {
    let view = svc::batch_view(ctx, staff.0.account.id, id, batch)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut e = FieldErrors::default();
    let decided = match &form.parsed {
        Ok(f) if matches!(f.decision.as_str(), "approve" | "reject") => {
            let note = f.note.clone().unwrap_or_default();
            if !crate::web::forms::note_ok(&note) {
                e.add("note", "note-invalid");
                None
            } else if let Some(approval) = view.batch.approval_id {
                let decision = Decision {
                    id: approval,
                    approve: f.decision == "approve",
                    note: &note,
                    code: &f.code,
                };
                Some(
                    approvals::decide(ctx, &staff.0.account, decision, page.locale, Utc::now())
                        .await?,
                )
            } else {
                return Err(AppError::NotFound);
            }
        }
        _ => {
            e.add("decision", "invalid-choice");
            None
        }
    };
    match decided {
        Some(Ok(())) => Ok(Answer::Redirect(Redirect::to(uri!(batch_page(
            id = id,
            batch = batch,
            done = Some(true)
        ))))),
        Some(Err(problem)) => {
            let code = match problem {
                DecisionError::SecondFactor => "code-wrong",
                DecisionError::OwnProposal | DecisionError::OwnAccount => "paper-own-batch",
                DecisionError::MissingRole => "invalid",
                DecisionError::NotFound
                | DecisionError::AlreadyDecided
                | DecisionError::Expired
                | DecisionError::NoLongerValid => "paper-decided",
            };
            e.add("code", code);
            let refill = Refill::errors(page.locale, &e)
                .with_values(&form.raw, &["decision", "note"])
                .blank(&["code"]);
            Ok(Answer::refused(
                batch_view(&page, ctx, &staff, id, batch, &refill, false).await?,
            ))
        }
        None => {
            let refill = Refill::errors(page.locale, &e)
                .with_values(&form.raw, &["decision", "note"])
                .blank(&["code"]);
            Ok(Answer::refused(
                batch_view(&page, ctx, &staff, id, batch, &refill, false).await?,
            ))
        }
    }
}

/// The paper routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![paper, sheets, type_sheet, import, upload, batch_page, check]
}
