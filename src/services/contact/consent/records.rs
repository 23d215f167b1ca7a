//! The consent records: writing one (sealed, and audited through its seal), checking a
//! seal, and reading which answers count — the sought person's on a match, the
//! requester's on the whole request.

use super::{Answer, SHARED_DETAIL, WELFARE, WelfareChoice};
use crate::context::AppContext;
use crate::domain::audit::{self, Actor, AuditAction, NewEvent, Subject};
use crate::domain::contact::consent::{
    self as dc, Channel, Choice, Content, Decision, Party, WelfareState, Wording,
};
use crate::entities::consent;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{ConsentId, MatchId, RequestId, StaffId};
use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, NotSet,
    QueryFilter, QueryOrder,
};

/// Whether a record is an answer at all: given on the portal, or recorded by staff and
/// approved by a second staff member (one still awaiting approval is not an answer yet).
pub(super) fn given(c: &consent::Model) -> bool {
    c.channel != Channel::Staff || c.approval_id.is_some()
}

pub(super) fn counts(c: &consent::Model, now: DateTime<Utc>) -> bool {
    dc::counts(
        c.decision,
        c.channel,
        c.approval_id.is_some(),
        c.withdrawn_at,
        c.expires_at,
        now,
    )
}

/// The sought person's latest answer on a match (an unapproved staff-asserted one
/// included: callers check [`counts`]).
pub(super) async fn sought_consent(
    db: &impl ConnectionTrait,
    match_id: MatchId,
) -> Result<Option<consent::Model>, AppError> {
    Ok(consent::Entity::find()
        .filter(consent::Column::MatchId.eq(match_id))
        .filter(consent::Column::Party.eq(Party::Sought))
        .order_by_desc(consent::Column::Id)
        .one(db)
        .await?)
}

/// The requester's consent in force, if any: their latest answer (a staff-asserted one
/// still waiting for a second staff member is not an answer yet), when it counts. A later
/// "no", or a lapsed latest answer, is not outlived by an earlier "yes".
pub(super) async fn requester_consent(
    db: &impl ConnectionTrait,
    request_id: RequestId,
    now: DateTime<Utc>,
) -> Result<Option<consent::Model>, AppError> {
    let rows = consent::Entity::find()
        .filter(consent::Column::RequestId.eq(request_id))
        .filter(consent::Column::Party.eq(Party::Requester))
        .order_by_desc(consent::Column::Id)
        .all(db)
        .await?;
    Ok(rows.into_iter().find(given).filter(|c| counts(c, now)))
}

/// The wording shown for `w` in `locale`: its text and hash.
#[must_use]
pub fn wording(w: Wording, locale: Locale) -> (String, String) {
    let text = locale.t(w.key);
    let hash = dc::wording_hash(w.version, locale.code(), &text);
    (text, hash)
}

/// What a new consent record holds.
pub(super) struct NewConsent<'a> {
    pub(super) request_id: RequestId,
    pub(super) match_id: Option<MatchId>,
    pub(super) party: Party,
    pub(super) answer: &'a Answer,
    pub(super) wording: Wording,
    pub(super) locale: Locale,
    pub(super) channel: Channel,
    pub(super) asserted_by: Option<StaffId>,
}

