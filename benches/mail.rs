//! Mail delivery benchmark: the outbox worker against a real SMTP conversation with a sink
//! on 127.0.0.1 (`mailin`'s protocol engine, one thread per connection), on a fresh SQLite
//! database in a temporary directory.
//!
//! ```text
//! cargo bench --bench mail -- [--emails N] [--relay-ms MS] [--spike-rate R] [--spike-seconds S]
//!                             [--concurrency C]
//! ```
//! Two phases. **Throughput**: `N` emails (default 5,000) are queued, then the worker's
//! round ([`outbox::process_due`]) drains them; emails/s is delivered over wall time. **Spike**: a
//! producer queues `R` emails a second (default 1,000, in 100 ms slices of one transaction
//! each, as the signature writer commits) for `S` seconds (default 60) while the worker runs
//! as the server runs it (woken by each queued email); the phase ends when the last one has been
//! accepted by the sink. `--relay-ms` makes the sink wait before each 250 (a relay further
//! away than loopback); `--concurrency` overrides `PEYVAND_OUTBOX_CONCURRENCY`'s default.
//! Every run checks that the sink received each email exactly once.
//! Results go in BENCHMARKS.md.

use mailin::{Action, Handler, Response, SessionBuilder};
use peyvand::config::{Config, MailTransportKind, SmtpTls};
use peyvand::context::AppContext;
use peyvand::crypto::KeyFile;
use peyvand::domain::outbox::OutboxStatus;
use peyvand::entities::outbox as row;
use peyvand::i18n::Locale;
use peyvand::mail::{TestEmail, outbox};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, TcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Counts accepted messages; waits `delay` before each 250.
#[derive(Clone)]
struct Sink {
    accepted: Arc<AtomicU64>,
    delay: Duration,
}

impl Handler for Sink {
    fn data(&mut self, _: &[u8]) -> std::io::Result<()> {
        Ok(())
    }
    fn data_end(&mut self) -> Response {
        if !self.delay.is_zero() {
            std::thread::sleep(self.delay);
        }
        self.accepted.fetch_add(1, Ordering::Relaxed);
        mailin::response::OK
    }
}

/// Starts the sink on a free loopback port; returns the port.
fn start_sink(sink: Sink) -> u16 {
    let listener = TcpListener::bind(("127.0.0.1", 0)).expect("bind the sink");
    let port = listener.local_addr().expect("sink address").port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let sink = sink.clone();
            std::thread::spawn(move || {
                let _ = stream.set_nodelay(true);
                let Ok(mut writer) = stream.try_clone() else {
                    return;
                };
                let mut reader = BufReader::new(stream);
                let mut session =
                    SessionBuilder::new("sink.test").build(IpAddr::from([127, 0, 0, 1]), sink);
                if session.greeting().write_to(&mut writer).is_err() {
                    return;
                }
                let mut line = Vec::new();
                loop {
                    line.clear();
                    match reader.read_until(b'\n', &mut line) {
                        Ok(0) | Err(_) => return,
                        Ok(_) => {}
                    }
                    let res = session.process(&line);
                    match res.action {
                        Action::Reply => {
                            if res.write_to(&mut writer).is_err() {
                                return;
                            }
                            let _ = writer.flush();
                        }
                        Action::Close => {
                            let _ = res.write_to(&mut writer);
                            return;
                        }
                        Action::UpgradeTls => return,
                        Action::NoReply => {}
                    }
                }
            });
        }
    });
    port
}

struct Options {
    emails: u64,
    concurrency: Option<usize>,
    relay_ms: u64,
    spike_rate: u64,
    spike_seconds: u64,
}

fn options() -> Options {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str, default: u64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    Options {
        emails: value("--emails", 5_000),
        concurrency: usize::try_from(value("--concurrency", 0))
            .ok()
            .filter(|c| *c > 0),
        relay_ms: value("--relay-ms", 0),
        spike_rate: value("--spike-rate", 1_000),
        spike_seconds: value("--spike-seconds", 60),
    }
}

async fn context(dir: &std::path::Path, port: u16, opts: &Options) -> AppContext {
    let url = format!("sqlite://{}?mode=rwc", dir.join("bench.sqlite3").display());
    let mut config = Config::for_testing(dir.to_path_buf(), url);
    config.mail.transport = MailTransportKind::Smtp;
    config.mail.smtp.host = "127.0.0.1".into();
    config.mail.smtp.port = port;
    config.mail.smtp.tls = SmtpTls::None;
    if let Some(c) = opts.concurrency {
        config.mail.concurrency = c;
    }
    println!("outbox concurrency {}", config.mail.concurrency);
    let secrets = KeyFile::ephemeral().expect("secrets");
    peyvand::services::startup::open_with_secrets(config, &secrets)
        .await
        .expect("app opens")
}

