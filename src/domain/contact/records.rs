//! Family contact records: the sealed documents stored for requests, sought persons and
//! registrations (personal data lives only inside them, encrypted), their states, and
//! the conversion of a sought person and a registration into the matcher's terms.

use crate::crypto::{Crypto, CryptoError};
use crate::ids::RegistrationId;
use peyvand_matching as matching;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// Encryption contexts (each sealed document is bound to its purpose).
pub mod context {
    /// The requester of a contact request.
    pub const REQUESTER: &str = "contact.requester";
    /// The message to the sought person.
    pub const MESSAGE: &str = "contact.message";
    /// A sought person.
    pub const SOUGHT: &str = "contact.sought";
    /// A registration's details.
    pub const REGISTRATION: &str = "contact.registration";
    /// A registration's rules.
    pub const RULES: &str = "contact.rules";
    /// A caseworker's note (e.g. why a request is suspected hostile).
    pub const NOTE: &str = "contact.note";
}

/// Blind index purpose of contact email addresses.
pub const EMAIL_INDEX: &str = "contact.email";

crate::string_enum! {
    /// A request's or registration's state (`contact_requests.state`,
    /// `registrations.state`).
    pub enum RecordState {
        /// Email not verified yet (invisible to staff).
        Unverified = "unverified",
        /// Verified and in force.
        Active = "active",
        /// Expired without renewal.
        Closed = "closed",
        /// Withdrawn by its owner.
        Withdrawn = "withdrawn",
    }
}

crate::string_enum! {
    /// A request's or registration's staff review state (`contact_requests.review`,
    /// `registrations.review`).
    pub enum ReviewState {
        /// Not looked at yet.
        New = "new",
        /// Reviewed by a caseworker.
        Reviewed = "reviewed",
    }
}

crate::string_enum! {
    /// How open a registered person is to contact (`registrations.openness`), in form
    /// order.
    pub enum Openness {
        /// Anyone may ask.
        Anyone = "anyone",
        /// Only relatives with the listed relationships.
        Relationships = "relationships",
        /// Only the named relatives.
        Named = "named",
        /// No one.
        NoOne = "no_one",
    }
}

crate::string_enum! {
    /// The kind of a notice on a requester's page (`request_notices.kind`).
    pub enum NoticeKind {
        /// The connection with a sought person is open (or was, until `ended_at`).
        Connected = "connected",
        /// A welfare message the decliner chose to release.
        Welfare = "welfare",
    }
}

/// The requester of a contact request (sealed in `requester_enc`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequesterData {
    /// Full name.
    pub name: String,
    /// Email address (where mail goes).
    pub email: String,
    /// Phone number (may be empty).
    pub phone: String,
    /// Postal address (may be empty; requests filed by a caseworker).
    #[serde(default)]
    pub postal: String,
}

/// A sought person (sealed in `data_enc`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SoughtData {
    /// Name in Latin script (may be empty).
    pub name_latin: String,
    /// Name in Persian script (may be empty).
    pub name_persian: String,
    /// Other names and aliases.
    pub aliases: Vec<String>,
    /// Approximate year of birth.
    pub birth_year: Option<i32>,
    /// Father's name.
    pub father_name: String,
    /// Birthplace.
    pub birthplace: String,
    /// Last known place.
    pub last_place: String,
    /// Year of the last contact.
    pub last_year: Option<i32>,
    /// "Only family would know" facts, for identity checks by staff.
    pub facts: String,
}

impl SoughtData {
    /// Every name and alias given.
    #[must_use]
    pub fn all_names(&self) -> Vec<String> {
        [self.name_latin.clone(), self.name_persian.clone()]
            .into_iter()
            .chain(self.aliases.iter().cloned())
            .filter(|n| !n.trim().is_empty())
            .collect()
    }
}

/// A registration's details (sealed in `data_enc`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationData {
    /// Names and the aliases the person chooses to be findable by.
    pub names: Vec<String>,
    /// Year of birth.
    pub birth_year: Option<i32>,
    /// Father's name.
    pub father_name: String,
    /// Places (birthplace, places lived) the person chooses to give.
    pub places: Vec<String>,
    /// Contact email (where mail goes; empty for a person located off-line who has none).
    pub email: String,
    /// Phone number (may be empty; registrations recorded by a caseworker).
    #[serde(default)]
    pub phone: String,
    /// Postal address (may be empty; registrations recorded by a caseworker).
    #[serde(default)]
    pub postal: String,
}

/// A registration's rules (sealed in `rules_enc`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationRules {
    /// With `Openness::Relationships`: the relationships accepted.
    pub only_relationships: Vec<String>,
    /// With `Openness::Named`: the relatives accepted, by name.
    pub only_names: Vec<String>,
    /// "Never these people", by name.
    pub deny_names: Vec<String>,
    /// "Never anyone who names this alias".
    pub deny_aliases: Vec<String>,
    /// Relationships refused.
    pub deny_relationships: Vec<String>,
    /// Requesters refused for good from a contact case ("never from this person"), by the
    /// blind index of their address: not shown to the registrant (they saw the name).
    #[serde(default)]
    pub deny_requester_keys: Vec<String>,
}

