//! Text rules of the contact forms (request and registration): names in a given script,
//! lists written one per line, years, phone numbers and free text. Each check returns the
//! cleaned value or a form-error code (shown as `form-error-<code>`). Names follow the
//! petition rules (`domain::people::names::clean_name`): markup, code, formulas and links are
//! refused; free text is kept as written (it is only ever shown escaped).

use crate::domain::people::names::clean_name;
use unicode_normalization::UnicodeNormalization;

/// Earliest year a birth or a last contact may be given as.
pub const FIRST_YEAR: i32 = 1900;
/// Longest message to the sought person.
pub const MAX_MESSAGE_CHARS: usize = 2000;
/// Longest "only family would know" text per person.
pub const MAX_FACTS_CHARS: usize = 1000;
/// Most entries in a one-per-line list (aliases, places, names).
pub const MAX_LINES: usize = 10;
/// Longest phone number, as typed.
pub const MAX_PHONE_CHARS: usize = 30;

// Digits are read and written by the one pair of functions in `i18n::numerals`.
pub use crate::i18n::numerals::{ascii_digits, persian_digits};

/// An optional year, Gregorian (from [`FIRST_YEAR`]) or Solar Hijri (from 1279, i.e. 1900),
/// no later than `today`'s year in its calendar, digits in any script: the Gregorian year
/// stored (see `i18n::calendar::read_year` for the rule).
pub fn year(raw: &str, today: chrono::NaiveDate) -> Result<Option<i32>, &'static str> {
    crate::i18n::calendar::read_year(raw, today)
        .map(|y| y.map(|y| y.gregorian))
        .map_err(crate::i18n::calendar::DateProblem::year_code)
}

fn latin_letter(c: char) -> bool {
    matches!(u32::from(c), 0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF)
}

fn arabic_letter(c: char) -> bool {
    matches!(u32::from(c), 0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF)
}

/// An optional name written in Latin letters.
pub fn latin_name(raw: &str) -> Result<String, &'static str> {
    let name = clean_name(raw, false, false).map_err(|p| p.code())?;
    if name.chars().filter(|c| c.is_alphabetic()).all(latin_letter) {
        Ok(name)
    } else {
        Err("contact-latin-script")
    }
}

/// An optional name written in Persian (Arabic) script.
pub fn persian_name(raw: &str) -> Result<String, &'static str> {
    let name = clean_name(raw, false, false).map_err(|p| p.code())?;
    if name
        .chars()
        .filter(|c| c.is_alphabetic())
        .all(arabic_letter)
    {
        Ok(name)
    } else {
        Err("contact-persian-script")
    }
}

/// An optional name or place in any script (`digits`: places may hold numbers).
pub fn any_name(raw: &str, digits: bool) -> Result<String, &'static str> {
    clean_name(raw, false, digits).map_err(|p| p.code())
}

/// A list written one entry per line: each entry checked as a name (or place), blank lines
/// dropped, at most [`MAX_LINES`] entries.
pub fn lines(raw: &str, digits: bool) -> Result<Vec<String>, &'static str> {
    let mut out = Vec::new();
    for line in raw.lines() {
        let entry = clean_name(line, false, digits).map_err(|p| p.code())?;
        if !entry.is_empty() && !out.contains(&entry) {
            out.push(entry);
        }
    }
    if out.len() > MAX_LINES {
        return Err("contact-too-many-lines");
    }
    Ok(out)
}

/// A list of names one per line (as [`lines`]), each written in one script: Latin letters
/// or Persian (Arabic) script, not both (`contact-one-script`).
pub fn name_lines(raw: &str) -> Result<Vec<String>, &'static str> {
    let names = lines(raw, false)?;
    if names
        .iter()
        .all(|n| latin_name(n).is_ok() || persian_name(n).is_ok())
    {
        Ok(names)
    } else {
        Err("contact-one-script")
    }
}

/// An optional phone number: digits (Persian digits accepted), spaces, dots, hyphens,
/// brackets and one leading `+`; 6 to 20 digits.
pub fn phone(raw: &str) -> Result<String, &'static str> {
    let text: String = ascii_digits(raw.trim())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if text.is_empty() {
        return Ok(text);
    }
    if text.chars().count() > MAX_PHONE_CHARS {
        return Err("too-long");
    }
    let body = text.strip_prefix('+').unwrap_or(&text);
    let allowed = body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'));
    let digits = body.chars().filter(char::is_ascii_digit).count();
    if allowed && (6..=20).contains(&digits) {
        Ok(text)
    } else {
        Err("contact-phone")
    }
}

