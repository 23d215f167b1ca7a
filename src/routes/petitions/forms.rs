//! The petition forms as submitted — signing, the receipt check, the organisers' and
//! admins' petition and signing-control forms — and the checks that turn a submission
//! into a service's input or field errors.

use crate::context::AppContext;
use crate::domain::people::country;
use crate::domain::people::names::clean_name;
use crate::domain::people::relationship::Relationship;
use crate::domain::petitions::signature as sig;
use crate::domain::petitions::signature::{BookDisclosure, PublicDisclosure};
use crate::error::AppError;
use crate::services::petitions::sign::SignInput;
use crate::web::forms::{FieldErrors, signer_email_field};
use crate::web::guards::csrf::CsrfForm;
use rocket::form::FromForm;

/// The signing form.
#[derive(Debug, FromForm)]
pub struct SignForm {
    pub(super) name: String,
    pub(super) email: String,
    pub(super) country: String,
    pub(super) city: Option<String>,
    pub(super) relationship: Option<String>,
    pub(super) letter: Option<String>,
    pub(super) public_disclosure: Option<String>,
    pub(super) book_disclosure: Option<String>,
    pub(super) consent: Option<String>,
    /// "Email me news about this petition": its own consent, unticked unless chosen.
    pub(super) news: Option<String>,
    /// "Did you mean …?": the suggested address, chosen with its button.
    pub(super) use_email: Option<String>,
    /// "Did you mean …?": `yes` keeps the address as typed.
    pub(super) email_as_typed: Option<String>,
}

/// The error code of an address that looks mistyped (the page offers "did you mean …?").
pub(super) const EMAIL_TYPO: &str = "email-typo";

/// Receipt check form.
#[derive(Debug, FromForm)]
pub struct ReceiptForm {
    pub(super) code: String,
}

/// Checks the form; on success the input for the service.
pub(super) async fn check_sign(
    ctx: &AppContext,
    form: &CsrfForm<SignForm>,
) -> Result<Result<SignInput, FieldErrors>, AppError> {
    let mut e = FieldErrors::default();
    let Ok(f) = &form.parsed else {
        for field in ["name", "email", "country"] {
            if form.raw.get(field).is_none_or(|v| v.trim().is_empty()) {
                e.add(field, "required");
            }
        }
        if e.is_empty() {
            e.add("name", "invalid");
        }
        return Ok(Err(e));
    };
    let name = clean_name(&f.name, true, false)
        .map_err(|p| e.add("name", p.code()))
        .ok();
    let settings = crate::services::petitions::sign::settings(ctx).await?;
    let rules = settings.rules();
    // The "did you mean …?" step: the suggestion chosen, or the address kept as typed.
    let chosen = f.use_email.as_deref().filter(|v| !v.trim().is_empty());
    let email = signer_email_field(chosen.unwrap_or(&f.email), rules, &mut e);
    if let Some(em) = &email
        && chosen.is_none()
        && f.email_as_typed.as_deref() != Some("yes")
        && crate::domain::people::typos::suggest(&em.address).is_some()
    {
        e.add("email", EMAIL_TYPO);
    }
    if !country::is_known(&f.country) {
        e.add(
            "country",
            if f.country.is_empty() {
                "required"
            } else {
                "invalid-choice"
            },
        );
    }
    let city = clean_name(f.city.as_deref().unwrap_or(""), false, true)
        .map_err(|p| e.add("city", p.code()))
        .ok();
    let relationship = Relationship::parse(
        f.relationship
            .as_deref()
            .filter(|r| !r.is_empty())
            .unwrap_or(Relationship::None.as_str()),
    );
    if relationship.is_none() {
        e.add("relationship", "invalid-choice");
    }
    let letter = sig::clean_letter(f.letter.as_deref().unwrap_or(""))
        .map_err(|p| e.add("letter", p.code()))
        .ok();
    let public = PublicDisclosure::parse(
        f.public_disclosure
            .as_deref()
            .unwrap_or(PublicDisclosure::Hidden.as_str()),
    );
    if public.is_none() {
        e.add("public_disclosure", "invalid-choice");
    }
    let book = BookDisclosure::parse(
        f.book_disclosure
            .as_deref()
            // Safe default (issue #14): a full name only when chosen.
            .unwrap_or(BookDisclosure::Initials.as_str()),
    );
    if book.is_none() {
        e.add("book_disclosure", "invalid-choice");
    }
    if f.consent.as_deref() != Some("yes") {
        e.add("consent", "consent-required");
    }
    match (name, email, city, relationship, letter, public, book) {
        (
            Some(name),
            Some(email),
            Some(city),
            Some(relationship),
            Some(letter),
            Some(public_disclosure),
            Some(book_disclosure),
        ) if e.is_empty() => Ok(Ok(SignInput {
            name,
            email,
            country: f.country.clone(),
            city,
            relationship,
            letter,
            public_disclosure,
            book_disclosure,
            news: f.news.as_deref() == Some("yes"),
        })),
        _ => Ok(Err(e)),
    }
}

