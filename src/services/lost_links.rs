//! "Lost your link?": a person gives an email address and gets, by email, fresh links to
//! everything that address has — each signature's confirmation (receipt) and withdrawal
//! page, each contact request's page, each registration's management page.
//!
//! Rules 1 and 4 shape it the way they shape signing: the request ([`ask`]) does only work
//! that depends on what was submitted — two blind indexes, the per-address limiter, a push
//! onto an in-memory queue — and the caller always answers the same. A background task,
//! woken 50–300 ms (random) later, carries the asks out ([`settle`]): the lookups, the new
//! links and the one email (none when the address has nothing). The address is never
//! stored for an ask: an ask lost to a restart is asked again.
//!
//! The new links sit beside the old ones (party links for requests, `reissued_links`
//! otherwise), so every earlier link keeps working until it expires.

use crate::context::AppContext;
use crate::crypto::{random_token, sha256_hex};
use crate::domain::contact::consent::Party;
use crate::domain::contact::records::{self as dc, RecordState};
use crate::domain::people::email::SignerEmail;
use crate::domain::petitions::petition::load_public;
use crate::domain::petitions::signature::{self as sig, SignatureState};
use crate::domain::reissued::LinkKind;
use crate::entities::{contact_request, petition, registration, reissued_link, signature};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::mail::{EmailTemplate, outbox};
use crate::services::contact::links;
use chrono::{DateTime, Duration, Utc};
use governor::{DefaultKeyedRateLimiter, Quota};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;
use std::collections::VecDeque;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, OnceLock};

/// How long a link sent again works.
pub const LINK_DAYS: i64 = 30;
/// Asks per address an hour (beyond: the same answer, no email).
pub const PER_ADDRESS_PER_HOUR: u32 = 3;
/// Most asks waiting at once (beyond: the same answer, dropped).
const QUEUE_LIMIT: usize = 10_000;

/// One ask, kept in memory until it is carried out.
struct Asked {
    address: String,
    signature_index: String,
    contact_index: String,
    locale: Locale,
}

/// The queue of asks, its wake-up, its worker and the per-address limiter (runtime state).
pub struct LostLinks {
    queue: Mutex<VecDeque<Asked>>,
    wake: Arc<tokio::sync::Notify>,
    worker: OnceLock<()>,
    per_address: DefaultKeyedRateLimiter<String>,
}

impl Default for LostLinks {
    fn default() -> Self {
        let per_hour = NonZeroU32::new(PER_ADDRESS_PER_HOUR).unwrap_or(NonZeroU32::MIN);
        Self {
            queue: Mutex::new(VecDeque::new()),
            wake: Arc::new(tokio::sync::Notify::new()),
            worker: OnceLock::new(),
            per_address: governor::RateLimiter::keyed(Quota::per_hour(per_hour)),
        }
    }
}

impl std::fmt::Debug for LostLinks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LostLinks")
    }
}

impl LostLinks {
    /// Forgets idle limiter keys.
    pub fn housekeeping(&self) {
        self.per_address.retain_recent();
    }

    fn take(&self) -> Vec<Asked> {
        self.queue
            .lock()
            .map(|mut q| q.drain(..).collect())
            .unwrap_or_default()
    }
}

/// Stores the runtime state (at start-up).
pub fn runtime(runtimes: &mut crate::context::Runtimes) {
    runtimes.insert(LostLinks::default());
}

/// "Your links": one email listing every page the address has; its subject names no
/// purpose.
#[derive(Debug, Serialize)]
pub struct LostLinksEmail {
    /// How long the links work, in days (as the locale writes numbers).
    pub days: String,
    /// The signatures, each with its links.
    pub signatures: Vec<SignatureLinks>,
    /// Personal pages (contact requests and registrations), neutral links.
    pub pages: Vec<String>,
}

/// A signature's links in [`LostLinksEmail`].
#[derive(Debug, Serialize)]
pub struct SignatureLinks {
    /// The petition's title in the email's language.
    pub title: String,
    /// Still to be confirmed.
    pub pending: bool,
    /// The confirmation page (a receipt once confirmed).
    pub confirm_link: String,
    /// The withdrawal page.
    pub withdraw_link: String,
}

impl EmailTemplate for LostLinksEmail {
    const NAME: &'static str = "lost_links";
}

/// Takes an ask for `email`'s links: counts it against the address's limit and queues it.
/// Returns at once; the caller answers the same whatever the address has (rules 1, 4).
pub fn ask(ctx: &AppContext, email: &SignerEmail, locale: Locale) {
    let state = ctx.runtime::<LostLinks>();
    let signature_index = ctx
        .crypto
        .blind_index(sig::EMAIL_INDEX, &email.canonical)
        .to_hex();
    let contact_index = ctx
        .crypto
        .blind_index(dc::EMAIL_INDEX, &email.canonical)
        .to_hex();
    if state.per_address.check_key(&signature_index).is_err() {
        return;
    }
    if let Ok(mut q) = state.queue.lock()
        && q.len() < QUEUE_LIMIT
    {
        q.push_back(Asked {
            address: email.address.clone(),
            signature_index,
            contact_index,
            locale,
        });
    }
    state.worker.get_or_init(|| {
        tokio::spawn(run(ctx.clone()));
    });
    state.wake.notify_one();
}

