//! Petition finders and states, and the text shown for a locale with visible fallback.

pub use crate::domain::petitions::state::PetitionState;
use crate::entities::{petition, petition_text};
use crate::i18n::Locale;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

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
        .filter(petition::Column::State.ne(PetitionState::Draft))
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
        .filter(petition::Column::State.ne(PetitionState::Draft))
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

/// Longest slug.
pub const MAX_SLUG_CHARS: usize = 60;
/// Longest title.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest summary.
pub const MAX_SUMMARY_CHARS: usize = 600;
/// Longest petition text.
pub const MAX_BODY_CHARS: usize = 20_000;
/// Longest list of addressees.
pub const MAX_ADDRESSEES_CHARS: usize = 2_000;
/// Largest goal.
pub const MAX_GOAL: i32 = 10_000_000;

/// A petition's text in one language, as an organiser writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextInput {
    /// Language code (`en`, `fa`, `fr`).
    pub locale: &'static str,
    /// Title.
    pub title: String,
    /// One-paragraph summary.
    pub summary: String,
    /// The text; paragraphs separated by blank lines.
    pub body: String,
}

/// A draft petition as an organiser writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftInput {
    /// URL name.
    pub slug: String,
    /// Signature goal.
    pub goal: Option<i32>,
    /// The officials, one per line.
    pub addressees: String,
    /// Signing opens.
    pub opens_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Signing closes.
    pub closes_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Whether signers may write a letter.
    pub collects_letters: bool,
    /// Texts; languages without a title are left out.
    pub texts: Vec<TextInput>,
}

/// Whether `slug` is a usable URL name: 3–60 of `a-z`, `0-9` and inner single hyphens.
#[must_use]
pub fn slug_ok(slug: &str) -> bool {
    let n = slug.chars().count();
    (3..=MAX_SLUG_CHARS).contains(&n)
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && !slug.contains("--")
}

/// The problems of a draft, as `(field, code)` pairs (empty: acceptable). Field names are
/// the form's: `slug`, `goal`, `addressees`, `closes_on`, `title_<lang>`, `body_<lang>`…
#[must_use]
pub fn draft_problems(d: &DraftInput) -> Vec<(String, &'static str)> {
    use crate::domain::people::text::is_clean;
    let mut out = Vec::new();
    let mut add = |f: &str, c: &'static str| out.push((f.to_owned(), c));
    if !slug_ok(&d.slug) {
        add("slug", "slug-invalid");
    }
    if d.goal.is_some_and(|g| !(1..=MAX_GOAL).contains(&g)) {
        add("goal", "invalid-number");
    }
    if d.addressees.trim().is_empty() {
        add("addressees", "required");
    } else if d.addressees.chars().count() > MAX_ADDRESSEES_CHARS {
        add("addressees", "too-long");
    } else if !is_clean(&d.addressees) {
        add("addressees", "control-characters");
    }
    if let (Some(o), Some(c)) = (d.opens_at, d.closes_at)
        && c <= o
    {
        add("closes_on", "closes-before-opens");
    }
    let mut any = false;
    for t in &d.texts {
        let l = t.locale;
        let written =
            !t.title.trim().is_empty() || !t.summary.trim().is_empty() || !t.body.trim().is_empty();
        if !written {
            continue;
        }
        any = true;
        for (field, value, max, required) in [
            ("title", &t.title, MAX_TITLE_CHARS, true),
            ("summary", &t.summary, MAX_SUMMARY_CHARS, false),
            ("body", &t.body, MAX_BODY_CHARS, true),
        ] {
            let name = format!("{field}_{l}");
            if required && value.trim().is_empty() {
                add(&name, "required");
            } else if value.chars().count() > max {
                add(&name, "too-long");
            } else if !is_clean(value) {
                add(&name, "control-characters");
            }
        }
    }
    if !any {
        add("title_en", "text-required");
    }
    out
}

/// Which state changes an admin may make: publish, close, reopen, mark delivered.
#[must_use]
pub fn can_move(from: PetitionState, to: PetitionState) -> bool {
    use PetitionState::{Closed, Delivered, Draft, Open};
    matches!(
        (from, to),
        (Draft, Open) | (Open, Closed) | (Closed, Open) | (Closed, Delivered)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> DraftInput {
        DraftInput {
            slug: "free-visits".into(),
            goal: Some(100),
            addressees: "The Prime Minister".into(),
            texts: vec![TextInput {
                locale: "fa",
                title: "دیدار".into(),
                summary: String::new(),
                body: "متن".into(),
            }],
            ..DraftInput::default()
        }
    }

    #[test]
    fn slugs() {
        for ok in ["abc", "let-families-visit", "a1-b2"] {
            assert!(slug_ok(ok), "{ok}");
        }
        for bad in [
            "ab",
            "-abc",
            "abc-",
            "a--b",
            "ABC",
            "a b c",
            "دیدار",
            "a/b/c",
        ] {
            assert!(!slug_ok(bad), "{bad}");
        }
    }

    #[test]
    fn drafts() {
        assert!(draft_problems(&draft()).is_empty());
        let mut d = draft();
        d.texts.clear();
        assert_eq!(
            draft_problems(&d),
            vec![("title_en".into(), "text-required")]
        );
        let mut d = draft();
        d.texts[0].body = String::new();
        d.goal = Some(0);
        d.addressees = "x\u{202e}y".into();
        let codes = draft_problems(&d);
        assert!(codes.contains(&("body_fa".into(), "required")));
        assert!(codes.contains(&("goal".into(), "invalid-number")));
        assert!(codes.contains(&("addressees".into(), "control-characters")));
        let mut d = draft();
        d.opens_at = Some(chrono::Utc::now());
        d.closes_at = d.opens_at;
        assert_eq!(
            draft_problems(&d),
            vec![("closes_on".into(), "closes-before-opens")]
        );
    }

    #[test]
    fn moves() {
        use PetitionState::*;
        let allowed: Vec<_> = PetitionState::ALL
            .iter()
            .flat_map(|a| PetitionState::ALL.iter().map(move |b| (*a, *b)))
            .filter(|(a, b)| can_move(*a, *b))
            .collect();
        assert_eq!(
            allowed,
            vec![
                (Draft, Open),
                (Open, Closed),
                (Closed, Open),
                (Closed, Delivered)
            ]
        );
    }
}
