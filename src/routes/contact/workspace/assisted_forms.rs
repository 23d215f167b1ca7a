//! The assisted-intake forms a caseworker fills in for a person without email: a contact
//! request taken on the phone, in person or by post, a registration for a person located
//! off-line, and the address for a later take-over; each check turns a submission into the
//! service's input or the field errors the page shows again (422).

use super::super::form_parts::{relationships, text};
use crate::domain::contact::form as cf;
use crate::domain::contact::intake::{ContactPreference, IntakeChannel};
use crate::domain::contact::records::{Openness, RegistrationData, RegistrationRules, SoughtData};
use crate::domain::people::country;
use crate::domain::people::names::clean_name;
use crate::domain::people::relationship::Relationship;
use crate::i18n::Locale;
use crate::services::contact::intake::{AssistedRequest, OfflineRegistration};
use crate::web::forms::FieldErrors;
use chrono::Utc;
use rocket::FromForm;

/// Longest account of how consent was obtained.
pub const MAX_HOW_CHARS: usize = 1000;
/// Longest postal address.
pub const MAX_POSTAL_CHARS: usize = 300;

/// Every field of the assisted request form (re-filled, or empty).
pub const REQUEST_FIELDS: [&str; 16] = [
    "name",
    "phone",
    "postal",
    "country",
    "relationship",
    "message",
    "sought_latin",
    "sought_persian",
    "sought_birth_year",
    "sought_father",
    "sought_place",
    "channel",
    "preference",
    "locale",
    "how",
    "consent",
];

/// Every field of the off-line registration form (re-filled, or empty).
pub const REGISTRATION_FIELDS: [&str; 14] = [
    "names",
    "birth_year",
    "father_name",
    "places",
    "phone",
    "postal",
    "openness",
    "only_names",
    "deny_names",
    "deny_aliases",
    "channel",
    "preference",
    "locale",
    "how",
];

/// The assisted request form (every field optional at parse time: the check names each).
#[derive(Debug, FromForm)]
pub struct AssistedRequestForm {
    pub(super) name: Option<String>,
    pub(super) phone: Option<String>,
    pub(super) postal: Option<String>,
    pub(super) country: Option<String>,
    pub(super) relationship: Option<String>,
    pub(super) message: Option<String>,
    pub(super) sought_latin: Option<String>,
    pub(super) sought_persian: Option<String>,
    pub(super) sought_birth_year: Option<String>,
    pub(super) sought_father: Option<String>,
    pub(super) sought_place: Option<String>,
    pub(super) channel: Option<String>,
    pub(super) preference: Option<String>,
    pub(super) locale: Option<String>,
    pub(super) how: Option<String>,
    pub(super) consent: Option<String>,
}

/// The off-line registration form.
#[derive(Debug, FromForm)]
pub struct OfflineRegistrationForm {
    pub(super) names: Option<String>,
    pub(super) birth_year: Option<String>,
    pub(super) father_name: Option<String>,
    pub(super) places: Option<String>,
    pub(super) phone: Option<String>,
    pub(super) postal: Option<String>,
    pub(super) openness: Option<String>,
    pub(super) only_names: Option<String>,
    pub(super) deny_names: Option<String>,
    pub(super) deny_aliases: Option<String>,
    pub(super) channel: Option<String>,
    pub(super) preference: Option<String>,
    pub(super) locale: Option<String>,
    pub(super) how: Option<String>,
}

/// The take-over form: the address the person now has.
#[derive(Debug, FromForm)]
pub struct TakeoverForm {
    pub(super) email: Option<String>,
}

/// The channel, preference, language and account of consent every assisted form carries.
fn common(
    channel: Option<&String>,
    preference: Option<&String>,
    locale: Option<&String>,
    how: Option<&String>,
    e: &mut FieldErrors,
) -> Option<(IntakeChannel, ContactPreference, Locale, String)> {
    let channel =
        IntakeChannel::parse(text(channel)).filter(|c| IntakeChannel::ASSISTED.contains(c));
    if channel.is_none() {
        e.add("channel", "assisted-channel");
    }
    let preference = ContactPreference::parse(text(preference))
        .filter(|p| ContactPreference::WITHOUT_EMAIL.contains(p));
    if preference.is_none() {
        e.add("preference", "assisted-preference");
    }
    let locale = Locale::parse(text(locale));
    if locale.is_none() {
        e.add("locale", "invalid-choice");
    }
    let how = match cf::free_text(text(how), MAX_HOW_CHARS) {
        Ok(h) if h.is_empty() => {
            e.add("how", "assisted-how");
            None
        }
        Ok(h) => Some(h),
        Err(code) => {
            e.add("how", code);
            None
        }
    };
    Some((channel?, preference?, locale?, how?))
}

