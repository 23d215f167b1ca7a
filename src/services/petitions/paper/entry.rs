//! Typing paper sheets in: the checks every row passes (the same name, city, email and
//! country rules as online signing, plus sheet numbers that were printed and not yet
//! entered), the CSV layout of typed-up sheets, and storing a batch — all of it or,
//! when any row is wrong, nothing.

use crate::context::AppContext;
use crate::domain::approval::{self, Action, Proposal};
use crate::domain::audit::{Actor, AuditAction, Subject};
use crate::domain::people::country;
use crate::domain::people::email::{EmailRule, SignerEmail, signer_email};
use crate::domain::people::names::clean_name;
use crate::domain::people::relationship::Relationship;
use crate::domain::petitions::paper::{self, BatchState, Channel};
use crate::domain::petitions::signature::{
    self as sig, BookDisclosure, LetterState, PublicDisclosure, SignatureState, context,
};
use crate::entities::{paper_batch, paper_batch_sheet, paper_sheet_run, signature};
use crate::error::AppError;
use crate::ids::{PaperBatchId, PetitionId, StaffId};
use crate::services::audit_log::append;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use std::collections::{HashMap, HashSet};

/// The columns of a typed-up CSV file, in this order, with this header row.
pub const CSV_COLUMNS: [&str; 8] = [
    "sheet",
    "line",
    "name",
    "city",
    "country",
    "relationship",
    "email",
    "disclosure",
];

/// The header row in each language a typed-up file may use: the column names of
/// [`CSV_COLUMNS`] in English, French and Persian (the layout the staff paper page and the
/// README document). A header is read case-insensitively, with Arabic-script letter
/// variants folded (ي → ی, ك → ک), and must be in one language throughout.
pub const CSV_HEADERS: [(&str, [&str; 8]); 3] = [
    ("en", CSV_COLUMNS),
    (
        "fr",
        [
            "feuille",
            "ligne",
            "nom",
            "ville",
            "pays",
            "lien",
            "courriel",
            "affichage",
        ],
    ),
    (
        "fa",
        [
            "برگه",
            "ردیف",
            "نام",
            "شهر",
            "کشور",
            "نسبت",
            "ایمیل",
            "نمایش",
        ],
    ),
];

/// A header cell as compared: trimmed, lower-case, Arabic yeh and kaf folded to their
/// Persian forms, zero-width non-joiners and marks dropped.
fn header_key(cell: &str) -> String {
    cell.trim()
        .chars()
        .filter(|c| !matches!(c, '\u{200c}' | '\u{200d}' | '\u{200e}' | '\u{200f}'))
        .map(|c| match c {
            'ي' | 'ى' => 'ی',
            'ك' => 'ک',
            c => c,
        })
        .collect::<String>()
        .to_lowercase()
}

/// The language of a header row, if it is one of [`CSV_HEADERS`].
#[must_use]
pub fn header_language<'a>(cells: impl IntoIterator<Item = &'a str>) -> Option<&'static str> {
    let names: Vec<String> = cells.into_iter().map(header_key).collect();
    CSV_HEADERS
        .iter()
        .find(|(_, cols)| names.len() == cols.len() && names.iter().zip(cols).all(|(n, c)| n == c))
        .map(|(lang, _)| *lang)
}

/// Most rows one batch may hold.
pub const MAX_ROWS: usize = 200_000;

/// How long the checker has to check a batch.
const CHECK_TTL_DAYS: i64 = 30;

/// One line as typed, before any check.
#[derive(Debug, Clone, Default)]
pub struct RawLine {
    /// The row's number as the person typing sees it (a CSV file's line number, or the
    /// form's row).
    pub row: usize,
    /// Sheet number.
    pub sheet: String,
    /// Line on the sheet.
    pub line: String,
    /// Name.
    pub name: String,
    /// City.
    pub city: String,
    /// ISO country code.
    pub country: String,
    /// Relationship (stored value, or empty).
    pub relationship: String,
    /// Email (may be empty).
    pub email: String,
    /// `full`, `initials`, `family` (empty: `family`, the most private).
    pub disclosure: String,
}

