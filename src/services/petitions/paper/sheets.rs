//! A run of printed signature sheets: the next free sheet numbers are recorded (so a
//! typed-in sheet can be checked against them) and the sheets typeset.

use crate::context::AppContext;
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::domain::petitions::paper::{self, LINES_PER_SHEET, MAX_SHEETS_PER_RUN};
use crate::entities::{paper_sheet_run, petition, petition_text};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::StaffId;
use crate::services::audit_log::append;
use chrono::{DateTime, Utc};
use peyvand_export::sheets::{Sheet, SheetLabels, SheetsInput, render_sheets};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

/// A printed run.
#[derive(Debug, Clone)]
pub struct SheetRun {
    /// First sheet number.
    pub first: u32,
    /// Last sheet number.
    pub last: u32,
    /// The PDF.
    pub pdf: Vec<u8>,
}

/// The translated labels of a sheet.
#[must_use]
pub fn sheet_labels(locale: Locale) -> SheetLabels {
    let t = |k: &str| locale.t(k);
    SheetLabels {
        lang: locale.code().to_owned(),
        sheet_heading: t("sheet-heading"),
        sheet: t("sheet-number"),
        addressed_to: t("sheet-addressed-to"),
        scan_to_sign: t("sheet-scan-to-sign"),
        col_line: t("sheet-col-line"),
        col_receipt: t("sheet-col-receipt"),
        col_name: t("sheet-col-name"),
        col_city: t("sheet-col-city"),
        col_country: t("sheet-col-country"),
        col_relationship: t("sheet-col-relationship"),
        col_email: t("sheet-col-email"),
        col_disclosure: t("sheet-col-disclosure"),
        col_signature: t("sheet-col-signature"),
        disclosure_full: t("sheet-disclosure-full"),
        disclosure_initials: t("sheet-disclosure-initials"),
        disclosure_family: t("sheet-disclosure-family"),
        relationship_hint: t("sheet-relationship-hint"),
        collected_where: t("sheet-collected-where"),
        collected_on: t("sheet-collected-on"),
        privacy_heading: t("sheet-privacy-heading"),
    }
}

/// Prints `count` sheets of petition `slug` in `locale`: records the next free sheet
/// numbers (audited as `paper.sheets`) and typesets them. `None` when there is no such
/// petition, or it is a draft, or `count` is not 1 to [`MAX_SHEETS_PER_RUN`].
pub async fn print_sheets(
    ctx: &AppContext,
    slug: &str,
    count: u32,
    locale: Locale,
    staff: Option<StaffId>,
    now: DateTime<Utc>,
) -> Result<Option<SheetRun>, AppError> {
    if !(1..=MAX_SHEETS_PER_RUN).contains(&count) {
        return Ok(None);
    }
    let Some(public) = crate::domain::petitions::petition::load_public(&ctx.db, slug).await? else {
        return Ok(None);
    };
    let p: &petition::Model = &public.model;
    let text: Option<&petition_text::Model> = public
        .texts
        .iter()
        .find(|t| t.locale == locale.code())
        .or_else(|| public.texts.first());
    let Some(text) = text else {
        return Ok(None);
    };
    let txn = ctx.begin_write().await?;
    let last_used = paper_sheet_run::Entity::find()
        .filter(paper_sheet_run::Column::PetitionId.eq(p.id))
        .order_by_desc(paper_sheet_run::Column::LastNumber)
        .one(&*txn)
        .await?
        .map_or(0, |r| u32::try_from(r.last_number).unwrap_or(0));
    let first = last_used + 1;
    let last = last_used + count;
    let run = paper_sheet_run::ActiveModel {
        petition_id: Set(p.id),
        first_number: Set(i32::try_from(first).unwrap_or(i32::MAX)),
        last_number: Set(i32::try_from(last).unwrap_or(i32::MAX)),
        lines: Set(i32::try_from(LINES_PER_SHEET).unwrap_or(10)),
        locale: Set(locale.code().to_owned()),
        created_by: Set(staff),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    append(
        &txn,
        ctx,
        staff.map_or(Actor::Cli, Actor::Staff),
        AuditAction::PaperSheets,
        Subject::Petition(p.id),
        serde_json::json!({ "run": run.id, "first": first, "last": last, "locale": locale.code() }),
    )
    .await?;
    txn.commit().await?;
    let sheets = (first..=last)
        .map(|n| Sheet {
            number: n,
            receipts: (1..=LINES_PER_SHEET)
                .map(|l| paper::receipt_code(&ctx.crypto, p.id.0, n, l))
                .collect(),
        })
        .collect();
    let input = SheetsInput {
        slug: p.slug.clone(),
        organisation: ctx.config.petitions.organisation.clone(),
        title: text.title.clone(),
        body: text.body.clone(),
        addressees: p
            .addressees
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        form_url: format!(
            "{}/petitions/{}",
            ctx.config.public_url.trim_end_matches('/'),
            p.slug
        ),
        privacy: locale.t("sheet-privacy"),
        labels: sheet_labels(locale),
        sheets,
        created_at: now,
    };
    let fonts = peyvand_export::BookFonts::embedded();
    let pdf = tokio::task::spawn_blocking(move || render_sheets(&input, &fonts))
        .await
        .map_err(|e| AppError::Internal(format!("sheets: {e}")))?
        .map_err(|e| AppError::Internal(format!("sheets: {e}")))?;
    Ok(Some(SheetRun { first, last, pdf }))
}

/// The slug of petition `id`, if there is one.
pub async fn slug_of(
    ctx: &AppContext,
    id: crate::ids::PetitionId,
) -> Result<Option<String>, AppError> {
    Ok(petition::Entity::find_by_id(id)
        .one(&ctx.db)
        .await?
        .map(|p| p.slug))
}
