//! The caseworkers' workspace under load (issue #15): seeds a fresh SQLite database with
//! N registrations and M contact requests (one sought person each, names drawn from Persian
//! and Latin spellings; a fifth of the requests with a match at some stage, a few with a
//! proposal waiting for a second caseworker, a tenth assigned to the caseworker timed), then
//! times, through Rocket's local client with a real staff session:
//!
//! - `GET /staff/work` (the caseworker home: stages, counts, the oldest cases, what waits),
//! - `GET /staff/work/cases?q=<name>` (search by a name in either script, rotating),
//! - `GET /staff/work/cases?stage=asked&assignee=me` (a filtered list).
//!
//! ```text
//! cargo bench --bench workspace                                   # 50,000 / 10,000, 200 samples
//! cargo bench --bench workspace -- --registrations 500 --requests 200 --samples 20
//! ```
//!
//! Prints median, p99 and max per page (each request also writes its audit event, as in
//! production). The target is p99 ≤ 100 ms for the home and the search.

use chrono::{Duration, Utc};
use peyvand::config::Config;
use peyvand::crypto::{KeyFile, random_token, sha256_hex};
use peyvand::domain::approval::{self, Action, Proposal};
use peyvand::domain::audit::Actor;
use peyvand::domain::contact::match_flow::MatchState;
use peyvand::domain::contact::records::{
    self as c, Openness, RecordState, RegistrationData, RegistrationRules, RequesterData,
    ReviewState, SoughtData, context,
};
use peyvand::domain::people::relationship::Relationship;
use peyvand::domain::staff::account::Role;
use peyvand::domain::staff::session::{self, Lifetimes, Stage};
use peyvand::entities::{contact_match, contact_request, registration, sought_person};
use peyvand::ids::{RegistrationId, StaffId};
use peyvand::services::staff::accounts::{self as staff, NewStaff};
use rocket::http::{Cookie, Status};
use rocket::local::asynchronous::Client;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use std::time::Instant;

const GIVEN: &[(&str, &str)] = &[
    ("Mohammad", "محمد"),
    ("Zahra", "زهرا"),
    ("Reza", "رضا"),
    ("Maryam", "مریم"),
    ("Ali", "علی"),
    ("Fatemeh", "فاطمه"),
    ("Hossein", "حسین"),
    ("Leila", "لیلا"),
    ("Mehdi", "مهدی"),
    ("Narges", "نرگس"),
    ("Hassan", "حسن"),
    ("Sara", "سارا"),
];
const FAMILY: &[(&str, &str)] = &[
    ("Hosseini", "حسینی"),
    ("Karimi", "کریمی"),
    ("Rahimi", "رحیمی"),
    ("Ahmadi", "احمدی"),
    ("Moradi", "مرادی"),
    ("Tehrani", "تهرانی"),
    ("Sadeghi", "صادقی"),
    ("Jafari", "جعفری"),
    ("Mousavi", "موسوی"),
    ("Rezaei", "رضایی"),
    ("Ghorbani", "قربانی"),
    ("Najafi", "نجفی"),
    ("Kazemi", "کاظمی"),
    ("Heidari", "حیدری"),
];

struct Args {
    registrations: usize,
    requests: usize,
    samples: usize,
}

fn args() -> Args {
    let mut a = Args {
        registrations: 50_000,
        requests: 10_000,
        samples: 200,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{flag} needs a number"))
        };
        match flag.as_str() {
            "--registrations" => a.registrations = value(),
            "--requests" => a.requests = value(),
            "--samples" => a.samples = value(),
            // cargo bench passes --bench.
            _ => {}
        }
    }
    a
}

fn name(i: usize, persian: bool) -> String {
    let g = GIVEN[i % GIVEN.len()];
    let f = FAMILY[(i / GIVEN.len()) % FAMILY.len()];
    if persian {
        format!("{} {}", g.1, f.1)
    } else {
        format!("{} {}", g.0, f.0)
    }
}

fn stats(label: &str, mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    let q = |p: f64| {
        let pos = p * (ms.len() - 1) as f64;
        let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
        ms[lo] + (ms[hi] - ms[lo]) * (pos - lo as f64)
    };
    let p99 = q(0.99);
    println!(
        "{label:<44} n={:<5} median {:>7.2} ms   p99 {:>7.2} ms   max {:>7.2} ms",
        ms.len(),
        q(0.5),
        p99,
        ms[ms.len() - 1]
    );
    p99
}

