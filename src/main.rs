//! The `peyvand` command: parses the command line and calls into the library.

use clap::{Parser, Subcommand};
use peyvand::config::Config;
use peyvand::context::AppContext;
use peyvand::crypto::Secrets;
use peyvand::services::startup;
use std::process::ExitCode;

/// Peyvand: petitions, petition books and consent-only family contact.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
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
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Create a staff account and print its one-time enrolment link.
    Create {
        /// The staff member's email address.
        #[arg(long)]
        email: String,
        /// Role: admin, caseworker or organiser.
        #[arg(long)]
        role: String,
    },
}

#[derive(Subcommand)]
enum DemoCommand {
    /// Create demo data (a demo petition); safe to run twice.
    Seed,
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

/// Exit codes: 1 a runtime failure, 2 bad configuration or arguments.
fn fail(code: u8, message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(code)
}

fn prepare() -> Result<(Config, Secrets, Option<std::path::PathBuf>), ExitCode> {
    let config = Config::load().map_err(|e| fail(2, e))?;
    if config.is_release() && config.mail.transport != peyvand::config::MailTransportKind::Smtp {
        eprintln!(
            "warning: release profile without SMTP: email is written to {}/mail",
            config.data_dir.display()
        );
    }
    let (secrets, created) = startup::load_secrets(&config).map_err(|e| fail(2, e))?;
    Ok((config, secrets, created))
}

async fn open(config: Config, secrets: &Secrets) -> Result<AppContext, ExitCode> {
    startup::open(config, secrets).await.map_err(|e| fail(1, e))
}

#[rocket::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let (config, secrets, created) = match prepare() {
        Ok(p) => p,
        Err(code) => return code,
    };
    if let Some(path) = &created {
        eprintln!(
            "Generated new secrets in {} (mode 0600). Back this file up apart from the database.",
            path.display()
        );
    }
    let ctx = match open(config, &secrets).await {
        Ok(ctx) => ctx,
        Err(code) => return code,
    };
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let db_url = peyvand::db::redact(&ctx.config.database_url);
            let app = peyvand::rocket(ctx, &secrets.rocket_secret_key, rocket::Config::figment());
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
        Command::Migrate => {
            println!(
                "Database is up to date ({}).",
                peyvand::db::redact(&ctx.config.database_url)
            );
            ExitCode::SUCCESS
        }
        Command::Staff(StaffCommand::Create { .. }) => fail(
            2,
            "staff accounts are not available yet: they arrive with the staff-accounts work (issue #3)",
        ),
        Command::Demo(DemoCommand::Seed) => match peyvand::services::demo::seed(&ctx).await {
            Ok(r) if r.petition_created => {
                println!(
                    "Demo petition created: {}/petitions/{}",
                    ctx.config.public_url,
                    peyvand::services::demo::DEMO_SLUG
                );
                ExitCode::SUCCESS
            }
            Ok(_) => {
                println!("Demo data already present.");
                ExitCode::SUCCESS
            }
            Err(e) => fail(1, e),
        },
        Command::Audit(AuditCommand::Verify) => {
            use peyvand::domain::audit::{Verification, verify};
            match verify(&ctx.db).await {
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
        Command::Mail(MailCommand::Test { to }) => {
            use peyvand::mail::{TestEmail, outbox};
            let locale = peyvand::i18n::Locale::En;
            if let Err(e) = outbox::enqueue(&ctx.db, &ctx, &to, locale, &TestEmail {}).await {
                return fail(2, e);
            }
            match outbox::process_due(&ctx, chrono::Utc::now()).await {
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
    }
}
