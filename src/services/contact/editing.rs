//! Changing one's own contact record in place and erasing it (issue #14): the registered
//! person's names, openness, allow list and vetoes; the requester's additions to a person
//! they seek (spellings, aliases, facts); and "erase my data now" on either side, which
//! empties every sealed document at once and keeps the row as a tombstone (dates, state).
//!
//! Every change is audited (which parts changed, never their content). A registration's
//! change takes effect in candidate generation at once (the cached index is dropped) and
//! closes, in the same transaction, every open match its new rules refuse, as the person's
//! own withdrawal does. The requester's side never reads matches or registrations (rule 1):
//! their additions and their erasure do the same work whatever exists behind the request;
//! the minute job closes a match their request no longer supports.

use crate::context::AppContext;
use crate::crypto::{random_token, sha256_hex};
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::domain::contact::consent::Party;
use crate::domain::contact::form as cf;
use crate::domain::contact::records::{
    self as dc, Openness, RecordState, RegistrationData, RegistrationRules, RequesterData,
    SoughtData, context,
};
use crate::domain::reissued::LinkKind;
use crate::entities::{
    consent, contact_match, contact_request, party_link, registration, reissued_link,
    relay_message, relay_thread, request_notice, sought_person,
};
use crate::error::AppError;
use crate::ids::Token;
use crate::services::audit_log::append;
use crate::services::contact::candidates::forget_index;
use crate::services::contact::consent::{Closing, close_matches_of};
use crate::services::contact::intake::{
    Change, RequestStatus, lifecycle, open_registration, open_sought, registration_by_manage_token,
    request_by_status_token,
};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder};

/// Most other spellings and aliases a sought person may carry, additions included.
pub const MAX_SOUGHT_ALIASES: usize = 2 * cf::MAX_LINES;

/// A registered person's record as they change it (every field already checked).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistrationEdit {
    /// Names and the aliases they choose to be findable by (at least one).
    pub names: Vec<String>,
    /// How open they are to contact ("no one" included).
    pub openness: Openness,
    /// With `Openness::Relationships`: the relationships accepted.
    pub only_relationships: Vec<String>,
    /// With `Openness::Named`: the relatives accepted, by name.
    pub only_names: Vec<String>,
    /// "Never these people", by name.
    pub deny_names: Vec<String>,
    /// "Never anyone who names this alias".
    pub deny_aliases: Vec<String>,
}

