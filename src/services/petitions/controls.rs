//! Admin controls over signing: per-domain email rules, block/allow lists, the review and
//! reversal of shadow-banned signatures, and the hourly trending view of IP hashes and
//! email domains. Every change is audited and applies at once on this instance.

use crate::context::AppContext;
use crate::domain::audit::{self, AuditAction, NewEvent, Subject};
use crate::domain::petitions::access::{AccessList, EntryKind};
use crate::domain::petitions::signature::{self as sig, SignatureState};
use crate::entities::{access_list, email_rule, signature};
use crate::error::AppError;
use crate::ids::{AccessEntryId, PetitionId, StaffId};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use std::collections::HashMap;

/// Whether `domain` looks like an email domain: lower-case ASCII labels with a dot, at most
/// 253 characters.
#[must_use]
pub fn domain_ok(domain: &str) -> bool {
    domain.len() <= 253
        && domain.contains('.')
        && domain.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
}

/// Normalises a typed domain (trimmed, a leading `@` dropped, then as in addresses: UTS-46
/// to lower-case ASCII, so an internationalised domain is stored as the signatures carry
/// it). A domain UTS-46 refuses is only trimmed and lowered (and then fails [`domain_ok`]).
#[must_use]
pub fn clean_domain(raw: &str) -> String {
    let raw = raw.trim().trim_start_matches('@');
    crate::domain::people::email::domain(raw).unwrap_or_else(|| raw.to_lowercase())
}

/// The email rules, by domain.
pub async fn email_rules(ctx: &AppContext) -> Result<Vec<email_rule::Model>, AppError> {
    Ok(email_rule::Entity::find()
        .order_by_asc(email_rule::Column::Domain)
        .all(&ctx.db)
        .await?)
}

/// Adds or replaces a domain's rule (the domain already checked with [`domain_ok`]).
/// Rules apply to signatures taken from now on.
pub async fn save_email_rule(
    ctx: &AppContext,
    admin: StaffId,
    rule: email_rule::Model,
) -> Result<(), AppError> {
    let txn = ctx.begin_write().await?;
    let domain = rule.domain.clone();
    let details = serde_json::json!({
        "strip_dots": rule.strip_dots,
        "strip_plus": rule.strip_plus,
        "alias_of": rule.alias_of,
    });
    email_rule::Entity::insert(email_rule::ActiveModel::from(rule))
        .on_conflict(
            OnConflict::column(email_rule::Column::Domain)
                .update_columns([
                    email_rule::Column::StripDots,
                    email_rule::Column::StripPlus,
                    email_rule::Column::AliasOf,
                ])
                .to_owned(),
        )
        .exec(&*txn)
        .await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            admin,
            AuditAction::EmailRuleSave,
            Subject::EmailDomain(domain),
            details,
        ),
    )
    .await?;
    txn.commit().await?;
    crate::services::petitions::sign::forget_settings(ctx);
    Ok(())
}

/// Removes a domain's rule; `false` when there was none.
pub async fn remove_email_rule(
    ctx: &AppContext,
    admin: StaffId,
    domain: &str,
) -> Result<bool, AppError> {
    let txn = ctx.begin_write().await?;
    let gone = email_rule::Entity::delete_by_id(domain.to_owned())
        .exec(&*txn)
        .await?
        .rows_affected
        == 1;
    if gone {
        audit::record(
            &txn,
            &ctx.crypto,
            NewEvent::staff(
                admin,
                AuditAction::EmailRuleRemove,
                Subject::EmailDomain(domain.to_owned()),
                serde_json::Value::Null,
            ),
        )
        .await?;
    }
    txn.commit().await?;
    crate::services::petitions::sign::forget_settings(ctx);
    Ok(gone)
}

/// Why an access-list value was refused (the form's error code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueProblem {
    /// Not an IP address or CIDR range.
    IpRange,
    /// Not an IP hash.
    IpHash,
    /// Not a domain.
    Domain,
    /// Not an email address.
    Email,
}

impl ValueProblem {
    /// The form error code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::IpRange => "ip-range-invalid",
            Self::IpHash => "ip-hash-invalid",
            Self::Domain => "domain-invalid",
            Self::Email => "email-invalid",
        }
    }
}

/// Whether `s` looks like a stored IP hash or blind index (hex).
#[must_use]
pub fn is_hash(s: &str) -> bool {
    (16..=128).contains(&s.len()) && s.chars().all(|c| c.is_ascii_hexdigit())
}

