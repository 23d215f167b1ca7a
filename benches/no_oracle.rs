//! No-oracle timing benchmark (safety rule 1): times the requester's status page and their
//! re-confirmation across the five outcomes a requester must not be able to tell apart —
//! sought person not registered, registered and asked (pending), asked and declined without
//! a message, registered with a veto against the requester, asked and then refusing the
//! requester by a change made in place (issue #14) — and tests each against the
//! unregistered case.
//!
//! ```text
//! cargo bench --bench no_oracle                                  # 200 samples per case
//! cargo bench --bench no_oracle -- --samples 1000 --warmup 50 --seed 7 --csv /tmp/s.tsv
//! PEYVAND_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5433/postgres \
//!     cargo bench --bench no_oracle                              # on PostgreSQL
//! ```
//!
//! The app is built in-process (as the integration tests build it) on a fresh SQLite
//! database in a temporary directory, or on a new PostgreSQL database when
//! `PEYVAND_TEST_DATABASE_URL` is set (dropped at the end). The four cases are set up as
//! `tests/integration/contact/no_oracle.rs` sets them up: registrations and requests filed and
//! verified through the pages, matches decided and asked through the services, the decline
//! given on the sought person's reply page. Requests go through Rocket's local asynchronous
//! client, so what is timed is routing, guards, the services, the database and the
//! template, without a socket.
//!
//! Three endpoints are timed, one after the other: `GET /contact/status/<token>`, `GET
//! /contact/status/<token>/person/1` (where the requester adds spellings, aliases and facts
//! to the person she seeks, issue #14) and `POST /contact/status/<token>/confirm` (with a
//! CSRF token; each one records a re-confirmation). For each, `--warmup` rounds (default
//! 20) are discarded, then `--samples` rounds (default 200) are kept. A round sends one
//! request per case, in an order shuffled anew each round (seeded), so drift of the machine
//! hits every case alike. A sixth, control case — a well-formed token that is no one's
//! link, answered with the "invalid link" page — shows what a real difference looks like;
//! it is not one of the five outcomes (a requester always holds a real token) and is not in
//! the verdict. The pages show the names each requester gave: they are replaced before the
//! bodies are compared.
//!
//! Statistics, per endpoint and case: median, p10, p90 (quantiles by linear interpolation
//! between order statistics, numpy's default) and mean. Each case is compared with
//! "unregistered" by (1) the difference of medians with a 95 % percentile-bootstrap
//! confidence interval (10,000 resamples of both samples, fixed seed), (2) the two-sided
//! Mann–Whitney U test (normal approximation with tie and continuity corrections, as
//! scipy's `mannwhitneyu(method="asymptotic")`), with P(case slower) = U / (n₁n₂) as its
//! effect size (0.5: neither tends to be slower), and (3) the two-sample
//! Kolmogorov–Smirnov statistic D with its asymptotic 5 % critical value. Verdict: a case
//! differs beyond noise when its Mann–Whitney p-value is below 0.05 / 12 (Bonferroni over
//! the twelve comparisons of the three endpoints, family-wise α = 0.05). Results go in
//! BENCHMARKS.md.
//!
//! `--only lost-link` times `POST /links` ("lost your link?", issue #14) for an address
//! that holds nothing, a signature only, a registration only, or all three.

use chrono::{Duration as Days, Utc};
use peyvand::config::Config;
use peyvand::context::AppContext;
use peyvand::crypto::KeyFile;
use peyvand::domain::audit::Actor;
use peyvand::domain::staff::account::Role;
use peyvand::entities::{contact_match, registration, sought_person};
use peyvand::mail::SentEmail;
use peyvand::services::contact::{consent as consent_flow, review as contact_review};
use peyvand::services::staff::accounts::{self as staff, NewStaff};
use rocket::http::{ContentType, Status};
use rocket::local::asynchronous::Client;
use sea_orm::{ConnectionTrait, Database, EntityTrait, QueryOrder};
use std::fmt::Write as _;
use std::time::Instant;

/// The five outcomes, then the control.
const CASES: [&str; 6] = [
    "unregistered",
    "pending",
    "declined",
    "vetoed",
    "vetoed in place",
    "control: no such link",
];
/// The outcomes that must look alike (the control is the last case).
const OUTCOMES: usize = 5;
/// Whom each outcome's requester seeks: her own words, shown on her page (issue #14), so
/// replaced before the bodies are compared.
const SOUGHT: [&str; 5] = [
    "Nobody Unheardof",
    "Maryam Karimi",
    "Parvin Ahmadi",
    "Sara Rahimi",
    "Nasrin Sadeghi",
];
/// Family-wise significance level of the verdict.
const ALPHA: f64 = 0.05;
/// Bootstrap resamples.
const RESAMPLES: usize = 10_000;

// ------------------------------------------------------------------ arguments

struct Args {
    only: Option<String>,
    samples: usize,
    warmup: usize,
    seed: u64,
    csv: Option<String>,
}

