//! Relay threads: the messages two connected parties pass through the portal without
//! either seeing the other's address. Bodies are stored encrypted; a closed thread takes
//! no more messages, and its messages are erased after the retention period (leaving
//! only that a message existed). Reads touch the relay tables only.

use crate::context::AppContext;
use crate::domain::contact::consent::Party;
use crate::domain::contact::relay::ThreadState;
use crate::entities::{relay_message, relay_thread};
use crate::error::AppError;
use crate::ids::{MatchId, ThreadId};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;

/// Encryption context of message bodies.
const BODY: &str = "contact.relay";

/// Longest message, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2000;

/// One message as a party sees it.
#[derive(Debug, Clone, Serialize)]
pub struct MessageView {
    /// Written by the viewer.
    pub mine: bool,
    /// The text (empty once erased).
    pub body: String,
    /// When (RFC 3339, UTC); pages show it with the `datetime` helper.
    pub at: String,
}

/// A thread as a party sees it.
#[derive(Debug, Clone, Serialize)]
pub struct ThreadView {
    /// Still open.
    pub open: bool,
    /// Oldest first.
    pub messages: Vec<MessageView>,
}

/// Why a message was not posted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PostProblem {
    /// Nothing written.
    Empty,
    /// Over [`MAX_MESSAGE_CHARS`].
    TooLong,
    /// No open thread.
    Closed,
}

/// Checks a message's text; `Ok` holds it trimmed.
pub fn check(body: &str) -> Result<&str, PostProblem> {
    let body = body.trim();
    if body.is_empty() {
        Err(PostProblem::Empty)
    } else if body.chars().count() > MAX_MESSAGE_CHARS {
        Err(PostProblem::TooLong)
    } else {
        Ok(body)
    }
}

async fn thread_of(
    db: &impl ConnectionTrait,
    match_id: MatchId,
) -> Result<Option<relay_thread::Model>, AppError> {
    Ok(relay_thread::Entity::find()
        .filter(relay_thread::Column::MatchId.eq(match_id))
        .one(db)
        .await?)
}

async fn insert_message(
    db: &impl ConnectionTrait,
    ctx: &AppContext,
    thread_id: ThreadId,
    from: Party,
    body: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    relay_message::ActiveModel {
        thread_id: Set(thread_id),
        from_party: Set(from),
        body_enc: Set(ctx.crypto.encrypt_str(BODY, body)?),
        created_at: Set(now),
        erased_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Opens the thread of a match being connected, with a first message if one is given
/// (the requester's message, held until now).
pub async fn open(
    db: &impl ConnectionTrait,
    ctx: &AppContext,
    match_id: MatchId,
    first: Option<(Party, &str)>,
    now: DateTime<Utc>,
) -> Result<ThreadId, AppError> {
    let thread = relay_thread::ActiveModel {
        match_id: Set(match_id),
        state: Set(ThreadState::Open),
        created_at: Set(now),
        closed_at: Set(None),
        erase_after: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if let Some((from, body)) = first
        && !body.trim().is_empty()
    {
        insert_message(db, ctx, thread.id, from, body.trim(), now).await?;
    }
    Ok(thread.id)
}

/// Posts a message from `from` to the open thread of a match (the caller notifies the
/// other party in the same transaction).
pub async fn post(
    db: &impl ConnectionTrait,
    ctx: &AppContext,
    match_id: MatchId,
    from: Party,
    body: &str,
    now: DateTime<Utc>,
) -> Result<Result<(), PostProblem>, AppError> {
    let body = match check(body) {
        Ok(b) => b,
        Err(p) => return Ok(Err(p)),
    };
    let Some(thread) = thread_of(db, match_id).await? else {
        return Ok(Err(PostProblem::Closed));
    };
    if thread.state != ThreadState::Open {
        return Ok(Err(PostProblem::Closed));
    }
    insert_message(db, ctx, thread.id, from, body, now).await?;
    Ok(Ok(()))
}

/// The thread of a match as `viewer` sees it (`None`: the match has no thread).
pub async fn view(
    db: &impl ConnectionTrait,
    ctx: &AppContext,
    match_id: MatchId,
    viewer: Party,
) -> Result<Option<ThreadView>, AppError> {
    let Some(thread) = thread_of(db, match_id).await? else {
        return Ok(None);
    };
    let rows = relay_message::Entity::find()
        .filter(relay_message::Column::ThreadId.eq(thread.id))
        .order_by_asc(relay_message::Column::Id)
        .all(db)
        .await?;
    let mut messages = Vec::with_capacity(rows.len());
    for m in rows {
        let body = if m.erased_at.is_some() {
            String::new()
        } else {
            ctx.crypto.decrypt_str(BODY, &m.body_enc)?
        };
        messages.push(MessageView {
            mine: m.from_party == viewer,
            body,
            at: m.created_at.to_rfc3339(),
        });
    }
    Ok(Some(ThreadView {
        open: thread.state == ThreadState::Open,
        messages,
    }))
}

/// How many messages a match's thread holds, and whether it is open (for staff: never the
/// content).
pub async fn summary(
    db: &impl ConnectionTrait,
    match_id: MatchId,
) -> Result<Option<(bool, u64)>, AppError> {
    let Some(thread) = thread_of(db, match_id).await? else {
        return Ok(None);
    };
    let n = relay_message::Entity::find()
        .filter(relay_message::Column::ThreadId.eq(thread.id))
        .count(db)
        .await?;
    Ok(Some((thread.state == ThreadState::Open, n)))
}

/// Closes a match's thread (if it has one): no more messages; the content is erased
/// `retention` from now.
pub async fn close(
    db: &impl ConnectionTrait,
    match_id: MatchId,
    retention: Duration,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    relay_thread::Entity::update_many()
        .col_expr(
            relay_thread::Column::State,
            Expr::value(ThreadState::Closed),
        )
        .col_expr(relay_thread::Column::ClosedAt, Expr::value(now))
        .col_expr(
            relay_thread::Column::EraseAfter,
            Expr::value(now + retention),
        )
        .filter(relay_thread::Column::MatchId.eq(match_id))
        .filter(relay_thread::Column::State.eq(ThreadState::Open))
        .exec(db)
        .await?;
    Ok(())
}

/// Erases the messages of closed threads whose retention period is over; returns how
/// many messages were erased. The rows stay (that a message existed, and when).
pub async fn erase_due(ctx: &AppContext, now: DateTime<Utc>) -> Result<u64, AppError> {
    let due: Vec<ThreadId> = relay_thread::Entity::find()
        .filter(relay_thread::Column::State.eq(ThreadState::Closed))
        .filter(relay_thread::Column::EraseAfter.lte(now))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect();
    if due.is_empty() {
        return Ok(0);
    }
    let txn = ctx.begin_write().await?;
    let n = relay_message::Entity::update_many()
        .col_expr(
            relay_message::Column::BodyEnc,
            Expr::value(Vec::<u8>::new()),
        )
        .col_expr(relay_message::Column::ErasedAt, Expr::value(now))
        .filter(relay_message::Column::ThreadId.is_in(due))
        .filter(relay_message::Column::ErasedAt.is_null())
        .exec(&*txn)
        .await?
        .rows_affected;
    txn.commit().await?;
    Ok(n)
}
