//! The `peyvand` command's subcommands: their clap definitions and one function for each,
//! which calls into the library. Exit codes: 1 a runtime failure, 2 bad configuration or
//! arguments.

use clap::{Parser, Subcommand};
use peyvand::config::{Config, MailTransportKind};
use peyvand::context::AppContext;
use peyvand::services::startup;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Peyvand: petitions, petition books and consent-only family contact.
#[derive(Parser)]
#[command(version, about, long_about = None)]
pub(crate) struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the portal (the default when no command is given).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Manage staff accounts.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Sample data for trying the portal out.
    #[command(subcommand)]
    Demo(DemoCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Email.
    #[command(subcommand)]
    Mail(MailCommand),
    /// Personal data retention.
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// Petition editions (the book, CSV and signed bundle for officials).
    #[command(subcommand)]
    Edition(EditionCommand),
    /// Signed bundles of editions.
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// Name-matching tools.
    #[command(subcommand)]
    Names(NamesCommand),
    /// Contact cases.
    #[command(subcommand)]
    Contact(ContactCommand),
    /// Write a consistent backup of the database (while the server runs): a ZIP with a
    /// manifest (schema version, key fingerprint, row counts) and FILE.sha256 beside it.
    /// The key file is not in it: back keys.toml up separately.
    Backup {
        /// The backup file to write (replaced only once complete).
        #[arg(long)]
        out: PathBuf,
    },
    /// Restore a backup into an empty data directory (SQLite) or empty database
    /// (PostgreSQL). Put the deployment's keys.toml in the data directory first: it must be
    /// the one the backup's data was sealed with.
    Restore {
        /// The backup file.
        file: PathBuf,
    },
    /// The data-encryption master keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Petitions on paper: signature sheets and typed-up sheets.
    #[command(subcommand)]
    Petition(PetitionCommand),
}

