//! What the public petition page reads: the petition itself, the latest signers who chose
//! to be named, and the counts of verified signatures, each kept briefly in memory.

use crate::cache::TtlCache;
use crate::context::AppContext;
use crate::domain::people::relationship::Relationship;
use crate::domain::petitions::paper::Channel;
use crate::domain::petitions::petition::PublicPetition;
use crate::domain::petitions::signature::{self as sig, PublicDisclosure, SignatureState, context};
use crate::entities::signature;
use crate::error::AppError;
use crate::ids::PetitionId;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

/// Public petitions by slug (unknown slugs too), kept for [`COUNTS_TTL`] so that busy pages
/// and count requests do not read the petition on every request.
pub type PetitionCache = TtlCache<String, Option<Arc<PublicPetition>>>;

/// A public petition by slug (from memory when fresh).
pub async fn published(
    ctx: &AppContext,
    slug: &str,
) -> Result<Option<Arc<PublicPetition>>, AppError> {
    if slug.len() > 100 {
        return Ok(None);
    }
    let key = slug.to_owned();
    if let Some(p) = ctx.runtime::<PetitionCache>().get(&key) {
        return Ok(p);
    }
    let loaded = crate::domain::petitions::petition::load_public(&ctx.db, slug)
        .await?
        .map(Arc::new);
    ctx.runtime::<PetitionCache>().put(key, loaded.clone());
    Ok(loaded)
}

/// Drops every cached petition (after staff change one).
pub fn forget_petitions(ctx: &AppContext) {
    ctx.runtime::<PetitionCache>().clear();
}

/// The latest ten counted signers who chose to be named on the public page, as they chose
/// (full name or initials).
pub async fn recent_names(
    ctx: &AppContext,
    petition_id: PetitionId,
) -> Result<Vec<String>, AppError> {
    use sea_orm::QueryOrder;
    let rows = signature::Entity::find()
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::State.eq(SignatureState::Verified))
        .filter(signature::Column::Shadow.eq(false))
        .filter(signature::Column::PublicDisclosure.ne(PublicDisclosure::Hidden))
        .order_by_desc(signature::Column::VerifiedAt)
        .limit(10)
        .all(&ctx.db)
        .await?;
    Ok(rows
        .iter()
        .filter_map(|s| {
            let name = ctx.crypto.decrypt_str(context::NAME, &s.name_enc).ok()?;
            Some(if s.public_disclosure == PublicDisclosure::Full {
                name
            } else {
                sig::initials(&name)
            })
        })
        .collect())
}

/// Verified, counted signatures of a petition.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Counts {
    /// All of them.
    pub total: u64,
    /// By country code, largest first.
    pub by_country: Vec<(String, u64)>,
    /// By relationship, in form order.
    pub by_relationship: Vec<(String, u64)>,
    /// By channel (`online`, `paper`, `assisted`), in that order, channels with none left out.
    pub by_channel: Vec<(String, u64)>,
}

/// How long counts are served from memory before they are counted again.
pub const COUNTS_TTL: Duration = Duration::from_secs(2);

/// Cached counts per petition (counted from the signatures, never kept in a hot row).
pub type CountsCache = TtlCache<PetitionId, Counts>;

impl AppContext {
    /// Drops a petition's cached counts (after a change the signer should see at once).
    pub fn counts_cache_forget(&self, petition_id: PetitionId) {
        self.runtime::<CountsCache>().forget(&petition_id);
    }
}

/// The petition's counts: verified, not shadow-banned signatures. Counted by one grouped
/// query and cached for [`COUNTS_TTL`], so a spike of readers costs one query a second.
pub async fn counts(ctx: &AppContext, petition_id: PetitionId) -> Result<Counts, AppError> {
    if let Some(counts) = ctx.runtime::<CountsCache>().get(&petition_id) {
        return Ok(counts);
    }
    let rows: Vec<(String, String, String, i64)> = signature::Entity::find()
        .select_only()
        .column(signature::Column::Country)
        .column(signature::Column::Relationship)
        .column(signature::Column::Channel)
        .column_as(signature::Column::Id.count(), "n")
        .filter(signature::Column::PetitionId.eq(petition_id))
        .filter(signature::Column::State.eq(SignatureState::Verified))
        .filter(signature::Column::Shadow.eq(false))
        .group_by(signature::Column::Country)
        .group_by(signature::Column::Relationship)
        .group_by(signature::Column::Channel)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let mut by_country: HashMap<String, u64> = HashMap::new();
    let mut by_rel: HashMap<String, u64> = HashMap::new();
    let mut by_channel: HashMap<String, u64> = HashMap::new();
    let mut total = 0;
    for (country, rel, channel, n) in rows {
        let n = u64::try_from(n).unwrap_or(0);
        total += n;
        *by_channel.entry(channel).or_default() += n;
        *by_country.entry(country).or_default() += n;
        *by_rel.entry(rel).or_default() += n;
    }
    let mut by_country: Vec<(String, u64)> = by_country.into_iter().collect();
    by_country.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let by_relationship = Relationship::ALL
        .iter()
        .filter_map(|r| by_rel.get(r.as_str()).map(|n| (r.as_str().to_owned(), *n)))
        .collect();
    let by_channel = Channel::ALL
        .iter()
        .filter_map(|c| {
            by_channel
                .get(c.as_str())
                .map(|n| (c.as_str().to_owned(), *n))
        })
        .collect();
    let counts = Counts {
        total,
        by_country,
        by_relationship,
        by_channel,
    };
    ctx.runtime::<CountsCache>()
        .put(petition_id, counts.clone());
    Ok(counts)
}
