//! The life of a match between a sought person and a registration: its states, the events
//! that move it, and the one function that decides a transition. Services change a match's
//! state only through [`next`], and audit every change.
//!
//! `proposed → verified → consent_requested → (consented | declined | withdrawn) →
//! cooling_off → connected | closed`; a caseworker may also rule a proposal out
//! (`rejected`). Either party may withdraw at any time before the match is closed.

use crate::domain::audit::AuditAction;
use std::fmt;

crate::string_enum! {
    /// A match's state (`matches.state`).
    pub enum MatchState {
        /// Suggested by the matcher or a caseworker, not checked yet.
        Proposed = "proposed",
        /// A caseworker checked the identity.
        Verified = "verified",
        /// The sought person was asked.
        ConsentRequested = "consent_requested",
        /// The sought person agreed; the requester is asked to confirm.
        Consented = "consented",
        /// The sought person declined (a welfare message may be released).
        Declined = "declined",
        /// A party withdrew.
        Withdrawn = "withdrawn",
        /// Both agreed; either may still withdraw silently until the period ends.
        CoolingOff = "cooling_off",
        /// Released by two staff members: the parties are in contact as they chose.
        Connected = "connected",
        /// Ended (expired, or after a decline, withdrawal or leaving).
        Closed = "closed",
        /// Ruled out by a caseworker.
        Rejected = "rejected",
    }
}

/// What happens to a match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchEvent {
    /// A caseworker confirms the identity.
    Verify,
    /// A caseworker rules the candidate out.
    Reject,
    /// The sought person is asked.
    RequestConsent,
    /// The sought person agrees.
    SoughtConsents,
    /// The sought person declines.
    SoughtDeclines,
    /// The requester confirms their consent again.
    RequesterConsents,
    /// Either party withdraws.
    Withdraw,
    /// Two staff members release the connection after the cooling-off period.
    Release,
    /// The match ends (expiry, or a party leaves a connection).
    Close,
}

impl MatchState {
    /// Whether nothing can happen to the match any more.
    #[must_use]
    pub fn is_final(self) -> bool {
        matches!(self, Self::Closed | Self::Rejected)
    }
}

impl MatchEvent {
    /// Every event.
    pub const ALL: [Self; 9] = [
        Self::Verify,
        Self::Reject,
        Self::RequestConsent,
        Self::SoughtConsents,
        Self::SoughtDeclines,
        Self::RequesterConsents,
        Self::Withdraw,
        Self::Release,
        Self::Close,
    ];
}

impl MatchEvent {
    /// The audited action name (`match.<event>`).
    #[must_use]
    pub fn audit_action(self) -> AuditAction {
        match self {
            Self::Verify => AuditAction::MatchVerify,
            Self::Reject => AuditAction::MatchReject,
            Self::RequestConsent => AuditAction::MatchAsk,
            Self::SoughtConsents => AuditAction::MatchSoughtConsents,
            Self::SoughtDeclines => AuditAction::MatchSoughtDeclines,
            Self::RequesterConsents => AuditAction::MatchCoolingOff,
            Self::Withdraw => AuditAction::MatchWithdraw,
            Self::Release => AuditAction::MatchRelease,
            Self::Close => AuditAction::MatchClose,
        }
    }
}

/// A transition the life of a match does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidTransition {
    /// The state.
    pub from: MatchState,
    /// The event.
    pub event: MatchEvent,
}

impl fmt::Display for InvalidTransition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} cannot happen to a {} match",
            self.event,
            self.from.as_str()
        )
    }
}

impl std::error::Error for InvalidTransition {}

