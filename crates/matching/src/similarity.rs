//! Name similarity in [0, 1]: weighted edit distances tuned for Persian vowel variation
//! (Latin↔Latin, Persian↔Persian), a small transducer that aligns Persian letters with a
//! Latin spelling (short vowels unwritten in Persian are cheap to add, long vowels are
//! not), and the name-level combination over tokens, compounds and titles.
//!
//! The costs are chosen so that the written long vowels of Persian keep hard negatives
//! apart: حسن/Hassan vs حسین/Hossein, محمد/Mohammad vs محمود/Mahmoud, زهرا/Zahra vs
//! زهره/Zohreh differ by a letter that is never left out.

use super::normalize::NameKey;
use super::phonetic::{
    is_latin_consonant, is_persian_consonant, is_vowel, latin_skeleton, latin_symbols,
    persian_letters, persian_skeleton,
};

/// One token prepared for comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenForm {
    /// Whether the token is in Persian script (letters) or Latin (phonetic symbols).
    pub persian: bool,
    /// Persian letters, or Latin phonetic symbols.
    pub symbols: Vec<char>,
    /// The cross-script consonant skeleton.
    pub skeleton: String,
    /// The folded text the token was prepared from.
    pub text: String,
    /// A 64-bit hash of script and text, the key of [`SimilarityCache`].
    pub key: u64,
}

fn token_key(persian: bool, text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: stable within a process, which is all the cache needs.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    persian.hash(&mut h);
    text.hash(&mut h);
    h.finish()
}

/// Combines two 64-bit hashes (order matters).
fn mix(a: u64, b: u64) -> u64 {
    (a.rotate_left(29) ^ b).wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ (b >> 32)
}

/// Memoises token and name similarities: popular names (Mohammad, Hosseini) recur across
/// thousands of registrations and queries, and each pair is computed once. Bounded: each
/// table starts afresh once it holds [`SimilarityCache::CAPACITY`] pairs.
#[derive(Debug, Default)]
pub struct SimilarityCache {
    map: std::collections::HashMap<(u64, u64), f64, PairHasher>,
    names: std::collections::HashMap<(u64, u64), f64, PairHasher>,
}

/// The keys are already 64-bit SipHashes of the tokens: mixing the two with a multiply is
/// enough to spread them, and much cheaper than hashing them again.
#[derive(Debug, Default, Clone, Copy)]
struct PairHasher;

impl std::hash::BuildHasher for PairHasher {
    type Hasher = PairHash;
    fn build_hasher(&self) -> PairHash {
        PairHash(0)
    }
}

#[derive(Debug)]
struct PairHash(u64);

impl std::hash::Hasher for PairHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.write_u64(u64::from(*b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(29) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

impl SimilarityCache {
    /// How many token pairs the cache holds at most before it is emptied.
    pub const CAPACITY: usize = 1 << 16;

    /// An empty cache.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// [`token_similarity`], memoised.
    pub fn token(&mut self, a: &TokenForm, b: &TokenForm) -> f64 {
        if let Some(s) = self.map.get(&(a.key, b.key)) {
            return *s;
        }
        if self.map.len() >= Self::CAPACITY {
            self.map.clear();
        }
        let s = token_similarity(a, b);
        self.map.insert((a.key, b.key), s);
        s
    }
}

impl TokenForm {
    /// Prepares a folded Latin token (see [`super::normalize::tokens`]).
    #[must_use]
    pub fn latin(text: &str) -> Self {
        let symbols = latin_symbols(text);
        let skeleton = latin_skeleton(&symbols);
        TokenForm {
            persian: false,
            symbols,
            skeleton,
            key: token_key(false, text),
            text: text.to_owned(),
        }
    }

    /// Prepares a folded Persian-script token.
    #[must_use]
    pub fn persian(text: &str) -> Self {
        let symbols = persian_letters(text);
        let skeleton = persian_skeleton(&symbols);
        TokenForm {
            persian: true,
            symbols,
            skeleton,
            key: token_key(true, text),
            text: text.to_owned(),
        }
    }
}

/// A full name prepared for comparison: its tokens per script, and each script's tokens
/// joined into one (so Mohammad-Reza, Mohammad Reza and Mohammadreza meet).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameForm {
    /// Latin tokens in order.
    pub latin: Vec<TokenForm>,
    /// Persian tokens in order.
    pub persian: Vec<TokenForm>,
    /// All Latin tokens joined, when there are two or more.
    pub latin_joined: Option<TokenForm>,
    /// All Persian tokens joined, when there are two or more.
    pub persian_joined: Option<TokenForm>,
    /// Whether an honorific prefix was removed.
    pub had_title: bool,
    /// When a prefix was removed, the name prepared with it kept.
    pub with_title: Option<Box<NameForm>>,
    /// A 64-bit hash of all of the above, the key of [`SimilarityCache`] for names.
    pub key: u64,
    /// When there are three or more Latin tokens, the token lists with one pair of
    /// neighbours written as one word (prepared once, compared often).
    pub latin_merged: Vec<Vec<TokenForm>>,
    /// The same for Persian tokens.
    pub persian_merged: Vec<Vec<TokenForm>>,
}

impl NameForm {
    /// Normalises and prepares `name`.
    #[must_use]
    pub fn new(name: &str) -> Self {
        let key = NameKey::new(name);
        let mut form = Self::from_key(&key);
        if key.had_title {
            let full = Self::from_key(&NameKey::with_titles(name));
            form.key = mix(form.key, full.key);
            form.with_title = Some(Box::new(full));
        }
        form
    }

    /// Prepares an already normalised name.
    #[must_use]
    pub fn from_key(key: &NameKey) -> Self {
        let join = |parts: &[String], f: fn(&str) -> TokenForm| {
            (parts.len() > 1).then(|| f(&parts.concat()))
        };
        let latin: Vec<TokenForm> = key.latin.iter().map(|t| TokenForm::latin(t)).collect();
        let persian: Vec<TokenForm> = key.persian.iter().map(|t| TokenForm::persian(t)).collect();
        // Token keys already tell script and text; a separator keeps the scripts apart.
        let mut hash = u64::from(key.had_title);
        for t in &latin {
            hash = mix(hash, t.key);
        }
        hash = mix(hash, 0x5EED);
        for t in &persian {
            hash = mix(hash, t.key);
        }
        let merges = |tokens: &[TokenForm]| {
            if tokens.len() > 2 {
                merge_variants(tokens)
                    .into_iter()
                    .skip(1)
                    .map(|(v, _)| v)
                    .collect()
            } else {
                Vec::new()
            }
        };
        NameForm {
            latin_joined: join(&key.latin, TokenForm::latin),
            persian_joined: join(&key.persian, TokenForm::persian),
            latin_merged: merges(&latin),
            persian_merged: merges(&persian),
            latin,
            persian,
            had_title: key.had_title,
            with_title: None,
            key: hash,
        }
    }

    /// Whether the name has no tokens.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.latin.is_empty() && self.persian.is_empty()
    }

    /// The distinct skeletons under which this name is indexed: each token's, each pair of
    /// neighbouring tokens' (compounds written apart in one spelling and together in
    /// another) and the whole name's.
    #[must_use]
    pub fn skeleton_keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        for tokens in [&self.latin, &self.persian] {
            for t in tokens {
                keys.push(t.skeleton.clone());
            }
            for pair in tokens.windows(2) {
                keys.push(format!("{}{}", pair[0].skeleton, pair[1].skeleton));
            }
            if tokens.len() > 2 {
                keys.push(tokens.iter().map(|t| t.skeleton.as_str()).collect());
            }
        }
        if let Some(full) = &self.with_title {
            keys.extend(full.skeleton_keys());
        }
        keys.sort();
        keys.dedup();
        keys
    }

    /// The skeletons of the leading and trailing parts of each token with four or more
    /// consonants, where both the part and the rest have two or more: the keys under which
    /// a compound written as one word meets one of its halves (see [`COMPOUND_HALF`]).
    #[must_use]
    pub fn half_keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        for t in self.latin.iter().chain(&self.persian) {
            let consonants: Vec<char> = t.skeleton.chars().collect();
            let n = consonants.len();
            for k in 2..n.saturating_sub(1) {
                keys.push(consonants[..k].iter().collect());
                keys.push(consonants[k..].iter().collect());
            }
        }
        if let Some(full) = &self.with_title {
            keys.extend(full.half_keys());
        }
        keys.sort();
        keys.dedup();
        keys
    }
}

