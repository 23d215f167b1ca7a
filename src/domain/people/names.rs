//! Names and cities as people type them: NFC, spaces folded, letters of any script with
//! their marks, no formula or markup characters, no links, no look-alike letters mixed
//! inside a word. Petitions and contact forms share these rules.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Longest name or city.
pub const MAX_NAME_CHARS: usize = 100;

/// Why a name (or city) is refused; each maps to a translated message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextProblem {
    /// Nothing given.
    Empty,
    /// Too long.
    TooLong,
    /// Starts with `=`, `+`, `-` or `@` (spreadsheet formula injection).
    Formula,
    /// Looks like a web address.
    Link,
    /// Holds characters a name does not have (markup, code, control characters).
    Characters,
    /// Mixes alphabets inside one word (look-alike letters: a Cyrillic "а" in "Mаryam").
    MixedScripts,
}

impl TextProblem {
    /// The form-error code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            TextProblem::Empty => "required",
            TextProblem::TooLong => "too-long",
            TextProblem::Formula => "formula",
            TextProblem::Link => "link",
            TextProblem::Characters => "name-characters",
            TextProblem::MixedScripts => "mixed-scripts",
        }
    }
}

fn name_char(c: char, digits: bool) -> bool {
    c.is_alphabetic()
        || is_combining_mark(c)
        || c == ' '
        || (digits && c.is_numeric())
        // apostrophes, hyphens, dots, middle dot, ZWNJ/ZWJ (Persian), Arabic comma
        || matches!(c, '\'' | '’' | '‘' | '-' | '‐' | '.' | '·' | '\u{200C}' | '\u{200D}' | ',' | '،' | 'ـ')
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Script {
    Latin,
    Cyrillic,
    Greek,
    Arabic,
}

fn script(c: char) -> Option<Script> {
    match u32::from(c) {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Some(Script::Latin),
        0x400..=0x52F => Some(Script::Cyrillic),
        0x370..=0x3FF | 0x1F00..=0x1FFF => Some(Script::Greek),
        0x600..=0x6FF | 0x750..=0x77F | 0x8A0..=0x8FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Some(Script::Arabic)
        }
        _ => None,
    }
}

/// Whether some word mixes Latin, Cyrillic, Greek or Arabic letters.
fn mixes_scripts(s: &str) -> bool {
    s.split(|c: char| c.is_whitespace() || c == '-')
        .any(|word| {
            let mut seen: Option<Script> = None;
            word.chars().filter_map(script).any(|sc| match seen {
                Some(first) => first != sc,
                None => {
                    seen = Some(sc);
                    false
                }
            })
        })
}

fn looks_like_link(s: &str) -> bool {
    let lower = s.to_lowercase();
    lower.contains("://") || lower.contains("www.") || lower.contains("http")
}

/// Normalises and checks a person's name or a city: NFC, inner spaces folded; letters of
/// any script with their marks, spaces, apostrophes, hyphens and dots (and digits for
/// cities); no leading `= + - @`; no links; at most 100 characters.
pub fn clean_name(raw: &str, required: bool, digits: bool) -> Result<String, TextProblem> {
    let folded: String = raw
        .nfc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if folded.is_empty() {
        return if required {
            Err(TextProblem::Empty)
        } else {
            Ok(folded)
        };
    }
    if folded.chars().count() > MAX_NAME_CHARS {
        return Err(TextProblem::TooLong);
    }
    if folded.starts_with(['=', '+', '-', '@']) {
        return Err(TextProblem::Formula);
    }
    if looks_like_link(&folded) {
        return Err(TextProblem::Link);
    }
    if !folded.chars().all(|c| name_char(c, digits)) {
        return Err(TextProblem::Characters);
    }
    if mixes_scripts(&folded) {
        return Err(TextProblem::MixedScripts);
    }
    Ok(folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_script_pass_and_injections_do_not() {
        assert_eq!(
            clean_name("  Maryam   Rezaei ", true, false),
            Ok("Maryam Rezaei".into())
        );
        assert!(clean_name("مریم رضایی", true, false).is_ok());
        assert!(
            clean_name("عبدالله‌زاده", true, false).is_ok(),
            "ZWNJ is part of Persian names"
        );
        assert!(clean_name("Zoë O'Brien-Ávila", true, false).is_ok());
        assert_eq!(
            clean_name("=HYPERLINK(\"x\")", true, false),
            Err(TextProblem::Formula)
        );
        assert_eq!(
            clean_name("+98 912", true, false),
            Err(TextProblem::Formula)
        );
        assert_eq!(clean_name("@home", true, false), Err(TextProblem::Formula));
        assert_eq!(clean_name("-x", true, false), Err(TextProblem::Formula));
        assert_eq!(
            clean_name("visit www.example.org", true, false),
            Err(TextProblem::Link)
        );
        assert_eq!(
            clean_name("<script>alert(1)</script>", true, false),
            Err(TextProblem::Characters)
        );
        assert_eq!(
            clean_name("Robert'); DROP TABLE signatures;--", true, false),
            Err(TextProblem::Characters)
        );
        assert_eq!(
            clean_name("a\u{0}b", true, false),
            Err(TextProblem::Characters)
        );
        assert_eq!(
            clean_name("abc\u{202E}cba", true, false),
            Err(TextProblem::Characters)
        );
        assert_eq!(clean_name("", true, false), Err(TextProblem::Empty));
        assert_eq!(clean_name("", false, false), Ok(String::new()));
        assert_eq!(
            clean_name(&"a".repeat(101), true, false),
            Err(TextProblem::TooLong)
        );
        assert!(clean_name("Paris 15", false, true).is_ok());
        assert_eq!(
            clean_name("M\u{430}ryam", true, false),
            Err(TextProblem::MixedScripts)
        );
        assert_eq!(
            clean_name("Mary\u{0645}", true, false),
            Err(TextProblem::MixedScripts)
        );
        assert!(
            clean_name("مریم Rezaei", true, false).is_ok(),
            "two scripts in two words is fine"
        );
        assert!(clean_name("Paris 15", true, false).is_err());
    }
}