/// Changes the registration behind a management link in place: names, openness, allow
/// list and vetoes (the requesters refused for good from a contact case stay refused).
/// Only a registration in force can change. Audited with the names of the parts that
/// changed; the candidate index is dropped; open matches the new rules refuse are closed.
///
/// # Errors
/// A database or encryption error.
pub async fn edit_registration(
    ctx: &AppContext,
    token: &Token,
    edit: RegistrationEdit,
    now: DateTime<Utc>,
) -> Result<Change, AppError> {
    let Some(r) = registration_by_manage_token(&ctx.db, token).await? else {
        return Ok(Change::Invalid);
    };
    if r.erased_at.is_some() {
        return Ok(Change::Invalid);
    }
    if !matches!(
        lifecycle(r.state, r.expires_at, now),
        Some(RequestStatus::InProgress { .. })
    ) {
        return Ok(Change::Unchanged);
    }
    let before = open_registration(ctx, &r)?;
    let data = RegistrationData {
        names: edit.names,
        ..before.data.clone()
    };
    let named = edit.openness == Openness::Named;
    let by_relationship = edit.openness == Openness::Relationships;
    let rules = RegistrationRules {
        only_relationships: if by_relationship {
            edit.only_relationships
        } else {
            Vec::new()
        },
        only_names: if named { edit.only_names } else { Vec::new() },
        deny_names: edit.deny_names,
        deny_aliases: edit.deny_aliases,
        ..before.rules.clone()
    };
    let mut changed = Vec::new();
    if data.names != before.data.names {
        changed.push("names");
    }
    if edit.openness != before.openness {
        changed.push("openness");
    }
    if rules.only_relationships != before.rules.only_relationships
        || rules.only_names != before.rules.only_names
    {
        changed.push("allow");
    }
    if rules.deny_names != before.rules.deny_names
        || rules.deny_aliases != before.rules.deny_aliases
    {
        changed.push("deny");
    }
    if changed.is_empty() {
        return Ok(Change::Unchanged);
    }
    let data_enc = dc::seal(&ctx.crypto, context::REGISTRATION, &data)?;
    let rules_enc = dc::seal(&ctx.crypto, context::RULES, &rules)?;
    let txn = ctx.begin_write().await?;
    let n = registration::Entity::update_many()
        .col_expr(registration::Column::DataEnc, Expr::value(data_enc))
        .col_expr(registration::Column::RulesEnc, Expr::value(rules_enc))
        .col_expr(registration::Column::Openness, Expr::value(edit.openness))
        .filter(registration::Column::Id.eq(r.id))
        .filter(registration::Column::State.eq(RecordState::Active))
        .filter(registration::Column::ErasedAt.is_null())
        // Nobody changed it meanwhile (a "never" answer, another tab).
        .filter(registration::Column::RulesEnc.eq(r.rules_enc.clone()))
        .filter(registration::Column::DataEnc.eq(r.data_enc.clone()))
        .exec(&*txn)
        .await?
        .rows_affected;
    if n != 1 {
        return Ok(Change::Unchanged);
    }
    let closed = close_matches_of(&txn, ctx, r.id, Closing::Excluded, now).await?;
    append(
        &txn,
        ctx,
        Actor::Public,
        AuditAction::RegistrationEdit,
        Subject::Registration(r.id),
        serde_json::json!({ "changed": changed, "openness": edit.openness.as_str(), "closed_matches": closed }),
    )
    .await?;
    txn.commit().await?;
    // Candidate generation sees the change at once (on this instance; others within the
    // index's lifetime).
    forget_index(ctx);
    Ok(Change::Done)
}

/// A person a requester seeks, as their page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoughtEntry {
    /// Its place on the request (1 to 3).
    pub position: i32,
    /// The sealed details, opened.
    pub data: SoughtData,
}

/// The persons sought by the request behind a requester's link, in form order (`None`:
/// no such link, or the request's data was erased).
///
/// # Errors
/// A database or decryption error.
pub async fn sought_entries(
    ctx: &AppContext,
    token: &Token,
) -> Result<Option<Vec<SoughtEntry>>, AppError> {
    let Some(r) = request_by_status_token(&ctx.db, token).await? else {
        return Ok(None);
    };
    if r.erased_at.is_some() {
        return Ok(None);
    }
    let rows = sought_person::Entity::find()
        .filter(sought_person::Column::RequestId.eq(r.id))
        .order_by_asc(sought_person::Column::Position)
        .all(&ctx.db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push(SoughtEntry {
            position: row.position,
            data: open_sought(ctx, &row)?,
        });
    }
    Ok(Some(out))
}

/// What a requester adds to a person they seek (every field already checked).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SoughtAdditions {
    /// Other spellings and aliases, in any script.
    pub aliases: Vec<String>,
    /// More "only family would know" facts.
    pub facts: String,
}

/// What adding to a sought person did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddOutcome {
    /// Stored.
    Done,
    /// Nothing new (every alias already there, no facts).
    Unchanged,
    /// The person would carry more than [`MAX_SOUGHT_ALIASES`] spellings and aliases.
    TooManyAliases,
    /// The facts would exceed [`cf::MAX_FACTS_CHARS`] characters.
    FactsTooLong,
    /// No such link, the request is not in force, or no person at that place.
    Invalid,
}