/// Free text (a message, private facts): NFC, line breaks kept, no control or
/// direction-override characters, at most `max` characters. Markup is kept as text.
pub fn free_text(raw: &str, max: usize) -> Result<String, &'static str> {
    let text: String = raw
        .nfc()
        .collect::<String>()
        .replace("\r\n", "\n")
        .trim()
        .to_owned();
    if text.chars().count() > max {
        return Err("too-long");
    }
    if !crate::domain::people::text::is_clean(&text) {
        return Err("control-characters");
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_accept_persian_digits_and_either_calendar() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(year("", today), Ok(None));
        assert_eq!(year(" 1975 ", today), Ok(Some(1975)));
        assert_eq!(year("۱۹۷۵", today), Ok(Some(1975)));
        assert_eq!(year("۱۳۵۴", today), Ok(Some(1975)), "a solar year");
        assert_eq!(year("2027", today), Err("calendar-year-range"));
        assert_eq!(year("1899", today), Err("calendar-year-range"));
        assert_eq!(year("1406", today), Err("calendar-year-range"));
        assert_eq!(year("19x5", today), Err("invalid-number"));
        assert_eq!(year("-1975", today), Err("invalid-number"));
        assert_eq!(year("99999999999", today), Err("invalid-number"));
    }

    #[test]
    fn names_keep_to_their_script() {
        assert_eq!(
            latin_name("Zahra  Sadeghzadeh"),
            Ok("Zahra Sadeghzadeh".into())
        );
        assert_eq!(latin_name("Zoë O'Brien"), Ok("Zoë O'Brien".into()));
        assert_eq!(latin_name("زهرا"), Err("contact-latin-script"));
        assert_eq!(persian_name("زهرا صادق‌زاده"), Ok("زهرا صادق‌زاده".into()));
        assert_eq!(persian_name("Zahra"), Err("contact-persian-script"));
        assert_eq!(latin_name("<b>x</b>"), Err("name-characters"));
        assert_eq!(latin_name(""), Ok(String::new()));
    }

    #[test]
    fn lists_are_one_per_line_and_bounded() {
        assert_eq!(
            lines("Zohreh\r\n\n  Zari \nZohreh", false),
            Ok(vec!["Zohreh".to_owned(), "Zari".to_owned()])
        );
        assert_eq!(lines("ok\n=SUM(A1)", false), Err("formula"));
        let many = (0..11)
            .map(|i| format!("Name{}", "a".repeat(i)))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(lines(&many, false), Err("contact-too-many-lines"));
        assert_eq!(lines("Ashraf 3", true), Ok(vec!["Ashraf 3".to_owned()]));
    }

    #[test]
    fn names_one_per_line_keep_to_one_script_each() {
        assert_eq!(
            name_lines("Maryam Karimi\nمریم کریمی"),
            Ok(vec!["Maryam Karimi".to_owned(), "مریم کریمی".to_owned()])
        );
        assert_eq!(name_lines("Maryam مریم"), Err("contact-one-script"));
        assert_eq!(name_lines("M\u{430}ryam"), Err("mixed-scripts"));
        assert_eq!(name_lines("=SUM(A1)"), Err("formula"));
    }

    #[test]
    fn phone_numbers() {
        assert_eq!(phone(""), Ok(String::new()));
        assert_eq!(phone("+49 170 1234567"), Ok("+49 170 1234567".into()));
        assert_eq!(phone("۰۹۱۲ ۱۲۳ ۴۵۶۷"), Ok("0912 123 4567".into()));
        assert_eq!(phone("12345"), Err("contact-phone"));
        assert_eq!(phone("call me"), Err("contact-phone"));
        assert_eq!(phone("+1 (555) 010-9999"), Ok("+1 (555) 010-9999".into()));
        assert_eq!(phone("1+2345678"), Err("contact-phone"));
    }

    #[test]
    fn free_text_keeps_markup_as_text_and_refuses_control_characters() {
        assert_eq!(
            free_text("<script>x</script>\r\nline", 100),
            Ok("<script>x</script>\nline".into())
        );
        assert_eq!(free_text("a\u{0}b", 100), Err("control-characters"));
        assert_eq!(free_text("abc\u{202E}d", 100), Err("control-characters"));
        assert_eq!(free_text(&"x".repeat(101), 100), Err("too-long"));
    }
}
