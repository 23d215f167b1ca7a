//! Demo progress for the demo petition (issue #17), so the public timeline shows on a fresh
//! install: two milestones (one reached), an edition frozen now, its hand-over to an
//! embassy with an answer, a due date and a next step. Idempotent: nothing is added when
//! the demo petition already has a milestone. Meant to run after
//! [`super::petitions::seed`], as `peyvand demo seed` does.

use super::petitions::DEMO_SLUG;
use crate::context::AppContext;
use crate::domain::audit::{self, Actor, AuditAction, NewEvent, Subject};
use crate::domain::petitions::edition::{HandoverChannel, HandoverMedium};
use crate::entities::{handover, petition, petition_milestone, petition_progress};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::StaffId;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

/// What the progress seed added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ProgressSeedReport {
    /// Milestones added.
    pub milestones: usize,
    /// Whether an edition was frozen and its hand-over (with an answer) recorded.
    pub handover: bool,
}

const MILESTONES: [(i32, &str, &str, &str); 2] = [
    (
        2_000,
        "At 2,000 signatures we ask the embassy for a meeting.",
        "با ۲٬۰۰۰ امضا از سفارت درخواست دیدار می‌کنیم.",
        "À 2 000 signatures, nous demandons un rendez-vous à l'ambassade.",
    ),
    (
        10_000,
        "At 10,000 signatures we ask parliament's human rights committee for a hearing.",
        "با ۱۰٬۰۰۰ امضا از کمیسیون حقوق بشر پارلمان درخواست جلسهٔ استماع می‌کنیم.",
        "À 10 000 signatures, nous demandons une audition à la commission des droits de l'homme du parlement.",
    ),
];

/// Adds the demo progress to the demo petition, unless it has a milestone already (or there
/// is no demo petition). The edition is frozen now and built by the background builder (or
/// `peyvand edition build`); the hand-over is recorded for it at once, for the demo.
///
/// # Errors
/// Database and encryption errors.
pub async fn seed(ctx: &AppContext) -> Result<ProgressSeedReport, AppError> {
    let Some(p) = petition::Entity::find()
        .filter(petition::Column::Slug.eq(DEMO_SLUG))
        .one(&ctx.db)
        .await?
    else {
        return Ok(ProgressSeedReport::default());
    };
    let seeded = petition_milestone::Entity::find()
        .filter(petition_milestone::Column::PetitionId.eq(p.id))
        .one(&ctx.db)
        .await?
        .is_some();
    if seeded {
        return Ok(ProgressSeedReport::default());
    }
    let now = Utc::now();
    let edition = crate::services::editions::freeze(ctx, Actor::Cli, p.id, Locale::En, now).await?;
    let txn = ctx.begin_write().await?;
    for (threshold, en, fa, fr) in MILESTONES {
        petition_milestone::ActiveModel {
            petition_id: Set(p.id),
            threshold: Set(threshold),
            consequence_en: Set(en.to_owned()),
            consequence_fa: Set(fa.to_owned()),
            consequence_fr: Set(fr.to_owned()),
            created_by: Set(StaffId(0)),
            created_at: Set(now),
            removed_at: Set(None),
            removed_by: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    let today = now.date_naive();
    if let Ok(e) = &edition {
        handover::ActiveModel {
            edition_id: Set(e.id),
            recipient: Set("The Ambassador".to_owned()),
            office: Set("Embassy of Iraq".to_owned()),
            handed_on: Set(today),
            form: Set(HandoverMedium::Print),
            acknowledgement: Set("Received at the embassy's front desk.".to_owned()),
            answer: Set(
                "The embassy will forward the petition to the ministry and meet a delegation of families."
                    .to_owned(),
            ),
            answer_fa: Set(
                "سفارت دادخواست را به وزارتخانه می‌فرستد و با نمایندگان خانواده‌ها دیدار می‌کند."
                    .to_owned(),
            ),
            answer_fr: Set(
                "L'ambassade transmettra la pétition au ministère et recevra une délégation des familles."
                    .to_owned(),
            ),
            channel: Set(Some(HandoverChannel::InPerson)),
            answered_on: Set(Some(today)),
            created_by: Set(StaffId(0)),
            created_at: Set(now),
            removed_at: Set(None),
            removed_by: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    petition_progress::ActiveModel {
        petition_id: Set(p.id),
        answer_due_on: Set(Some(today + chrono::Duration::days(30))),
        next_step_en: Set("We prepare the meeting with the embassy.".to_owned()),
        next_step_fa: Set("دیدار با سفارت را آماده می‌کنیم.".to_owned()),
        next_step_fr: Set("Nous préparons le rendez-vous avec l'ambassade.".to_owned()),
        updated_by: Set(StaffId(0)),
        updated_at: Set(now),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent {
            actor: Actor::Cli,
            action: AuditAction::DemoSeed,
            subject: Subject::Petition(p.id),
            details: serde_json::json!({ "progress": true }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(ProgressSeedReport {
        milestones: MILESTONES.len(),
        handover: edition.is_ok(),
    })
}