/// Adds spellings, aliases and facts to the person at `position` of the request behind a
/// requester's link (a request in force only). Audited with counts only. Reads the
/// request's own rows and nothing else (rule 1); a match the additions now put under a
/// registration's veto ("not anyone who names this alias") is closed by the minute job.
///
/// # Errors
/// A database or encryption error.
pub async fn add_to_sought(
    ctx: &AppContext,
    token: &Token,
    position: i32,
    additions: &SoughtAdditions,
    now: DateTime<Utc>,
) -> Result<AddOutcome, AppError> {
    let Some(r) = request_by_status_token(&ctx.db, token).await? else {
        return Ok(AddOutcome::Invalid);
    };
    if r.erased_at.is_some()
        || !matches!(
            lifecycle(r.state, r.expires_at, now),
            Some(RequestStatus::InProgress { .. })
        )
    {
        return Ok(AddOutcome::Invalid);
    }
    let Some(row) = sought_person::Entity::find()
        .filter(sought_person::Column::RequestId.eq(r.id))
        .filter(sought_person::Column::Position.eq(position))
        .one(&ctx.db)
        .await?
    else {
        return Ok(AddOutcome::Invalid);
    };
    let mut data = open_sought(ctx, &row)?;
    let known = data.all_names();
    let mut added = 0usize;
    for a in &additions.aliases {
        if !known.contains(a) && !data.aliases.contains(a) {
            data.aliases.push(a.clone());
            added += 1;
        }
    }
    if data.aliases.len() > MAX_SOUGHT_ALIASES {
        return Ok(AddOutcome::TooManyAliases);
    }
    let facts = additions.facts.trim();
    if !facts.is_empty() {
        data.facts = if data.facts.is_empty() {
            facts.to_owned()
        } else {
            format!("{}\n{facts}", data.facts)
        };
        if data.facts.chars().count() > cf::MAX_FACTS_CHARS {
            return Ok(AddOutcome::FactsTooLong);
        }
    }
    if added == 0 && facts.is_empty() {
        return Ok(AddOutcome::Unchanged);
    }
    let sealed = dc::seal(&ctx.crypto, context::SOUGHT, &data)?;
    let txn = ctx.begin_write().await?;
    let n = sought_person::Entity::update_many()
        .col_expr(sought_person::Column::DataEnc, Expr::value(sealed))
        .filter(sought_person::Column::Id.eq(row.id))
        .filter(sought_person::Column::DataEnc.eq(row.data_enc.clone()))
        .exec(&*txn)
        .await?
        .rows_affected;
    if n != 1 {
        return Ok(AddOutcome::Unchanged);
    }
    append(
        &txn,
        ctx,
        Actor::Public,
        AuditAction::ContactRequestEdit,
        Subject::Request(r.id),
        serde_json::json!({ "person": position, "aliases_added": added, "facts_added": !facts.is_empty() }),
    )
    .await?;
    txn.commit().await?;
    Ok(AddOutcome::Done)
}

/// A hash nobody holds the token of: what an erased record's links become.
fn dead_link_hash() -> Result<String, AppError> {
    Ok(sha256_hex(random_token()?.as_bytes()))
}

/// Erases the messages `party` wrote in the threads of `matches` (a subquery on the
/// matches table): their content goes now, the rows stay.
async fn erase_messages(
    txn: &DatabaseTransaction,
    party: Party,
    matches: sea_orm::sea_query::SelectStatement,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let threads = Query::select()
        .column(relay_thread::Column::Id)
        .from(relay_thread::Entity)
        .and_where(relay_thread::Column::MatchId.in_subquery(matches))
        .to_owned();
    relay_message::Entity::update_many()
        .col_expr(
            relay_message::Column::BodyEnc,
            Expr::value(Vec::<u8>::new()),
        )
        .col_expr(relay_message::Column::ErasedAt, Expr::value(now))
        .filter(relay_message::Column::FromParty.eq(party))
        .filter(relay_message::Column::ErasedAt.is_null())
        .filter(relay_message::Column::ThreadId.in_subquery(threads))
        .exec(txn)
        .await?;
    Ok(())
}

