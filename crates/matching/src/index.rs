//! The candidate index: registrations indexed by the consonant skeletons of their names
//! (with one-deletion neighbours, so a dropped or added consonant still meets), vetoes
//! applied while candidates are gathered, and the final ranking with a per-field
//! explanation.

use super::similarity::{NameForm, SimilarityCache, all_tokens_similarity, name_similarity_cached};
use super::{Person, Query, Relationship, Vetoes};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Name similarity at or above which a deny rule naming a requester or an alias applies.
/// Lenient on purpose: a vetoed person wrongly kept out costs a caseworker a manual
/// search, a vetoed person wrongly shown can cost them their safety.
pub const DENY_THRESHOLD: f64 = 0.75;
/// Name similarity at or above which an allow rule naming a requester accepts them.
pub const ALLOW_THRESHOLD: f64 = 0.92;
/// Candidates whose best name similarity is below this are not returned by
/// [`Index::candidates`].
pub const MIN_NAME_SCORE: f64 = 0.5;

/// Which field of a candidate a [`FieldScore`] explains.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// Best pair among the sought person's and the registration's names and aliases.
    Name,
    /// Year of birth.
    BirthYear,
    /// Father's name.
    FatherName,
    /// Best pair among the places.
    Place,
}

impl Field {
    /// Weight of the field in the combined score when both sides give it.
    #[must_use]
    pub fn weight(self) -> f64 {
        match self {
            Field::Name => 0.6,
            Field::BirthYear | Field::FatherName => 0.15,
            Field::Place => 0.1,
        }
    }
}

/// How one field contributed to a candidate's score.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldScore {
    /// The field.
    pub field: Field,
    /// Similarity in [0, 1], or `None` when one side does not give the field (then it does
    /// not count in the combined score).
    pub score: Option<f64>,
    /// What was compared, for staff: e.g. `"Mohamad Hoseini" ~ "محمد حسینی"` or
    /// `1968 vs 1969 (1 year apart)`.
    pub note: String,
}

/// A registration proposed for a sought person.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The registration's id.
    pub id: i64,
    /// Combined score in [0, 1]: weighted mean of the fields both sides give.
    pub score: f64,
    /// One entry per field, in the order name, birth year, father's name, place.
    pub explanation: Vec<FieldScore>,
}

struct PreparedVetoes {
    no_one: bool,
    deny_relationships: Vec<Relationship>,
    only_relationships: Vec<Relationship>,
    deny_requesters: Vec<NameForm>,
    only_requesters: Vec<NameForm>,
    deny_aliases: Vec<NameForm>,
    deny_keys: Vec<String>,
}

impl PreparedVetoes {
    fn new(v: &Vetoes) -> Self {
        let forms = |names: &[String]| names.iter().map(|n| NameForm::new(n)).collect();
        PreparedVetoes {
            no_one: v.no_one,
            deny_relationships: v.deny_relationships.clone(),
            only_relationships: v.only_relationships.clone(),
            deny_requesters: forms(&v.deny_requesters),
            only_requesters: forms(&v.only_requesters),
            deny_aliases: forms(&v.deny_aliases),
            deny_keys: v.deny_keys.clone(),
        }
    }

    fn is_open(&self) -> bool {
        !self.no_one
            && self.deny_relationships.is_empty()
            && self.only_relationships.is_empty()
            && self.deny_requesters.is_empty()
            && self.only_requesters.is_empty()
            && self.deny_aliases.is_empty()
            && self.deny_keys.is_empty()
    }

    /// Whether the rules let this query through. Fails closed.
    fn admits(&self, q: &PreparedQuery) -> bool {
        if self.no_one {
            return false;
        }
        if q.key.as_ref().is_some_and(|k| self.deny_keys.contains(k)) {
            return false;
        }
        if !self.deny_relationships.is_empty() || !self.only_relationships.is_empty() {
            let Some(rel) = q.relationship else {
                return false;
            };
            if self.deny_relationships.contains(&rel) {
                return false;
            }
            if !self.only_relationships.is_empty() && !self.only_relationships.contains(&rel) {
                return false;
            }
        }
        if !self.deny_requesters.is_empty() || !self.only_requesters.is_empty() {
            let Some(requester) = &q.requester else {
                return false;
            };
            if self
                .deny_requesters
                .iter()
                .any(|d| all_tokens_similarity(d, requester) >= DENY_THRESHOLD)
            {
                return false;
            }
            if !self.only_requesters.is_empty()
                && !self
                    .only_requesters
                    .iter()
                    .any(|a| all_tokens_similarity(a, requester) >= ALLOW_THRESHOLD)
            {
                return false;
            }
        }
        !self.deny_aliases.iter().any(|alias| {
            q.names
                .iter()
                .any(|(_, n)| all_tokens_similarity(alias, n) >= DENY_THRESHOLD)
        })
    }
}

