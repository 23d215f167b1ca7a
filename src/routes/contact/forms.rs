//! The contact forms as submitted — the public request and registration, the parties'
//! answers and messages, the caseworkers' review and case forms — and the checks that
//! turn a submission into a service's input or field errors.

use super::form_parts::{relationships, text};
use crate::context::AppContext;
use crate::domain::contact::consent::{Choice, Decision, Party, WELFARE_MAX_CHARS};
use crate::domain::contact::form as cf;
use crate::domain::contact::records::{Openness, RegistrationData, RegistrationRules, SoughtData};
use crate::domain::people::country;
use crate::domain::people::email::email_rules;
use crate::domain::people::names::clean_name;
use crate::domain::people::relationship::Relationship;
use crate::domain::people::text::is_clean;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::services::contact::consent::{DETAIL_MAX_CHARS, WelfareChoice};
use crate::services::contact::editing::{RegistrationEdit, SoughtAdditions};
use crate::services::contact::intake::{RegistrationInput, RequestInput};
use crate::services::contact::relay::PostProblem;
use crate::services::contact::{consent as flow, relay};
use crate::web::forms::{FieldErrors, no_control_chars, note_ok, signer_email_field};
use crate::web::guards::csrf::CsrfForm;
use chrono::Utc;
use rocket::form::FromForm;

/// A sought-person block of the request form (`s1.name_latin`, `s2.…`).
#[derive(Debug, FromForm)]
pub struct SoughtForm {
    pub(super) name_latin: Option<String>,
    pub(super) name_persian: Option<String>,
    pub(super) aliases: Option<String>,
    pub(super) birth_year: Option<String>,
    pub(super) father_name: Option<String>,
    pub(super) birthplace: Option<String>,
    pub(super) last_place: Option<String>,
    pub(super) last_year: Option<String>,
    pub(super) facts: Option<String>,
}

/// The contact request form.
#[derive(Debug, FromForm)]
pub struct RequestForm {
    pub(super) name: Option<String>,
    pub(super) email: Option<String>,
    pub(super) phone: Option<String>,
    pub(super) country: Option<String>,
    pub(super) relationship: Option<String>,
    pub(super) s1: SoughtForm,
    pub(super) s2: SoughtForm,
    pub(super) s3: SoughtForm,
    pub(super) message: Option<String>,
    pub(super) consent: Option<String>,
}

/// Checks one sought-person block; `None` when it was left empty.
pub(super) fn check_sought(
    n: usize,
    f: &SoughtForm,
    today: chrono::NaiveDate,
    e: &mut FieldErrors,
) -> Option<SoughtData> {
    let fields = [
        &f.name_latin,
        &f.name_persian,
        &f.aliases,
        &f.birth_year,
        &f.father_name,
        &f.birthplace,
        &f.last_place,
        &f.last_year,
        &f.facts,
    ];
    if fields
        .iter()
        .all(|v| v.as_deref().is_none_or(|s| s.trim().is_empty()))
    {
        return None;
    }
    let before = e.clone();
    let key = |field: &str| format!("s{n}.{field}");
    let mut take = |field: &str, r: Result<String, &'static str>| {
        r.map_err(|code| e.add(&key(field), code))
            .unwrap_or_default()
    };
    let name_latin = take("name_latin", cf::latin_name(text(f.name_latin.as_ref())));
    let name_persian = take(
        "name_persian",
        cf::persian_name(text(f.name_persian.as_ref())),
    );
    let father_name = take(
        "father_name",
        cf::any_name(text(f.father_name.as_ref()), false),
    );
    let birthplace = take(
        "birthplace",
        cf::any_name(text(f.birthplace.as_ref()), true),
    );
    let last_place = take(
        "last_place",
        cf::any_name(text(f.last_place.as_ref()), true),
    );
    let facts = take(
        "facts",
        cf::free_text(text(f.facts.as_ref()), cf::MAX_FACTS_CHARS),
    );
    let aliases = cf::lines(text(f.aliases.as_ref()), false)
        .map_err(|code| e.add(&key("aliases"), code))
        .unwrap_or_default();
    let birth_year = cf::year(text(f.birth_year.as_ref()), today)
        .map_err(|code| e.add(&key("birth_year"), code))
        .unwrap_or_default();
    let last_year = cf::year(text(f.last_year.as_ref()), today)
        .map_err(|code| e.add(&key("last_year"), code))
        .unwrap_or_default();
    if let (Some(b), Some(l)) = (birth_year, last_year)
        && l < b
    {
        e.add(&key("last_year"), "contact-year-order");
    }
    let no_name = text(f.name_latin.as_ref()).trim().is_empty()
        && text(f.name_persian.as_ref()).trim().is_empty();
    if no_name {
        e.add(&key("name_latin"), "contact-name-needed");
    }
    if *e != before {
        // Errors of this block are reported; the caller refuses the form.
        return Some(SoughtData::default());
    }
    Some(SoughtData {
        name_latin,
        name_persian,
        aliases,
        birth_year,
        father_name,
        birthplace,
        last_place,
        last_year,
        facts,
    })
}