/// Carries out the waiting asks a short random moment after each wake-up.
async fn run(ctx: AppContext) {
    let wake = ctx.runtime::<LostLinks>().wake.clone();
    loop {
        wake.notified().await;
        let jitter = crate::crypto::random_bytes::<2>()
            .map_or(0, |b| u64::from(u16::from_le_bytes(b)) % 250);
        tokio::time::sleep(std::time::Duration::from_millis(50 + jitter)).await;
        if let Err(e) = settle(&ctx, Utc::now()).await {
            log::error!("lost-link asks: {e}");
        }
        ctx.runtime::<LostLinks>().housekeeping();
    }
}

/// Carries out every waiting ask now; the number of emails queued. The background task
/// calls it; tests call it to see the outcome at once. An ask that fails is logged and
/// dropped (the person can ask again).
///
/// # Errors
/// None so far: each ask's failure is logged.
pub async fn settle(ctx: &AppContext, now: DateTime<Utc>) -> Result<usize, AppError> {
    let mut sent = 0;
    for asked in ctx.runtime::<LostLinks>().take() {
        match carry_out(ctx, &asked, now).await {
            Ok(true) => sent += 1,
            Ok(false) => {}
            Err(e) => log::error!("a lost-link ask failed (dropped): {e}"),
        }
    }
    if sent > 0 {
        ctx.outbox_wakeup.notify_one();
    }
    Ok(sent)
}

fn days(locale: Locale) -> String {
    crate::i18n::format::digits(locale, LINK_DAYS)
}

/// Looks up what the address has and, when it has anything, makes the new links and
/// queues the one email, in one transaction. `false`: nothing held, no email.
async fn carry_out(ctx: &AppContext, a: &Asked, now: DateTime<Utc>) -> Result<bool, AppError> {
    let signatures = signature::Entity::find()
        .filter(signature::Column::EmailIndex.eq(&a.signature_index))
        .filter(signature::Column::State.is_in([SignatureState::Pending, SignatureState::Verified]))
        .order_by_asc(signature::Column::Id)
        .all(&ctx.db)
        .await?;
    let requests = contact_request::Entity::find()
        .filter(contact_request::Column::EmailIndex.eq(&a.contact_index))
        .filter(contact_request::Column::State.eq(RecordState::Active))
        .filter(contact_request::Column::ExpiresAt.gt(now))
        .order_by_asc(contact_request::Column::Id)
        .all(&ctx.db)
        .await?;
    let registrations = registration::Entity::find()
        .filter(registration::Column::EmailIndex.eq(&a.contact_index))
        .filter(registration::Column::State.eq(RecordState::Active))
        .filter(registration::Column::ExpiresAt.gt(now))
        .order_by_asc(registration::Column::Id)
        .all(&ctx.db)
        .await?;
    if signatures.is_empty() && requests.is_empty() && registrations.is_empty() {
        return Ok(false);
    }
    let ttl = Duration::days(LINK_DAYS);
    let base = &ctx.config.public_url;
    let lang = a.locale.code();
    let mut rows = Vec::new();
    let mut reissue = |kind: LinkKind, target_id: i64| -> Result<String, AppError> {
        let token = random_token()?;
        rows.push(reissued_link::ActiveModel {
            kind: Set(kind),
            target_id: Set(target_id),
            token_hash: Set(sha256_hex(token.as_bytes())),
            created_at: Set(now),
            expires_at: Set(now + ttl),
            ..Default::default()
        });
        Ok(token)
    };
    let mut signature_links = Vec::new();
    for s in &signatures {
        let title = match petition::Entity::find_by_id(s.petition_id)
            .one(&ctx.db)
            .await?
        {
            Some(p) => load_public(&ctx.db, &p.slug)
                .await?
                .and_then(|p| p.view(a.locale))
                .map(|v| v.title),
            None => None,
        };
        let Some(title) = title else { continue };
        let confirm = reissue(LinkKind::SignatureConfirm, s.id.0)?;
        let withdraw = reissue(LinkKind::SignatureWithdraw, s.id.0)?;
        signature_links.push(SignatureLinks {
            title,
            pending: s.state == SignatureState::Pending,
            confirm_link: format!("{base}/signatures/confirm/{confirm}?lang={lang}"),
            withdraw_link: format!("{base}/signatures/withdraw/{withdraw}?lang={lang}"),
        });
    }
    let mut pages = Vec::new();
    for r in &registrations {
        let token = reissue(LinkKind::RegistrationManage, r.id.0)?;
        pages.push(format!("{base}/contact/registration/{token}?lang={lang}"));
    }
    let txn = ctx.begin_write().await?;
    for r in &requests {
        let link = links::Link {
            request_id: r.id,
            match_id: None,
            party: Party::Requester,
        };
        let token = links::issue(&*txn, link, ttl, now).await?;
        pages.push(links::url(ctx, &token, a.locale));
    }
    if !rows.is_empty() {
        reissued_link::Entity::insert_many(rows).exec(&*txn).await?;
    }
    let email = LostLinksEmail {
        days: days(a.locale),
        signatures: signature_links,
        pages,
    };
    let mail = outbox::prepare(ctx.outbox(), &a.address, a.locale, &email)?;
    outbox::insert(&*txn, ctx.outbox(), mail).await?;
    txn.commit().await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_written_in_the_locale_s_digits() {
        assert_eq!(days(Locale::En), "30");
        assert_eq!(days(Locale::Fa), "۳۰");
    }
}
