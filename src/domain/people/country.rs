//! The country list of the petition signing form: ISO 3166-1 alpha-2 codes with their names
//! in English, Persian and French (`data/countries.tsv`), lookups by code, and the options
//! sorted for display in each language.

use std::sync::LazyLock;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The shipped table: a header line `code\ten\tfa\tfr`, then one row per code, sorted by code.
const DATA: &str = include_str!("../data/countries.tsv");

/// One country offered by the signing form, named in the language it was asked for.
#[derive(Debug, Clone, Serialize)]
pub struct CountryOption {
    /// The ISO 3166-1 alpha-2 code, upper case (`"IR"`).
    pub code: &'static str,
    /// The country's name in the requested language (`"ایران"`).
    pub name: &'static str,
}

/// Whether `code` is a known ISO 3166-1 alpha-2 code, written exactly as in the standard
/// (two upper-case ASCII letters: `"IR"` is known, `"ir"` and `"IRN"` are not).
#[must_use]
pub fn is_known(code: &str) -> bool {
    TABLE.find(code).is_some()
}

/// The name of the country `code` in `lang` (`"en"`, `"fa"` or `"fr"`; any other value gives
/// English), or `None` when the code is not known (see [`is_known`]).
#[must_use]
pub fn name(code: &str, lang: &str) -> Option<&'static str> {
    TABLE
        .find(code)
        .map(|country| country.name(Lang::from_code(lang)))
}

/// Every known country named in `lang` (`"en"`, `"fa"` or `"fr"`; any other value gives
/// English), sorted for display in that language: case and accents are ignored in English and
/// French (`Équateur` sorts among the E's), Persian follows the Persian alphabet.
#[must_use]
pub fn options(lang: &str) -> Vec<CountryOption> {
    TABLE.sorted(Lang::from_code(lang)).to_vec()
}

/// The languages the table carries names in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    En,
    Fa,
    Fr,
}

impl Lang {
    const ALL: [Lang; 3] = [Lang::En, Lang::Fa, Lang::Fr];

    /// The language for a code; anything but `"fa"` and `"fr"` falls back to English.
    fn from_code(code: &str) -> Self {
        match code {
            "fa" => Lang::Fa,
            "fr" => Lang::Fr,
            _ => Lang::En,
        }
    }

    fn index(self) -> usize {
        match self {
            Lang::En => 0,
            Lang::Fa => 1,
            Lang::Fr => 2,
        }
    }
}

/// One row of the data file.
#[derive(Debug)]
struct Country {
    code: &'static str,
    en: &'static str,
    fa: &'static str,
    fr: &'static str,
}

impl Country {
    fn name(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Fa => self.fa,
            Lang::Fr => self.fr,
        }
    }
}

/// The parsed data: rows sorted by code, and the display order per language, worked out once.
struct Table {
    rows: Vec<Country>,
    /// Indexed by [`Lang::index`].
    sorted: [Vec<CountryOption>; 3],
}

static TABLE: LazyLock<Table> = LazyLock::new(|| Table::parse(DATA));

impl Table {
    fn parse(text: &'static str) -> Self {
        let mut rows: Vec<Country> = text.lines().skip(1).filter_map(parse_row).collect();
        rows.sort_by(|a, b| a.code.cmp(b.code));
        rows.dedup_by(|a, b| a.code == b.code);
        let sorted = Lang::ALL.map(|lang| {
            let mut options: Vec<CountryOption> = rows
                .iter()
                .map(|country| CountryOption {
                    code: country.code,
                    name: country.name(lang),
                })
                .collect();
            options.sort_by_cached_key(|option| (collation_key(lang, option.name), option.name));
            options
        });
        Table { rows, sorted }
    }

    fn find(&self, code: &str) -> Option<&Country> {
        self.rows
            .binary_search_by(|country| country.code.cmp(code))
            .ok()
            .and_then(|index| self.rows.get(index))
    }

    fn sorted(&self, lang: Lang) -> &[CountryOption] {
        self.sorted.get(lang.index()).map_or(&[], Vec::as_slice)
    }
}

/// A data line `code\ten\tfa\tfr`; malformed lines are skipped (a unit test checks there are
/// none in the shipped file).
fn parse_row(line: &'static str) -> Option<Country> {
    let mut fields = line.split('\t');
    let (code, en, fa, fr) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    let well_formed = fields.next().is_none()
        && code.len() == 2
        && code.bytes().all(|b| b.is_ascii_uppercase())
        && [en, fa, fr].iter().all(|name| !name.trim().is_empty());
    well_formed.then_some(Country { code, en, fa, fr })
}