pub(super) async fn check_request(
    ctx: &AppContext,
    form: &CsrfForm<RequestForm>,
) -> Result<Result<RequestInput, FieldErrors>, AppError> {
    let mut e = FieldErrors::default();
    let f = match &form.parsed {
        Ok(f) => f,
        Err(parse) => {
            e = parse.clone();
            if e.is_empty() {
                e.add("name", "invalid");
            }
            return Ok(Err(e));
        }
    };
    let name = clean_name(text(f.name.as_ref()), true, false)
        .map_err(|p| e.add("name", p.code()))
        .ok();
    let rules = email_rules(&ctx.db).await?;
    let raw_email = text(f.email.as_ref());
    let email = signer_email_field(raw_email, &rules, &mut e);
    let phone = cf::phone(text(f.phone.as_ref()))
        .map_err(|code| e.add("phone", code))
        .ok();
    let country_code = text(f.country.as_ref()).to_owned();
    if country_code.is_empty() {
        e.add("country", "required");
    } else if !country::is_known(&country_code) {
        e.add("country", "invalid-choice");
    }
    let rel_raw = text(f.relationship.as_ref());
    let relationship = Relationship::parse(rel_raw).filter(|r| relationships().any(|x| x == *r));
    if rel_raw.is_empty() {
        e.add("relationship", "required");
    } else if relationship.is_none() {
        e.add("relationship", "invalid-choice");
    }
    let today = Utc::now().date_naive();
    let sought: Vec<SoughtData> = [&f.s1, &f.s2, &f.s3]
        .into_iter()
        .enumerate()
        .filter_map(|(i, s)| check_sought(i + 1, s, today, &mut e))
        .collect();
    if sought.is_empty() {
        e.add("s1.name_latin", "contact-sought-needed");
    }
    let message = cf::free_text(text(f.message.as_ref()), cf::MAX_MESSAGE_CHARS)
        .map_err(|code| e.add("message", code))
        .ok();
    if f.consent.as_deref() != Some("yes") {
        e.add("consent", "consent-required");
    }
    match (name, email, phone, relationship, message) {
        (Some(name), Some(email), Some(phone), Some(relationship), Some(message))
            if e.is_empty() =>
        {
            Ok(Ok(RequestInput {
                name,
                email,
                phone,
                country: country_code,
                relationship,
                message,
                sought,
            }))
        }
        _ => Ok(Err(e)),
    }
}

/// The registration form.
#[derive(Debug, FromForm)]
pub struct RegisterForm {
    pub(super) name_latin: Option<String>,
    pub(super) name_persian: Option<String>,
    pub(super) aliases: Option<String>,
    pub(super) birth_year: Option<String>,
    pub(super) father_name: Option<String>,
    pub(super) places: Option<String>,
    pub(super) email: Option<String>,
    pub(super) language: Option<String>,
    pub(super) openness: Option<String>,
    pub(super) only_relationships: Vec<String>,
    pub(super) only_names: Option<String>,
    pub(super) deny_names: Option<String>,
    pub(super) deny_aliases: Option<String>,
    pub(super) consent: Option<String>,
}

