//! Name matching benchmark: candidate generation and ranking for 10,000 sought persons
//! against 50,000 synthetic registrations, and the latency of a single request.
//!
//! ```text
//! cargo bench --bench matching                 # 50,000 registrations, 10,000 queries
//! cargo bench --bench matching -- 5000 1000    # other sizes: REGISTRATIONS QUERIES
//! ```
//!
//! Names are synthetic but shaped like real ones: common Iranian given names and
//! surnames (so popular names pile up as they do in life), compounds, titles, Persian
//! script for half the registrations, aliases, spelling variation of the kind seen in
//! `shared/data/names-dev.tsv`, birth years, fathers' names, places and deny rules on one
//! registration in ten. Results go in BENCHMARKS.md.

use peyvand_matching::{Index, Person, Query, Relationship, Requester, Vetoes};
use std::time::{Duration, Instant};

/// (Latin, Persian) given names.
const GIVEN: &[(&str, &str)] = &[
    ("Mohammad", "محمد"),
    ("Ali", "علی"),
    ("Hossein", "حسین"),
    ("Hassan", "حسن"),
    ("Reza", "رضا"),
    ("Mahmoud", "محمود"),
    ("Mehdi", "مهدی"),
    ("Abbas", "عباس"),
    ("Javad", "جواد"),
    ("Saeed", "سعید"),
    ("Hamid", "حمید"),
    ("Majid", "مجید"),
    ("Masoud", "مسعود"),
    ("Mostafa", "مصطفی"),
    ("Morteza", "مرتضی"),
    ("Abdollah", "عبدالله"),
    ("Rouhollah", "روح‌الله"),
    ("Gholamreza", "غلامرضا"),
    ("Khosrow", "خسرو"),
    ("Davoud", "داوود"),
    ("Fatemeh", "فاطمه"),
    ("Zahra", "زهرا"),
    ("Zohreh", "زهره"),
    ("Maryam", "مریم"),
    ("Masoumeh", "معصومه"),
    ("Leila", "لیلا"),
    ("Shirin", "شیرین"),
    ("Parvin", "پروین"),
    ("Nasrin", "نسرین"),
    ("Soheila", "سهیلا"),
    ("Mina", "مینا"),
    ("Azam", "اعظم"),
    ("Akram", "اکرم"),
    ("Roya", "رؤیا"),
    ("Farideh", "فریده"),
    ("Saeedeh", "سعیده"),
    ("Jaleh", "ژاله"),
    ("Tahereh", "طاهره"),
    ("Shahla", "شهلا"),
    ("Mahin", "مهین"),
];

/// (Latin, Persian) surnames.
const SURNAMES: &[(&str, &str)] = &[
    ("Hosseini", "حسینی"),
    ("Mohammadi", "محمدی"),
    ("Ahmadi", "احمدی"),
    ("Rezaei", "رضایی"),
    ("Moradi", "مرادی"),
    ("Karimi", "کریمی"),
    ("Jafari", "جعفری"),
    ("Rahimi", "رحیمی"),
    ("Hashemi", "هاشمی"),
    ("Mousavi", "موسوی"),
    ("Ghasemi", "قاسمی"),
    ("Sadeghi", "صادقی"),
    ("Mahmoudi", "محمودی"),
    ("Hassani", "حسنی"),
    ("Kazemi", "کاظمی"),
    ("Heydari", "حیدری"),
    ("Najafi", "نجفی"),
    ("Akbari", "اکبری"),
    ("Ebrahimi", "ابراهیمی"),
    ("Salehi", "صالحی"),
    ("Tabatabaei", "طباطبایی"),
    ("Hosseinzadeh", "حسین‌زاده"),
    ("Alipour", "علی‌پور"),
    ("Rahmani", "رحمانی"),
    ("Shirazi", "شیرازی"),
    ("Esfahani", "اصفهانی"),
    ("Tehrani", "تهرانی"),
    ("Nejati", "نجاتی"),
    ("Khosravi", "خسروی"),
    ("Bagheri", "باقری"),
    ("Ansari", "انصاری"),
    ("Azizi", "عزیزی"),
    ("Amini", "امینی"),
    ("Farahani", "فراهانی"),
    ("Ghaffari", "غفاری"),
    ("Yazdani", "یزدانی"),
    ("Zamani", "زمانی"),
    ("Sharifi", "شریفی"),
    ("Soltani", "سلطانی"),
    ("Abbasi", "عباسی"),
    ("Davoudi", "داوودی"),
    ("Nouri", "نوری"),
    ("Rostami", "رستمی"),
    ("Fallahi", "فلاحی"),
    ("Mirzaei", "میرزایی"),
    ("Ghorbani", "قربانی"),
    ("Rouhani", "روحانی"),
    ("Shahbazi", "شهبازی"),
    ("Bakhtiari", "بختیاری"),
    ("Eskandari", "اسکندری"),
];

