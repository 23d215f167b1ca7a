//! Multipart uploads of one file with a few short text fields (the public bundle check):
//! the CSRF token, which must come before the file, is checked before the file is read;
//! the file is streamed into an anonymous temporary file under a size limit, never held in
//! memory, and removed when the upload is dropped.

use super::guards::csrf::{self, CSRF_FIELD};
use rocket::data::{self, ByteUnit, Data, FromData, ToByteUnit};
use rocket::http::Status;
use rocket::request::Request;
use std::collections::BTreeMap;
use std::io::Seek;
use tokio::io::AsyncWriteExt;

/// The request limit (`limits.bundle` in `Rocket.toml` or `ROCKET_LIMITS`) on an uploaded
/// bundle; a real bundle of 100,000 signatures and 10,000 letters takes about 140 MiB.
pub const LIMIT_NAME: &str = "bundle";
/// The size limit when no `limits.bundle` is configured.
pub const DEFAULT_LIMIT_MIB: u64 = 256;
/// The longest text field (the token, a fingerprint, a receipt code).
const FIELD_LIMIT: usize = 4 << 10;
/// The longest text field beside a scan (a typed-in letter of 5,000 characters in any
/// script, with its line breaks).
const SCAN_FIELD_LIMIT: usize = 32 << 10;
/// The most text fields an upload may carry.
const MAX_FIELDS: usize = 16;
/// Room for the text fields and multipart headers on top of the file's limit.
const SLACK: u64 = 64 << 10;

/// The upload size limit configured for `req`.
#[must_use]
pub fn limit(req: &Request<'_>) -> ByteUnit {
    req.limits()
        .get(LIMIT_NAME)
        .unwrap_or_else(|| DEFAULT_LIMIT_MIB.mebibytes())
}

/// An uploaded file, rewound, on disk (deleted when dropped).
#[derive(Debug)]
pub struct UploadedFile {
    /// The anonymous temporary file.
    pub file: std::fs::File,
    /// Its size in bytes.
    pub size: u64,
}

/// What arrived: the file (none when no file was chosen) and the text fields by name.
#[derive(Debug)]
pub struct Upload {
    /// The file, if one was sent and is not empty.
    pub file: Option<UploadedFile>,
    /// The text fields (the CSRF token excluded), first value of each name.
    pub fields: BTreeMap<String, String>,
}

/// Why an upload that carried a valid CSRF token was not taken; the handler answers it
/// with its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadProblem {
    /// The file is larger than [`limit`] (413).
    TooLarge,
    /// The body is not a well-formed multipart form (400).
    Malformed,
}

/// A CSRF-checked multipart upload: a missing or wrong token, or a file sent before the
/// token, is refused with 403 before the file is read; a body that is not
/// `multipart/form-data` with 403 too, or 415 when it carries a valid token.
#[derive(Debug)]
pub struct CsrfUpload(pub Result<Upload, UploadProblem>);

enum Refusal {
    Csrf,
    Problem(UploadProblem),
    Io(std::io::Error),
}

impl From<multer::Error> for Refusal {
    fn from(e: multer::Error) -> Self {
        match e {
            multer::Error::StreamSizeExceeded { .. } | multer::Error::FieldSizeExceeded { .. } => {
                Refusal::Problem(UploadProblem::TooLarge)
            }
            _ => Refusal::Problem(UploadProblem::Malformed),
        }
    }
}

