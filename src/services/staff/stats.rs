//! Statistics for the organisation (issue #15 item 8), by month (UTC): on the contact
//! side, requests, registrations, matches, consents, connections, declines and expiries,
//! and the median time from a request to each stage of its matches; on the petition side,
//! counted signatures by month and by country. Every count under [`THRESHOLD`] (but above
//! zero) is suppressed and shown as "fewer than 5", and a median over fewer than
//! [`THRESHOLD`] cases is not shown, so that no person can be singled out. Demo records
//! are left out. Counts only: nothing here reads personal data.

use crate::domain::audit::AuditAction;
use crate::domain::contact::consent::{Decision, Party};
use crate::domain::contact::match_flow::MatchState;
use crate::domain::petitions::signature::SignatureState;
use crate::entities::{
    audit_event, consent, contact_match, contact_request, registration, signature, sought_person,
};
use crate::error::AppError;
use crate::ids::{MatchId, PetitionId, RegistrationId, RequestId, SoughtId};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QuerySelect,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Counts below this (and above zero) are shown as "fewer than 5".
pub const THRESHOLD: u64 = 5;

/// The most months a table shows (the newest).
pub const MONTHS_SHOWN: usize = 36;

/// A count as it may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "n", rename_all = "snake_case")]
pub enum Count {
    /// The exact number (zero, or at least [`THRESHOLD`]).
    Exact(u64),
    /// Between one and [`THRESHOLD`] − 1: not shown.
    FewerThan,
}

impl Count {
    /// `n`, suppressed when it is small but not zero.
    #[must_use]
    pub fn of(n: u64) -> Self {
        if n > 0 && n < THRESHOLD {
            Count::FewerThan
        } else {
            Count::Exact(n)
        }
    }
}

/// A median as it may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", content = "days", rename_all = "snake_case")]
pub enum Median {
    /// The median, in days (one decimal).
    Days(f64),
    /// Fewer than [`THRESHOLD`] cases (none included).
    TooFew,
}

/// The median of `values` (days), or `TooFew` below the threshold.
#[must_use]
pub fn median(mut values: Vec<f64>) -> Median {
    if (values.len() as u64) < THRESHOLD {
        return Median::TooFew;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    let m = if values.len().is_multiple_of(2) {
        f64::midpoint(values[mid - 1], values[mid])
    } else {
        values[mid]
    };
    Median::Days((m * 10.0).round() / 10.0)
}

/// The stages a request's match goes through, for the medians.
pub const STAGES: [&str; 4] = ["matched", "asked", "agreed", "connected"];

/// One month of the contact side.
#[derive(Debug, Clone, Serialize)]
pub struct ContactMonth {
    /// `YYYY-MM` (UTC).
    pub month: String,
    /// Requests confirmed by their sender, by the month they were filed.
    pub requests: Count,
    /// Registrations confirmed, by the month they were filed.
    pub registrations: Count,
    /// Matches a caseworker confirmed.
    pub matches: Count,
    /// Consents given (either party agreeing).
    pub consents: Count,
    /// Connections released.
    pub connections: Count,
    /// Answers of "no" (or "never").
    pub declines: Count,
    /// Requests that expired.
    pub expiries: Count,
    /// Median days from the request to each of [`STAGES`], for the stages reached in this
    /// month.
    pub medians: Vec<Median>,
}

fn month(at: DateTime<Utc>) -> String {
    at.format("%Y-%m").to_string()
}

fn days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    #[expect(clippy::cast_precision_loss, reason = "seconds in a few years fit")]
    let secs = (to - from).num_seconds().max(0) as f64;
    secs / 86_400.0
}

/// Audit events of `actions` (time and subject), for the stages only the log dates.
async fn events(
    db: &impl ConnectionTrait,
    actions: &[AuditAction],
) -> Result<Vec<(DateTime<Utc>, String)>, AppError> {
    Ok(audit_event::Entity::find()
        .select_only()
        .column(audit_event::Column::At)
        .column(audit_event::Column::Subject)
        .filter(audit_event::Column::Action.is_in(actions.iter().map(|a| a.as_str())))
        .into_tuple()
        .all(db)
        .await?)
}

fn match_of(subject: &str) -> Option<MatchId> {
    subject.strip_prefix("match:")?.parse().ok().map(MatchId)
}

