//! `GET /static/<path>`: the CSS, fonts and icons, from the override directory, the
//! source tree (debug builds) or the copy compiled into the binary ([`crate::assets`]),
//! answered as Rocket's file server answers: the file's bytes, and a `Content-Type` by
//! its extension when Rocket knows it. A fingerprinted name (`css/app.<hash>.css`, see
//! [`crate::assets::Fingerprints`]) may be cached for a year; a plain one for an hour.

use crate::assets::StaticFile;
use crate::context::AppContext;
use rocket::fs::NamedFile;
use rocket::http::ContentType;
use rocket::request::Request;
use rocket::response::{self, Responder, Response};
use rocket::{State, get, routes};
use std::borrow::Cow;
use std::path::PathBuf;

/// `Cache-Control` of a fingerprinted file: its name changes with its bytes.
const FOREVER: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of a file by its plain name.
const AN_HOUR: &str = "public, max-age=3600";

/// A static file found for a request.
pub enum Asset {
    /// Read from disk.
    Disk(NamedFile),
    /// Compiled in (or, under a fingerprinted name, as fingerprinted), and whether it
    /// may be kept for good.
    Embedded(Option<ContentType>, Cow<'static, [u8]>, bool),
}

impl<'r> Responder<'r, 'static> for Asset {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        match self {
            Self::Disk(file) => {
                let mut response = file.respond_to(req)?;
                response.set_raw_header("Cache-Control", AN_HOUR);
                Ok(response)
            }
            Self::Embedded(content_type, bytes, forever) => {
                let mut response = Response::build();
                response.sized_body(bytes.len(), std::io::Cursor::new(bytes));
                if let Some(ct) = content_type {
                    response.header(ct);
                }
                response.raw_header("Cache-Control", if forever { FOREVER } else { AN_HOUR });
                Ok(response.finalize())
            }
        }
    }
}

#[get("/<path..>", rank = 20)]
async fn file(path: PathBuf, ctx: &State<AppContext>) -> Option<Asset> {
    let content_type = path
        .extension()
        .and_then(|e| ContentType::from_extension(&e.to_string_lossy()));
    if let Some(bytes) = path
        .to_str()
        .and_then(|p| ctx.config.assets.fingerprinted(p))
    {
        return Some(Asset::Embedded(content_type, bytes, true));
    }
    match ctx.config.assets.static_file(&path)? {
        StaticFile::Disk(file) => NamedFile::open(file).await.ok().map(Asset::Disk),
        StaticFile::Embedded(bytes) => Some(Asset::Embedded(content_type, bytes, false)),
    }
}

/// The static file route, mounted at `/static`.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![file]
}
