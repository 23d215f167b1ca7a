//! `GET /static/<path>`: the CSS, fonts and icons, from the override directory, the
//! source tree (debug builds) or the copy compiled into the binary ([`crate::assets`]),
//! answered as Rocket's file server answers: the file's bytes, and a `Content-Type` by
//! its extension when Rocket knows it.

use crate::assets::StaticFile;
use crate::context::AppContext;
use rocket::fs::NamedFile;
use rocket::http::ContentType;
use rocket::request::Request;
use rocket::response::{self, Responder, Response};
use rocket::{State, get, routes};
use std::borrow::Cow;
use std::path::PathBuf;

/// A static file found for a request.
pub enum Asset {
    /// Read from disk.
    Disk(NamedFile),
    /// Compiled in.
    Embedded(Option<ContentType>, Cow<'static, [u8]>),
}

impl<'r> Responder<'r, 'static> for Asset {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        match self {
            Self::Disk(file) => file.respond_to(req),
            Self::Embedded(content_type, bytes) => {
                let mut response = Response::build();
                response.sized_body(bytes.len(), std::io::Cursor::new(bytes));
                if let Some(ct) = content_type {
                    response.header(ct);
                }
                Ok(response.finalize())
            }
        }
    }
}

#[get("/<path..>", rank = 20)]
async fn file(path: PathBuf, ctx: &State<AppContext>) -> Option<Asset> {
    match ctx.config.assets.static_file(&path)? {
        StaticFile::Disk(file) => NamedFile::open(file).await.ok().map(Asset::Disk),
        StaticFile::Embedded(bytes) => {
            let content_type = path
                .extension()
                .and_then(|e| ContentType::from_extension(&e.to_string_lossy()));
            Some(Asset::Embedded(content_type, bytes))
        }
    }
}

/// The static file route, mounted at `/static`.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![file]
}