/// The key that orders country names for display in `lang` (ties are broken by the name
/// itself, then it is a total order). The one place the comparison rules live.
///
/// Every name is decomposed (NFD) and stripped of combining marks, so `É` compares as `E`,
/// `آ` as `ا`, `ئ` as `ی`; zero-width (non-)joiners, which only shape Persian letters, are
/// dropped. English and French then compare letters case-insensitively by code point, which
/// is alphabetical for the Latin letters the names use. Persian letters compare by their
/// place in the Persian alphabet (plain code-point order would put `پ چ ژ ک گ ی` after `و`
/// and `ه` before `و`); anything else in a Persian name comes after the Persian letters,
/// except spaces and ASCII punctuation, which come first so shorter words sort first.
fn collation_key(lang: Lang, name: &str) -> Vec<u32> {
    let letters = name
        .nfd()
        .filter(|&c| !is_combining_mark(c) && !matches!(c, '\u{200C}' | '\u{200D}'));
    match lang {
        Lang::En | Lang::Fr => letters
            .flat_map(char::to_lowercase)
            .map(u32::from)
            .collect(),
        Lang::Fa => letters
            .map(|c| match persian_rank(c) {
                Some(rank) => 0x100 + rank,
                None if c.is_ascii() => u32::from(c.to_ascii_lowercase()),
                None => 0x1000 + u32::from(c),
            })
            .collect(),
    }
}

/// The place of `c` in the Persian alphabet (ا ب پ ت ث ج چ ح خ د ذ ر ز ژ س ش ص ض ط ظ ع غ ف ق
/// ک گ ل م ن و ه ی), with the Arabic forms of kaf, yeh and heh, and the hamza, folded in.
fn persian_rank(c: char) -> Option<u32> {
    const ALPHABET: [&[char]; 32] = [
        &['\u{0621}', '\u{0627}'],                         // ء ا
        &['\u{0628}'],                                     // ب
        &['\u{067E}'],                                     // پ
        &['\u{062A}'],                                     // ت
        &['\u{062B}'],                                     // ث
        &['\u{062C}'],                                     // ج
        &['\u{0686}'],                                     // چ
        &['\u{062D}'],                                     // ح
        &['\u{062E}'],                                     // خ
        &['\u{062F}'],                                     // د
        &['\u{0630}'],                                     // ذ
        &['\u{0631}'],                                     // ر
        &['\u{0632}'],                                     // ز
        &['\u{0698}'],                                     // ژ
        &['\u{0633}'],                                     // س
        &['\u{0634}'],                                     // ش
        &['\u{0635}'],                                     // ص
        &['\u{0636}'],                                     // ض
        &['\u{0637}'],                                     // ط
        &['\u{0638}'],                                     // ظ
        &['\u{0639}'],                                     // ع
        &['\u{063A}'],                                     // غ
        &['\u{0641}'],                                     // ف
        &['\u{0642}'],                                     // ق
        &['\u{06A9}', '\u{0643}'],                         // ک ك
        &['\u{06AF}'],                                     // گ
        &['\u{0644}'],                                     // ل
        &['\u{0645}'],                                     // م
        &['\u{0646}'],                                     // ن
        &['\u{0648}'],                                     // و
        &['\u{0647}', '\u{06C1}', '\u{06D5}', '\u{0629}'], // ه ہ ە ة
        &['\u{06CC}', '\u{064A}', '\u{0649}'],             // ی ي ى
    ];
    ALPHABET
        .iter()
        .position(|forms| forms.contains(&c))
        .and_then(|rank| u32::try_from(rank).ok())
}

/// Compares two names the way [`options`] orders them in `lang`.
#[cfg(test)]
fn compare(lang: Lang, a: &str, b: &str) -> std::cmp::Ordering {
    (collation_key(lang, a), a).cmp(&(collation_key(lang, b), b))
}

#[cfg(test)]
mod tests {
    use std::cmp::Ordering;

    use super::*;

    fn position(options: &[CountryOption], name: &str) -> usize {
        options
            .iter()
            .position(|option| option.name == name)
            .unwrap_or_else(|| panic!("{name} missing from the options"))
    }

    #[test]
    fn every_data_line_parses() {
        let data_lines = DATA.lines().skip(1).filter(|line| !line.is_empty()).count();
        assert_eq!(DATA.lines().next(), Some("code\ten\tfa\tfr"));
        assert_eq!(TABLE.rows.len(), data_lines);
        assert!(TABLE.rows.len() >= 240, "only {} codes", TABLE.rows.len());
        for lang in Lang::ALL {
            assert_eq!(TABLE.sorted(lang).len(), TABLE.rows.len());
        }
    }

    #[test]
    fn names_carry_no_control_characters() {
        for country in &TABLE.rows {
            for lang in Lang::ALL {
                let name = country.name(lang);
                assert_eq!(name, name.trim(), "{}", country.code);
                assert!(!name.chars().any(char::is_control), "{}", country.code);
            }
        }
    }

