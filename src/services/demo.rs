//! `peyvand demo seed`: sample data so a newcomer sees a working portal. Idempotent.

use crate::context::AppContext;
use crate::domain::audit::{self, Actor, NewEvent};
use crate::domain::petition::PetitionState;
use crate::entities::{petition, petition_text};
use crate::error::AppError;
use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

/// The demo petition's slug.
pub const DEMO_SLUG: &str = "let-families-visit";

const TEXTS: [(&str, &str, &str, &str); 3] = [
    (
        "en",
        "Let families visit their relatives",
        "We ask for the right to see our sons, daughters, brothers and sisters held in the camp, without the group's minders present.",
        "For years we have travelled to the camp's gates and been turned away. Our relatives are adults; they have the right to meet their families freely and in private.\n\nWe ask the government to guarantee private family visits, to let independent observers confirm our relatives' welfare, and to help those who wish to leave.",
    ),
    (
        "fa",
        "اجازهٔ دیدار خانواده‌ها با عزیزانشان",
        "ما خواهان حق دیدار با پسران، دختران، برادران و خواهرانمان در اردوگاه هستیم، بدون حضور مراقبان گروه.",
        "سال‌هاست که تا درِ اردوگاه رفته‌ایم و بازگردانده شده‌ایم. عزیزان ما بزرگسال‌اند و حق دارند آزادانه و در خلوت خانوادهٔ خود را ببینند.\n\nاز دولت می‌خواهیم دیدار خصوصی خانواده‌ها را تضمین کند، به ناظران مستقل اجازه دهد از سلامت عزیزانمان اطمینان یابند، و به کسانی که می‌خواهند جدا شوند کمک کند.",
    ),
    (
        "fr",
        "Laissez les familles rendre visite à leurs proches",
        "Nous demandons le droit de voir nos fils, filles, frères et sœurs retenus dans le camp, sans la présence des surveillants du groupe.",
        "Depuis des années, nous nous rendons aux portes du camp et sommes renvoyés. Nos proches sont adultes ; ils ont le droit de rencontrer leur famille librement et en privé.\n\nNous demandons au gouvernement de garantir des visites familiales privées, de permettre à des observateurs indépendants de vérifier le bien-être de nos proches, et d'aider ceux qui souhaitent partir.",
    ),
];

/// What the seed did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeedReport {
    /// Whether the demo petition was created now (false: it existed).
    pub petition_created: bool,
}

/// Creates the demo petition (open, texts in English, Persian and French) unless present.
pub async fn seed(ctx: &AppContext) -> Result<SeedReport, AppError> {
    let txn = ctx.begin_write().await?;
    let exists = petition::Entity::find()
        .filter(petition::Column::Slug.eq(DEMO_SLUG))
        .one(&txn)
        .await?
        .is_some();
    if exists {
        return Ok(SeedReport {
            petition_created: false,
        });
    }
    let now = Utc::now();
    let p = petition::ActiveModel {
        slug: Set(DEMO_SLUG.to_owned()),
        state: Set(PetitionState::Open.as_str().to_owned()),
        goal: Set(Some(11_000)),
        created_at: Set(now),
        updated_at: Set(now),
        addressees: Set("The Prime Minister\nThe Minister of Foreign Affairs".to_owned()),
        collects_letters: Set(true),
        opens_at: Set(None),
        closes_at: Set(None),
        delivered_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (locale, title, summary, body) in TEXTS {
        petition_text::ActiveModel {
            petition_id: Set(p.id),
            locale: Set(locale.to_owned()),
            title: Set(title.to_owned()),
            summary: Set(summary.to_owned()),
            body: Set(body.to_owned()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        &ctx.crypto,
        NewEvent {
            actor: Actor::Cli,
            action: "demo.seed",
            subject: format!("petition:{}", p.id),
            details: serde_json::json!({ "slug": DEMO_SLUG }),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(SeedReport {
        petition_created: true,
    })
}
