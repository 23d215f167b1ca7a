//! The shared frame of a petition's organiser form pages (progress, news): the petition
//! (404 when unknown), every form field present in the values, the refused form's
//! messages, the `?notice=` the page understands, and the staff navigation.

use crate::context::AppContext;
use crate::error::AppError;
use crate::ids::PetitionId;
use crate::services::petitions::manage as petition_manage;
use crate::web::forms::{FieldErrors, Refill};
use crate::web::guards::staff_auth::OrganiserStaff;
use crate::web::notice::Notices;
use crate::web::page::Page;
use rocket_dyn_templates::Template;
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// One organiser form page of a petition.
pub(super) struct Frame {
    /// Its template.
    pub(super) template: &'static str,
    /// Its title's message key.
    pub(super) title: &'static str,
    /// Its form fields (each present in `values`, empty when not typed).
    pub(super) fields: &'static [&'static str],
    /// The notices it understands.
    pub(super) notices: Notices,
}

impl Frame {
    /// Renders the page for petition `id`: `values` as typed (or saved), `errors` of a
    /// refused form, the raw `?notice=` code, and the page's own `extra` context.
    ///
    /// # Errors
    /// `NotFound` for an unknown petition; database errors.
    #[expect(
        clippy::too_many_arguments,
        reason = "the frame's inputs, each distinct"
    )]
    pub(super) async fn render(
        &self,
        page: &Page,
        ctx: &AppContext,
        staff: &OrganiserStaff<'_>,
        id: PetitionId,
        mut values: BTreeMap<String, String>,
        errors: &FieldErrors,
        notice: Option<&str>,
        extra: Value,
    ) -> Result<Template, AppError> {
        let Some(p) = petition_manage::detail(ctx, id, page.locale).await? else {
            return Err(AppError::NotFound);
        };
        for f in self.fields {
            values.entry((*f).to_owned()).or_default();
        }
        let mut context = json!({
            "staff": crate::routes::staff::nav(staff.0),
            "petition": p,
            "values": values,
            "notice": self.notices.message(notice),
        });
        if let (Value::Object(map), Value::Object(more)) = (&mut context, extra) {
            map.extend(more);
        }
        Ok(page.render_form(
            self.template,
            self.title,
            &Refill::errors(page.locale, errors),
            context,
        ))
    }
}
