//! Plain-text hygiene shared by forms and services: what counts as an unacceptable
//! invisible character in user input.

/// Whether `value` is free of control characters (other than tab and line breaks) and of
/// Unicode bidirectional overrides and isolates, which can disguise text
/// (`abc\u{202E}gnp.exe`).
#[must_use]
pub fn is_clean(value: &str) -> bool {
    !value.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\r' && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    })
}
