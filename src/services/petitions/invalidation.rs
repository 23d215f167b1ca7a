//! Invalidations: an admin previews how many counted signatures a rule takes (dry run),
//! applies it (the same set, or nothing if it changed in between), and can reverse it.
//! Signatures are moved to `invalidated`, never deleted; every step is audited.

use crate::context::AppContext;
use crate::domain::audit::{self, Actor, AuditAction, NewEvent, Subject};
use crate::domain::petitions::invalidation::Rule;
use crate::domain::petitions::signature::{SignatureState, context};
use crate::entities::{invalidation, signature};
use crate::error::AppError;
use crate::ids::{InvalidationId, PetitionId, SignatureId, StaffId};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use serde::Serialize;

/// Encryption context of stored rules (a name pattern is personal data).
const RULE_CONTEXT: &str = "invalidation.rule";

/// The counted signatures of a petition that `rule` takes, by id.
async fn matching(
    ctx: &AppContext,
    db: &impl ConnectionTrait,
    petition_id: PetitionId,
    rule: &Rule,
) -> Result<Vec<SignatureId>, AppError> {
    let mut q = signature::Entity::find()
        .select_only()
        .column(signature::Column::Id)
        .column(signature::Column::NameEnc)
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::State.eq(SignatureState::Verified))
        .filter(signature::Column::Shadow.eq(false));
    if let Some(d) = &rule.domain_index {
        q = q.filter(signature::Column::EmailDomainIndex.eq(d.as_str()));
    }
    if let Some(h) = &rule.ip_hash {
        q = q.filter(signature::Column::IpHash.eq(h.as_str()));
    }
    if let Some(t) = rule.since() {
        q = q.filter(signature::Column::CreatedAt.gte(t));
    }
    if let Some(t) = rule.until() {
        q = q.filter(signature::Column::CreatedAt.lt(t));
    }
    let rows: Vec<(SignatureId, Vec<u8>)> = q
        .order_by_asc(signature::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    if rule.name_contains.is_none() {
        return Ok(rows.into_iter().map(|(id, _)| id).collect());
    }
    let mut out = Vec::new();
    for (id, name) in rows {
        if rule.name_matches(&ctx.crypto.decrypt_str(context::NAME, &name)?) {
            out.push(id);
        }
    }
    Ok(out)
}

/// What a dry run found: how many counted signatures the rule takes, and a keyed digest
/// of exactly which (so applying can insist on the same set, not just the same number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preview {
    /// How many.
    pub count: u64,
    /// Keyed digest of their ids.
    pub digest: String,
}

fn digest(ctx: &AppContext, ids: &[SignatureId]) -> String {
    let joined = ids
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",");
    ctx.crypto
        .token_mac("invalidation.preview", joined.as_bytes())
}

/// The dry run: which counted signatures the rule would take now. Audited: a count for a
/// name pattern says whether someone signed.
pub async fn preview(
    ctx: &AppContext,
    admin: StaffId,
    petition_id: PetitionId,
    rule: &Rule,
) -> Result<Preview, AppError> {
    let ids = matching(ctx, &ctx.db, petition_id, rule).await?;
    let p = Preview {
        count: ids.len() as u64,
        digest: digest(ctx, &ids),
    };
    crate::services::audit_log::record(
        ctx,
        NewEvent::staff(
            admin,
            AuditAction::InvalidationPreview,
            Subject::Petition(petition_id),
            serde_json::json!({ "conditions": conditions(rule), "signatures": p.count }),
        ),
    )
    .await?;
    Ok(p)
}

/// Which kinds of condition a rule sets (for the audit log; the values stay out of it).
fn conditions(rule: &Rule) -> Vec<&'static str> {
    [
        ("domain", rule.domain_index.is_some()),
        ("ip_hash", rule.ip_hash.is_some()),
        ("from", rule.from.is_some()),
        ("to", rule.to.is_some()),
        ("name", rule.name_contains.is_some()),
    ]
    .into_iter()
    .filter_map(|(k, on)| on.then_some(k))
    .collect()
}

/// What applying came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applied {
    /// Done: the invalidation's id and the signatures it took.
    Done(InvalidationId, u64),
    /// The set changed since the preview (the new preview); nothing was changed.
    Changed(Preview),
}