fn parse_args() -> Args {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let value = |name: &str| args.windows(2).find(|w| w[0] == name).map(|w| w[1].clone());
    let number = |name: &str, default: u64| {
        value(name).map_or(default, |v| {
            v.parse()
                .unwrap_or_else(|_| panic!("{name} takes a number, not {v:?}"))
        })
    };
    let samples = usize::try_from(number("--samples", 200)).unwrap_or(200);
    assert!(samples >= 10, "--samples must be at least 10");
    let only = value("--only");
    assert!(
        only.as_deref()
            .is_none_or(|o| o == "contact" || o == "signing" || o == "lost-link"),
        "--only takes contact, signing or lost-link"
    );
    Args {
        only,
        samples,
        warmup: usize::try_from(number("--warmup", 20)).unwrap_or(20),
        seed: number("--seed", 0x5EED_2026),
        csv: value("--csv"),
    }
}

/// A small deterministic generator (splitmix64): the schedule and the bootstrap must not
/// depend on luck.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (the modulo bias is below 2⁻⁵⁰ for the sizes used here).
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n as u64)).unwrap_or(0)
    }
    /// Fisher–Yates.
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

// ------------------------------------------------------------------ the app

struct App {
    client: Client,
    ctx: AppContext,
    /// The cookie key (a second, socket-served instance uses it too).
    secret_key: Vec<u8>,
    _dir: tempfile::TempDir,
    /// PostgreSQL: the admin URL and the benchmark's own database, dropped at the end.
    postgres: Option<(String, String)>,
}

async fn open() -> App {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db_url, postgres) = match std::env::var("PEYVAND_TEST_DATABASE_URL") {
        Ok(admin) if !admin.is_empty() => {
            let name = format!(
                "peyvand_bench_{}",
                hex::encode(peyvand::crypto::random_bytes::<6>().expect("random"))
            );
            let conn = Database::connect(&admin)
                .await
                .expect("connect to PEYVAND_TEST_DATABASE_URL");
            conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await
                .expect("create the benchmark database");
            conn.close().await.ok();
            let mut url = url::Url::parse(&admin).expect("PEYVAND_TEST_DATABASE_URL is a URL");
            url.set_path(&format!("/{name}"));
            (url.to_string(), Some((admin, name)))
        }
        _ => (
            format!(
                "sqlite://{}?mode=rwc",
                dir.path().join("bench.sqlite3").display()
            ),
            None,
        ),
    };
    let mut config = Config::for_testing(dir.path().to_path_buf(), db_url);
    // One client address sends every request here.
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
    App {
        client,
        ctx,
        secret_key: secrets.rocket_secret_key.to_vec(),
        _dir: dir,
        postgres,
    }
}

impl App {
    async fn close(self) {
        let App {
            client,
            ctx,
            secret_key: _,
            _dir,
            postgres,
        } = self;
        drop(client);
        drop(ctx);
        if let Some((admin, name)) = postgres {
            let conn = Database::connect(&admin).await.expect("connect");
            conn.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await
                .expect("drop the benchmark database");
            conn.close().await.ok();
        }
    }

    async fn get(&self, path: &str) -> (Status, Option<String>, String) {
        let r = self.client.get(path.to_owned()).dispatch().await;
        let location = r.headers().get_one("Location").map(str::to_owned);
        (
            r.status(),
            location,
            r.into_string().await.unwrap_or_default(),
        )
    }

    /// This client's CSRF token (every page carries it; `/language` is a small one).
    async fn csrf(&self) -> String {
        let (_, _, body) = self.get("/language").await;
        let start = body
            .find("name=\"csrf_token\" value=\"")
            .expect("a CSRF token on the page")
            + "name=\"csrf_token\" value=\"".len();
        let end = body[start..].find('"').expect("end of the token") + start;
        body[start..end].to_owned()
    }

    /// POSTs a form with a valid CSRF token added.
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> (Status, String) {
        let token = self.csrf().await;
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        let r = self
            .client
            .post(path.to_owned())
            .header(ContentType::Form)
            .body(form(&all))
            .dispatch()
            .await;
        (r.status(), r.into_string().await.unwrap_or_default())
    }

    /// Sends queued mail; everything sent to `to` so far.
    async fn mail_to(&self, to: &str) -> Vec<SentEmail> {
        peyvand::mail::outbox::process_due(self.ctx.outbox(), Utc::now() + Days::minutes(1))
            .await
            .expect("outbox");
        self.ctx
            .mailer
            .sent()
            .into_iter()
            .filter(|m| m.to == to)
            .collect()
    }

    /// The site-relative link starting with `prefix` in the latest email to `to`, without
    /// its query.
    async fn latest_link(&self, to: &str, prefix: &str) -> String {
        let mail = self.mail_to(to).await;
        let last = mail.last().expect("an email");
        let link = last
            .email
            .text
            .split_whitespace()
            .filter(|w| w.starts_with("http"))
            .map(|w| w.replace(&self.ctx.config.public_url, ""))
            .find(|l| l.starts_with(prefix))
            .unwrap_or_else(|| panic!("no {prefix} link in {:?}", last.email.text));
        link.split('?').next().unwrap_or_default().to_owned()
    }

    /// Files a request seeking `sought` and verifies it by POST, as a requester does;
    /// returns the status page's token.
    async fn active_request(&self, email: &str, sought: &str) -> String {
        let (status, body) = self
            .post("/contact/request", &request_fields(email, sought))
            .await;
        assert_eq!(status, Status::SeeOther, "{body}");
        let verify = self.latest_link(email, "/contact/verify/").await;
        assert_eq!(self.post(&verify, &[]).await.0, Status::Ok);
        let page = self.latest_link(email, "/contact/status/").await;
        page.trim_start_matches("/contact/status/").to_owned()
    }