/// The stored value for an entry typed by an admin: a canonical CIDR range, or the blind
/// index the signatures are stored with (an address or domain never lands in the table).
pub async fn entry_value(
    ctx: &AppContext,
    kind: EntryKind,
    raw: &str,
) -> Result<Result<String, ValueProblem>, AppError> {
    let raw = raw.trim();
    Ok(match kind {
        EntryKind::IpRange => raw
            .parse::<ipnet::IpNet>()
            .map(|n| n.trunc().to_string())
            .or_else(|_| {
                raw.parse::<std::net::IpAddr>()
                    .map(|ip| ipnet::IpNet::from(ip.to_canonical()).to_string())
            })
            .map_err(|_| ValueProblem::IpRange),
        EntryKind::IpHash => {
            let h = raw.to_ascii_lowercase();
            if is_hash(&h) {
                Ok(h)
            } else {
                Err(ValueProblem::IpHash)
            }
        }
        EntryKind::EmailDomain => {
            let d = clean_domain(raw);
            if is_hash(&d) {
                // A hash taken from the trending page.
                Ok(d)
            } else if domain_ok(&d) {
                let rules = crate::services::petitions::sign::settings(ctx).await?;
                let d = rules
                    .rules()
                    .get(&d)
                    .and_then(|r| r.alias_of.clone())
                    .unwrap_or(d);
                Ok(ctx.crypto.blind_index(sig::DOMAIN_INDEX, &d).to_hex())
            } else {
                Err(ValueProblem::Domain)
            }
        }
        EntryKind::Email => {
            let settings = crate::services::petitions::sign::settings(ctx).await?;
            match crate::domain::people::email::signer_email(raw, settings.rules()) {
                Ok(e) => Ok(ctx
                    .crypto
                    .blind_index(sig::EMAIL_INDEX, &e.canonical)
                    .to_hex()),
                Err(_) => Err(ValueProblem::Email),
            }
        }
    })
}

/// An access-list entry for display (values that are hashes are shortened).
#[derive(Debug, Clone, Serialize)]
pub struct EntryRow {
    /// Id.
    pub id: AccessEntryId,
    /// `block` or `allow`.
    pub list: AccessList,
    /// Kind.
    pub kind: EntryKind,
    /// The range, or the start of the hash.
    pub shown: String,
    /// Why.
    pub note: String,
    /// When (UTC).
    pub created_at: DateTime<Utc>,
}

/// Shortens a hash for display.
#[must_use]
pub fn short(hash: &str) -> String {
    hash.chars().take(12).collect()
}

/// The entries in force.
pub async fn access_entries(ctx: &AppContext) -> Result<Vec<EntryRow>, AppError> {
    Ok(access_list::Entity::find()
        .filter(access_list::Column::RemovedAt.is_null())
        .order_by_desc(access_list::Column::Id)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|r| EntryRow {
            id: r.id,
            shown: if r.kind == EntryKind::IpRange {
                r.value
            } else {
                short(&r.value)
            },
            list: r.list,
            kind: r.kind,
            note: r.note,
            created_at: r.created_at,
        })
        .collect())
}

/// Adds an entry to `list` (the value from [`entry_value`]).
pub async fn add_entry(
    ctx: &AppContext,
    admin: StaffId,
    list: AccessList,
    kind: EntryKind,
    value: String,
    note: &str,
    now: DateTime<Utc>,
) -> Result<AccessEntryId, AppError> {
    let txn = ctx.begin_write().await?;
    let row = access_list::ActiveModel {
        list: Set(list),
        kind: Set(kind),
        value: Set(value),
        note: Set(note.trim().to_owned()),
        created_by: Set(admin),
        created_at: Set(now),
        removed_at: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent::staff(
            admin,
            AuditAction::AccessListAdd,
            Subject::AccessEntry(row.id),
            serde_json::json!({ "list": list, "kind": kind.as_str() }),
        ),
    )
    .await?;
    txn.commit().await?;
    crate::services::petitions::sign::forget_settings(ctx);
    Ok(row.id)
}

/// Takes an entry out of force (kept for the record); `false` when there is none in force.
pub async fn remove_entry(
    ctx: &AppContext,
    admin: StaffId,
    id: AccessEntryId,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    let txn = ctx.begin_write().await?;
    let done = access_list::Entity::update_many()
        .col_expr(access_list::Column::RemovedAt, Expr::value(now))
        .filter(access_list::Column::Id.eq(id))
        .filter(access_list::Column::RemovedAt.is_null())
        .exec(&*txn)
        .await?
        .rows_affected
        == 1;
    if done {
        audit::record(
            &txn,
            &ctx.crypto,
            NewEvent::staff(
                admin,
                AuditAction::AccessListRemove,
                Subject::AccessEntry(id),
                serde_json::Value::Null,
            ),
        )
        .await?;
    }
    txn.commit().await?;
    crate::services::petitions::sign::forget_settings(ctx);
    Ok(done)
}

