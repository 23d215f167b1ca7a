//! Everything a requester's page shows, built from what safety rule 1 allows and nothing
//! else: the request's own row (in force, expired or withdrawn; their own last
//! re-confirmation), the names they gave (every sought person's), and the request's notices — a connection (with
//! its relay thread and the detail the other party chose to share) or a released welfare
//! message. It never reads matches, registrations or consent records: a request whose
//! sought person is unregistered, asked and silent, declined without a message, or
//! vetoed produces the same rows here, so the same page in the same time. A test reads
//! this file and checks what it uses.

use crate::context::AppContext;
use crate::domain::contact::consent::Party;
use crate::domain::contact::records::NoticeKind;
use crate::domain::contact::records::RecordState;
use crate::entities::{request_notice, sought_person};
use crate::error::AppError;
use crate::ids::{MatchId, RequestId, Token};
use crate::services::contact::consent::{SHARED_DETAIL, WELFARE};
use crate::services::contact::intake::{self, RequestStatus};
use crate::services::contact::relay::{self, ThreadView};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

/// A notice on the page.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeView {
    /// `connected` or `welfare`.
    pub kind: NoticeKind,
    /// The sought person, by the name the requester gave.
    pub person: String,
    /// The shared detail (connections) or the decliner's own words (welfare).
    pub text: Option<String>,
    /// A welfare notice with the preset "I am well but do not wish contact".
    pub preset: bool,
    /// The connection's match (what the requester's forms name).
    pub match_id: Option<MatchId>,
    /// The connection ended.
    pub ended: bool,
    /// The relay thread (connections).
    pub thread: Option<ThreadView>,
}

/// The requester's page.
#[derive(Debug, Clone)]
pub struct RequesterView {
    /// In force, expired or withdrawn.
    pub status: RequestStatus,
    /// Their own last re-confirmation.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// Connections and released welfare messages, oldest first.
    pub notices: Vec<NoticeView>,
    /// The persons sought, in form order: their place on the request and every name and
    /// alias the requester gave (issue #14: "whom you are looking for").
    pub sought: Vec<(i32, Vec<String>)>,
}

/// What of the request's own row the view reads.
struct Own {
    id: RequestId,
    state: RecordState,
    expires_at: DateTime<Utc>,
    confirmed_at: Option<DateTime<Utc>>,
}

/// The page behind a requester's link (`None`: no such link).
pub async fn view(
    ctx: &AppContext,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<Option<RequesterView>, AppError> {
    let Some(r) = intake::request_by_status_token(&ctx.db, token).await? else {
        return Ok(None);
    };
    let own = Own {
        id: r.id,
        state: r.state,
        expires_at: r.expires_at,
        confirmed_at: r.confirmed_at,
    };
    build(ctx, own, now).await
}

/// Exactly the page the requester of request `id` would see behind their own link, for
/// the caseworker who reads it to a requester without email (`None`: no such request, or
/// not one a requester could see yet). The caller audits the read.
pub async fn view_of_request(
    ctx: &AppContext,
    id: RequestId,
    now: DateTime<Utc>,
) -> Result<Option<RequesterView>, AppError> {
    let Some(r) = intake::request_by_id(&ctx.db, id).await? else {
        return Ok(None);
    };
    let own = Own {
        id: r.id,
        state: r.state,
        expires_at: r.expires_at,
        confirmed_at: r.confirmed_at,
    };
    build(ctx, own, now).await
}

async fn build(
    ctx: &AppContext,
    r: Own,
    now: DateTime<Utc>,
) -> Result<Option<RequesterView>, AppError> {
    let Some(status) = intake::lifecycle(r.state, r.expires_at, now) else {
        return Ok(None);
    };
    let rows = request_notice::Entity::find()
        .filter(request_notice::Column::RequestId.eq(r.id))
        .order_by_asc(request_notice::Column::Id)
        .all(&ctx.db)
        .await?;
    let mut notices = Vec::with_capacity(rows.len());
    for n in rows {
        let person = match sought_person::Entity::find_by_id(n.sought_person_id)
            .one(&ctx.db)
            .await?
        {
            Some(s) => {
                let d = intake::open_sought(ctx, &s)?;
                d.all_names().into_iter().next().unwrap_or_default()
            }
            None => String::new(),
        };
        let connected = n.kind == NoticeKind::Connected;
        let ended = n.ended_at.is_some();
        let context = if connected { SHARED_DETAIL } else { WELFARE };
        // The detail the other person shared is shown only while the connection lasts:
        // once they left, withdrew or blocked, it is no longer on the page (as the
        // requester's detail is no longer on theirs).
        let text = n
            .body_enc
            .as_deref()
            .filter(|_| !(connected && ended))
            .map(|b| ctx.crypto.decrypt_str(context, b))
            .transpose()?;
        let thread = match (connected, n.match_id) {
            (true, Some(m)) => relay::view(&ctx.db, ctx, m, Party::Requester).await?,
            _ => None,
        };
        notices.push(NoticeView {
            preset: !connected && text.is_none(),
            kind: n.kind,
            person,
            text,
            match_id: n.match_id,
            ended,
            thread,
        });
    }
    let mut sought = Vec::new();
    for s in sought_person::Entity::find()
        .filter(sought_person::Column::RequestId.eq(r.id))
        .order_by_asc(sought_person::Column::Position)
        .all(&ctx.db)
        .await?
    {
        sought.push((s.position, intake::open_sought(ctx, &s)?.all_names()));
    }
    Ok(Some(RequesterView {
        status,
        confirmed_at: r.confirmed_at,
        notices,
        sought,
    }))
}
