//! Running the portal and its routine commands: serve, migrate, staff accounts, demo data, audit
//! check, retention, the contact tick and a test email.

use super::exit::{email_problem, fail};
use peyvand::context::AppContext;
use std::path::PathBuf;
use std::process::ExitCode;

/// `peyvand serve`: serve the portal until it is shut down.
pub(super) async fn serve(
    ctx: AppContext,
    rocket_secret_key: &[u8],
    created: Option<PathBuf>,
) -> ExitCode {
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
pub(super) fn migrate(ctx: &AppContext) -> ExitCode {
    println!(
        "Database is up to date ({}).",
        peyvand::db::redact(&ctx.config.database_url)
    );
    ExitCode::SUCCESS
}

/// `peyvand staff create`: create a staff account and print its enrolment link.
pub(super) async fn staff_create(
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
pub(super) async fn demo_seed(ctx: &AppContext) -> ExitCode {
    let petition = match peyvand::services::demo::petitions::seed(ctx).await {
        Ok(r) => r,
        Err(e) => return fail(1, e),
    };
    // The demo petition's story after the hand-over: milestones, an edition, a hand-over
    // with an answer, a due date and the next step (once).
    if let Err(e) = peyvand::services::demo::progress::seed(ctx).await {
        return fail(1, e);
    }
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
pub(super) async fn audit_verify(ctx: &AppContext) -> ExitCode {
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
pub(super) async fn retention_run(ctx: &AppContext) -> ExitCode {
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
pub(super) async fn contact_tick(ctx: &AppContext) -> ExitCode {
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
pub(super) async fn mail_test(ctx: &AppContext, to: &str) -> ExitCode {
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