    #[test]
    fn knows_the_codes_the_petition_needs() {
        for code in ["IR", "IQ", "FR", "AF", "AL"] {
            assert!(is_known(code), "{code}");
        }
    }

    #[test]
    fn rejects_unknown_or_misspelt_codes() {
        for code in ["XX", "ir", "Ir", "", "IRN", " IR", "IR ", "I"] {
            assert!(!is_known(code), "{code:?}");
            assert_eq!(name(code, "en"), None, "{code:?}");
            assert_eq!(name(code, "fa"), None, "{code:?}");
        }
    }

    #[test]
    fn names_in_each_language() {
        assert_eq!(name("IR", "fa"), Some("ایران"));
        assert_eq!(name("AL", "fr"), Some("Albanie"));
        assert_eq!(name("AL", "en"), Some("Albania"));
        assert_eq!(name("IQ", "fr"), Some("Irak"));
    }

    #[test]
    fn other_languages_fall_back_to_english() {
        assert_eq!(name("AL", "de"), Some("Albania"));
        assert_eq!(name("AL", ""), Some("Albania"));
        assert_eq!(name("AL", "FR"), Some("Albania"));
        let en: Vec<&str> = options("en").iter().map(|o| o.code).collect();
        let other: Vec<&str> = options("xx").iter().map(|o| o.code).collect();
        assert_eq!(en, other);
    }

    #[test]
    fn options_name_each_country_in_the_language() {
        let fa = options("fa");
        let iran = fa.iter().find(|option| option.code == "IR");
        assert_eq!(iran.map(|option| option.name), Some("ایران"));
        for option in options("fr") {
            assert_eq!(name(option.code, "fr"), Some(option.name));
        }
    }

    #[test]
    fn options_are_sorted_by_their_comparison() {
        for lang in Lang::ALL {
            let options = TABLE.sorted(lang);
            for pair in options.windows(2) {
                assert_eq!(
                    compare(lang, pair[0].name, pair[1].name),
                    Ordering::Less,
                    "{pair:?}"
                );
            }
        }
    }

    #[test]
    fn french_accented_names_sort_among_their_letter() {
        let fr = options("fr");
        let equateur = position(&fr, "Équateur");
        assert!(position(&fr, "Danemark") < equateur);
        assert!(position(&fr, "Égypte") < equateur);
        assert!(equateur < position(&fr, "Érythrée"));
        assert!(equateur < position(&fr, "Espagne"));
        assert!(position(&fr, "États-Unis d'Amérique") < position(&fr, "Éthiopie"));
        assert!(position(&fr, "Éthiopie") < position(&fr, "Fidji"));
        assert!(position(&fr, "Hongrie") < position(&fr, "Île Bouvet"));
        assert!(position(&fr, "Îles Cook") < position(&fr, "Inde"));
        assert_eq!(fr.last().map(|option| option.code), Some("ZW"));
    }

    #[test]
    fn english_ignores_case_and_accents() {
        let en = options("en");
        assert!(position(&en, "Åland Islands") < position(&en, "Albania"));
        assert!(position(&en, "Curaçao") < position(&en, "Cyprus"));
        assert_eq!(en.first().map(|option| option.code), Some("AF"));
    }

    #[test]
    fn persian_follows_the_persian_alphabet() {
        let fa = options("fa");
        // پ comes right after ب, although its code point is after every Arabic letter.
        assert!(position(&fa, "پاکستان") < position(&fa, "ترکیه"));
        // گ and ی come after ک and و, و before ه.
        assert!(position(&fa, "ایران") < position(&fa, "بریتانیا"));
        assert_eq!(compare(Lang::Fa, "و", "ه"), Ordering::Less);
        assert_eq!(compare(Lang::Fa, "ک", "گ"), Ordering::Less);
        assert_eq!(compare(Lang::Fa, "ی", "پ"), Ordering::Greater);
        // آ sorts with ا, and the zero-width non-joiner is ignored.
        assert_eq!(
            collation_key(Lang::Fa, "آلبانی"),
            collation_key(Lang::Fa, "البانی")
        );
        assert_eq!(compare(Lang::Fa, "آلبانی", "البانی"), Ordering::Less);
        assert_eq!(
            collation_key(Lang::Fa, "سری\u{200c}لانکا"),
            collation_key(Lang::Fa, "سریلانکا")
        );
        let first_letters: Vec<u32> = fa
            .iter()
            .filter_map(|o| collation_key(Lang::Fa, o.name).first().copied())
            .collect();
        assert!(first_letters.windows(2).all(|w| w[0] <= w[1]));
        assert!(first_letters.iter().all(|&k| (0x100..0x120).contains(&k)));
    }
}