/// The draft form.
#[derive(Debug, FromForm)]
pub struct DraftForm {
    pub(super) slug: String,
    pub(super) goal: String,
    pub(super) addressees: String,
    pub(super) opens_on: String,
    pub(super) closes_on: String,
    pub(super) collects_letters: bool,
    pub(super) title_en: String,
    pub(super) summary_en: String,
    pub(super) body_en: String,
    pub(super) title_fa: String,
    pub(super) summary_fa: String,
    pub(super) body_fa: String,
    pub(super) title_fr: String,
    pub(super) summary_fr: String,
    pub(super) body_fr: String,
}

/// State change form.
#[derive(Debug, FromForm)]
pub struct StateForm {
    pub(super) to: String,
    /// `yes` once the admin confirmed what marking delivered sets (the erasure date).
    #[field(default = String::new())]
    pub(super) confirm: String,
}

/// Email rule form.
#[derive(Debug, FromForm)]
pub struct RuleForm {
    pub(super) domain: String,
    pub(super) strip_dots: bool,
    pub(super) strip_plus: bool,
    pub(super) alias_of: String,
}

/// Removal of an email rule.
#[derive(Debug, FromForm)]
pub struct RemoveRuleForm {
    pub(super) domain: String,
}

/// Access-list entry form.
#[derive(Debug, FromForm)]
pub struct AccessForm {
    pub(super) list: String,
    pub(super) kind: String,
    pub(super) value: String,
    pub(super) note: String,
}

/// Reversal of shadow bans.
#[derive(Debug, FromForm)]
pub struct UnshadowForm {
    pub(super) ip_hash: String,
    pub(super) reason: String,
}

/// Invalidation form: the conditions, a reason, and (to apply) the previewed count.
#[derive(Debug, FromForm)]
pub struct RuleConditions {
    pub(super) domain: String,
    pub(super) ip_hash: String,
    pub(super) from: String,
    pub(super) to: String,
    pub(super) name_contains: String,
    pub(super) reason: String,
    pub(super) previewed: Option<String>,
}

/// Reversal of an invalidation.
#[derive(Debug, FromForm)]
pub struct ReverseForm {
    pub(super) reverse_reason: String,
}

/// Pause form.
#[derive(Debug, FromForm)]
pub struct PauseForm {
    pub(super) paused: bool,
}

/// Moderation form.
#[derive(Debug, FromForm)]
pub struct ModerationForm {
    pub(super) decision: String,
    pub(super) reason: Option<String>,
}

/// Printing signature sheets.
#[derive(Debug, FromForm)]
pub struct SheetsForm {
    pub(super) count: String,
    pub(super) locale: String,
}

/// One line of a typed-in sheet (its line number is its position).
#[derive(Debug, FromForm)]
pub struct PaperLineForm {
    pub(super) name: String,
    pub(super) city: String,
    pub(super) country: String,
    pub(super) relationship: String,
    pub(super) email: String,
    pub(super) disclosure: String,
}

/// Typing in one sheet.
#[derive(Debug, FromForm)]
pub struct TypeSheetForm {
    pub(super) sheet: String,
    pub(super) collected_where: String,
    pub(super) collected_on: String,
    pub(super) lines: Vec<PaperLineForm>,
}