/// A checked line.
#[derive(Debug, Clone)]
pub struct PaperLine {
    /// Sheet number.
    pub sheet: u32,
    /// Line on the sheet.
    pub line: u32,
    /// Name.
    pub name: String,
    /// City.
    pub city: String,
    /// ISO country code (upper case).
    pub country: String,
    /// Relationship.
    pub relationship: Relationship,
    /// Email, checked and canonicalised.
    pub email: Option<SignerEmail>,
    /// Officials' copy disclosure.
    pub disclosure: BookDisclosure,
}

/// A bad row: which row, which field, which message (`form-error-<code>`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowError {
    /// The row (0 for the file as a whole).
    pub row: usize,
    /// The field (a [`CSV_COLUMNS`] name, or `file`).
    pub field: &'static str,
    /// The message code.
    pub code: &'static str,
}

/// A batch to store.
#[derive(Debug, Clone)]
pub struct BatchInput {
    /// The petition.
    pub petition_id: PetitionId,
    /// Where the sheets were collected.
    pub collected_where: String,
    /// When.
    pub collected_on: NaiveDate,
    /// The lines.
    pub lines: Vec<RawLine>,
}

/// What storing a batch did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnterOutcome {
    /// Stored, waiting for its check.
    Stored(PaperBatchId),
    /// Nothing stored: every bad row.
    Refused(Vec<RowError>),
}

fn has_formula_prefix(cell: &str) -> bool {
    cell.trim_start().starts_with(['=', '+', '-', '@'])
}

/// Reads a typed-up CSV file ([`CSV_COLUMNS`] in this order, the header row in one of the
/// languages of [`CSV_HEADERS`], UTF-8 with or without a byte order mark,
/// comma-separated). Refuses the whole file (row 0) when it is not UTF-8, the header is
/// not exactly the columns, a row has another number of cells, or it has no row or too
/// many.
pub fn parse_csv(bytes: &[u8]) -> Result<Vec<RawLine>, RowError> {
    let file_error = |code| RowError {
        row: 0,
        field: "file",
        code,
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if std::str::from_utf8(bytes).is_err() {
        return Err(file_error("paper-csv-encoding"));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(bytes);
    let header = reader
        .headers()
        .map_err(|_| file_error("paper-csv-columns"))?
        .clone();
    if header_language(header.iter()).is_none() {
        return Err(file_error("paper-csv-columns"));
    }
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|_| file_error("paper-csv-columns"))?;
        if out.len() >= MAX_ROWS {
            return Err(file_error("paper-too-many-rows"));
        }
        let row = record.position().map_or(out.len() + 2, |p| {
            usize::try_from(p.line()).unwrap_or(usize::MAX)
        });
        let cell = |i: usize| record.get(i).unwrap_or_default().to_owned();
        out.push(RawLine {
            row,
            sheet: cell(0),
            line: cell(1),
            name: cell(2),
            city: cell(3),
            country: cell(4),
            relationship: cell(5),
            email: cell(6),
            disclosure: cell(7),
        });
    }
    if out.is_empty() {
        return Err(file_error("paper-csv-empty"));
    }
    Ok(out)
}

/// The sheets a petition has printed: (first, last, lines) of each run.
async fn printed_runs(
    ctx: &AppContext,
    petition_id: PetitionId,
) -> Result<Vec<(u32, u32, u32)>, AppError> {
    Ok(paper_sheet_run::Entity::find()
        .filter(paper_sheet_run::Column::PetitionId.eq(petition_id))
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|r| {
            let u = |v: i32| u32::try_from(v).unwrap_or(0);
            (u(r.first_number), u(r.last_number), u(r.lines))
        })
        .collect())
}

/// Sheet numbers of the petition already entered in a batch.
async fn used_sheets(ctx: &AppContext, petition_id: PetitionId) -> Result<HashSet<u32>, AppError> {
    use sea_orm::QuerySelect;
    let numbers: Vec<i32> = paper_batch_sheet::Entity::find()
        .select_only()
        .column(paper_batch_sheet::Column::SheetNumber)
        .filter(paper_batch_sheet::Column::PetitionId.eq(petition_id))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    Ok(numbers
        .into_iter()
        .filter_map(|n| u32::try_from(n).ok())
        .collect())
}