pub(super) async fn check_register(
    ctx: &AppContext,
    form: &CsrfForm<RegisterForm>,
) -> Result<Result<RegistrationInput, FieldErrors>, AppError> {
    let mut e = FieldErrors::default();
    let f = match &form.parsed {
        Ok(f) => f,
        Err(parse) => {
            e = parse.clone();
            if e.is_empty() {
                e.add("name_latin", "invalid");
            }
            return Ok(Err(e));
        }
    };
    let mut take = |field: &str, r: Result<String, &'static str>| {
        r.map_err(|code| e.add(field, code)).unwrap_or_default()
    };
    let name_latin = take("name_latin", cf::latin_name(text(f.name_latin.as_ref())));
    let name_persian = take(
        "name_persian",
        cf::persian_name(text(f.name_persian.as_ref())),
    );
    let father_name = take(
        "father_name",
        cf::any_name(text(f.father_name.as_ref()), false),
    );
    if text(f.name_latin.as_ref()).trim().is_empty()
        && text(f.name_persian.as_ref()).trim().is_empty()
    {
        e.add("name_latin", "contact-name-needed");
    }
    let mut list = |field: &str, v: &Option<String>, digits: bool| {
        cf::lines(text(v.as_ref()), digits)
            .map_err(|code| e.add(field, code))
            .unwrap_or_default()
    };
    let aliases = list("aliases", &f.aliases, false);
    let places = list("places", &f.places, true);
    let only_names = list("only_names", &f.only_names, false);
    let deny_names = list("deny_names", &f.deny_names, false);
    let deny_aliases = list("deny_aliases", &f.deny_aliases, false);
    let birth_year = cf::year(text(f.birth_year.as_ref()), Utc::now().date_naive())
        .map_err(|code| e.add("birth_year", code))
        .unwrap_or_default();
    let rules = email_rules(&ctx.db).await?;
    let raw_email = text(f.email.as_ref());
    let email = signer_email_field(raw_email, &rules, &mut e);
    let locale = Locale::ALL
        .into_iter()
        .find(|l| Some(l.code()) == f.language.as_deref());
    if locale.is_none() {
        e.add("language", "invalid-choice");
    }
    let openness = match f.openness.as_deref() {
        None | Some("") => {
            e.add("openness", "required");
            None
        }
        Some(v) => Openness::parse(v).or_else(|| {
            e.add("openness", "invalid-choice");
            None
        }),
    };
    let mut only_relationships = Vec::new();
    for r in &f.only_relationships {
        match Relationship::parse(r).filter(|x| relationships().any(|y| y == *x)) {
            Some(rel) if !only_relationships.contains(&rel.as_str().to_owned()) => {
                only_relationships.push(rel.as_str().to_owned());
            }
            Some(_) => {}
            None => e.add("only_relationships", "invalid-choice"),
        }
    }
    if openness == Some(Openness::Relationships) && only_relationships.is_empty() {
        e.add("only_relationships", "contact-relationships-needed");
    }
    if openness == Some(Openness::Named) && only_names.is_empty() {
        e.add("only_names", "contact-names-needed");
    }
    if f.consent.as_deref() != Some("yes") {
        e.add("consent", "consent-required");
    }
    let (Some(email), Some(locale), Some(openness)) = (email, locale, openness) else {
        return Ok(Err(e));
    };
    if !e.is_empty() {
        return Ok(Err(e));
    }
    let names: Vec<String> = [name_latin, name_persian]
        .into_iter()
        .filter(|n| !n.is_empty())
        .chain(aliases)
        .collect();
    Ok(Ok(RegistrationInput {
        data: RegistrationData {
            names,
            birth_year,
            father_name,
            places,
            email: String::new(),
            ..RegistrationData::default()
        },
        email,
        openness,
        rules: RegistrationRules {
            only_relationships: if openness == Openness::Relationships {
                only_relationships
            } else {
                Vec::new()
            },
            only_names: if openness == Openness::Named {
                only_names
            } else {
                Vec::new()
            },
            deny_names,
            deny_aliases,
            deny_relationships: Vec::new(),
            deny_requester_keys: Vec::new(),
        },
        locale,
    }))
}

/// An answer obtained by phone or in person.
#[derive(Debug, FromForm)]
pub struct AssertForm {
    #[field(default = String::new())]
    pub(super) party: String,
    #[field(default = String::new())]
    pub(super) decision: String,
    #[field(default = String::new())]
    pub(super) choice: String,
    #[field(default = String::new())]
    pub(super) detail: String,
    #[field(default = String::new())]
    pub(super) welfare: String,
    #[field(default = String::new())]
    pub(super) welfare_text: String,
    #[field(default = String::new())]
    pub(super) how: String,
}