    /// Registers and verifies, as a registering person does; returns the management page.
    async fn active_registration(&self, fields: &[(&str, &str)]) -> String {
        let email = fields.iter().find(|(k, _)| *k == "email").expect("email").1;
        let (status, body) = self.post("/contact/register", fields).await;
        assert_eq!(status, Status::SeeOther, "{body}");
        let verify = self.latest_link(email, "/contact/verify/").await;
        assert_eq!(self.post(&verify, &[]).await.0, Status::Ok);
        self.latest_link(email, "/contact/registration/").await
    }
}

fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                url::form_urlencoded::byte_serialize(k.as_bytes()).collect::<String>(),
                url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A complete contact request seeking one person (the integration tests' request).
fn request_fields<'a>(email: &'a str, sought_latin: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", "Leila Karimi"),
        ("email", email),
        ("phone", "+49 170 1234567"),
        ("country", "DE"),
        ("relationship", "sibling"),
        ("s1.name_latin", sought_latin),
        ("s1.name_persian", ""),
        ("s1.aliases", "Mimi\nMaryam K."),
        ("s1.birth_year", "1979"),
        ("s1.father_name", "Hossein"),
        ("s1.birthplace", "Shiraz"),
        ("s1.last_place", "Camp Ashraf 3"),
        ("s1.last_year", "2003"),
        ("s1.facts", "She called our grandmother Bibi."),
        ("s2.name_latin", ""),
        ("s2.name_persian", ""),
        ("s3.name_latin", ""),
        ("message", "We miss you. <b>Nothing</b> is expected of you."),
        ("consent", "yes"),
    ]
}

/// A complete registration open to anyone, with an optional name it denies.
fn register_fields<'a>(email: &'a str, name: &'a str, deny: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name_latin", name),
        ("name_persian", ""),
        ("aliases", ""),
        ("birth_year", "1979"),
        ("father_name", "Hossein"),
        ("places", "Shiraz"),
        ("email", email),
        ("language", "en"),
        ("openness", "anyone"),
        ("only_names", ""),
        ("deny_names", deny),
        ("deny_aliases", ""),
        ("consent", "yes"),
    ]
}

/// Sets up the five outcomes as `nothing_a_requester_sees_tells_the_four_outcomes_apart`
/// does; returns the requesters' status tokens in the order of [`CASES`] (the control's is
/// a well-formed token that is no one's link).
async fn five_outcomes(app: &App) -> Vec<String> {
    let ctx = &app.ctx;
    let (caseworker, _) = staff::create(
        ctx,
        Actor::Cli,
        &NewStaff {
            email: "caseworker@staff.example".into(),
            display_name: "caseworker".into(),
            roles: vec![Role::Caseworker],
        },
        Utc::now(),
    )
    .await
    .expect("database")
    .expect("account created");
    app.active_registration(&register_fields("maryam@example.org", "Maryam Karimi", ""))
        .await;
    app.active_registration(&register_fields("parvin@example.org", "Parvin Ahmadi", ""))
        .await;
    app.active_registration(&register_fields(
        "sara@example.org",
        "Sara Rahimi",
        "Leila Karimi",
    ))
    .await;
    let nasrin = app
        .active_registration(&register_fields("nasrin@example.org", "Nasrin Sadeghi", ""))
        .await;
    let registrations = registration::Entity::find()
        .order_by_asc(registration::Column::Id)
        .all(&ctx.db)
        .await
        .expect("registrations");
    let emails = [
        "one@example.org",
        "two@example.org",
        "three@example.org",
        "four@example.org",
        "five@example.org",
    ];
    let mut tokens = Vec::new();
    for (i, (email, sought)) in emails.iter().zip(SOUGHT).enumerate() {
        tokens.push(app.active_request(email, sought).await);
        let s = sought_person::Entity::find()
            .order_by_desc(sought_person::Column::Id)
            .one(&ctx.db)
            .await
            .expect("database")
            .expect("the sought person just filed");
        if i == 0 {
            continue;
        }
        let decided = contact_review::decide(
            ctx,
            caseworker.id,
            s.request_id,
            s.id,
            registrations[i - 1].id,
            true,
            Utc::now(),
        )
        .await
        .expect("database");
        if i == 3 {
            // The veto: the registration is never a candidate.
            assert!(decided.is_err(), "the vetoed registration was a candidate");
            continue;
        }
        let m = decided.expect("the registration is a candidate");
        consent_flow::ask(ctx, caseworker.id, m, Utc::now())
            .await
            .expect("database")
            .expect("asked");
        if i == 2 {
            // Parvin follows the neutral link of her email and declines, no message.
            let p = app.latest_link("parvin@example.org", "/p/").await;
            let (status, location, body) = app.get(&p).await;
            assert_eq!(status, Status::SeeOther, "{body}");
            let reply = location.expect("a redirect");
            let reply = reply.split('?').next().unwrap_or_default();
            let (status, body) = app
                .post(reply, &[("decision", "decline"), ("welfare", "none")])
                .await;
            assert_eq!(status, Status::SeeOther, "{body}");
        }
        if i == 4 {
            // Asked; then Nasrin refuses the requester by changing her registration in
            // place (issue #14): the match closes.
            let (status, body) = app
                .post(
                    &format!("{nasrin}/edit"),
                    &[
                        ("names", "Nasrin Sadeghi"),
                        ("openness", "anyone"),
                        ("deny_names", "Leila Karimi"),
                    ],
                )
                .await;
            assert_eq!(status, Status::SeeOther, "{body}");
        }
    }
    let states: Vec<String> = contact_match::Entity::find()
        .order_by_asc(contact_match::Column::Id)
        .all(&ctx.db)
        .await
        .expect("matches")
        .into_iter()
        .map(|m| m.state.to_string())
        .collect();
    assert_eq!(
        states,
        ["consent_requested", "closed", "closed"],
        "the five outcomes"
    );
    // The control: the first token with its last character changed (still well formed,
    // so both lookups run and find nothing).
    let mut control = tokens[0].clone();
    let last = control.pop().expect("a token");
    control.push(if last == 'A' { 'B' } else { 'A' });
    tokens.push(control);
    tokens
}

