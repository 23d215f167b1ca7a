//! Consent records: what a party answered on a match, under which exact wording, through
//! which channel, until when; and the seal (a SHA-256 over the record's content) that
//! shows a stored record was not altered. The wording shown is kept by version and
//! language, and its hash is part of the record.

use crate::ids::{MatchId, RequestId, StaffId};
use chrono::{DateTime, Utc};
use serde::Serialize;

crate::string_enum! {
    /// Who answered (`consents.party`), or whose link or message it is
    /// (`party_links.party`, `relay_messages.from_party`).
    pub enum Party {
        /// The person who filed the request.
        Requester = "requester",
        /// The person sought (a registration, or someone located offline).
        Sought = "sought",
    }
}

crate::string_enum! {
    /// The answer (`consents.decision`).
    pub enum Decision {
        /// Yes, as the chosen channel says.
        Accept = "accept",
        /// No (a welfare message may be released).
        Decline = "decline",
        /// Never from this person (a deny rule is added to the registration).
        Never = "never",
    }
}

crate::string_enum! {
    /// How consent was obtained (`consents.channel`).
    pub enum Channel {
        /// The party answered on the portal through a magic link.
        Portal = "portal",
        /// A staff member obtained it by phone or in person; needs a second staff member's
        /// approval before it counts.
        Staff = "staff",
    }
}

crate::string_enum! {
    /// How an accepting party wants to be in touch (`consents.choice`).
    pub enum Choice {
        /// Messages through the portal; addresses never shown.
        Relay = "relay",
        /// Release of a contact detail the party chose.
        Share = "share",
    }
}

impl Party {
    /// The other party.
    #[must_use]
    pub fn other(self) -> Self {
        match self {
            Self::Requester => Self::Sought,
            Self::Sought => Self::Requester,
        }
    }
}

/// A versioned consent wording: the version recorded, and the message key of its text
/// (one text per language; a new text needs a new version and key).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wording {
    /// Recorded version.
    pub version: &'static str,
    /// Message key of the text.
    pub key: &'static str,
}

/// What a sought person agrees to when they accept.
pub const SOUGHT_WORDING: Wording = Wording {
    version: "sought-v1",
    key: "consent-wording-sought-v1",
};

/// What a requester re-confirms.
pub const REQUESTER_WORDING: Wording = Wording {
    version: "requester-v1",
    key: "consent-wording-requester-v1",
};

crate::string_enum! {
    /// What happens to a decliner's welfare message (`consents.welfare_state`).
    pub enum WelfareState {
        /// No message.
        None = "none",
        /// The preset "I am well but do not wish contact": released at once.
        Preset = "preset",
        /// A short text of the decliner's own, waiting for a caseworker's review.
        Pending = "pending",
        /// Reviewed and released to the requester.
        Released = "released",
        /// Reviewed and not released.
        Withheld = "withheld",
    }
}

/// Longest welfare message a decliner may write.
pub const WELFARE_MAX_CHARS: usize = 300;

/// The content of a consent record that its seal covers. Encrypted fields are covered by
/// their ciphertexts, so the seal can be checked without the key.
#[derive(Debug, Clone, Serialize)]
pub struct Content<'a> {
    /// The request.
    pub request_id: RequestId,
    /// The match (none for a requester's consent, which covers the request).
    pub match_id: Option<MatchId>,
    /// Who.
    pub party: Party,
    /// What.
    pub decision: Decision,
    /// Wording version shown.
    pub wording_version: &'a str,
    /// Its language.
    pub wording_locale: &'a str,
    /// SHA-256 of the text shown.
    pub wording_hash: &'a str,
    /// How.
    pub channel: Channel,
    /// Relay or share.
    pub choice: Option<Choice>,
    /// The shared detail's ciphertext (hex).
    pub shared_detail: Option<String>,
    /// The welfare message's ciphertext (hex).
    pub welfare: Option<String>,
    /// Given.
    pub given_at: DateTime<Utc>,
    /// Valid until.
    pub expires_at: DateTime<Utc>,
    /// The asserting staff member.
    pub asserted_by: Option<StaffId>,
}

/// The seal of a record: SHA-256 over its canonical JSON (fields in declaration order,
/// times in RFC 3339 with nanoseconds).
#[must_use]
pub fn seal(content: &Content<'_>) -> String {
    let json = serde_json::to_vec(content).unwrap_or_default();
    crate::crypto::sha256_hex(&json)
}

