//! Finding a case by a name in either script without a plaintext column: each request's
//! names (the requester's, and every sought person's names and aliases) are cut by the
//! matcher's normalisation into cross-script consonant skeletons (Mohammad, Muhammed and
//! محمد all give `mmd`), and only a keyed blind index of each skeleton is stored
//! (`case_search_keys`). A query is cut the same way and looked up by those indexes; the
//! few requests found are then opened and kept only if every word of the query is close
//! to a word of one of their names ([`peyvand_matching`]'s token similarity), which drops
//! the hard negatives a skeleton cannot tell apart (Hassan and Hossein share `sn`).
//!
//! Requests are indexed when filed, and any request whose keys are missing or written
//! with another blind-index key (after a key rotation) is indexed again by [`refresh`].

use crate::context::AppContext;
use crate::domain::contact::records::{self as c, RequesterData, SoughtData, context};
use crate::entities::{case_search_key, contact_request, sought_person};
use crate::error::AppError;
use crate::ids::RequestId;
use peyvand_matching::NameForm;
use peyvand_matching::similarity::{TokenForm, token_similarity};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::{BTreeSet, HashMap};

/// Blind-index domain of name skeletons.
pub const NAME_KEY_DOMAIN: &str = "case.name_skeleton";

/// A word of the query must be at least this close to a word of a name (Hassan and
/// Hossein score 0.81; spellings of one name across scripts 0.95 and more).
pub const WORD_MIN: f64 = 0.85;

/// At most this many requests are opened to check a query (the rest are not shown).
pub const MAX_CHECKED: usize = 300;

/// The skeletons under which a name is found.
#[must_use]
pub fn name_keys(name: &str) -> Vec<String> {
    NameForm::new(name)
        .skeleton_keys()
        .into_iter()
        .filter(|k| !k.is_empty())
        .collect()
}

/// The names of a request that search covers.
fn names_of(requester: &RequesterData, sought: &[SoughtData]) -> Vec<String> {
    let mut names = vec![requester.name.clone()];
    for s in sought {
        names.extend(s.all_names());
    }
    names.retain(|n| !n.trim().is_empty());
    names
}

async fn open_names(
    db: &impl ConnectionTrait,
    ctx: &AppContext,
    r: &contact_request::Model,
) -> Result<Vec<String>, AppError> {
    let requester: RequesterData = c::open(&ctx.crypto, context::REQUESTER, &r.requester_enc)?;
    let mut sought = Vec::new();
    for s in sought_person::Entity::find()
        .filter(sought_person::Column::RequestId.eq(r.id))
        .all(db)
        .await?
    {
        sought.push(c::open::<SoughtData>(
            &ctx.crypto,
            context::SOUGHT,
            &s.data_enc,
        )?);
    }
    Ok(names_of(&requester, &sought))
}

