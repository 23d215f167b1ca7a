//! Paper import benchmark (issue #16 item 2; target: a 100,000-row typed-up CSV — reading,
//! row-by-row validation, duplicate checks and storage — in ≤ 60 s with peak memory
//! ≤ 500 MiB): fills a fresh database with the demo petition and its signatures, records
//! the sheet numbers as printed (as `peyvand petition sheets` does, without typesetting
//! them), writes N rows of typed-up sheets (ten lines a sheet; a third with an email, a few
//! likely duplicates of each other and of online signers) to a CSV file, then times what
//! `peyvand petition import-paper` does with it: `paper::parse_csv` on the file's bytes and
//! `paper::enter_batch`. Peak memory is the process's high-water mark (`VmHWM`), read
//! before and after.
//!
//! ```text
//! cargo bench --bench paper -- [ROWS]       # default 100000
//! PEYVAND_BENCH_DATABASE_URL=postgres://… cargo bench --bench paper   # on PostgreSQL
//! ```
//! Results go in BENCHMARKS.md.

use chrono::Utc;
use peyvand::config::Config;
use peyvand::crypto::KeyFile;
use peyvand::domain::audit::Actor;
use peyvand::domain::staff::account::Role;
use peyvand::entities::{paper_sheet_run, signature};
use peyvand::services::petitions::paper;
use peyvand::services::staff::accounts::{self as staff, NewStaff};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use std::time::Instant;

/// The process's peak resident memory so far, in MiB (Linux `VmHWM`).
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

const GIVEN: [&str; 12] = [
    "Maryam", "Parvin", "Ali", "Hossein", "Zahra", "Reza", "Fatemeh", "Mehdi", "Shirin", "Hamid",
    "Leila", "Nasrin",
];
const FAMILY: [&str; 10] = [
    "Ahmadi",
    "Hosseini",
    "Rahimi",
    "Karimi",
    "Moradi",
    "Jafari",
    "Rezaei",
    "Sadeghi",
    "Mohammadi",
    "Kazemi",
];
const CITIES: [(&str, &str); 6] = [
    ("Tehran", "IR"),
    ("Mashhad", "IR"),
    ("Paris", "FR"),
    ("Cologne", "DE"),
    ("Toronto", "CA"),
    ("London", "GB"),
];
const RELATIONSHIPS: [&str; 4] = ["parent", "sibling", "child", "spouse"];

/// The typed-up CSV of `rows` lines on sheets from 1.
fn csv_file(rows: usize) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(rows * 80));
    w.write_record(paper::CSV_COLUMNS).unwrap();
    for i in 0..rows {
        let sheet = i / 10 + 1;
        let line = i % 10 + 1;
        // Every 500th row repeats the row before it (a likely duplicate to show the checker).
        let who = if i % 500 == 499 { i - 1 } else { i };
        let name = format!(
            "{} {} {}",
            GIVEN[who % GIVEN.len()],
            FAMILY[(who / GIVEN.len()) % FAMILY.len()],
            who
        );
        let (city, country) = CITIES[who % CITIES.len()];
        let email = if who % 3 == 0 {
            format!("paper{who}@example.org")
        } else {
            String::new()
        };
        w.write_record([
            sheet.to_string().as_str(),
            &line.to_string(),
            &name,
            city,
            country,
            RELATIONSHIPS[who % RELATIONSHIPS.len()],
            &email,
            ["full", "initials", "family"][who % 3],
        ])
        .unwrap();
    }
    w.into_inner().unwrap()
}

#[tokio::main]
async fn main() {
    let rows: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let url = match std::env::var("PEYVAND_BENCH_DATABASE_URL") {
        Ok(u) if !u.is_empty() => u,
        _ => format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("peyvand.sqlite3").display()
        ),
    };
    let config = Config::for_testing(dir.path().to_path_buf(), url);
    let secrets = KeyFile::ephemeral().unwrap();
    let ctx = peyvand::services::startup::open_with_secrets(config, &secrets)
        .await
        .unwrap();
    let now = Utc::now();
    peyvand::services::demo::petitions::seed(&ctx)
        .await
        .unwrap();
    let petition = peyvand::services::petitions::manage::by_slug(&ctx, "let-families-visit")
        .await
        .unwrap()
        .unwrap();
    let online = signature::Entity::find()
        .filter(signature::Column::PetitionId.eq(petition.id))
        .count(&ctx.db)
        .await
        .unwrap();
    let organiser = staff::create(
        &ctx,
        Actor::Cli,
        &NewStaff {
            email: "organiser@example.org".into(),
            display_name: "Organiser".into(),
            roles: vec![Role::Organiser],
        },
        now,
    )
    .await
    .unwrap()
    .unwrap()
    .0;
    let sheets = rows.div_ceil(10);
    paper_sheet_run::ActiveModel {
        petition_id: Set(petition.id),
        first_number: Set(1),
        last_number: Set(i32::try_from(sheets).unwrap()),
        lines: Set(10),
        locale: Set("en".into()),
        created_by: Set(Some(organiser.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&ctx.db)
    .await
    .unwrap();
    let file = dir.path().join("typed-up.csv");
    std::fs::write(&file, csv_file(rows)).unwrap();
    println!(
        "database ready: the demo petition with {online} online signatures, sheets 1–{sheets} printed; \
         CSV of {rows} rows, {:.1} MiB; peak memory so far {:.0} MiB",
        std::fs::metadata(&file).unwrap().len() as f64 / 1_048_576.0,
        peak_mib()
    );

    let started = Instant::now();
    let bytes = std::fs::read(&file).unwrap();
    let lines = paper::parse_csv(&bytes).expect("the generated file parses");
    let parsed = started.elapsed();
    drop(bytes);
    let input = paper::BatchInput {
        petition_id: petition.id,
        collected_where: "Outside the embassy".into(),
        collected_on: now.date_naive(),
        lines,
    };
    let outcome = paper::enter_batch(&ctx, organiser.id, &input, Utc::now())
        .await
        .unwrap();
    let total = started.elapsed();
    let paper::EnterOutcome::Stored(batch) = outcome else {
        panic!("the batch was refused: {outcome:?}");
    };
    let stored = signature::Entity::find()
        .filter(signature::Column::PetitionId.eq(petition.id))
        .count(&ctx.db)
        .await
        .unwrap()
        - online;
    assert_eq!(
        stored, rows as u64,
        "every row stored, waiting for its check"
    );
    println!(
        "import of {rows} rows (batch {batch}): {:.1} s in all (reading and parsing {:.2} s); \
         {:.0} rows/s; peak memory {:.0} MiB (target ≤ 60 s, ≤ 500 MiB)",
        total.as_secs_f64(),
        parsed.as_secs_f64(),
        rows as f64 / total.as_secs_f64(),
        peak_mib()
    );
}
