//! Edition build benchmark: typesets and signs a synthetic edition of N signatures (one in
//! ten with a letter, half of them Persian), then verifies it, printing wall time and peak
//! memory (VmHWM from /proc/self/status).
//!
//! `cargo bench --bench edition -- 11000` (default 11,000) or `-- 100000`; an optional
//! second number sets the volume size in rows (default: `ExportOptions::default()`'s),
//! e.g. `-- 100000 1000`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::time::Instant;

use chrono::{NaiveDate, TimeZone, Utc};
use ed25519_dalek::SigningKey;
use peyvand_export::{
    BookFonts, EditionInput, Entry, ExportOptions, Labels, Letter, Petition, PetitionText, build,
    verify,
};

const FIRST_FA: [&str; 8] = [
    "مریم",
    "علی",
    "فاطمه",
    "محمدرضا",
    "زهرا",
    "حسین",
    "نرگس",
    "رضا",
];
const LAST_FA: [&str; 8] = [
    "صادق‌زاده",
    "رضایی",
    "محمدی‌نژاد",
    "حسینی",
    "کریمی",
    "احمدی",
    "موسوی",
    "جعفری",
];
const FIRST_LA: [&str; 8] = [
    "Maryam",
    "Ali",
    "Fatemeh",
    "Mohammad-Reza",
    "Zahra",
    "Hossein",
    "Jean",
    "Sara",
];
const LAST_LA: [&str; 8] = [
    "Sadeghzadeh",
    "Rezaei",
    "Lefèvre",
    "Hosseini",
    "Karimi",
    "Ahmadi",
    "Moussavi",
    "Müller",
];
const PLACES: [(&str, &str); 6] = [
    ("تهران", "Iran"),
    ("Köln", "Germany"),
    ("Paris", "France"),
    ("Toronto", "Canada"),
    ("مشهد", "Iran"),
    ("Tirana", "Albania"),
];
const RELATIONSHIPS: [&str; 6] = [
    "Parent",
    "Spouse",
    "Child",
    "Sibling",
    "Other family",
    "Supporter",
];

/// A small deterministic generator, so every run builds the same edition.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(self.0 >> 33).unwrap_or_default() % n
    }
}

fn synthetic(n: u64, volume_size: usize) -> EditionInput {
    let mut rng = Lcg(42);
    let mut entries = Vec::with_capacity(usize::try_from(n).unwrap_or_default());
    let mut letters = Vec::new();
    for i in 1..=n {
        let persian = rng.next(2) == 0;
        let name = match rng.next(10) {
            0 => "a family member".to_owned(),
            1 => format!(
                "{}. {}.",
                &FIRST_LA[rng.next(8)][..1],
                &LAST_LA[rng.next(8)][..1]
            ),
            _ if persian => format!("{} {}", FIRST_FA[rng.next(8)], LAST_FA[rng.next(8)]),
            _ => format!("{} {}", FIRST_LA[rng.next(8)], LAST_LA[rng.next(8)]),
        };
        let (city, country) = PLACES[rng.next(PLACES.len())];
        let relationship = (rng.next(5) > 0).then(|| RELATIONSHIPS[rng.next(6)].to_owned());
        if i % 10 == 3 {
            let text = if persian {
                "جناب آقای سفیر،\n\nمن سال‌هاست که برادرم را ندیده‌ام و از سلامت او خبری ندارم. \
                 از شما خواهش می‌کنم کمک کنید تا خانواده‌ها بتوانند عزیزانشان را ببینند.\n\nبا احترام"
            } else {
                "Dear Ambassador,\n\nI have not seen my brother for many years and have no news \
                 of his health. I ask you to help families see their relatives again.\n\nRespectfully"
            };
            letters.push(Letter {
                entry_number: i,
                signer: name.clone(),
                lang: if persian { "fa" } else { "en" }.into(),
                text: text.into(),
                paper: false,
                scan: None,
            });
        }
        entries.push(Entry {
            number: i,
            display_name: name,
            city: city.into(),
            country: country.into(),
            signed_on: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
                + chrono::Days::new(i * 400 / n),
            receipt_code: format!("{:04X}-{:04X}", rng.next(65_536), i),
            relationship,
            channel: None,
        });
    }
    EditionInput {
        petition: Petition {
            slug: "benchmark".into(),
            texts: vec![
                PetitionText {
                    lang: "en".into(),
                    title: "Let us see our relatives".into(),
                    body: "We ask you to help families see their relatives.".into(),
                },
                PetitionText {
                    lang: "fa".into(),
                    title: "بگذارید عزیزانمان را ببینیم".into(),
                    body: "از شما می‌خواهیم به خانواده‌ها کمک کنید.".into(),
                },
            ],
            addressees: vec!["H.E. the Ambassador".into()],
        },
        organisation: "Benchmark Association".into(),
        edition_number: 1,
        cut_off: Utc
            .with_ymd_and_hms(2025, 3, 1, 0, 0, 0)
            .single()
            .unwrap_or_default(),
        entries,
        letters,
        labels: Labels::english(),
        options: ExportOptions {
            volume_size,
            csv_bom: true,
        },
        readme: None,
    }
}

fn peak_rss_mib() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or_else(|| "unknown".into(), |kib| format!("{} MiB", kib / 1024))
}

/// User + system CPU time of this process so far, in seconds (from /proc/self/stat, in
/// clock ticks of 1/100 s), which a busy machine disturbs less than wall time.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after_name = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn main() {
    let numbers: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n = numbers.first().copied().unwrap_or(11_000);
    let defaults = ExportOptions::default();
    let volume_size = numbers.get(1).copied().unwrap_or(defaults.volume_size);
    let input = synthetic(n as u64, volume_size);
    let path = std::env::temp_dir().join(format!("peyvand-bench-{n}.zip"));
    let key = SigningKey::from_bytes(&[1; 32]);
    let fonts = BookFonts::embedded();

    let cpu_before = cpu_seconds();
    let start = Instant::now();
    let out =
        File::create(&path).unwrap_or_else(|e| panic!("cannot create {}: {e}", path.display()));
    let summary = build(&input, &fonts, &key, BufWriter::new(out))
        .unwrap_or_else(|e| panic!("build failed: {e}"));
    let built = start.elapsed();
    let cpu = cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let size = std::fs::metadata(&path)
        .map(|m| m.len())
        .unwrap_or_default();

    let start = Instant::now();
    let file = std::io::BufReader::new(File::open(&path).unwrap_or_else(|e| panic!("{e}")));
    verify(
        file,
        Some(&key.verifying_key()),
        Some(&input.entries[n / 2].receipt_code),
    )
    .unwrap_or_else(|e| panic!("verify failed: {e}"));
    let verified = start.elapsed();

    let mut stdout = std::io::stdout().lock();
    let _ = writeln!(
        stdout,
        "edition: {n} signatures, {} letters, volume size {volume_size} rows -> {} volumes, bundle {:.1} MiB",
        input.letters.len(),
        summary.volumes,
        size as f64 / 1_048_576.0
    );
    let _ = writeln!(
        stdout,
        "build:   {:.2} s wall, {} CPU",
        built.as_secs_f64(),
        cpu.map_or_else(|| "unknown".into(), |c| format!("{c:.2} s"))
    );
    let _ = writeln!(
        stdout,
        "verify:  {:.2} s (with a receipt proof)",
        verified.as_secs_f64()
    );
    let _ = writeln!(stdout, "peak RSS (VmHWM): {}", peak_rss_mib());
    let _ = std::fs::remove_file(&path);
}
