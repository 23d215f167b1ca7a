//! The petition and edition commands: paper sheets and their import, name ranking, building and
//! verifying editions.

use super::exit::fail;
use std::path::Path;
use std::process::ExitCode;

/// `peyvand petition sheets`: print numbered signature sheets.
pub(super) async fn petition_sheets(
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
pub(super) async fn petition_import(
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
pub(super) fn names_rank(candidates: &Path, queries: &Path, top: usize) -> ExitCode {
    let stdout = std::io::stdout();
    match peyvand_matching::run_rank_cli(candidates, queries, top, &mut stdout.lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e @ peyvand_matching::RankError::Write(_)) => fail(1, e),
        Err(e) => fail(2, e),
    }
}

/// `peyvand bundle verify`: check a bundle, and a receipt's inclusion when one is given.
pub(super) fn bundle_verify(
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

/// `peyvand edition build`: freeze and build with a progress bar.
pub(super) async fn edition_build(
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
