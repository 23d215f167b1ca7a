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

/// A form field as the error summary names it, its label already in the page's language
/// (for fields whose label is built, such as "Person 2 — Name").
#[derive(Debug, Clone)]
pub struct LabelledField {
    /// The field's name.
    pub field: String,
    /// Its label as shown.
    pub label: String,
    /// The id of the control to focus.
    pub focus: String,
}

impl LabelledField {
    /// The field of `f` with its label translated into `locale`.
    #[must_use]
    pub fn of(locale: Locale, f: SummaryField<'_>) -> Self {
        Self {
            field: f.0.to_owned(),
            label: locale.t(f.1),
            focus: f.2.to_owned(),
        }
    }
}

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
        let order: Vec<LabelledField> = order
            .iter()
            .map(|f| LabelledField::of(locale, *f))
            .collect();
        self.shown_in_order(locale, &order)
    }

    /// As [`FieldErrors::shown_labelled`] with labels already translated.
    #[must_use]
    pub fn shown_in_order(
        &self,
        locale: Locale,
        order: &[LabelledField],
    ) -> (BTreeMap<String, Vec<String>>, Vec<ShownError>) {
        let (by_field, _) = self.shown(locale);
        let position = |f: &str| {
            order
                .iter()
                .position(|o| o.field == f)
                .unwrap_or(usize::MAX)
        };
        let mut fields: Vec<&String> = by_field.keys().collect();
        fields.sort_by_key(|f| position(f));
        let mut summary = Vec::new();
        for f in fields {
            let known = order.iter().find(|o| o.field == *f);
            for m in &by_field[f] {
                summary.push(ShownError {
                    field: known.map_or_else(|| f.clone(), |o| o.focus.clone()),
                    message: known.map_or_else(|| m.clone(), |o| format!("{}: {m}", o.label)),
                });
            }
        }
        (by_field, summary)
    }
}

/// What a form page shows of the last submission — the one way a refused form is re-shown:
/// `values` to re-fill (each expected field present, secrets blank), each field's
/// messages under `errors`, and the translated `error_summary` the page opens at.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Refill {
    #[serde(skip_serializing_if = "Option::is_none")]
    values: Option<BTreeMap<String, String>>,
    errors: BTreeMap<String, Vec<String>>,
    error_summary: Vec<ShownError>,
}

impl Refill {
    /// The errors alone (the page fills its values itself), the summary in field-name order.
    #[must_use]
    pub fn errors(locale: Locale, errors: &FieldErrors) -> Self {
        let (errors, error_summary) = errors.shown(locale);
        Self {
            values: None,
            errors,
            error_summary,
        }
    }

    /// The errors alone, the summary in the form's order and labelled.
    #[must_use]
    pub fn labelled(locale: Locale, errors: &FieldErrors, order: &[SummaryField<'_>]) -> Self {
        let (errors, error_summary) = errors.shown_labelled(locale, order);
        Self {
            values: None,
            errors,
            error_summary,
        }
    }

    /// The errors alone, with labels already translated.
    #[must_use]
    pub fn in_order(locale: Locale, errors: &FieldErrors, order: &[LabelledField]) -> Self {
        let (errors, error_summary) = errors.shown_in_order(locale, order);
        Self {
            values: None,
            errors,
            error_summary,
        }
    }

    /// The messages shown beside `field`, if any.
    #[must_use]
    pub fn messages(&self, field: &str) -> Option<&Vec<String>> {
        self.errors.get(field)
    }

    /// Adds the submitted `raw` values, every one of `fields` present ("" when absent).
    #[must_use]
    pub fn with_values(mut self, raw: &BTreeMap<String, String>, fields: &[&str]) -> Self {
        let mut values = raw.clone();
        for f in fields {
            values.entry((*f).to_owned()).or_default();
        }
        self.values = Some(values);
        self
    }

    /// Blanks `secrets` (passwords, codes): never sent back to the browser.
    #[must_use]
    pub fn blank(mut self, secrets: &[&str]) -> Self {
        let values = self.values.get_or_insert_with(BTreeMap::new);
        for s in secrets {
            values.insert((*s).to_owned(), String::new());
        }
        self
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