/// Applies a rule if it still takes exactly the previewed signatures (same digest), in
/// one transaction.
pub async fn apply(
    ctx: &AppContext,
    admin: StaffId,
    petition_id: PetitionId,
    rule: &Rule,
    reason: &str,
    previewed: &str,
    now: DateTime<Utc>,
) -> Result<Applied, AppError> {
    let txn = ctx.begin_write().await?;
    let ids = matching(ctx, &*txn, petition_id, rule).await?;
    let n = ids.len() as u64;
    let now_digest = digest(ctx, &ids);
    if n == 0 || !crate::crypto::constant_time_eq(now_digest.as_bytes(), previewed.as_bytes()) {
        drop(txn);
        let fresh = Preview {
            count: n,
            digest: now_digest,
        };
        crate::services::audit_log::record(
            ctx,
            NewEvent::staff(
                admin,
                AuditAction::InvalidationPreview,
                Subject::Petition(petition_id),
                serde_json::json!({ "conditions": conditions(rule), "signatures": n, "refused_apply": true }),
            ),
        )
        .await?;
        return Ok(Applied::Changed(fresh));
    }
    let sealed = ctx
        .crypto
        .encrypt(RULE_CONTEXT, &serde_json::to_vec(rule).unwrap_or_default())?;
    let row = invalidation::ActiveModel {
        petition_id: Set(petition_id),
        rule: Set(base64::engine::general_purpose::STANDARD.encode(sealed)),
        reason: Set(reason.trim().to_owned()),
        created_by: Set(admin),
        created_at: Set(now),
        affected: Set(i64::try_from(n).unwrap_or(i64::MAX)),
        reversed_at: Set(None),
        reversed_by: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    for chunk in ids.chunks(500) {
        signature::Entity::update_many()
            .col_expr(
                signature::Column::State,
                Expr::value(SignatureState::Invalidated),
            )
            .col_expr(signature::Column::InvalidationId, Expr::value(row.id))
            .filter(signature::Column::Id.is_in(chunk.iter().copied()))
            .filter(signature::Column::State.eq(SignatureState::Verified))
            .exec(&*txn)
            .await?;
    }
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent {
            actor: Actor::Staff(admin),
            action: AuditAction::InvalidationApply,
            subject: Subject::Invalidation(row.id),
            details: serde_json::json!({ "petition": petition_id, "signatures": n, "reason": reason.trim() }),
        },
    )
    .await?;
    txn.commit().await?;
    ctx.counts_cache_forget(petition_id);
    Ok(Applied::Done(row.id, n))
}

/// Reverses an invalidation: its signatures count again (those withdrawn or erased since
/// stay as they are). `false` when there is no such unreversed invalidation.
pub async fn reverse(
    ctx: &AppContext,
    admin: StaffId,
    petition_id: PetitionId,
    id: InvalidationId,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let txn = ctx.begin_write().await?;
    let Some(inv) = invalidation::Entity::find_by_id(id)
        .filter(invalidation::Column::PetitionId.eq(petition_id))
        .filter(invalidation::Column::ReversedAt.is_null())
        .one(&*txn)
        .await?
    else {
        return Ok(false);
    };
    let restored = signature::Entity::update_many()
        .col_expr(
            signature::Column::State,
            Expr::value(SignatureState::Verified),
        )
        .col_expr(
            signature::Column::InvalidationId,
            Expr::value(None::<InvalidationId>),
        )
        .filter(signature::Column::InvalidationId.eq(id))
        .filter(signature::Column::State.eq(SignatureState::Invalidated))
        .exec(&*txn)
        .await?
        .rows_affected;
    invalidation::Entity::update_many()
        .col_expr(invalidation::Column::ReversedAt, Expr::value(now))
        .col_expr(invalidation::Column::ReversedBy, Expr::value(admin))
        .filter(invalidation::Column::Id.eq(id))
        .exec(&*txn)
        .await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent {
            actor: Actor::Staff(admin),
            action: AuditAction::InvalidationReverse,
            subject: Subject::Invalidation(id),
            details: serde_json::json!({ "petition": inv.petition_id, "signatures": restored, "reason": reason.trim() }),
        },
    )
    .await?;
    txn.commit().await?;
    ctx.counts_cache_forget(inv.petition_id);
    Ok(true)
}

/// An invalidation for the staff page.
#[derive(Debug, Clone, Serialize)]
pub struct InvalidationRow {
    /// Id.
    pub id: InvalidationId,
    /// The rule as set.
    pub domain: Option<String>,
    /// IP hash (start).
    pub ip_hash: Option<String>,
    /// First day.
    pub from: Option<String>,
    /// Last day.
    pub to: Option<String>,
    /// Name pattern.
    pub name_contains: Option<String>,
    /// Why.
    pub reason: String,
    /// Signatures it took.
    pub affected: i64,
    /// When (UTC).
    pub created_at: DateTime<Utc>,
    /// Whether it was reversed.
    pub reversed: bool,
}

/// A petition's invalidations, newest first. Reading name patterns is audited.
pub async fn list(
    ctx: &AppContext,
    viewer: StaffId,
    petition_id: PetitionId,
) -> Result<Vec<InvalidationRow>, AppError> {
    let rows = invalidation::Entity::find()
        .filter(invalidation::Column::PetitionId.eq(petition_id))
        .order_by_desc(invalidation::Column::Id)
        .all(&ctx.db)
        .await?;
    if !rows.is_empty() {
        crate::services::audit_log::record(
            ctx,
            NewEvent::staff(
                viewer,
                AuditAction::InvalidationsView,
                Subject::Petition(petition_id),
                serde_json::Value::Null,
            ),
        )
        .await?;
    }
    rows.into_iter()
        .map(|r| {
            let sealed = base64::engine::general_purpose::STANDARD
                .decode(&r.rule)
                .map_err(|e| AppError::Internal(format!("invalidation {}: {e}", r.id)))?;
            let rule: Rule = serde_json::from_slice(&ctx.crypto.decrypt(RULE_CONTEXT, &sealed)?)
                .map_err(|e| AppError::Internal(format!("invalidation {}: {e}", r.id)))?;
            Ok(InvalidationRow {
                id: r.id,
                domain: rule.domain,
                ip_hash: rule
                    .ip_hash
                    .map(|h| crate::services::petitions::controls::short(&h)),
                from: rule.from.map(|d| d.to_string()),
                to: rule.to.map(|d| d.to_string()),
                name_contains: rule.name_contains,
                reason: r.reason,
                affected: r.affected,
                created_at: r.created_at,
                reversed: r.reversed_at.is_some(),
            })
        })
        .collect()
}