impl Vetoes {
    /// Whether these rules let `query`'s requester through (names compared as candidate
    /// generation compares them). Fails closed, like candidate generation: a rule that
    /// cannot be checked refuses.
    #[must_use]
    pub fn admit(&self, query: &Query) -> bool {
        let prepared = PreparedVetoes::new(self);
        prepared.is_open() || prepared.admits(&PreparedQuery::new(query))
    }
}

struct Entry {
    id: i64,
    names: Vec<(String, NameForm)>,
    birth_year: Option<i32>,
    father: Option<(String, NameForm)>,
    places: Vec<(String, NameForm)>,
    vetoes: PreparedVetoes,
    /// Whether any rule needs checking (most registrations have none).
    open: bool,
}

struct PreparedQuery {
    names: Vec<(String, NameForm)>,
    birth_year: Option<i32>,
    father: Option<(String, NameForm)>,
    father_skeletons: Vec<u64>,
    places: Vec<(String, NameForm)>,
    requester: Option<NameForm>,
    relationship: Option<Relationship>,
    key: Option<String>,
}

fn prepare_all(names: &[String]) -> Vec<(String, NameForm)> {
    names
        .iter()
        .map(|n| (n.clone(), NameForm::new(n)))
        .filter(|(_, f)| !f.is_empty())
        .collect()
}

fn prepare_one(name: Option<&String>) -> Option<(String, NameForm)> {
    name.map(|n| (n.clone(), NameForm::new(n)))
        .filter(|(_, f)| !f.is_empty())
}

