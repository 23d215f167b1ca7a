//! The stage a case is at, as the caseworkers' workspace shows it: derived in this one
//! place from a request's record state and review, and from each open match's state, its
//! pending four-eyes proposals and its welfare text. Pages and filters name stages by
//! [`CaseStage`]; nothing re-derives them.

use crate::domain::contact::match_flow::MatchState;
use crate::domain::contact::records::{RecordState, ReviewState};

crate::string_enum! {
    /// Where a case stands (never stored; the filter and page vocabulary), in the order of
    /// a case's life.
    pub enum CaseStage {
        /// An active request no caseworker has reviewed yet.
        ToReview = "to_review",
        /// Reviewed, with no candidate verified (or every candidate ruled out).
        Reviewed = "reviewed",
        /// A candidate was verified; the sought person has not been asked yet.
        Verified = "verified",
        /// The sought person was asked (since the match's last change).
        Asked = "asked",
        /// The sought person agreed; the requester's re-confirmation is awaited.
        WaitingRequester = "waiting_requester",
        /// Both agreed; the cooling-off period runs (until `cooling_until`).
        CoolingOff = "cooling_off",
        /// A release, or an answer recorded by staff, waits for a second caseworker.
        AwaitingApproval = "awaiting_approval",
        /// A decliner's own welfare text waits for a caseworker's review.
        WelfareReview = "welfare_review",
        /// Released: the parties are in contact.
        Connected = "connected",
        /// Ended: the request closed or was withdrawn, or the match ended.
        Closed = "closed",
    }
}

impl CaseStage {
    /// The message key of the stage's name.
    #[must_use]
    pub fn label_key(self) -> String {
        format!("work-stage-{}", self.as_str().replace('_', "-"))
    }

    /// Whether the stage is about a match (else about the request as a whole).
    #[must_use]
    pub fn is_match_stage(self) -> bool {
        !matches!(self, Self::ToReview | Self::Reviewed)
    }
}

/// What the stage of one match depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MatchFacts {
    /// The match's state.
    pub state: MatchState,
    /// A four-eyes proposal on it (a release or a staff-recorded answer) is pending and in
    /// time.
    pub approval_pending: bool,
    /// A decliner's own welfare text waits for review (and may be reviewed now).
    pub welfare_pending: bool,
}

/// The stage of a request as a whole: closed unless active, then to review or reviewed.
/// (Its open matches, if any, each have a stage of their own: [`match_stage`].)
#[must_use]
pub fn request_stage(state: RecordState, review: ReviewState) -> CaseStage {
    match (state, review) {
        (RecordState::Active, ReviewState::New) => CaseStage::ToReview,
        (RecordState::Active, ReviewState::Reviewed) => CaseStage::Reviewed,
        _ => CaseStage::Closed,
    }
}

/// The stage of a match: work waiting for a caseworker (a welfare text, a second pair of
/// eyes) comes first, then the match's own state.
#[must_use]
pub fn match_stage(f: MatchFacts) -> CaseStage {
    if f.welfare_pending {
        return CaseStage::WelfareReview;
    }
    if f.approval_pending && !f.state.is_final() {
        return CaseStage::AwaitingApproval;
    }
    match f.state {
        MatchState::Proposed | MatchState::Verified => CaseStage::Verified,
        MatchState::ConsentRequested => CaseStage::Asked,
        MatchState::Consented => CaseStage::WaitingRequester,
        MatchState::CoolingOff => CaseStage::CoolingOff,
        MatchState::Connected => CaseStage::Connected,
        MatchState::Declined | MatchState::Withdrawn | MatchState::Closed => CaseStage::Closed,
        // A ruled-out candidate is no case of its own: the request stays where it is.
        MatchState::Rejected => CaseStage::Closed,
    }
}

/// Whether a match in `state` makes a case of its own on the workspace (ruled-out
/// candidates do not).
#[must_use]
pub fn match_is_case(state: MatchState) -> bool {
    state != MatchState::Rejected
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(state: MatchState) -> MatchFacts {
        MatchFacts {
            state,
            approval_pending: false,
            welfare_pending: false,
        }
    }

    #[test]
    fn every_match_state_has_a_stage_and_waiting_work_comes_first() {
        assert_eq!(
            match_stage(facts(MatchState::Verified)),
            CaseStage::Verified
        );
        assert_eq!(
            match_stage(facts(MatchState::ConsentRequested)),
            CaseStage::Asked
        );
        assert_eq!(
            match_stage(facts(MatchState::Consented)),
            CaseStage::WaitingRequester
        );
        assert_eq!(
            match_stage(facts(MatchState::CoolingOff)),
            CaseStage::CoolingOff
        );
        assert_eq!(
            match_stage(facts(MatchState::Connected)),
            CaseStage::Connected
        );
        for s in [
            MatchState::Declined,
            MatchState::Withdrawn,
            MatchState::Closed,
        ] {
            assert_eq!(match_stage(facts(s)), CaseStage::Closed);
        }
        let pending = MatchFacts {
            approval_pending: true,
            ..facts(MatchState::CoolingOff)
        };
        assert_eq!(match_stage(pending), CaseStage::AwaitingApproval);
        // A proposal left pending on an ended match is no work.
        let stale = MatchFacts {
            approval_pending: true,
            ..facts(MatchState::Closed)
        };
        assert_eq!(match_stage(stale), CaseStage::Closed);
        let welfare = MatchFacts {
            welfare_pending: true,
            ..facts(MatchState::Declined)
        };
        assert_eq!(match_stage(welfare), CaseStage::WelfareReview);
    }

    #[test]
    fn requests_are_to_review_reviewed_or_closed() {
        assert_eq!(
            request_stage(RecordState::Active, ReviewState::New),
            CaseStage::ToReview
        );
        assert_eq!(
            request_stage(RecordState::Active, ReviewState::Reviewed),
            CaseStage::Reviewed
        );
        for s in [RecordState::Closed, RecordState::Withdrawn] {
            assert_eq!(request_stage(s, ReviewState::New), CaseStage::Closed);
        }
        for s in CaseStage::ALL {
            assert_eq!(CaseStage::parse(s.as_str()), Some(*s));
            assert!(s.label_key().starts_with("work-stage-"));
        }
    }
}