/// "Erase my data now" for a request: the requester's name, address and phone, their
/// message, every sought person's names and details, the welfare texts and details on
/// their page and the messages they wrote are erased at once; the request is withdrawn
/// and its links stop working. The row stays as a tombstone (dates, state, country,
/// relationship). The same statements run whatever exists behind the request (rule 1);
/// the minute job closes its matches as it closes a withdrawn request's.
///
/// # Errors
/// A database or encryption error.
pub async fn erase_request(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<Change, AppError> {
    let Some(r) = request_by_status_token(&ctx.db, token).await? else {
        return Ok(Change::Invalid);
    };
    if r.erased_at.is_some() {
        return Ok(Change::Invalid);
    }
    let sought = sought_person::Entity::find()
        .filter(sought_person::Column::RequestId.eq(r.id))
        .all(&ctx.db)
        .await?;
    let requester_enc = dc::seal(&ctx.crypto, context::REQUESTER, &RequesterData::default())?;
    let message_enc = ctx.crypto.encrypt_str(context::MESSAGE, "")?;
    let emptied: Vec<(sought_person::Model, Vec<u8>)> = sought
        .into_iter()
        .map(|s| {
            Ok((
                s,
                dc::seal(&ctx.crypto, context::SOUGHT, &SoughtData::default())?,
            ))
        })
        .collect::<Result<_, AppError>>()?;
    let open = matches!(r.state, RecordState::Active | RecordState::Unverified);
    let state = if open {
        RecordState::Withdrawn
    } else {
        r.state
    };
    let txn = ctx.begin_write().await?;
    let n = contact_request::Entity::update_many()
        .col_expr(
            contact_request::Column::RequesterEnc,
            Expr::value(requester_enc),
        )
        .col_expr(
            contact_request::Column::MessageEnc,
            Expr::value(message_enc),
        )
        .col_expr(contact_request::Column::EmailIndex, Expr::value(""))
        .col_expr(contact_request::Column::NetworkHash, Expr::value(""))
        .col_expr(contact_request::Column::State, Expr::value(state))
        .col_expr(
            contact_request::Column::ClosedAt,
            Expr::value(r.closed_at.unwrap_or(now)),
        )
        .col_expr(
            contact_request::Column::StatusHash,
            Expr::value(dead_link_hash()?),
        )
        .col_expr(
            contact_request::Column::VerifyHash,
            Expr::value(dead_link_hash()?),
        )
        .col_expr(contact_request::Column::ErasedAt, Expr::value(now))
        .filter(contact_request::Column::Id.eq(r.id))
        .filter(contact_request::Column::ErasedAt.is_null())
        .exec(&*txn)
        .await?
        .rows_affected;
    if n != 1 {
        return Ok(Change::Invalid);
    }
    let persons = emptied.len();
    let ids: Vec<_> = emptied.iter().map(|(s, _)| s.id).collect();
    for (s, sealed) in emptied {
        sought_person::Entity::update_many()
            .col_expr(sought_person::Column::DataEnc, Expr::value(sealed))
            .filter(sought_person::Column::Id.eq(s.id))
            .exec(&*txn)
            .await?;
    }
    request_notice::Entity::update_many()
        .col_expr(
            request_notice::Column::BodyEnc,
            Expr::value(Option::<Vec<u8>>::None),
        )
        .filter(request_notice::Column::RequestId.eq(r.id))
        .exec(&*txn)
        .await?;
    // Every requester link (notifications, "lost your link?") stops working now.
    party_link::Entity::update_many()
        .col_expr(party_link::Column::ExpiresAt, Expr::value(now))
        .filter(party_link::Column::RequestId.eq(r.id))
        .filter(party_link::Column::Party.eq(Party::Requester))
        .filter(party_link::Column::ExpiresAt.gt(now))
        .exec(&*txn)
        .await?;
    let matches = Query::select()
        .column(contact_match::Column::Id)
        .from(contact_match::Entity)
        .and_where(contact_match::Column::SoughtPersonId.is_in(ids))
        .to_owned();
    erase_messages(&txn, Party::Requester, matches, now).await?;
    // The contact detail they shared and any welfare text they wrote go too.
    super::consent::erase_details(
        &txn,
        sea_orm::Condition::all()
            .add(consent::Column::RequestId.eq(r.id))
            .add(consent::Column::Party.eq(Party::Requester)),
    )
    .await?;
    append(
        &txn,
        ctx,
        Actor::Public,
        AuditAction::ContactRequestErase,
        Subject::Request(r.id),
        serde_json::json!({ "persons": persons, "withdrawn": open }),
    )
    .await?;
    txn.commit().await?;
    Ok(Change::Done)
}

/// "Erase my data now" for a registration: names, aliases, birth year, father's name,
/// places, address, rules and the messages the person wrote are erased at once; the
/// registration is withdrawn, its links stop working and every open match closes (as the
/// person's own withdrawal closes one). The row stays as a tombstone (dates, state,
/// openness).
///
/// # Errors
/// A database or encryption error.
pub async fn erase_registration(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<Change, AppError> {
    let Some(r) = registration_by_manage_token(&ctx.db, token).await? else {
        return Ok(Change::Invalid);
    };
    if r.erased_at.is_some() {
        return Ok(Change::Invalid);
    }
    let data_enc = dc::seal(
        &ctx.crypto,
        context::REGISTRATION,
        &RegistrationData::default(),
    )?;
    let rules_enc = dc::seal(&ctx.crypto, context::RULES, &RegistrationRules::default())?;
    let open = matches!(r.state, RecordState::Active | RecordState::Unverified);
    let state = if open {
        RecordState::Withdrawn
    } else {
        r.state
    };
    let txn = ctx.begin_write().await?;
    let n = registration::Entity::update_many()
        .col_expr(registration::Column::DataEnc, Expr::value(data_enc))
        .col_expr(registration::Column::RulesEnc, Expr::value(rules_enc))
        .col_expr(registration::Column::EmailIndex, Expr::value(""))
        .col_expr(registration::Column::NetworkHash, Expr::value(""))
        .col_expr(registration::Column::State, Expr::value(state))
        .col_expr(
            registration::Column::ClosedAt,
            Expr::value(r.closed_at.unwrap_or(now)),
        )
        .col_expr(
            registration::Column::ManageHash,
            Expr::value(dead_link_hash()?),
        )
        .col_expr(
            registration::Column::VerifyHash,
            Expr::value(dead_link_hash()?),
        )
        .col_expr(registration::Column::ErasedAt, Expr::value(now))
        .filter(registration::Column::Id.eq(r.id))
        .filter(registration::Column::ErasedAt.is_null())
        .exec(&*txn)
        .await?
        .rows_affected;
    if n != 1 {
        return Ok(Change::Invalid);
    }
    reissued_link::Entity::update_many()
        .col_expr(reissued_link::Column::ExpiresAt, Expr::value(now))
        .filter(reissued_link::Column::Kind.eq(LinkKind::RegistrationManage))
        .filter(reissued_link::Column::TargetId.eq(r.id.0))
        .filter(reissued_link::Column::ExpiresAt.gt(now))
        .exec(&*txn)
        .await?;
    let closed = close_matches_of(&txn, ctx, r.id, Closing::All, now).await?;
    let matches = Query::select()
        .column(contact_match::Column::Id)
        .from(contact_match::Entity)
        .and_where(contact_match::Column::RegistrationId.eq(r.id))
        .to_owned();
    erase_messages(&txn, Party::Sought, matches, now).await?;
    // The person's own links on those matches stop working too.
    let sought_links = Query::select()
        .column(contact_match::Column::Id)
        .from(contact_match::Entity)
        .and_where(contact_match::Column::RegistrationId.eq(r.id))
        .to_owned();
    party_link::Entity::update_many()
        .col_expr(party_link::Column::ExpiresAt, Expr::value(now))
        .filter(party_link::Column::Party.eq(Party::Sought))
        .filter(party_link::Column::MatchId.in_subquery(sought_links.clone()))
        .filter(party_link::Column::ExpiresAt.gt(now))
        .exec(&*txn)
        .await?;
    // The contact detail they shared and any welfare text they wrote go too.
    super::consent::erase_details(
        &txn,
        sea_orm::Condition::all()
            .add(consent::Column::Party.eq(Party::Sought))
            .add(consent::Column::MatchId.in_subquery(sought_links)),
    )
    .await?;
    append(
        &txn,
        ctx,
        Actor::Public,
        AuditAction::RegistrationErase,
        Subject::Registration(r.id),
        serde_json::json!({ "closed_matches": closed, "withdrawn": open }),
    )
    .await?;
    txn.commit().await?;
    forget_index(ctx);
    Ok(Change::Done)
}