const INF: f32 = f32::INFINITY;

fn vowel_sub(a: char, b: char) -> f32 {
    if a == b {
        return 0.0;
    }
    let (x, y) = if a < b { (a, b) } else { (b, a) };
    // Upper-case symbols sort first: I, U, a, e, i, o, u.
    match (x, y) {
        ('I', 'i') | ('U', 'u') => 0.1,
        ('a', 'e') | ('U', 'o') => 0.3,
        ('e', 'i') | ('o', 'u') => 0.25,
        ('I', 'e') => 0.35,
        ('a', 'o') => 0.4,
        ('e', 'o') => 0.45,
        _ => 0.55,
    }
}

fn consonant_sub(a: char, b: char) -> f32 {
    if a == b {
        return 0.0;
    }
    let (x, y) = if a < b { (a, b) } else { (b, a) };
    match (x, y) {
        ('I', 'y') | ('i', 'y') => 0.15,
        ('g', 'q') => 0.25,
        ('U', 'v') | ('u', 'v') | ('Z', 'j') => 0.3,
        ('S', 'c') | ('o', 'v') => 0.35,
        ('h', 'x') | ('k', 'q') | ('k', 'x') | ('Z', 'z') => 0.4,
        ('g', 'k') | ('b', 'p') | ('f', 'v') | ('q', 'x') | ('S', 's') | ('j', 'y') => 0.5,
        ('b', 'v') | ('d', 't') | ('s', 'z') | ('m', 'n') => 0.6,
        _ => 1.0,
    }
}

fn latin_sub(a: char, b: char, both_last: bool) -> f32 {
    if is_vowel(a) && is_vowel(b) {
        // A final -eh and -a both spell a final Persian ه (Fatemeh, Fatema).
        if both_last && matches!((a, b), ('a', 'e') | ('e', 'a')) {
            return 0.15;
        }
        vowel_sub(a, b)
    } else {
        consonant_sub(a, b)
    }
}

fn latin_indel(c: char, edge: bool) -> f32 {
    if is_vowel(c) {
        if edge { 0.7 } else { 0.35 }
    } else {
        match c {
            'h' => 0.45,
            'y' => 0.35,
            'v' => 0.5,
            _ => 1.0,
        }
    }
}