const PLACES: &[(&str, &str)] = &[
    ("Tehran", "تهران"),
    ("Mashhad", "مشهد"),
    ("Isfahan", "اصفهان"),
    ("Shiraz", "شیراز"),
    ("Tabriz", "تبریز"),
    ("Ahvaz", "اهواز"),
    ("Kermanshah", "کرمانشاه"),
    ("Rasht", "رشت"),
    ("Ashraf", "اشرف"),
    ("Tirana", "تیرانا"),
    ("Paris", "پاریس"),
    ("Cologne", "کلن"),
];

/// A small deterministic generator (splitmix64): the benchmark must not depend on luck.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n as u64)).unwrap_or(0)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Varies a Latin spelling the way romanisations vary: vowels, doubled consonants, final
/// -y, kh/gh/ou spellings, case.
fn vary(rng: &mut Rng, name: &str) -> String {
    let mut s = name.to_owned();
    let swaps: &[(&str, &str)] = &[
        ("o", "u"),
        ("ou", "oo"),
        ("ou", "u"),
        ("ee", "i"),
        ("e", "a"),
        ("ss", "s"),
        ("mm", "m"),
        ("gh", "q"),
        ("ei", "ey"),
        ("i", "ee"),
        ("eh", "e"),
        ("a", "aa"),
    ];
    for _ in 0..2 {
        if rng.chance(50) {
            let (from, to) = *rng.pick(swaps);
            if let Some(pos) = s.find(from) {
                s.replace_range(pos..pos + from.len(), to);
            }
        }
    }
    if s.ends_with('i') && rng.chance(10) {
        s.pop();
        s.push('y');
    }
    if rng.chance(3) {
        s = s.to_uppercase();
    }
    s
}

fn full_latin(rng: &mut Rng, given: &str, surname: &str, compound: Option<&str>) -> String {
    let title = if rng.chance(5) { "Seyed " } else { "" };
    let given = match compound {
        Some(second) if rng.chance(50) => format!("{}-{}", vary(rng, given), vary(rng, second)),
        Some(second) => format!("{}{}", vary(rng, given), vary(rng, second).to_lowercase()),
        None => vary(rng, given),
    };
    format!("{title}{given} {}", vary(rng, surname))
}

struct Identity {
    given: usize,
    second: Option<usize>,
    surname: usize,
    birth_year: i32,
    father: usize,
    place: usize,
}

fn identity(rng: &mut Rng) -> Identity {
    Identity {
        given: rng.below(GIVEN.len()),
        second: rng.chance(15).then(|| rng.below(GIVEN.len())),
        surname: rng.below(SURNAMES.len()),
        birth_year: 1940 + i32::try_from(rng.below(65)).unwrap_or(0),
        father: rng.below(20),
        place: rng.below(PLACES.len()),
    }
}

fn latin_of(rng: &mut Rng, id: &Identity) -> String {
    full_latin(
        rng,
        GIVEN[id.given].0,
        SURNAMES[id.surname].0,
        id.second.map(|s| GIVEN[s].0),
    )
}

fn persian_of(id: &Identity) -> String {
    let second = id.second.map(|s| GIVEN[s].1).unwrap_or_default();
    format!("{}{second} {}", GIVEN[id.given].1, SURNAMES[id.surname].1)
}

fn person(rng: &mut Rng, id: i64, who: &Identity) -> Person {
    let mut names = vec![latin_of(rng, who)];
    if rng.chance(50) {
        names.push(persian_of(who));
    }
    if rng.chance(15) {
        names.push(format!("{} {}", rng.pick(GIVEN).0, SURNAMES[who.surname].0));
    }
    let mut vetoes = Vetoes::default();
    match rng.below(40) {
        0 => vetoes.no_one = true,
        1 => vetoes.deny_relationships = vec![Relationship::Parent],
        2 => {
            vetoes.deny_requesters =
                vec![format!("{} {}", rng.pick(GIVEN).0, SURNAMES[who.surname].0)]
        }
        3 => vetoes.deny_aliases = vec![names[0].clone()],
        _ => {}
    }
    Person {
        id,
        names,
        birth_year: rng.chance(80).then_some(who.birth_year),
        father_name: rng.chance(60).then(|| GIVEN[who.father].0.to_owned()),
        places: if rng.chance(60) {
            vec![PLACES[who.place].1.to_owned()]
        } else {
            Vec::new()
        },
        vetoes,
    }
}