/// Why the connection should be released.
#[derive(Debug, FromForm)]
pub struct ReleaseForm {
    #[field(default = String::new())]
    pub(super) reason: String,
}

/// A decision on a colleague's proposal.
#[derive(Debug, FromForm)]
pub struct DecideForm {
    #[field(default = String::new())]
    pub(super) decision: String,
    #[field(default = String::new())]
    pub(super) note: String,
    /// A fresh second-factor code (or a recovery code): deciding proves presence.
    #[field(default = String::new())]
    pub(super) code: String,
}

/// Release or withhold a decliner's own welfare message.
#[derive(Debug, FromForm)]
pub struct WelfareForm {
    #[field(default = String::new())]
    pub(super) decision: String,
}

/// A checked "record an answer" form: the party, the answer, how it was obtained.
pub(super) type Asserted = (Party, flow::Answer, String);

/// Checks a "record an answer" form.
pub(super) fn check_assert(f: &AssertForm) -> Result<Asserted, FieldErrors> {
    let mut errors = FieldErrors::default();
    let party = choice(&mut errors, "party", &f.party, Party::parse);
    let answer = check_answer_fields(
        &AnswerFields {
            decision: Some(&f.decision),
            choice: &f.choice,
            detail: &f.detail,
            welfare: &f.welfare,
            welfare_text: &f.welfare_text,
        },
        &mut errors,
    );
    // Only the person sought refuses for good or sends a welfare message.
    if party == Some(Party::Requester) {
        let decision = Decision::parse(f.decision.trim());
        if decision == Some(Decision::Never) {
            errors.add("decision", "case-never-sought-only");
        }
        if decision.is_some_and(|d| d != Decision::Accept)
            && !matches!(f.welfare.trim(), "" | "none")
        {
            errors.add("welfare", "case-welfare-sought-only");
        }
    }
    if f.how.trim().is_empty() {
        errors.add("how", "required");
    } else if !note_ok(&f.how) {
        errors.add("how", "note-invalid");
    }
    match (party, answer) {
        (Some(party), Some(answer)) if errors.is_empty() => {
            Ok((party, answer, f.how.trim().to_owned()))
        }
        _ => Err(errors),
    }
}

/// The fields of an answer or a re-confirmation (all optional here: checked below, so a
/// missing one is a translated message, not a parse error).
#[derive(Debug, FromForm)]
pub struct AnswerForm {
    pub(super) decision: Option<String>,
    pub(super) choice: Option<String>,
    pub(super) detail: Option<String>,
    pub(super) welfare: Option<String>,
    pub(super) welfare_text: Option<String>,
    /// `yes` once the sought person confirmed "never with this person" on the "are you
    /// sure?" page (issue #14).
    pub(super) confirmed: Option<String>,
}

/// A message.
#[derive(Debug, FromForm)]
pub struct MessageForm {
    pub(super) body: Option<String>,
}

/// The leave/withdraw form: with `block`, a sought person also refuses this requester for
/// good.
#[derive(Debug, FromForm)]
pub struct LeaveForm {
    pub(super) block: Option<String>,
    /// `yes` once the person confirmed on the "are you sure?" page (issue #14).
    pub(super) confirmed: Option<String>,
}

impl LeaveForm {
    /// Whether "never with this person" was ticked.
    pub(super) fn blocks(&self) -> bool {
        self.block.as_deref() == Some("yes")
    }

    /// Whether the person confirmed the step.
    pub(super) fn is_confirmed(&self) -> bool {
        self.confirmed.as_deref() == Some("yes")
    }
}

/// Checks an answer form. A requester's re-confirmation has no decision field.
pub(super) fn check_answer(
    form: Option<&AnswerForm>,
    requester: bool,
) -> Result<flow::Answer, FieldErrors> {
    let fields = AnswerFields {
        decision: (!requester).then(|| filled(form.and_then(|f| f.decision.as_ref()))),
        choice: filled(form.and_then(|f| f.choice.as_ref())),
        detail: filled(form.and_then(|f| f.detail.as_ref())),
        welfare: filled(form.and_then(|f| f.welfare.as_ref())),
        welfare_text: filled(form.and_then(|f| f.welfare_text.as_ref())),
    };
    let mut errors = FieldErrors::default();
    check_answer_fields(&fields, &mut errors).ok_or(errors)
}