async fn read<'r>(
    req: &'r Request<'_>,
    data: Data<'r>,
    boundary: &str,
    max: u64,
    field_limit: usize,
) -> Result<Upload, Refusal> {
    let stream = data.open((max + SLACK).bytes());
    let constraints =
        multer::Constraints::new().size_limit(multer::SizeLimit::new().whole_stream(max + SLACK));
    let mut multipart =
        multer::Multipart::with_reader_with_constraints(stream, boundary, constraints);
    let mut token_ok = false;
    let mut upload = Upload {
        file: None,
        fields: BTreeMap::new(),
    };
    let mut texts = 0;
    while let Some(mut field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_owned();
        if field.file_name().is_some() {
            if !token_ok {
                return Err(Refusal::Csrf);
            }
            if upload.file.is_some() {
                return Err(Refusal::Problem(UploadProblem::Malformed));
            }
            let std_file = tempfile::tempfile().map_err(Refusal::Io)?;
            let mut file = tokio::fs::File::from_std(std_file);
            let mut size = 0_u64;
            while let Some(chunk) = field.chunk().await? {
                size += chunk.len() as u64;
                if size > max {
                    return Err(Refusal::Problem(UploadProblem::TooLarge));
                }
                file.write_all(&chunk).await.map_err(Refusal::Io)?;
            }
            file.flush().await.map_err(Refusal::Io)?;
            let mut file = file.into_std().await;
            file.rewind().map_err(Refusal::Io)?;
            if size > 0 {
                upload.file = Some(UploadedFile { file, size });
            }
            continue;
        }
        texts += 1;
        if texts > MAX_FIELDS {
            return Err(Refusal::Problem(UploadProblem::Malformed));
        }
        let mut value = Vec::new();
        while let Some(chunk) = field.chunk().await? {
            if value.len() + chunk.len() > field_limit {
                return Err(Refusal::Problem(UploadProblem::Malformed));
            }
            value.extend_from_slice(&chunk);
        }
        let value =
            String::from_utf8(value).map_err(|_| Refusal::Problem(UploadProblem::Malformed))?;
        if name == CSRF_FIELD {
            if !csrf::submitted_token_valid(req, &value) {
                return Err(Refusal::Csrf);
            }
            token_ok = true;
        } else {
            upload.fields.entry(name).or_insert(value);
        }
    }
    if token_ok {
        Ok(upload)
    } else {
        Err(Refusal::Csrf)
    }
}

#[rocket::async_trait]
impl<'r> FromData<'r> for CsrfUpload {
    type Error = ();

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        guarded(req, data, limit(req).as_u64(), FIELD_LIMIT)
            .await
            .map(CsrfUpload)
    }
}

/// A CSRF-checked multipart upload of a scan (a letter on paper, an answer letter), checked
/// exactly as [`CsrfUpload`] but under the scan limit (`limits.scan`, by default
/// [`crate::services::scans::MAX_UPLOAD_BYTES`]).
#[derive(Debug)]
pub struct ScanUpload(pub Result<Upload, UploadProblem>);

/// The request limit's name for scans.
pub const SCAN_LIMIT_NAME: &str = "scan";

#[rocket::async_trait]
impl<'r> FromData<'r> for ScanUpload {
    type Error = ();

    async fn from_data(req: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        let max = req.limits().get(SCAN_LIMIT_NAME).map_or(
            crate::services::scans::MAX_UPLOAD_BYTES as u64,
            ByteUnit::as_u64,
        );
        guarded(req, data, max, SCAN_FIELD_LIMIT)
            .await
            .map(ScanUpload)
    }
}

/// The CSRF check and the read shared by the upload guards, under `max` bytes of file.
async fn guarded<'r>(
    req: &'r Request<'_>,
    data: Data<'r>,
    max: u64,
    field_limit: usize,
) -> data::Outcome<'r, Result<Upload, UploadProblem>, ()> {
    let boundary = req
        .content_type()
        .filter(|ct| ct.is_form_data())
        .and_then(|ct| ct.param("boundary"))
        .map(str::to_owned);
    let Some(boundary) = boundary else {
        // Not a multipart form: still refused as a forgery (403) unless it carries this
        // browser's token, so every state-changing route answers a forged POST alike.
        let limit = req.limits().get("form").unwrap_or_else(|| 64.kibibytes());
        let body = match data.open(limit).into_string().await {
            Ok(s) if s.is_complete() => s.into_inner(),
            _ => String::new(),
        };
        let token = url::form_urlencoded::parse(body.as_bytes())
            .find(|(k, _)| k == CSRF_FIELD)
            .map(|(_, v)| v.into_owned());
        if !token.is_some_and(|t| csrf::submitted_token_valid(req, &t)) {
            csrf::mark_refused(req);
            return data::Outcome::Error((Status::Forbidden, ()));
        }
        return data::Outcome::Error((Status::UnsupportedMediaType, ()));
    };
    match read(req, data, &boundary, max, field_limit).await {
        Ok(upload) => data::Outcome::Success(Ok(upload)),
        Err(Refusal::Problem(p)) => data::Outcome::Success(Err(p)),
        Err(Refusal::Csrf) => {
            csrf::mark_refused(req);
            data::Outcome::Error((Status::Forbidden, ()))
        }
        Err(Refusal::Io(e)) => {
            log::error!("cannot store an upload in a temporary file: {e}");
            data::Outcome::Error((Status::InternalServerError, ()))
        }
    }
}