/// Seals a document as JSON under `context`.
pub fn seal<T: Serialize>(crypto: &Crypto, context: &str, doc: &T) -> Result<Vec<u8>, CryptoError> {
    let json = serde_json::to_vec(doc).unwrap_or_default();
    crypto.encrypt(context, &json)
}

/// Opens a sealed document.
pub fn open<T: DeserializeOwned>(
    crypto: &Crypto,
    context: &str,
    sealed: &[u8],
) -> Result<T, CryptoError> {
    let json = crypto.decrypt(context, sealed)?;
    serde_json::from_slice(&json).map_err(|_| CryptoError::Malformed)
}

fn relationships(values: &[String]) -> Vec<matching::Relationship> {
    values
        .iter()
        .filter_map(|v| matching::Relationship::parse(v))
        .collect()
}

/// A registration in the matcher's terms, its rules turned into vetoes.
#[must_use]
pub fn person(
    id: RegistrationId,
    openness: Openness,
    data: &RegistrationData,
    rules: &RegistrationRules,
) -> matching::Person {
    matching::Person {
        id: id.0,
        names: data.names.clone(),
        birth_year: data.birth_year,
        father_name: (!data.father_name.trim().is_empty()).then(|| data.father_name.clone()),
        places: data.places.clone(),
        vetoes: matching::Vetoes {
            no_one: openness == Openness::NoOne,
            deny_relationships: relationships(&rules.deny_relationships),
            only_relationships: if openness == Openness::Relationships {
                relationships(&rules.only_relationships)
            } else {
                Vec::new()
            },
            deny_requesters: rules.deny_names.clone(),
            only_requesters: if openness == Openness::Named {
                rules.only_names.clone()
            } else {
                Vec::new()
            },
            deny_aliases: rules.deny_aliases.clone(),
            deny_keys: rules.deny_requester_keys.clone(),
        },
    }
}

/// A sought person in the matcher's terms, with who is asking.
#[must_use]
pub fn query(
    sought: &SoughtData,
    requester_name: &str,
    relationship: &str,
    requester_key: &str,
) -> matching::Query {
    matching::Query {
        names: sought.all_names(),
        birth_year: sought.birth_year,
        father_name: (!sought.father_name.trim().is_empty()).then(|| sought.father_name.clone()),
        places: [&sought.birthplace, &sought.last_place]
            .into_iter()
            .filter(|p| !p.trim().is_empty())
            .cloned()
            .collect(),
        requester: matching::Requester {
            name: requester_name.to_owned(),
            relationship: matching::Relationship::parse(relationship),
            key: Some(requester_key.to_owned()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_documents_round_trip_and_are_bound_to_their_purpose() {
        let crypto = Crypto::from_master([7; 32]);
        let d = SoughtData {
            name_persian: "زهرا صادق‌زاده".into(),
            aliases: vec!["Zohreh".into()],
            ..SoughtData::default()
        };
        let sealed = seal(&crypto, context::SOUGHT, &d).unwrap();
        assert!(!String::from_utf8_lossy(&sealed).contains("Zohreh"));
        assert_eq!(
            open::<SoughtData>(&crypto, context::SOUGHT, &sealed).unwrap(),
            d
        );
        assert!(open::<SoughtData>(&crypto, context::REGISTRATION, &sealed).is_err());
    }

    #[test]
    fn openness_reads_and_serialises_as_before() {
        // The text the earlier `#[serde(rename_all = "snake_case")]` enum produced, in form
        // order.
        assert_eq!(
            serde_json::to_string(Openness::ALL).unwrap(),
            r#"["anyone","relationships","named","no_one"]"#
        );
        assert_eq!(
            serde_json::from_str::<Openness>(r#""no_one""#).unwrap(),
            Openness::NoOne
        );
    }

    #[test]
    fn no_one_vetoes_everyone_in_candidate_generation() {
        let data = RegistrationData {
            names: vec!["Maryam Karimi".into()],
            ..RegistrationData::default()
        };
        let open_person = person(
            RegistrationId(1),
            Openness::Anyone,
            &data,
            &RegistrationRules::default(),
        );
        let closed = person(
            RegistrationId(2),
            Openness::NoOne,
            &data,
            &RegistrationRules::default(),
        );
        let index = matching::Index::build(vec![open_person, closed]);
        let q = query(
            &SoughtData {
                name_latin: "Maryam Karimi".into(),
                ..SoughtData::default()
            },
            "Ali Karimi",
            "sibling",
            "key",
        );
        let found: Vec<i64> = index.candidates(&q, 10).iter().map(|c| c.id).collect();
        assert_eq!(found, vec![1]);
    }
}
