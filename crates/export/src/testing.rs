//! Test fixtures: a small edition with Persian and Latin names, and fixed keys.

use chrono::{NaiveDate, TimeZone, Utc};
use ed25519_dalek::SigningKey;

use super::{EditionInput, Entry, ExportOptions, Labels, Letter, Petition, PetitionText};

/// Names that exercise shaping, ZWNJ, right-to-left order and mixed scripts.
pub(crate) const NAMES: [&str; 8] = [
    "مریم صادق‌زاده",
    "Jean-Luc Lefèvre",
    "علی رضایی",
    "Maryam Hosseini",
    "a family member",
    "Z. M.",
    "فاطمه محمدی‌نژاد",
    "Reza Ahmadi",
];

const CITIES: [&str; 4] = ["تهران", "Köln", "Paris", "Toronto"];
const COUNTRIES: [&str; 4] = ["Iran", "Germany", "France", "Canada"];

/// The organisation's key in tests.
pub(crate) fn key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}

/// Another organisation's key.
pub(crate) fn other_key() -> SigningKey {
    SigningKey::from_bytes(&[9; 32])
}

/// An edition of `n` signatures, every `letter_every`-th with a letter (0: none).
pub(crate) fn sample(n: u64, letter_every: u64) -> EditionInput {
    let entries: Vec<Entry> = (1..=n)
        .map(|i| {
            let k = usize::try_from(i).unwrap_or_default();
            Entry {
                number: i,
                display_name: NAMES[(k - 1) % NAMES.len()].to_owned(),
                city: CITIES[k % CITIES.len()].to_owned(),
                country: COUNTRIES[k % COUNTRIES.len()].to_owned(),
                signed_on: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(i % 60),
                receipt_code: format!("R{i:05}-TEST"),
                relationship: (i % 3 != 0).then(|| ["Parent", "Sibling"][k % 2].to_owned()),
                channel: (i % 7 == 0).then(|| "paper".to_owned()),
            }
        })
        .collect();
    let letters = if letter_every == 0 {
        Vec::new()
    } else {
        entries
            .iter()
            .filter(|e| e.number % letter_every == 1 || letter_every == 1)
            .map(|e| {
                let fa = e.number % 2 == 1;
                Letter {
                    entry_number: e.number,
                    signer: e.display_name.clone(),
                    lang: if fa { "fa" } else { "en" }.into(),
                    text: if fa {
                        "جناب آقای سفیر،\n\nمن بیست سال است که برادرم را ندیده‌ام. \
                         از شما خواهش می‌کنم کمک کنید تا بتوانیم دوباره یکدیگر را ببینیم.\n\nبا احترام"
                            .into()
                    } else {
                        "Dear Ambassador,\n\nI have not seen my sister for twenty years. \
                         Please help us meet again.\n\nRespectfully"
                            .into()
                    },
                    paper: false,
                    scan: None,
                }
            })
            .collect()
    };
    EditionInput {
        petition: Petition {
            slug: "let-us-see-them".into(),
            texts: vec![
                PetitionText {
                    lang: "en".into(),
                    title: "Let us see our relatives".into(),
                    body: "We, the undersigned, ask you to help families see their relatives.\n\n\
                           Many of us have had no news for years."
                        .into(),
                },
                PetitionText {
                    lang: "fa".into(),
                    title: "بگذارید عزیزانمان را ببینیم".into(),
                    body: "ما امضاکنندگان از شما می‌خواهیم به خانواده‌ها کمک کنید تا عزیزانشان را ببینند.\n\n\
                           بسیاری از ما سال‌هاست خبری نداریم."
                        .into(),
                },
            ],
            addressees: vec![
                "H.E. the Ambassador of the Republic of Albania".into(),
                "The Office of the UN High Commissioner for Human Rights".into(),
            ],
        },
        organisation: "Peyvand Families Association".into(),
        edition_number: 2,
        cut_off: Utc.with_ymd_and_hms(2025, 3, 1, 12, 0, 0).unwrap(),
        entries,
        letters,
        labels: Labels::english(),
        options: ExportOptions {
            volume_size: 10,
            csv_bom: true,
        },        readme: Some("Sample bundle.\nREADME for tests.\n".into()),
    }
}
