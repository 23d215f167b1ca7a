//! How typed numbers and codes are read, for every numeric or code input (years, dates,
//! receipt codes, second-factor codes, counts): Persian (۰–۹) and Arabic-Indic (٠–٩)
//! digits become ASCII, and the spaces, separators and invisible marks a phone keyboard
//! puts in are dropped. [`normalise`] is the one function the forms call.

/// A Persian or Arabic-Indic digit as its ASCII digit; any other character unchanged.
#[must_use]
pub fn ascii_digit(c: char) -> char {
    let zero = match c {
        '۰'..='۹' => '۰',
        '٠'..='٩' => '٠',
        _ => return c,
    };
    char::from_u32(u32::from(c) - u32::from(zero) + u32::from('0')).unwrap_or(c)
}

/// `raw` with every Persian or Arabic-Indic digit as ASCII; nothing else changed (for text
/// whose spacing matters, such as a phone number as the person wrote it).
#[must_use]
pub fn ascii_digits(raw: &str) -> String {
    raw.chars().map(ascii_digit).collect()
}

/// Characters that carry no value inside a typed number or code: white space of every
/// kind, the zero-width joiners and direction marks Persian keyboards insert, and the
/// Arabic thousands separator.
fn is_filler(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{061C}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{066C}'
        )
}

/// A typed number or code as the portal reads it: digits in ASCII, fillers
/// ([`is_filler`]) dropped, dash-like characters (Unicode hyphens, minus, en and em dash,
/// the Arabic tatweel is not one) as `-`. Letters are kept as typed (callers decide case).
#[must_use]
pub fn normalise(raw: &str) -> String {
    raw.chars()
        .filter(|c| !is_filler(*c))
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}' | '\u{FF0D}' => '-',
            _ => ascii_digit(c),
        })
        .collect()
}

/// ASCII digits as Persian digits (۰–۹); other characters unchanged. For numbers already
/// laid out (codes, ISO dates in files); counts and dates on pages go through
/// [`super::format`].
#[must_use]
pub fn persian_digits(ascii: &str) -> String {
    ascii
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(u32::from('۰') + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persian_and_arabic_indic_digits_and_spaces() {
        assert_eq!(normalise("۱۳۵۴"), "1354");
        assert_eq!(normalise("١٣٥٤"), "1354");
        assert_eq!(normalise(" ۱۲۳ ٤٥٦ "), "123456");
        assert_eq!(normalise("۱۲\u{200C}۳\u{00A0}4"), "1234");
        assert_eq!(normalise("۱٬۲۰۰"), "1200");
        assert_eq!(normalise("ab۱۲–CD"), "ab12-CD");
        assert_eq!(ascii_digits("۰۹۱۲ ۱۲۳"), "0912 123");
        assert_eq!(persian_digits("2026-03-21"), "۲۰۲۶-۰۳-۲۱");
        assert_eq!(ascii_digit('x'), 'x');
    }
}
