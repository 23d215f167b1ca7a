//! What either party of a match does, whichever side they are on: a relay message to the
//! other, and withdrawing (before or after the connection); and the sought person's "never
//! from this person", which withdrawing or answering may carry.

use super::life::finish;
use super::{Case, case, notify, requester_data, state_of};
use crate::context::AppContext;
use crate::domain::audit::{self, Actor, AuditAction, NewEvent, Subject};
use crate::domain::contact::consent::Party;
use crate::domain::contact::match_flow::MatchState;
use crate::domain::contact::records::{self as contact, context};
use crate::entities::{consent, contact_match, registration};
use crate::error::AppError;
use crate::ids::{MatchId, RegistrationId};
use crate::services::contact::candidates::{forget_index, rules_admit};
use crate::services::contact::intake::open_registration;
use crate::services::contact::relay;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter};

pub(super) async fn post(
    ctx: &AppContext,
    case: &Case,
    from: Party,
    body: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), relay::PostProblem>, AppError> {
    if state_of(&case.m) != MatchState::Connected {
        return Ok(Err(relay::PostProblem::Closed));
    }
    let txn = ctx.begin_write().await?;
    if let Err(p) = relay::post(&txn, ctx, case.m.id, from, body, now).await? {
        return Ok(Err(p));
    }
    notify(&txn, ctx, case, from.other(), now).await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// A party withdraws from a match (before or after the connection): their consents on it
/// are marked withdrawn and the match ends. With `block`, a sought person also refuses
/// this requester for good (see [`refuse_for_good`]).
pub async fn withdraw(
    ctx: &AppContext,
    match_id: MatchId,
    party: Party,
    block: bool,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let case = case(&ctx.db, match_id).await?.ok_or(AppError::NotFound)?;
    if state_of(&case.m).is_final() {
        return Ok(false);
    }
    let txn = ctx.begin_write().await?;
    // A requester leaves this connection only: their consent record covers the request,
    // so it stays for the others, and this match ends.
    if party == Party::Sought {
        consent::Entity::update_many()
            .col_expr(consent::Column::WithdrawnAt, Expr::value(now))
            .filter(consent::Column::MatchId.eq(match_id))
            .filter(consent::Column::Party.eq(party))
            .filter(consent::Column::WithdrawnAt.is_null())
            .exec(&*txn)
            .await?;
    }
    let actor = Actor::Public;
    let done = finish(&txn, ctx, &actor, match_id, true, now).await?;
    if !done {
        // The match moved on meanwhile (e.g. it was released in the same instant): nothing
        // is kept, not even the consent's withdrawal, and the person sees where it stands.
        return Ok(false);
    }
    if block && party == Party::Sought {
        refuse_for_good(&txn, ctx, &actor, &case).await?;
    }
    txn.commit().await?;
    if block {
        forget_index(ctx);
    }
    Ok(done)
}

/// "Never from this person": the registration refuses this requester from now on, by
/// name (as the person saw it) and by the blind index of the requester's address (so
/// another spelling or another name from the same address is refused too). Audited.
pub(super) async fn refuse_for_good(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    actor: &Actor,
    case: &Case,
) -> Result<(), AppError> {
    let requester = requester_data(ctx, &case.request)?;
    let mut rules = open_registration(ctx, &case.registration)?.rules;
    if !rules.deny_names.contains(&requester.name) {
        rules.deny_names.push(requester.name);
    }
    if !rules
        .deny_requester_keys
        .contains(&case.request.email_index)
    {
        rules
            .deny_requester_keys
            .push(case.request.email_index.clone());
    }
    let sealed = contact::seal(&ctx.crypto, context::RULES, &rules)?;
    registration::Entity::update_many()
        .col_expr(registration::Column::RulesEnc, Expr::value(sealed))
        .filter(registration::Column::Id.eq(case.registration.id))
        .exec(txn)
        .await?;
    audit::record(
        txn,
        &ctx.crypto,
        NewEvent {
            actor: actor.clone(),
            action: AuditAction::RegistrationDenyRule,
            subject: Subject::Registration(case.registration.id),
            details: serde_json::json!({ "match": case.m.id }),
        },
    )
    .await?;
    Ok(())
}

/// Which open matches of a registration [`close_matches_of`] closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    /// Those its rules, as they now stand in its row, refuse (a rule changed in place).
    Excluded,
    /// Every one (the person erased their data).
    All,
}

/// Closes open matches of `registration_id` inside `txn` as the registered person's own
/// withdrawal closes one: their consents on it withdrawn, then [`finish`] (pending
/// release proposals cancelled, the thread closed, a connection notice ended). A match
/// not yet connected leaves the requester's page as it was (rule 1). Returns how many
/// closed.
pub async fn close_matches_of(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    registration_id: RegistrationId,
    which: Closing,
    now: DateTime<Utc>,
) -> Result<u32, AppError> {
    let open = contact_match::Entity::find()
        .filter(contact_match::Column::RegistrationId.eq(registration_id))
        .filter(contact_match::Column::State.is_not_in([MatchState::Closed, MatchState::Rejected]))
        .all(txn)
        .await?;
    let mut closed = 0;
    for m in open {
        let Some(case) = case(txn, m.id).await? else {
            continue;
        };
        if which == Closing::Excluded
            && rules_admit(ctx, &case.request, &case.sought, &case.registration)?
        {
            continue;
        }
        consent::Entity::update_many()
            .col_expr(consent::Column::WithdrawnAt, Expr::value(now))
            .filter(consent::Column::MatchId.eq(m.id))
            .filter(consent::Column::Party.eq(Party::Sought))
            .filter(consent::Column::WithdrawnAt.is_null())
            .exec(txn)
            .await?;
        if finish(txn, ctx, &Actor::Public, m.id, true, now).await? {
            closed += 1;
        }
    }
    Ok(closed)
}