/// Weighted edit distance between two sequences, with substitution and insertion or
/// deletion costs given by the caller (`indel(c, at_edge)`), and, when `swap` is given,
/// that cost for two neighbours written in the other order (restricted Damerau).
fn weighted_edit(
    a: &[char],
    b: &[char],
    sub: impl Fn(char, char, bool) -> f32,
    indel: impl Fn(char, bool) -> f32,
    swap: Option<fn(char, char) -> Option<f32>>,
) -> f32 {
    let m = b.len();
    // Three rows on the stack for names of usual length, on the heap beyond.
    let mut stack = [0.0_f32; 3 * 64];
    let mut heap = Vec::new();
    let rows: &mut [f32] = if m < 64 {
        &mut stack[..3 * (m + 1)]
    } else {
        heap.resize(3 * (m + 1), 0.0);
        &mut heap
    };
    let (mut before, rest) = rows.split_at_mut(m + 1);
    let (mut prev, mut cur) = rest.split_at_mut(m + 1);
    let edge_b = |j: usize| j == 0 || j + 1 == m;
    prev[0] = 0.0;
    for j in 0..m {
        prev[j + 1] = prev[j] + indel(b[j], edge_b(j));
    }
    for (i, &ca) in a.iter().enumerate() {
        let edge_a = i == 0 || i + 1 == a.len();
        let del = indel(ca, edge_a);
        cur[0] = prev[0] + del;
        for j in 0..m {
            let both_last = i + 1 == a.len() && j + 1 == m;
            let mut v = (prev[j] + sub(ca, b[j], both_last))
                .min(prev[j + 1] + del)
                .min(cur[j] + indel(b[j], edge_b(j)));
            if let Some(swap) = swap
                && i > 0
                && j > 0
                && ca == b[j - 1]
                && a[i - 1] == b[j]
                && let Some(cost) = swap(a[i - 1], ca)
            {
                v = v.min(before[j - 1] + cost);
            }
            cur[j + 1] = v;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
}

/// A vowel written on the other side of a neighbouring consonant (Bahar, Bahra): Persian
/// script leaves short vowels unwritten, so where they go is a romaniser's guess.
fn latin_swap(x: char, y: char) -> Option<f32> {
    (x != y && is_vowel(x) != is_vowel(y)).then_some(0.45)
}

fn to_similarity(cost: f32, scale: f32) -> f64 {
    if scale <= 0.0 {
        return if cost <= 0.0 { 1.0 } else { 0.0 };
    }
    f64::from((1.0 - cost / scale).max(0.0))
}

/// Similarity of two Latin tokens' phonetic symbols.
#[must_use]
pub fn latin_latin(a: &[char], b: &[char]) -> f64 {
    if a == b {
        return 1.0;
    }
    #[expect(clippy::cast_precision_loss, reason = "name lengths are small")]
    let scale = (a.len() + b.len()) as f32 / 2.0;
    let cost = if a.len() < 64 && b.len() < 64 && a.iter().chain(b).all(char::is_ascii) {
        latin_edit_ascii(a, b)
    } else {
        weighted_edit(a, b, latin_sub, latin_indel, Some(latin_swap))
    };
    to_similarity(cost, scale)
}

/// [`latin_sub`] (not at both ends) for every pair of ASCII symbols, looked up instead of
/// worked out in the inner loop.
static LATIN_SUB: std::sync::LazyLock<Box<[[f32; 128]; 128]>> = std::sync::LazyLock::new(|| {
    let mut table = Box::new([[0.0_f32; 128]; 128]);
    for (x, row) in (0_u8..128).zip(table.iter_mut()) {
        for (y, cell) in (0_u8..128).zip(row.iter_mut()) {
            *cell = latin_sub(char::from(x), char::from(y), false);
        }
    }
    table
});

/// The weighted edit distance of [`latin_latin`] for ASCII symbols shorter than 64: the
/// same recurrence and the same order of operations as [`weighted_edit`] (so the same
/// result to the bit), with costs from tables and per-position arrays.
fn latin_edit_ascii(a: &[char], b: &[char]) -> f32 {
    let table = &**LATIN_SUB;
    let (n, m) = (a.len(), b.len());
    let mut ins = [0.0_f32; 64];
    for (j, &c) in b.iter().enumerate() {
        ins[j] = latin_indel(c, j == 0 || j + 1 == m);
    }
    let mut rows = [[0.0_f32; 65]; 3];
    let (mut before, mut prev, mut cur) = (0, 1, 2);
    for j in 0..m {
        rows[prev][j + 1] = rows[prev][j] + ins[j];
    }
    for (i, &ca) in a.iter().enumerate() {
        let del = latin_indel(ca, i == 0 || i + 1 == n);
        let sub_row = &table[ca as usize];
        rows[cur][0] = rows[prev][0] + del;
        for j in 0..m {
            let cb = b[j];
            let sub = if i + 1 == n && j + 1 == m {
                latin_sub(ca, cb, true)
            } else {
                sub_row[cb as usize]
            };
            let mut v = (rows[prev][j] + sub)
                .min(rows[prev][j + 1] + del)
                .min(rows[cur][j] + ins[j]);
            if i > 0
                && j > 0
                && ca == b[j - 1]
                && a[i - 1] == cb
                && let Some(cost) = latin_swap(a[i - 1], ca)
            {
                v = v.min(rows[before][j - 1] + cost);
            }
            rows[cur][j + 1] = v;
        }
        (before, prev, cur) = (prev, cur, before);
    }
    rows[prev][m]
}

fn persian_class(c: char) -> char {
    match c {
        'س' | 'ص' | 'ث' => 'س',
        'ز' | 'ذ' | 'ض' | 'ظ' => 'ز',
        'ت' | 'ط' => 'ت',
        'ح' | 'ه' => 'ه',
        'غ' | 'ق' => 'ق',
        'ا' | 'ع' | 'ء' => 'ا',
        other => other,
    }
}

fn persian_sub(a: char, b: char, _both_last: bool) -> f32 {
    if a == b {
        0.0
    } else if persian_class(a) == persian_class(b) {
        0.3
    } else if matches!(a, 'ا' | 'و' | 'ی') && matches!(b, 'ا' | 'و' | 'ی') {
        0.7
    } else {
        1.0
    }
}

fn persian_indel(c: char, _edge: bool) -> f32 {
    match c {
        'ع' | 'ء' => 0.3,
        'ا' | 'و' | 'ی' | 'ه' => 0.6,
        _ => 1.0,
    }
}

/// Similarity of two Persian-script tokens' letters.
#[must_use]
pub fn persian_persian(a: &[char], b: &[char]) -> f64 {
    if a == b {
        return 1.0;
    }
    #[expect(clippy::cast_precision_loss, reason = "name lengths are small")]
    let scale = a.len().max(b.len()) as f32;
    to_similarity(weighted_edit(a, b, persian_sub, persian_indel, None), scale)
}

/// How a Persian letter may be spelt in Latin phonetic symbols, with a cost each.
type Spellings = &'static [(&'static str, f32)];

