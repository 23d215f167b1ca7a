//! What either party of a match does, whichever side they are on: a relay message to the
//! other, and withdrawing (before or after the connection).

use super::life::finish;
use super::sought::refuse_for_good;
use super::{Case, case, notify, state_of};
use crate::context::AppContext;
use crate::domain::audit::Actor;
use crate::domain::contact::consent::Party;
use crate::domain::contact::match_flow::MatchState;
use crate::entities::consent;
use crate::error::AppError;
use crate::ids::MatchId;
use crate::services::contact::relay;
use crate::services::contact::review::forget_index;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

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
            .filter(consent::Column::Party.eq(party.as_str()))
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