// ------------------------------------------------------------------ measuring

#[derive(Clone, Copy, PartialEq, Eq)]
enum Endpoint {
    Page,
    Confirm,
    /// The page where the requester adds to the person she seeks (issue #14).
    Person,
}

impl Endpoint {
    fn describe(self) -> &'static str {
        match self {
            Self::Page => "GET /contact/status/<token>",
            Self::Confirm => "POST /contact/status/<token>/confirm (choice=relay, CSRF)",
            Self::Person => "GET /contact/status/<token>/person/1",
        }
    }
    fn expected(self, case: usize) -> Status {
        match (self, case) {
            (_, c) if c == OUTCOMES => Status::NotFound,
            (Self::Page | Self::Person, _) => Status::Ok,
            (Self::Confirm, _) => Status::SeeOther,
        }
    }
}

/// One timed request: nanoseconds from dispatch to the whole body read, and the body.
async fn once(app: &App, endpoint: Endpoint, token: &str, csrf: &str) -> (f64, Status, String) {
    let request = match endpoint {
        Endpoint::Page => app.client.get(format!("/contact/status/{token}")),
        Endpoint::Person => app.client.get(format!("/contact/status/{token}/person/1")),
        Endpoint::Confirm => app
            .client
            .post(format!("/contact/status/{token}/confirm"))
            .header(ContentType::Form)
            .body(format!("csrf_token={csrf}&choice=relay")),
    };
    let start = Instant::now();
    let response = request.dispatch().await;
    let status = response.status();
    let body = response.into_string().await.unwrap_or_default();
    let elapsed = start.elapsed();
    (elapsed.as_nanos() as f64, status, body)
}

/// Samples per case (nanoseconds), in the order taken, and the distinct bodies seen per
/// case (tokens replaced).
struct Measured {
    samples: Vec<Vec<f64>>,
    bodies: Vec<std::collections::BTreeSet<String>>,
}

async fn measure(
    app: &App,
    endpoint: Endpoint,
    tokens: &[String],
    args: &Args,
    rng: &mut Rng,
    csv: &mut String,
) -> Measured {
    let csrf = app.csrf().await;
    let mut m = Measured {
        samples: vec![Vec::with_capacity(args.samples); CASES.len()],
        bodies: vec![std::collections::BTreeSet::new(); CASES.len()],
    };
    let mut order: Vec<usize> = (0..CASES.len()).collect();
    for round in 0..args.warmup + args.samples {
        rng.shuffle(&mut order);
        for &case in &order {
            let (ns, status, body) = once(app, endpoint, &tokens[case], &csrf).await;
            assert_eq!(
                status,
                endpoint.expected(case),
                "{} for {}: {body}",
                endpoint.describe(),
                CASES[case]
            );
            if round < args.warmup {
                continue;
            }
            m.samples[case].push(ns);
            let body = SOUGHT
                .iter()
                .fold(body.replace(tokens[case].as_str(), "TOKEN"), |b, name| {
                    b.replace(name, "NAME")
                });
            m.bodies[case].insert(body);
            let _ = writeln!(
                csv,
                "{}\t{}\t{}\t{ns}",
                match endpoint {
                    Endpoint::Page => "page",
                    Endpoint::Confirm => "confirm",
                    Endpoint::Person => "person",
                },
                CASES[case],
                round - args.warmup
            );
        }
    }
    m
}

// ------------------------------------------------------------------ statistics

/// The `p` quantile of sorted data, by linear interpolation between order statistics.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

fn sorted(data: &[f64]) -> Vec<f64> {
    let mut s = data.to_vec();
    s.sort_by(f64::total_cmp);
    s
}

fn median(data: &[f64]) -> f64 {
    quantile(&sorted(data), 0.5)
}

fn mean(data: &[f64]) -> f64 {
    data.iter().sum::<f64>() / data.len() as f64
}

