//! Petition news (issue #17): updates organisers write, in each language, to the signers who
//! asked for news when signing; sent only after a second organiser (or an admin) approves
//! (four-eyes, a mass email), queued through the outbox in batches at the configured rate,
//! to confirmed, opted-in, not-withdrawn signers in each one's language, each email with a
//! one-click unsubscribe link (RFC 8058). Unsubscribing answers the same for any token.

use super::progress::{Texts, pick};
use crate::context::AppContext;
use crate::domain::approval::{self, Action, Proposal};
use crate::domain::audit::{self, AuditAction, NewEvent, Subject};
use crate::domain::petitions::news::{UpdateOrigin, UpdateState};
use crate::domain::petitions::signature::{SignatureState, context as sig_context};
use crate::entities::{petition, petition_text, petition_update as update, signature};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{PetitionId, SignatureId, StaffId, UpdateId};
use crate::mail::{EmailTemplate, outbox};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

/// The sealing context of a signer's news unsubscribe token.
pub const NEWS_TOKEN: &str = "signature.news_token";
/// The longest subject of an update, in characters.
pub const MAX_SUBJECT_CHARS: usize = 200;
/// The longest text of an update, in characters.
pub const MAX_BODY_CHARS: usize = 10_000;
/// How long a proposal to send an update waits for its second person.
const PROPOSAL_DAYS: i64 = 7;

/// An update's texts: subject and body by locale code; a language is sent when both are
/// given, and signers of a language without one get English.
#[derive(Debug, Clone, Default)]
pub struct UpdateTexts {
    /// Subjects by locale code.
    pub subject: Texts,
    /// Bodies by locale code.
    pub body: Texts,
}

/// The email a signer gets.
#[derive(Debug, Serialize)]
pub struct NewsEmail {
    /// The petition's title.
    pub title: String,
    /// The update's subject.
    pub subject: String,
    /// The update's text.
    pub body: String,
    /// The petition's page.
    pub page_link: String,
    /// The one-click unsubscribe link.
    pub unsubscribe_link: String,
}

impl EmailTemplate for NewsEmail {
    const NAME: &'static str = "petition_news";
}

fn text(t: &Texts, code: &str) -> String {
    t.get(code).map(|s| s.trim().to_owned()).unwrap_or_default()
}

fn texts_of(u: &update::Model) -> UpdateTexts {
    let mut t = UpdateTexts::default();
    for (code, s, b) in [
        ("en", &u.subject_en, &u.body_en),
        ("fa", &u.subject_fa, &u.body_fa),
        ("fr", &u.subject_fr, &u.body_fr),
    ] {
        if !s.is_empty() {
            t.subject.insert(code, s.clone());
        }
        if !b.is_empty() {
            t.body.insert(code, b.clone());
        }
    }
    t
}

/// Drafts an update (audited).
///
/// # Errors
/// `NotFound` for an unknown petition; database errors.
pub async fn draft(
    ctx: &AppContext,
    staff: StaffId,
    petition_id: PetitionId,
    texts: &UpdateTexts,
    origin: UpdateOrigin,
    now: DateTime<Utc>,
) -> Result<UpdateId, AppError> {
    let txn = ctx.begin_write().await?;
    let id = draft_in(&txn, ctx, staff, petition_id, texts, origin, now).await?;
    txn.commit().await?;
    Ok(id)
}