/// Where a letter stands in its token, which changes how it is spelt.
#[derive(Clone, Copy)]
struct Place {
    initial: bool,
    last: bool,
    before_lam: bool,
    after_khe: bool,
    after_long_vowel: bool,
}

fn spellings(letter: char, at: Place) -> Spellings {
    match letter {
        'ا' if at.initial => &[("a", 0.0), ("e", 0.0), ("o", 0.0), ("i", 0.15), ("u", 0.15)],
        // The Arabic article inside compounds: Abdollah, Abdullah, Nasrollah.
        'ا' if at.before_lam => &[("a", 0.0), ("o", 0.0), ("u", 0.0), ("e", 0.1), ("i", 0.3)],
        'ا' => &[("a", 0.0), ("o", 0.5), ("e", 0.5), ("u", 0.7), ("i", 0.8)],
        'ب' => &[("b", 0.0), ("p", 0.6), ("v", 0.7)],
        'پ' => &[("p", 0.0), ("b", 0.5)],
        'ت' | 'ط' => &[("t", 0.0), ("d", 0.6)],
        'ث' => &[("s", 0.0), ("th", 0.1), ("t", 0.4)],
        'ج' => &[("j", 0.0), ("Z", 0.4), ("g", 0.6), ("y", 0.6)],
        'چ' => &[("c", 0.0), ("S", 0.4), ("j", 0.6)],
        'ح' => &[("h", 0.0), ("x", 0.6)],
        'خ' => &[("x", 0.0), ("k", 0.4), ("h", 0.5)],
        'د' => &[("d", 0.0), ("t", 0.6)],
        'ذ' | 'ض' => &[("z", 0.0), ("dh", 0.2), ("d", 0.4)],
        'ظ' => &[("z", 0.0), ("dh", 0.2)],
        'ر' => &[("r", 0.0)],
        'ز' => &[("z", 0.0), ("Z", 0.5), ("s", 0.6)],
        'ژ' => &[("Z", 0.0), ("j", 0.3), ("z", 0.4)],
        'س' => &[("s", 0.0), ("z", 0.6)],
        'ش' => &[("S", 0.0), ("c", 0.3), ("s", 0.6)],
        'ص' => &[("s", 0.0)],
        'ع' | 'ء' => &[
            ("a", 0.0),
            ("e", 0.0),
            ("o", 0.0),
            ("i", 0.1),
            ("u", 0.1),
            ("y", 0.3),
        ],
        'غ' => &[("q", 0.0), ("g", 0.3), ("k", 0.6), ("x", 0.6)],
        'ف' => &[("f", 0.0), ("v", 0.5), ("p", 0.6)],
        'ق' => &[("q", 0.0), ("g", 0.3), ("k", 0.4)],
        'ک' => &[("k", 0.0), ("g", 0.5), ("q", 0.6), ("x", 0.6)],
        'گ' => &[("g", 0.0), ("q", 0.4), ("k", 0.5)],
        'ل' => &[("l", 0.0), ("r", 0.8)],
        'م' => &[("m", 0.0), ("n", 0.6)],
        'ن' => &[("n", 0.0), ("m", 0.6)],
        'و' => &[
            ("v", 0.0),
            ("u", 0.0),
            ("U", 0.0),
            ("ov", 0.1),
            ("o", 0.15),
            ("av", 0.3),
        ],
        'ه' if at.last => &[("e", 0.0), ("a", 0.2), ("h", 0.0), ("i", 0.5)],
        'ه' => &[("h", 0.0), ("e", 0.5), ("a", 0.5)],
        'ی' if at.last => &[
            ("i", 0.0),
            ("I", 0.0),
            ("y", 0.0),
            ("ei", 0.1),
            ("a", 0.15),
            ("e", 0.4),
        ],
        'ی' => &[
            ("y", 0.0),
            ("i", 0.0),
            ("I", 0.0),
            ("ei", 0.0),
            ("ai", 0.1),
            ("e", 0.3),
        ],
        _ => &[],
    }
}

fn persian_deletion(letter: char, at: Place) -> f32 {
    match letter {
        'ع' | 'ء' => 0.0,
        'و' if at.after_khe => 0.05,
        'ا' if at.before_lam && !at.initial => 0.1,
        // Shah, Allah: a final h after a long vowel is often not written in Latin.
        'ه' if at.last && at.after_long_vowel => 0.2,
        'ه' if at.last => 0.7,
        'ح' | 'ه' => 0.5,
        'ا' | 'و' | 'ی' => 0.6,
        _ => 1.0,
    }
}

fn latin_insertion(sym: char, at_edge: bool, after_vowel: bool) -> f32 {
    if is_vowel(sym) {
        if at_edge {
            return 0.8;
        }
        let base = match sym {
            'a' | 'e' | 'o' => 0.1,
            'i' | 'u' => 0.3,
            _ => 1.0,
        };
        if after_vowel { base + 0.4 } else { base }
    } else {
        match sym {
            'h' | 'v' => 0.5,
            'y' => 0.35,
            _ => 1.0,
        }
    }
}