/// 95 % percentile-bootstrap interval of median(b) − median(a).
fn bootstrap_median_difference(a: &[f64], b: &[f64], rng: &mut Rng) -> (f64, f64) {
    let mut ra = vec![0.0; a.len()];
    let mut rb = vec![0.0; b.len()];
    let mut diffs = Vec::with_capacity(RESAMPLES);
    for _ in 0..RESAMPLES {
        for x in &mut ra {
            *x = a[rng.below(a.len())];
        }
        for x in &mut rb {
            *x = b[rng.below(b.len())];
        }
        diffs.push(median(&rb) - median(&ra));
    }
    let diffs = sorted(&diffs);
    (quantile(&diffs, 0.025), quantile(&diffs, 0.975))
}

/// Two-sided Mann–Whitney U test of `b` against `a`: U of `b` (ties count one half), and
/// the p-value by the normal approximation with tie and continuity corrections.
fn mann_whitney(a: &[f64], b: &[f64]) -> (f64, f64) {
    let (n1, n2) = (b.len() as f64, a.len() as f64);
    let mut pooled: Vec<(f64, bool)> = b
        .iter()
        .map(|&x| (x, true))
        .chain(a.iter().map(|&x| (x, false)))
        .collect();
    pooled.sort_by(|x, y| x.0.total_cmp(&y.0));
    let (mut rank_sum, mut ties) = (0.0, 0.0);
    let mut i = 0;
    while i < pooled.len() {
        let mut j = i + 1;
        while j < pooled.len() && pooled[j].0 == pooled[i].0 {
            j += 1;
        }
        // Ranks i+1 ..= j share their average.
        let rank = (i + 1 + j) as f64 / 2.0;
        let t = (j - i) as f64;
        ties += t * t * t - t;
        rank_sum += rank * pooled[i..j].iter().filter(|p| p.1).count() as f64;
        i = j;
    }
    let u = rank_sum - n1 * (n1 + 1.0) / 2.0;
    let n = n1 + n2;
    let mu = n1 * n2 / 2.0;
    let sigma = (n1 * n2 / 12.0 * ((n + 1.0) - ties / (n * (n - 1.0)))).sqrt();
    let z = ((u - mu).abs() - 0.5) / sigma;
    // P(|Z| ≥ z) = erfc(z / √2).
    let p = libm::erfc(z / std::f64::consts::SQRT_2).min(1.0);
    (u, p)
}

/// The two-sample Kolmogorov–Smirnov statistic D = sup |F_a − F_b|, and its asymptotic
/// critical value at 5 % (1.358 · √((n+m)/(nm))).
fn kolmogorov_smirnov(a: &[f64], b: &[f64]) -> (f64, f64) {
    let (sa, sb) = (sorted(a), sorted(b));
    let (n, m) = (sa.len() as f64, sb.len() as f64);
    let (mut i, mut j, mut d) = (0, 0, 0.0_f64);
    while i < sa.len() && j < sb.len() {
        let x = sa[i].min(sb[j]);
        while i < sa.len() && sa[i] <= x {
            i += 1;
        }
        while j < sb.len() && sb[j] <= x {
            j += 1;
        }
        d = d.max((i as f64 / n - j as f64 / m).abs());
    }
    (d, 1.358 * ((n + m) / (n * m)).sqrt())
}

/// Prints one endpoint's table; returns, per outcome compared with "unregistered", its
/// Mann–Whitney p-value and median difference with its interval (µs).
fn report(
    title: &str,
    cases: &[&str],
    outcomes: usize,
    m: &Measured,
    rng: &mut Rng,
) -> Vec<(f64, f64, f64, f64)> {
    let us = |ns: f64| ns / 1e3;
    println!();
    println!("{title}");
    println!(
        "{:<26} {:>9} {:>9} {:>9} {:>9}   {:>28} {:>9} {:>9} {:>12}",
        "case",
        "median µs",
        "p10 µs",
        "p90 µs",
        "mean µs",
        "Δmedian µs [95 % CI]",
        "MW p",
        "P(slower)",
        "KS D (crit)"
    );
    let base = &m.samples[0];
    let mut compared = Vec::new();
    for (case, data) in m.samples.iter().enumerate() {
        let s = sorted(data);
        let mut line = format!(
            "{:<26} {:>9.1} {:>9.1} {:>9.1} {:>9.1}",
            cases[case],
            us(quantile(&s, 0.5)),
            us(quantile(&s, 0.1)),
            us(quantile(&s, 0.9)),
            us(mean(data)),
        );
        if case > 0 {
            let diff = median(data) - median(base);
            let (lo, hi) = bootstrap_median_difference(base, data, rng);
            let (u, p) = mann_whitney(base, data);
            let (d, crit) = kolmogorov_smirnov(base, data);
            let _ = write!(
                line,
                "   {:>+8.1} [{:>+8.1}, {:>+8.1}] {:>9.4} {:>9.3} {:>6.3} ({:.3})",
                us(diff),
                us(lo),
                us(hi),
                p,
                u / (data.len() * base.len()) as f64,
                d,
                crit
            );
            if case < outcomes {
                compared.push((p, us(diff), us(lo), us(hi)));
            }
        }
        println!("{line}");
    }
    let distinct: Vec<usize> = m
        .bodies
        .iter()
        .map(std::collections::BTreeSet::len)
        .collect();
    let same = m.bodies[..outcomes]
        .iter()
        .all(|b| b.len() == 1 && *b == m.bodies[0]);
    println!(
        "response bodies (token replaced): {} across the outcomes (distinct per case: {distinct:?})",
        if same { "identical" } else { "DIFFERENT" }
    );
    compared
}

