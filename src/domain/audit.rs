//! The append-only, hash-chained audit log: [`record`] appends an event inside the caller's
//! transaction; [`verify`] recomputes the whole chain and names the first broken link.
//! Each link is an HMAC under a key derived from the master key, so someone who can write
//! to the database but lacks the key file cannot rewrite or shorten the chain unnoticed;
//! triggers also refuse UPDATE and DELETE on the table.

use crate::crypto::Crypto;
use crate::entities::{audit_event, audit_head};
use crate::ids::{
    AccessEntryId, ApprovalId, EditionId, InvalidationId, MatchId, OutboxId, PaperBatchId,
    PetitionId, RegistrationId, RequestId, SignatureId, StaffId,
};
use crate::string_enum;
use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;

/// The hash the chain starts from.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Who did something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// The application itself (jobs, the outbox).
    System,
    /// Someone at the command line on the server.
    Cli,
    /// A staff member, by id.
    Staff(StaffId),
    /// An anonymous member of the public (identified only by what the action records).
    Public,
}

/// The stored text: `system`, `cli`, `staff:<id>` or `public`.
impl std::fmt::Display for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Actor::System => f.write_str("system"),
            Actor::Cli => f.write_str("cli"),
            Actor::Staff(id) => write!(f, "staff:{id}"),
            Actor::Public => f.write_str("public"),
        }
    }
}

/// What an audit event (or a four-eyes approval) is about. Its text form is what the
/// tables store and are searched by (`match:7`, `petition:3`, `contact:*`), so rows written
/// before this type existed still read and match.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Subject {
    /// A petition.
    Petition(PetitionId),
    /// Every petition (the global pause switch, the letters overview).
    AllPetitions,
    /// A signature.
    Signature(SignatureId),
    /// An edition.
    Edition(EditionId),
    /// An invalidation rule.
    Invalidation(InvalidationId),
    /// An entry of a block or allow list.
    AccessEntry(AccessEntryId),
    /// An email domain's rule.
    EmailDomain(String),
    /// A four-eyes approval.
    Approval(ApprovalId),
    /// Every four-eyes approval (the approvals page).
    AllApprovals,
    /// A contact request.
    Request(RequestId),
    /// A registration.
    Registration(RegistrationId),
    /// A match.
    Match(MatchId),
    /// The contact side as a whole (the minute job's sweeps).
    Contact,
    /// Every contact case (the review queue).
    AllContact,
    /// A staff account.
    Staff(StaffId),
    /// The account a failed staff login named, when the address has none.
    UnknownStaff,
    /// Every staff account (the staff list).
    AllStaff,
    /// An email in the outbox.
    Outbox(OutboxId),
    /// Failed email as a whole.
    FailedMail,
    /// The audit log itself.
    AuditLog,
    /// The deployment's data-encryption keys.
    Keys,
    /// A batch of typed-up paper signatures.
    PaperBatch(PaperBatchId),
    /// A who-we-are page's text in one language (`privacy/fa`).
    SiteText(String),
    /// An update to the signers who asked for news.
    PetitionUpdate(crate::ids::UpdateId),
}