pub(super) fn check_message(form: Option<&MessageForm>) -> Result<String, FieldErrors> {
    let body = filled(form.and_then(|f| f.body.as_ref()));
    let mut errors = FieldErrors::default();
    match relay::check(body) {
        Err(PostProblem::Empty) => errors.add("body", "required"),
        Err(PostProblem::TooLong) => errors.add("body", "too-long"),
        _ => {}
    }
    if let Err(e) = no_control_chars(body) {
        errors.add("body", &e.code);
    }
    if errors.is_empty() {
        Ok(body.to_owned())
    } else {
        Err(errors)
    }
}

/// Decision on a candidate.
#[derive(Debug, FromForm)]
pub struct DecisionForm {
    pub(super) decision: String,
}

/// Hostile flag.
#[derive(Debug, FromForm)]
pub struct FlagForm {
    pub(super) hostile: bool,
    pub(super) reason: String,
}

/// Reveal form.
#[derive(Debug, FromForm)]
pub struct RevealForm {
    pub(super) detail: String,
    pub(super) reason: String,
}

pub(super) fn filled(v: Option<&String>) -> &str {
    v.map_or("", |s| s.trim())
}

/// A required choice: `required` when none was made, `invalid-choice` when unknown.
pub(super) fn choice<T>(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    parse: fn(&str) -> Option<T>,
) -> Option<T> {
    let parsed = parse(value);
    if parsed.is_none() {
        errors.add(
            field,
            if value.is_empty() {
                "required"
            } else {
                "invalid-choice"
            },
        );
    }
    parsed
}

/// Plain text of at most `max` characters (`required` when empty).
pub(super) fn plain_text(errors: &mut FieldErrors, field: &str, value: &str, max: usize) {
    if value.trim().is_empty() {
        errors.add(field, "required");
    } else if value.chars().count() > max {
        errors.add(field, "too-long");
    } else if !is_clean(value) {
        errors.add(field, "control-characters");
    }
}

/// The fields of an answer as submitted: the sought person's, a requester's
/// re-confirmation (`decision: None`: always "accept"), or one a caseworker records.
pub struct AnswerFields<'a> {
    pub(crate) decision: Option<&'a str>,
    pub(crate) choice: &'a str,
    pub(crate) detail: &'a str,
    pub(crate) welfare: &'a str,
    pub(crate) welfare_text: &'a str,
}

/// Checks an answer's fields, adding what is wrong to `errors`; the answer when nothing
/// is (with share, the detail; with an own welfare message, its text).
pub(super) fn check_answer_fields(
    f: &AnswerFields<'_>,
    errors: &mut FieldErrors,
) -> Option<flow::Answer> {
    let decision = match f.decision {
        None => Some(Decision::Accept),
        Some(d) => choice(errors, "decision", d.trim(), Decision::parse),
    };
    let mut answer = flow::Answer {
        decision: decision?,
        choice: None,
        detail: String::new(),
        welfare: WelfareChoice::None,
    };
    match answer.decision {
        Decision::Accept => {
            answer.choice = choice(errors, "choice", f.choice.trim(), Choice::parse);
            if answer.choice == Some(Choice::Share) {
                plain_text(errors, "detail", f.detail, DETAIL_MAX_CHARS);
                f.detail.trim().clone_into(&mut answer.detail);
            }
        }
        Decision::Decline => {
            answer.welfare = match f.welfare.trim() {
                "" | "none" => WelfareChoice::None,
                "preset" => WelfareChoice::Preset,
                "own" => {
                    plain_text(errors, "welfare_text", f.welfare_text, WELFARE_MAX_CHARS);
                    WelfareChoice::Own(f.welfare_text.trim().to_owned())
                }
                _ => {
                    errors.add("welfare", "invalid-choice");
                    WelfareChoice::None
                }
            };
        }
        Decision::Never => {}
    }
    errors.is_empty().then_some(answer)
}

/// The registered person's change form (issue #14): names, openness, allow list, vetoes.
#[derive(Debug, FromForm)]
pub struct RegistrationEditForm {
    pub(super) names: Option<String>,
    pub(super) openness: Option<String>,
    pub(super) only_relationships: Vec<String>,
    pub(super) only_names: Option<String>,
    pub(super) deny_names: Option<String>,
    pub(super) deny_aliases: Option<String>,
}

