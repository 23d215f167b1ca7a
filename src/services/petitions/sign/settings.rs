//! What signing consults on every request and staff change rarely: the pause switch, the
//! email rules and the access lists, kept briefly in memory; and whether a petition takes
//! signatures now.

use crate::cache::TtlCache;
use crate::context::AppContext;
use crate::domain::people::email::{self, EmailRule};
use crate::domain::petitions::access::{AccessList, EntryKind};
use crate::domain::petitions::petition::PetitionState;
use crate::entities::{access_list, app_meta, petition};
use crate::error::AppError;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// The `app_meta` key of the global "pause collection" switch.
pub const PAUSED_KEY: &str = "petitions.paused";

/// Why a petition takes no signatures now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closed {
    /// Not open (draft, closed, delivered, or outside its dates).
    NotOpen,
    /// Collection is paused for all petitions.
    Paused,
}

/// What signing consults on every request and staff change rarely: the pause switch, the
/// email rules and the access lists. Kept in memory for [`SETTINGS_TTL`]; staff changes
/// call [`forget_settings`] so they apply at once on this instance.
#[derive(Debug, Clone, Default)]
pub struct SigningSettings {
    paused: bool,
    rules: HashMap<String, EmailRule>,
    lists: Vec<access_list::Model>,
}

/// How long signing settings are reused before they are read again.
pub const SETTINGS_TTL: Duration = Duration::from_secs(5);

/// Cache of [`SigningSettings`] (one entry).
pub type SettingsCache = TtlCache<(), Arc<SigningSettings>>;

/// The current signing settings (from memory when fresh).
pub async fn settings(ctx: &AppContext) -> Result<Arc<SigningSettings>, AppError> {
    if let Some(s) = ctx.runtime::<SettingsCache>().get(&()) {
        return Ok(s);
    }
    let fresh = Arc::new(SigningSettings {
        paused: is_paused(&ctx.db).await?,
        rules: email::email_rules(&ctx.db).await?,
        lists: access_list::Entity::find()
            .filter(access_list::Column::RemovedAt.is_null())
            .all(&ctx.db)
            .await?,
    });
    ctx.runtime::<SettingsCache>().put((), fresh.clone());
    Ok(fresh)
}

/// Drops the cached signing settings (after staff change them).
pub fn forget_settings(ctx: &AppContext) {
    ctx.runtime::<SettingsCache>().clear();
}

impl SigningSettings {
    /// The per-domain email rules.
    #[must_use]
    pub fn rules(&self) -> &HashMap<String, EmailRule> {
        &self.rules
    }
}

/// Whether collection is paused for every petition.
pub async fn is_paused(db: &impl ConnectionTrait) -> Result<bool, sea_orm::DbErr> {
    Ok(app_meta::Entity::find_by_id(PAUSED_KEY)
        .one(db)
        .await?
        .is_some_and(|r| r.value == "true"))
}

/// Whether `p` takes signatures at `now`.
pub async fn accepting(
    ctx: &AppContext,
    p: &petition::Model,
    now: DateTime<Utc>,
) -> Result<Result<(), Closed>, AppError> {
    if p.state != PetitionState::Open
        || p.opens_at.is_some_and(|t| now < t)
        || p.closes_at.is_some_and(|t| now >= t)
    {
        return Ok(Err(Closed::NotOpen));
    }
    if settings(ctx).await?.paused {
        return Ok(Err(Closed::Paused));
    }
    Ok(Ok(()))
}

/// The keys a signature is looked up by in the access lists: the same blind indexes and
/// IP hash the signature is stored with, so staff can list what they see on the trending
/// page.
pub(super) struct ListKeys<'a> {
    pub(super) ip: IpAddr,
    pub(super) ip_hash: &'a str,
    pub(super) address: &'a str,
    pub(super) domain: &'a str,
}

impl ListKeys<'_> {
    /// Whether an entry of `list` matches.
    pub(super) fn listed(&self, settings: &SigningSettings, list: AccessList) -> bool {
        settings
            .lists
            .iter()
            .filter(|r| r.list == list)
            .any(|r| match r.kind {
                EntryKind::IpRange => r
                    .value
                    .parse::<ipnet::IpNet>()
                    .is_ok_and(|n| n.contains(&self.ip)),
                EntryKind::IpHash => r.value == self.ip_hash,
                EntryKind::Email => r.value == self.address,
                EntryKind::EmailDomain => r.value == self.domain,
            })
    }
}