/// The contact side by month, newest first (at most [`MONTHS_SHOWN`] months).
///
/// # Errors
/// Database failures.
#[expect(
    clippy::too_many_lines,
    reason = "one pass per measure, each a few lines"
)]
pub async fn contact(db: &impl ConnectionTrait) -> Result<Vec<ContactMonth>, AppError> {
    #[derive(Default)]
    struct Tally {
        requests: u64,
        registrations: u64,
        matches: u64,
        consents: u64,
        connections: u64,
        declines: u64,
        expiries: u64,
        waits: [Vec<f64>; 4],
    }
    let mut months: BTreeMap<String, Tally> = BTreeMap::new();
    let requests: Vec<(RequestId, DateTime<Utc>, bool)> = contact_request::Entity::find()
        .select_only()
        .column(contact_request::Column::Id)
        .column(contact_request::Column::CreatedAt)
        .column(contact_request::Column::Demo)
        .filter(contact_request::Column::VerifiedAt.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    let mut filed: HashMap<RequestId, DateTime<Utc>> = HashMap::new();
    for (id, at, demo) in requests {
        if demo {
            continue;
        }
        filed.insert(id, at);
        months.entry(month(at)).or_default().requests += 1;
    }
    let registrations: Vec<(RegistrationId, DateTime<Utc>, bool)> = registration::Entity::find()
        .select_only()
        .column(registration::Column::Id)
        .column(registration::Column::CreatedAt)
        .column(registration::Column::Demo)
        .filter(registration::Column::VerifiedAt.is_not_null())
        .into_tuple()
        .all(db)
        .await?;
    for (_, at, demo) in &registrations {
        if !demo {
            months.entry(month(*at)).or_default().registrations += 1;
        }
    }
    let sought: HashMap<SoughtId, RequestId> = sought_person::Entity::find()
        .select_only()
        .column(sought_person::Column::Id)
        .column(sought_person::Column::RequestId)
        .into_tuple::<(SoughtId, RequestId)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let matches: Vec<(MatchId, SoughtId, DateTime<Utc>, MatchState)> =
        contact_match::Entity::find()
            .select_only()
            .column(contact_match::Column::Id)
            .column(contact_match::Column::SoughtPersonId)
            .column(contact_match::Column::CreatedAt)
            .column(contact_match::Column::State)
            .into_tuple()
            .all(db)
            .await?;
    // A match counts when its request does (a real, confirmed one) and it was not ruled out.
    let mut request_of: HashMap<MatchId, DateTime<Utc>> = HashMap::new();
    for (id, s, at, state) in matches {
        let Some(filed_at) = sought.get(&s).and_then(|r| filed.get(r)) else {
            continue;
        };
        if state == MatchState::Rejected || state == MatchState::Proposed {
            continue;
        }
        request_of.insert(id, *filed_at);
        let t = months.entry(month(at)).or_default();
        t.matches += 1;
        t.waits[0].push(days_between(*filed_at, at));
    }
    type ConsentRow = (RequestId, Option<MatchId>, Party, Decision, DateTime<Utc>);
    let consents: Vec<ConsentRow> = consent::Entity::find()
        .select_only()
        .column(consent::Column::RequestId)
        .column(consent::Column::MatchId)
        .column(consent::Column::Party)
        .column(consent::Column::Decision)
        .column(consent::Column::GivenAt)
        .into_tuple()
        .all(db)
        .await?;
    for (request, m, party, decision, at) in consents {
        let Some(filed_at) = filed.get(&request) else {
            continue;
        };
        let t = months.entry(month(at)).or_default();
        match decision {
            Decision::Accept => {
                t.consents += 1;
                if party == Party::Sought && m.is_some() {
                    t.waits[2].push(days_between(*filed_at, at));
                }
            }
            Decision::Decline | Decision::Never => t.declines += 1,
        }
    }
    for (stage, action) in [
        (1usize, AuditAction::MatchAsk),
        (3, AuditAction::MatchRelease),
    ] {
        let mut seen: HashSet<MatchId> = HashSet::new();
        for (at, subject) in events(db, &[action]).await? {
            let Some(m) = match_of(&subject) else {
                continue;
            };
            let Some(filed_at) = request_of.get(&m) else {
                continue;
            };
            if !seen.insert(m) {
                continue;
            }
            let t = months.entry(month(at)).or_default();
            t.waits[stage].push(days_between(*filed_at, at));
            if stage == 3 {
                t.connections += 1;
            }
        }
    }
    for (at, subject) in events(db, &[AuditAction::ContactRequestExpire]).await? {
        let real = subject
            .strip_prefix("contact_request:")
            .and_then(|n| n.parse().ok())
            .is_some_and(|n| filed.contains_key(&RequestId(n)));
        if real {
            months.entry(month(at)).or_default().expiries += 1;
        }
    }
    Ok(months
        .into_iter()
        .rev()
        .take(MONTHS_SHOWN)
        .map(|(month, t)| ContactMonth {
            month,
            requests: Count::of(t.requests),
            registrations: Count::of(t.registrations),
            matches: Count::of(t.matches),
            consents: Count::of(t.consents),
            connections: Count::of(t.connections),
            declines: Count::of(t.declines),
            expiries: Count::of(t.expiries),
            medians: t.waits.into_iter().map(median).collect(),
        })
        .collect())
}

/// The petition side: counted signatures by month and by country.
#[derive(Debug, Clone, Serialize)]
pub struct PetitionStats {
    /// By the month they were confirmed, newest first.
    pub by_month: Vec<(String, Count)>,
    /// By country code, largest first (suppressed counts last).
    pub by_country: Vec<(String, Count)>,
    /// All of them.
    pub total: Count,
}

/// Counted signatures (verified, not shadow-banned) of `petition` (or of every petition),
/// by month of confirmation and by country, each small count suppressed.
///
/// # Errors
/// Database failures.
pub async fn petitions(
    db: &impl ConnectionTrait,
    petition: Option<PetitionId>,
) -> Result<PetitionStats, AppError> {
    let month_expr = match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            Expr::cust("to_char(\"verified_at\" AT TIME ZONE 'UTC', 'YYYY-MM')")
        }
        _ => Expr::cust("substr(\"verified_at\", 1, 7)"),
    };
    let counted = || {
        let q = signature::Entity::find()
            .filter(signature::Column::State.eq(SignatureState::Verified))
            .filter(signature::Column::Shadow.eq(false))
            .filter(signature::Column::VerifiedAt.is_not_null());
        match petition {
            Some(p) => q.filter(signature::Column::PetitionId.eq(p)),
            None => q,
        }
    };
    let months: Vec<(String, i64)> = counted()
        .select_only()
        .column_as(month_expr.clone(), "m")
        .column_as(signature::Column::Id.count(), "n")
        .group_by(month_expr)
        .into_tuple()
        .all(db)
        .await?;
    let countries: Vec<(String, i64)> = counted()
        .select_only()
        .column(signature::Column::Country)
        .column_as(signature::Column::Id.count(), "n")
        .group_by(signature::Column::Country)
        .into_tuple()
        .all(db)
        .await?;
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    let total: u64 = countries.iter().map(|(_, c)| n(*c)).sum();
    let mut by_month: Vec<(String, Count)> = months
        .into_iter()
        .map(|(m, c)| (m, Count::of(n(c))))
        .collect();
    by_month.sort_by(|a, b| b.0.cmp(&a.0));
    by_month.truncate(MONTHS_SHOWN);
    let mut by_country: Vec<(String, u64)> =
        countries.into_iter().map(|(c, v)| (c, n(v))).collect();
    by_country.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(PetitionStats {
        by_month,
        by_country: by_country
            .into_iter()
            .map(|(c, v)| (c, Count::of(v)))
            .collect(),
        total: Count::of(total),
    })
}

/// The petitions to choose from (id and address name), newest first.
///
/// # Errors
/// Database failures.
pub async fn petition_choices(
    db: &impl ConnectionTrait,
) -> Result<Vec<(PetitionId, String)>, AppError> {
    use sea_orm::QueryOrder;
    Ok(crate::entities::petition::Entity::find()
        .select_only()
        .column(crate::entities::petition::Column::Id)
        .column(crate::entities::petition::Column::Slug)
        .order_by_desc(crate::entities::petition::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_and_medians_over_few_cases_are_not_shown() {
        assert_eq!(Count::of(0), Count::Exact(0));
        for n in 1..5 {
            assert_eq!(Count::of(n), Count::FewerThan);
        }
        assert_eq!(Count::of(5), Count::Exact(5));
        assert_eq!(median(vec![1.0, 2.0, 3.0, 4.0]), Median::TooFew);
        assert_eq!(median(vec![5.0, 1.0, 3.0, 2.0, 4.0]), Median::Days(3.0));
        assert_eq!(
            median(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
            Median::Days(3.5)
        );
    }
}