/// The hash of a wording as shown: its version, language and exact text.
#[must_use]
pub fn wording_hash(version: &str, locale: &str, text: &str) -> String {
    crate::crypto::sha256_hex(format!("{version}\n{locale}\n{text}").as_bytes())
}

/// Whether a consent counts at `now`: accepting, not withdrawn, not expired, and — when a
/// staff member asserted it — approved by a second staff member.
#[must_use]
pub fn counts(
    decision: Decision,
    channel: Channel,
    approved: bool,
    withdrawn_at: Option<DateTime<Utc>>,
    expires_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    decision == Decision::Accept
        && withdrawn_at.is_none()
        && now < expires_at
        && (channel == Channel::Portal || approved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content<'a>(now: DateTime<Utc>) -> Content<'a> {
        Content {
            request_id: RequestId(3),
            match_id: Some(MatchId(7)),
            party: Party::Sought,
            decision: Decision::Accept,
            wording_version: "sought-v1",
            wording_locale: "fa",
            wording_hash: "ab",
            channel: Channel::Portal,
            choice: Some(Choice::Relay),
            shared_detail: None,
            welfare: None,
            given_at: now,
            expires_at: now + chrono::Duration::days(90),
            asserted_by: None,
        }
    }

    #[test]
    fn the_seal_changes_with_any_field() {
        let now = Utc::now();
        let base = seal(&content(now));
        assert_eq!(base, seal(&content(now)), "stable");
        let mut c = content(now);
        c.decision = Decision::Decline;
        assert_ne!(seal(&c), base);
        let mut c = content(now);
        c.expires_at += chrono::Duration::seconds(1);
        assert_ne!(seal(&c), base);
        let mut c = content(now);
        c.wording_locale = "en";
        assert_ne!(seal(&c), base);
    }

    /// Stored seals must keep holding: the enums serialise as they did before they were
    /// `string_enum!`s (serde's `snake_case` names), so the sealed bytes are unchanged.
    /// The hashes below were computed with the earlier derive-based enums.
    #[test]
    fn seals_are_byte_for_byte_what_they_were() {
        use chrono::TimeZone;
        let given = Utc.with_ymd_and_hms(2026, 11, 23, 10, 30, 0).unwrap()
            + chrono::Duration::microseconds(123_456);
        let cases = [
            (
                Party::Sought,
                Decision::Accept,
                Channel::Portal,
                Some(Choice::Relay),
                None,
                "3b410c2da9fb8a63c157af12daef1b4292d43f46f97b84ad3aa752f201877334",
            ),
            (
                Party::Requester,
                Decision::Decline,
                Channel::Staff,
                None,
                Some(crate::ids::StaffId(4)),
                "f8e877186a4bd5398b51bafc282284a4da9388fca10ef6234ff1594c95b15414",
            ),
            (
                Party::Sought,
                Decision::Never,
                Channel::Portal,
                Some(Choice::Share),
                None,
                "7ae336b86cb8f75f8abe4cc6657695db18aea35bdd3e280c44f8d83e86a54a65",
            ),
        ];
        for (party, decision, channel, choice, asserted_by, want) in cases {
            let c = Content {
                party,
                decision,
                channel,
                choice,
                shared_detail: Some("00ff".into()),
                given_at: given,
                expires_at: given + chrono::Duration::days(90),
                asserted_by,
                ..content(given)
            };
            assert_eq!(seal(&c), want, "{party} {decision} {channel}");
        }
        let json = serde_json::to_string(&content(given)).unwrap();
        assert!(
            json.contains(r#""party":"sought","decision":"accept""#)
                && json.contains(r#""channel":"portal","choice":"relay""#),
            "{json}"
        );
    }

    #[test]
    fn what_counts() {
        let now = Utc::now();
        let later = now + chrono::Duration::days(1);
        assert!(counts(
            Decision::Accept,
            Channel::Portal,
            false,
            None,
            later,
            now
        ));
        assert!(!counts(
            Decision::Decline,
            Channel::Portal,
            false,
            None,
            later,
            now
        ));
        assert!(!counts(
            Decision::Accept,
            Channel::Portal,
            false,
            Some(now),
            later,
            now
        ));
        assert!(
            !counts(Decision::Accept, Channel::Portal, false, None, now, now),
            "expired"
        );
        assert!(
            !counts(Decision::Accept, Channel::Staff, false, None, later, now),
            "staff-asserted consent without a second staff member never counts"
        );
        assert!(counts(
            Decision::Accept,
            Channel::Staff,
            true,
            None,
            later,
            now
        ));
        assert_ne!(wording_hash("v1", "fa", "x"), wording_hash("v1", "en", "x"));
    }
}