fn postal(raw: Option<&String>, e: &mut FieldErrors) -> Option<String> {
    cf::free_text(text(raw), MAX_POSTAL_CHARS)
        .map_err(|code| e.add("postal", code))
        .ok()
}

/// A way to reach the person that fits their preference: a phone number to call, a postal
/// address to write to (a caseworker meeting them needs neither).
fn reachable(preference: ContactPreference, phone: &str, postal: &str, e: &mut FieldErrors) {
    match preference {
        ContactPreference::Phone if phone.is_empty() => e.add("phone", "assisted-phone-needed"),
        ContactPreference::Post if postal.is_empty() => e.add("postal", "assisted-postal-needed"),
        _ => {}
    }
}

/// The parsed form, or its parse errors (named on `first_field` when the parser named none).
fn parsed_or<'a, T>(
    parsed: &'a Result<T, FieldErrors>,
    first_field: &str,
) -> Result<&'a T, FieldErrors> {
    parsed.as_ref().map_err(|parse| {
        let mut e = parse.clone();
        if e.is_empty() {
            e.add(first_field, "invalid");
        }
        e
    })
}

/// Checks an assisted request.
pub fn check_request(
    parsed: &Result<AssistedRequestForm, FieldErrors>,
) -> Result<AssistedRequest, FieldErrors> {
    let f = parsed_or(parsed, "name")?;
    let mut e = FieldErrors::default();
    let name = match clean_name(text(f.name.as_ref()), true, false) {
        Ok(n) => Some(n),
        Err(p) => {
            e.add("name", p.code());
            None
        }
    };
    let phone = cf::phone(text(f.phone.as_ref()))
        .map_err(|code| e.add("phone", code))
        .ok();
    let postal = postal(f.postal.as_ref(), &mut e);
    let country_code = text(f.country.as_ref()).to_owned();
    if country_code.is_empty() {
        e.add("country", "required");
    } else if !country::is_known(&country_code) {
        e.add("country", "invalid-choice");
    }
    let rel_raw = text(f.relationship.as_ref());
    let relationship = Relationship::parse(rel_raw).filter(|r| relationships().any(|x| x == *r));
    if rel_raw.is_empty() {
        e.add("relationship", "required");
    } else if relationship.is_none() {
        e.add("relationship", "invalid-choice");
    }
    let message = cf::free_text(text(f.message.as_ref()), cf::MAX_MESSAGE_CHARS)
        .map_err(|code| e.add("message", code))
        .ok();
    let today = Utc::now().date_naive();
    let latin = cf::latin_name(text(f.sought_latin.as_ref()))
        .map_err(|code| e.add("sought_latin", code))
        .ok();
    let persian = cf::persian_name(text(f.sought_persian.as_ref()))
        .map_err(|code| e.add("sought_persian", code))
        .ok();
    if latin.as_deref() == Some("") && persian.as_deref() == Some("") {
        e.add("sought_latin", "contact-sought-needed");
    }
    let birth_year = cf::year(text(f.sought_birth_year.as_ref()), today)
        .map_err(|code| e.add("sought_birth_year", code))
        .ok();
    let father = cf::any_name(text(f.sought_father.as_ref()), false)
        .map_err(|code| e.add("sought_father", code))
        .ok();
    let place = cf::any_name(text(f.sought_place.as_ref()), true)
        .map_err(|code| e.add("sought_place", code))
        .ok();
    if f.consent.as_deref() != Some("yes") {
        e.add("consent", "assisted-consent");
    }
    let common = common(
        f.channel.as_ref(),
        f.preference.as_ref(),
        f.locale.as_ref(),
        f.how.as_ref(),
        &mut e,
    );
    if let (Some((_, preference, _, _)), Some(phone), Some(postal)) = (&common, &phone, &postal) {
        reachable(*preference, phone, postal, &mut e);
    }
    match (
        name,
        phone,
        postal,
        relationship,
        message,
        latin,
        persian,
        birth_year,
        father,
        place,
        common,
    ) {
        (
            Some(name),
            Some(phone),
            Some(postal),
            Some(relationship),
            Some(message),
            Some(name_latin),
            Some(name_persian),
            Some(birth_year),
            Some(father_name),
            Some(last_place),
            Some((channel, preference, locale, how)),
        ) if e.is_empty() => Ok(AssistedRequest {
            name,
            phone,
            postal,
            country: country_code,
            relationship,
            message,
            sought: SoughtData {
                name_latin,
                name_persian,
                birth_year,
                father_name,
                last_place,
                ..SoughtData::default()
            },
            channel,
            preference,
            locale,
            how,
        }),
        _ => Err(e),
    }
}