/// Prints the verdict over `compared` (Mann–Whitney p, Δmedian and its interval, µs).
fn verdict(baseline: &str, compared: &[(f64, f64, f64, f64)]) {
    let threshold = ALPHA / compared.len() as f64;
    let smallest = compared.iter().map(|c| c.0).fold(1.0, f64::min);
    let largest = compared.iter().map(|c| c.1.abs()).fold(0.0, f64::max);
    let widest = compared
        .iter()
        .map(|c| c.2.abs().max(c.3.abs()))
        .fold(0.0, f64::max);
    let differing = compared.iter().filter(|c| c.0 < threshold).count();
    println!();
    if differing == 0 {
        println!(
            "VERDICT: no outcome differs from \"{baseline}\" beyond noise: smallest Mann–Whitney p = {smallest:.4} ≥ {threshold:.4} (α = {ALPHA} over {} comparisons, Bonferroni); |Δmedian| ≤ {largest:.1} µs, every 95 % CI within ±{widest:.1} µs",
            compared.len()
        );
    } else {
        println!(
            "VERDICT: {differing} of {} comparisons DIFFER from \"{baseline}\" beyond noise (Mann–Whitney p < {threshold:.4}, α = {ALPHA} over {} comparisons, Bonferroni); smallest p = {smallest:.2e}, |Δmedian| up to {largest:.1} µs",
            compared.len(),
            compared.len()
        );
    }
}

// ------------------------------------------------------------------ signing (rule 4)

/// The signing POST's cases: what the address did before (the first is the baseline),
/// then the control.
const SIGN_CASES: [&str; 9] = [
    "new address",
    "pending, same name",
    "pending, another name",
    "verified, same name",
    "verified, another name",
    "withdrawn, same name",
    "shadow-banned, same name",
    "1,000 attempts, same name",
    "control: refused form",
];
/// The signing outcomes that must look alike (the control is the last case).
const SIGN_OUTCOMES: usize = 8;
const SIGN_PATH: &str = "/petitions/let-families-visit/sign";
/// The signer's name in the "same name" cases.
const SAME_NAME: &str = "Maryam Ahmadi";

fn sign_fields<'a>(name: &'a str, email: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("email", email),
        ("country", "DE"),
        ("city", "Köln"),
        ("relationship", "sibling"),
        ("letter", "Please let us see our brother."),
        ("public_disclosure", "initials"),
        ("book_disclosure", "full"),
        ("consent", "yes"),
    ]
}

/// Six letters for `n`: names and addresses of the same length in every case.
fn letters(mut n: usize) -> String {
    let mut out = String::new();
    for _ in 0..6 {
        out.push(char::from(b'a' + u8::try_from(n % 26).unwrap_or(0)));
        n /= 26;
    }
    out
}

