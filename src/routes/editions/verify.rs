//! The public bundle check for officials, `/verify`: upload an edition's signed bundle and
//! read, in plain words in the page's language, what `peyvand bundle verify` establishes
//! (files intact, Merkle root, the signing key compared with this organisation's and with
//! the fingerprint printed in the book, edition and counts) and whether a receipt code is
//! in it. A bad or hostile file gets a clear answer and a 4xx status, never a 500.

use super::forms::VerifyFields;
use crate::context::AppContext;
use crate::error::AppError;
use crate::i18n::{Locale, TextArg};
use crate::services::editions::{self as svc, BundleCheck};
use crate::web::answer::Answer;
use crate::web::forms::{FieldErrors, Refill};
use crate::web::guards::rate_limit::RateLimited;
use crate::web::page::Page;
use crate::web::upload::{self, CsrfUpload, UploadProblem};
use peyvand_export::VerifyError;
use peyvand_export::bundle::ReceiptCheck;
use rocket::http::Status;
use rocket::request::{FromRequest, Outcome, Request};
use rocket::{State, get, post, routes};
use rocket_dyn_templates::Template;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;

/// The upload limit of this request, in whole MiB (for the page).
struct LimitMib(u64);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for LimitMib {
    type Error = std::convert::Infallible;

    async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
        Outcome::Success(LimitMib(upload::limit(req).as_u64() >> 20))
    }
}

/// One line of the result: a check passed or failed, its words, and a code to show beside
/// them (a hash, a fingerprint).
#[derive(Debug, Serialize)]
struct Line {
    ok: bool,
    text: String,
    code: Option<String>,
}

/// The result panel.
#[derive(Debug, Serialize)]
struct Shown {
    authentic: bool,
    verdict: String,
    lines: Vec<Line>,
    technical: Option<String>,
}

fn view(
    page: &Page,
    ctx: &AppContext,
    limit: &LimitMib,
    raw: &BTreeMap<String, String>,
    errors: &FieldErrors,
    shown: Option<&Shown>,
) -> Template {
    let refill = Refill::errors(page.locale, errors).with_values(raw, &["fingerprint", "receipt"]);
    page.render_form(
        "editions/verify",
        "bundle-check-title",
        &refill,
        json!({
            "our_fingerprint": peyvand_export::fingerprint(&ctx.signing_key.verifying_key()),
            "limit_mib": limit.0,
            "result": shown,
        }),
    )
}

#[get("/verify")]
fn form(page: Page, ctx: &State<AppContext>, limit: LimitMib) -> Template {
    view(
        &page,
        ctx,
        &limit,
        &BTreeMap::new(),
        &FieldErrors::default(),
        None,
    )
}

/// The words for a bundle that failed, and the file it names.
fn problem(locale: Locale, e: &VerifyError) -> String {
    let named = |key: &str, file: &str| locale.t_args(key, &[("file", TextArg::Str(file))]);
    match e {
        VerifyError::NotAZip(_) => locale.t("bundle-problem-not-zip"),
        VerifyError::Ambiguous(_) => locale.t("bundle-problem-ambiguous"),
        VerifyError::UnexpectedName(f) => named("bundle-problem-unexpected-name", f),
        VerifyError::MissingFile(f) => named("bundle-problem-missing", f),
        VerifyError::UnexpectedFile(f) => named("bundle-problem-added", f),
        VerifyError::Corrupt { file, .. } => named("bundle-problem-corrupt", file),
        VerifyError::Malformed { file, .. } => named("bundle-problem-malformed", file),
        VerifyError::HashMismatch { file, .. } => named("bundle-problem-tampered", file),
        VerifyError::MerkleMismatch { .. } => locale.t("bundle-problem-merkle"),
        VerifyError::BadSignature => locale.t("bundle-problem-signature"),
        VerifyError::FingerprintMismatch { .. } => locale.t("bundle-problem-forged"),
        VerifyError::WrongKey { .. } => locale.t("bundle-check-other-key"),
        VerifyError::Io(_) => locale.t("bundle-problem-unreadable"),
    }
}

