//! Emailed links for the parties of a contact case: a sought person's link to the match
//! they are asked about, and the requester's extra links (sent with notifications) to their
//! request's page. Only a token's hash is stored; several links may work at once, each
//! until it expires. Emails point at the neutral path `/p/<token>`, so a mailbox reader
//! cannot tell what the link is about.

use crate::context::AppContext;
use crate::crypto::{random_token, sha256_hex};
use crate::domain::contact::consent::Party;
use crate::entities::party_link;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{MatchId, RequestId, Token};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// What a link lets its holder act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// The request.
    pub request_id: RequestId,
    /// The match (a sought person's link).
    pub match_id: Option<MatchId>,
    /// Whose link it is.
    pub party: Party,
}

/// Makes a new link valid for `ttl` and returns its token.
pub async fn issue(
    db: &impl ConnectionTrait,
    link: Link,
    ttl: Duration,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let token = random_token()?;
    party_link::ActiveModel {
        request_id: Set(link.request_id),
        match_id: Set(link.match_id),
        party: Set(link.party),
        token_hash: Set(sha256_hex(token.as_bytes())),
        created_at: Set(now),
        expires_at: Set(now + ttl),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(token)
}

/// The link behind `token`, if it exists and has not expired.
pub async fn resolve(
    db: &impl ConnectionTrait,
    token: &Token,
    now: DateTime<Utc>,
) -> Result<Option<Link>, AppError> {
    let row = party_link::Entity::find()
        .filter(party_link::Column::TokenHash.eq(token.hash()))
        .filter(party_link::Column::ExpiresAt.gt(now))
        .one(db)
        .await?;
    Ok(row.map(|r| Link {
        request_id: r.request_id,
        match_id: r.match_id,
        party: r.party,
    }))
}

/// The emailed address of a token: the neutral `/p/<token>`, which sends its holder on
/// to the right page.
#[must_use]
pub fn url(ctx: &AppContext, token: &str, locale: Locale) -> String {
    format!("{}/p/{token}?lang={}", ctx.config.public_url, locale.code())
}
