//! Demo contact data for `peyvand demo seed`: registrations and confirmed contact requests
//! with names in Persian and Latin script, some of which match, one vetoed by the person
//! sought and one sought person registered as open to no one. Every record is marked
//! `demo` (the matcher never pairs demo and real records) and its links are random, given
//! once to the caller. Idempotent.

use crate::context::AppContext;
use crate::domain::contact::records::{
    self as c, EMAIL_INDEX, Openness, RecordState, RegistrationData, RegistrationRules,
    RequesterData, ReviewState, SoughtData, context,
};
use crate::domain::people::relationship::Relationship;
use crate::entities::{contact_request, registration, sought_person};
use crate::error::AppError;
use crate::i18n::Locale;
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

struct Reg {
    names: &'static [&'static str],
    year: i32,
    father: &'static str,
    place: &'static str,
    openness: Openness,
    only_relationships: &'static [&'static str],
    only_names: &'static [&'static str],
    deny_names: &'static [&'static str],
    deny_aliases: &'static [&'static str],
}

const fn reg(
    names: &'static [&'static str],
    year: i32,
    father: &'static str,
    place: &'static str,
) -> Reg {
    Reg {
        names,
        year,
        father,
        place,
        openness: Openness::Anyone,
        only_relationships: &[],
        only_names: &[],
        deny_names: &[],
        deny_aliases: &[],
    }
}

const REGISTRATIONS: [Reg; 8] = [
    reg(
        &["محمدرضا حسینی", "Mohammad-Reza Hosseini"],
        1968,
        "حسین",
        "Tehran",
    ),
    Reg {
        openness: Openness::Relationships,
        only_relationships: &["parent", "sibling"],
        ..reg(&["زهرا کریمی", "Zahra Karimi"], 1975, "Akbar", "Shiraz")
    },
    Reg {
        openness: Openness::Named,
        only_names: &["Fatemeh Rezaei"],
        ..reg(&["Ali Rezaei", "علی رضایی"], 1980, "Mahmoud", "Tabriz")
    },
    Reg {
        openness: Openness::NoOne,
        ..reg(
            &["مریم صادق‌زاده", "Maryam Sadeghzadeh"],
            1972,
            "Sadegh",
            "Isfahan",
        )
    },
    Reg {
        deny_names: &["Reza Moradi"],
        ..reg(&["Hassan Moradi", "حسن مرادی"], 1965, "Karim", "Kermanshah")
    },
    reg(&["Leila Ahmadi", "لیلا احمدی"], 1983, "Ahmad", "Mashhad"),
    reg(&["Hossein Jafari", "حسین جعفری"], 1970, "Jafar", "Qom"),
    Reg {
        deny_aliases: &["Sister Fatima"],
        ..reg(&["Fatemeh Mousavi", "فاطمه موسوی"], 1978, "Mousa", "Ahvaz")
    },
];

/// `(requester, relationship, sought Latin name, sought Persian name, birth year, father)`.
const REQUESTS: [(&str, Relationship, &str, &str, i32, &str); 6] = [
    (
        "Maryam Hosseini",
        Relationship::Sibling,
        "Mohamadreza Husseini",
        "",
        1969,
        "Hossein",
    ),
    (
        "Reza Moradi",
        Relationship::Child,
        "",
        "حسن مرادی",
        1965,
        "",
    ),
    (
        "Akbar Karimi",
        Relationship::Parent,
        "Zahra Karimi",
        "",
        1976,
        "Akbar",
    ),
    (
        "Sara Jafari",
        Relationship::Sibling,
        "Hassan Jafari",
        "",
        1970,
        "Jafar",
    ),
    (
        "Nasrin Ahmadi",
        Relationship::Parent,
        "",
        "لیلا احمدی",
        1983,
        "احمد",
    ),
    (
        "Parvin Sadeghi",
        Relationship::Supporter,
        "Maryam Sadeghzadeh",
        "",
        1972,
        "",
    ),
];

fn owned(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

/// What [`seed`] added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoContact {
    /// Registrations added.
    pub registrations: usize,
    /// Requests added.
    pub requests: usize,
    /// The requesters' status pages (each link's token is random and stored only as a
    /// hash: this is the one time it can be shown).
    pub request_links: Vec<String>,
    /// The registered people's own pages (likewise shown once).
    pub registration_links: Vec<String>,
}

/// A random link token and the hash stored for it.
fn token() -> Result<(String, String), AppError> {
    let token = crate::crypto::random_token()?;
    let hash = crate::crypto::sha256_hex(token.as_bytes());
    Ok((token, hash))
}