/// The result panel for a checked bundle, and the status to answer it with: 200 when the
/// bundle is the organisation's, complete and unchanged; 422 otherwise.
fn shown(locale: Locale, check: &BundleCheck) -> (Status, Shown) {
    let report = match &check.verified {
        Err(e) => {
            return (
                Status::UnprocessableEntity,
                Shown {
                    authentic: false,
                    verdict: locale.t("bundle-check-failed"),
                    lines: vec![Line {
                        ok: false,
                        text: problem(locale, e),
                        code: None,
                    }],
                    technical: Some(e.to_string()),
                },
            );
        }
        Ok(report) => report,
    };
    let m = &report.manifest;
    let num = |n: u64| TextArg::Num(n as f64);
    let mut lines = vec![
        Line {
            ok: true,
            text: locale.t_args(
                "bundle-check-files",
                &[("files", num(report.files_checked as u64))],
            ),
            code: None,
        },
        Line {
            ok: true,
            text: locale.t_args("bundle-check-merkle", &[("count", num(m.merkle.size))]),
            code: Some(peyvand_export::group_hex(&m.merkle.root)),
        },
        Line {
            ok: true,
            text: locale.t("bundle-check-signature"),
            code: Some(report.key_fingerprint.clone()),
        },
    ];
    if check.signed_by_us {
        lines.push(Line {
            ok: true,
            text: locale.t("bundle-check-key-ours"),
            code: None,
        });
    } else {
        lines.push(Line {
            ok: false,
            text: locale.t("bundle-check-key-not-ours"),
            code: Some(check.our_fingerprint.clone()),
        });
    }
    match check.matches_book {
        Some(true) => lines.push(Line {
            ok: true,
            text: locale.t("bundle-check-key-book-same"),
            code: None,
        }),
        Some(false) => lines.push(Line {
            ok: false,
            text: locale.t("bundle-check-key-book-differs"),
            code: None,
        }),
        None => {}
    }
    let title = m
        .petition
        .titles
        .iter()
        .find(|t| t.lang.split('-').next() == Some(locale.code()))
        .or_else(|| m.petition.titles.first())
        .map_or(m.petition.slug.as_str(), |t| t.title.as_str());
    lines.push(Line {
        ok: true,
        text: locale.t_args(
            "bundle-check-edition",
            &[
                ("edition", num(u64::from(m.edition))),
                ("title", TextArg::Str(title)),
                ("organisation", TextArg::Str(&m.organisation)),
                ("cutoff", TextArg::Str(&m.cut_off)),
                ("signatures", num(m.counts.signatures)),
                ("letters", num(m.counts.letters)),
                ("volumes", num(m.counts.volumes)),
            ],
        ),
        code: None,
    });
    match check.receipt() {
        Some(ReceiptCheck::Included(inclusion)) => lines.push(Line {
            ok: true,
            text: locale.t_args(
                "bundle-check-receipt-included",
                &[
                    ("code", TextArg::Str(&inclusion.entry.receipt)),
                    ("number", num(inclusion.entry.number)),
                    ("total", num(inclusion.proof.tree_size as u64)),
                ],
            ),
            code: None,
        }),
        Some(ReceiptCheck::NotIncluded { code }) => lines.push(Line {
            ok: false,
            text: locale.t_args(
                "bundle-check-receipt-missing",
                &[("code", TextArg::Str(code))],
            ),
            code: None,
        }),
        None => {}
    }
    let authentic = check.authentic();
    let verdict = if authentic {
        locale.t("bundle-check-ok")
    } else if !check.signed_by_us {
        locale.t("bundle-check-other-key")
    } else {
        locale.t("bundle-check-book-differs")
    };
    let status = if authentic {
        Status::Ok
    } else {
        Status::UnprocessableEntity
    };
    (
        status,
        Shown {
            authentic,
            verdict,
            lines,
            technical: None,
        },
    )
}

#[post("/verify", data = "<upload>")]
async fn check(
    page: Page,
    ctx: &State<AppContext>,
    limit: LimitMib,
    _rate: RateLimited,
    upload: CsrfUpload,
) -> Result<Answer, AppError> {
    let failed = |status: Status, text: String, raw: &BTreeMap<String, String>| {
        let shown = Shown {
            authentic: false,
            verdict: page.locale.t("bundle-check-failed"),
            lines: vec![Line {
                ok: false,
                text,
                code: None,
            }],
            technical: None,
        };
        Answer::page(
            status,
            view(
                &page,
                ctx,
                &limit,
                raw,
                &FieldErrors::default(),
                Some(&shown),
            ),
        )
    };
    let upload = match upload.0 {
        Ok(upload) => upload,
        Err(UploadProblem::TooLarge) => {
            let text = page.locale.t_args(
                "bundle-problem-too-large",
                &[("size", TextArg::Num(limit.0 as f64))],
            );
            return Ok(failed(Status::PayloadTooLarge, text, &BTreeMap::new()));
        }
        Err(UploadProblem::Malformed) => {
            let text = page.locale.t("bundle-problem-not-a-form");
            return Ok(failed(Status::BadRequest, text, &BTreeMap::new()));
        }
    };
    let mut fields = match VerifyFields::check(&upload.fields) {
        Ok(fields) => fields,
        Err(errors) => {
            return Ok(Answer::refused(view(
                &page,
                ctx,
                &limit,
                &upload.fields,
                &errors,
                None,
            )));
        }
    };
    let Some(file) = upload.file else {
        let mut errors = FieldErrors::default();
        errors.add("bundle", "bundle-missing");
        return Ok(Answer::refused(view(
            &page,
            ctx,
            &limit,
            &upload.fields,
            &errors,
            None,
        )));
    };
    let check = svc::check_bundle(
        ctx,
        file.file,
        fields.receipt.take(),
        fields.fingerprint.take(),
    )
    .await?;
    let (status, shown) = shown(page.locale, &check);
    Ok(Answer::page(
        status,
        view(
            &page,
            ctx,
            &limit,
            &upload.fields,
            &FieldErrors::default(),
            Some(&shown),
        ),
    ))
}

/// The bundle check's routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![form, check]
}