#[rocket::main]
async fn main() {
    let a = args();
    let dir = tempfile::tempdir().expect("temp dir");
    let db_url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("bench.sqlite3").display()
    );
    let mut config = Config::for_testing(dir.path().to_path_buf(), db_url);
    config.rate_limit_per_minute = 1_000_000;
    config.rate_limit_burst = 1_000_000;
    let secrets = KeyFile::ephemeral().expect("secrets");
    let ctx = peyvand::services::startup::open_with_secrets(config, &secrets)
        .await
        .expect("app opens");
    let figment = rocket::Config::figment().merge(("log_level", "off"));
    let client = Client::tracked(peyvand::rocket(
        ctx.clone(),
        &secrets.rocket_secret_key,
        figment,
    ))
    .await
    .expect("valid rocket");
    let crypto = &ctx.crypto;
    let now = Utc::now();

    let t = Instant::now();
    for chunk in (0..a.registrations).collect::<Vec<_>>().chunks(500) {
        let rows: Vec<registration::ActiveModel> = chunk
            .iter()
            .map(|&i| {
                let data = RegistrationData {
                    names: vec![name(i, true), name(i, false)],
                    birth_year: Some(1940 + (i % 60) as i32),
                    father_name: GIVEN[(i / 7) % GIVEN.len()].0.into(),
                    places: vec!["Tehran".into()],
                    email: format!("person{i}@example.org"),
                    ..RegistrationData::default()
                };
                registration::ActiveModel {
                    data_enc: Set(c::seal(crypto, context::REGISTRATION, &data).unwrap()),
                    rules_enc: Set(
                        c::seal(crypto, context::RULES, &RegistrationRules::default()).unwrap(),
                    ),
                    email_index: Set(format!("idx-{i}")),
                    locale: Set("fa".into()),
                    openness: Set(Openness::Anyone),
                    network_hash: Set("net".into()),
                    state: Set(RecordState::Active),
                    verify_hash: Set(sha256_hex(format!("v{i}").as_bytes())),
                    manage_hash: Set(sha256_hex(format!("m{i}").as_bytes())),
                    review: Set(ReviewState::Reviewed),
                    created_at: Set(now - Duration::days((i % 700) as i64)),
                    verified_at: Set(Some(now)),
                    expires_at: Set(now + Duration::days(365)),
                    renewal_sent_at: Set(None),
                    closed_at: Set(None),
                    ..Default::default()
                }
            })
            .collect();
        registration::Entity::insert_many(rows)
            .exec(&ctx.db)
            .await
            .unwrap();
    }
    let first_registration = registration::Entity::find()
        .one(&ctx.db)
        .await
        .unwrap()
        .map_or(1, |r| r.id.0);
    println!(
        "seeded {} registrations in {:.1} s",
        a.registrations,
        t.elapsed().as_secs_f64()
    );

    let cw = staff::create(
        &ctx,
        Actor::Cli,
        &NewStaff {
            email: "bench@example.org".into(),
            display_name: "Bench".into(),
            roles: vec![Role::Caseworker],
        },
        now,
    )
    .await
    .unwrap()
    .unwrap()
    .0;
    let colleague = staff::create(
        &ctx,
        Actor::Cli,
        &NewStaff {
            email: "colleague@example.org".into(),
            display_name: "Colleague".into(),
            roles: vec![Role::Caseworker],
        },
        now,
    )
    .await
    .unwrap()
    .unwrap()
    .0;

    let t = Instant::now();
    let states = [
        MatchState::Verified,
        MatchState::ConsentRequested,
        MatchState::Consented,
        MatchState::CoolingOff,
        MatchState::Connected,
        MatchState::Closed,
        MatchState::Rejected,
    ];
    for i in 0..a.requests {
        let requester = RequesterData {
            name: name(i * 7 + 3, i % 3 == 0),
            email: format!("requester{i}@example.org"),
            phone: String::new(),
            ..RequesterData::default()
        };
        let r = contact_request::ActiveModel {
            requester_enc: Set(c::seal(crypto, context::REQUESTER, &requester).unwrap()),
            email_index: Set(format!("req-{i}")),
            country: Set("DE".into()),
            locale: Set(["en", "fa", "fr"][i % 3].into()),
            relationship: Set(Relationship::Sibling),
            message_enc: Set(crypto
                .encrypt_str(context::MESSAGE, "We miss you.")
                .unwrap()),
            network_hash: Set(format!("net-{}", i % 97)),
            state: Set(if i % 10 == 9 {
                RecordState::Closed
            } else {
                RecordState::Active
            }),
            verify_hash: Set(sha256_hex(random_token().unwrap().as_bytes())),
            status_hash: Set(sha256_hex(random_token().unwrap().as_bytes())),
            review: Set(if i % 4 == 0 {
                ReviewState::New
            } else {
                ReviewState::Reviewed
            }),
            hostile: Set(i % 50 == 0),
            hostile_note_enc: Set(None),
            created_at: Set(now - Duration::hours((i % 5000) as i64)),
            verified_at: Set(Some(now)),
            expires_at: Set(now + Duration::days(365)),
            renewal_sent_at: Set(None),
            closed_at: Set(None),
            assigned_to: Set((i % 10 == 1).then_some(cw.id)),
            ..Default::default()
        }
        .insert(&ctx.db)
        .await
        .unwrap();
        let sought = SoughtData {
            name_latin: if i % 2 == 0 {
                name(i, false)
            } else {
                String::new()
            },
            name_persian: if i % 2 == 1 {
                name(i, true)
            } else {
                String::new()
            },
            birth_year: Some(1940 + (i % 60) as i32),
            ..SoughtData::default()
        };
        let s = sought_person::ActiveModel {
            request_id: Set(r.id),
            position: Set(1),
            data_enc: Set(c::seal(crypto, context::SOUGHT, &sought).unwrap()),
            ..Default::default()
        }
        .insert(&ctx.db)
        .await
        .unwrap();
        if i % 5 == 0 && a.registrations > 0 {
            let st = states[(i / 5) % states.len()];
            let m = contact_match::ActiveModel {
                sought_person_id: Set(s.id),
                registration_id: Set(RegistrationId(
                    first_registration + (i % a.registrations) as i64,
                )),
                score: Set(900),
                state: Set(st),
                created_by: Set(colleague.id),
                created_at: Set(now),
                updated_at: Set(now - Duration::hours((i % 300) as i64)),
                note: Set(None),
                cooling_until: Set((st == MatchState::CoolingOff).then_some(now)),
                closed_at: Set((st == MatchState::Closed).then_some(now)),
                ..Default::default()
            }
            .insert(&ctx.db)
            .await
            .unwrap();
            if st == MatchState::CoolingOff && i % 15 == 0 {
                let txn = ctx.begin_write().await.unwrap();
                approval::propose(
                    &txn,
                    crypto,
                    Proposal {
                        action: &Action::ReleaseConnection { match_id: m.id },
                        proposer: colleague.id,
                        reason: "both agreed",
                    },
                    Duration::hours(48),
                    now,
                )
                .await
                .unwrap();
                txn.commit().await.unwrap();
            }
        }
    }
    contact_request::Entity::update_many()
        .col_expr(contact_request::Column::ClosedAt, Expr::value(Some(now)))
        .filter(contact_request::Column::State.eq(RecordState::Closed))
        .exec(&ctx.db)
        .await
        .unwrap();
    println!(
        "seeded {} requests in {:.1} s",
        a.requests,
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let indexed = peyvand::services::contact::search::refresh(&ctx, u64::MAX)
        .await
        .unwrap();
    println!(
        "indexed {indexed} requests' names for search in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let lifetimes = Lifetimes {
        idle: Duration::hours(12),
        absolute: Duration::hours(12),
        pending: Duration::minutes(10),
    };
    let token = session::create(&ctx.db, StaffId(cw.id.0), Stage::Full, &lifetimes, now)
        .await
        .unwrap();
    let cookie = Cookie::build(("staff_session", token)).path("/").build();

    let queries: Vec<String> = (0..24)
        .map(|i| name(i * 5 + 1, i % 2 == 0))
        .chain(["Hoseini".to_owned(), "کریمی".to_owned(), "Zahra".to_owned()])
        .collect();
    let mut home = Vec::new();
    let mut search = Vec::new();
    let mut filtered = Vec::new();
    for round in 0..a.samples + 5 {
        let t = Instant::now();
        let r = client
            .get("/staff/work")
            .private_cookie(cookie.clone())
            .dispatch()
            .await;
        assert_eq!(r.status(), Status::Ok, "the home answers");
        r.into_string().await;
        let home_ms = t.elapsed().as_secs_f64() * 1000.0;
        let q = &queries[round % queries.len()];
        let url = format!(
            "/staff/work/cases?q={}",
            q.bytes()
                .map(|b| if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                })
                .collect::<String>()
        );
        let t = Instant::now();
        let r = client
            .get(url)
            .private_cookie(cookie.clone())
            .dispatch()
            .await;
        assert_eq!(r.status(), Status::Ok, "the search answers");
        r.into_string().await;
        let search_ms = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        let r = client
            .get("/staff/work/cases?stage=asked&assignee=me")
            .private_cookie(cookie.clone())
            .dispatch()
            .await;
        assert_eq!(r.status(), Status::Ok, "the list answers");
        r.into_string().await;
        let filtered_ms = t.elapsed().as_secs_f64() * 1000.0;
        // The first rounds warm caches and are not kept.
        if round >= 5 {
            home.push(home_ms);
            search.push(search_ms);
            filtered.push(filtered_ms);
        }
    }
    println!(
        "\n{} registrations, {} requests, SQLite:",
        a.registrations, a.requests
    );
    let h = stats("GET /staff/work", home);
    let s = stats("GET /staff/work/cases?q=<name>", search);
    stats("GET /staff/work/cases?stage=asked&assignee=me", filtered);
    println!(
        "\ntarget p99 ≤ 100 ms: home {}, search {}",
        if h <= 100.0 { "met" } else { "NOT met" },
        if s <= 100.0 { "met" } else { "NOT met" }
    );
}
