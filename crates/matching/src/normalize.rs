//! Name normalisation: Persian-script letter folding, Latin case and mark folding,
//! tokenising, honorific prefixes and suffix spellings, and the [`NameKey`] that the
//! matcher compares.
//!
//! Everything here is total: any `&str` (including control characters, other scripts
//! and unpaired marks) yields a key, possibly an empty one.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The writing system of one name token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
    /// Latin letters (any language), digits, and letters of scripts we do not fold.
    Latin,
    /// Arabic-script letters as used for Persian (and Dari, Arabic).
    Persian,
}

/// One normalised token of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The script the token is written in.
    pub script: Script,
    /// Folded text: for Latin lowercase ASCII-ish letters without marks, for Persian the
    /// folded letters of [`fold_persian`].
    pub text: String,
}

/// Honorific or lineage prefixes written as a separate (or hyphenated) word before a name:
/// they may be present in one spelling of a name and absent from another.
const LATIN_TITLES: &[&str] = &[
    "seyed", "seyyed", "seyyid", "seied", "sayed", "sayyed", "sayyid", "sayid", "syed", "sied",
    "mir", "haj", "hajj", "haji", "hajji", "hadj", "hadji", "sheikh", "sheykh", "shaikh", "shaykh",
    "sheik",
];
const PERSIAN_TITLES: &[&str] = &["سید", "میر", "حاج", "حاجی", "شیخ"];
/// The Arabic article written as a word of its own in Latin spellings (al-Saltaneh,
/// ar-Rabi'i, ad-Din): like a title, present in one spelling and absent from another. In
/// Persian script it is written joined to the word and stays part of it.
const LATIN_ARTICLES: &[&str] = &[
    "al", "el", "ol", "ul", "ar", "as", "ash", "ad", "an", "at", "az",
];

/// Folds Persian/Arabic letter variants to one form each, drops diacritics, tatweel and
/// joiners (ZWNJ, ZWJ, bidi marks), and maps Persian and Arabic-Indic digits to ASCII.
///
/// Arabic yeh and alef maqsura become Persian yeh (ی), Arabic kaf becomes Persian kaf
/// (ک), teh marbuta and heh variants become heh (ه), alef with hamza or madda becomes
/// alef, waw with hamza becomes waw and yeh with hamza becomes a bare hamza (ء). Other
/// characters pass through unchanged (after NFKC, which also undoes presentation forms).
#[must_use]
pub fn fold_persian(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.nfkc() {
        match c {
            'ي' | 'ى' | 'ې' | 'ۍ' | 'ێ' | 'ے' | 'ۓ' => out.push('ی'),
            'ك' | 'ڪ' => out.push('ک'),
            // Pashto letters (Afghan names) to their nearest Persian ones.
            'ګ' => out.push('گ'),
            'ړ' => out.push('ر'),
            'ڼ' => out.push('ن'),
            'ټ' => out.push('ت'),
            'ډ' => out.push('د'),
            'ښ' => out.push('ش'),
            'ږ' => out.push('ژ'),
            'ځ' => out.push('ز'),
            'څ' => out.push('س'),
            'ة' | 'ۀ' | 'ە' | 'ہ' | 'ھ' | 'ۂ' => out.push('ه'),
            'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' | 'ٵ' => out.push('ا'),
            'ؤ' | 'ٶ' => out.push('و'),
            'ئ' | 'ٸ' => out.push('ء'),
            '\u{0660}'..='\u{0669}' => out.push(ascii_digit(c as u32 - 0x0660)),
            '\u{06F0}'..='\u{06F9}' => out.push(ascii_digit(c as u32 - 0x06F0)),
            // Harakat, Quranic marks, superscript alef, tatweel, joiners and direction marks.
            '\u{0610}'..='\u{061A}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{06D6}'..='\u{06ED}'
            | '\u{0640}'
            | '\u{200B}'..='\u{200F}'
            | '\u{061C}'
            | '\u{00AD}'
            | '\u{FEFF}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}' => {}
            _ => out.push(c),
        }
    }
    out
}

fn ascii_digit(d: u32) -> char {
    char::from_digit(d, 10).unwrap_or('0')
}

/// Whether `c` is a letter of the Arabic script block (after [`fold_persian`]).
#[must_use]
pub fn is_persian_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D5}' | '\u{06FA}'..='\u{06FF}')
}

