//! The edition forms as submitted: freezing an edition, recording and correcting a
//! hand-over and its later answer.

use rocket::form::FromForm;

/// Freeze form.
#[derive(Debug, FromForm)]
pub struct FreezeForm {
    pub(super) locale: String,
}

/// Hand-over form.
#[derive(Debug, FromForm)]
pub struct HandoverForm {
    pub(super) recipient: String,
    pub(super) office: String,
    pub(super) handed_on: String,
    pub(super) form: String,
    pub(super) acknowledgement: String,
    pub(super) answer: String,
    /// How it reached them (optional: empty when not said).
    #[field(default = String::new())]
    pub(super) channel: String,
}

/// A correction of a recorded hand-over's facts.
#[derive(Debug, FromForm)]
pub struct HandoverEditForm {
    pub(super) recipient: String,
    pub(super) office: String,
    pub(super) handed_on: String,
    pub(super) form: String,
    #[field(default = String::new())]
    pub(super) channel: String,
}

/// A later answer to a recorded hand-over: its summary in English (`later_answer`),
/// Persian and French (at least one), and its day.
#[derive(Debug, FromForm)]
pub struct AnswerForm {
    #[field(default = String::new())]
    pub(super) later_answer: String,
    #[field(default = String::new())]
    pub(super) later_answer_fa: String,
    #[field(default = String::new())]
    pub(super) later_answer_fr: String,
    pub(super) answered_on: String,
}

/// The public bundle check's text fields, checked: the fingerprint read in the book and a
/// receipt code, both optional.
#[derive(Debug, Default)]
pub struct VerifyFields {
    /// The fingerprint typed from the book's cover, 64 hex digits (spaces removed).
    pub(super) fingerprint: Option<String>,
    /// A receipt code to look up.
    pub(super) receipt: Option<String>,
}

/// The longest receipt code accepted on the bundle check (real ones are 14 characters).
const MAX_RECEIPT_CHARS: usize = 64;

impl VerifyFields {
    /// Checks the submitted text fields of the bundle check.
    pub(super) fn check(
        raw: &std::collections::BTreeMap<String, String>,
    ) -> Result<Self, crate::web::forms::FieldErrors> {
        let mut errors = crate::web::forms::FieldErrors::default();
        let value = |name: &str| {
            raw.get(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let fingerprint = value("fingerprint");
        let fingerprint = match fingerprint {
            None => None,
            Some(fp) => match peyvand_export::cli::parse_fingerprint(&fp) {
                Ok(fp) => Some(fp),
                Err(_) => {
                    errors.add("fingerprint", "fingerprint-invalid");
                    None
                }
            },
        };
        // A code typed in Persian digits or with spaces reads as the printed one.
        let receipt = value("receipt").map(|raw| {
            crate::domain::petitions::signature::typed_receipt_code(&raw).unwrap_or(raw)
        });
        if let Some(code) = &receipt {
            if code.chars().count() > MAX_RECEIPT_CHARS {
                errors.add("receipt", "too-long");
            } else if !crate::domain::people::text::is_clean(code) {
                errors.add("receipt", "control-characters");
            }
        }
        if errors.is_empty() {
            Ok(Self {
                fingerprint,
                receipt,
            })
        } else {
            Err(errors)
        }
    }
}