/// Checks an off-line registration.
pub fn check_registration(
    parsed: &Result<OfflineRegistrationForm, FieldErrors>,
) -> Result<OfflineRegistration, FieldErrors> {
    let f = parsed_or(parsed, "names")?;
    let mut e = FieldErrors::default();
    let today = Utc::now().date_naive();
    let names = cf::name_lines(text(f.names.as_ref()))
        .map_err(|code| e.add("names", code))
        .ok();
    if names.as_ref().is_some_and(Vec::is_empty) {
        e.add("names", "required");
    }
    let birth_year = cf::year(text(f.birth_year.as_ref()), today)
        .map_err(|code| e.add("birth_year", code))
        .ok();
    let father_name = cf::any_name(text(f.father_name.as_ref()), false)
        .map_err(|code| e.add("father_name", code))
        .ok();
    let places = cf::lines(text(f.places.as_ref()), true)
        .map_err(|code| e.add("places", code))
        .ok();
    let phone = cf::phone(text(f.phone.as_ref()))
        .map_err(|code| e.add("phone", code))
        .ok();
    let postal = postal(f.postal.as_ref(), &mut e);
    let openness =
        Openness::parse(text(f.openness.as_ref())).filter(|o| *o != Openness::Relationships);
    if openness.is_none() {
        e.add("openness", "invalid-choice");
    }
    let only_names = cf::name_lines(text(f.only_names.as_ref()))
        .map_err(|code| e.add("only_names", code))
        .ok();
    if openness == Some(Openness::Named) && only_names.as_ref().is_some_and(Vec::is_empty) {
        e.add("only_names", "required");
    }
    let deny_names = cf::name_lines(text(f.deny_names.as_ref()))
        .map_err(|code| e.add("deny_names", code))
        .ok();
    let deny_aliases = cf::name_lines(text(f.deny_aliases.as_ref()))
        .map_err(|code| e.add("deny_aliases", code))
        .ok();
    let common = common(
        f.channel.as_ref(),
        f.preference.as_ref(),
        f.locale.as_ref(),
        f.how.as_ref(),
        &mut e,
    );
    if let (Some((_, preference, _, _)), Some(phone), Some(postal)) = (&common, &phone, &postal) {
        reachable(*preference, phone, postal, &mut e);
    }
    if !e.is_empty() {
        return Err(e);
    }
    match (
        names,
        birth_year,
        father_name,
        places,
        phone,
        postal,
        openness,
        only_names,
        deny_names,
        deny_aliases,
        common,
    ) {
        (
            Some(names),
            Some(birth_year),
            Some(father_name),
            Some(places),
            Some(phone),
            Some(postal),
            Some(openness),
            Some(only_names),
            Some(deny_names),
            Some(deny_aliases),
            Some((channel, preference, locale, how)),
        ) => Ok(OfflineRegistration {
            data: RegistrationData {
                names,
                birth_year,
                father_name,
                places,
                email: String::new(),
                phone,
                postal,
            },
            openness,
            rules: RegistrationRules {
                only_names: if openness == Openness::Named {
                    only_names
                } else {
                    Vec::new()
                },
                deny_names,
                deny_aliases,
                ..RegistrationRules::default()
            },
            channel,
            preference,
            locale,
            how,
        }),
        _ => Err(e),
    }
}