/// Spellings of two Persian letters read as one Latin sound: س+ح spelt "sh" (Eshagh for
/// اسحاق), ذ+ه spelt "zh" (Mazhabi), an initial او spelt "o"/"u" (Omid for اومید).
fn pair_spellings(first: char, second: char, initial: bool) -> Spellings {
    match (first, second) {
        ('س' | 'ص' | 'ث', 'ح' | 'ه') => &[("S", 0.1)],
        ('ز' | 'ذ' | 'ض' | 'ظ', 'ح' | 'ه') => &[("Z", 0.1)],
        ('ک', 'ه') => &[("x", 0.3)],
        ('ا', 'و') if initial => &[("o", 0.0), ("u", 0.0), ("U", 0.0), ("ov", 0.1)],
        _ => &[],
    }
}

/// Whether the Latin symbols `l` continue with `spelling` at `j`; returns the end.
/// Spellings are ASCII.
fn spelt_at(l: &[char], j: usize, spelling: &str) -> Option<usize> {
    let want = spelling.as_bytes();
    let have = l.get(j..j + want.len())?;
    want.iter()
        .zip(have)
        .all(|(w, h)| char::from(*w) == *h)
        .then_some(j + want.len())
}

/// Cost of spelling the Persian letters `p` as the Latin phonetic symbols `l`: a
/// shortest path through a small transducer, over an (n+1)×(m+1) matrix.
fn transduce(p: &[char], l: &[char]) -> f32 {
    let n = p.len();
    let m = l.len();
    let width = m + 1;
    // The matrix on the stack for names of usual length, on the heap beyond.
    let mut stack = [INF; 1024];
    let mut heap = Vec::new();
    let dp: &mut [f32] = if (n + 1) * width <= stack.len() {
        &mut stack[..(n + 1) * width]
    } else {
        heap.resize((n + 1) * width, INF);
        &mut heap
    };
    dp[0] = 0.0;
    let relax = |dp: &mut [f32], at: usize, cost: f32| {
        if cost < dp[at] {
            dp[at] = cost;
        }
    };
    for i in 0..=n {
        // Latin symbols with no Persian letter: unwritten short vowels, glides.
        let edge = i == 0 || i == n;
        for j in 0..m {
            let base = dp[i * width + j];
            if base == INF {
                continue;
            }
            let after_vowel = j > 0 && is_vowel(l[j - 1]);
            relax(
                dp,
                i * width + j + 1,
                base + latin_insertion(l[j], edge, after_vowel),
            );
        }
        if i == n {
            break;
        }
        let letter = p[i];
        let at = Place {
            initial: i == 0,
            last: i + 1 == n,
            before_lam: p.get(i + 1) == Some(&'ل'),
            after_khe: i > 0 && p[i - 1] == 'خ',
            after_long_vowel: i > 0 && matches!(p[i - 1], 'ا' | 'و'),
        };
        let repeated = i > 0 && p[i - 1] == letter;
        let deletion = if repeated {
            0.3
        } else {
            persian_deletion(letter, at)
        };
        let options = spellings(letter, at);
        let pair = p
            .get(i + 1)
            .map_or(&[][..], |&next| pair_spellings(letter, next, i == 0));
        for j in 0..=m {
            let base = dp[i * width + j];
            if base == INF {
                continue;
            }
            relax(dp, (i + 1) * width + j, base + deletion);
            if options.is_empty() {
                // Letters without a table entry (digits, other scripts) match themselves.
                if l.get(j) == Some(&letter) {
                    relax(dp, (i + 1) * width + j + 1, base);
                }
            }
            for (spelling, cost) in options {
                if let Some(k) = spelt_at(l, j, spelling) {
                    relax(dp, (i + 1) * width + k, base + cost);
                }
            }
            for (spelling, cost) in pair {
                if let Some(k) = spelt_at(l, j, spelling) {
                    relax(dp, (i + 2) * width + k, base + cost);
                }
            }
        }
    }
    dp[n * width + m]
}

/// Similarity of a Persian-script token (letters) and a Latin token (phonetic symbols).
#[must_use]
pub fn persian_latin(p: &[char], l: &[char]) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "name lengths are small")]
    let scale = (p.len() + l.len()) as f32 / 2.0;
    to_similarity(transduce(p, l), scale)
}

/// Similarity of two symbol sequences in the given scripts (`true`: Persian letters).
fn symbols_similarity(a_persian: bool, a: &[char], b_persian: bool, b: &[char]) -> f64 {
    match (a_persian, b_persian) {
        (false, false) => latin_latin(a, b),
        (true, true) => persian_persian(a, b),
        (true, false) => persian_latin(a, b),
        (false, true) => persian_latin(b, a),
    }
}

/// What a token is worth against a compound written as one word of which it is one half
/// (Mahdavi against Mahdavifar, Saltaneh against Hamdamsaltaneh), times the similarity
/// of that half: the same as a name against the name with a second word added (Mahdavi
/// against Mahdavi-Far scores 0.9 through the token alignment).
pub const COMPOUND_HALF: f64 = 0.9;
/// The least similarity of a token and a half of a compound for the half to count.
const COMPOUND_HALF_MIN: f64 = 0.85;

/// Similarity of two prepared tokens in any scripts: the whole tokens, or one token
/// against a half of the other (see [`COMPOUND_HALF`]).
#[must_use]
pub fn token_similarity(a: &TokenForm, b: &TokenForm) -> f64 {
    let whole = symbols_similarity(a.persian, &a.symbols, b.persian, &b.symbols);
    if whole >= COMPOUND_HALF {
        return whole;
    }
    whole.max(compound_half(a, b))
}

