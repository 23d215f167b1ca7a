//! Petition finders and states, and the text shown for a locale with visible fallback.

use crate::entities::{petition, petition_text};
use crate::i18n::Locale;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// A petition's lifecycle state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PetitionState {
    /// Being written; not public.
    Draft,
    /// Collecting signatures.
    Open,
    /// No longer collecting.
    Closed,
    /// Handed to the officials.
    Delivered,
}

impl PetitionState {
    /// The stored form.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Delivered => "delivered",
        }
    }
}

/// A public petition with the text chosen for a visitor's locale.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PetitionView {
    /// URL name.
    pub slug: String,
    /// Title in `text_locale`.
    pub title: String,
    /// Summary in `text_locale`.
    pub summary: String,
    /// Paragraphs of the text in `text_locale`.
    pub paragraphs: Vec<String>,
    /// The locale of the text shown (may differ from the visitor's).
    pub text_locale: &'static str,
    /// `rtl` or `ltr` for the text shown.
    pub text_dir: &'static str,
    /// Whether the text is shown in another language than the visitor's.
    pub is_fallback: bool,
}

fn choose(
    texts: &[petition_text::Model],
    wanted: Locale,
) -> Option<(&petition_text::Model, Locale)> {
    let by = |l: Locale| texts.iter().find(|t| t.locale == l.code()).map(|t| (t, l));
    by(wanted).or_else(|| by(Locale::En)).or_else(|| {
        texts
            .iter()
            .find_map(|t| Locale::parse(&t.locale).map(|l| (t, l)))
    })
}

fn view(
    p: &petition::Model,
    texts: &[petition_text::Model],
    locale: Locale,
) -> Option<PetitionView> {
    let (text, shown) = choose(texts, locale)?;
    Some(PetitionView {
        slug: p.slug.clone(),
        title: text.title.clone(),
        summary: text.summary.clone(),
        paragraphs: text
            .body
            .split("\n\n")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        text_locale: shown.code(),
        text_dir: shown.dir(),
        is_fallback: shown != locale,
    })
}

/// Petitions visible to the public (open, closed or delivered), newest first.
pub async fn public_list(
    db: &impl ConnectionTrait,
    locale: Locale,
) -> Result<Vec<PetitionView>, sea_orm::DbErr> {
    let rows = petition::Entity::find()
        .filter(petition::Column::State.ne(PetitionState::Draft.as_str()))
        .order_by_desc(petition::Column::CreatedAt)
        .find_with_related(petition_text::Entity)
        .all(db)
        .await?;
    Ok(rows
        .iter()
        .filter_map(|(p, texts)| view(p, texts, locale))
        .collect())
}

/// A public petition with all its texts.
#[derive(Debug, Clone)]
pub struct PublicPetition {
    /// The petition.
    pub model: petition::Model,
    /// Its texts, one per language.
    pub texts: Vec<petition_text::Model>,
}

impl PublicPetition {
    /// The text for a visitor's locale.
    #[must_use]
    pub fn view(&self, locale: Locale) -> Option<PetitionView> {
        view(&self.model, &self.texts, locale)
    }
}

/// Loads a public petition (not a draft) by slug, with its texts.
pub async fn load_public(
    db: &impl ConnectionTrait,
    slug: &str,
) -> Result<Option<PublicPetition>, sea_orm::DbErr> {
    let Some(model) = petition::Entity::find()
        .filter(petition::Column::Slug.eq(slug))
        .filter(petition::Column::State.ne(PetitionState::Draft.as_str()))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let texts = petition_text::Entity::find()
        .filter(petition_text::Column::PetitionId.eq(model.id))
        .all(db)
        .await?;
    Ok(Some(PublicPetition { model, texts }))
}

/// One public petition by slug in `locale`; drafts and unknown slugs are both `None`.
pub async fn public_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
    locale: Locale,
) -> Result<Option<PetitionView>, sea_orm::DbErr> {
    Ok(load_public(db, slug).await?.and_then(|p| p.view(locale)))
}
