//! Load benchmarks: starts the release server on loopback with a fresh SQLite database and
//! drives it with concurrent HTTP clients, printing throughput and latency percentiles.
//!
//! ```text
//! cargo bench --bench load -- [sign|confirm|count|crash|all] [--concurrency N] [--seconds S]
//! cargo bench --bench load -- soak [--seconds S] [--rate R] [--sample S] [--idle S]
//! PEYVAND_BENCH_DATABASE_URL=postgres://… cargo bench --bench load -- instances [--concurrency N] [--seconds S]
//! ```
//! `instances` (not part of `all`) signs on PostgreSQL with one app instance, then with two
//! on the same (emptied) database, the clients split between them, and prints both
//! throughputs and the stored count after the backlog is carried out.
//! `sign` also runs at a fixed 1,000 requests/s for the latency target; `crash` kills the
//! server with SIGKILL in the middle of a signing run, restarts it, and checks that every
//! acknowledged signature is there. `soak` (not part of `all`) offers a mixed load (signing,
//! petition pages, counts, link pages with random tokens, each request from a different
//! forwarded client address) at a fixed rate for `S` seconds, then idles, and prints the
//! server's resident memory (VmRSS) every `--sample` seconds. Results go in BENCHMARKS.md.

use peyvand::crypto::{Crypto, KeyFile};
use reqwest::Client;
use sea_orm::{ConnectionTrait, Database, DatabaseBackend, Statement};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Mutex;

const SLUG: &str = "let-families-visit";

