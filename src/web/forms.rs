//! Form errors: parse errors (from Rocket) and validation errors (from `validator` and domain
//! rules) in one per-field list of codes, translated into the page's language for display.

use crate::i18n::Locale;
use serde::Serialize;
use std::collections::BTreeMap;

/// Error codes by field name. A code `c` is shown as the message `form-error-c`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub BTreeMap<String, Vec<String>>);

/// One translated error, for the error summary at the top of a form.
#[derive(Debug, Clone, Serialize)]
pub struct ShownError {
    /// The field's name (its input's id).
    pub field: String,
    /// The translated message.
    pub message: String,
}

impl FieldErrors {
    /// Adds `code` for `field`.
    pub fn add(&mut self, field: &str, code: &str) {
        let codes = self.0.entry(field.to_owned()).or_default();
        if !codes.iter().any(|c| c == code) {
            codes.push(code.to_owned());
        }
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Converts Rocket's parse errors.
    #[must_use]
    pub fn from_rocket(errors: &rocket::form::Errors<'_>) -> Self {
        use rocket::form::error::ErrorKind;
        let mut out = Self::default();
        for e in errors.iter() {
            let field = e.name.as_ref().map(|n| n.to_string()).unwrap_or_default();
            let code = match &e.kind {
                ErrorKind::Missing => "required",
                ErrorKind::InvalidLength {
                    min: Some(_),
                    max: None,
                } => "too-short",
                ErrorKind::InvalidLength { .. } => "too-long",
                ErrorKind::InvalidChoice { .. } => "invalid-choice",
                ErrorKind::Int(_) | ErrorKind::OutOfRange { .. } => "invalid-number",
                _ => "invalid",
            };
            out.add(&field, code);
        }
        out
    }

    /// Converts `validator` errors (their `code` is the message code).
    #[must_use]
    pub fn from_validator(errors: &validator::ValidationErrors) -> Self {
        let mut out = Self::default();
        for (field, errs) in errors.field_errors() {
            for e in errs {
                out.add(field.as_ref(), &e.code);
            }
        }
        out
    }

    /// Translated messages by field, and the summary list, for templates.
    #[must_use]
    pub fn shown(&self, locale: Locale) -> (BTreeMap<String, Vec<String>>, Vec<ShownError>) {
        let mut by_field = BTreeMap::new();
        let mut summary = Vec::new();
        for (field, codes) in &self.0 {
            let msgs: Vec<String> = codes
                .iter()
                .map(|c| locale.t(&format!("form-error-{c}")))
                .collect();
            for m in &msgs {
                summary.push(ShownError {
                    field: field.clone(),
                    message: m.clone(),
                });
            }
            by_field.insert(field.clone(), msgs);
        }
        (by_field, summary)
    }
}

/// A form field as the error summary names it: its name, the message key of its label,
/// and the id of the element to focus.
pub type SummaryField<'a> = (&'a str, &'a str, &'a str);

impl FieldErrors {
    /// As [`FieldErrors::shown`], with the summary in the form's order and each entry
    /// prefixed by its field's label ("Your name: This field is required."), linking to the
    /// control itself. Fields not in `order` come last.
    #[must_use]
    pub fn shown_labelled(
        &self,
        locale: Locale,
        order: &[SummaryField<'_>],
    ) -> (BTreeMap<String, Vec<String>>, Vec<ShownError>) {
        let (by_field, _) = self.shown(locale);
        let position = |f: &str| order.iter().position(|o| o.0 == f).unwrap_or(usize::MAX);
        let mut fields: Vec<&String> = by_field.keys().collect();
        fields.sort_by_key(|f| position(f));
        let mut summary = Vec::new();
        for f in fields {
            let known = order.iter().find(|o| o.0 == f.as_str());
            for m in &by_field[f] {
                summary.push(ShownError {
                    field: known.map_or_else(|| f.clone(), |o| o.2.to_owned()),
                    message: match known {
                        Some(o) => format!("{}: {m}", locale.t(o.1)),
                        None => m.clone(),
                    },
                });
            }
        }
        (by_field, summary)
    }
}

/// The address field of the public forms (signing, contact request, registration):
/// required, then checked and canonicalised with the domain's rule, each refusal a field
/// error on `email`.
pub fn signer_email_field(
    raw: &str,
    rules: &std::collections::HashMap<String, crate::domain::people::email::EmailRule>,
    errors: &mut FieldErrors,
) -> Option<crate::domain::people::email::SignerEmail> {
    if raw.trim().is_empty() {
        errors.add("email", "required");
        return None;
    }
    crate::domain::people::email::signer_email(raw, rules)
        .map_err(|p| errors.add("email", p.code()))
        .ok()
}

/// Rejects control characters other than tab/newline, and Unicode bidi overrides that can
/// disguise text (a `validator` custom check, code `control-characters`).
pub fn no_control_chars(value: &str) -> Result<(), validator::ValidationError> {
    if crate::domain::people::text::is_clean(value) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("control-characters"))
    }
}

/// Longest reason or note staff may give.
pub const MAX_NOTE_CHARS: usize = 500;

/// Whether a staff reason or note is acceptable: plain text of at most 500 characters.
#[must_use]
pub fn note_ok(note: &str) -> bool {
    note.chars().count() <= MAX_NOTE_CHARS && crate::domain::people::text::is_clean(note)
}

/// A safe local redirect target: an absolute path on this site (not `//host`, no scheme,
/// no backslash tricks). Anything else becomes `/`.
#[must_use]
pub fn local_path(target: &str) -> Option<&str> {
    let ok = target.starts_with('/')
        && !target.starts_with("//")
        && !target.contains('\\')
        && !target.chars().any(char::is_control)
        && target.len() <= 512
        // Only what a redirect can carry as-is (percent-encoded ASCII).
        && rocket::http::uri::Origin::parse(target).is_ok();
    ok.then_some(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_path_refuses_open_redirects() {
        assert_eq!(
            local_path("/petitions/x?lang=fa"),
            Some("/petitions/x?lang=fa")
        );
        for bad in [
            "/س",
            "/a b",
            "//evil.example",
            "https://evil.example",
            "/\\evil",
            "evil",
            "/a\nb",
            "",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn control_characters_are_refused() {
        assert!(no_control_chars("سلام\nMaryam").is_ok());
        assert!(no_control_chars("a\u{0}b").is_err());
        assert!(no_control_chars("abc\u{202E}gnp.exe").is_err());
    }
}
