//! The `peyvand` command's subcommands: their clap definitions and one function for each,
//! which calls into the library. Exit codes: 1 a runtime failure, 2 bad configuration or
//! arguments.

use self::ops::{backup, keys_retire, keys_rotate, keys_status, restore};
use self::petitions::{bundle_verify, edition_build, names_rank, petition_import, petition_sheets};
use self::service::{
    audit_verify, contact_tick, demo_seed, mail_test, migrate, retention_run, serve, staff_create,
};
mod exit;
mod health;
mod ops;
mod petitions;
mod service;

use self::exit::fail;
use clap::{Parser, Subcommand};
use peyvand::config::{Config, MailTransportKind};
use peyvand::services::startup;
use std::path::PathBuf;
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
    /// Ask a running server whether it is ready (its `/health/ready`); exit 0 only when it
    /// is. Made for container health checks: needs no configuration, database or key.
    Health {
        /// The address to ask (default: http://127.0.0.1:$ROCKET_PORT/health/ready).
        #[arg(long)]
        url: Option<String>,
        /// Seconds to wait for the answer.
        #[arg(long, default_value_t = 5)]
        timeout: u64,
    },
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
    if let Some(Command::Health { url, timeout }) = &cli.command {
        let url = url.clone().unwrap_or_else(health::default_url);
        return health::probe(&url, std::time::Duration::from_secs(*timeout)).await;
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
        // Answered before the configuration is read (above); kept whole for the match.
        Command::Health { url, timeout } => {
            let url = url.unwrap_or_else(health::default_url);
            health::probe(&url, std::time::Duration::from_secs(timeout)).await
        }
    }
}
