//! Family-contact pages: the public request and registration forms, the pages behind the
//! public personal links, the parties' pages behind their links, and the caseworkers'
//! review queue and case page, and their workspace (work by stage, search, assignment).

mod answer;
pub mod case;
mod edit_pages;
mod form_parts;
mod forms;
mod link_pages;
mod notices;
pub mod party;
mod registration_form;
mod request_form;
pub mod review;
pub mod workspace;

/// Every contact route.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    [
        request_form::routes(),
        form_parts::routes(),
        registration_form::routes(),
        link_pages::routes(),
        edit_pages::routes(),
        party::routes(),
        review::routes(),
        case::routes(),
        workspace::work::routes(),
        workspace::assisted::routes(),
    ]
    .concat()
}