/// Folds a Latin-script string: NFKD, drops combining marks (ā → a, é → e), lowercases,
/// spells out a few letters without decomposition (ß, æ, ø, ł, ı …) and removes
/// apostrophes and ayn/hamza signs (Ja'far, Jaʿfar → jafar). Separators are kept.
#[must_use]
pub fn fold_latin(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    for c in input.nfkd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            '\'' | '’' | '‘' | '`' | '´' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | 'ʹ' | '′' => {}
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ø' | 'Ø' => out.push('o'),
            'đ' | 'Đ' | 'ð' | 'Ð' => out.push('d'),
            'ł' | 'Ł' => out.push('l'),
            'ı' => out.push('i'),
            'þ' | 'Þ' => out.push_str("th"),
            'ŋ' => out.push_str("ng"),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Splits a name into normalised tokens, in order. Spaces, hyphens, dots, commas, ZWNJ
/// between words and other punctuation separate tokens; a token is Persian if its first
/// letter is in the Arabic script, Latin otherwise. Persian digits become ASCII.
#[must_use]
pub fn tokens(name: &str) -> Vec<Token> {
    let folded = fold_persian(name);
    let mut out = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<Token>| {
        if current.is_empty() {
            return;
        }
        let persian = current.chars().any(is_persian_letter);
        let token = if persian {
            // Keep only Arabic-script letters and digits: stray Latin inside a Persian
            // word is noise.
            let text: String = current
                .chars()
                .filter(|c| is_persian_letter(*c) || c.is_ascii_digit())
                .collect();
            Token {
                script: Script::Persian,
                text,
            }
        } else {
            let text: String = fold_latin(current)
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect();
            Token {
                script: Script::Latin,
                text: canonical_latin_affixes(&text),
            }
        };
        if !token.text.is_empty() {
            out.push(token);
        }
        current.clear();
    };
    for c in folded.chars() {
        let persian = is_persian_letter(c);
        let boundary = !(c.is_alphanumeric() || is_combining_mark(c) || is_latin_apostrophe(c));
        // A switch of script inside a run also separates tokens.
        let switch = !current.is_empty()
            && (c.is_alphabetic())
            && current
                .chars()
                .last()
                .is_some_and(|p| p.is_alphabetic() && is_persian_letter(p) != persian);
        if boundary || switch {
            flush(&mut current, &mut out);
        }
        if !boundary {
            current.push(c);
        }
    }
    flush(&mut current, &mut out);
    out
}

fn is_latin_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | '‘' | '`' | '´' | 'ʼ' | 'ʻ' | 'ʿ' | 'ʾ' | 'ʹ' | '′'
    )
}

/// Rewrites the usual spellings of Persian surname suffixes to one form each, at the end
/// of a folded Latin token: -zadeh/-zade/-zada/-zadah → -zade, -pour/-poor/-pur → -pur,
/// -nejad/-nezhad/-nejhad/-nijad/-nezhaad → -nejad, and a final -y or -ee after a
/// consonant → -i (Hosseiny → hosseini).
#[must_use]
pub fn canonical_latin_affixes(token: &str) -> String {
    const SUFFIXES: &[(&[&str], &str)] = &[
        (&["zadeh", "zadah", "zaadeh", "zade", "zada"], "zade"),
        (&["pour", "poor", "pur"], "pur"),
        (
            &[
                "nezhaad", "nezhad", "nejhad", "nejaad", "nejad", "nijad", "nezad",
            ],
            "nejad",
        ),
    ];
    for (spellings, canonical) in SUFFIXES {
        for s in *spellings {
            if let Some(stem) = token.strip_suffix(s)
                && !stem.is_empty()
            {
                return format!("{stem}{canonical}");
            }
        }
    }
    // The Persian ending ـایی (Rezaei, Rezaee, Rezayi, Rezaie) in one spelling.
    for ending in ["ayee", "aeei", "aee", "ayi", "aie", "aii", "aey"] {
        if let Some(stem) = token.strip_suffix(ending)
            && stem.len() >= 2
        {
            return format!("{stem}aei");
        }
    }
    let chars: Vec<char> = token.chars().collect();
    let n = chars.len();
    let consonant = |c: char| c.is_ascii_alphabetic() && !"aeiouy".contains(c);
    if n >= 3 && chars[n - 1] == 'y' && consonant(chars[n - 2]) {
        return chars[..n - 1].iter().chain(['i'].iter()).collect();
    }
    if n >= 4 && chars[n - 1] == 'e' && chars[n - 2] == 'e' && consonant(chars[n - 3]) {
        return chars[..n - 2].iter().chain(['i'].iter()).collect();
    }
    token.to_owned()
}

/// Whether a normalised token is an honorific prefix such as Seyed, Mir, Haj or Sheikh, or
/// the Arabic article written apart (al-, ar-, el- …).
#[must_use]
pub fn is_title(token: &Token) -> bool {
    match token.script {
        Script::Latin => {
            LATIN_TITLES.contains(&token.text.as_str())
                || LATIN_ARTICLES.contains(&token.text.as_str())
        }
        Script::Persian => PERSIAN_TITLES.contains(&token.text.as_str()),
    }
}

/// The normalised form of one full name (given names and surnames in any order), as the
/// matcher uses it: its tokens split by script, with honorific prefixes set apart.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameKey {
    /// Latin-script tokens without honorific prefixes, in order.
    pub latin: Vec<String>,
    /// Persian-script tokens without honorific prefixes, in order.
    pub persian: Vec<String>,
    /// Whether an honorific prefix (Seyed, Mir, Haj, …) or an Arabic article was removed.
    pub had_title: bool,
}

impl NameKey {
    /// Normalises `name`. A title is removed only when other tokens remain ("Seyed" alone
    /// is kept as the name).
    #[must_use]
    pub fn new(name: &str) -> Self {
        Self::build(name, true)
    }