pub(super) async fn record_consent(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    c: NewConsent<'_>,
    now: DateTime<Utc>,
) -> Result<consent::Model, AppError> {
    // The seal covers the times as stored: PostgreSQL keeps microseconds, so a seal over
    // nanoseconds would never hold again once the record is read back.
    let now = now.trunc_subsecs(6);
    let (_, hash) = wording(c.wording, c.locale);
    let accept = c.answer.decision == Decision::Accept;
    let choice = if accept { c.answer.choice } else { None };
    let detail = (choice == Some(Choice::Share) && !c.answer.detail.trim().is_empty())
        .then(|| {
            ctx.crypto
                .encrypt_str(SHARED_DETAIL, c.answer.detail.trim())
        })
        .transpose()?;
    let (welfare_state, welfare_enc) = match (&c.answer.welfare, accept) {
        (WelfareChoice::Preset, false) => (WelfareState::Preset, None),
        (WelfareChoice::Own(text), false) if !text.trim().is_empty() => (
            WelfareState::Pending,
            Some(ctx.crypto.encrypt_str(WELFARE, text.trim())?),
        ),
        _ => (WelfareState::None, None),
    };
    let mut record = consent::Model {
        id: ConsentId(0),
        request_id: c.request_id,
        match_id: c.match_id,
        party: c.party,
        decision: c.answer.decision,
        wording_version: c.wording.version.to_owned(),
        wording_locale: c.locale.code().to_owned(),
        wording_hash: hash,
        channel: c.channel,
        choice,
        shared_detail_enc: detail,
        welfare_enc,
        welfare_state,
        given_at: now,
        expires_at: now + ctx.config.contact.consent_validity,
        withdrawn_at: None,
        asserted_by: c.asserted_by,
        approval_id: None,
        seal: String::new(),
    };
    record.seal = seal_of(&record);
    let mut row: consent::ActiveModel = record.into();
    row.id = NotSet;
    let row = row.insert(txn).await?;
    // The audit chain covers the record through its seal.
    audit::record(
        txn,
        &ctx.crypto,
        NewEvent {
            actor: c.asserted_by.map_or(Actor::Public, Actor::Staff),
            action: AuditAction::ConsentRecord,
            subject: c
                .match_id
                .map_or(Subject::Request(c.request_id), Subject::Match),
            details: serde_json::json!({
                "consent": row.id,
                "party": c.party.as_str(),
                "decision": c.answer.decision.as_str(),
                "channel": c.channel.as_str(),
                "wording": c.wording.version,
                "seal": row.seal,
            }),
        },
    )
    .await?;
    Ok(row)
}

/// The seal of a consent record: what it covers is named once, here (see
/// `domain::contact::consent::Content`).
fn seal_of(c: &consent::Model) -> String {
    let content = Content {
        request_id: c.request_id,
        match_id: c.match_id,
        party: c.party,
        decision: c.decision,
        wording_version: &c.wording_version,
        wording_locale: &c.wording_locale,
        wording_hash: &c.wording_hash,
        channel: c.channel,
        choice: c.choice,
        shared_detail: c.shared_detail_enc.as_deref().map(hex::encode),
        welfare: c.welfare_enc.as_deref().map(hex::encode),
        given_at: c.given_at,
        expires_at: c.expires_at,
        asserted_by: c.asserted_by,
    };
    dc::seal(&content)
}

/// "Erase my data now": the contact detail and the welfare text in the consent records
/// `filter` selects are emptied, and each record is sealed again over what stays (the
/// decision, the wording shown, the dates: what was agreed, without the person's words).
/// Runs in the erasing transaction; the number of records emptied.
///
/// # Errors
/// A database error.
pub(crate) async fn erase_details(
    txn: &DatabaseTransaction,
    filter: sea_orm::Condition,
) -> Result<usize, AppError> {
    use sea_orm::sea_query::Expr;
    let rows = consent::Entity::find()
        .filter(filter)
        .filter(
            sea_orm::Condition::any()
                .add(consent::Column::SharedDetailEnc.is_not_null())
                .add(consent::Column::WelfareEnc.is_not_null()),
        )
        .all(txn)
        .await?;
    let n = rows.len();
    for mut c in rows {
        c.shared_detail_enc = None;
        c.welfare_enc = None;
        consent::Entity::update_many()
            .col_expr(
                consent::Column::SharedDetailEnc,
                Expr::value(Option::<Vec<u8>>::None),
            )
            .col_expr(
                consent::Column::WelfareEnc,
                Expr::value(Option::<Vec<u8>>::None),
            )
            .col_expr(consent::Column::Seal, Expr::value(seal_of(&c)))
            .filter(consent::Column::Id.eq(c.id))
            .exec(txn)
            .await?;
    }
    Ok(n)
}

/// Whether a stored consent's seal still matches its content.
#[must_use]
pub fn seal_holds(c: &consent::Model) -> bool {
    seal_of(c) == c.seal
}

pub(super) fn shared_detail(
    ctx: &AppContext,
    c: &consent::Model,
) -> Result<Option<String>, AppError> {
    Ok(c.shared_detail_enc
        .as_deref()
        .map(|d| ctx.crypto.decrypt_str(SHARED_DETAIL, d))
        .transpose()?)
}

/// Whether a consent's own welfare text waits for review and may be reviewed now: the
/// decline was given on the portal, or a second staff member approved the staff's record.
pub(super) fn welfare_reviewable(c: &consent::Model) -> bool {
    c.welfare_state == WelfareState::Pending && given(c)
}