fn consonant_test(t: &TokenForm) -> fn(char) -> bool {
    if t.persian {
        is_persian_consonant
    } else {
        is_latin_consonant
    }
}

/// [`COMPOUND_HALF`] times the best similarity of the shorter token against a leading or
/// trailing part of the longer one, where the part has about as many consonants as the
/// shorter token and the rest at least two (so Hassani is not Hassan plus a half, nor
/// Saeedeh Saeed plus one). Only parts that begin (leading) or end (trailing) with the
/// shorter token's first or last skeleton consonant are tried, and a trailing part only
/// for a shorter token of three or more consonants (trailing halves are mostly generic
/// suffixes: -zadeh, -far, -rad); 0 when none qualifies or matches well.
fn compound_half(a: &TokenForm, b: &TokenForm) -> f64 {
    let count = |t: &TokenForm| {
        let test = consonant_test(t);
        t.symbols.iter().filter(|c| test(**c)).count()
    };
    let (ca, cb) = (count(a), count(b));
    let (short, long, cs, cl) = if ca <= cb {
        (a, b, ca, cb)
    } else {
        (b, a, cb, ca)
    };
    if cs < 2 || cl < cs + 2 || short.symbols.len() < 4 {
        return 0.0;
    }
    let same_first = short.skeleton.chars().next() == long.skeleton.chars().next();
    let same_last = short.skeleton.chars().next_back() == long.skeleton.chars().next_back();
    if !same_first && !same_last {
        return 0.0;
    }
    let test = consonant_test(long);
    let symbols = &long.symbols;
    let fits = |part: usize, rest: usize| rest >= 2 && part + 1 >= cs && part <= cs + 1;
    let mut best: f64 = 0.0;
    let mut before = 0;
    for k in 1..symbols.len() {
        before += usize::from(test(symbols[k - 1]));
        let after = cl - before;
        if same_first && fits(before, after) && test(symbols[k]) {
            best = best.max(symbols_similarity(
                short.persian,
                &short.symbols,
                long.persian,
                &symbols[..k],
            ));
        }
        if same_last && cs >= 3 && fits(after, before) && test(symbols[k - 1]) {
            best = best.max(symbols_similarity(
                short.persian,
                &short.symbols,
                long.persian,
                &symbols[k..],
            ));
        }
    }
    // A half that is only near the token (Mahmoud against the Mohammad of Mohammadreza)
    // is a different name, not a dropped half.
    if best >= COMPOUND_HALF_MIN {
        COMPOUND_HALF * best
    } else {
        0.0
    }
}

/// Best-match average of the tokens of the shorter name against the longer one, scaled
/// down a little when the longer name has tokens left unmatched.
fn token_alignment(a: &[TokenForm], b: &[TokenForm], cache: &mut SimilarityCache) -> f64 {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.is_empty() {
        return 0.0;
    }
    let mut used = vec![false; long.len()];
    let mut total = 0.0;
    let mut weight = 0.0;
    for t in short {
        let mut best = 0.0;
        let mut best_j = None;
        for (j, u) in long.iter().enumerate() {
            let s = cache.token(t, u) - if used[j] { 0.2 } else { 0.0 };
            if s > best {
                best = s;
                best_j = Some(j);
            }
        }
        if let Some(j) = best_j {
            used[j] = true;
        }
        #[expect(clippy::cast_precision_loss, reason = "name lengths are small")]
        let w = t.symbols.len().max(1) as f64;
        total += best * w;
        weight += w;
    }
    let avg = total / weight;
    if long.len() == short.len() {
        avg
    } else {
        #[expect(clippy::cast_precision_loss, reason = "name lengths are small")]
        let coverage = used.iter().filter(|u| **u).count() as f64 / long.len() as f64;
        avg * (0.8 + 0.2 * coverage)
    }
}

fn joined<'a>(tokens: &'a [TokenForm], joined: Option<&'a TokenForm>) -> Option<&'a TokenForm> {
    match tokens {
        [] => None,
        [one] => Some(one),
        _ => joined,
    }
}

/// Similarity of two full names: the best over script pairs of the joined forms and of
/// the token alignment (neighbouring tokens may be merged on one side, for compounds
/// written apart), less 0.02 when only one of them carries an honorific prefix; the
/// forms with the prefix kept are compared too.
#[must_use]
pub fn name_similarity(a: &NameForm, b: &NameForm) -> f64 {
    name_similarity_cached(a, b, &mut SimilarityCache::new())
}

/// [`name_similarity`] with token similarities memoised in `cache`.
pub fn name_similarity_cached(a: &NameForm, b: &NameForm, cache: &mut SimilarityCache) -> f64 {
    if let Some(s) = cache.names.get(&(a.key, b.key)) {
        return *s;
    }
    let s = uncached_name_similarity(a, b, cache);
    if cache.names.len() >= SimilarityCache::CAPACITY {
        cache.names.clear();
    }
    cache.names.insert((a.key, b.key), s);
    s
}

fn uncached_name_similarity(a: &NameForm, b: &NameForm, cache: &mut SimilarityCache) -> f64 {
    let mut best = stripped_similarity(a, b, cache);
    // Titles removed on one side, or on both (Mir-Hosseini and Haj-Hosseini are not
    // the same surname): the forms with titles kept decide when they agree.
    if a.had_title || b.had_title {
        let penalty = if a.had_title && b.had_title {
            0.03
        } else {
            0.02
        };
        best = (best - penalty).max(0.0);
    }
    if let Some(ta) = &a.with_title {
        best = best.max(stripped_similarity(ta, b, cache));
    }
    if let Some(tb) = &b.with_title {
        best = best.max(stripped_similarity(a, tb, cache));
        if let Some(ta) = &a.with_title {
            best = best.max(stripped_similarity(ta, tb, cache));
        }
    }
    best
}

