//! The candidate index: the matcher's index over active registrations (real and demo
//! kept apart), cached for a minute and dropped whenever a registration changes, and the
//! one-person check that a verified match is still admitted by the registration's rules.

use crate::cache::TtlCache;
use crate::context::AppContext;
use crate::domain::contact::records::{
    self as c, RecordState, RegistrationData, RegistrationRules, RequesterData, SoughtData, context,
};
use crate::entities::{contact_request, registration, sought_person};
use crate::error::AppError;
use peyvand_matching::Index;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use std::sync::Arc;

/// How long the candidate index is reused before it is built again.
pub const INDEX_TTL: std::time::Duration = std::time::Duration::from_secs(60);

/// The candidate indexes over active registrations: one of real registrations (`false`)
/// and one of demo registrations (`true`).
pub type IndexCache = TtlCache<bool, Arc<Index>>;

/// The candidate index over active registrations that are demo records or not, as `demo`
/// says (from memory when fresh): a real request is only ever matched with real
/// registrations, a demo request (`peyvand demo seed`) with demo ones. Vetoes are part of
/// each person, so candidate generation applies them.
///
/// # Errors
/// A database or decryption error.
pub async fn index(ctx: &AppContext, demo: bool) -> Result<Arc<Index>, AppError> {
    if let Some(i) = ctx.runtime::<IndexCache>().get(&demo) {
        return Ok(i);
    }
    let rows = registration::Entity::find()
        .filter(registration::Column::State.eq(RecordState::Active))
        .filter(registration::Column::Demo.eq(demo))
        .all(&ctx.db)
        .await?;
    let mut people = Vec::with_capacity(rows.len());
    for r in rows {
        let data: RegistrationData = c::open(&ctx.crypto, context::REGISTRATION, &r.data_enc)?;
        let rules: RegistrationRules = c::open(&ctx.crypto, context::RULES, &r.rules_enc)?;
        people.push(c::person(r.id, r.openness, &data, &rules));
    }
    let built = Arc::new(
        tokio::task::spawn_blocking(move || Index::build(people))
            .await
            .map_err(|e| AppError::Internal(format!("index build: {e}")))?,
    );
    ctx.runtime::<IndexCache>().put(demo, built.clone());
    Ok(built)
}

/// Drops the cached index (after a registration changes).
pub fn forget_index(ctx: &AppContext) {
    ctx.runtime::<IndexCache>().clear();
}

/// Whether `registration` would still be offered for sought person `sought` of `request`
/// now: active, demo exactly when the request is, and its rules as they stand in its row (not in the cached index) still
/// admitting this requester. A match is verified once; a rule added afterwards ("never
/// from this person" answered on another request, a block) must still stop the person
/// being asked.
pub fn still_a_candidate(
    ctx: &AppContext,
    request: &contact_request::Model,
    sought: &sought_person::Model,
    registration: &registration::Model,
) -> Result<bool, AppError> {
    if registration.state != RecordState::Active || registration.demo != request.demo {
        return Ok(false);
    }
    let requester: RequesterData =
        c::open(&ctx.crypto, context::REQUESTER, &request.requester_enc)?;
    let data: SoughtData = c::open(&ctx.crypto, context::SOUGHT, &sought.data_enc)?;
    let reg: RegistrationData =
        c::open(&ctx.crypto, context::REGISTRATION, &registration.data_enc)?;
    let rules: RegistrationRules = c::open(&ctx.crypto, context::RULES, &registration.rules_enc)?;
    let index = Index::build(vec![c::person(
        registration.id,
        registration.openness,
        &reg,
        &rules,
    )]);
    let q = c::query(
        &data,
        &requester.name,
        request.relationship.as_str(),
        &request.email_index,
    );
    Ok(!index.candidates(&q, 1).is_empty())
}

/// Whether `registration`'s rules, as they stand in its row, still let the requester of
/// `request` through for sought person `sought` (the vetoes alone: names are not compared).
/// Used to close the open matches a rule changed in place now excludes.
///
/// # Errors
/// A decryption error.
pub fn rules_admit(
    ctx: &AppContext,
    request: &contact_request::Model,
    sought: &sought_person::Model,
    registration: &registration::Model,
) -> Result<bool, AppError> {
    let requester: RequesterData =
        c::open(&ctx.crypto, context::REQUESTER, &request.requester_enc)?;
    let data: SoughtData = c::open(&ctx.crypto, context::SOUGHT, &sought.data_enc)?;
    let reg: RegistrationData =
        c::open(&ctx.crypto, context::REGISTRATION, &registration.data_enc)?;
    let rules: RegistrationRules = c::open(&ctx.crypto, context::RULES, &registration.rules_enc)?;
    let person = c::person(registration.id, registration.openness, &reg, &rules);
    let q = c::query(
        &data,
        &requester.name,
        request.relationship.as_str(),
        &request.email_index,
    );
    Ok(person.vetoes.admit(&q))
}
