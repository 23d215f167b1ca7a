//! `peyvand demo seed`: sample data so a newcomer sees a working portal. Idempotent.

use crate::context::AppContext;
use crate::domain::audit::{self, Actor, AuditAction, NewEvent, Subject};
use crate::domain::petitions::petition::PetitionState;
use crate::entities::{petition, petition_text};
use crate::error::AppError;
use crate::ids::PetitionId;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

/// The demo petition's slug.
pub const DEMO_SLUG: &str = "let-families-visit";

const TEXTS: [(&str, &str, &str, &str); 3] = [
    (
        "en",
        "Let families visit their relatives",
        "We ask for the right to see our sons, daughters, brothers and sisters held in the camp, without the group's minders present.",
        "For years we have travelled to the camp's gates and been turned away. Our relatives are adults; they have the right to meet their families freely and in private.\n\nWe ask the government to guarantee private family visits, to let independent observers confirm our relatives' welfare, and to help those who wish to leave.",
    ),
    (
        "fa",
        "اجازهٔ دیدار خانواده‌ها با عزیزانشان",
        "ما خواهان حق دیدار با پسران، دختران، برادران و خواهرانمان در اردوگاه هستیم، بدون حضور مراقبان گروه.",
        "سال‌هاست که تا درِ اردوگاه رفته‌ایم و بازگردانده شده‌ایم. عزیزان ما بزرگسال‌اند و حق دارند آزادانه و در خلوت خانوادهٔ خود را ببینند.\n\nاز دولت می‌خواهیم دیدار خصوصی خانواده‌ها را تضمین کند، به ناظران مستقل اجازه دهد از سلامت عزیزانمان اطمینان یابند، و به کسانی که می‌خواهند جدا شوند کمک کند.",
    ),
    (
        "fr",
        "Laissez les familles rendre visite à leurs proches",
        "Nous demandons le droit de voir nos fils, filles, frères et sœurs retenus dans le camp, sans la présence des surveillants du groupe.",
        "Depuis des années, nous nous rendons aux portes du camp et sommes renvoyés. Nos proches sont adultes ; ils ont le droit de rencontrer leur famille librement et en privé.\n\nNous demandons au gouvernement de garantir des visites familiales privées, de permettre à des observateurs indépendants de vérifier le bien-être de nos proches, et d'aider ceux qui souhaitent partir.",
    ),
];

/// What the seed did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    /// Whether the demo petition was created now (false: it existed).
    pub petition_created: bool,
    /// Signatures added now.
    pub signatures: usize,
}

/// Demo signatures added with the demo petition.
pub const DEMO_SIGNATURES: usize = 3000;

const GIVEN: [&str; 24] = [
    "Maryam",
    "Reza",
    "Zahra",
    "Ali",
    "Fatemeh",
    "Hossein",
    "Leila",
    "Mohammad",
    "Sara",
    "Hassan",
    "مریم",
    "رضا",
    "زهرا",
    "علی",
    "فاطمه",
    "حسین",
    "لیلا",
    "محمد",
    "سارا",
    "حسن",
    "Nasrin",
    "Parviz",
    "Anne",
    "Jean",
];
const FAMILY: [&str; 20] = [
    "Rezaei",
    "Ahmadi",
    "Hosseini",
    "Karimi",
    "Moradi",
    "Jafari",
    "Rahimi",
    "Sadeghi",
    "رضایی",
    "احمدی",
    "حسینی",
    "کریمی",
    "مرادی",
    "جعفری",
    "رحیمی",
    "صادقی",
    "Martin",
    "Dubois",
    "Schmidt",
    "Taylor",
];
const COUNTRIES: [&str; 12] = [
    "DE", "DE", "FR", "GB", "SE", "NL", "CA", "US", "IR", "IR", "AT", "AU",
];
const LETTERS: [&str; 3] = [
    "سال‌هاست پسرم را ندیده‌ام. خواهش می‌کنم اجازه دهید فقط یک بار او را ببینم.",
    "My sister has been in the camp for eighteen years. We only ask to meet her in private.",
    "Nous demandons simplement de pouvoir revoir notre frère, librement et sans surveillance.",
];

/// A small deterministic generator, so the demo data is the same on every machine.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from((self.0 >> 33) % n as u64).unwrap_or(0)
    }
}

/// The stored hash of a random link token that is thrown away.
fn unknown_link() -> Result<String, AppError> {
    Ok(crate::crypto::sha256_hex(
        crate::crypto::random_token()?.as_bytes(),
    ))
}

