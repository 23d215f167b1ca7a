//! Small text helpers shared by the book, the letter files and the verify command: base
//! direction of a string, splitting of free text into paragraphs and lines, and making
//! untrusted text safe to print on a terminal.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Writing direction of a piece of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dir {
    /// Left to right (Latin, Cyrillic…).
    Ltr,
    /// Right to left (Persian, Arabic, Hebrew…).
    Rtl,
}

/// Whether a character is a strong right-to-left letter (Hebrew, Arabic and Persian,
/// Syriac, Thaana, N'Ko and the Arabic presentation forms).
fn is_strong_rtl(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}'
        | '\u{FB1D}'..='\u{FDFF}'
        | '\u{FE70}'..='\u{FEFF}'
        | '\u{10800}'..='\u{10FFF}'
        | '\u{1E800}'..='\u{1EFFF}')
        && c.is_alphabetic()
}

/// The base direction of `text` by its first strong letter, like HTML's `dir="auto"`
/// (rule P2 of the Unicode bidirectional algorithm); `None` when it has no letter.
pub(crate) fn first_strong_dir(text: &str) -> Option<Dir> {
    text.chars().find(|c| c.is_alphabetic()).map(
        |c| {
            if is_strong_rtl(c) { Dir::Rtl } else { Dir::Ltr }
        },
    )
}

/// Splits free text into paragraphs (separated by blank lines), each a list of lines.
/// Line endings are normalised, lines are trimmed at the end and empty paragraphs dropped.
pub(crate) fn paragraphs(text: &str) -> Vec<Vec<String>> {
    let normalised = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for line in normalised.split('\n') {
        let line = line.trim_end();
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.to_owned());
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether printing `c` raw could make a terminal do something other than show a
/// character: C0 and C1 controls (ESC, CSI, BEL, CR, LF…), DEL, the Unicode bidi
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which reorder the
/// rest of the line, and the line and paragraph separators (U+2028, U+2029). The bidi
/// marks (LRM, RLM, ALM) and ZWNJ/ZWJ are kept: Persian names need them and they cannot
/// reorder text beyond their neighbours.
fn is_unsafe_on_terminal(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}'
        )
}

/// `text` with every character that could act on a terminal (see
/// [`is_unsafe_on_terminal`]) written as a Rust-style escape, e.g. ESC as `\u{1b}`, so
/// that text taken from a bundle is shown, never obeyed. Idempotent.
pub(crate) fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_on_terminal) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_unsafe_on_terminal(c) {
            // Writing to a String cannot fail.
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_and_bidi_overrides_are_escaped() {
        assert_eq!(
            terminal_safe("a\u{1b}[2Jb\u{9b}c\u{7f}\u{7}\r\n\t"),
            "a\\u{1b}[2Jb\\u{9b}c\\u{7f}\\u{7}\\u{d}\\u{a}\\u{9}"
        );
        assert_eq!(
            terminal_safe("x\u{202E}gpj.exe\u{2066}\u{2069}\u{202A}\u{2028}"),
            "x\\u{202e}gpj.exe\\u{2066}\\u{2069}\\u{202a}\\u{2028}"
        );
        // Persian with ZWNJ and bidi marks is left alone, and escaping is idempotent.
        let name = "مریم صادق\u{200C}زاده \u{200F}(12)\u{200E}";
        assert!(matches!(terminal_safe(name), Cow::Borrowed(n) if n == name));
        let once = terminal_safe("\u{1b}]0;pwned\u{7}").into_owned();
        assert_eq!(terminal_safe(&once), once);
    }

    #[test]
    fn direction_follows_the_first_letter() {
        assert_eq!(first_strong_dir("مریم صادق‌زاده"), Some(Dir::Rtl));
        assert_eq!(first_strong_dir("12 Maryam"), Some(Dir::Ltr));
        assert_eq!(first_strong_dir("« ۱۲ علی"), Some(Dir::Rtl));
        assert_eq!(first_strong_dir("שלום"), Some(Dir::Rtl));
        assert_eq!(first_strong_dir("– 42 –"), None);
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let p = paragraphs("a\r\nb  \n\n \n\nc\n");
        assert_eq!(
            p,
            vec![vec!["a".to_owned(), "b".to_owned()], vec!["c".to_owned()]]
        );
        assert!(paragraphs("  \n ").is_empty());
    }
}
