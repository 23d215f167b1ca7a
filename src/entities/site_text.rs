//! The `site_texts` table: an administrator's text of a who-we-are page (privacy notice,
//! about) in one language; a page without a row shows its translated default.

use crate::ids::{SiteTextId, StaffId};
use sea_orm::entity::prelude::*;

/// A page's text in one language.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "site_texts")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: SiteTextId,
    /// Which page.
    pub page: crate::domain::site_text::SitePage,
    /// The language code (`en`, `fa`, `fr`).
    pub locale: String,
    /// The text as written: paragraphs separated by blank lines, `## ` headings, `- `
    /// list items; shown escaped, never as HTML.
    #[sea_orm(column_type = "Text")]
    pub body: String,
    /// Last edited.
    pub updated_at: DateTimeUtc,
    /// By whom.
    pub updated_by: StaffId,
}

/// No relations declared.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