/// The name and address a case signs with in `round` (all addresses' local parts have
/// eight characters, every name thirteen).
fn sign_case(case: usize, round: usize) -> (String, String) {
    let other = || format!("Maryam {}", capitalised(&letters(round)));
    match case {
        0 => (
            SAME_NAME.into(),
            format!("n{}x@example.org", letters(round)),
        ),
        1 => (SAME_NAME.into(), "pendingx@example.org".into()),
        2 => (other(), "pendingx@example.org".into()),
        3 => (SAME_NAME.into(), "verified@example.org".into()),
        4 => (other(), "verified@example.org".into()),
        5 => (SAME_NAME.into(), "withdrwn@example.org".into()),
        6 => (SAME_NAME.into(), "shadowbn@example.org".into()),
        7 => (SAME_NAME.into(), "thousand@example.org".into()),
        _ => (SAME_NAME.into(), "controlx@example.org".into()),
    }
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Signs through the pages and carries the attempt out; the link starting with `prefix`
/// in the email it sends.
async fn signed(app: &App, name: &str, email: &str, prefix: &str) -> String {
    let (status, body) = app.post(SIGN_PATH, &sign_fields(name, email)).await;
    assert_eq!(status, Status::SeeOther, "{body}");
    peyvand::services::petitions::sign::settle(&app.ctx)
        .await
        .expect("attempts carried out");
    app.latest_link(email, prefix).await
}

/// Sets up the addresses' histories as signers and staff make them.
async fn signing_histories(app: &App) {
    use peyvand::entities::signature;
    use sea_orm::{ColumnTrait, QueryFilter};
    peyvand::services::demo::petitions::seed(&app.ctx)
        .await
        .expect("demo petition");
    signed(
        app,
        SAME_NAME,
        "pendingx@example.org",
        "/signatures/confirm/",
    )
    .await;
    let confirm = signed(
        app,
        SAME_NAME,
        "verified@example.org",
        "/signatures/confirm/",
    )
    .await;
    assert_eq!(app.post(&confirm, &[]).await.0, Status::Ok);
    let withdraw = signed(
        app,
        SAME_NAME,
        "withdrwn@example.org",
        "/signatures/withdraw/",
    )
    .await;
    assert_eq!(app.post(&withdraw, &[]).await.0, Status::Ok);
    signed(
        app,
        SAME_NAME,
        "shadowbn@example.org",
        "/signatures/confirm/",
    )
    .await;
    let index = app
        .ctx
        .crypto
        .blind_index(
            peyvand::domain::petitions::signature::EMAIL_INDEX,
            "shadowbn@example.org",
        )
        .to_hex();
    signature::Entity::update_many()
        .col_expr(
            signature::Column::Shadow,
            sea_orm::sea_query::Expr::value(true),
        )
        .filter(signature::Column::EmailIndex.eq(index))
        .exec(&app.ctx.db)
        .await
        .expect("shadow ban");
    for _ in 0..1000 {
        let (status, _) = app
            .post(SIGN_PATH, &sign_fields(SAME_NAME, "thousand@example.org"))
            .await;
        assert_eq!(status, Status::SeeOther);
    }
    peyvand::services::petitions::sign::settle(&app.ctx)
        .await
        .expect("attempts carried out");
}

/// Serves the portal on a loopback port of its own; returns the base URL.
async fn serve(app: &App) -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let figment = rocket::Config::figment()
        .merge(("log_level", "off"))
        .merge(("address", "127.0.0.1"))
        .merge(("port", port));
    let rocket = peyvand::rocket(app.ctx.clone(), &app.secret_key, figment);
    tokio::spawn(async move {
        let _ = rocket.launch().await;
    });
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..100 {
        if reqwest::get(format!("{base}/healthz")).await.is_ok() {
            return base;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the portal did not start on {base}");
}

/// Times the signing POST over a real socket, one request per case each round in a
/// shuffled order.
async fn measure_signing(base: &str, args: &Args, rng: &mut Rng, csv: &mut String) -> Measured {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client");
    let page = client
        .get(format!("{base}/language"))
        .send()
        .await
        .expect("a page")
        .text()
        .await
        .expect("its body");
    let start = page
        .find("name=\"csrf_token\" value=\"")
        .expect("a CSRF token")
        + "name=\"csrf_token\" value=\"".len();
    let csrf = page[start..start + page[start..].find('"').expect("its end")].to_owned();
    let url = format!("{base}{SIGN_PATH}");
    let mut m = Measured {
        samples: vec![Vec::with_capacity(args.samples); SIGN_CASES.len()],
        bodies: vec![std::collections::BTreeSet::new(); SIGN_CASES.len()],
    };
    let mut order: Vec<usize> = (0..SIGN_CASES.len()).collect();
    for round in 0..args.warmup + args.samples {
        rng.shuffle(&mut order);
        for &case in &order {
            let (name, email) = sign_case(case, round);
            let mut fields = vec![("csrf_token", csrf.as_str())];
            fields.extend(sign_fields(&name, &email));
            if case == SIGN_OUTCOMES {
                fields.retain(|(k, _)| *k != "consent");
            }
            let body = form(&fields);
            let started = Instant::now();
            let response = client
                .post(&url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .expect("an answer");
            let status = response.status().as_u16();
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let text = response.text().await.unwrap_or_default();
            let ns = started.elapsed().as_nanos() as f64;
            let expected = if case == SIGN_OUTCOMES { 422 } else { 303 };
            assert_eq!(status, expected, "{}: {text}", SIGN_CASES[case]);
            if round < args.warmup {
                continue;
            }
            m.samples[case].push(ns);
            m.bodies[case].insert(if case == SIGN_OUTCOMES {
                "refused form".to_owned()
            } else {
                format!("{location}\n{text}")
            });
            let _ = writeln!(
                csv,
                "sign\t{}\t{}\t{ns}",
                SIGN_CASES[case],
                round - args.warmup
            );
        }
    }
    m
}

// ------------------------------------------------------------------ lost links

/// The "lost your link?" POST's cases: what the address holds (the first is the
/// baseline), then the control.
const LOST_CASES: [&str; 5] = [
    "nothing",
    "a signature only",
    "a registration only",
    "signature, request and registration",
    "control: refused form",
];
/// The lost-link outcomes that must look alike (the control is the last case).
const LOST_OUTCOMES: usize = 4;

/// The address each case asks for (all local parts eight characters long).
fn lost_case(case: usize) -> &'static str {
    match case {
        0 => "nothingx@example.org",
        1 => "signonly@example.org",
        2 => "regsonly@example.org",
        3 => "allthree@example.org",
        _ => "not an address",
    }
}

/// Sets up what each address holds, through the pages.
async fn lost_link_histories(app: &App) {
    if peyvand::entities::petition::Entity::find()
        .one(&app.ctx.db)
        .await
        .expect("database")
        .is_none()
    {
        peyvand::services::demo::petitions::seed(&app.ctx)
            .await
            .expect("demo petition");
    }
    signed(app, SAME_NAME, lost_case(1), "/signatures/confirm/").await;
    app.active_registration(&register_fields(lost_case(2), "Parvin Rahimi", ""))
        .await;
    let all = lost_case(3);
    let confirm = signed(app, SAME_NAME, all, "/signatures/confirm/").await;
    assert_eq!(app.post(&confirm, &[]).await.0, Status::Ok);
    app.active_request(all, "Nobody Unheardof").await;
    app.active_registration(&register_fields(all, "Maryam Rahimi", ""))
        .await;
}

/// Times `POST /links` over a real socket, one request per case each round in a shuffled
/// order. The background task carries the asks out meanwhile (the first few per address:
/// beyond its hourly limit an address is answered the same and sent nothing).
async fn measure_lost_links(base: &str, args: &Args, rng: &mut Rng, csv: &mut String) -> Measured {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client");
    let page = client
        .get(format!("{base}/links"))
        .send()
        .await
        .expect("a page")
        .text()
        .await
        .expect("its body");
    let start = page
        .find("name=\"csrf_token\" value=\"")
        .expect("a CSRF token")
        + "name=\"csrf_token\" value=\"".len();
    let csrf = page[start..start + page[start..].find('"').expect("its end")].to_owned();
    let url = format!("{base}/links");
    let mut m = Measured {
        samples: vec![Vec::with_capacity(args.samples); LOST_CASES.len()],
        bodies: vec![std::collections::BTreeSet::new(); LOST_CASES.len()],
    };
    let mut order: Vec<usize> = (0..LOST_CASES.len()).collect();
    for round in 0..args.warmup + args.samples {
        rng.shuffle(&mut order);
        for &case in &order {
            let body = form(&[("csrf_token", csrf.as_str()), ("email", lost_case(case))]);
            let started = Instant::now();
            let response = client
                .post(&url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .expect("an answer");
            let status = response.status().as_u16();
            let mut headers: Vec<String> = response
                .headers()
                .iter()
                .filter(|(k, _)| *k != "date")
                .map(|(k, v)| format!("{k}: {}", v.to_str().unwrap_or("?")))
                .collect();
            headers.sort();
            let text = response.text().await.unwrap_or_default();
            let ns = started.elapsed().as_nanos() as f64;
            let expected = if case == LOST_OUTCOMES { 422 } else { 303 };
            assert_eq!(status, expected, "{}: {text}", LOST_CASES[case]);
            if round < args.warmup {
                continue;
            }
            m.samples[case].push(ns);
            m.bodies[case].insert(if case == LOST_OUTCOMES {
                "refused form".to_owned()
            } else {
                format!("{}\n{text}", headers.join("\n"))
            });
            let _ = writeln!(
                csv,
                "lost-link\t{}\t{}\t{ns}",
                LOST_CASES[case],
                round - args.warmup
            );
        }
    }
    m
}

#[tokio::main]
async fn main() {
    let args = parse_args();
    let app = open().await;
    let backend = if app.postgres.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    println!(
        "peyvand no-oracle timing: {} samples per case after {} warm-up rounds, shuffled rounds (seed {:#x}), {backend}, {} cores",
        args.samples,
        args.warmup,
        args.seed,
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get)
    );
    let mut rng = Rng(args.seed);
    let mut csv = String::from("endpoint\tcase\tround\tns\n");
    let mut bodies_alike = true;
    let only = |what: &str| args.only.as_deref().is_none_or(|o| o == what);
    if only("contact") {
        let tokens = five_outcomes(&app).await;
        let mut compared = Vec::new();
        for endpoint in [Endpoint::Page, Endpoint::Person, Endpoint::Confirm] {
            let m = measure(&app, endpoint, &tokens, &args, &mut rng, &mut csv).await;
            bodies_alike &= m.bodies[..OUTCOMES]
                .iter()
                .all(|b| b.len() == 1 && *b == m.bodies[0]);
            compared.extend(report(endpoint.describe(), &CASES, OUTCOMES, &m, &mut rng));
        }
        verdict(CASES[0], &compared);
    }
    let mut served = None;
    if only("signing") {
        signing_histories(&app).await;
        let base = serve(&app).await;
        served = Some(base.clone());
        let m = measure_signing(&base, &args, &mut rng, &mut csv).await;
        bodies_alike &= m.bodies[..SIGN_OUTCOMES]
            .iter()
            .all(|b| b.len() == 1 && *b == m.bodies[0]);
        let compared = report(
            "POST /petitions/<slug>/sign over a loopback socket (CSRF; 303 \"check your inbox\")",
            &SIGN_CASES,
            SIGN_OUTCOMES,
            &m,
            &mut rng,
        );
        verdict(SIGN_CASES[0], &compared);
    }
    if only("lost-link") {
        lost_link_histories(&app).await;
        let base = match served {
            Some(base) => base,
            None => serve(&app).await,
        };
        let m = measure_lost_links(&base, &args, &mut rng, &mut csv).await;
        bodies_alike &= m.bodies[..LOST_OUTCOMES]
            .iter()
            .all(|b| b.len() == 1 && *b == m.bodies[0]);
        let compared = report(
            "POST /links over a loopback socket (CSRF; 303 \"if we hold something, we have emailed it\")",
            &LOST_CASES,
            LOST_OUTCOMES,
            &m,
            &mut rng,
        );
        verdict(LOST_CASES[0], &compared);
    }
    if let Some(path) = &args.csv {
        std::fs::write(path, &csv).expect("write the samples");
        println!("samples written to {path}");
    }
    app.close().await;
    if !bodies_alike {
        println!("WARNING: the outcomes' responses are not byte-identical (see above)");
    }
}