fn query(rng: &mut Rng, who: &Identity) -> Query {
    let name = if rng.chance(30) {
        persian_of(who)
    } else {
        latin_of(rng, who)
    };
    let year_noise = i32::try_from(rng.below(3)).unwrap_or(0) - 1;
    Query {
        names: vec![name],
        birth_year: rng.chance(70).then_some(who.birth_year + year_noise),
        father_name: rng.chance(50).then(|| vary(rng, GIVEN[who.father].0)),
        places: if rng.chance(50) {
            vec![PLACES[who.place].0.to_owned()]
        } else {
            Vec::new()
        },
        requester: Requester {
            name: format!("{} {}", rng.pick(GIVEN).0, SURNAMES[who.surname].0),
            relationship: Some(*rng.pick(&[
                Relationship::Parent,
                Relationship::Sibling,
                Relationship::Child,
                Relationship::Spouse,
            ])),
            key: None,
        },
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "an index into a short list"
    )]
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

/// CPU time used by this process so far (user + system), from /proc/self/stat on Linux
/// (clock ticks of 1/100 s); `None` elsewhere. The machine is shared, so wall time alone
/// can mislead.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    // `cargo bench` passes `--bench`; numbers are the only positional arguments.
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let registrations = sizes.first().copied().unwrap_or(50_000);
    let queries = sizes.get(1).copied().unwrap_or(10_000);
    let mut rng = Rng(0x5EED_1234);

    let identities: Vec<Identity> = (0..registrations).map(|_| identity(&mut rng)).collect();
    let persons: Vec<Person> = identities
        .iter()
        .zip(0_i64..)
        .map(|(who, id)| person(&mut rng, id, who))
        .collect();
    // Four queries in five seek a registered person, one seeks someone not registered.
    let mut expected = Vec::with_capacity(queries);
    let query_list: Vec<Query> = (0..queries)
        .map(|_| {
            if rng.chance(80) && !identities.is_empty() {
                let i = rng.below(identities.len());
                expected.push(Some(i64::try_from(i).unwrap_or(-1)));
                query(&mut rng, &identities[i])
            } else {
                expected.push(None);
                let stranger = identity(&mut rng);
                query(&mut rng, &stranger)
            }
        })
        .collect();

    let start = Instant::now();
    let index = Index::build(persons.clone());
    let build = start.elapsed();
    println!(
        "index: {registrations} registrations built in {:.0} ms",
        ms(build)
    );

    let cpu_before = cpu_seconds();
    let start = Instant::now();
    let results = index.candidates_batch(&query_list, 10);
    let batch = start.elapsed();
    let cpu = cpu_seconds().zip(cpu_before).map(|(a, b)| a - b);
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!(
        "batch: {queries} queries, top 10, {threads} threads: {:.2} s wall ({:.0} queries/s), {} CPU",
        batch.as_secs_f64(),
        f64::from(u32::try_from(queries).unwrap_or(u32::MAX)) / batch.as_secs_f64(),
        cpu.map_or_else(|| "unknown".to_owned(), |c| format!("{c:.2} s"))
    );

    // Quality on the synthetic set: the sought registration in the top 1 / top 10, unless
    // its own rules veto this requester (then it must be absent).
    let (mut sought, mut top1, mut top10, mut vetoed_shown) = (0, 0, 0, 0);
    for ((want, found), q) in expected.iter().zip(&results).zip(&query_list) {
        let Some(id) = want else { continue };
        let p = &persons[usize::try_from(*id).unwrap_or(0)];
        let single = Index::build(vec![p.clone()]);
        let admitted = !single.candidates(q, 1).is_empty() || p.vetoes == Vetoes::default();
        if !admitted {
            vetoed_shown += usize::from(found.iter().any(|c| c.id == *id));
            continue;
        }
        sought += 1;
        top1 += usize::from(found.first().is_some_and(|c| c.id == *id));
        top10 += usize::from(found.iter().any(|c| c.id == *id));
    }
    #[expect(clippy::cast_precision_loss, reason = "counts are small")]
    let share = |n: usize| n as f64 / sought.max(1) as f64;
    println!(
        "synthetic quality: sought person first {:.3}, in top 10 {:.3} (of {sought}); vetoed shown: {vetoed_shown}",
        share(top1),
        share(top10)
    );

    // Per-query latency, one query at a time on one thread (a new request arriving).
    let mut latencies: Vec<Duration> = query_list
        .iter()
        .map(|q| {
            let t = Instant::now();
            let found = index.candidates(q, 10);
            std::hint::black_box(found);
            t.elapsed()
        })
        .collect();
    latencies.sort();
    println!(
        "single query: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        ms(percentile(&latencies, 0.5)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or_default())
    );
}