/// Checks the change form: the same rules as the registration form (names in one script
/// each, one per line, at most [`cf::MAX_LINES`]; a known openness; relationships from the
/// list).
pub(super) fn check_registration_edit(
    form: &CsrfForm<RegistrationEditForm>,
) -> Result<RegistrationEdit, FieldErrors> {
    let mut e = FieldErrors::default();
    let f = match &form.parsed {
        Ok(f) => f,
        Err(parse) => {
            let mut e = parse.clone();
            if e.is_empty() {
                e.add("names", "invalid");
            }
            return Err(e);
        }
    };
    let names = cf::name_lines(text(f.names.as_ref()))
        .map_err(|code| e.add("names", code))
        .unwrap_or_default();
    let mut list = |field: &str, v: &Option<String>| {
        cf::lines(text(v.as_ref()), false)
            .map_err(|code| e.add(field, code))
            .unwrap_or_default()
    };
    let only_names = list("only_names", &f.only_names);
    let deny_names = list("deny_names", &f.deny_names);
    let deny_aliases = list("deny_aliases", &f.deny_aliases);
    if names.is_empty() && !e.0.contains_key("names") {
        e.add("names", "contact-edit-name-needed");
    }
    let openness = match f.openness.as_deref() {
        None | Some("") => {
            e.add("openness", "required");
            None
        }
        Some(v) => Openness::parse(v).or_else(|| {
            e.add("openness", "invalid-choice");
            None
        }),
    };
    let mut only_relationships = Vec::new();
    for r in &f.only_relationships {
        match Relationship::parse(r).filter(|x| relationships().any(|y| y == *x)) {
            Some(rel) if !only_relationships.contains(&rel.as_str().to_owned()) => {
                only_relationships.push(rel.as_str().to_owned());
            }
            Some(_) => {}
            None => e.add("only_relationships", "invalid-choice"),
        }
    }
    if openness == Some(Openness::Relationships) && only_relationships.is_empty() {
        e.add("only_relationships", "contact-relationships-needed");
    }
    if openness == Some(Openness::Named) && only_names.is_empty() {
        e.add("only_names", "contact-names-needed");
    }
    match openness {
        Some(openness) if e.is_empty() => Ok(RegistrationEdit {
            names,
            openness,
            only_relationships,
            only_names,
            deny_names,
            deny_aliases,
        }),
        _ => Err(e),
    }
}

/// The requester's additions to a person they seek (issue #14).
#[derive(Debug, FromForm)]
pub struct SoughtAddForm {
    pub(super) aliases: Option<String>,
    pub(super) facts: Option<String>,
}

/// Checks the additions: spellings and aliases one per line, each a name in one script;
/// facts as free text of at most [`cf::MAX_FACTS_CHARS`] characters; something to add.
pub(super) fn check_sought_add(
    form: &CsrfForm<SoughtAddForm>,
) -> Result<SoughtAdditions, FieldErrors> {
    let mut e = FieldErrors::default();
    let f = match &form.parsed {
        Ok(f) => f,
        Err(parse) => {
            let mut e = parse.clone();
            if e.is_empty() {
                e.add("aliases", "invalid");
            }
            return Err(e);
        }
    };
    let aliases = cf::name_lines(text(f.aliases.as_ref()))
        .map_err(|code| e.add("aliases", code))
        .unwrap_or_default();
    let facts = cf::free_text(text(f.facts.as_ref()), cf::MAX_FACTS_CHARS)
        .map_err(|code| e.add("facts", code))
        .unwrap_or_default();
    if e.is_empty() && aliases.is_empty() && facts.is_empty() {
        e.add("aliases", "contact-add-something");
    }
    if e.is_empty() {
        Ok(SoughtAdditions { aliases, facts })
    } else {
        Err(e)
    }
}

/// A step that asks "are you sure?" first: `confirmed=yes` once the person confirmed.
#[derive(Debug, FromForm)]
pub struct ConfirmedForm {
    pub(super) confirmed: Option<String>,
}

impl ConfirmedForm {
    /// Whether the person confirmed the step.
    pub(super) fn is_confirmed(&self) -> bool {
        self.confirmed.as_deref() == Some("yes")
    }
}