/// Checks one line on its own (no sheet bookkeeping): the codes of its bad fields.
fn check_fields(
    raw: &RawLine,
    rules: &HashMap<String, EmailRule>,
) -> Result<PaperLine, Vec<(&'static str, &'static str)>> {
    let mut errors = Vec::new();
    for (field, cell) in [
        ("sheet", &raw.sheet),
        ("line", &raw.line),
        ("name", &raw.name),
        ("city", &raw.city),
        ("country", &raw.country),
        ("relationship", &raw.relationship),
        ("email", &raw.email),
        ("disclosure", &raw.disclosure),
    ] {
        if has_formula_prefix(cell) {
            errors.push((field, "formula"));
        }
    }
    let number = |field: &'static str, cell: &str, errors: &mut Vec<_>| {
        let parsed = cell.trim().parse::<u32>().ok().filter(|n| *n > 0);
        if parsed.is_none() && !has_formula_prefix(cell) {
            errors.push((field, "invalid-number"));
        }
        parsed
    };
    let sheet = number("sheet", &raw.sheet, &mut errors);
    let line = number("line", &raw.line, &mut errors);
    let name = match clean_name(&raw.name, true, false) {
        Ok(n) => Some(n),
        Err(p) => {
            if !has_formula_prefix(&raw.name) {
                errors.push(("name", p.code()));
            }
            None
        }
    };
    let city = match clean_name(&raw.city, false, true) {
        Ok(c) => Some(c),
        Err(p) => {
            if !has_formula_prefix(&raw.city) {
                errors.push(("city", p.code()));
            }
            None
        }
    };
    let code = raw.country.trim().to_ascii_uppercase();
    if !country::is_known(&code) && !has_formula_prefix(&raw.country) {
        errors.push((
            "country",
            if code.is_empty() {
                "required"
            } else {
                "paper-country"
            },
        ));
    }
    let rel = raw.relationship.trim().to_lowercase();
    let relationship = if rel.is_empty() {
        Some(Relationship::None)
    } else {
        Relationship::parse(&rel)
    };
    if relationship.is_none() && !has_formula_prefix(&raw.relationship) {
        errors.push(("relationship", "paper-relationship"));
    }
    let email = if raw.email.trim().is_empty() {
        Some(None)
    } else {
        match signer_email(raw.email.trim(), rules) {
            Ok(e) => Some(Some(e)),
            Err(p) => {
                if !has_formula_prefix(&raw.email) {
                    errors.push(("email", p.code()));
                }
                None
            }
        }
    };
    let disclosure = match raw.disclosure.trim().to_lowercase().as_str() {
        "" => Some(BookDisclosure::Family),
        d => BookDisclosure::parse(d),
    };
    if disclosure.is_none() && !has_formula_prefix(&raw.disclosure) {
        errors.push(("disclosure", "paper-disclosure"));
    }
    match (sheet, line, name, city, relationship, email, disclosure) {
        (
            Some(sheet),
            Some(line),
            Some(name),
            Some(city),
            Some(relationship),
            Some(email),
            Some(disclosure),
        ) if errors.is_empty() => Ok(PaperLine {
            sheet,
            line,
            name,
            city,
            country: code,
            relationship,
            email,
            disclosure,
        }),
        _ => Err(errors),
    }
}

/// Checks every line of a batch for `petition_id`: each on its own, then the sheets
/// (printed for this petition, not entered before, line within the sheet, no line
/// twice). Returns the checked lines, or every bad row.
pub async fn check_lines(
    ctx: &AppContext,
    petition_id: PetitionId,
    lines: &[RawLine],
) -> Result<Result<Vec<PaperLine>, Vec<RowError>>, AppError> {
    if lines.is_empty() {
        return Ok(Err(vec![RowError {
            row: 0,
            field: "file",
            code: "paper-csv-empty",
        }]));
    }
    let rules = crate::domain::people::email::email_rules(&ctx.db).await?;
    let runs = printed_runs(ctx, petition_id).await?;
    let used = used_sheets(ctx, petition_id).await?;
    let mut errors = Vec::new();
    let mut checked = Vec::with_capacity(lines.len());
    let mut seen: HashSet<(u32, u32)> = HashSet::with_capacity(lines.len());
    for raw in lines {
        let mut bad = |field, code| {
            errors.push(RowError {
                row: raw.row,
                field,
                code,
            });
        };
        match check_fields(raw, &rules) {
            Err(fields) => {
                for (field, code) in fields {
                    bad(field, code);
                }
            }
            Ok(line) => {
                let run = runs
                    .iter()
                    .find(|(first, last, _)| (*first..=*last).contains(&line.sheet));
                match run {
                    None => bad("sheet", "paper-sheet-unknown"),
                    Some(_) if used.contains(&line.sheet) => bad("sheet", "paper-sheet-used"),
                    Some((_, _, per_sheet)) if line.line > *per_sheet => {
                        bad("line", "paper-line-range");
                    }
                    Some(_) if !seen.insert((line.sheet, line.line)) => {
                        bad("line", "paper-line-twice");
                    }
                    Some(_) => checked.push(line),
                }
            }
        }
    }
    Ok(if errors.is_empty() {
        Ok(checked)
    } else {
        Err(errors)
    })
}

