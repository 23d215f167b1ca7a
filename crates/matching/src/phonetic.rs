//! Phonetic forms of name tokens: Latin spellings rewritten to one symbol per sound, the
//! letter sequence of Persian-script tokens, and the consonant skeleton both scripts share
//! (the cross-script key used to generate candidates).
//!
//! Latin symbols: vowels `a e i o u` and the long-vowel spellings `U` (ou, oo) and `I`
//! (ee), which in Persian names nearly always stand for a written و or ی; consonants as written except `S` (sh, sch), `c`
//! (ch, tch), `Z` (zh), `x` (kh), `q` (gh, q), `f` (ph), `j` (dj), `v` (w), `k` (c, ck).
//! Doubled letters collapse, a `y` not before a vowel is
//! the vowel `i`, and a final `h` after a vowel is silent (Zohreh → `zohre`).

/// Whether a Latin phonetic symbol is a vowel.
#[must_use]
pub fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'I' | 'U')
}

fn is_vowel_letter(c: Option<&char>) -> bool {
    c.is_some_and(|c| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y'))
}

/// The phonetic symbols of a folded Latin token (see the module docs).
#[must_use]
pub fn latin_symbols(text: &str) -> Vec<char> {
    let s: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        let next = s.get(i + 1).copied();
        let next2 = s.get(i + 2).copied();
        let (sym, used) = match (c, next, next2) {
            ('s', Some('c'), Some('h')) => ('S', 3),
            ('t', Some('c'), Some('h')) => ('c', 3),
            ('s', Some('h'), _) => ('S', 2),
            // Polish spellings (Szahmiri, Czeszmi).
            ('s', Some('z'), _) => ('S', 2),
            ('c', Some('z'), _) => ('c', 2),
            ('c', Some('h'), _) => ('c', 2),
            ('c', Some('k'), _) => ('k', 2),
            ('z', Some('h'), _) => ('Z', 2),
            ('k', Some('h'), _) => ('x', 2),
            ('g', Some('h'), _) => ('q', 2),
            ('p', Some('h'), _) => ('f', 2),
            ('d', Some('j'), _) => ('j', 2),
            ('o', Some('u' | 'o'), _) => ('U', 2),
            ('e', Some('e'), _) => ('I', 2),
            ('c', Some('e' | 'i' | 'y'), _) => ('s', 1),
            ('c', _, _) => ('k', 1),
            ('x', _, _) => {
                if out.last() != Some(&'k') {
                    out.push('k');
                }
                ('s', 1)
            }
            ('w', _, _) => ('v', 1),
            ('y', Some('y'), _) => {
                i += 1;
                continue;
            }
            ('y', _, _) => {
                if is_vowel_letter(next.as_ref()) && next != Some('y') {
                    ('y', 1)
                } else {
                    ('i', 1)
                }
            }
            ('h', None, _) if out.last().is_some_and(|p| is_vowel(*p)) => {
                i += 1;
                continue;
            }
            _ => (c, 1),
        };
        i += used;
        if out.last() == Some(&sym) {
            continue;
        }
        out.push(sym);
    }
    out
}

/// The letters of a folded Persian-script token, as the transducer reads them.
#[must_use]
pub fn persian_letters(text: &str) -> Vec<char> {
    text.chars().collect()
}

/// Whether a Latin phonetic symbol has a place in the cross-script skeleton.
#[must_use]
pub fn is_latin_consonant(c: char) -> bool {
    latin_class(c).is_some()
}

/// Whether a folded Persian letter has a place in the cross-script skeleton.
#[must_use]
pub fn is_persian_consonant(c: char) -> bool {
    persian_class(c).is_some()
}

/// The consonant class of a Latin phonetic symbol in the cross-script skeleton, or `None`
/// for vowels and the letters Persian script may leave unwritten or write as vowels
/// (`h`, `v`, `y`).
fn latin_class(c: char) -> Option<char> {
    match c {
        'a' | 'e' | 'i' | 'o' | 'u' | 'I' | 'U' | 'h' | 'v' | 'y' => None,
        'p' => Some('b'),
        'q' => Some('g'),
        'c' => Some('S'),
        'x' => Some('k'),
        'Z' => Some('j'),
        _ => Some(c),
    }
}

/// The consonant class of a folded Persian letter in the cross-script skeleton.
fn persian_class(c: char) -> Option<char> {
    Some(match c {
        'ب' | 'پ' => 'b',
        'ت' | 'ط' => 't',
        'د' => 'd',
        'ث' | 'س' | 'ص' => 's',
        'ذ' | 'ز' | 'ض' | 'ظ' => 'z',
        'ج' | 'ژ' => 'j',
        'چ' | 'ش' => 'S',
        'غ' | 'ق' | 'گ' => 'g',
        'ک' | 'خ' => 'k',
        'ف' => 'f',
        'ل' => 'l',
        'م' => 'm',
        'ن' => 'n',
        'ر' => 'r',
        'ح' | 'ه' | 'ا' | 'و' | 'ی' | 'ع' | 'ء' => return None,
        other => other,
    })
}

/// The cross-script consonant skeleton of a Latin token's phonetic symbols: Mohammad,
/// Muhammed and محمد all give `mmd`.
#[must_use]
pub fn latin_skeleton(symbols: &[char]) -> String {
    symbols.iter().filter_map(|c| latin_class(*c)).collect()
}

/// The cross-script consonant skeleton of a Persian token's letters.
#[must_use]
pub fn persian_skeleton(letters: &[char]) -> String {
    // A letter written twice in a row (the two lams of الله) is one Latin consonant.
    letters
        .iter()
        .enumerate()
        .filter(|(i, c)| *i == 0 || letters[i - 1] != **c)
        .filter_map(|(_, c)| persian_class(*c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sym(s: &str) -> String {
        latin_symbols(s).into_iter().collect()
    }

    #[test]
    fn latin_symbols_fold_spelling_habits() {
        assert_eq!(sym("mohammad"), "mohamad");
        assert_eq!(sym("hosseini"), "hoseini");
        assert_eq!(sym("hoseyni"), "hoseini");
        assert_eq!(sym("rouhollah"), "rUhola");
        assert_eq!(sym("ruhollah"), "ruhola");
        assert_eq!(sym("zohreh"), "zohre");
        assert_eq!(sym("khosrow"), "xosrov");
        assert_eq!(sym("ghasem"), "qasem");
        assert_eq!(sym("qasem"), "qasem");
        assert_eq!(sym("saeed"), "saId");
        assert_eq!(sym("yasamin"), "yasamin");
        assert_eq!(sym("maryam"), "maryam");
        assert_eq!(sym("djalal"), "jalal");
        assert_eq!(sym("schirin"), "Sirin");
    }

    #[test]
    fn skeletons_meet_across_scripts() {
        let latin = |s: &str| latin_skeleton(&latin_symbols(s));
        let persian = |s: &str| persian_skeleton(&persian_letters(s));
        assert_eq!(latin("mohammad"), "mmd");
        assert_eq!(persian("محمد"), "mmd");
        assert_eq!(latin("hosseini"), persian("حسینی"));
        assert_eq!(latin("ruhollah"), persian("روحالله"));
        assert_eq!(latin("zhaleh"), persian("ژاله"));
        assert_eq!(latin("jaleh"), persian("ژاله"));
        assert_eq!(latin("ghasem"), persian("قاسم"));
    }
}