/// Hashes of the non-empty token skeletons of a name (compared for a pre-score bonus).
fn token_skeletons(form: Option<&(String, NameForm)>) -> Vec<u64> {
    use std::hash::{Hash, Hasher};
    let mut out: Vec<u64> = form
        .iter()
        .flat_map(|(_, f)| f.latin.iter().chain(&f.persian))
        .filter(|t| !t.skeleton.is_empty())
        .map(|t| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            t.skeleton.hash(&mut h);
            h.finish()
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

impl PreparedQuery {
    fn new(q: &Query) -> Self {
        let father = prepare_one(q.father_name.as_ref());
        PreparedQuery {
            names: prepare_all(&q.names),
            birth_year: q.birth_year,
            father_skeletons: token_skeletons(father.as_ref()),
            father,
            places: prepare_all(&q.places),
            requester: Some(NameForm::new(&q.requester.name)).filter(|f| !f.is_empty()),
            relationship: q.requester.relationship,
            key: q.requester.key.clone(),
        }
    }
}

/// The one-deletion neighbours of a skeleton of three or more consonants.
fn deletions(skeleton: &str) -> Vec<String> {
    let chars: Vec<char> = skeleton.chars().collect();
    if chars.len() < 3 {
        return Vec::new();
    }
    let mut out: Vec<String> = (0..chars.len())
        .map(|skip| {
            chars
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != skip)
                .map(|(_, c)| *c)
                .collect()
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

#[derive(Clone, Copy, Default)]
struct Slot {
    acc: f64,
    key_best: f64,
}

/// Per-thread accumulators for [`Index::gather`], reused across queries.
#[derive(Default)]
struct Scratch {
    /// Per entry: the pre-score summed over the query's keys so far, and the best match
    /// for the current key (side by side: one cache line per posting).
    slots: Vec<Slot>,
    touched: Vec<u32>,
    key_touched: Vec<u32>,
    father_hit: Vec<bool>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
    /// Token similarities computed on this thread, kept across queries (token similarity
    /// depends on the two tokens only).
    static CACHE: RefCell<SimilarityCache> = RefCell::new(SimilarityCache::new());
}

/// Similarity of two birth years.
fn year_similarity(a: i32, b: i32) -> f64 {
    match a.abs_diff(b) {
        0 => 1.0,
        1 => 0.85,
        2 => 0.6,
        3 => 0.35,
        4 => 0.15,
        _ => 0.0,
    }
}

/// Registrations indexed for candidate generation. Build once, query many times; cheap
/// to share between threads.
pub struct Index {
    entries: Vec<Entry>,
    /// Skeleton → entries having a name token (or pair of neighbouring tokens) with it.
    exact: HashMap<String, Vec<u32>>,
    /// One-deletion neighbour of a skeleton → entries.
    deleted: HashMap<String, Vec<u32>>,
    /// Skeleton of a leading or trailing part of a long token → entries.
    halves: HashMap<String, Vec<u32>>,
    /// Hash of a token skeleton of the father's name → entries (for the pre-score).
    fathers: HashMap<u64, Vec<u32>>,
    /// Birth year of each entry, apart from the entries for a cache-friendly pre-score.
    birth_years: Vec<Option<i32>>,
    /// How many entries the cheap pre-ranking passes on to full scoring.
    pool: usize,
}

/// A posting list, unless it is longer than `cap`.
fn capped<'a>(map: &'a HashMap<String, Vec<u32>>, key: &str, cap: usize) -> Option<&'a Vec<u32>> {
    map.get(key).filter(|l| l.len() <= cap)
}

fn push_posting<K: std::hash::Hash + Eq>(map: &mut HashMap<K, Vec<u32>>, key: K, entry: u32) {
    let list = map.entry(key).or_default();
    if list.last() != Some(&entry) {
        list.push(entry);
    }
}

impl Index {
    /// Indexes `persons`. Names that normalise to nothing are ignored.
    #[must_use]
    pub fn build(persons: Vec<Person>) -> Self {
        let mut exact: HashMap<String, Vec<u32>> = HashMap::new();
        let mut deleted: HashMap<String, Vec<u32>> = HashMap::new();
        let mut halves: HashMap<String, Vec<u32>> = HashMap::new();
        let mut fathers: HashMap<u64, Vec<u32>> = HashMap::new();
        let mut birth_years = Vec::with_capacity(persons.len());
        let mut entries = Vec::with_capacity(persons.len());
        for (i, p) in persons.into_iter().enumerate() {
            let idx = u32::try_from(i).unwrap_or(u32::MAX);
            let names = prepare_all(&p.names);
            let mut keys: Vec<String> = names.iter().flat_map(|(_, f)| f.skeleton_keys()).collect();
            keys.sort();
            keys.dedup();
            let mut dels: Vec<String> = keys.iter().flat_map(|k| deletions(k)).collect();
            dels.sort();
            dels.dedup();
            for k in keys {
                push_posting(&mut exact, k, idx);
            }
            for d in dels {
                push_posting(&mut deleted, d, idx);
            }
            let mut parts: Vec<String> = names.iter().flat_map(|(_, f)| f.half_keys()).collect();
            parts.sort();
            parts.dedup();
            for h in parts {
                push_posting(&mut halves, h, idx);
            }
            let father = prepare_one(p.father_name.as_ref());
            let vetoes = PreparedVetoes::new(&p.vetoes);
            for h in token_skeletons(father.as_ref()) {
                push_posting(&mut fathers, h, idx);
            }
            birth_years.push(p.birth_year);
            entries.push(Entry {
                id: p.id,
                names,
                birth_year: p.birth_year,
                father,
                places: prepare_all(&p.places),
                open: vetoes.is_open(),
                vetoes,
            });
        }
        Index {
            entries,
            exact,
            deleted,
            halves,
            fathers,
            birth_years,
            pool: 48,
        }
    }

    /// Sets how many pre-ranked entries are scored in full per query (default 48; at
    /// least `top_k` are always scored).
    #[must_use]
    pub fn with_pool(mut self, pool: usize) -> Self {
        self.pool = pool.max(1);
        self
    }

    /// Number of indexed registrations.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The best `top_k` registrations for `query`, best first, with their explanation.
    /// Registrations whose vetoes refuse this requester are never considered; candidates
    /// whose best name similarity is below [`MIN_NAME_SCORE`] are left out.
    #[must_use]
    pub fn candidates(&self, query: &Query, top_k: usize) -> Vec<Candidate> {
        let q = PreparedQuery::new(query);
        self.ranked(&q, top_k, MIN_NAME_SCORE)
            .into_iter()
            .map(|(idx, _)| self.explain(&q, idx))
            .collect()
    }

    /// [`Index::candidates`] for many queries, spread over the available cores.
    #[must_use]
    pub fn candidates_batch(&self, queries: &[Query], top_k: usize) -> Vec<Vec<Candidate>> {
        // Threads take small blocks of queries in turn, so a thread that the machine
        // slows down (or that drew the slow queries) does not hold up the others.
        const BLOCK: usize = 32;
        let threads = std::thread::available_parallelism()
            .map_or(1, std::num::NonZero::get)
            .min(queries.len().div_ceil(BLOCK).max(1));
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut results: Vec<Vec<Candidate>> = vec![Vec::new(); queries.len()];
        let done: Vec<Vec<(usize, Vec<Candidate>)>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|_| {
                    s.spawn(|| {
                        let mut out = Vec::new();
                        loop {
                            let start = next.fetch_add(BLOCK, std::sync::atomic::Ordering::Relaxed);
                            if start >= queries.len() {
                                break;
                            }
                            let end = (start + BLOCK).min(queries.len());
                            for (i, q) in queries[start..end].iter().enumerate() {
                                out.push((start + i, self.candidates(q, top_k)));
                            }
                        }
                        out
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        for (i, found) in done.into_iter().flatten() {
            results[i] = found;
        }
        results
    }

    /// Entry indexes that share a skeleton key with the query, with a cheap pre-score:
    /// per query key the best of exact (1.0) and one-deletion (0.6, 0.4) matches, weighted
    /// by the key's rarity, plus birth year and father's skeleton. Vetoes are checked by
    /// the caller, in pre-score order, before anything is scored.
    fn gather(&self, q: &PreparedQuery) -> Vec<(u32, f64)> {
        #[expect(
            clippy::cast_precision_loss,
            reason = "entry counts are far below 2^52"
        )]
        let n = self.entries.len().max(1) as f64;
        let idf = |len: usize| {
            #[expect(
                clippy::cast_precision_loss,
                reason = "entry counts are far below 2^52"
            )]
            let len = len.max(1) as f64;
            (1.0 + n / len).ln()
        };
        let mut query_keys: Vec<String> = q
            .names
            .iter()
            .flat_map(|(_, f)| f.skeleton_keys())
            .collect();
        query_keys.sort();
        query_keys.dedup();
        let mut query_halves: Vec<String> =
            q.names.iter().flat_map(|(_, f)| f.half_keys()).collect();
        query_halves.sort();
        query_halves.dedup();
        let keys = query_keys
            .iter()
            .map(|k| (k, false))
            .chain(query_halves.iter().map(|k| (k, true)));
        SCRATCH.with(|cell| {
            let mut scratch = cell.borrow_mut();
            let Scratch {
                slots,
                touched,
                key_touched,
                father_hit,
            } = &mut *scratch;
            if slots.len() < self.entries.len() {
                slots.resize(self.entries.len(), Slot::default());
            }
            for (key, half) in keys {
                let mut visit = |list: Option<&Vec<u32>>, weight: f64| {
                    if let Some(list) = list {
                        let w = weight * idf(list.len());
                        for &e in list {
                            let slot = &mut slots[e as usize].key_best;
                            if *slot == 0.0 {
                                key_touched.push(e);
                            }
                            if w > *slot {
                                *slot = w;
                            }
                        }
                    }
                };
                // Near-miss lists as common as this are weak evidence and slow: skip them.
                let cap = (self.entries.len() / 100).max(500);
                if half {
                    // A compound written as one word in the query, of which the
                    // registration names one half.
                    visit(capped(&self.exact, key, cap), 0.5);
                } else {
                    visit(self.exact.get(key), 1.0);
                    visit(capped(&self.deleted, key, cap), 0.6);
                    for d in deletions(key) {
                        visit(capped(&self.exact, &d, cap), 0.6);
                        visit(capped(&self.deleted, &d, cap), 0.4);
                    }
                    // The other way round: the registration's compound, the query's half.
                    visit(capped(&self.halves, key, cap), 0.5);
                }
                for e in key_touched.drain(..) {
                    let slot = &mut slots[e as usize];
                    if slot.acc == 0.0 {
                        touched.push(e);
                    }
                    slot.acc += std::mem::take(&mut slot.key_best);
                }
            }
            // Father's name: walk the father lists (sequential) rather than look at each
            // touched entry's father (scattered).
            if father_hit.len() < self.entries.len() {
                father_hit.resize(self.entries.len(), false);
            }
            for h in &q.father_skeletons {
                for &e in self.fathers.get(h).map_or(&[][..], Vec::as_slice) {
                    // Touched entries have a positive sum; others are not candidates.
                    if slots[e as usize].acc > 0.0 {
                        father_hit[e as usize] = true;
                    }
                }
            }
            let mut out = Vec::with_capacity(touched.len());
            for e in touched.drain(..) {
                let mut score = std::mem::take(&mut slots[e as usize].acc);
                if let (Some(a), Some(b)) = (q.birth_year, self.birth_years[e as usize]) {
                    score += 2.0 * year_similarity(a, b);
                }
                if std::mem::take(&mut father_hit[e as usize]) {
                    score += 1.0;
                }
                out.push((e, score));
            }
            out
        })
    }

    /// The entries to score in full: the best `pool` by pre-score among those whose
    /// vetoes admit the query. Vetoes are checked in pre-score order, so a vetoed
    /// registration never takes a place and is never scored or returned.
    fn admitted_pool(&self, q: &PreparedQuery, pool: usize) -> Vec<u32> {
        let mut gathered = self.gather(q);
        let by_prescore = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        let mut out = Vec::with_capacity(pool);
        let mut start = 0;
        while out.len() < pool && start < gathered.len() {
            // Order the next window only, not the whole candidate list.
            let window = (pool * 2).max(16).min(gathered.len() - start);
            let rest = &mut gathered[start..];
            if window < rest.len() {
                rest.select_nth_unstable_by(window - 1, by_prescore);
            }
            rest[..window].sort_unstable_by(by_prescore);
            for &(e, _) in &rest[..window] {
                let entry = &self.entries[e as usize];
                if entry.open || entry.vetoes.admits(q) {
                    out.push(e);
                    if out.len() == pool {
                        break;
                    }
                }
            }
            start += window;
        }
        out
    }

    /// Full scores of the best pre-ranked entries, best first, at most `top_k`.
    fn ranked(&self, q: &PreparedQuery, top_k: usize, min_name: f64) -> Vec<(u32, f64)> {
        if top_k == 0 || q.names.is_empty() {
            return Vec::new();
        }
        let pool = self.admitted_pool(q, self.pool.max(top_k));
        let mut scored: Vec<(u32, f64)> = CACHE.with(|cell| {
            let cache = &mut *cell.borrow_mut();
            pool.into_iter()
                .filter_map(|e| {
                    let entry = &self.entries[e as usize];
                    let (name, _, _) = best_name(q, entry, cache);
                    (name >= min_name).then(|| (e, combined(q, entry, name, cache)))
                })
                .collect()
        });
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(top_k);
        scored
    }

    fn explain(&self, q: &PreparedQuery, idx: u32) -> Candidate {
        let entry = &self.entries[idx as usize];
        CACHE.with(|cell| self.explain_with(q, entry, &mut cell.borrow_mut()))
    }

    fn explain_with(
        &self,
        q: &PreparedQuery,
        entry: &Entry,
        cache: &mut SimilarityCache,
    ) -> Candidate {
        let (name, qi, ei) = best_name(q, entry, cache);
        let mut explanation = Vec::with_capacity(4);
        let mut note = String::new();
        if let (Some(a), Some(b)) = (q.names.get(qi), entry.names.get(ei)) {
            let _ = write!(note, "{:?} ~ {:?}", a.0, b.0);
        }
        explanation.push(FieldScore {
            field: Field::Name,
            score: Some(name),
            note,
        });
        explanation.push(match (q.birth_year, entry.birth_year) {
            (Some(a), Some(b)) => FieldScore {
                field: Field::BirthYear,
                score: Some(year_similarity(a, b)),
                note: match a.abs_diff(b) {
                    0 => format!("{a} vs {b} (same year)"),
                    1 => format!("{a} vs {b} (1 year apart)"),
                    d => format!("{a} vs {b} ({d} years apart)"),
                },
            },
            _ => not_given(Field::BirthYear),
        });
        explanation.push(match (&q.father, &entry.father) {
            (Some(a), Some(b)) => FieldScore {
                field: Field::FatherName,
                score: Some(name_similarity_cached(&a.1, &b.1, cache)),
                note: format!("{:?} ~ {:?}", a.0, b.0),
            },
            _ => not_given(Field::FatherName),
        });
        explanation.push(match best_place(q, entry, cache) {
            Some((s, a, b)) => FieldScore {
                field: Field::Place,
                score: Some(s),
                note: format!("{:?} ~ {:?}", q.places[a].0, entry.places[b].0),
            },
            None => not_given(Field::Place),
        });
        Candidate {
            id: entry.id,
            score: combine(&explanation),
            explanation,
        }
    }
}

fn not_given(field: Field) -> FieldScore {
    FieldScore {
        field,
        score: None,
        note: "not given on both sides".to_owned(),
    }
}

fn combine(fields: &[FieldScore]) -> f64 {
    let (sum, weight) = fields
        .iter()
        .filter_map(|f| f.score.map(|s| (s * f.field.weight(), f.field.weight())))
        .fold((0.0, 0.0), |(s, w), (a, b)| (s + a, w + b));
    if weight > 0.0 { sum / weight } else { 0.0 }
}

/// Best name similarity and which query name and entry name gave it.
fn best_name(q: &PreparedQuery, entry: &Entry, cache: &mut SimilarityCache) -> (f64, usize, usize) {
    let mut best = (0.0, 0, 0);
    for (i, (_, a)) in q.names.iter().enumerate() {
        for (j, (_, b)) in entry.names.iter().enumerate() {
            let s = name_similarity_cached(a, b, cache);
            if s > best.0 {
                best = (s, i, j);
            }
        }
    }
    best
}

fn best_place(
    q: &PreparedQuery,
    entry: &Entry,
    cache: &mut SimilarityCache,
) -> Option<(f64, usize, usize)> {
    let mut best: Option<(f64, usize, usize)> = None;
    for (i, (_, a)) in q.places.iter().enumerate() {
        for (j, (_, b)) in entry.places.iter().enumerate() {
            let s = name_similarity_cached(a, b, cache);
            if best.is_none_or(|(bs, _, _)| s > bs) {
                best = Some((s, i, j));
            }
        }
    }
    best
}

/// The combined score without building the explanation (same weights as [`combine`]).
fn combined(q: &PreparedQuery, entry: &Entry, name: f64, cache: &mut SimilarityCache) -> f64 {
    let mut sum = name * Field::Name.weight();
    let mut weight = Field::Name.weight();
    if let (Some(a), Some(b)) = (q.birth_year, entry.birth_year) {
        sum += year_similarity(a, b) * Field::BirthYear.weight();
        weight += Field::BirthYear.weight();
    }
    if let (Some(a), Some(b)) = (&q.father, &entry.father) {
        sum += name_similarity_cached(&a.1, &b.1, cache) * Field::FatherName.weight();
        weight += Field::FatherName.weight();
    }
    if let Some((s, _, _)) = best_place(q, entry, cache) {
        sum += s * Field::Place.weight();
        weight += Field::Place.weight();
    }
    sum / weight
}

/// Ranks plain names (one per candidate) against query names: the engine of `peyvand
/// names rank`. Build once from the candidate list, then call [`NameRanker::rank`].
pub struct NameRanker {
    names: Vec<String>,
    index: Index,
}

impl NameRanker {
    /// Indexes the candidate names.
    #[must_use]
    pub fn new(candidates: &[String]) -> Self {
        let persons = candidates
            .iter()
            .zip(0_i64..)
            .map(|(name, id)| Person {
                id,
                names: vec![name.clone()],
                ..Person::default()
            })
            .collect();
        NameRanker {
            names: candidates.to_vec(),
            index: Index::build(persons).with_pool(400),
        }
    }

    /// The `top` best candidates for `query` with their name similarity, best first;
    /// ties keep the candidates' order. Candidates sharing no skeleton key with the query
    /// are not considered, so fewer than `top` may come back.
    #[must_use]
    pub fn rank(&self, query: &str, top: usize) -> Vec<(String, f64)> {
        let q = PreparedQuery::new(&Query {
            names: vec![query.to_owned()],
            ..Query::default()
        });
        self.index
            .ranked(&q, top, 0.0)
            .into_iter()
            .map(|(e, score)| (self.names[e as usize].clone(), score))
            .collect()
    }
}

/// Ranks `candidates` against `query` by name similarity and returns the `top` best.
/// Builds an index each call: for many queries use [`NameRanker`].
#[must_use]
pub fn rank_names(candidates: &[String], query: &str, top: usize) -> Vec<(String, f64)> {
    NameRanker::new(candidates).rank(query, top)
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index")
            .field("people", &self.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: i64, names: &[&str]) -> Person {
        Person {
            id,
            names: names.iter().map(|s| (*s).to_owned()).collect(),
            ..Person::default()
        }
    }

    fn query(names: &[&str], requester: &str, rel: Option<Relationship>) -> Query {
        Query {
            names: names.iter().map(|s| (*s).to_owned()).collect(),
            requester: super::super::Requester {
                name: requester.to_owned(),
                relationship: rel,
                key: None,
            },
            ..Query::default()
        }
    }

    fn ids(found: &[Candidate]) -> Vec<i64> {
        found.iter().map(|c| c.id).collect()
    }

    #[test]
    fn finds_cross_script_and_ranks_by_fields() {
        let mut a = person(1, &["محمدرضا حسینی"]);
        a.birth_year = Some(1970);
        a.father_name = Some("علی".into());
        let mut b = person(2, &["Mohammad Reza Hosseini"]);
        b.birth_year = Some(1985);
        b.father_name = Some("Hassan".into());
        let c = person(3, &["Mahmoud Hassani"]);
        let index = Index::build(vec![a, b, c]);
        let mut q = query(
            &["Mohammadreza Hoseini"],
            "Maryam",
            Some(Relationship::Sibling),
        );
        q.birth_year = Some(1971);
        q.father_name = Some("Ali".into());
        let found = index.candidates(&q, 5);
        assert_eq!(ids(&found)[..2], [1, 2]);
        let top = &found[0];
        assert_eq!(top.explanation.len(), 4);
        assert_eq!(top.explanation[1].field, Field::BirthYear);
        assert_eq!(top.explanation[1].score, Some(0.85));
        assert!(top.explanation[2].score.unwrap() > 0.9);
        assert_eq!(top.explanation[3].score, None);
        if let Some(pos) = ids(&found).iter().position(|id| *id == 3) {
            assert_eq!(pos, 2);
            assert!(found[2].score < 0.7);
        }
    }

    #[test]
    fn a_vetoes_check_alone_agrees_with_candidate_generation() {
        let father = query(&["Ali Karimi"], "Hasan Karimi", Some(Relationship::Parent));
        let sister = query(
            &["Ali Karimi"],
            "Maryam Karimi",
            Some(Relationship::Sibling),
        );
        let open = Vetoes::default();
        assert!(open.admit(&father) && open.admit(&sister));
        let not_father = Vetoes {
            deny_requesters: vec!["Hassan Karimi".into()],
            ..Vetoes::default()
        };
        assert!(!not_father.admit(&father));
        assert!(not_father.admit(&sister));
        let no_one = Vetoes {
            no_one: true,
            ..Vetoes::default()
        };
        assert!(!no_one.admit(&sister));
    }

    #[test]
    fn vetoed_registrations_never_appear() {
        let base = person(1, &["Ali Karimi", "علی کریمی"]);
        let mut no_one = base.clone();
        no_one.id = 2;
        no_one.vetoes.no_one = true;
        let mut not_parents = base.clone();
        not_parents.id = 3;
        not_parents.vetoes.deny_relationships = vec![Relationship::Parent];
        let mut not_father = base.clone();
        not_father.id = 4;
        not_father.vetoes.deny_requesters = vec!["Hassan Karimi".into()];
        let mut not_alias = base.clone();
        not_alias.id = 5;
        not_alias.names.push("Abu Zahra".into());
        not_alias.vetoes.deny_aliases = vec!["Abu Zahra".into()];
        let mut only_siblings = base.clone();
        only_siblings.id = 6;
        only_siblings.vetoes.only_relationships = vec![Relationship::Sibling];
        let mut only_maryam = base.clone();
        only_maryam.id = 7;
        only_maryam.vetoes.only_requesters = vec!["Maryam Karimi".into()];
        let index = Index::build(vec![
            base,
            no_one,
            not_parents,
            not_father,
            not_alias,
            only_siblings,
            only_maryam,
        ]);

        let father = query(&["Ali Karimi"], "Hasan Karimi", Some(Relationship::Parent));
        assert_eq!(ids(&index.candidates(&father, 10)), [1, 5]);
        // The father spelling his name in Persian is still refused by the named rule.
        let father_fa = query(&["علی کریمی"], "حسن کریمی", Some(Relationship::OtherFamily));
        let found = ids(&index.candidates(&father_fa, 10));
        assert!(!found.contains(&4) && !found.contains(&2), "{found:?}");
        let via_alias = query(
            &["Ali Karimi", "Abu Zahra"],
            "Reza",
            Some(Relationship::Sibling),
        );
        let found = ids(&index.candidates(&via_alias, 10));
        assert!(!found.contains(&5) && !found.contains(&2), "{found:?}");
        assert!(found.contains(&6));
        let sister = query(
            &["Ali Karimi"],
            "Maryam Karimi",
            Some(Relationship::Sibling),
        );
        let found = ids(&index.candidates(&sister, 10));
        assert_eq!(found.len(), 6, "{found:?}");
        assert!(!found.contains(&2));
        // Unknown relationship or requester: rules that need them fail closed.
        let anonymous = query(&["Ali Karimi"], "", None);
        assert_eq!(ids(&index.candidates(&anonymous, 10)), [1, 5]);
        // A low top_k cannot be filled with vetoed persons either.
        assert!(
            index
                .candidates(&father, 1)
                .iter()
                .all(|c| c.id == 1 || c.id == 5)
        );
    }

    #[test]
    fn rank_names_orders_variants_first() {
        let candidates: Vec<String> = [
            "Hossein", "Hassan", "Mahmoud", "Mohammed", "Zohreh", "Zahra",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        assert_eq!(rank_names(&candidates, "Hasan", 1)[0].0, "Hassan");
        assert_eq!(rank_names(&candidates, "حسین", 1)[0].0, "Hossein");
        assert_eq!(rank_names(&candidates, "Muhammad", 1)[0].0, "Mohammed");
        assert_eq!(rank_names(&candidates, "محمود", 1)[0].0, "Mahmoud");
        assert_eq!(rank_names(&candidates, "زهرا", 1)[0].0, "Zahra");
        assert_eq!(rank_names(&candidates, "Zohre", 1)[0].0, "Zohreh");
        assert!(rank_names(&candidates, "", 3).is_empty());
        assert!(rank_names(&candidates, "Hasan", 0).is_empty());
    }

    #[test]
    fn compounds_written_as_one_word_are_generated() {
        let index = Index::build(vec![
            person(1, &["Reza Mahdavifar"]),
            person(2, &["Reza Nakhaei"]),
            person(3, &["Maryam Karimi"]),
        ]);
        let found = ids(&index.candidates(&query(&["Reza Mahdavi"], "x", None), 5));
        assert_eq!(found.first(), Some(&1), "{found:?}");
        let found = ids(&index.candidates(&query(&["Reza Nakhaeirad"], "x", None), 5));
        assert_eq!(found.first(), Some(&2), "{found:?}");
    }

    #[test]
    fn batch_of_many_blocks_keeps_query_order() {
        let persons: Vec<Person> = (0..200)
            .map(|i| {
                person(
                    i,
                    &[&format!(
                        "{} Karimi",
                        ["Ali", "Reza", "Hassan", "Zahra"][(i % 4) as usize]
                    )],
                )
            })
            .collect();
        let index = Index::build(persons);
        let names = [
            "Ali Karimi",
            "Reza Karimi",
            "Hasan Karimi",
            "Zahra Karimi",
            "Nobody",
        ];
        let qs: Vec<Query> = (0..150)
            .map(|i| query(&[names[i % names.len()]], "x", None))
            .collect();
        let batch = index.candidates_batch(&qs, 4);
        assert_eq!(batch.len(), qs.len());
        for (q, b) in qs.iter().zip(&batch) {
            assert_eq!(&index.candidates(q, 4), b);
        }
    }

    #[test]
    fn batch_equals_single() {
        let persons: Vec<Person> = (0..50)
            .map(|i| person(i, &[["Ali", "Reza", "Hassan"][(i % 3) as usize], "Karimi"]))
            .map(|mut p| {
                p.names = vec![p.names.join(" ")];
                p
            })
            .collect();
        let index = Index::build(persons);
        let qs = vec![
            query(&["Ali Karimi"], "x", None),
            query(&["Hasan Karimi"], "y", None),
            query(&["Reza"], "z", None),
        ];
        let batch = index.candidates_batch(&qs, 3);
        for (q, b) in qs.iter().zip(&batch) {
            assert_eq!(&index.candidates(q, 3), b);
        }
    }
}