fn stripped_similarity(a: &NameForm, b: &NameForm, cache: &mut SimilarityCache) -> f64 {
    let sides_a = [
        (&a.latin, a.latin_joined.as_ref(), &a.latin_merged),
        (&a.persian, a.persian_joined.as_ref(), &a.persian_merged),
    ];
    let sides_b = [
        (&b.latin, b.latin_joined.as_ref(), &b.latin_merged),
        (&b.persian, b.persian_joined.as_ref(), &b.persian_merged),
    ];
    let mut best: f64 = 0.0;
    for (ta, ja, ma) in sides_a {
        for (tb, jb, mb) in sides_b {
            if ta.is_empty() || tb.is_empty() {
                continue;
            }
            // Written as one word, names split differently meet (Mohammad Reza and
            // Mohammadreza); with as many tokens on both sides the alignment decides.
            if (ta.len() != tb.len() || ta.len() == 1)
                && let (Some(x), Some(y)) = (joined(ta, ja), joined(tb, jb))
            {
                best = best.max(cache.token(x, y));
            }
            if ta.len() > 1 || tb.len() > 1 {
                best = best.max(token_alignment(ta, tb, cache));
                if ta.len() > 2 || tb.len() > 2 {
                    for va in ma {
                        best = best.max(token_alignment(va, tb, cache));
                    }
                    for vb in mb {
                        best = best.max(token_alignment(ta, vb, cache));
                    }
                }
            }
        }
    }
    best
}

/// Two neighbouring tokens written as one (Mohammad + Reza → Mohammadreza).
fn merged(a: &TokenForm, b: &TokenForm) -> TokenForm {
    let text = format!("{}{}", a.text, b.text);
    if a.persian {
        TokenForm::persian(&text)
    } else {
        TokenForm::latin(&text)
    }
}

/// The token list itself, then each variant with one pair of neighbours merged, with the
/// position of the merged token.
fn merge_variants(tokens: &[TokenForm]) -> Vec<(Vec<TokenForm>, Option<usize>)> {
    let mut out = vec![(tokens.to_vec(), None)];
    for i in 0..tokens.len().saturating_sub(1) {
        let mut v = tokens[..i].to_vec();
        v.push(merged(&tokens[i], &tokens[i + 1]));
        v.extend_from_slice(&tokens[i + 2..]);
        out.push((v, Some(i)));
    }
    out
}

/// The similarity of the worst-matched token of `short` against the tokens of `long`. A
/// merged token only matches a token with a skeleton of the same length, so that
/// "Ali Karimi" written as one word does not pass for "Karimi".
fn weakest_token(short: (&[TokenForm], Option<usize>), long: (&[TokenForm], Option<usize>)) -> f64 {
    let skeleton_len = |t: &TokenForm| t.skeleton.chars().count();
    short
        .0
        .iter()
        .enumerate()
        .map(|(i, t)| {
            long.0
                .iter()
                .enumerate()
                .filter(|(j, u)| {
                    (short.1 != Some(i) && long.1 != Some(*j)) || skeleton_len(t) == skeleton_len(u)
                })
                .map(|(_, u)| token_similarity(t, u))
                .fold(0.0, f64::max)
        })
        .fold(1.0, f64::min)
}

/// A stricter similarity for rules naming a person (deny and allow rules): every token of
/// the shorter name must match a token of the other, so "Maryam Karimi" does not pass for
/// "Hassan Karimi" although relatives share surnames. Compounds may be written as one
/// word or two on either side. Returns the similarity of the worst-matched token.
#[must_use]
pub fn all_tokens_similarity(a: &NameForm, b: &NameForm) -> f64 {
    let mut best: f64 = 0.0;
    for ta in [&a.latin, &a.persian] {
        for tb in [&b.latin, &b.persian] {
            if ta.is_empty() || tb.is_empty() {
                continue;
            }
            // Merge on one side at a time: merging both would compare whole names
            // written as one word, where a shared surname hides different given names.
            let pairs = merge_variants(ta)
                .into_iter()
                .map(|va| (va, (tb.clone(), None)))
                .chain(
                    merge_variants(tb)
                        .into_iter()
                        .skip(1)
                        .map(|vb| ((ta.clone(), None), vb)),
                );
            for ((va, ma), (vb, mb)) in pairs {
                let s = if va.len() <= vb.len() {
                    weakest_token((&va, ma), (&vb, mb))
                } else {
                    weakest_token((&vb, mb), (&va, ma))
                };
                best = best.max(s);
            }
        }
    }
    best
}