#[derive(Subcommand)]
enum PetitionCommand {
    /// Print numbered signature sheets (A4 PDF), each line with its own receipt code; the
    /// sheet numbers are recorded so that a sheet can be typed in only once.
    Sheets {
        /// The petition's web address name.
        #[arg(long)]
        petition: String,
        /// How many sheets (1 to 5000).
        #[arg(long)]
        count: u32,
        /// Language of the sheets: en, fa or fr.
        #[arg(long, default_value = "en")]
        locale: String,
        /// The PDF file to write.
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Import typed-up sheets from a CSV file (UTF-8, header
    /// `sheet,line,name,city,country,relationship,email,disclosure`) as one batch that a
    /// second organiser checks on the staff pages before it counts. A file with any bad
    /// row stores nothing; every bad row is listed.
    ImportPaper {
        /// The petition's web address name.
        #[arg(long)]
        petition: String,
        /// The CSV file.
        #[arg(long)]
        file: std::path::PathBuf,
        /// The email address of the organiser who typed the sheets in.
        #[arg(long)]
        staff: String,
        /// Where the sheets were collected.
        #[arg(long = "where")]
        collected_where: String,
        /// When (YYYY-MM-DD).
        #[arg(long = "on")]
        collected_on: String,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    /// Add a new master key to the ring and move every sealed value and blind index to it
    /// (resumable: run it again after an interruption).
    Rotate {
        /// Rows re-keyed per transaction.
        #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=100_000))]
        batch_size: u64,
        /// Pause between batches, in milliseconds (leaves the database to a busy server).
        #[arg(long, default_value_t = 0)]
        pause_ms: u64,
        /// Only add the key (then restart running instances, and run `keys rotate` again).
        #[arg(long)]
        add_only: bool,
    },
    /// Which key each kind of value uses, and whether an old key can be retired.
    Status,
    /// Remove an old master key from the key file; refused while anything uses it.
    Retire {
        /// The key id (default: the only old key).
        #[arg(long)]
        key: Option<u8>,
    },
}

#[derive(Subcommand)]
enum ContactCommand {
    /// Run the contact cases' job once now (the server runs it every minute): moves
    /// matches with both consents to cooling-off, closes lapsed ones, sends due check-ins,
    /// erases relay messages past retention.
    Tick,
}

#[derive(Subcommand)]
enum EditionCommand {
    /// Freeze a new edition of a petition (its confirmed signatures now) and build its
    /// signed bundle, showing progress.
    Build {
        /// The petition's web address name.
        #[arg(long)]
        petition: String,
        /// Language of the book's headings: en, fa or fr.
        #[arg(long, default_value = "en")]
        locale: String,
        /// Also copy the bundle to this file.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum BundleCommand {
    /// Check a bundle: every file's hash, the Merkle root and the signature; with
    /// --receipt, prove that a signer's entry is included (or say that it is not).
    ///
    /// Exit status: 0 the bundle is intact and signed by the key given with --key or
    /// --fingerprint; 1 it is not (altered, or signed by another key); 2 bad arguments or
    /// unreadable file; 3 intact but the receipt is not in it; 4 intact and validly signed,
    /// but neither --key nor --fingerprint was given, so whose key signed it is unknown.
    Verify {
        /// The bundle (ZIP).
        bundle: std::path::PathBuf,
        /// The organisation's public key (hex or base64, or a file holding it).
        #[arg(long, conflicts_with = "fingerprint")]
        key: Option<String>,
        /// The fingerprint of the organisation's key, as printed on the book's cover (64
        /// hex digits, spaces allowed).
        #[arg(long)]
        fingerprint: Option<String>,
        /// A signer's receipt code.
        #[arg(long)]
        receipt: Option<String>,
    },
}

#[derive(Subcommand)]
enum NamesCommand {
    /// Rank candidate names for each query name; prints query<TAB>rank<TAB>candidate<TAB>score
    /// (both files UTF-8, one name per line).
    Rank {
        /// File of candidate names.
        #[arg(long)]
        candidates: std::path::PathBuf,
        /// File of query names.
        #[arg(long)]
        queries: std::path::PathBuf,
        /// Candidates printed per query (at least 1).
        #[arg(long, default_value_t = 5)]
        top: usize,
    },
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// Erase the personal data of signatures of petitions delivered longer ago than the
    /// retention period (counts are kept).
    Run,
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Create a staff account and print its one-time enrolment link (no password is ever
    /// taken on the command line).
    Create {
        /// The staff member's email address.
        #[arg(long)]
        email: String,
        /// Role: admin, caseworker or organiser (repeat, or separate with commas).
        #[arg(long = "role", required = true, value_delimiter = ',')]
        roles: Vec<String>,
        /// Name shown to colleagues (default: the part of the address before @).
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Subcommand)]
enum DemoCommand {
    /// Create demo data (a demo petition with signatures, demo contact cases); safe to run
    /// twice. Prints the demo requesters' and registered people's page links once.
    ///
    /// Refused (exit 2) under any profile but `debug` (ROCKET_PROFILE; `release` is the
    /// default of release builds) unless --force-demo is given.
    Seed {
        /// Seed even though this is not the `debug` profile (e.g. a staging server).
        #[arg(long)]
        force_demo: bool,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain and report the first broken link.
    Verify,
}

#[derive(Subcommand)]
enum MailCommand {
    /// Send a test email through the configured transport, now.
    Test {
        /// Recipient address.
        #[arg(long)]
        to: String,
    },
}

/// What the command line says about an address it refuses.
fn email_problem(problem: peyvand::domain::people::email::EmailProblem) -> &'static str {
    use peyvand::domain::people::email::EmailProblem;
    match problem {
        EmailProblem::Invalid | EmailProblem::NotAscii => {
            "that is not a usable email address (plain ASCII, like name@example.org)"
        }
        EmailProblem::Invisible => {
            "the email address contains an invisible character (such as a soft hyphen or a zero-width space); type it again by hand"
        }
        EmailProblem::TooLong => "an email address has at most 254 characters",
    }
}

fn fail(code: u8, message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(code)
}

/// Runs the command `cli` names (`serve` when it names none): the tools that need no
/// configuration at once, every other command after the configuration is loaded and the
/// database opened.
pub(crate) async fn run(cli: Cli) -> ExitCode {
    // Tools that need neither configuration nor database (an official verifying a bundle
    // has no Peyvand installation to configure).
    match &cli.command {
        Some(Command::Names(NamesCommand::Rank {
            candidates,
            queries,
            top,
        })) => {
            return names_rank(candidates, queries, *top);
        }
        Some(Command::Bundle(BundleCommand::Verify {
            bundle,
            key,
            fingerprint,
            receipt,
        })) => {
            return bundle_verify(
                bundle,
                key.as_deref(),
                fingerprint.as_deref(),
                receipt.as_deref(),
            );
        }
        _ => {}
    }
    let config = match Config::load() {
        Ok(c) => c,
        Err(e) => return fail(2, e),
    };
    if let Some(Command::Demo(DemoCommand::Seed { force_demo: false })) = &cli.command
        && config.is_release()
    {
        return fail(
            2,
            format!(
                "demo seed refused under the {:?} profile: demo data belongs on a development \
                 machine (ROCKET_PROFILE=debug); add --force-demo to seed anyway",
                config.profile
            ),
        );
    }
    if config.is_release() && config.mail.transport != MailTransportKind::Smtp {
        eprintln!(
            "warning: release profile without SMTP: email is written unencrypted to {}/mail",
            config.data_dir.display()
        );
    }
    if let Some(Command::Restore { file }) = &cli.command {
        return restore(&config, file).await;
    }
    let opened = match startup::open(config).await {
        Ok(o) => o,
        Err(e) => return fail(if e.is_configuration() { 2 } else { 1 }, e),
    };
    if let Some(path) = &opened.created_key_file {
        eprintln!(
            "Generated new secrets in {} (mode 0600). Back this file up apart from the database.",
            path.display()
        );
    }
    for w in &opened.warnings {
        eprintln!("warning: {w}");
    }
    let startup::Opened {
        ctx,
        secrets,
        created_key_file: created,
        ..
    } = opened;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(ctx, &secrets.rocket_secret_key, created).await,
        Command::Migrate => migrate(&ctx),
        Command::Staff(StaffCommand::Create { email, roles, name }) => {
            staff_create(&ctx, email, &roles, name).await
        }
        Command::Demo(DemoCommand::Seed { .. }) => demo_seed(&ctx).await,
        Command::Audit(AuditCommand::Verify) => audit_verify(&ctx).await,
        Command::Retention(RetentionCommand::Run) => retention_run(&ctx).await,
        Command::Contact(ContactCommand::Tick) => contact_tick(&ctx).await,
        Command::Edition(EditionCommand::Build {
            petition,
            locale,
            out,
        }) => edition_build(&ctx, &petition, &locale, out.as_deref()).await,
        Command::Names(_) | Command::Bundle(_) => ExitCode::SUCCESS, // handled above
        Command::Mail(MailCommand::Test { to }) => mail_test(&ctx, &to).await,
        Command::Backup { out } => backup(&ctx, &out).await,
        Command::Restore { .. } => ExitCode::SUCCESS, // handled above
        Command::Keys(KeysCommand::Rotate {
            batch_size,
            pause_ms,
            add_only,
        }) => keys_rotate(&ctx, &secrets, batch_size, pause_ms, add_only).await,
        Command::Keys(KeysCommand::Status) => keys_status(&ctx, &secrets).await,
        Command::Keys(KeysCommand::Retire { key }) => keys_retire(&ctx, &secrets, key).await,
        Command::Petition(PetitionCommand::Sheets {
            petition,
            count,
            locale,
            out,
        }) => petition_sheets(&ctx, &petition, count, &locale, &out).await,
        Command::Petition(PetitionCommand::ImportPaper {
            petition,
            file,
            staff,
            collected_where,
            collected_on,
        }) => {
            petition_import(
                &ctx,
                &petition,
                &file,
                &staff,
                &collected_where,
                &collected_on,
            )
            .await
        }
    }
}

/// `peyvand petition sheets`: print numbered signature sheets.
async fn petition_sheets(
    ctx: &peyvand::context::AppContext,
    slug: &str,
    count: u32,
    locale: &str,
    out: &Path,
) -> ExitCode {
    let Some(locale) = peyvand::i18n::Locale::parse(locale) else {
        return fail(2, format!("--locale {locale:?}: use en, fa or fr"));
    };
    let started = std::time::Instant::now();
    let run = match peyvand::services::petitions::paper::print_sheets(
        ctx,
        slug,
        count,
        locale,
        None,
        chrono::Utc::now(),
    )
    .await
    {
        Ok(Some(run)) => run,
        Ok(None) => {
            return fail(
                2,
                format!("no open petition with the name {slug:?}, or --count is not 1 to 5000"),
            );
        }
        Err(e) => return fail(1, e),
    };
    if let Err(e) = std::fs::write(out, &run.pdf) {
        return fail(1, format!("{}: {e}", out.display()));
    }
    eprintln!(
        "Sheets {}–{} of {slug} written to {} ({} bytes) in {:.1} s",
        run.first,
        run.last,
        out.display(),
        run.pdf.len(),
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}

/// `peyvand petition import-paper`: import a CSV of typed-up sheets as one batch.
async fn petition_import(
    ctx: &peyvand::context::AppContext,
    slug: &str,
    file: &Path,
    staff_email: &str,
    collected_where: &str,
    collected_on: &str,
) -> ExitCode {
    use peyvand::services::petitions::paper;
    let Ok(on) = chrono::NaiveDate::parse_from_str(collected_on, "%Y-%m-%d") else {
        return fail(2, "--on: give the date as YYYY-MM-DD");
    };
    let collected_where = collected_where.trim();
    if collected_where.is_empty() || collected_where.chars().count() > 200 {
        return fail(2, "--where: give the place, at most 200 characters");
    }
    let petition = match peyvand::services::petitions::manage::by_slug(ctx, slug).await {
        Ok(Some(p)) => p,
        Ok(None) => return fail(2, format!("no petition with the name {slug:?}")),
        Err(e) => return fail(1, e),
    };
    let staff =
        match peyvand::domain::staff::account::find_by_email(&ctx.db, &ctx.crypto, staff_email)
            .await
        {
            Ok(Some(s)) if s.active => s,
            Ok(_) => {
                return fail(
                    2,
                    "--staff: no active staff account with this email address",
                );
            }
            Err(e) => return fail(1, e),
        };
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return fail(2, format!("{}: {e}", file.display())),
    };
    let started = std::time::Instant::now();
    let lines = match paper::parse_csv(&bytes) {
        Ok(lines) => lines,
        Err(e) => {
            return fail(
                1,
                format!("{}: refused ({}); nothing stored", file.display(), e.code),
            );
        }
    };
    let input = paper::BatchInput {
        petition_id: petition.id,
        collected_where: collected_where.to_owned(),
        collected_on: on,
        lines,
    };
    match paper::enter_batch(ctx, staff.id, &input, chrono::Utc::now()).await {
        Ok(paper::EnterOutcome::Stored(id)) => {
            eprintln!(
                "Batch {id}: {} signatures stored in {:.1} s; they count once a second organiser checks the batch",
                input.lines.len(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Ok(paper::EnterOutcome::Refused(errors)) => {
            for e in errors.iter().take(1000) {
                eprintln!("row {}: {}: {}", e.row, e.field, e.code);
            }
            fail(1, format!("{} bad rows; nothing stored", errors.len()))
        }
        Err(e) => fail(1, e),
    }
}

/// `peyvand names rank`: rank candidate names for each query name.
fn names_rank(candidates: &Path, queries: &Path, top: usize) -> ExitCode {
    let stdout = std::io::stdout();
    match peyvand_matching::run_rank_cli(candidates, queries, top, &mut stdout.lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e @ peyvand_matching::RankError::Write(_)) => fail(1, e),
        Err(e) => fail(2, e),
    }
}

/// `peyvand bundle verify`: check a bundle, and a receipt's inclusion when one is given.
fn bundle_verify(
    bundle: &Path,
    key: Option<&str>,
    fingerprint: Option<&str>,
    receipt: Option<&str>,
) -> ExitCode {
    let stdout = std::io::stdout();
    match peyvand_export::run_verify_cli(bundle, key, fingerprint, receipt, &mut stdout.lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e.exit_code(), e),
    }
}

/// `peyvand serve`: serve the portal until it is shut down.
async fn serve(ctx: AppContext, rocket_secret_key: &[u8], created: Option<PathBuf>) -> ExitCode {
    let db_url = peyvand::db::redact(&ctx.config.database_url);
    let figment = rocket::Config::figment();
    match peyvand::config_file_read(&figment) {
        Some(path) => eprintln!("configuration file: {}", path.display()),
        None => eprintln!(
            "configuration file: none found (Rocket.toml or ROCKET_CONFIG); built-in defaults and environment variables"
        ),
    }
    // Peyvand's log in place of Rocket's (no request paths; JSON lines if asked), at
    // Rocket's `log_level`.
    let level = figment
        .extract_inner::<rocket::config::LogLevel>("log_level")
        .unwrap_or(rocket::config::LogLevel::Normal);
    peyvand::logging::init(ctx.config.observe.log_format, level.into());
    let app = peyvand::rocket(ctx, rocket_secret_key, figment);
    if let Some(path) = created {
        log::warn!(
            "generated new secrets in {} (mode 0600); back this file up",
            path.display()
        );
    }
    log::info!("database: {db_url}");
    match app.launch().await {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => fail(1, e),
    }
}

/// `peyvand migrate`: the migrations ran when the database was opened; say so.
fn migrate(ctx: &AppContext) -> ExitCode {
    println!(
        "Database is up to date ({}).",
        peyvand::db::redact(&ctx.config.database_url)
    );
    ExitCode::SUCCESS
}

/// `peyvand staff create`: create a staff account and print its enrolment link.
async fn staff_create(
    ctx: &AppContext,
    email: String,
    roles: &[String],
    name: Option<String>,
) -> ExitCode {
    use peyvand::domain::staff::account::Role;
    use peyvand::services::staff::accounts::{self as staff, CreateProblem, NewStaff};
    let mut parsed = Vec::new();
    for r in roles {
        match Role::parse(r) {
            Some(role) => parsed.push(role),
            None => {
                return fail(
                    2,
                    format!("unknown role {r:?}: use admin, caseworker or organiser"),
                );
            }
        }
    }
    let display_name =
        name.unwrap_or_else(|| email.split('@').next().unwrap_or_default().to_owned());
    let new = NewStaff {
        email,
        display_name,
        roles: parsed,
    };
    match staff::create(
        ctx,
        peyvand::domain::audit::Actor::Cli,
        &new,
        chrono::Utc::now(),
    )
    .await
    {
        Ok(Ok((_, link))) => {
            println!(
                "Staff account created. Send this one-time enrolment link to its owner over a trusted channel (valid {} hours):",
                ctx.config.staff.enrolment.num_hours()
            );
            println!("{link}");
            ExitCode::SUCCESS
        }
        Ok(Err(problem)) => fail(
            2,
            match problem {
                CreateProblem::Email(p) => email_problem(p),
                CreateProblem::Name => {
                    "the name must be 1 to 100 characters without control characters"
                }
                CreateProblem::NoRole => "give at least one --role",
                CreateProblem::Exists => "a staff account with this email address already exists",
                CreateProblem::AdminNeedsApproval => {
                    "administrators are created on the command line only"
                }
            },
        ),
        Err(e) => fail(1, e),
    }
}

/// `peyvand demo seed`: create the demo data and print its links once.
async fn demo_seed(ctx: &AppContext) -> ExitCode {
    let petition = match peyvand::services::demo::petitions::seed(ctx).await {
        Ok(r) => r,
        Err(e) => return fail(1, e),
    };
    let contact = match peyvand::services::demo::contact::seed(ctx).await {
        Ok(c) => c,
        Err(e) => return fail(1, e),
    };
    if petition.petition_created {
        println!(
            "Demo petition created with {} signatures: {}/petitions/{}",
            petition.signatures,
            ctx.config.public_url,
            peyvand::services::demo::petitions::DEMO_SLUG
        );
        println!(
            "Its petition book: peyvand edition build --petition {} --out book.zip",
            peyvand::services::demo::petitions::DEMO_SLUG
        );
    }
    if contact.registrations > 0 {
        println!(
            "Demo contact cases: {} registrations and {} requests (staff: /staff/contact)",
            contact.registrations, contact.requests
        );
        println!("Their pages (shown only now; each link opens one demo case):");
        for link in contact
            .request_links
            .iter()
            .chain(&contact.registration_links)
        {
            println!("  {link}");
        }
    }
    if !petition.petition_created && contact.registrations == 0 {
        println!("Demo data already present.");
    }
    ExitCode::SUCCESS
}

/// `peyvand audit verify`: recompute the audit log's hash chain.
async fn audit_verify(ctx: &AppContext) -> ExitCode {
    use peyvand::domain::audit::{Verification, verify};
    match verify(&ctx.db, &ctx.crypto).await {
        Ok(Verification::Intact { events }) => {
            println!("Audit log intact: {events} events verified.");
            ExitCode::SUCCESS
        }
        Ok(Verification::Broken { seq, reason }) => {
            fail(1, format!("audit log broken at event {seq}: {reason}"))
        }
        Err(e) => fail(1, e),
    }
}

/// `peyvand retention run`: erase the personal data whose retention period has passed.
async fn retention_run(ctx: &AppContext) -> ExitCode {
    let actor = peyvand::domain::audit::Actor::Cli;
    match peyvand::services::editions::retention::run(ctx, actor, chrono::Utc::now()).await {
        Ok(r) => {
            println!(
                "Retention: {} delivered petition(s) past the period, personal data of {} signature(s) erased now.",
                r.petitions, r.signatures
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(1, e),
    }
}

/// `peyvand contact tick`: run the contact cases' job once now.
async fn contact_tick(ctx: &AppContext) -> ExitCode {
    match peyvand::services::contact::consent::tick(ctx, chrono::Utc::now()).await {
        Ok(r) => {
            println!(
                "Contact cases: {} to cooling-off, {} closed, {} check-in(s) sent, {} message(s) erased.",
                r.cooling_off, r.closed, r.checkins, r.erased
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(1, e),
    }
}

/// `peyvand mail test`: send a test email through the configured transport, now.
async fn mail_test(ctx: &AppContext, to: &str) -> ExitCode {
    use peyvand::mail::{TestEmail, outbox};
    let locale = peyvand::i18n::Locale::En;
    let to = match peyvand::domain::people::email::parse(to) {
        Ok(e) => e.address(),
        Err(p) => return fail(2, email_problem(p)),
    };
    if let Err(e) = outbox::enqueue(&ctx.db, ctx.outbox(), &to, locale, &TestEmail {}).await {
        return fail(2, e);
    }
    match outbox::process_due(ctx.outbox(), chrono::Utc::now()).await {
        Ok(r) if r.sent > 0 => {
            println!("Test email sent.");
            ExitCode::SUCCESS
        }
        Ok(_) => fail(
            1,
            "the test email could not be sent now; it stays queued and will be retried (see the log)",
        ),
        Err(e) => fail(1, e),
    }
}

/// `peyvand edition build`: freeze and build with a progress bar.
async fn edition_build(
    ctx: &peyvand::context::AppContext,
    slug: &str,
    locale: &str,
    out: Option<&std::path::Path>,
) -> ExitCode {
    use peyvand::domain::petitions::edition::EditionState;
    use peyvand::services::editions as edition;
    let Some(locale) = peyvand::i18n::Locale::parse(locale) else {
        return fail(2, format!("--locale {locale:?}: use en, fa or fr"));
    };
    let petition = match peyvand::services::petitions::manage::by_slug(ctx, slug).await {
        Ok(Some(p)) => p,
        Ok(None) => return fail(2, format!("no petition with the name {slug:?}")),
        Err(e) => return fail(1, e),
    };
    let now = chrono::Utc::now();
    let actor = peyvand::domain::audit::Actor::Cli;
    let e = match edition::freeze(ctx, actor, petition.id, locale, now).await {
        Ok(Ok(e)) => e,
        Ok(Err(edition::FreezeProblem::NoSignatures)) => {
            return fail(
                1,
                format!(
                    "petition {slug:?} has no confirmed signature: there is nothing to put in an edition"
                ),
            );
        }
        Ok(Err(edition::FreezeProblem::Building)) => {
            return fail(
                1,
                "another edition of this petition is being built by a running worker (or waits for one); wait until it is ready",
            );
        }
        Err(e) => return fail(1, e),
    };
    let lease = match edition::claim_id(ctx, e.id, now).await {
        Ok(Some(lease)) => lease,
        Ok(None) => return fail(1, "the running server took this build; see the staff pages"),
        Err(e) => return fail(1, e),
    };
    eprintln!(
        "Edition {} of {slug}: {} signatures, {} letters frozen at {}",
        e.number,
        e.total,
        e.letters,
        e.cut_off.format("%Y-%m-%d %H:%M UTC")
    );
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} volumes ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message("Typesetting");
    let progress = {
        let bar = bar.clone();
        move |done: u64, total: u64| {
            bar.set_length(total);
            bar.set_position(done);
        }
    };
    let built = match edition::build(ctx, &lease, progress).await {
        Ok(b) => b,
        Err(err) => {
            bar.abandon();
            return fail(1, err);
        }
    };
    bar.finish_and_clear();
    if built.state != EditionState::Ready {
        return fail(1, format!("the build failed: {}", built.error));
    }
    let file = edition::bundle_dir(ctx).join(built.bundle_file.clone().unwrap_or_default());
    if let Some(out) = out
        && let Err(err) = std::fs::copy(&file, out)
    {
        return fail(1, format!("{}: {err}", out.display()));
    }
    println!("Bundle:      {}", out.unwrap_or(&file).display());
    println!("Merkle root: {}", built.merkle_root.unwrap_or_default());
    println!("SHA-256:     {}", built.bundle_sha256.unwrap_or_default());
    println!(
        "Key:         {}",
        peyvand_export::fingerprint(&ctx.signing_key.verifying_key())
    );
    println!(
        "Check it with: peyvand bundle verify {} --fingerprint '{}'",
        out.unwrap_or(&file).display(),
        peyvand_export::fingerprint(&ctx.signing_key.verifying_key())
    );
    ExitCode::SUCCESS
}

/// `peyvand backup --out FILE`: a consistent snapshot of the running deployment.
async fn backup(ctx: &AppContext, out: &Path) -> ExitCode {
    use peyvand::services::ops::backup;
    match backup::backup(ctx, out).await {
        Ok(m) => {
            let rows: u64 = m.counts.values().sum();
            println!("Backup:       {}", out.display());
            println!("Checksum:     {}", backup::checksum_path(out).display());
            println!("Schema:       {}", m.schema_version);
            println!("Key:          {}", m.key_fingerprint);
            println!("Rows:         {rows} in {} tables", m.counts.len());
            println!(
                "The key file is not in the backup: keep a copy of {} apart from it.",
                peyvand::crypto::KeyFile::path_in(&ctx.config.data_dir).display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(if e.is_input() { 2 } else { 1 }, e),
    }
}

/// `peyvand restore FILE`: a backup into an empty data directory or database.
async fn restore(config: &Config, file: &Path) -> ExitCode {
    use peyvand::services::ops::backup;
    let secrets = match backup::restore_secrets(config) {
        Ok(s) => s,
        Err(e) => return fail(2, e),
    };
    match backup::restore(config, &secrets, file).await {
        Ok(m) => {
            let rows: u64 = m.counts.values().sum();
            println!(
                "Restored {} ({} rows, schema {}, taken {}). Start Peyvand as usual.",
                file.display(),
                rows,
                m.schema_version,
                m.created_at
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(if e.is_input() { 2 } else { 1 }, e),
    }
}

fn master_key_from_env() -> bool {
    std::env::var("PEYVAND_MASTER_KEY").is_ok_and(|v| !v.is_empty())
}

/// The rotation's progress bar on stderr.
struct Bar(indicatif::ProgressBar);

impl peyvand::services::ops::keys::Progress for Bar {
    fn total(&self, rows: u64) {
        self.0.set_length(rows);
    }
    fn advance(&self, rows: u64) {
        self.0.inc(rows);
    }
}

/// `peyvand keys rotate`: a new master key, and every value moved to it.
async fn keys_rotate(
    ctx: &AppContext,
    secrets: &peyvand::crypto::Secrets,
    batch: u64,
    pause_ms: u64,
    add_only: bool,
) -> ExitCode {
    use peyvand::services::ops::keys;
    let path = peyvand::crypto::KeyFile::path_in(&ctx.config.data_dir);
    let begun = match keys::begin(ctx, secrets, &path, master_key_from_env()).await {
        Ok(b) => b,
        Err(e) => return fail(1, e),
    };
    let to = begun.rotation.to;
    if begun.added {
        eprintln!(
            "Added master key {to} to {}. Restart every running Peyvand instance so that it reads values sealed with it and writes blind indexes with it.",
            path.display()
        );
    } else {
        eprintln!("Resuming the rotation to key {to}.");
    }
    if add_only {
        eprintln!("Then run `peyvand keys rotate` to move the data to it.");
        return ExitCode::SUCCESS;
    }
    let mut moved = ctx.clone();
    moved.crypto = begun.secrets.crypto().with_index_key(to);
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} rows ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message("Re-keying");
    let opts = keys::RunOptions {
        batch,
        pause: std::time::Duration::from_millis(pause_ms),
    };
    let started = std::time::Instant::now();
    match keys::run(
        &moved,
        &begun.secrets,
        begun.rotation,
        opts,
        &Bar(bar.clone()),
    )
    .await
    {
        Ok(r) => {
            bar.finish_and_clear();
            println!(
                "Rotation to key {to} finished in {:.1} s: {} values re-encrypted, {} blind indexes recomputed.",
                started.elapsed().as_secs_f64(),
                r.resealed,
                r.reindexed
            );
            if r.recanonicalised > 0 {
                println!(
                    "{} addresses were indexed by today's email rules (their domain's rule changed since they were stored).",
                    r.recanonicalised
                );
            }
            if r.unmapped_list_entries > 0 {
                println!(
                    "{} block/allow-list entries could not be re-keyed (no stored address explains them): they stop matching when the old key is retired; add them again.",
                    r.unmapped_list_entries
                );
            }
            println!(
                "Check with `peyvand keys status`, then retire the old key with `peyvand keys retire`."
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            bar.abandon();
            fail(
                1,
                format!("{e} (run `peyvand keys rotate` again to resume)"),
            )
        }
    }
}

/// `peyvand keys status`.
async fn keys_status(ctx: &AppContext, secrets: &peyvand::crypto::Secrets) -> ExitCode {
    use peyvand::services::ops::keys;
    let st = match keys::status(ctx, secrets).await {
        Ok(s) => s,
        Err(e) => return fail(1, e),
    };
    let ring: Vec<String> = st.ring.iter().map(u8::to_string).collect();
    println!("Master keys in the ring: {}", ring.join(", "));
    println!("New values are sealed with key {}.", st.encrypting);
    println!("Blind indexes are written with key {}.", st.indexing);
    match &st.rotation {
        Some(r) if r.finished_at.is_none() => {
            let at: Vec<String> = r
                .cursors
                .iter()
                .map(|(t, id)| format!("{t} up to id {id}"))
                .collect();
            println!(
                "Rotation to key {} under way since {} (contact side {}; {}): run `peyvand keys rotate` to resume.",
                r.to,
                r.started_at,
                if r.contact_done { "done" } else { "not yet" },
                if at.is_empty() {
                    "no batch done yet".into()
                } else {
                    at.join(", ")
                }
            );
        }
        Some(r) => println!(
            "Last rotation: to key {}, finished {}.",
            r.to,
            r.finished_at.as_deref().unwrap_or_default()
        ),
        None => println!("No rotation recorded."),
    }
    println!("Sealed values by key:");
    for c in &st.columns {
        if c.by_key.is_empty() {
            continue;
        }
        let keys: Vec<String> = c
            .by_key
            .iter()
            .map(|(k, n)| format!("key {k}: {n}"))
            .collect();
        println!("  {:<36} {}", c.column, keys.join(", "));
    }
    println!(
        "IP hashes, recovery-code MACs and the audit chain use keys derived from the first master key{} (they cannot be recomputed).",
        if st.hashing_retained {
            ", kept in the key file"
        } else {
            ""
        }
    );
    for id in &st.ring {
        if *id == st.encrypting && *id == st.indexing {
            continue;
        }
        match st.retire_blocker(*id) {
            None => {
                println!("Key {id} is no longer used: `peyvand keys retire --key {id}` removes it.")
            }
            Some(why) => println!("Key {id} cannot be retired yet: {why}."),
        }
    }
    ExitCode::SUCCESS
}

/// `peyvand keys retire`.
async fn keys_retire(
    ctx: &AppContext,
    secrets: &peyvand::crypto::Secrets,
    key: Option<u8>,
) -> ExitCode {
    use peyvand::services::ops::keys;
    let current = ctx.crypto.current_key_id();
    let old: Vec<u8> = ctx
        .crypto
        .key_ids()
        .into_iter()
        .filter(|k| *k != current)
        .collect();
    let id = match (key, old.as_slice()) {
        (Some(k), _) => k,
        (None, [only]) => *only,
        (None, []) => return fail(2, "there is only one master key: nothing to retire"),
        (None, _) => return fail(2, "several old keys: say which with --key"),
    };
    let path = peyvand::crypto::KeyFile::path_in(&ctx.config.data_dir);
    match keys::retire(ctx, secrets, &path, id, master_key_from_env()).await {
        Ok(_) => {
            println!(
                "Key {id} retired and removed from {}. Restart running instances; backups taken before today still need it.",
                path.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(1, e),
    }
}
