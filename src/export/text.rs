//! Small text helpers shared by the book and the letter files: base direction of a string
//! and splitting of free text into paragraphs and lines.

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

#[cfg(test)]
mod tests {
    use super::*;

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