/// Similarity of two names given as text.
#[must_use]
pub fn similarity(a: &str, b: &str) -> f64 {
    name_similarity(&NameForm::new(a), &NameForm::new(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn best_of<'a>(query: &str, options: &[&'a str]) -> &'a str {
        let q = NameForm::new(query);
        let mut best = ("", -1.0);
        for o in options {
            let s = name_similarity(&q, &NameForm::new(o));
            if s > best.1 {
                best = (o, s);
            }
        }
        best.0
    }

    #[test]
    fn variants_are_close() {
        for (a, b) in [
            ("Mohammad", "Muhammad"),
            ("Mohammad", "Mohamed"),
            ("Hosseini", "Husseini"),
            ("Hosseini", "Hoseyni"),
            ("Rouhollah", "Ruhollah"),
            ("Mohammadreza", "Mohammad-Reza"),
            ("Mohammad Reza", "Mohammad-Reza"),
            ("محمد", "Mohammad"),
            ("حسینی", "Hosseini"),
            ("روح‌الله", "Rouhollah"),
            ("سعید", "Saeed"),
            ("سعید", "Saeid"),
            ("زهرا", "Zahra"),
            ("زهره", "Zohreh"),
            ("محمود", "Mahmoud"),
            ("عبدالله", "Abdollah"),
            ("مصطفی", "Mostafa"),
            ("خسرو", "Khosrow"),
        ] {
            let s = similarity(a, b);
            assert!(s >= 0.85, "{a} ~ {b}: {s}");
        }
    }

    #[test]
    fn hard_negatives_stay_apart() {
        // Each query's true spellings beat its hard negative.
        assert_eq!(best_of("حسن", &["Hossein", "Hassan"]), "Hassan");
        assert_eq!(best_of("حسین", &["Hassan", "Hossein"]), "Hossein");
        assert_eq!(best_of("محمد", &["Mahmoud", "Mohammad"]), "Mohammad");
        assert_eq!(best_of("محمود", &["Mohammad", "Mahmoud"]), "Mahmoud");
        assert_eq!(best_of("زهرا", &["Zohreh", "Zahra"]), "Zahra");
        assert_eq!(best_of("زهره", &["Zahra", "Zohreh"]), "Zohreh");
        assert_eq!(best_of("Hasan", &["Hossein", "Hassan"]), "Hassan");
        assert_eq!(best_of("Husain", &["Hassan", "Hossein"]), "Hossein");
        assert_eq!(best_of("Muhammad", &["Mahmoud", "Mohammad"]), "Mohammad");
        assert_eq!(best_of("Mahmood", &["Mohammad", "Mahmoud"]), "Mahmoud");
        assert_eq!(best_of("Zahraa", &["Zohreh", "Zahra"]), "Zahra");
        assert_eq!(best_of("Zohre", &["Zahra", "Zohreh"]), "Zohreh");
        assert_eq!(best_of("Saeed", &["Saeedeh", "Said"]), "Said");
        // And the cross pairs score clearly below true variants.
        assert!(similarity("حسن", "Hossein") < similarity("حسن", "Hasan") - 0.1);
        assert!(similarity("محمد", "Mahmoud") < similarity("محمد", "Muhammad") - 0.1);
        assert!(similarity("زهرا", "Zohreh") < similarity("زهرا", "Zahra") - 0.1);
    }

    #[test]
    fn rules_naming_relatives_look_at_every_token() {
        let s = |a: &str, b: &str| all_tokens_similarity(&NameForm::new(a), &NameForm::new(b));
        assert!(s("Hassan Karimi", "Hasan Karimi") > 0.95);
        assert!(s("Hassan Karimi", "حسن کریمی") > 0.85);
        assert!(s("Hassan Karimi", "Hassan") > 0.95);
        assert!(s("Mohammadreza Karimi", "Mohammad-Reza Karimi") > 0.85);
        assert!(s("Mohammad Reza", "Mohammadreza Karimi") > 0.85);
        assert!(s("محمدرضا کریمی", "Mohammad Reza") > 0.85);
        assert!(s("Hassan Karimi", "Maryam Karimi") < 0.7);
        assert!(s("Zahra Karimi", "Ali Karimi") < 0.7);
    }

    #[test]
    fn compound_halves_meet_the_compound() {
        // Written as one word or apart, a dropped half costs the same.
        let joined = similarity("Mahdavi", "Mahdavifar");
        assert!(
            (joined - similarity("Mahdavi", "Mahdavi-Far")).abs() < 0.01,
            "{joined}"
        );
        assert!(similarity("Saltaneh", "Hamdamsaltaneh") >= 0.85);
        assert!(similarity("مهدوی", "Mahdavifar") >= 0.85);
        // Not a half: one letter more, a generic suffix alone, or a near name in the half.
        assert!(similarity("Hassan", "Hassani") < 0.9);
        assert!(similarity("Zadeh", "Saffarzadeh") < 0.8);
        assert!(similarity("Mahmoud", "Mohammadreza") < 0.7);
    }

    #[test]
    fn a_vowel_on_the_other_side_of_a_consonant() {
        assert!(similarity("Bahar", "Bahra") > 0.9);
        assert!(similarity("Bahar", "Bahra") > similarity("Bahar", "Bahareh"));
    }

    #[test]
    fn the_arabic_article_is_like_a_title() {
        assert!(similarity("al-Saltaneh", "Saltaneh") > 0.95);
        assert!(similarity("ar-Rabi'i", "Rabiei") > similarity("Rabi'i", "Rabiei") - 0.03);
    }

    #[test]
    fn ascii_tables_agree_with_the_generic_edit_distance() {
        let words = [
            "mohammad",
            "muhammed",
            "hosseini",
            "hoseyni",
            "bahar",
            "bahra",
            "fard",
            "fred",
            "zohreh",
            "zahra",
            "x",
            "",
            "saeedeh",
            "fatemeh",
            "fatema",
            "rouhollah",
        ];
        for a in words {
            for b in words {
                let (a, b) = (latin_symbols(a), latin_symbols(b));
                let generic = weighted_edit(&a, &b, latin_sub, latin_indel, Some(latin_swap));
                assert_eq!(latin_edit_ascii(&a, &b).to_bits(), generic.to_bits());
            }
        }
    }

    #[test]
    fn titles_cost_little() {
        assert!(similarity("Seyed Ali Hosseini", "Ali Hosseini") > 0.95);
        assert!(similarity("سید علی حسینی", "Seyyed Ali Hosseini") > 0.9);
    }

    #[test]
    fn word_order_and_partial_names() {
        assert!(similarity("Hosseini Ali", "Ali Hosseini") > 0.9);
        assert!(similarity("Ali Hosseini", "Ali Reza Hosseini") > 0.8);
    }
}
