//! Turns an [`AppError`] into a response: logs the cause once, shows the visitor a safe,
//! translated page with the right status.

use super::catchers::{error_page, worded_page};
use super::locale::resolve;
use crate::error::AppError;
use rocket::http::Status;
use rocket::request::Request;
use rocket::response::{self, Responder};

impl<'r> Responder<'r, 'static> for AppError {
    fn respond_to(self, req: &'r Request<'_>) -> response::Result<'static> {
        let status = Status::from_code(self.status_code()).unwrap_or(Status::InternalServerError);
        if status.code >= 500 {
            // The route template, not the path: a path may carry a one-time token.
            log::error!(
                "{} {}: {self}",
                req.method(),
                super::observe::route_label(req)
            );
        }
        let resolved = resolve(req);
        if status == Status::ServiceUnavailable {
            if let Some(ctx) = req.rocket().state::<crate::context::AppContext>() {
                ctx.write_gate.health().record(false);
            }
            // A storage fault: the transaction was not committed, and the page says so.
            return worded_page(
                status,
                "unsaved",
                resolved.locale,
                resolved.unsupported_request,
            )
            .respond_to(req);
        }
        error_page(status, resolved.locale, resolved.unsupported_request).respond_to(req)
    }
}