/// Importing typed-up sheets (the CSV pasted in).
#[derive(Debug, FromForm)]
pub struct ImportForm {
    pub(super) collected_where: String,
    pub(super) collected_on: String,
    pub(super) csv: String,
}

/// The checker's decision on a batch.
#[derive(Debug, FromForm)]
pub struct CheckForm {
    pub(super) decision: String,
    pub(super) code: String,
    pub(super) note: Option<String>,
}

/// Checks where and when a batch was collected.
pub(super) fn check_collected(
    collected_where: &str,
    collected_on: &str,
    e: &mut FieldErrors,
) -> Option<(String, chrono::NaiveDate)> {
    let place = collected_where.trim();
    let place_ok = !place.is_empty()
        && place.chars().count() <= 200
        && !place.starts_with(['=', '+', '-', '@'])
        && crate::domain::people::text::is_clean(place);
    if !place_ok {
        e.add("collected_where", "paper-where");
    }
    let on = crate::i18n::calendar::read_day(collected_on)
        .map(|(d, _)| d)
        .map_err(|p| e.add("collected_on", p.day_code()))
        .ok();
    Some((place.to_owned(), on?)).filter(|_| place_ok)
}

/// The lines of a typed-in sheet that are not blank, numbered by position.
pub(super) fn sheet_lines(f: &TypeSheetForm) -> Vec<crate::services::petitions::paper::RawLine> {
    f.lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            [&l.name, &l.city, &l.country, &l.relationship, &l.email]
                .iter()
                .any(|v| !v.trim().is_empty())
        })
        .map(|(i, l)| crate::services::petitions::paper::RawLine {
            row: i + 1,
            sheet: f.sheet.clone(),
            line: (i + 1).to_string(),
            name: l.name.clone(),
            city: l.city.clone(),
            country: l.country.clone(),
            relationship: l.relationship.clone(),
            email: l.email.clone(),
            disclosure: l.disclosure.clone(),
        })
        .collect()
}

/// A milestone of a petition's progress as submitted: the signature count and what happens
/// then, in each language (at least one).
#[derive(Debug, FromForm)]
pub struct MilestoneForm {
    pub(super) threshold: String,
    pub(super) consequence_en: String,
    pub(super) consequence_fa: String,
    pub(super) consequence_fr: String,
}

/// A petition's answer due date and next step as submitted.
#[derive(Debug, FromForm)]
pub struct ProgressForm {
    pub(super) answer_due_on: String,
    pub(super) next_step_en: String,
    pub(super) next_step_fa: String,
    pub(super) next_step_fr: String,
}

/// A text of the progress forms: at most
/// [`crate::services::petitions::progress::MAX_TEXT_CHARS`] characters of clean text.
fn progress_text(errors: &mut FieldErrors, field: &str, value: &str) -> String {
    if value.chars().count() > crate::services::petitions::progress::MAX_TEXT_CHARS {
        errors.add(field, "too-long");
    } else if !crate::domain::people::text::is_clean(value) {
        errors.add(field, "control-characters");
    }
    value.trim().to_owned()
}

impl MilestoneForm {
    /// Checks a milestone: a whole number of signatures from 1 to 10,000,000 and at least one
    /// consequence.
    pub(super) fn check(
        &self,
    ) -> Result<crate::services::petitions::progress::NewMilestone, FieldErrors> {
        let mut errors = FieldErrors::default();
        let threshold = self
            .threshold
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|n| (1..=10_000_000).contains(n));
        if threshold.is_none() {
            errors.add("threshold", "milestone-threshold");
        }
        let mut consequence = crate::services::petitions::progress::Texts::new();
        for (code, field, value) in [
            ("en", "consequence_en", &self.consequence_en),
            ("fa", "consequence_fa", &self.consequence_fa),
            ("fr", "consequence_fr", &self.consequence_fr),
        ] {
            let text = progress_text(&mut errors, field, value);
            if !text.is_empty() {
                consequence.insert(code, text);
            }
        }
        if consequence.is_empty() && errors.0.keys().all(|k| !k.starts_with("consequence")) {
            errors.add("consequence_en", "milestone-consequence");
        }
        match threshold {
            Some(threshold) if errors.is_empty() => {
                Ok(crate::services::petitions::progress::NewMilestone {
                    threshold,
                    consequence,
                })
            }
            _ => Err(errors),
        }
    }
}