/// Stores a batch typed in by `staff`: the batch, the sheets it used, its signatures
/// (channel `paper`, pending: they do not count until checked) and the four-eyes proposal
/// that checks it, audited, in one transaction. When any row is wrong, nothing is stored
/// and every bad row is returned. A sheet entered meanwhile by someone else refuses the
/// batch the same way.
pub async fn enter_batch(
    ctx: &AppContext,
    staff: StaffId,
    input: &BatchInput,
    now: DateTime<Utc>,
) -> Result<EnterOutcome, AppError> {
    let lines = match check_lines(ctx, input.petition_id, &input.lines).await? {
        Ok(lines) => lines,
        Err(errors) => return Ok(EnterOutcome::Refused(errors)),
    };
    // Encrypt and index before taking the write lock.
    let mut rows = Vec::with_capacity(lines.len());
    let created_at = input
        .collected_on
        .and_hms_opt(12, 0, 0)
        .map_or(now, |d| d.and_utc())
        .min(now);
    for l in &lines {
        let (email_enc, email_index, domain_index) = match &l.email {
            Some(e) => (
                ctx.crypto.encrypt_str(context::EMAIL, &e.address)?,
                ctx.crypto
                    .blind_index(sig::EMAIL_INDEX, &e.canonical)
                    .to_hex(),
                ctx.crypto
                    .blind_index(sig::DOMAIN_INDEX, &e.domain)
                    .to_hex(),
            ),
            None => (Vec::new(), String::new(), String::new()),
        };
        let name_index = paper::name_key(&l.name, &l.city, &l.country)
            .map(|k| ctx.crypto.blind_index(paper::NAME_INDEX, &k).to_hex());
        rows.push(signature::ActiveModel {
            petition_id: Set(input.petition_id),
            name_enc: Set(ctx.crypto.encrypt_str(context::NAME, &l.name)?),
            email_enc: Set(email_enc),
            email_index: Set(email_index),
            email_domain_index: Set(domain_index),
            country: Set(l.country.clone()),
            city_enc: Set(ctx.crypto.encrypt_str(context::CITY, &l.city)?),
            relationship: Set(l.relationship),
            letter_enc: Set(None),
            letter_state: Set(LetterState::None),
            letter_note: Set(None),
            public_disclosure: Set(PublicDisclosure::Hidden),
            book_disclosure: Set(l.disclosure),
            state: Set(SignatureState::Pending),
            shadow: Set(false),
            receipt_code: Set(paper::receipt_code(
                &ctx.crypto,
                input.petition_id.0,
                l.sheet,
                l.line,
            )),
            ip_hash: Set(String::new()),
            // Nobody holds a link for a paper signature: random, never sent.
            confirm_hash: Set(crate::crypto::sha256_hex(
                crate::crypto::random_token()?.as_bytes(),
            )),
            withdraw_hash: Set(crate::crypto::sha256_hex(
                crate::crypto::random_token()?.as_bytes(),
            )),
            invalidation_id: Set(None),
            created_at: Set(created_at),
            verified_at: Set(None),
            withdrawn_at: Set(None),
            erased_at: Set(None),
            channel: Set(Channel::Paper),
            sheet_number: Set(i32::try_from(l.sheet).ok()),
            sheet_line: Set(i32::try_from(l.line).ok()),
            paper_batch_id: Set(None),
            entered_by: Set(Some(staff)),
            checked_by: Set(None),
            name_index: Set(name_index),
            ..Default::default()
        });
    }
    let sheets: Vec<u32> = {
        let mut s: Vec<u32> = lines.iter().map(|l| l.sheet).collect();
        s.sort_unstable();
        s.dedup();
        s
    };
    let txn = ctx.begin_write().await?;
    let batch = paper_batch::ActiveModel {
        petition_id: Set(input.petition_id),
        state: Set(BatchState::Pending),
        collected_where: Set(input.collected_where.clone()),
        collected_on: Set(input.collected_on.format("%Y-%m-%d").to_string()),
        lines: Set(i32::try_from(lines.len()).unwrap_or(i32::MAX)),
        entered_by: Set(staff),
        created_at: Set(now),
        approval_id: Set(None),
        checked_by: Set(None),
        checked_at: Set(None),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    // The unique (petition, sheet) index is the last word: a sheet entered meanwhile
    // fails this insert and the whole batch rolls back.
    let uses = sheets.iter().map(|n| paper_batch_sheet::ActiveModel {
        petition_id: Set(input.petition_id),
        sheet_number: Set(i32::try_from(*n).unwrap_or(i32::MAX)),
        batch_id: Set(batch.id),
        ..Default::default()
    });
    let mut taken = false;
    for chunk in uses.collect::<Vec<_>>().chunks(500) {
        if paper_batch_sheet::Entity::insert_many(chunk.to_vec())
            .exec(&*txn)
            .await
            .is_err()
        {
            taken = true;
            break;
        }
    }
    if taken {
        drop(txn);
        return Ok(EnterOutcome::Refused(vec![RowError {
            row: 0,
            field: "sheet",
            code: "paper-sheet-used",
        }]));
    }
    for chunk in rows.chunks_mut(400) {
        for r in chunk.iter_mut() {
            r.paper_batch_id = Set(Some(batch.id));
        }
        signature::Entity::insert_many(chunk.to_vec())
            .exec(&*txn)
            .await?;
    }
    let action = Action::CheckPaperBatch { batch_id: batch.id };
    let reason = format!("{} – {}", input.collected_where, batch.collected_on);
    let approval_id = approval::propose(
        &txn,
        &ctx.crypto,
        Proposal {
            action: &action,
            proposer: staff,
            reason: &reason,
        },
        chrono::Duration::days(CHECK_TTL_DAYS),
        now,
    )
    .await?;
    paper_batch::Entity::update(paper_batch::ActiveModel {
        id: Set(batch.id),
        approval_id: Set(Some(approval_id)),
        ..Default::default()
    })
    .exec(&*txn)
    .await?;
    append(
        &txn,
        ctx,
        Actor::Staff(staff),
        AuditAction::PaperBatchEnter,
        Subject::PaperBatch(batch.id),
        serde_json::json!({ "petition": input.petition_id, "lines": lines.len(), "sheets": sheets.len() }),
    )
    .await?;
    txn.commit().await?;
    Ok(EnterOutcome::Stored(batch.id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_files_must_have_the_columns_and_be_utf8() {
        let ok = "\u{feff}sheet,line,name,city,country,relationship,email,disclosure\n1,1,Maryam Rezaei,Köln,DE,parent,,full\n";
        let rows = parse_csv(ok.as_bytes()).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].row, 2);
        assert_eq!(rows[0].city, "Köln");
        assert_eq!(
            parse_csv(b"sheet,line,name\n1,1,x\n").unwrap_err().code,
            "paper-csv-columns"
        );
        assert_eq!(
            parse_csv(b"sheet,line,name,city,country,relationship,email,disclosure\n1,1,K\xf6ln,x,DE,,,\n")
                .unwrap_err()
                .code,
            "paper-csv-encoding"
        );
        assert_eq!(
            parse_csv(b"sheet,line,name,city,country,relationship,email,disclosure\n")
                .unwrap_err()
                .code,
            "paper-csv-empty"
        );
    }

    #[test]
    fn a_formula_in_any_cell_is_named() {
        let raw = RawLine {
            row: 3,
            sheet: "1".into(),
            line: "2".into(),
            name: "=HYPERLINK(\"x\")".into(),
            city: "@Paris".into(),
            country: "FR".into(),
            ..Default::default()
        };
        let errors = check_fields(&raw, &HashMap::new()).unwrap_err();
        assert!(errors.contains(&("name", "formula")));
        assert!(errors.contains(&("city", "formula")));
        let mixed = RawLine {
            name: "Maryamرضایی".into(),
            ..raw
        };
        let errors = check_fields(&mixed, &HashMap::new()).unwrap_err();
        assert!(errors.contains(&("name", "mixed-scripts")));
    }
}