    /// Normalises `name` keeping honorific prefixes as tokens (Mir-Hosseini must still
    /// meet Mirhosseini).
    #[must_use]
    pub fn with_titles(name: &str) -> Self {
        Self::build(name, false)
    }

    fn build(name: &str, strip: bool) -> Self {
        let toks = tokens(name);
        let non_title = toks.iter().filter(|t| !is_title(t)).count();
        let mut key = NameKey::default();
        for t in toks {
            if strip && non_title > 0 && is_title(&t) {
                key.had_title = true;
                continue;
            }
            match t.script {
                Script::Latin => key.latin.push(t.text),
                Script::Persian => key.persian.push(t.text),
            }
        }
        key
    }

    /// Whether no token survived normalisation.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.latin.is_empty() && self.persian.is_empty()
    }
}

/// The folded Latin form of a name: tokens without titles joined by single spaces
/// (`"SEYYED Mohammad-Reza  Hosseiny"` → `"mohammad reza hosseini"`).
#[must_use]
pub fn latin_key(name: &str) -> String {
    NameKey::new(name).latin.join(" ")
}

/// The folded Persian-script form of a name: tokens without titles joined by single
/// spaces (`"سيد محمد‌رضا"` → `"محمدرضا"`).
#[must_use]
pub fn persian_key(name: &str) -> String {
    NameKey::new(name).persian.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_arabic_yeh_and_kaf() {
        assert_eq!(fold_persian("علي"), "علی");
        assert_eq!(fold_persian("موسى"), "موسی");
        assert_eq!(fold_persian("كريم"), "کریم");
        assert_eq!(persian_key("كريمي"), persian_key("کریمی"));
    }

    #[test]
    fn removes_zwnj_and_joins_the_halves() {
        // روح‌الله with a zero-width non-joiner and without.
        assert_eq!(persian_key("روح\u{200C}الله"), "روحالله");
        assert_eq!(persian_key("محمد\u{200C}رضا"), persian_key("محمدرضا"));
    }

    #[test]
    fn removes_diacritics_and_tatweel() {
        assert_eq!(persian_key("مُحَمَّد"), "محمد");
        assert_eq!(persian_key("محـــمد"), "محمد");
        assert_eq!(persian_key("فاطمة"), "فاطمه");
        assert_eq!(persian_key("آرش"), "ارش");
        assert_eq!(persian_key("رئيس"), "رءیس");
    }

    #[test]
    fn persian_and_arabic_digits_become_ascii() {
        assert_eq!(fold_persian("۱۳۵۷"), "1357");
        assert_eq!(fold_persian("١٩٧٨"), "1978");
        let key = NameKey::new("علی ۲");
        assert_eq!(
            (key.persian, key.latin),
            (vec!["علی".to_owned()], vec!["2".to_owned()])
        );
    }

    #[test]
    fn hyphen_and_space_compounds_tokenise_alike() {
        assert_eq!(latin_key("Mohammad-Reza"), "mohammad reza");
        assert_eq!(latin_key("Mohammad Reza"), "mohammad reza");
        assert_eq!(latin_key("Mohammadreza"), "mohammadreza");
    }

    #[test]
    fn all_caps_and_marks() {
        assert_eq!(latin_key("MOHAMMAD"), "mohammad");
        assert_eq!(latin_key("Moḥammad Ḥosseinī"), "mohammad hosseini");
        assert_eq!(latin_key("Ja'far"), "jafar");
        assert_eq!(latin_key("Jaʿfar"), "jafar");
        assert_eq!(latin_key("ÉLÈNE"), "elene");
    }

    #[test]
    fn titles_and_suffix_spellings() {
        assert_eq!(latin_key("Seyyed Ali Hosseiny"), "ali hosseini");
        assert_eq!(latin_key("Sayyid"), "sayyid");
        assert_eq!(latin_key("Hosseinzadeh"), latin_key("Hosseinzada"));
        assert_eq!(latin_key("Alipoor"), latin_key("Alipour"));
        assert_eq!(latin_key("Alinezhad"), latin_key("Alinejad"));
        assert_eq!(latin_key("Rezaee"), "rezaei");
        assert_eq!(latin_key("Rezayi"), "rezaei");
        assert_eq!(persian_key("سید علی"), "علی");
        assert!(NameKey::new("Haj Ali").had_title);
        assert_eq!(latin_key("al-Saltaneh"), "saltaneh");
        assert_eq!(latin_key("ar-Rabi'i"), "rabii");
        assert_eq!(latin_key("Al"), "al");
    }

    #[test]
    fn mixed_scripts_split() {
        let k = NameKey::new("Ali علی-Reza");
        assert_eq!(k.latin, vec!["ali", "reza"]);
        assert_eq!(k.persian, vec!["علی"]);
        let k = NameKey::new("Aliعلی");
        assert_eq!(k.latin, vec!["ali"]);
        assert_eq!(k.persian, vec!["علی"]);
    }

    #[test]
    fn empty_and_junk() {
        assert!(NameKey::new("").is_empty());
        assert!(NameKey::new(" - . \u{200C} ").is_empty());
        assert!(NameKey::new("\u{0301}\u{064E}").is_empty());
    }
}