impl std::fmt::Display for Subject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Subject::Petition(id) => write!(f, "petition:{id}"),
            Subject::AllPetitions => f.write_str("petitions:*"),
            Subject::Signature(id) => write!(f, "signature:{id}"),
            Subject::Edition(id) => write!(f, "edition:{id}"),
            Subject::Invalidation(id) => write!(f, "invalidation:{id}"),
            Subject::AccessEntry(id) => write!(f, "access_list:{id}"),
            Subject::EmailDomain(d) => write!(f, "domain:{d}"),
            Subject::Approval(id) => write!(f, "approval:{id}"),
            Subject::AllApprovals => f.write_str("approval:*"),
            Subject::Request(id) => write!(f, "contact_request:{id}"),
            Subject::Registration(id) => write!(f, "registration:{id}"),
            Subject::Match(id) => write!(f, "match:{id}"),
            Subject::Contact => f.write_str("contact"),
            Subject::AllContact => f.write_str("contact:*"),
            Subject::Staff(id) => write!(f, "staff:{id}"),
            Subject::UnknownStaff => f.write_str("staff:unknown"),
            Subject::AllStaff => f.write_str("staff:*"),
            Subject::Outbox(id) => write!(f, "outbox:{id}"),
            Subject::FailedMail => f.write_str("outbox:failed"),
            Subject::AuditLog => f.write_str("audit:*"),
            Subject::Keys => f.write_str("keys:*"),
            Subject::PaperBatch(id) => write!(f, "paper_batch:{id}"),
            Subject::SiteText(page) => write!(f, "site_text:{page}"),
            Subject::PetitionUpdate(id) => write!(f, "petition_update:{id}"),
        }
    }
}

impl From<Subject> for String {
    fn from(s: Subject) -> String {
        s.to_string()
    }
}