/// [`draft`] inside the caller's transaction.
///
/// # Errors
/// As [`draft`].
pub async fn draft_in(
    txn: &DatabaseTransaction,
    ctx: &AppContext,
    staff: StaffId,
    petition_id: PetitionId,
    texts: &UpdateTexts,
    origin: UpdateOrigin,
    now: DateTime<Utc>,
) -> Result<UpdateId, AppError> {
    if petition::Entity::find_by_id(petition_id)
        .one(txn)
        .await?
        .is_none()
    {
        return Err(AppError::NotFound);
    }
    let row = update::ActiveModel {
        petition_id: Set(petition_id),
        subject_en: Set(text(&texts.subject, "en")),
        subject_fa: Set(text(&texts.subject, "fa")),
        subject_fr: Set(text(&texts.subject, "fr")),
        body_en: Set(text(&texts.body, "en")),
        body_fa: Set(text(&texts.body, "fa")),
        body_fr: Set(text(&texts.body, "fr")),
        state: Set(UpdateState::Draft),
        origin: Set(origin),
        created_by: Set(staff),
        created_at: Set(now),
        updated_at: Set(now),
        approval_id: Set(None),
        approved_by: Set(None),
        approved_at: Set(None),
        cursor: Set(0),
        queued: Set(0),
        finished_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    audit::record(
        txn,
        &ctx.crypto,
        NewEvent::staff(
            staff,
            AuditAction::PetitionUpdateDraft,
            Subject::PetitionUpdate(row.id),
            serde_json::json!({ "petition": petition_id, "origin": origin }),
        ),
    )
    .await?;
    Ok(row.id)
}

/// Replaces a draft's texts; `false` when it is no longer a draft (proposed or sent).
///
/// # Errors
/// `NotFound` when the update is not this petition's; database errors.
pub async fn edit(
    ctx: &AppContext,
    staff: StaffId,
    petition_id: PetitionId,
    id: UpdateId,
    texts: &UpdateTexts,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let txn = ctx.begin_write().await?;
    let u = find(&txn, petition_id, id).await?;
    if u.state != UpdateState::Draft {
        return Ok(false);
    }
    let mut row: update::ActiveModel = u.into();
    row.subject_en = Set(text(&texts.subject, "en"));
    row.subject_fa = Set(text(&texts.subject, "fa"));
    row.subject_fr = Set(text(&texts.subject, "fr"));
    row.body_en = Set(text(&texts.body, "en"));
    row.body_fa = Set(text(&texts.body, "fa"));
    row.body_fr = Set(text(&texts.body, "fr"));
    row.updated_at = Set(now);
    row.update(&txn).await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            staff,
            AuditAction::PetitionUpdateDraft,
            Subject::PetitionUpdate(id),
            serde_json::json!({ "edit": true }),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

async fn find(
    db: &impl ConnectionTrait,
    petition_id: PetitionId,
    id: UpdateId,
) -> Result<update::Model, AppError> {
    update::Entity::find_by_id(id)
        .filter(update::Column::PetitionId.eq(petition_id))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The signers an update of `petition_id` goes to: confirmed (verified, counted), asked for
/// news, not unsubscribed, not erased.
fn recipients_query(petition_id: PetitionId) -> sea_orm::Select<signature::Entity> {
    signature::Entity::find()
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::State.eq(SignatureState::Verified))
        .filter(signature::Column::Shadow.eq(false))
        .filter(signature::Column::NewsOptIn.eq(true))
        .filter(signature::Column::NewsUnsubscribedAt.is_null())
        .filter(signature::Column::ErasedAt.is_null())
        .filter(signature::Column::NewsHash.is_not_null())
}

/// How many signers an update of `petition_id` would reach now.
///
/// # Errors
/// Database errors.
pub async fn recipients(ctx: &AppContext, petition_id: PetitionId) -> Result<u64, AppError> {
    Ok(recipients_query(petition_id).count(&ctx.db).await?)
}

/// Why an update was not proposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProposeProblem {
    /// Not a draft any more.
    NotDraft,
    /// No English subject and text (the fallback for every signer).
    NoEnglish,
}

/// Proposes sending a draft: a second organiser or an admin must approve (four-eyes).
///
/// # Errors
/// `NotFound` when the update is not this petition's; database errors.
pub async fn propose(
    ctx: &AppContext,
    staff: StaffId,
    petition_id: PetitionId,
    id: UpdateId,
    now: DateTime<Utc>,
) -> Result<Result<(), ProposeProblem>, AppError> {
    let txn = ctx.begin_write().await?;
    let u = find(&txn, petition_id, id).await?;
    if u.state != UpdateState::Draft {
        return Ok(Err(ProposeProblem::NotDraft));
    }
    if u.subject_en.is_empty() || u.body_en.is_empty() {
        return Ok(Err(ProposeProblem::NoEnglish));
    }
    let action = Action::SendPetitionUpdate { update_id: id };
    let reason = u.subject_en.clone();
    let approval_id = approval::propose(
        &txn,
        &ctx.crypto,
        Proposal {
            action: &action,
            proposer: staff,
            reason: &reason,
        },
        chrono::Duration::days(PROPOSAL_DAYS),
        now,
    )
    .await?;
    let mut row: update::ActiveModel = u.into();
    row.state = Set(UpdateState::Proposed);
    row.approval_id = Set(Some(approval_id));
    row.update(&txn).await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// The proposal to send an update of this petition.
///
/// # Errors
/// `NotFound` when the update is not this petition's or was never proposed.
pub async fn approval_of(
    ctx: &AppContext,
    petition_id: PetitionId,
    id: UpdateId,
) -> Result<crate::ids::ApprovalId, AppError> {
    find(&ctx.db, petition_id, id)
        .await?
        .approval_id
        .ok_or(AppError::NotFound)
}

/// Runs an approved proposal to send: the update starts queuing (in the approval's
/// transaction). `false` when it is not waiting for approval any more.
///
/// # Errors
/// Database errors.
pub async fn run_approved(
    txn: &DatabaseTransaction,
    decider: StaffId,
    id: UpdateId,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let moved = update::Entity::update_many()
        .col_expr(update::Column::State, Expr::value(UpdateState::Approved))
        .col_expr(update::Column::ApprovedBy, Expr::value(decider))
        .col_expr(update::Column::ApprovedAt, Expr::value(now))
        .filter(update::Column::Id.eq(id))
        .filter(update::Column::State.eq(UpdateState::Proposed))
        .exec(txn)
        .await?;
    Ok(moved.rows_affected == 1)
}

/// A rejected proposal: the update is never sent.
///
/// # Errors
/// Database errors.
pub async fn reject(txn: &DatabaseTransaction, id: UpdateId) -> Result<(), AppError> {
    update::Entity::update_many()
        .col_expr(update::Column::State, Expr::value(UpdateState::Rejected))
        .filter(update::Column::Id.eq(id))
        .filter(update::Column::State.eq(UpdateState::Proposed))
        .exec(txn)
        .await?;
    Ok(())
}

/// The link that unsubscribes with `token`.
#[must_use]
pub fn unsubscribe_link(ctx: &AppContext, token: &str, locale: Locale) -> String {
    format!(
        "{}/news/unsubscribe/{token}?lang={}",
        ctx.config.public_url,
        locale.code()
    )
}

/// Stands in for a signer's token while an update is rendered once per language.
const TOKEN_STAND_IN: &str = "PEYVANDNEWSTOKENSTANDIN";

/// The update's email in `locale`, its unsubscribe link carrying [`TOKEN_STAND_IN`].
fn render(
    ctx: &AppContext,
    texts: &UpdateTexts,
    titles: &[petition_text::Model],
    slug: &str,
    locale: Locale,
) -> Result<crate::mail::RenderedEmail, AppError> {
    let title = titles
        .iter()
        .find(|t| t.locale == locale.code())
        .or_else(|| titles.iter().find(|t| t.locale == "en"))
        .or(titles.first())
        .map_or_else(|| slug.to_owned(), |t| t.title.clone());
    let email = NewsEmail {
        title,
        subject: pick(&texts.subject, locale),
        body: pick(&texts.body, locale),
        page_link: format!(
            "{}/petitions/{slug}?lang={}",
            ctx.config.public_url,
            locale.code()
        ),
        unsubscribe_link: unsubscribe_link(ctx, TOKEN_STAND_IN, locale),
    };
    Ok(ctx.mailer.render(locale, &email)?)
}

/// A recipient as read for a batch: signature, sealed address, sealed token, language.
type Recipient = (SignatureId, Vec<u8>, Option<Vec<u8>>, Option<String>);

/// Queues the next batch (at most `limit` signers) of the oldest approved update still
/// sending; returns how many signers it went through (0: nothing to send). One transaction a batch:
/// the emails and the cursor move together, so a crash never sends a batch twice.
///
/// # Errors
/// Database, encryption and template errors.
pub async fn queue_batch(
    ctx: &AppContext,
    limit: u64,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let Some(u) = update::Entity::find()
        .filter(update::Column::State.eq(UpdateState::Approved))
        .filter(update::Column::FinishedAt.is_null())
        .order_by_asc(update::Column::Id)
        .one(&ctx.db)
        .await?
    else {
        return Ok(0);
    };
    let rows: Vec<Recipient> = recipients_query(u.petition_id)
        .filter(signature::Column::Id.gt(u.cursor))
        .select_only()
        .column(signature::Column::Id)
        .column(signature::Column::EmailEnc)
        .column(signature::Column::NewsTokenEnc)
        .column(signature::Column::NewsLocale)
        .order_by_asc(signature::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let texts = texts_of(&u);
    let titles = petition_text::Entity::find()
        .filter(petition_text::Column::PetitionId.eq(u.petition_id))
        .all(&ctx.db)
        .await?;
    let slug = petition::Entity::find_by_id(u.petition_id)
        .one(&ctx.db)
        .await?
        .map(|p| p.slug)
        .unwrap_or_default();
    // Rendering and sealing (the CPU work) before the transaction. The email is rendered
    // once per language with a stand-in for the token, then each signer's own token (URL-safe
    // characters only) takes its place.
    let mut rendered: std::collections::HashMap<Locale, crate::mail::RenderedEmail> =
        std::collections::HashMap::new();
    let mut prepared = Vec::with_capacity(rows.len());
    let mut last = u.cursor;
    for (id, email_enc, token_enc, locale) in &rows {
        last = id.0;
        let Some(token_enc) = token_enc else { continue };
        let locale = locale
            .as_deref()
            .and_then(Locale::parse)
            .unwrap_or_default();
        // A row that cannot be opened (e.g. sealed under a retired key) is skipped, logged
        // without the address: one bad row never holds up the rest of the update.
        let (Ok(to), Ok(token)) = (
            ctx.crypto.decrypt_str(sig_context::EMAIL, email_enc),
            ctx.crypto.decrypt_str(NEWS_TOKEN, token_enc),
        ) else {
            log::warn!("petition news: signature {id} cannot be opened; skipped");
            continue;
        };
        if !token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            continue;
        }
        let template = match rendered.get(&locale) {
            Some(r) => r.clone(),
            None => {
                let r = render(ctx, &texts, &titles, &slug, locale)?;
                rendered.insert(locale, r.clone());
                r
            }
        };
        let mail = crate::mail::RenderedEmail {
            subject: template.subject,
            text: template.text.replace(TOKEN_STAND_IN, &token),
            html: template.html.replace(TOKEN_STAND_IN, &token),
            list_unsubscribe: Some(unsubscribe_link(ctx, &token, locale)),
        };
        match outbox::prepare_rendered(ctx.outbox(), &to, locale, NewsEmail::NAME, &mail) {
            Ok(p) => prepared.push(p),
            // An address the mail library cannot parse: skipped, not fatal to the batch.
            Err(AppError::Mail(_)) => {}
            Err(e) => return Err(e),
        }
    }
    let done = (rows.len() as u64) < limit;
    let queued = prepared.len() as i64;
    let txn = ctx.begin_write().await?;
    for p in prepared {
        outbox::insert(&txn, ctx.outbox(), p).await?;
    }
    let moved = update::Entity::update_many()
        .col_expr(update::Column::Cursor, Expr::value(last))
        .col_expr(
            update::Column::Queued,
            Expr::col(update::Column::Queued).add(queued),
        )
        .col_expr(update::Column::FinishedAt, Expr::value(done.then_some(now)))
        .filter(update::Column::Id.eq(u.id))
        .filter(update::Column::Cursor.eq(u.cursor))
        .exec(&txn)
        .await?;
    if moved.rows_affected != 1 {
        // Another worker queued this batch first: nothing of ours is kept.
        return Ok(0);
    }
    if done {
        audit::record(
            &txn,
            &ctx.crypto,
            NewEvent {
                actor: audit::Actor::System,
                action: AuditAction::PetitionUpdateQueued,
                subject: Subject::PetitionUpdate(u.id),
                details: serde_json::json!({ "queued": u.queued + queued }),
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(rows.len() as u64)
}

/// Queues every approved update in batches of the configured size, pausing the configured
/// interval between batches, until `shutdown` turns true.
pub async fn run_sender(ctx: AppContext, mut shutdown: tokio::sync::watch::Receiver<bool>) {
    let batch = u64::from(Ord::max(ctx.config.petitions.news_batch, 1));
    let pause = ctx.config.petitions.news_interval;
    loop {
        if *shutdown.borrow() {
            break;
        }
        let wait = match queue_batch(&ctx, batch, Utc::now()).await {
            Ok(0) => std::time::Duration::from_secs(5).max(pause),
            Ok(_) => pause,
            Err(e) => {
                log::error!("petition news: {e}");
                std::time::Duration::from_secs(30)
            }
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = shutdown.changed() => {}
        }
    }
}

/// Unsubscribes the signer whose news link carries `token`. Answers the same whatever the
/// token is — unknown, malformed, already used — so it tells nobody anything.
///
/// # Errors
/// Database errors.
pub async fn unsubscribe(
    ctx: &AppContext,
    token: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // Hashed whatever its shape, so every token costs the same.
    let hash = crate::crypto::sha256_hex(token.as_bytes());
    let txn = ctx.begin_write().await?;
    let moved = signature::Entity::update_many()
        .col_expr(signature::Column::NewsUnsubscribedAt, Expr::value(now))
        .filter(signature::Column::NewsHash.eq(hash))
        .filter(signature::Column::NewsUnsubscribedAt.is_null())
        .exec(&txn)
        .await?;
    if moved.rows_affected > 0 {
        audit::record(
            &txn,
            &ctx.crypto,
            NewEvent {
                actor: audit::Actor::Public,
                action: AuditAction::PetitionNewsUnsubscribe,
                subject: Subject::AllPetitions,
                details: serde_json::Value::Null,
            },
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// An update as organisers see it.
#[derive(Debug, Clone, Serialize)]
pub struct UpdateRow {
    /// Its id.
    pub id: UpdateId,
    /// Its state.
    pub state: UpdateState,
    /// Where it came from.
    pub origin: UpdateOrigin,
    /// Subjects by locale code.
    pub subject: Texts,
    /// Texts by locale code.
    pub body: Texts,
    /// Who wrote it.
    pub created_by: StaffId,
    /// Emails queued so far.
    pub queued: i64,
    /// Every recipient queued.
    pub finished: bool,
}

/// A petition's updates, newest first.
///
/// # Errors
/// Database errors.
pub async fn list(ctx: &AppContext, petition_id: PetitionId) -> Result<Vec<UpdateRow>, AppError> {
    Ok(update::Entity::find()
        .filter(update::Column::PetitionId.eq(petition_id))
        .order_by_desc(update::Column::Id)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|u| {
            let t = texts_of(&u);
            UpdateRow {
                id: u.id,
                state: u.state,
                origin: u.origin,
                subject: t.subject,
                body: t.body,
                created_by: u.created_by,
                queued: u.queued,
                finished: u.finished_at.is_some(),
            }
        })
        .collect())
}
