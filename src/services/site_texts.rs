//! Who-we-are pages (#14 item 8): the text administrators wrote for the privacy notice and
//! the about page in each language (falling back to the translated default), saving it
//! with an audit entry, and the retention figures the privacy notice states, read from the
//! settings so the notice never disagrees with what the portal does.

use crate::context::AppContext;
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::domain::site_text::{MAX_BODY_CHARS, SitePage};
use crate::entities::site_text;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::StaffId;
use crate::services::audit_log::append;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;

/// The text an administrator stored for `page` in `locale`, if any.
pub async fn stored(
    ctx: &AppContext,
    page: SitePage,
    locale: Locale,
) -> Result<Option<site_text::Model>, AppError> {
    Ok(site_text::Entity::find()
        .filter(site_text::Column::Page.eq(page))
        .filter(site_text::Column::Locale.eq(locale.code()))
        .one(&ctx.db)
        .await?)
}

/// The page's text in `locale`: the stored one, else the translated default.
pub async fn text(ctx: &AppContext, page: SitePage, locale: Locale) -> Result<String, AppError> {
    Ok(match stored(ctx, page, locale).await? {
        Some(row) => row.body,
        None => default_text(ctx, page, locale),
    })
}

/// The translated default text of `page` (the organisation's name filled in).
#[must_use]
pub fn default_text(ctx: &AppContext, page: SitePage, locale: Locale) -> String {
    let org = ctx.config.petitions.organisation.clone();
    locale.t_args(
        &format!("about-default-{}", page.as_str()),
        &[("organisation", crate::i18n::TextArg::Str(&org))],
    )
}

/// Why an edit was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditProblem {
    /// Longer than [`MAX_BODY_CHARS`].
    TooLong,
    /// Control or direction-override characters.
    ControlCharacters,
}

/// Stores `body` as `page`'s text in `locale` (an empty body returns the page to its
/// default), with an audit entry naming the page, the language and the text's length.
pub async fn save(
    ctx: &AppContext,
    staff: StaffId,
    page: SitePage,
    locale: Locale,
    body: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), EditProblem>, AppError> {
    let body = body.replace("\r\n", "\n").trim().to_owned();
    if body.chars().count() > MAX_BODY_CHARS {
        return Ok(Err(EditProblem::TooLong));
    }
    if !crate::domain::people::text::is_clean(&body) {
        return Ok(Err(EditProblem::ControlCharacters));
    }
    let txn = ctx.begin_write().await?;
    let existing = site_text::Entity::find()
        .filter(site_text::Column::Page.eq(page))
        .filter(site_text::Column::Locale.eq(locale.code()))
        .one(&txn)
        .await?;
    match (existing, body.is_empty()) {
        (Some(row), true) => {
            site_text::Entity::delete_by_id(row.id).exec(&txn).await?;
        }
        (Some(row), false) => {
            let mut row: site_text::ActiveModel = row.into();
            row.body = Set(body.clone());
            row.updated_at = Set(now);
            row.updated_by = Set(staff);
            row.update(&txn).await?;
        }
        (None, true) => {}
        (None, false) => {
            site_text::ActiveModel {
                page: Set(page),
                locale: Set(locale.code().to_owned()),
                body: Set(body.clone()),
                updated_at: Set(now),
                updated_by: Set(staff),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
        }
    }
    append(
        &txn,
        ctx,
        Actor::Staff(staff),
        AuditAction::SiteTextEdit,
        Subject::SiteText(format!("{}/{}", page.as_str(), locale.code())),
        serde_json::json!({
            "chars": body.chars().count(),
            "reset_to_default": body.is_empty(),
        }),
    )
    .await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// One line of the privacy notice's retention table.
#[derive(Debug, Clone, Serialize)]
pub struct Retention {
    /// What is kept (a translation key).
    pub what: String,
    /// For how long, in days.
    pub days: i64,
}

/// How long each kind of data is kept, from the settings.
#[must_use]
pub fn retention(ctx: &AppContext) -> Vec<Retention> {
    let c = &ctx.config;
    vec![
        Retention {
            what: "about-retention-signatures".into(),
            days: c.petitions.retention.num_days(),
        },
        Retention {
            what: "about-retention-contact".into(),
            days: c.contact.expiry.num_days(),
        },
        Retention {
            what: "about-retention-relay".into(),
            days: c.contact.relay_retention.num_days(),
        },
        Retention {
            what: "about-retention-links".into(),
            days: crate::services::lost_links::LINK_DAYS,
        },
    ]
}
