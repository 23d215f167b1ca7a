//! What the export gets from an edition's frozen copy: names as each signer chose for the
//! officials, countries and relationships translated, and the book's fixed texts.

use crate::context::AppContext;
use crate::domain::people::country;
use crate::domain::people::relationship::Relationship;
use crate::domain::petitions::signature::{self as sig, BookDisclosure, context};
use crate::entities::{edition, edition_entry, petition, petition_text};
use crate::error::AppError;
use crate::i18n::Locale;
use peyvand_export::{self as export, EditionInput, Entry, Labels, Letter};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// The fixed texts of the book in `locale`.
#[must_use]
pub fn labels(locale: Locale) -> Labels {
    let t = |k: &str| locale.t(&format!("book-{k}"));
    Labels {
        lang: locale.code().to_owned(),
        petition_book: t("petition-book"),
        edition: t("edition"),
        volume: t("volume"),
        page: t("page"),
        addressed_to: t("addressed-to"),
        cut_off: t("cut-off"),
        signatures: t("signatures"),
        letters: t("letters"),
        by_country: t("by-country"),
        by_relationship: t("by-relationship"),
        relationship_not_stated: t("relationship-not-stated"),
        key_fingerprint: t("key-fingerprint"),
        petition_text: t("petition-text"),
        col_number: t("col-number"),
        col_name: t("col-name"),
        col_city: t("col-city"),
        col_country: t("col-country"),
        col_date: t("col-date"),
        col_receipt: t("col-receipt"),
        range: t("range"),
        verification: t("verification"),
        merkle_root: t("merkle-root"),
        public_key: t("public-key"),
        how_to_verify: t("how-to-verify"),
        col_channel: t("col-channel"),
        paper_mark: t("paper-mark"),
        assisted_mark: t("assisted-mark"),
    }
}

/// Assembles what the export needs from the frozen copy: names resolved as each signer
/// chose for the officials, countries and relationships translated into the book's
/// language.
pub(super) async fn input(ctx: &AppContext, e: &edition::Model) -> Result<EditionInput, AppError> {
    let locale = Locale::parse(&e.locale).unwrap_or(Locale::En);
    let p = petition::Entity::find_by_id(e.petition_id)
        .one(&ctx.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let texts = petition_text::Entity::find()
        .filter(petition_text::Column::PetitionId.eq(p.id))
        .order_by_asc(petition_text::Column::Id)
        .all(&ctx.db)
        .await?;
    let rows = edition_entry::Entity::find()
        .filter(edition_entry::Column::EditionId.eq(e.id))
        .order_by_asc(edition_entry::Column::Number)
        .all(&ctx.db)
        .await?;
    let family = locale.t("book-family");
    let mut entries = Vec::with_capacity(rows.len());
    let mut letters = Vec::new();
    // Letters on paper, by their index in `letters`: their scans are read after the loop.
    let mut paper_letters = Vec::new();
    for r in rows {
        let name = ctx.crypto.decrypt_str(context::NAME, &r.name_enc)?;
        let display_name = match r.book_disclosure {
            BookDisclosure::Initials => sig::initials(&name),
            BookDisclosure::Family => family.clone(),
            BookDisclosure::Full => name,
        };
        let number = u64::try_from(r.number).unwrap_or(0);
        if let Some(l) = &r.letter_enc {
            let text = ctx.crypto.decrypt_str(context::LETTER, l)?;
            let paper = r.channel == crate::domain::petitions::paper::Channel::Paper;
            if paper {
                paper_letters.push((letters.len(), r.signature_id));
            }
            letters.push(Letter {
                entry_number: number,
                signer: display_name.clone(),
                lang: guess_lang(&text).to_owned(),
                text,
                paper,
                scan: None,
            });
        }
        entries.push(Entry {
            number,
            display_name,
            city: ctx.crypto.decrypt_str(context::CITY, &r.city_enc)?,
            country: country::name(&r.country, locale.code())
                .unwrap_or(&r.country)
                .to_owned(),
            signed_on: r.signed_at.date_naive(),
            receipt_code: r.receipt_code,
            channel: (r.channel != crate::domain::petitions::paper::Channel::Online)
                .then(|| r.channel.as_str().to_owned()),
            relationship: (r.relationship != Relationship::None)
                .then(|| locale.t(&format!("relationship-{}", r.relationship))),
        });
    }
    let mut scans = crate::services::scans::scans_for_book(
        ctx,
        paper_letters.iter().map(|(_, id)| *id).collect(),
    )
    .await?;
    for (i, id) in paper_letters {
        letters[i].scan = scans
            .remove(&id)
            .map(|(jpeg, width, height)| export::LetterScan {
                jpeg,
                width,
                height,
            });
    }
    let mut labels = labels(locale);
    labels.how_to_verify = format!(
        "{}\n\n{}",
        labels.how_to_verify,
        super::readme::colophon(ctx, locale)
    );
    let edition_number = u32::try_from(e.number).unwrap_or(0);
    let readme = super::readme::text(ctx, &p.slug, edition_number, &e.organisation);
    Ok(EditionInput {
        petition: export::Petition {
            slug: p.slug,
            texts: texts
                .into_iter()
                .map(|t| export::PetitionText {
                    lang: t.locale,
                    title: t.title,
                    body: t.body,
                })
                .collect(),
            addressees: p
                .addressees
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect(),
        },
        organisation: e.organisation.clone(),
        edition_number,
        cut_off: e.cut_off,
        entries,
        letters,
        labels,
        options: export::ExportOptions {
            volume_size: usize::try_from(e.volume_size).unwrap_or(2_500),
            csv_bom: true,
        },
        readme: Some(readme),
    })
}

/// The language a letter is most likely written in: Persian when most of its letters are
/// Arabic-script, else English (the book only uses it for direction and shaping).
fn guess_lang(text: &str) -> &'static str {
    let (mut arabic, mut other) = (0usize, 0usize);
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if ('\u{0600}'..='\u{06FF}').contains(&c) || ('\u{FB50}'..='\u{FEFF}').contains(&c) {
            arabic += 1;
        } else {
            other += 1;
        }
    }
    if arabic > other { "fa" } else { "en" }
}