string_enum! {
    /// What was done, as an audit event names it: the one table of action names. Each
    /// variant's text is what the log stores, hashes and filters by prefix (`staff.login`
    /// finds `staff.login.failed` too), so it never changes once written.
    pub enum AuditAction {
        /// An entry was added to a block or allow list.
        AccessListAdd = "access_list.add",
        /// A block or allow list entry was taken out of force.
        AccessListRemove = "access_list.remove",
        /// A four-eyes proposal was approved (and its action run).
        ApprovalApprove = "approval.approve",
        /// A four-eyes proposal was made.
        ApprovalPropose = "approval.propose",
        /// A four-eyes proposal was rejected.
        ApprovalReject = "approval.reject",
        /// The approvals page was read.
        ApprovalsView = "approvals.view",
        /// The audit log was read.
        AuditView = "audit.view",
        /// A caseworker not assigned to a request gave a reason to read it.
        CaseAccess = "case.access",
        /// A request was assigned (taken, given, or put back in the unassigned queue).
        CaseAssign = "case.assign",
        /// Cases were searched or the filtered case list was read.
        CaseSearch = "case.search",
        /// A caseworker's workspace (work by stage) was read.
        CaseWorkView = "case.work.view",
        /// Audit events were exported as CSV.
        AuditExport = "audit.export",
        /// A case note or contact-log entry was written.
        CaseNoteAdd = "case_note.add",
        /// A case note's follow-up was marked done.
        CaseNoteFollowUpDone = "case_note.follow_up_done",
        /// A case's notes and contact log were read.
        CaseNotesView = "case_notes.view",
        /// A consent record was written.
        ConsentRecord = "consent.record",
        /// The caseworker queue was read.
        ContactQueueView = "contact.queue.view",
        /// A contact request was read with its candidates.
        ContactRequestView = "contact.request.view",
        /// A contact detail was revealed to a caseworker.
        ContactReveal = "contact.reveal",
        /// A request or registration was marked reviewed.
        ContactReviewed = "contact.reviewed",
        /// Unverified requests and registrations were closed.
        ContactUnverifiedClose = "contact.unverified_close",
        /// A requester added spellings, aliases or facts to a sought person (issue #14).
        ContactRequestEdit = "contact_request.edit",
        /// A requester erased their request's personal data (a tombstone stays).
        ContactRequestErase = "contact_request.erase",
        /// A contact request expired.
        ContactRequestExpire = "contact_request.expire",
        /// A contact request was filed.
        ContactRequestFile = "contact_request.file",
        /// A contact request was flagged as suspected hostile.
        ContactRequestFlag = "contact_request.flag",
        /// A contact request's renewal reminder was sent.
        ContactRequestRemind = "contact_request.remind",
        /// A caseworker read a requester's own view (to read it to them).
        ContactRequesterViewRead = "contact_request.requester_view",
        /// The assisted-intake page (records waiting for a second caseworker) was read.
        ContactAssistedView = "contact.assisted.view",
        /// A contact request was renewed.
        ContactRequestRenew = "contact_request.renew",
        /// A contact request's hostile flag was cleared.
        ContactRequestUnflag = "contact_request.unflag",
        /// A contact request's address was verified.
        ContactRequestVerify = "contact_request.verify",
        /// A contact request was withdrawn.
        ContactRequestWithdraw = "contact_request.withdraw",
        /// Demo data was seeded.
        DemoSeed = "demo.seed",
        /// An edition's bundle was built.
        EditionBuild = "edition.build",
        /// An edition's build failed or was interrupted.
        EditionBuildFailed = "edition.build_failed",
        /// An edition's bundle was downloaded.
        EditionDownload = "edition.download",
        /// An edition was frozen.
        EditionFreeze = "edition.freeze",
        /// An edition's hand-over was recorded.
        EditionHandover = "edition.handover",
        /// An answer was added to a recorded hand-over.
        EditionHandoverAnswer = "edition.handover_answer",
        /// A recorded hand-over was marked removed (kept, not deleted).
        EditionHandoverRemove = "edition.handover_remove",
        /// A recorded hand-over was corrected (its history keeps the values before).
        EditionHandoverEdit = "edition.handover_edit",
        /// An edition's build was sent back to be built again.
        EditionRetry = "edition.retry",
        /// An email domain's rule was removed.
        EmailRuleRemove = "email_rule.remove",
        /// An email domain's rule was saved.
        EmailRuleSave = "email_rule.save",
        /// An invalidation rule was applied.
        InvalidationApply = "invalidation.apply",
        /// An invalidation rule was tried (or refused on apply).
        InvalidationPreview = "invalidation.preview",
        /// An invalidation was reversed.
        InvalidationReverse = "invalidation.reverse",
        /// A petition's invalidations were read.
        InvalidationsView = "invalidations.view",
        /// The data-encryption master key's retirement (`peyvand keys retire`).
        KeysRetire = "keys.retire",
        /// A master key rotation started (`peyvand keys rotate`).
        KeysRotate = "keys.rotate",
        /// A master key rotation finished: every sealed value and blind index re-keyed.
        KeysRotateFinish = "keys.rotate_finish",
        /// A letter was approved.
        LetterApprove = "letter.approve",
        /// A letter was rejected.
        LetterReject = "letter.reject",
        /// A petition's letters waiting for moderation were read.
        LettersView = "letters.view",
        /// The sought person of a match was asked.
        MatchAsk = "match.ask",
        /// A match was closed.
        MatchClose = "match.close",
        /// A match entered its cooling-off period.
        MatchCoolingOff = "match.cooling_off",
        /// A candidate was rejected.
        MatchReject = "match.reject",
        /// A match's connection was released.
        MatchRelease = "match.release",
        /// The sought person consented.
        MatchSoughtConsents = "match.sought_consents",
        /// The sought person declined.
        MatchSoughtDeclines = "match.sought_declines",
        /// A candidate was verified.
        MatchVerify = "match.verify",
        /// A match's case view was read.
        MatchView = "match.view",
        /// A party withdrew from a match.
        MatchWithdraw = "match.withdraw",
        /// Failed email was sent again.
        OutboxRetry = "outbox.retry",
        /// A batch of typed-up paper signatures was checked by a second staff member.
        PaperBatchCheck = "paper.batch.check",
        /// A batch of typed-up paper signatures was entered.
        PaperBatchEnter = "paper.batch.enter",
        /// A batch of typed-up paper signatures was rejected by its checker.
        PaperBatchReject = "paper.batch.reject",
        /// A batch of typed-up paper signatures was read.
        PaperBatchView = "paper.batch.view",
        /// A petition's paper batches were listed.
        PaperBatchesView = "paper.batches.view",
        /// A run of signature sheets was printed.
        PaperSheets = "paper.sheets",
        /// A petition was created.
        PetitionCreate = "petition.create",
        /// A draft petition was edited.
        PetitionEdit = "petition.edit",
        /// A petition moved to another state.
        PetitionState = "petition.state",
        /// A milestone of a petition's progress was added.
        PetitionMilestoneAdd = "petition.milestone_add",
        /// A milestone of a petition's progress was removed (kept, not deleted).
        PetitionMilestoneRemove = "petition.milestone_remove",
        /// A petition's answer due date and next step were saved.
        PetitionProgressSave = "petition.progress_save",
        /// An update to the signers who asked for news was drafted or edited.
        PetitionUpdateDraft = "petition.update_draft",
        /// An approved update finished queuing to its recipients.
        PetitionUpdateQueued = "petition.update_queued",
        /// A signer unsubscribed from a petition's news (one-click link).
        PetitionNewsUnsubscribe = "petition.news_unsubscribe",
        /// The global "pause collection" switch was turned on.
        PetitionsPause = "petitions.pause",
        /// The global "pause collection" switch was turned off.
        PetitionsResume = "petitions.resume",
        /// A registration refuses a requester for good (an answer of "never").
        RegistrationDenyRule = "registration.deny_rule",
        /// A registered person changed their names, openness or rules in place.
        RegistrationEdit = "registration.edit",
        /// A registered person erased their personal data (a tombstone stays).
        RegistrationErase = "registration.erase",
        /// A registration expired.
        RegistrationExpire = "registration.expire",
        /// A registration was filed.
        RegistrationFile = "registration.file",
        /// A registration's renewal reminder was sent.
        RegistrationRemind = "registration.remind",
        /// A caseworker sent a person located off-line the link to take over their
        /// registration.
        RegistrationTakeoverSend = "registration.takeover_send",
        /// A person located off-line took over their registration with the emailed link.
        RegistrationTakeover = "registration.takeover",
        /// A registration was renewed.
        RegistrationRenew = "registration.renew",
        /// A registration's address was verified.
        RegistrationVerify = "registration.verify",
        /// A registration was read.
        RegistrationView = "registration.view",
        /// A registration was withdrawn.
        RegistrationWithdraw = "registration.withdraw",
        /// Personal data was erased at the end of the retention period.
        RetentionErase = "retention.erase",
        /// Shadow-banned signatures were counted again.
        SignaturesUnshadow = "signatures.unshadow",
        /// A staff member turned the "something is waiting" email on or off.
        StaffAlertsSet = "staff.alerts.set",
        /// A staff account was created.
        StaffCreate = "staff.create",
        /// A staff account was disabled.
        StaffDisable = "staff.disable",
        /// A staff account was enabled.
        StaffEnable = "staff.enable",
        /// A password was set through an enrolment link.
        StaffEnrolPassword = "staff.enrol.password",
        /// A second factor was set up.
        StaffEnrolSecondFactor = "staff.enrol.second_factor",
        /// A second-factor set-up code was wrong.
        StaffEnrolSecondFactorFailed = "staff.enrol.second_factor_failed",
        /// The staff list was read.
        StaffListView = "staff.list.view",
        /// A staff member logged in.
        StaffLogin = "staff.login",
        /// An address was locked after too many failed logins.
        StaffLoginAddressLocked = "staff.login.address_locked",
        /// A login was refused.
        StaffLoginFailed = "staff.login.failed",
        /// A password was right; the second factor is next.
        StaffLoginPassword = "staff.login.password",
        /// A second-factor code at login was wrong.
        StaffLoginSecondFactorFailed = "staff.login.second_factor_failed",
        /// A staff member logged out.
        StaffLogout = "staff.logout",
        /// A staff account was sent back to enrolment.
        StaffReenrol = "staff.reenrol",
        /// A staff account's roles changed.
        StaffRoles = "staff.roles",
        /// A staff account's sessions were ended.
        StaffSessionsRevoke = "staff.sessions.revoke",
        /// A staff account was read.
        StaffView = "staff.view",
        /// A welfare message was released.
        WelfareRelease = "welfare.release",
        /// A welfare message was withheld.
        WelfareWithhold = "welfare.withhold",
        /// A who-we-are page's text was edited (or reset to the default).
        SiteTextEdit = "site_text.edit",
        /// A letter on paper (typed in, scanned, or both) was added to a paper signature.
        PaperLetterAdd = "paper.letter_add",
        /// The scan of a letter on paper was read.
        PaperLetterScanView = "paper.letter_scan_view",
        /// The scan of an official's answer letter was attached to a hand-over.
        EditionHandoverAnswerScan = "edition.handover_answer_scan",
    }
}