/// Adds the demo registrations and requests, marked as demo, unless demo registrations
/// exist. Returns what was added, with the pages' links (random tokens, shown once).
///
/// # Errors
/// A database or encryption error; nothing is written then.
pub async fn seed(ctx: &AppContext) -> Result<DemoContact, AppError> {
    let existing = registration::Entity::find()
        .filter(registration::Column::Demo.eq(true))
        .count(&ctx.db)
        .await?;
    if existing > 0 {
        return Ok(DemoContact::default());
    }
    let now = Utc::now();
    let expires = now + Duration::days(365);
    let mut added = DemoContact {
        registrations: REGISTRATIONS.len(),
        requests: REQUESTS.len(),
        ..DemoContact::default()
    };
    let txn = ctx.begin_write().await?;
    for (i, r) in REGISTRATIONS.iter().enumerate() {
        let email = format!("registered{i}@example.org");
        let data = RegistrationData {
            names: owned(r.names),
            birth_year: Some(r.year),
            father_name: r.father.to_owned(),
            places: vec![r.place.to_owned()],
            email: email.clone(),
            ..RegistrationData::default()
        };
        let rules = RegistrationRules {
            only_relationships: owned(r.only_relationships),
            only_names: owned(r.only_names),
            deny_names: owned(r.deny_names),
            deny_aliases: owned(r.deny_aliases),
            deny_relationships: Vec::new(),
            deny_requester_keys: Vec::new(),
        };
        let locale = if i % 2 == 0 { Locale::Fa } else { Locale::En };
        let (manage, manage_hash) = token()?;
        added
            .registration_links
            .push(crate::services::contact::intake::link(
                ctx,
                "registration",
                &manage,
                locale,
            ));
        registration::ActiveModel {
            data_enc: Set(c::seal(&ctx.crypto, context::REGISTRATION, &data)?),
            rules_enc: Set(c::seal(&ctx.crypto, context::RULES, &rules)?),
            email_index: Set(ctx.crypto.blind_index(EMAIL_INDEX, &email).to_hex()),
            locale: Set(locale.code().to_owned()),
            openness: Set(r.openness),
            network_hash: Set(String::new()),
            state: Set(RecordState::Active),
            verify_hash: Set(token()?.1),
            manage_hash: Set(manage_hash),
            review: Set(ReviewState::New),
            created_at: Set(now - Duration::days(40 - i64::try_from(i).unwrap_or(0))),
            verified_at: Set(Some(now)),
            expires_at: Set(expires),
            renewal_sent_at: Set(None),
            closed_at: Set(None),
            demo: Set(true),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
    }
    for (i, (requester, relationship, latin, persian, year, father)) in REQUESTS.iter().enumerate()
    {
        let email = format!("family{i}@example.org");
        let who = RequesterData {
            name: (*requester).to_owned(),
            email: email.clone(),
            phone: String::new(),
            postal: String::new(),
        };
        let (status, status_hash) = token()?;
        added
            .request_links
            .push(crate::services::contact::intake::link(
                ctx,
                "status",
                &status,
                Locale::En,
            ));
        let r = contact_request::ActiveModel {
            requester_enc: Set(c::seal(&ctx.crypto, context::REQUESTER, &who)?),
            email_index: Set(ctx.crypto.blind_index(EMAIL_INDEX, &email).to_hex()),
            country: Set("DE".to_owned()),
            locale: Set("en".to_owned()),
            relationship: Set(*relationship),
            message_enc: Set(ctx.crypto.encrypt_str(
                context::MESSAGE,
                "We think of you every day and would love to hear from you. / هر روز به یادت هستیم.",
            )?),
            network_hash: Set(String::new()),
            state: Set(RecordState::Active),
            verify_hash: Set(token()?.1),
            status_hash: Set(status_hash),
            review: Set(ReviewState::New),
            hostile: Set(false),
            hostile_note_enc: Set(None),
            created_at: Set(now - Duration::days(10 - i64::try_from(i).unwrap_or(0))),
            verified_at: Set(Some(now)),
            expires_at: Set(expires),
            renewal_sent_at: Set(None),
            closed_at: Set(None),
            demo: Set(true),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
        let sought = SoughtData {
            name_latin: (*latin).to_owned(),
            name_persian: (*persian).to_owned(),
            birth_year: Some(*year),
            father_name: (*father).to_owned(),
            facts: "Loved to draw; always hummed the same song.".to_owned(),
            ..SoughtData::default()
        };
        sought_person::ActiveModel {
            request_id: Set(r.id),
            position: Set(1),
            data_enc: Set(c::seal(&ctx.crypto, context::SOUGHT, &sought)?),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
    }
    txn.commit().await?;
    crate::services::contact::candidates::forget_index(ctx);
    Ok(added)
}