struct Server {
    child: Child,
    port: u16,
    dir: PathBuf,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn command(dir: &Path, port: u16, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_peyvand"));
    cmd.args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DATABASE_URL")
        .env("PEYVAND_DATA_DIR", dir)
        .env("ROCKET_ADDRESS", "127.0.0.1")
        .env("ROCKET_PORT", port.to_string())
        .env("ROCKET_PROFILE", "release")
        .env("ROCKET_LOG_LEVEL", "critical")
        .env("PEYVAND_MAIL_TRANSPORT", "file")
        .env("PEYVAND_RATE_LIMIT_PER_MINUTE", "100000000")
        .env("PEYVAND_RATE_LIMIT_BURST", "100000000")
        .env("PEYVAND_SIGN_BURST", "100000000")
        .env("PEYVAND_SIGNS_PER_HOUR", "1000000000")
        .env("PEYVAND_LINK_RATE_LIMIT_PER_MINUTE", "100000000")
        .env("PEYVAND_LINK_RATE_LIMIT_BURST", "100000000");
    cmd
}

async fn start(dir: &Path, port: u16, worker: bool) -> Server {
    start_with(dir, port, worker, &[]).await
}

/// Seeds a fresh data directory and starts the server on it with `env` added.
async fn start_with(dir: &Path, port: u16, worker: bool, env: &[(&str, &str)]) -> Server {
    // The release profile refuses demo data unless forced; this is a throwaway database.
    let status = command(dir, port, &["demo", "seed", "--force-demo"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "demo seed");
    let child = command(dir, port, &["serve"])
        .env("PEYVAND_OUTBOX_WORKER", worker.to_string())
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server {
        child,
        port,
        dir: dir.to_owned(),
    };
    let client = Client::new();
    for _ in 0..200 {
        if client
            .get(server.url("/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("server did not start");
}

impl Server {
    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A browser-like client with the CSRF cookie and token of one visit.
async fn browser(server: &Server) -> (Client, String) {
    let client = Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .pool_max_idle_per_host(256)
        .build()
        .unwrap();
    let page = client
        .get(server.url(&format!("/petitions/{SLUG}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = page
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    (client, token)
}

struct Stats {
    latencies: Vec<Duration>,
    ok: u64,
    failed: u64,
    elapsed: Duration,
}

fn report(name: &str, s: &mut Stats) {
    s.latencies.sort();
    let pct = |p: f64| {
        s.latencies
            .get(((s.latencies.len() as f64 - 1.0) * p) as usize)
            .copied()
            .unwrap_or_default()
    };
    println!(
        "{name:<28} {:>7} ok {:>5} failed  {:>8.0} req/s   p50 {:>6.1} ms  p95 {:>6.1} ms  p99 {:>6.1} ms",
        s.ok,
        s.failed,
        s.ok as f64 / s.elapsed.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.95).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
    );
}

/// Runs `request(i)` from `concurrency` tasks for `seconds` (closed loop), or at a fixed
/// `rate` per second (open loop) when given; never more than `limit` requests.
async fn drive<F, Fut>(
    concurrency: usize,
    seconds: u64,
    rate: Option<u64>,
    limit: Option<u64>,
    request: F,
) -> Stats
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let request = Arc::new(request);
    let counter = Arc::new(AtomicU64::new(0));
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let ok = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let end = start + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (request, counter, latencies, ok, failed) = (
            request.clone(),
            counter.clone(),
            latencies.clone(),
            ok.clone(),
            failed.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            loop {
                let i = counter.fetch_add(1, Ordering::Relaxed);
                if limit.is_some_and(|l| i >= l) {
                    break;
                }
                if let Some(rate) = rate {
                    // Request i is due at start + i/rate; wait for it.
                    let due = start + Duration::from_secs_f64(i as f64 / rate as f64);
                    if due >= end {
                        break;
                    }
                    tokio::time::sleep_until(due.into()).await;
                } else if Instant::now() >= end {
                    break;
                }
                let t = Instant::now();
                if request(i).await {
                    ok.fetch_add(1, Ordering::Relaxed);
                    mine.push(t.elapsed());
                } else {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
            latencies.lock().await.extend(mine);
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let latencies = std::mem::take(&mut *latencies.lock().await);
    Stats {
        latencies,
        ok: ok.load(Ordering::Relaxed),
        failed: failed.load(Ordering::Relaxed),
        elapsed: start.elapsed(),
    }
}

fn sign_body(token: &str, run: &str, i: u64) -> String {
    format!(
        "csrf_token={token}&name=Signer+{}&email=bench-{run}-{i}%40example.org&country=DE&city=Berlin&relationship=supporter&public_disclosure=hidden&book_disclosure=full&consent=yes",
        letters(i)
    )
}

/// A name made of letters only (names may not contain digits).
fn letters(mut i: u64) -> String {
    let mut s = String::new();
    loop {
        s.push((b'a' + (i % 26) as u8) as char);
        i /= 26;
        if i == 0 {
            return s;
        }
    }
}

async fn sign_run(
    server: &Server,
    run: &str,
    concurrency: usize,
    seconds: u64,
    rate: Option<u64>,
) -> Stats {
    let (client, token) = browser(server).await;
    let url = server.url(&format!("/petitions/{SLUG}/sign"));
    let run = run.to_owned();
    drive(concurrency, seconds, rate, None, move |i| {
        let (client, url, body) = (client.clone(), url.clone(), sign_body(&token, &run, i));
        async move {
            client
                .post(url)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .is_ok_and(|r| r.status() == 303)
        }
    })
    .await
}

async fn count_rows(dir: &Path, sql: &str) -> i64 {
    let db = Database::connect(format!(
        "sqlite://{}?mode=ro",
        dir.join("peyvand.sqlite3").display()
    ))
    .await
    .unwrap();
    let row = db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Sqlite,
            sql.to_owned(),
        ))
        .await
        .unwrap()
        .unwrap();
    let n: i64 = row.try_get_by_index(0).unwrap();
    db.close().await.ok();
    n
}

/// Waits (at most five minutes) until the server has carried out every acknowledged signing
/// attempt, so the signatures table holds them all.
async fn drained(dir: &Path) {
    for _ in 0..3000 {
        if count_rows(dir, "SELECT COUNT(*) FROM sign_attempts").await == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("signing attempts still waiting after five minutes");
}

/// The resident memory of process `pid` in KiB (Linux), if it can be read.
fn rss_kib(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// A documentation-range client address that differs with `i` (65,536 of them), so the
/// per-network limiters see many keys.
fn client_address(i: u64) -> String {
    format!("198.18.{}.{}", (i >> 8) & 0xff, i & 0xff)
}

/// The soak: a mixed load at `rate` requests/s for `seconds`, then `idle` seconds without
/// load, sampling the server's RSS every `sample` seconds.
async fn soak(rate: u64, seconds: u64, sample: u64, idle: u64) {
    let dir = tempfile::tempdir().unwrap();
    let mut server = start_with(
        dir.path(),
        free_port(),
        true,
        &[("PEYVAND_TRUSTED_PROXIES", "[\"127.0.0.1\"]")],
    )
    .await;
    let pid = server.child.id();
    let start = Instant::now();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let sampler = tokio::spawn(async move {
        let mut curve = Vec::new();
        loop {
            let t = start.elapsed().as_secs();
            let Some(kib) = rss_kib(pid) else { break };
            println!("t={t:>5} s  rss={:>7.1} MiB", kib as f64 / 1024.0);
            curve.push((t, kib));
            if *stopped.borrow() {
                break;
            }
            tokio::time::sleep(Duration::from_secs(sample)).await;
        }
        curve
    });
    let (client, token) = browser(&server).await;
    let base = server.url("");
    let mut s = drive(256, seconds, Some(rate), None, move |i| {
        let (client, base, token) = (client.clone(), base.clone(), token.clone());
        async move {
            let from = client_address(i);
            let request = match i % 4 {
                0 => client
                    .post(format!("{base}/petitions/{SLUG}/sign"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .body(sign_body(&token, "soak", i)),
                1 => client.get(format!("{base}/petitions/{SLUG}")),
                2 => client.get(format!("{base}/petitions/{SLUG}/count.json")),
                _ => client.get(format!(
                    "{base}/signatures/confirm/{}",
                    hex::encode(peyvand::crypto::random_bytes::<16>().unwrap())
                )),
            };
            request
                .header("X-Forwarded-For", from)
                .send()
                .await
                .is_ok_and(|r| r.status().as_u16() < 500 && r.status().as_u16() != 429)
        }
    })
    .await;
    let load_ended = start.elapsed().as_secs();
    // Then no load at all for `idle` seconds (the sampler goes on).
    tokio::time::sleep(Duration::from_secs(idle)).await;
    let _ = stop.send(true);
    report("soak (mixed)", &mut s);
    let curve = sampler.await.unwrap();
    server.kill();
    let mib = |k: u64| k as f64 / 1024.0;
    if let (Some(first), Some(peak)) = (curve.first(), curve.iter().map(|c| c.1).max()) {
        let under_load: Vec<u64> = curve
            .iter()
            .filter(|(t, _)| *t <= load_ended)
            .map(|c| c.1)
            .collect();
        let last_load = under_load.last().copied().unwrap_or(first.1);
        let end = curve.last().map_or(first.1, |c| c.1);
        println!(
            "rss: start {:.1} MiB, peak {:.1} MiB, end of load ({load_ended} s) {:.1} MiB, after {idle} s idle {:.1} MiB",
            mib(first.1),
            mib(peak),
            mib(last_load),
            mib(end)
        );
    }
}

/// Starts `n` instances on the PostgreSQL database `url` (emptied and seeded first), each
/// with its own data directory under `dir` holding the same key file.
async fn start_on_postgres(dir: &Path, url: &str, n: usize) -> Vec<Server> {
    let db = Database::connect(url).await.unwrap();
    db.execute_unprepared("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
        .await
        .unwrap();
    db.close().await.ok();
    let first = dir.join("0");
    let seed = command(&first, 0, &["demo", "seed", "--force-demo"])
        .env("DATABASE_URL", url)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(seed.success(), "demo seed on PostgreSQL");
    let mut servers = Vec::new();
    for i in 0..n {
        let data = dir.join(i.to_string());
        if i > 0 {
            std::fs::create_dir_all(&data).unwrap();
            std::fs::copy(KeyFile::path_in(&first), KeyFile::path_in(&data)).unwrap();
        }
        let port = free_port();
        let child = command(&data, port, &["serve"])
            .env("DATABASE_URL", url)
            .env("PEYVAND_OUTBOX_WORKER", "false")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let server = Server {
            child,
            port,
            dir: data,
        };
        let client = Client::new();
        let mut up = false;
        for _ in 0..400 {
            if client
                .get(server.url("/healthz"))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                up = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(up, "instance {i} did not start");
        servers.push(server);
    }
    servers
}

async fn postgres_count(url: &str, sql: &str) -> i64 {
    let db = Database::connect(url).await.unwrap();
    let n = db
        .query_one_raw(Statement::from_string(
            DatabaseBackend::Postgres,
            sql.to_owned(),
        ))
        .await
        .unwrap()
        .and_then(|r| r.try_get_by_index::<i64>(0).ok())
        .unwrap_or(0);
    db.close().await.ok();
    n
}

/// Signing throughput on PostgreSQL with one and with two instances.
async fn instances(concurrency: usize, seconds: u64) {
    let Ok(url) = std::env::var("PEYVAND_BENCH_DATABASE_URL") else {
        eprintln!("instances: set PEYVAND_BENCH_DATABASE_URL to an empty PostgreSQL database");
        return;
    };
    for n in [1usize, 2] {
        let dir = tempfile::tempdir().unwrap();
        let mut servers = start_on_postgres(dir.path(), &url, n).await;
        let started = Instant::now();
        let share = concurrency / n;
        let results = if n == 1 {
            vec![sign_run(&servers[0], "i1", share, seconds, None).await]
        } else {
            let (x, y) = tokio::join!(
                sign_run(&servers[0], "i2-a", share, seconds, None),
                sign_run(&servers[1], "i2-b", share, seconds, None)
            );
            vec![x, y]
        };
        let mut all = Stats {
            latencies: Vec::new(),
            ok: 0,
            failed: 0,
            elapsed: started.elapsed(),
        };
        for r in results {
            all.latencies.extend(r.latencies);
            all.ok += r.ok;
            all.failed += r.failed;
        }
        report(&format!("sign on PostgreSQL, {n} inst."), &mut all);
        let waited = Instant::now();
        while postgres_count(&url, "SELECT COUNT(*) FROM sign_attempts").await > 0 {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let stored = postgres_count(&url, "SELECT COUNT(*) FROM signatures").await
            - peyvand::services::demo::petitions::DEMO_SIGNATURES as i64;
        println!(
            "  backlog carried out {:.1} s after the phase; stored {stored} of {} acknowledged ({:.0} stored/s over phase and drain)",
            waited.elapsed().as_secs_f64(),
            all.ok,
            stored as f64 / (seconds as f64 + waited.elapsed().as_secs_f64())
        );
        for s in &mut servers {
            s.kill();
        }
    }
}

fn arg(args: &[String], name: &str, default: u64) -> u64 {
    args.windows(2)
        .find(|w| w[0] == name)
        .and_then(|w| w[1].parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let what = args
        .first()
        .filter(|a| !a.starts_with("--"))
        .cloned()
        .unwrap_or_else(|| "all".into());
    let concurrency = arg(&args, "--concurrency", 64) as usize;
    let seconds = arg(&args, "--seconds", 10);
    println!(
        "peyvand load benchmark: {what}, {concurrency} clients, {seconds} s per phase, {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    if what == "soak" {
        soak(
            arg(&args, "--rate", 300),
            seconds,
            arg(&args, "--sample", 15),
            arg(&args, "--idle", 60),
        )
        .await;
        return;
    }

    if what == "instances" {
        instances(concurrency, seconds).await;
        return;
    }

    if what == "sign" || what == "all" {
        let dir = tempfile::tempdir().unwrap();
        let mut server = start(dir.path(), free_port(), false).await;
        let mut s = sign_run(&server, "max", concurrency, seconds, None).await;
        report("sign (max)", &mut s);
        // An acknowledgement is a committed signing attempt; the server carries attempts
        // out (signature, email) in the background. Wait for the backlog, so the rate
        // phase starts on a quiet server and the stored rate can be told.
        let waited = Instant::now();
        drained(dir.path()).await;
        let backlog = waited.elapsed().as_secs_f64();
        println!(
            "carried out: backlog drained {backlog:.1} s after the phase ended; stored {:.0} signatures/s over phase and drain",
            s.ok as f64 / (seconds as f64 + backlog)
        );
        let mut r = sign_run(&server, "rate", concurrency.max(256), seconds, Some(1000)).await;
        report("sign (1000/s offered)", &mut r);
        drained(dir.path()).await;
        server.kill();
        // The demo seed's own signatures are not the benchmark's.
        let seeded = peyvand::services::demo::petitions::DEMO_SIGNATURES as i64;
        let stored = count_rows(dir.path(), "SELECT COUNT(*) FROM signatures").await - seeded;
        println!(
            "stored signatures {stored}, acknowledged {}: {}",
            s.ok + r.ok,
            if stored as u64 == s.ok + r.ok {
                "equal"
            } else {
                "DIFFERENT"
            }
        );
    }

    if what == "confirm" || what == "all" {
        let dir = tempfile::tempdir().unwrap();
        let mut server = start(dir.path(), free_port(), true).await;
        let mut s = sign_run(&server, "confirm", concurrency, seconds.min(5), None).await;
        // Let the outbox worker write every confirmation email, then collect the links.
        let expected = s.ok as usize;
        let mail = server.dir.join("mail");
        let mut links = Vec::new();
        for _ in 0..600 {
            links = std::fs::read_dir(&mail)
                .map(|d| {
                    d.flatten()
                        .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                        // Quoted-printable soft line breaks may split a long link.
                        .map(|t| t.replace("=\r\n", "").replace("=\n", ""))
                        .filter_map(|t| {
                            t.split_whitespace()
                                .find(|w| w.contains("/signatures/confirm/"))
                                .map(|w| w.trim_end_matches(['<', '>', '"']).to_owned())
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            if links.len() >= expected {
                break;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        report("sign (for confirm)", &mut s);
        println!("collected {} confirmation links of {expected}", links.len());
        let links: Arc<Vec<String>> = Arc::new(
            links
                .iter()
                .filter_map(|l| {
                    l.split_once("/signatures/")
                        .map(|(_, p)| format!("/signatures/{p}"))
                })
                .collect(),
        );
        let (client, token) = browser(&server).await;
        let base = server.url("");
        let n = links.len() as u64;
        let mut c = drive(concurrency, seconds, None, Some(n), move |i| {
            let (client, base, links, token) =
                (client.clone(), base.clone(), links.clone(), token.clone());
            async move {
                let url = format!("{base}{}", links[i as usize]);
                client
                    .post(url)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .body(format!("csrf_token={token}"))
                    .send()
                    .await
                    .is_ok_and(|r| r.status() == 200)
            }
        })
        .await;
        report("confirm (max)", &mut c);
        server.kill();
        let verified = count_rows(
            dir.path(),
            "SELECT COUNT(*) FROM signatures WHERE state = 'verified'",
        )
        .await
            - peyvand::services::demo::petitions::DEMO_SIGNATURES as i64;
        println!(
            "verified signatures {verified}, confirmations acknowledged {}",
            c.ok
        );
    }

    if what == "count" || what == "all" {
        let dir = tempfile::tempdir().unwrap();
        let mut server = start(dir.path(), free_port(), false).await;
        let client = Client::builder()
            .pool_max_idle_per_host(256)
            .build()
            .unwrap();
        let url = server.url(&format!("/petitions/{SLUG}/count.json"));
        let mut s = drive(concurrency, seconds, None, None, move |_| {
            let (client, url) = (client.clone(), url.clone());
            async move {
                client
                    .get(url)
                    .send()
                    .await
                    .is_ok_and(|r| r.status() == 200)
            }
        })
        .await;
        report("count.json (max)", &mut s);
        server.kill();
    }

    if what == "crash" || what == "all" {
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let mut server = start(dir.path(), port, false).await;
        let (client, token) = browser(&server).await;
        let url = server.url(&format!("/petitions/{SLUG}/sign"));
        let acked = Arc::new(Mutex::new(Vec::new()));
        let acked2 = acked.clone();
        let load = tokio::spawn(async move {
            drive(concurrency, 6, None, None, move |i| {
                let (client, url, acked) = (client.clone(), url.clone(), acked2.clone());
                let body = sign_body(&token, "crash", i);
                async move {
                    let ok = client
                        .post(url)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .body(body)
                        .send()
                        .await
                        .is_ok_and(|r| r.status() == 303);
                    if ok {
                        acked.lock().await.push(i);
                    }
                    ok
                }
            })
            .await
        });
        tokio::time::sleep(Duration::from_secs(3)).await;
        // SIGKILL: no shutdown, no flush.
        server.kill();
        let _ = load.await;
        let acked = acked.lock().await.clone();
        // Restart on the same data and check every acknowledged signature by its email.
        let mut again = start(dir.path(), port, false).await;
        // Attempts acknowledged but not yet carried out are carried out at start-up.
        drained(dir.path()).await;
        again.kill();
        let (secrets, _) = KeyFile::load_or_create(&KeyFile::path_in(dir.path()), false).unwrap();
        let crypto = Crypto::new(secrets.master_keys.iter().map(|(id, k)| (*id, &**k)));
        let db = Database::connect(format!(
            "sqlite://{}?mode=ro",
            dir.path().join("peyvand.sqlite3").display()
        ))
        .await
        .unwrap();
        let mut missing = 0;
        for i in &acked {
            let index = crypto
                .blind_index("signature.email", &format!("bench-crash-{i}@example.org"))
                .to_hex();
            let found = db
                .query_one_raw(Statement::from_sql_and_values(
                    DatabaseBackend::Sqlite,
                    "SELECT COUNT(*) FROM signatures WHERE email_index = ?",
                    [index.into()],
                ))
                .await
                .unwrap()
                .and_then(|r| r.try_get_by_index::<i64>(0).ok())
                .unwrap_or(0);
            if found == 0 {
                missing += 1;
            }
        }
        println!(
            "crash: {} signatures acknowledged before SIGKILL, {missing} missing after restart",
            acked.len()
        );
        assert_eq!(missing, 0, "an acknowledged signature was lost");
    }
}