/// An event to record.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// Who acted.
    pub actor: Actor,
    /// What was done, e.g. `petition.create`.
    pub action: AuditAction,
    /// What it was done to, e.g. `petition:3`.
    pub subject: Subject,
    /// Structured details; never contact details in clear.
    pub details: serde_json::Value,
}

impl NewEvent {
    /// An event done by a staff member.
    #[must_use]
    pub fn staff(
        staff: StaffId,
        action: AuditAction,
        subject: Subject,
        details: serde_json::Value,
    ) -> Self {
        Self {
            actor: Actor::Staff(staff),
            action,
            subject,
            details,
        }
    }
}

#[derive(Serialize)]
struct HashInput<'a> {
    seq: i64,
    at: String,
    actor: &'a str,
    action: &'a str,
    subject: &'a str,
    details: &'a str,
    prev_hash: &'a str,
}

fn at_string(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string()
}

impl HashInput<'_> {
    /// The link's MAC: over the canonical JSON of the event and the previous hash.
    fn mac(&self, crypto: &Crypto) -> String {
        // Serialising a struct of strings and an integer cannot fail.
        crypto.audit_mac(&serde_json::to_vec(self).unwrap_or_default())
    }
}

/// Appends `event` to the chain using `db` (pass the transaction of the change it records,
/// so the change and its audit commit together or not at all).
///
/// The head row is updated *first*: that takes the write lock (SQLite) or the row lock
/// (PostgreSQL) before the previous hash is read, so concurrent appends cannot fork the chain.
pub async fn record(
    db: &DatabaseTransaction,
    crypto: &Crypto,
    event: NewEvent,
) -> Result<i64, sea_orm::DbErr> {
    audit_head::Entity::update_many()
        .col_expr(
            audit_head::Column::Seq,
            Expr::col(audit_head::Column::Seq).add(1),
        )
        .filter(audit_head::Column::Id.eq(1))
        .exec(db)
        .await?;
    let head = audit_head::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("audit_head".into()))?;
    let at = Utc::now().trunc_subsecs(6);
    let actor = event.actor.to_string();
    let action = event.action.as_str();
    let subject = event.subject.to_string();
    let details = event.details.to_string();
    let hash = HashInput {
        seq: head.seq,
        at: at_string(&at),
        actor: &actor,
        action,
        subject: &subject,
        details: &details,
        prev_hash: &head.hash,
    }
    .mac(crypto);
    audit_event::ActiveModel {
        seq: Set(head.seq),
        at: Set(at),
        actor: Set(actor),
        action: Set(action.to_owned()),
        subject: Set(subject),
        details: Set(details),
        prev_hash: Set(head.hash),
        hash: Set(hash.clone()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    audit_head::ActiveModel {
        id: Set(1),
        seq: Set(head.seq),
        hash: Set(hash),
    }
    .update(db)
    .await?;
    Ok(head.seq)
}

/// Records one event in a transaction of its own.
pub async fn record_now(
    db: &sea_orm::DatabaseConnection,
    crypto: &Crypto,
    event: NewEvent,
) -> Result<i64, sea_orm::DbErr> {
    let txn = crate::db::begin_immediate(db).await?;
    let seq = record(&txn, crypto, event).await?;
    txn.commit().await?;
    Ok(seq)
}

/// The outcome of [`verify`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    /// Every link holds; `events` were checked.
    Intact {
        /// Number of events.
        events: i64,
    },
    /// The first broken link.
    Broken {
        /// Sequence number of the first event that fails.
        seq: i64,
        /// What is wrong there.
        reason: String,
    },
}

