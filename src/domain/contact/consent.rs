//! Consent records: what a party answered on a match, under which exact wording, through
//! which channel, until when; and the seal (a SHA-256 over the record's content) that
//! shows a stored record was not altered. The wording shown is kept by version and
//! language, and its hash is part of the record.

use crate::ids::{MatchId, RequestId, StaffId};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Who answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Party {
    /// The person who filed the request.
    Requester,
    /// The person sought (a registration, or someone located offline).
    Sought,
}

impl Party {
    /// The stored form.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requester => "requester",
            Self::Sought => "sought",
        }
    }
}

/// The answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Yes, as the chosen channel says.
    Accept,
    /// No (a welfare message may be released).
    Decline,
    /// Never from this person (a deny rule is added to the registration).
    Never,
}

/// How consent was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The party answered on the portal through a magic link.
    Portal,
    /// A staff member obtained it by phone or in person; needs a second staff member's
    /// approval before it counts.
    Staff,
}

/// How an accepting party wants to be in touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// Messages through the portal; addresses never shown.
    Relay,
    /// Release of a contact detail the party chose.
    Share,
}

impl Party {
    /// From the stored form.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Requester, Self::Sought]
            .into_iter()
            .find(|p| p.as_str() == s)
    }

    /// The other party.
    #[must_use]
    pub fn other(self) -> Self {
        match self {
            Self::Requester => Self::Sought,
            Self::Sought => Self::Requester,
        }
    }
}

impl Decision {
    /// The stored form.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accept => "accept",
            Self::Decline => "decline",
            Self::Never => "never",
        }
    }

    /// From the stored (or submitted) form.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Accept, Self::Decline, Self::Never]
            .into_iter()
            .find(|d| d.as_str() == s)
    }
}

impl Channel {
    /// The stored form.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Portal => "portal",
            Self::Staff => "staff",
        }
    }

    /// From the stored form.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Portal, Self::Staff]
            .into_iter()
            .find(|c| c.as_str() == s)
    }
}

impl Choice {
    /// The stored form.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Relay => "relay",
            Self::Share => "share",
        }
    }

    /// From the stored (or submitted) form.
    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Relay, Self::Share]
            .into_iter()
            .find(|c| c.as_str() == s)
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

/// What happens to a decliner's welfare message.
pub mod welfare {
    /// No message.
    pub const NONE: &str = "none";
    /// The preset "I am well but do not wish contact": released at once.
    pub const PRESET: &str = "preset";
    /// A short text of the decliner's own, waiting for a caseworker's review.
    pub const PENDING: &str = "pending";
    /// Reviewed and released to the requester.
    pub const RELEASED: &str = "released";
    /// Reviewed and not released.
    pub const WITHHELD: &str = "withheld";
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