/// Adds `n` verified demo signatures (Latin and Persian names, some letters).
async fn seed_signatures(
    txn: &impl sea_orm::ConnectionTrait,
    ctx: &AppContext,
    petition_id: PetitionId,
    n: usize,
) -> Result<(), AppError> {
    use crate::domain::people::relationship::Relationship;
    use crate::domain::petitions::signature::{
        self as sig, BookDisclosure, LetterState, PublicDisclosure, SignatureState, context,
    };
    use crate::entities::signature;
    let mut rng = Lcg(20_261_123);
    let now = Utc::now();
    let mut batch = Vec::with_capacity(200);
    for i in 0..n {
        let given = GIVEN[rng.next(GIVEN.len())];
        // Keep each name in one script: Persian given names with Persian family names.
        let persian = given.chars().next().is_some_and(|c| !c.is_ascii());
        let family = loop {
            let f = FAMILY[rng.next(FAMILY.len())];
            if f.chars().next().is_some_and(|c| !c.is_ascii()) == persian {
                break f;
            }
        };
        let name = format!("{given} {family}");
        let email = format!("demo-{i}@example.org");
        let letter = (rng.next(10) == 0).then(|| LETTERS[rng.next(LETTERS.len())]);
        let signed =
            now - chrono::Duration::minutes(i64::try_from(rng.next(60 * 24 * 30)).unwrap_or(0));
        batch.push(signature::ActiveModel {
            petition_id: Set(petition_id),
            name_enc: Set(ctx.crypto.encrypt_str(context::NAME, &name)?),
            email_enc: Set(ctx.crypto.encrypt_str(context::EMAIL, &email)?),
            email_index: Set(ctx.crypto.blind_index(sig::EMAIL_INDEX, &email).to_hex()),
            email_domain_index: Set(ctx
                .crypto
                .blind_index(sig::DOMAIN_INDEX, "example.org")
                .to_hex()),
            country: Set(COUNTRIES[rng.next(COUNTRIES.len())].to_owned()),
            city_enc: Set(ctx.crypto.encrypt_str(context::CITY, "")?),
            relationship: Set(Relationship::ALL[rng.next(Relationship::ALL.len())]),
            letter_enc: Set(match letter {
                Some(l) => Some(ctx.crypto.encrypt_str(context::LETTER, l)?),
                None => None,
            }),
            letter_state: Set(if letter.is_some() {
                LetterState::Approved
            } else {
                LetterState::None
            }),
            letter_note: Set(None),
            public_disclosure: Set(PublicDisclosure::ALL[rng.next(3)]),
            book_disclosure: Set(BookDisclosure::ALL[rng.next(3)]),
            state: Set(SignatureState::Verified),
            shadow: Set(false),
            receipt_code: Set(sig::new_receipt_code()?),
            ip_hash: Set(String::new()),
            // Links nobody holds: random tokens, never shown (demo signatures are
            // confirmed already, and nobody can withdraw them by guessing a link).
            confirm_hash: Set(unknown_link()?),
            withdraw_hash: Set(unknown_link()?),
            invalidation_id: Set(None),
            created_at: Set(signed),
            verified_at: Set(Some(signed)),
            withdrawn_at: Set(None),
            erased_at: Set(None),
            ..Default::default()
        });
        if batch.len() == 200 || i + 1 == n {
            signature::Entity::insert_many(std::mem::take(&mut batch))
                .exec(txn)
                .await?;
        }
    }
    Ok(())
}

/// Creates the demo petition (open, texts in English, Persian and French) with
/// [`DEMO_SIGNATURES`] confirmed signatures, unless it exists.
pub async fn seed(ctx: &AppContext) -> Result<SeedReport, AppError> {
    let txn = ctx.begin_write().await?;
    let exists = petition::Entity::find()
        .filter(petition::Column::Slug.eq(DEMO_SLUG))
        .one(&txn)
        .await?
        .is_some();
    if exists {
        return Ok(SeedReport {
            petition_created: false,
            signatures: 0,
        });
    }
    let now = Utc::now();
    let p = petition::ActiveModel {
        slug: Set(DEMO_SLUG.to_owned()),
        state: Set(PetitionState::Open),
        goal: Set(Some(11_000)),
        created_at: Set(now),
        updated_at: Set(now),
        addressees: Set("The Prime Minister\nThe Minister of Foreign Affairs".to_owned()),
        collects_letters: Set(true),
        opens_at: Set(None),
        closes_at: Set(None),
        delivered_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (locale, title, summary, body) in TEXTS {
        petition_text::ActiveModel {
            petition_id: Set(p.id),
            locale: Set(locale.to_owned()),
            title: Set(title.to_owned()),
            summary: Set(summary.to_owned()),
            body: Set(body.to_owned()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent {
            actor: Actor::Cli,
            action: AuditAction::DemoSeed,
            subject: Subject::Petition(p.id),
            details: serde_json::json!({ "slug": DEMO_SLUG }),
        },
    )
    .await?;
    seed_signatures(&txn, ctx, p.id, DEMO_SIGNATURES).await?;
    txn.commit().await?;
    Ok(SeedReport {
        petition_created: true,
        signatures: DEMO_SIGNATURES,
    })
}