/// Queues `n` copies of one prepared email in one transaction.
async fn queue(ctx: &AppContext, prepared: &outbox::Prepared, n: u64) {
    let txn = ctx.begin_write().await.expect("begin");
    for _ in 0..n {
        outbox::insert(&*txn, ctx.outbox(), prepared.clone())
            .await
            .expect("insert");
    }
    txn.commit().await.expect("commit");
}

async fn pending(ctx: &AppContext) -> u64 {
    row::Entity::find()
        .filter(row::Column::Status.ne(OutboxStatus::Sent))
        .count(&ctx.db)
        .await
        .expect("count")
}

/// A sink, a fresh database and one prepared (rendered, sealed) email to queue copies of.
async fn setup(
    opts: &Options,
) -> (
    tempfile::TempDir,
    Arc<AtomicU64>,
    AppContext,
    outbox::Prepared,
) {
    let dir = tempfile::tempdir().expect("temp dir");
    let accepted = Arc::new(AtomicU64::new(0));
    let port = start_sink(Sink {
        accepted: accepted.clone(),
        delay: Duration::from_millis(opts.relay_ms),
    });
    let ctx = context(dir.path(), port, opts).await;
    let prepared = outbox::prepare(ctx.outbox(), "bench@example.org", Locale::Fa, &TestEmail {})
        .expect("prepare");
    (dir, accepted, ctx, prepared)
}

async fn throughput(opts: &Options) {
    let (_dir, accepted, ctx, prepared) = setup(opts).await;
    let mut left = opts.emails;
    while left > 0 {
        queue(&ctx, &prepared, left.min(1_000)).await;
        left -= left.min(1_000);
    }
    let queued = pending(&ctx).await;
    let start = Instant::now();
    while pending(&ctx).await > 0 {
        outbox::process_due(ctx.outbox(), chrono::Utc::now())
            .await
            .expect("worker round");
    }
    let took = start.elapsed();
    let got = accepted.load(Ordering::Relaxed);
    println!(
        "throughput: {queued} emails delivered in {:.2} s = {:.0} emails/s (relay wait {} ms; sink accepted {got})",
        took.as_secs_f64(),
        queued as f64 / took.as_secs_f64(),
        opts.relay_ms
    );
    assert_eq!(got, queued, "each email accepted exactly once");
}

async fn spike(opts: &Options) {
    let (_dir, accepted, ctx, prepared) = setup(opts).await;
    let total = opts.spike_rate * opts.spike_seconds;
    let per_slice = opts.spike_rate / 10;

    // The worker, as the server runs it: a round whenever mail is queued (or every poll).
    let stop = Arc::new(AtomicBool::new(false));
    let worker = {
        let ctx = ctx.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                outbox::process_due(ctx.outbox(), chrono::Utc::now())
                    .await
                    .expect("worker round");
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_millis(200)) => {}
                    () = ctx.outbox_wakeup.notified() => {}
                }
            }
        })
    };

    let start = Instant::now();
    let mut lag_at_end = 0;
    for slice in 0..opts.spike_seconds * 10 {
        queue(&ctx, &prepared, per_slice).await;
        if slice + 1 == opts.spike_seconds * 10 {
            lag_at_end = (slice + 1) * per_slice - accepted.load(Ordering::Relaxed);
        }
        let due = Duration::from_millis(100 * (slice + 1));
        if let Some(wait) = due.checked_sub(start.elapsed()) {
            tokio::time::sleep(wait).await;
        }
    }
    let produced_in = start.elapsed();
    // Bounded: a worker slower than 1/20 of the offered rate is reported, not waited for.
    let limit = Duration::from_secs(opts.spike_seconds * 20);
    while accepted.load(Ordering::Relaxed) < total && start.elapsed() < limit {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let drained = start.elapsed();
    let delivered = accepted.load(Ordering::Relaxed);
    if delivered < total {
        println!(
            "spike: only {delivered} of {total} delivered after {:.0} s; stopped waiting",
            drained.as_secs_f64()
        );
    }
    stop.store(true, Ordering::Relaxed);
    ctx.outbox_wakeup.notify_one();
    worker.await.expect("worker");
    let rate = delivered as f64 / drained.as_secs_f64();
    println!(
        "spike: {total} emails queued at {}/s over {:.1} s; {lag_at_end} still waiting when the spike ended; all delivered {:.1} s after it began ({:.0} emails/s overall, relay wait {} ms)",
        opts.spike_rate,
        produced_in.as_secs_f64(),
        drained.as_secs_f64(),
        rate,
        opts.relay_ms
    );
    // 600,000 emails (1,000/s for 10 minutes): at this delivery rate.
    let full = 600_000.0 / rate.min(opts.spike_rate as f64).max(1.0);
    println!(
        "extrapolated 10-minute spike at 1,000/s (600,000 emails): drained after ≈ {:.0} s ({:.1} min)",
        full.max(600.0),
        full.max(600.0) / 60.0
    );
    assert!(accepted.load(Ordering::Relaxed) <= total, "no email twice");
}

fn main() {
    let opts = options();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        throughput(&opts).await;
        spike(&opts).await;
    });
}