/// The state after `event`, or why it cannot happen.
pub fn next(from: MatchState, event: MatchEvent) -> Result<MatchState, InvalidTransition> {
    use MatchEvent as E;
    use MatchState as S;
    let to = match (from, event) {
        (S::Proposed, E::Verify) => S::Verified,
        (S::Proposed | S::Verified, E::Reject) => S::Rejected,
        (S::Verified, E::RequestConsent) => S::ConsentRequested,
        (S::ConsentRequested, E::SoughtConsents) => S::Consented,
        (S::ConsentRequested, E::SoughtDeclines) => S::Declined,
        (S::Consented, E::RequesterConsents) => S::CoolingOff,
        (S::CoolingOff, E::Release) => S::Connected,
        (
            S::Verified | S::ConsentRequested | S::Consented | S::CoolingOff | S::Connected,
            E::Withdraw,
        ) => S::Withdrawn,
        (
            S::Proposed
            | S::Verified
            | S::ConsentRequested
            | S::Consented
            | S::Declined
            | S::Withdrawn
            | S::CoolingOff
            | S::Connected,
            E::Close,
        ) => S::Closed,
        _ => return Err(InvalidTransition { from, event }),
    };
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use MatchEvent as E;
    use MatchState as S;

    /// The whole table: every (state, event) pair not listed here must be refused.
    const ALLOWED: &[(MatchState, MatchEvent, MatchState)] = &[
        (S::Proposed, E::Verify, S::Verified),
        (S::Proposed, E::Reject, S::Rejected),
        (S::Proposed, E::Close, S::Closed),
        (S::Verified, E::Reject, S::Rejected),
        (S::Verified, E::RequestConsent, S::ConsentRequested),
        (S::Verified, E::Withdraw, S::Withdrawn),
        (S::Verified, E::Close, S::Closed),
        (S::ConsentRequested, E::SoughtConsents, S::Consented),
        (S::ConsentRequested, E::SoughtDeclines, S::Declined),
        (S::ConsentRequested, E::Withdraw, S::Withdrawn),
        (S::ConsentRequested, E::Close, S::Closed),
        (S::Consented, E::RequesterConsents, S::CoolingOff),
        (S::Consented, E::Withdraw, S::Withdrawn),
        (S::Consented, E::Close, S::Closed),
        (S::Declined, E::Close, S::Closed),
        (S::Withdrawn, E::Close, S::Closed),
        (S::CoolingOff, E::Release, S::Connected),
        (S::CoolingOff, E::Withdraw, S::Withdrawn),
        (S::CoolingOff, E::Close, S::Closed),
        (S::Connected, E::Withdraw, S::Withdrawn),
        (S::Connected, E::Close, S::Closed),
    ];

    #[test]
    fn every_pair_is_allowed_exactly_as_the_table_says() {
        for &from in MatchState::ALL {
            for event in MatchEvent::ALL {
                let expected = ALLOWED
                    .iter()
                    .find(|(f, e, _)| *f == from && *e == event)
                    .map(|(_, _, to)| *to);
                match (next(from, event), expected) {
                    (Ok(to), Some(want)) => assert_eq!(to, want, "{from:?} + {event:?}"),
                    (Err(err), None) => {
                        assert_eq!(err, InvalidTransition { from, event });
                    }
                    (got, want) => panic!("{from:?} + {event:?}: got {got:?}, want {want:?}"),
                }
            }
        }
    }

    #[test]
    fn connection_needs_both_consents_and_a_release() {
        let path = [
            E::Verify,
            E::RequestConsent,
            E::SoughtConsents,
            E::RequesterConsents,
            E::Release,
        ];
        let mut s = S::Proposed;
        for (i, e) in path.iter().enumerate() {
            // No shortcut: the release is refused before every earlier step is done.
            if i < path.len() - 1 {
                assert!(next(s, E::Release).is_err(), "release from {s:?}");
            }
            s = next(s, *e).unwrap();
        }
        assert_eq!(s, S::Connected);
    }

    #[test]
    fn final_states_take_nothing_and_names_round_trip() {
        for &s in MatchState::ALL {
            assert_eq!(MatchState::parse(s.as_str()), Some(s));
            if s.is_final() {
                assert!(MatchEvent::ALL.iter().all(|e| next(s, *e).is_err()));
            }
        }
    }
}