/// Recomputes every event's MAC in order and checks the links and sequence numbers up to
/// the head row read first (events appended during the check are left for the next run),
/// then that the chain ends exactly at the head. Reads in pages: memory stays bounded.
pub async fn verify(
    db: &impl ConnectionTrait,
    crypto: &Crypto,
) -> Result<Verification, sea_orm::DbErr> {
    const PAGE: u64 = 1000;
    let head = audit_head::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| sea_orm::DbErr::RecordNotFound("audit_head".into()))?;
    let mut prev_hash = GENESIS.to_owned();
    let mut expected_seq = 1i64;
    while expected_seq <= head.seq {
        let rows = audit_event::Entity::find()
            .filter(audit_event::Column::Seq.gte(expected_seq))
            .filter(audit_event::Column::Seq.lte(head.seq))
            .order_by_asc(audit_event::Column::Seq)
            .paginate(db, PAGE)
            .fetch_page(0)
            .await?;
        if rows.is_empty() {
            break;
        }
        for row in rows {
            let broken = |reason: String| {
                Ok(Verification::Broken {
                    seq: row.seq,
                    reason,
                })
            };
            if row.seq != expected_seq {
                return Ok(Verification::Broken {
                    seq: expected_seq,
                    reason: format!("event {expected_seq} is missing (next is {})", row.seq),
                });
            }
            if row.prev_hash != prev_hash {
                return broken("its previous-hash does not match the event before it".into());
            }
            let hash = HashInput {
                seq: row.seq,
                at: at_string(&row.at),
                actor: &row.actor,
                action: &row.action,
                subject: &row.subject,
                details: &row.details,
                prev_hash: &row.prev_hash,
            }
            .mac(crypto);
            if !crate::crypto::constant_time_eq(hash.as_bytes(), row.hash.as_bytes()) {
                return broken(
                    "its content does not match its hash (altered, or checked with other keys)"
                        .into(),
                );
            }
            prev_hash = row.hash;
            expected_seq += 1;
        }
    }
    let events = expected_seq - 1;
    if events != head.seq || head.hash != prev_hash {
        return Ok(Verification::Broken {
            seq: events + 1,
            reason: format!(
                "the chain ends at event {events} but the head records event {} (events removed from the end?)",
                head.seq
            ),
        });
    }
    Ok(Verification::Intact { events })
}

use sea_orm::PaginatorTrait as _;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_its_own_dotted_name() {
        let mut seen = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            let text = a.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert_eq!(AuditAction::parse(text), Some(*a));
            let mut parts = text.split('.');
            assert!(parts.clone().count() >= 2, "{text}");
            assert!(
                parts.all(
                    |p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn actors_and_subjects_print_as_stored() {
        assert_eq!(Actor::Staff(StaffId(4)).to_string(), "staff:4");
        assert_eq!(Actor::System.to_string(), "system");
        assert_eq!(Actor::Cli.to_string(), "cli");
        assert_eq!(Actor::Public.to_string(), "public");
        assert_eq!(
            Subject::Request(RequestId(5)).to_string(),
            "contact_request:5"
        );
        assert_eq!(
            Subject::AccessEntry(AccessEntryId(8)).to_string(),
            "access_list:8"
        );
        assert_eq!(Subject::UnknownStaff.to_string(), "staff:unknown");
        assert_eq!(Subject::AllStaff.to_string(), "staff:*");
        assert_eq!(Subject::AllApprovals.to_string(), "approval:*");
        assert_eq!(
            Subject::EmailDomain("gmail.com".into()).to_string(),
            "domain:gmail.com"
        );
    }
}
