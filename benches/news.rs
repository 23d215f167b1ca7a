//! Petition news benchmark (issue #17; target: queuing an update to 100,000 opted-in
//! signers ≤ 30 s): fills a fresh database with N confirmed signatures of the demo petition
//! that asked for news (languages in turn en, fa, fr), approves an update, then times the
//! sender's batches (`services::petitions::news::queue_batch`, as the background sender
//! runs them, without its pause) until every recipient is queued in the outbox, and checks
//! that the outbox holds exactly N news emails.
//!
//! ```text
//! cargo bench --bench news -- [SIGNERS] [BATCH]      # default 100000 1000
//! PEYVAND_BENCH_DATABASE_URL=postgres://… cargo bench --bench news   # on PostgreSQL
//! ```
//! Results go in BENCHMARKS.md.

use chrono::Utc;
use peyvand::config::Config;
use peyvand::crypto::KeyFile;
use peyvand::domain::people::relationship::Relationship;
use peyvand::domain::petitions::news::{NEWS_WORDING_VERSION, UpdateOrigin, UpdateState};
use peyvand::domain::petitions::signature::{
    self as sig, BookDisclosure, LetterState, PublicDisclosure, SignatureState,
};
use peyvand::entities::{outbox, petition_update, signature};
use peyvand::services::petitions::news;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set, TransactionTrait,
};
use std::time::Instant;

fn hash() -> String {
    peyvand::crypto::sha256_hex(peyvand::crypto::random_token().unwrap().as_bytes())
}

#[tokio::main]
async fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n = args.first().copied().unwrap_or(100_000);
    let batch_size = args.get(1).copied().unwrap_or(1_000).max(1);
    let dir = tempfile::tempdir().unwrap();
    let url = match std::env::var("PEYVAND_BENCH_DATABASE_URL") {
        Ok(u) if !u.is_empty() => u,
        _ => format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("peyvand.sqlite3").display()
        ),
    };
    let config = Config::for_testing(dir.path().to_path_buf(), url);
    let secrets = KeyFile::ephemeral().unwrap();
    let ctx = peyvand::services::startup::open_with_secrets(config, &secrets)
        .await
        .unwrap();
    let fill = Instant::now();
    peyvand::services::demo::petitions::seed(&ctx)
        .await
        .unwrap();
    signature::Entity::delete_many()
        .exec(&ctx.db)
        .await
        .unwrap();
    let cr = &ctx.crypto;
    let now = Utc::now();
    let mut done = 0;
    while done < n {
        let txn = ctx.db.begin().await.unwrap();
        let mut rows = Vec::new();
        for i in done..(done + 2000).min(n) {
            let email = format!("signer-{i}@example.org");
            let token = peyvand::crypto::random_token().unwrap();
            rows.push(signature::ActiveModel {
                petition_id: Set(peyvand::ids::PetitionId(1)),
                name_enc: Set(cr.encrypt_str(sig::context::NAME, "Maryam Rezaei").unwrap()),
                email_enc: Set(cr.encrypt_str(sig::context::EMAIL, &email).unwrap()),
                email_index: Set(cr.blind_index(sig::EMAIL_INDEX, &email).to_hex()),
                email_domain_index: Set(cr.blind_index(sig::DOMAIN_INDEX, "example.org").to_hex()),
                country: Set("DE".into()),
                city_enc: Set(cr.encrypt_str(sig::context::CITY, "Köln").unwrap()),
                relationship: Set(Relationship::ALL[0]),
                letter_enc: Set(None),
                letter_state: Set(LetterState::None),
                letter_note: Set(None),
                public_disclosure: Set(PublicDisclosure::ALL[0]),
                book_disclosure: Set(BookDisclosure::ALL[0]),
                state: Set(SignatureState::Verified),
                shadow: Set(false),
                receipt_code: Set(sig::new_receipt_code().unwrap()),
                ip_hash: Set(String::new()),
                confirm_hash: Set(hash()),
                withdraw_hash: Set(hash()),
                invalidation_id: Set(None),
                created_at: Set(now),
                verified_at: Set(Some(now)),
                withdrawn_at: Set(None),
                erased_at: Set(None),
                news_opt_in: Set(true),
                news_wording: Set(Some(NEWS_WORDING_VERSION.to_owned())),
                news_locale: Set(Some(
                    ["en", "fa", "fr"][usize::try_from(i % 3).unwrap()].to_owned(),
                )),
                news_token_enc: Set(Some(cr.encrypt_str(news::NEWS_TOKEN, &token).unwrap())),
                news_hash: Set(Some(peyvand::crypto::sha256_hex(token.as_bytes()))),
                news_unsubscribed_at: Set(None),
                ..Default::default()
            });
            if rows.len() == 200 {
                signature::Entity::insert_many(std::mem::take(&mut rows))
                    .exec(&txn)
                    .await
                    .unwrap();
            }
        }
        if !rows.is_empty() {
            signature::Entity::insert_many(rows)
                .exec(&txn)
                .await
                .unwrap();
        }
        txn.commit().await.unwrap();
        done = (done + 2000).min(n);
    }
    let mut texts = news::UpdateTexts::default();
    for (code, s, b) in [
        (
            "en",
            "The book was handed over",
            "We met the ambassador today.",
        ),
        ("fa", "کتاب تحویل داده شد", "امروز سفیر را دیدیم."),
        (
            "fr",
            "Le livre a été remis",
            "Nous avons rencontré l'ambassadeur aujourd'hui.",
        ),
    ] {
        texts.subject.insert(code, s.to_owned());
        texts.body.insert(code, b.to_owned());
    }
    let id = news::draft(
        &ctx,
        peyvand::ids::StaffId(0),
        peyvand::ids::PetitionId(1),
        &texts,
        UpdateOrigin::Written,
        now,
    )
    .await
    .unwrap();
    // Approved as the four-eyes decision leaves it.
    let mut u: petition_update::ActiveModel = petition_update::Entity::find_by_id(id)
        .one(&ctx.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    u.state = Set(UpdateState::Approved);
    u.update(&ctx.db).await.unwrap();
    println!(
        "filled {n} opted-in signers in {:.1} s",
        fill.elapsed().as_secs_f64()
    );

    let start = Instant::now();
    let mut rounds = 0u64;
    while news::queue_batch(&ctx, batch_size, Utc::now())
        .await
        .unwrap()
        > 0
    {
        rounds += 1;
    }
    let took = start.elapsed().as_secs_f64();
    let queued = outbox::Entity::find()
        .filter(outbox::Column::Template.eq("petition_news"))
        .count(&ctx.db)
        .await
        .unwrap();
    println!(
        "queued {queued} news emails in {took:.2} s ({rounds} batches of {batch_size}; {:.0} emails/s)",
        queued as f64 / took.max(1e-9)
    );
    assert_eq!(queued, n, "every opted-in signer queued once");
    let finished = petition_update::Entity::find_by_id(id)
        .one(&ctx.db)
        .await
        .unwrap()
        .unwrap()
        .finished_at
        .is_some();
    assert!(finished, "the update is marked finished");
    println!(
        "target: ≤ 30 s for 100,000 — {}",
        if n >= 100_000 {
            if took <= 30.0 { "met" } else { "MISSED" }
        } else {
            "(smaller run)"
        }
    );
}