/// Shadow-banned signatures of a petition from one IP hash.
#[derive(Debug, Clone, Serialize)]
pub struct ShadowGroup {
    /// The IP hash (full, for the form).
    pub ip_hash: String,
    /// Its start, for display.
    pub shown: String,
    /// Signatures kept out of the count.
    pub signatures: i64,
    /// Of which confirmed by email.
    pub confirmed: i64,
    /// First and last (UTC).
    pub first: DateTime<Utc>,
    /// Last (UTC).
    pub last: DateTime<Utc>,
}

/// Shadow-banned signatures of a petition, grouped by IP hash, largest first (at most 100
/// groups). No personal data is read.
pub async fn shadow_groups(
    ctx: &AppContext,
    petition_id: PetitionId,
) -> Result<Vec<ShadowGroup>, AppError> {
    let rows: Vec<(String, SignatureState, DateTime<Utc>)> = signature::Entity::find()
        .select_only()
        .column(signature::Column::IpHash)
        .column(signature::Column::State)
        .column(signature::Column::CreatedAt)
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::Shadow.eq(true))
        .filter(signature::Column::State.is_in([SignatureState::Pending, SignatureState::Verified]))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let mut groups: HashMap<String, (i64, i64, DateTime<Utc>, DateTime<Utc>)> = HashMap::new();
    for (ip, st, at) in rows {
        let g = groups.entry(ip).or_insert((0, 0, at, at));
        g.0 += 1;
        g.1 += i64::from(st == SignatureState::Verified);
        g.2 = g.2.min(at);
        g.3 = g.3.max(at);
    }
    let mut out: Vec<ShadowGroup> = groups
        .into_iter()
        .map(|(ip, (n, c, first, last))| ShadowGroup {
            shown: short(&ip),
            ip_hash: ip,
            signatures: n,
            confirmed: c,
            first,
            last,
        })
        .collect();
    out.sort_by(|a, b| {
        b.signatures
            .cmp(&a.signatures)
            .then(a.ip_hash.cmp(&b.ip_hash))
    });
    out.truncate(100);
    Ok(out)
}

/// Lets a petition's shadow-banned signatures from one IP hash count again (`None`: every
/// shadow-banned signature of the petition). Returns how many; audited with the reason.
pub async fn unshadow(
    ctx: &AppContext,
    admin: StaffId,
    petition_id: PetitionId,
    ip_hash: Option<&str>,
    reason: &str,
) -> Result<u64, AppError> {
    let txn = ctx.begin_write().await?;
    let mut q = signature::Entity::update_many()
        .col_expr(signature::Column::Shadow, Expr::value(false))
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::Shadow.eq(true));
    if let Some(h) = ip_hash {
        q = q.filter(signature::Column::IpHash.eq(h));
    }
    let n = q.exec(&*txn).await?.rows_affected;
    if n > 0 {
        audit::record(
            &txn,
            &ctx.crypto,
            NewEvent::staff(
                admin,
                AuditAction::SignaturesUnshadow,
                Subject::Petition(petition_id),
                serde_json::json!({ "ip_hash": ip_hash, "signatures": n, "reason": reason }),
            ),
        )
        .await?;
    }
    txn.commit().await?;
    ctx.counts_cache_forget(petition_id);
    Ok(n)
}

/// Common mail providers, so the trending page can name their blind indexes.
const KNOWN_DOMAINS: &[&str] = &[
    "gmail.com",
    "yahoo.com",
    "hotmail.com",
    "outlook.com",
    "live.com",
    "icloud.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.de",
    "web.de",
    "yahoo.fr",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "hotmail.fr",
    "yahoo.co.uk",
    "btinternet.com",
    "mail.ru",
    "yandex.ru",
    "yandex.com",
    "chmail.ir",
    "example.org",
    "example.com",
];

/// One row of the trending view.
#[derive(Debug, Clone, Serialize)]
pub struct TrendRow {
    /// The full hash (for the block form).
    pub hash: String,
    /// The domain when known, else the start of the hash.
    pub shown: String,
    /// Signatures in the window.
    pub signatures: i64,
    /// Of which confirmed.
    pub confirmed: i64,
    /// Of which shadow-banned.
    pub shadow: i64,
}