impl ProgressForm {
    /// Checks the due date (optional; a real day, not more than ten years ahead) and the
    /// next step in each language (optional).
    pub(super) fn check(
        &self,
        today: chrono::NaiveDate,
    ) -> Result<crate::services::petitions::progress::ProgressInput, FieldErrors> {
        let mut errors = FieldErrors::default();
        let raw = self.answer_due_on.trim();
        let due = if raw.is_empty() {
            None
        } else {
            match crate::i18n::calendar::read_day(raw) {
                Ok((d, _)) if d <= today + chrono::Duration::days(3_650) => Some(d),
                Ok(_) => {
                    errors.add("answer_due_on", "due-date-far");
                    None
                }
                Err(p) => {
                    errors.add("answer_due_on", p.day_code());
                    None
                }
            }
        };
        let mut next_step = crate::services::petitions::progress::Texts::new();
        for (code, field, value) in [
            ("en", "next_step_en", &self.next_step_en),
            ("fa", "next_step_fa", &self.next_step_fa),
            ("fr", "next_step_fr", &self.next_step_fr),
        ] {
            let text = progress_text(&mut errors, field, value);
            if !text.is_empty() {
                next_step.insert(code, text);
            }
        }
        if errors.is_empty() {
            Ok(crate::services::petitions::progress::ProgressInput {
                answer_due_on: due,
                next_step,
            })
        } else {
            Err(errors)
        }
    }
}

/// An update to signers as written: subject and text in each language.
#[derive(Debug, FromForm)]
pub struct UpdateForm {
    pub(super) subject_en: String,
    pub(super) subject_fa: String,
    pub(super) subject_fr: String,
    pub(super) body_en: String,
    pub(super) body_fa: String,
    pub(super) body_fr: String,
}

impl UpdateForm {
    /// Checks an update: English subject and text required (every signer's fallback), each
    /// language's subject and text given together, lengths and clean text.
    pub(super) fn check(
        &self,
    ) -> Result<crate::services::petitions::news::UpdateTexts, FieldErrors> {
        use crate::services::petitions::news::{MAX_BODY_CHARS, MAX_SUBJECT_CHARS};
        let mut errors = FieldErrors::default();
        let mut texts = crate::services::petitions::news::UpdateTexts::default();
        for (code, subject, body) in [
            ("en", &self.subject_en, &self.body_en),
            ("fa", &self.subject_fa, &self.body_fa),
            ("fr", &self.subject_fr, &self.body_fr),
        ] {
            let (sf, bf) = (format!("subject_{code}"), format!("body_{code}"));
            let (s, b) = (subject.trim(), body.trim());
            if s.chars().count() > MAX_SUBJECT_CHARS {
                errors.add(&sf, "too-long");
            } else if s.contains(['\n', '\r']) || !crate::domain::people::text::is_clean(s) {
                errors.add(&sf, "control-characters");
            }
            if b.chars().count() > MAX_BODY_CHARS {
                errors.add(&bf, "too-long");
            } else if !crate::domain::people::text::is_clean(b) {
                errors.add(&bf, "control-characters");
            }
            if code == "en" || !s.is_empty() || !b.is_empty() {
                if s.is_empty() {
                    errors.add(&sf, "required");
                }
                if b.is_empty() {
                    errors.add(&bf, "required");
                }
            }
            if !s.is_empty() && !b.is_empty() {
                texts.subject.insert(code, s.to_owned());
                texts.body.insert(code, b.to_owned());
            }
        }
        if errors.is_empty() {
            Ok(texts)
        } else {
            Err(errors)
        }
    }
}

/// A second organiser's decision on sending an update, with a fresh second-factor code.
#[derive(Debug, FromForm)]
pub struct DecideUpdateForm {
    pub(super) decision: String,
    pub(super) code: String,
}
