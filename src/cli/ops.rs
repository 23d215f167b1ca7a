//! The operator's data commands: backup, restore and the master-key ring (rotate, status, retire).

use super::exit::fail;
use peyvand::config::Config;
use peyvand::context::AppContext;
use std::path::Path;
use std::process::ExitCode;

/// `peyvand backup --out FILE`: a consistent snapshot of the running deployment.
pub(super) async fn backup(ctx: &AppContext, out: &Path) -> ExitCode {
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
pub(super) async fn restore(config: &Config, file: &Path) -> ExitCode {
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

pub(super) fn master_key_from_env() -> bool {
    std::env::var("PEYVAND_MASTER_KEY").is_ok_and(|v| !v.is_empty())
}

/// The rotation's progress bar on stderr.
pub struct Bar(indicatif::ProgressBar);

/// `peyvand keys rotate`: a new master key, and every value moved to it.
pub(super) async fn keys_rotate(
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
pub(super) async fn keys_status(ctx: &AppContext, secrets: &peyvand::crypto::Secrets) -> ExitCode {
    use peyvand::services::ops::key_status;
    let st = match key_status::status(ctx, secrets).await {
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
pub(super) async fn keys_retire(
    ctx: &AppContext,
    secrets: &peyvand::crypto::Secrets,
    key: Option<u8>,
) -> ExitCode {
    use peyvand::services::ops::key_status;
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
    match key_status::retire(ctx, secrets, &path, id, master_key_from_env()).await {
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

impl peyvand::services::ops::keys::Progress for Bar {
    fn total(&self, rows: u64) {
        self.0.set_length(rows);
    }
    fn advance(&self, rows: u64) {
        self.0.inc(rows);
    }
}
