//! The typed vocabulary every layer shares: newtype ids for each table's rows, the one
//! link-token type with its one shape rule, and [`string_enum!`], the one way a state,
//! kind or choice stored as text becomes a Rust enum. No Rocket here (the web layer
//! teaches Rocket to read these from paths and forms in `web::params`).

use std::fmt;

/// Declares a newtype id over the `i64` row id of one table. The id is stored, serialised
/// and displayed as the bare number, so pages, URLs and stored audit rows are unchanged.
macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),+ $(,)?) => {$(
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash,
            serde::Serialize, serde::Deserialize, sea_orm::DeriveValueType,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }
    )+};
}

/// The one list of row ids: calls `$m!` with every id and its documentation, so the ids
/// are declared here and taught to Rocket in `web::params` from the same list.
macro_rules! all_ids {
    ($m:ident) => {
        $m! {
            /// A petition (`petitions.id`).
            PetitionId,
            /// A signature (`signatures.id`).
            SignatureId,
            /// A signing attempt waiting to be carried out (`sign_attempts.id`).
            AttemptId,
            /// A frozen edition of a petition (`editions.id`).
            EditionId,
            /// A hand-over of an edition (`handovers.id`).
            HandoverId,
            /// An invalidation rule (`invalidations.id`).
            InvalidationId,
            /// A petition's text in one language (`petition_texts.id`).
            PetitionTextId,
            /// A contact request (`contact_requests.id`).
            RequestId,
            /// A person a request seeks (`sought_persons.id`).
            SoughtId,
            /// A self-registration (`registrations.id`).
            RegistrationId,
            /// A match between a sought person and a registration (`matches.id`).
            MatchId,
            /// A consent record (`consents.id`).
            ConsentId,
            /// A relay thread of a connected match (`relay_threads.id`).
            ThreadId,
            /// A four-eyes approval (`approvals.id`).
            ApprovalId,
            /// A staff account (`staff.id`).
            StaffId,
            /// An email in the outbox (`outbox.id`).
            OutboxId,
            /// An entry of a block or allow list (`access_lists.id`).
            AccessEntryId,
            /// A copied signature in a frozen edition (`edition_entries.id`).
            EditionEntryId,
            /// A party's link to their case (`party_links.id`).
            PartyLinkId,
            /// A notice shown to a requester about one sought person (`request_notices.id`).
            NoticeId,
            /// A message in a relay thread (`relay_messages.id`).
            RelayMessageId,
            /// A staff session (`staff_sessions.id`).
            SessionId,
            /// A staff enrolment or reset token (`staff_tokens.id`).
            StaffTokenId,
            /// A staff recovery code (`staff_recovery_codes.id`).
            RecoveryCodeId,
            /// An audit event (`audit_events.id`; the chain itself is ordered by `seq`).
            AuditEventId,
            /// A link reissued on the "lost your link?" form (`reissued_links.id`).
            ReissuedLinkId,
            /// A batch of typed-up paper signature sheets (`paper_batches.id`).
            PaperBatchId,
            /// A printed run of numbered signature sheets (`paper_sheet_runs.id`).
            PaperRunId,
            /// A sheet number used by a batch (`paper_batch_sheets.id`).
            PaperSheetUseId,
            /// A case note or contact-log entry (`case_notes.id`).
            CaseNoteId,
            /// An administrator's text of a who-we-are page in one language (`site_texts.id`).
            SiteTextId,
            /// A milestone of a petition's progress (`petition_milestones.id`).
            MilestoneId,
            /// An update organisers write to signers who asked for news (`petition_updates.id`).
            UpdateId,
            /// The scan of a letter on paper (`letter_scans.id`).
            LetterScanId,
            /// The scan of an official's answer letter (`answer_scans.id`).
            AnswerScanId,
            /// A recorded change to a hand-over (`handover_changes.id`).
            HandoverChangeId,
        }
    };
}
pub(crate) use all_ids;

all_ids!(ids);

/// A link token as it arrives in a URL: the random secret of a confirmation, withdrawal,
/// verification, status, reply or enrolment link. One rule decides what can be a token
/// (20–64 characters of the URL-safe base64 alphabet); a string of another shape is never
/// looked up.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// The shortest and longest token accepted (new tokens are 43 characters).
    pub const LENGTHS: std::ops::RangeInclusive<usize> = 20..=64;

    /// `s` as a token, or `None` when it cannot be one.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        let plausible = Self::LENGTHS.contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        plausible.then(|| Self(s.to_owned()))
    }

    /// The token as text (for building its link).
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The hash the token is stored under (only this is kept in the database).
    #[must_use]
    pub fn hash(&self) -> String {
        crate::crypto::sha256_hex(self.0.as_bytes())
    }
}

/// Never prints the secret.
impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(…)")
    }
}

/// Declares an enum stored as text: its variants with their stored (and form) values,
/// `as_str`, `parse`, `ALL`, `Display`/`FromStr`, serde as the same text, and a SeaORM
/// value type so an entity's column can have the enum as its type. An unknown stored value
/// is a load error, never a silent fallback.
#[macro_export]
macro_rules! string_enum {
    ($(#[$doc:meta])* $vis:vis enum $name:ident {
        $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)?
    }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, sea_orm::DeriveValueType)]
        #[sea_orm(value_type = "String")]
        $vis enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored (and form) value.
            #[must_use]
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses a stored or form value.
            #[must_use]
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::ids::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s).ok_or_else(|| $crate::ids::UnknownValue {
                    kind: stringify!($name),
                    value: s.chars().take(40).collect(),
                })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str>>::deserialize(d)?;
                s.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}

/// A stored or submitted text that is not one of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    /// The enum's name.
    pub kind: &'static str,
    /// The value (its first 40 characters).
    pub value: String,
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} value {:?}", self.kind, self.value)
    }
}

impl std::error::Error for UnknownValue {}

#[cfg(test)]
mod tests {
    use super::*;

    string_enum! {
        /// A test enum.
        enum Colour { Red = "red", DarkBlue = "dark_blue" }
    }

    #[test]
    fn a_token_has_one_shape() {
        assert!(Token::parse("short").is_none());
        assert!(Token::parse(&"a".repeat(65)).is_none());
        assert!(Token::parse("abc/def/ghi/jkl/mno/pqr").is_none());
        assert!(Token::parse(&"a".repeat(20)).is_some());
        let t = crate::crypto::random_token().unwrap();
        assert_eq!(Token::parse(&t).unwrap().as_str(), t);
        assert_eq!(format!("{:?}", Token::parse(&t).unwrap()), "Token(…)");
    }

    #[test]
    fn ids_read_and_print_as_bare_numbers() {
        let id: MatchId = "7".parse().unwrap();
        assert_eq!(id, MatchId(7));
        assert_eq!(id.to_string(), "7");
        assert_eq!(serde_json::to_string(&id).unwrap(), "7");
    }

    #[test]
    fn a_string_enum_round_trips_and_refuses_unknown_values() {
        for c in Colour::ALL {
            assert_eq!(Colour::parse(c.as_str()), Some(*c));
            assert_eq!(c.to_string().parse::<Colour>().unwrap(), *c);
        }
        assert_eq!(
            serde_json::to_string(&Colour::DarkBlue).unwrap(),
            "\"dark_blue\""
        );
        assert!("Red".parse::<Colour>().is_err());
        assert!(serde_json::from_str::<Colour>("\"green\"").is_err());
    }
}
