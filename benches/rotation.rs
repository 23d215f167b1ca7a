//! Key rotation benchmark: fills a fresh database with N signatures (the demo petition's,
//! one in ten with a letter) and M contact records (half requests with a sought person,
//! half registrations), then times `keys rotate` (the service the command runs: a new key,
//! every sealed value re-encrypted, every blind index recomputed, batches of 1,000) and
//! checks that nothing is left under the old key.
//!
//! ```text
//! cargo bench --bench rotation -- [SIGNATURES] [CONTACT]      # default 100000 10000
//! PEYVAND_BENCH_DATABASE_URL=postgres://… cargo bench --bench rotation   # on PostgreSQL
//! ```
//! Results go in BENCHMARKS.md.

use chrono::{Duration, Utc};
use peyvand::config::Config;
use peyvand::crypto::KeyFile;
use peyvand::domain::contact::records::{
    self as c, Openness, RecordState, RegistrationData, RegistrationRules, RequesterData,
    ReviewState, SoughtData,
};
use peyvand::domain::people::relationship::Relationship;
use peyvand::domain::petitions::signature::{
    self as sig, BookDisclosure, LetterState, PublicDisclosure, SignatureState,
};
use peyvand::entities::{contact_request, registration, signature, sought_person};
use peyvand::services::ops::{key_status, keys};
use sea_orm::{ActiveModelTrait, EntityTrait, PaginatorTrait, Set, TransactionTrait};
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
    let n_sig = args.first().copied().unwrap_or(100_000);
    let n_contact = args.get(1).copied().unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let url = match std::env::var("PEYVAND_BENCH_DATABASE_URL") {
        Ok(u) if !u.is_empty() => u,
        _ => format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("peyvand.sqlite3").display()
        ),
    };
    let config = Config::for_testing(dir.path().to_path_buf(), url.clone());
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
    while done < n_sig {
        let txn = ctx.db.begin().await.unwrap();
        let mut batch = Vec::new();
        for i in done..(done + 2000).min(n_sig) {
            let email = format!("signer-{i}@example.org");
            let letter = (i % 10 == 0).then_some("Please let us see our brother again.");
            batch.push(signature::ActiveModel {
                petition_id: Set(peyvand::ids::PetitionId(1)),
                name_enc: Set(cr.encrypt_str(sig::context::NAME, "Maryam Rezaei").unwrap()),
                email_enc: Set(cr.encrypt_str(sig::context::EMAIL, &email).unwrap()),
                email_index: Set(cr.blind_index(sig::EMAIL_INDEX, &email).to_hex()),
                email_domain_index: Set(cr.blind_index(sig::DOMAIN_INDEX, "example.org").to_hex()),
                country: Set("DE".into()),
                city_enc: Set(cr.encrypt_str(sig::context::CITY, "Köln").unwrap()),
                relationship: Set(Relationship::ALL[0]),
                letter_enc: Set(letter.map(|l| cr.encrypt_str(sig::context::LETTER, l).unwrap())),
                letter_state: Set(if letter.is_some() {
                    LetterState::Approved
                } else {
                    LetterState::None
                }),
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
                ..Default::default()
            });
            if batch.len() == 200 {
                signature::Entity::insert_many(std::mem::take(&mut batch))
                    .exec(&txn)
                    .await
                    .unwrap();
            }
        }
        if !batch.is_empty() {
            signature::Entity::insert_many(batch)
                .exec(&txn)
                .await
                .unwrap();
        }
        txn.commit().await.unwrap();
        done = (done + 2000).min(n_sig);
    }
    let txn = ctx.db.begin().await.unwrap();
    let expires = now + Duration::days(365);
    for i in 0..n_contact {
        let email = format!("family-{i}@example.org");
        if i % 2 == 0 {
            let who = RequesterData {
                name: "Maryam Hosseini".into(),
                email: email.clone(),
                phone: "+49 30 1234567".into(),
                ..RequesterData::default()
            };
            let r = contact_request::ActiveModel {
                requester_enc: Set(c::seal(cr, c::context::REQUESTER, &who).unwrap()),
                email_index: Set(cr.blind_index(c::EMAIL_INDEX, &email).to_hex()),
                country: Set("DE".into()),
                locale: Set("en".into()),
                relationship: Set(Relationship::ALL[0]),
                message_enc: Set(cr.encrypt_str(c::context::MESSAGE, "We miss you.").unwrap()),
                network_hash: Set(String::new()),
                state: Set(RecordState::Active),
                verify_hash: Set(hash()),
                status_hash: Set(hash()),
                review: Set(ReviewState::New),
                hostile: Set(false),
                hostile_note_enc: Set(None),
                created_at: Set(now),
                verified_at: Set(Some(now)),
                expires_at: Set(expires),
                renewal_sent_at: Set(None),
                closed_at: Set(None),
                demo: Set(false),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .unwrap();
            let sought = SoughtData {
                name_latin: "Reza Hosseini".into(),
                name_persian: "رضا حسینی".into(),
                birth_year: Some(1970),
                ..SoughtData::default()
            };
            sought_person::ActiveModel {
                request_id: Set(r.id),
                position: Set(1),
                data_enc: Set(c::seal(cr, c::context::SOUGHT, &sought).unwrap()),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .unwrap();
        } else {
            let data = RegistrationData {
                names: vec!["Reza Hosseini".into()],
                email: email.clone(),
                ..RegistrationData::default()
            };
            registration::ActiveModel {
                data_enc: Set(c::seal(cr, c::context::REGISTRATION, &data).unwrap()),
                rules_enc: Set(
                    c::seal(cr, c::context::RULES, &RegistrationRules::default()).unwrap(),
                ),
                email_index: Set(cr.blind_index(c::EMAIL_INDEX, &email).to_hex()),
                locale: Set("en".into()),
                openness: Set(Openness::ALL[0]),
                network_hash: Set(String::new()),
                state: Set(RecordState::Active),
                verify_hash: Set(hash()),
                manage_hash: Set(hash()),
                review: Set(ReviewState::New),
                created_at: Set(now),
                verified_at: Set(Some(now)),
                expires_at: Set(expires),
                renewal_sent_at: Set(None),
                closed_at: Set(None),
                demo: Set(false),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .unwrap();
        }
    }
    txn.commit().await.unwrap();
    let sigs = signature::Entity::find().count(&ctx.db).await.unwrap();
    eprintln!(
        "filled {sigs} signatures and {n_contact} contact records in {:.1} s",
        fill.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let key_file = KeyFile::path_in(dir.path());
    let begun = keys::begin(&ctx, &secrets, &key_file, false).await.unwrap();
    let mut moved = ctx.clone();
    moved.crypto = begun.secrets.crypto().with_index_key(begun.rotation.to);
    let r = keys::run(
        &moved,
        &begun.secrets,
        begun.rotation,
        keys::RunOptions::default(),
        &(),
    )
    .await
    .unwrap();
    let secs = started.elapsed().as_secs_f64();
    let status = key_status::status(&moved, &begun.secrets).await.unwrap();
    assert_eq!(status.sealed_with(1), 0, "values left under the old key");
    println!(
        "rotation ({}): {sigs} signatures + {n_contact} contact records in {secs:.1} s; {} values re-encrypted, {} blind indexes recomputed; {} cores",
        if url.starts_with("sqlite") {
            "SQLite"
        } else {
            "PostgreSQL"
        },
        r.resealed,
        r.reindexed,
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    );
}