/// Signatures of the last 24 hours: by hour, and the top IP hashes and email domains of
/// the last hour and of the whole day.
#[derive(Debug, Clone, Serialize)]
pub struct Trending {
    /// `(hour label, signatures)`, oldest first.
    pub hourly: Vec<(String, u64)>,
    /// Top IP hashes, last hour.
    pub ips_hour: Vec<TrendRow>,
    /// Top IP hashes, last 24 hours.
    pub ips_day: Vec<TrendRow>,
    /// Top domains, last hour.
    pub domains_hour: Vec<TrendRow>,
    /// Top domains, last 24 hours.
    pub domains_day: Vec<TrendRow>,
}

/// A recent signature as the trending view sees it (no personal data).
struct Recent {
    ip_hash: String,
    domain_index: String,
    shadow: bool,
    verified: bool,
    at: DateTime<Utc>,
}

fn top(
    rows: &[Recent],
    since: DateTime<Utc>,
    key: fn(&Recent) -> &str,
    names: &HashMap<String, String>,
) -> Vec<TrendRow> {
    let mut m: HashMap<&str, (i64, i64, i64)> = HashMap::new();
    // Signatures made before hashing (the demo seed's) have no key to show or block.
    for r in rows.iter().filter(|r| r.at >= since && !key(r).is_empty()) {
        let e = m.entry(key(r)).or_default();
        e.0 += 1;
        e.1 += i64::from(r.verified);
        e.2 += i64::from(r.shadow);
    }
    let mut out: Vec<TrendRow> = m
        .into_iter()
        .map(|(k, (n, c, s))| TrendRow {
            hash: k.to_owned(),
            shown: names.get(k).cloned().unwrap_or_else(|| short(k)),
            signatures: n,
            confirmed: c,
            shadow: s,
        })
        .collect();
    out.sort_by(|a, b| b.signatures.cmp(&a.signatures).then(a.hash.cmp(&b.hash)));
    out.truncate(10);
    out
}

/// The trending view at `now` (all petitions). It reads no personal data (hashes, states
/// and times only), so the read is not audited.
pub async fn trending(ctx: &AppContext, now: DateTime<Utc>) -> Result<Trending, AppError> {
    let day_ago = now - Duration::hours(24);
    let hour_ago = now - Duration::hours(1);
    let rows: Vec<(String, String, bool, SignatureState, DateTime<Utc>)> =
        signature::Entity::find()
            .select_only()
            .column(signature::Column::IpHash)
            .column(signature::Column::EmailDomainIndex)
            .column(signature::Column::Shadow)
            .column(signature::Column::State)
            .column(signature::Column::CreatedAt)
            .filter(signature::Column::CreatedAt.gte(day_ago))
            .into_tuple()
            .all(&ctx.db)
            .await?;
    let rows: Vec<Recent> = rows
        .into_iter()
        .map(|(ip_hash, domain_index, shadow, st, at)| Recent {
            ip_hash,
            domain_index,
            shadow,
            verified: st == SignatureState::Verified,
            at,
        })
        .collect();
    let rules = crate::services::petitions::sign::settings(ctx).await?;
    let names: HashMap<String, String> = KNOWN_DOMAINS
        .iter()
        .map(|d| (*d).to_owned())
        .chain(rules.rules().keys().cloned())
        .map(|d| (ctx.crypto.blind_index(sig::DOMAIN_INDEX, &d).to_hex(), d))
        .collect();
    let by_ip: fn(&Recent) -> &str = |r| &r.ip_hash;
    let by_domain: fn(&Recent) -> &str = |r| &r.domain_index;
    let hourly = (0..24)
        .rev()
        .map(|h| {
            let from = now - Duration::hours(h + 1);
            let to = now - Duration::hours(h);
            let n = rows.iter().filter(|r| r.at >= from && r.at < to).count();
            (
                to.format("%H:00").to_string(),
                u64::try_from(n).unwrap_or(u64::MAX),
            )
        })
        .collect();
    Ok(Trending {
        hourly,
        ips_hour: top(&rows, hour_ago, by_ip, &names),
        ips_day: top(&rows, day_ago, by_ip, &names),
        domains_hour: top(&rows, hour_ago, by_domain, &names),
        domains_day: top(&rows, day_ago, by_domain, &names),
    })
}