/// (Re)writes the search keys of request `r` inside `db` (the filing's transaction, or a
/// refresh's).
///
/// # Errors
/// A database or decryption error.
pub async fn index_request(
    db: &impl ConnectionTrait,
    ctx: &AppContext,
    r: &contact_request::Model,
) -> Result<(), AppError> {
    let names = open_names(db, ctx, r).await?;
    let keys: BTreeSet<String> = names.iter().flat_map(|n| name_keys(n)).collect();
    case_search_key::Entity::delete_many()
        .filter(case_search_key::Column::RequestId.eq(r.id))
        .exec(db)
        .await?;
    let key_id = i32::from(ctx.crypto.index_key_id());
    let rows: Vec<case_search_key::ActiveModel> = keys
        .iter()
        .map(|k| case_search_key::ActiveModel {
            request_id: Set(r.id),
            key_id: Set(key_id),
            token: Set(ctx.crypto.blind_index(NAME_KEY_DOMAIN, k).to_hex()),
            ..Default::default()
        })
        .collect();
    if !rows.is_empty() {
        case_search_key::Entity::insert_many(rows).exec(db).await?;
    }
    contact_request::Entity::update_many()
        .col_expr(
            contact_request::Column::SearchKeyId,
            Expr::value(Some(key_id)),
        )
        .filter(contact_request::Column::Id.eq(r.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Indexes up to `limit` requests whose keys are missing or were written with another
/// key; returns how many it indexed.
///
/// # Errors
/// A database or decryption error.
pub async fn refresh(ctx: &AppContext, limit: u64) -> Result<u64, AppError> {
    let key_id = i32::from(ctx.crypto.index_key_id());
    let stale = contact_request::Entity::find()
        .filter(
            Condition::any()
                .add(contact_request::Column::SearchKeyId.is_null())
                .add(contact_request::Column::SearchKeyId.ne(key_id)),
        )
        .order_by_asc(contact_request::Column::Id)
        .limit(limit.min(i64::MAX as u64))
        .all(&ctx.db)
        .await?;
    let mut done = 0;
    for chunk in stale.chunks(200) {
        let txn = ctx.begin_write().await?;
        for r in chunk {
            index_request(&*txn, ctx, r).await?;
            done += 1;
        }
        txn.commit().await?;
    }
    Ok(done)
}

/// The requests whose stored keys cover the query: every word's skeleton (or, for a
/// compound written apart in the query, the whole query's).
async fn candidates(ctx: &AppContext, query: &str) -> Result<Vec<RequestId>, AppError> {
    let form = NameForm::new(query);
    let words: Vec<&TokenForm> = form.latin.iter().chain(&form.persian).collect();
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let lookup = |skeleton: String| async move {
        let tokens = ctx
            .crypto
            .blind_index_candidates(NAME_KEY_DOMAIN, &skeleton);
        let ids: BTreeSet<RequestId> = case_search_key::Entity::find()
            .select_only()
            .column(case_search_key::Column::RequestId)
            .filter(case_search_key::Column::Token.is_in(tokens))
            .into_tuple::<RequestId>()
            .all(&ctx.db)
            .await?
            .into_iter()
            .collect();
        Ok::<_, AppError>(ids)
    };
    let mut all: Option<BTreeSet<RequestId>> = None;
    for w in &words {
        if w.skeleton.is_empty() {
            continue;
        }
        let ids = lookup(w.skeleton.clone()).await?;
        all = Some(match all {
            None => ids,
            Some(prev) => prev.intersection(&ids).copied().collect(),
        });
    }
    let mut found = all.unwrap_or_default();
    if words.len() > 1 {
        let joined: String = words.iter().map(|w| w.skeleton.as_str()).collect();
        found.extend(lookup(joined).await?);
    }
    Ok(found.into_iter().collect())
}

/// How well the query's words meet a name's: the weakest query word's best match.
fn word_score(query: &NameForm, name: &NameForm) -> f64 {
    let words: Vec<&TokenForm> = query.latin.iter().chain(&query.persian).collect();
    let theirs: Vec<&TokenForm> = name
        .latin
        .iter()
        .chain(&name.persian)
        .chain(name.latin_joined.iter())
        .chain(name.persian_joined.iter())
        .collect();
    if words.is_empty() || theirs.is_empty() {
        return 0.0;
    }
    let joined = query
        .latin_joined
        .iter()
        .chain(query.persian_joined.iter())
        .map(|q| {
            theirs
                .iter()
                .map(|t| token_similarity(q, t))
                .fold(0.0, f64::max)
        })
        .fold(0.0, f64::max);
    let each = words
        .iter()
        .map(|q| {
            theirs
                .iter()
                .map(|t| token_similarity(q, t))
                .fold(0.0, f64::max)
        })
        .fold(1.0, f64::min);
    each.max(joined)
}

/// What a name search found.
#[derive(Debug, Default)]
pub struct NameHits {
    /// The requests whose names are close to the query, best first.
    pub ids: Vec<RequestId>,
    /// More requests shared a name key than were checked ([`MAX_CHECKED`]): the page says
    /// so and asks for more of the name.
    pub more_unchecked: bool,
}

/// The requests (not unverified ones) with a name close to `query` in either script,
/// best first, at most [`MAX_CHECKED`] looked at.
///
/// # Errors
/// A database or decryption error.
pub async fn by_name(ctx: &AppContext, query: &str) -> Result<NameHits, AppError> {
    refresh(ctx, 5_000).await?;
    let ids = candidates(ctx, query).await?;
    if ids.is_empty() {
        return Ok(NameHits::default());
    }
    let more_unchecked = ids.len() > MAX_CHECKED;
    let q = NameForm::new(query);
    let mut scored = Vec::new();
    for chunk in ids.chunks(MAX_CHECKED).take(1) {
        let rows = contact_request::Entity::find()
            .filter(contact_request::Column::Id.is_in(chunk.iter().copied()))
            .filter(
                contact_request::Column::State
                    .ne(crate::domain::contact::records::RecordState::Unverified),
            )
            .all(&ctx.db)
            .await?;
        let mut sought: HashMap<RequestId, Vec<SoughtData>> = HashMap::new();
        for s in sought_person::Entity::find()
            .filter(sought_person::Column::RequestId.is_in(chunk.iter().copied()))
            .all(&ctx.db)
            .await?
        {
            sought.entry(s.request_id).or_default().push(c::open(
                &ctx.crypto,
                context::SOUGHT,
                &s.data_enc,
            )?);
        }
        for r in rows {
            let requester: RequesterData =
                c::open(&ctx.crypto, context::REQUESTER, &r.requester_enc)?;
            let names = names_of(&requester, sought.get(&r.id).map_or(&[], |v| v));
            let best = names
                .iter()
                .map(|n| word_score(&q, &NameForm::new(n)))
                .fold(0.0, f64::max);
            if best >= WORD_MIN {
                scored.push((r.id, best));
            }
        }
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(NameHits {
        ids: scored.into_iter().map(|(id, _)| id).collect(),
        more_unchecked,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_and_its_other_script_share_keys() {
        let latin = name_keys("Reza Hosseini");
        let persian = name_keys("رضا حسینی");
        assert!(
            latin.iter().any(|k| persian.contains(k)),
            "{latin:?} {persian:?}"
        );
    }

    #[test]
    fn words_meet_across_scripts_but_hard_negatives_stay_apart() {
        let name = NameForm::new("Mohammad-Reza Hosseini");
        assert!(word_score(&NameForm::new("حسینی"), &name) >= WORD_MIN);
        assert!(word_score(&NameForm::new("Husseini"), &name) >= WORD_MIN);
        assert!(word_score(&NameForm::new("Hassan"), &NameForm::new("Hossein Karimi")) < WORD_MIN);
    }
}
