//! The caseworkers' workspace: every case's stage (derived by
//! [`crate::domain::contact::stage`] from the requests, matches, pending proposals and
//! welfare texts, read with a handful of narrow queries), the home page of work by stage
//! (counts for the team and for me, oldest first, the proposals waiting for *me* as the
//! second pair of eyes, the unassigned queue), and the filtered, searchable case list.
//! Names are shown only where the viewer may read the case (see
//! [`super::assignment`]); every page records in the audit log the cases whose names it
//! showed.

use crate::context::AppContext;
use crate::domain::approval::{ApprovalKind, ApprovalStatus};
use crate::domain::audit::{AuditAction, NewEvent, Subject};
use crate::domain::contact::consent::{Channel, WelfareState};
use crate::domain::contact::match_flow::MatchState;
use crate::domain::contact::records::{self as c, RecordState, ReviewState, SoughtData, context};
use crate::domain::contact::stage::{self, CaseStage, MatchFacts};
use crate::entities::{approval, consent, contact_match, contact_request, sought_person, staff};
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::{ApprovalId, MatchId, RequestId, SoughtId, StaffId};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Items listed per stage on the home page.
pub const HOME_PER_STAGE: usize = 5;
/// Rows per page of the case list.
pub const LIST_PAGE: usize = 50;

/// One case at one stage: a request (to review, reviewed, closed) or one of its matches.
#[derive(Debug, Clone)]
pub struct Item {
    /// The stage.
    pub stage: CaseStage,
    /// The request.
    pub request_id: RequestId,
    /// The match, for match stages.
    pub match_id: Option<MatchId>,
    /// The time the stage is about: since when (filed, asked, waiting, proposed, closed)
    /// or, while cooling off, until when.
    pub at: DateTime<Utc>,
    /// The request's filing time (its age).
    pub filed: DateTime<Utc>,
    /// The request's assignee.
    pub assigned_to: Option<StaffId>,
    /// The requester's language.
    pub locale: String,
    /// Flagged as suspected hostile.
    pub hostile: bool,
}

/// A proposal waiting for a second caseworker.
#[derive(Debug, Clone, Serialize)]
pub struct Waiting {
    /// The proposal.
    pub id: ApprovalId,
    /// `contact-release` or `contact-confirm-consent` (message key suffix).
    pub kind: String,
    /// The match.
    pub match_id: MatchId,
    /// Who proposed it.
    pub proposed_by: String,
    /// Since (UTC).
    pub since: DateTime<Utc>,
}

type RequestRow = (
    RequestId,
    RecordState,
    ReviewState,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<StaffId>,
    String,
    bool,
);

type MatchRow = (
    MatchId,
    SoughtId,
    MatchState,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
);

/// Everything the stages are derived from, read once.
struct Snapshot {
    items: Vec<Item>,
    /// Pending contact proposals: (id, kind, match, proposer, created).
    pending: Vec<(ApprovalId, ApprovalKind, MatchId, StaffId, DateTime<Utc>)>,
}

async fn snapshot(ctx: &AppContext, now: DateTime<Utc>) -> Result<Snapshot, AppError> {
    use contact_request::Column as R;
    let requests: Vec<RequestRow> = contact_request::Entity::find()
        .select_only()
        .columns([
            R::Id,
            R::State,
            R::Review,
            R::CreatedAt,
            R::ClosedAt,
            R::AssignedTo,
            R::Locale,
            R::Hostile,
        ])
        .filter(R::State.ne(RecordState::Unverified))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    use contact_match::Column as M;
    let matches: Vec<MatchRow> = contact_match::Entity::find()
        .select_only()
        .columns([
            M::Id,
            M::SoughtPersonId,
            M::State,
            M::UpdatedAt,
            M::CoolingUntil,
            M::ClosedAt,
        ])
        .filter(M::State.ne(MatchState::Rejected))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let sought_ids: HashSet<SoughtId> = matches.iter().map(|m| m.1).collect();
    let sought_to_request: HashMap<SoughtId, RequestId> = if sought_ids.is_empty() {
        HashMap::new()
    } else {
        sought_person::Entity::find()
            .select_only()
            .columns([sought_person::Column::Id, sought_person::Column::RequestId])
            .filter(sought_person::Column::Id.is_in(sought_ids))
            .into_tuple::<(SoughtId, RequestId)>()
            .all(&ctx.db)
            .await?
            .into_iter()
            .collect()
    };
    let pending: Vec<(ApprovalId, ApprovalKind, MatchId, StaffId, DateTime<Utc>)> =
        approval::Entity::find()
            .filter(approval::Column::Status.eq(ApprovalStatus::Pending))
            .filter(approval::Column::ExpiresAt.gt(now))
            .filter(approval::Column::Kind.is_in([
                ApprovalKind::ReleaseConnection,
                ApprovalKind::ConfirmConsent,
            ]))
            .all(&ctx.db)
            .await?
            .into_iter()
            .filter_map(|a| {
                let m = a.subject.strip_prefix("match:")?.parse().ok()?;
                Some((a.id, a.kind, MatchId(m), a.proposed_by, a.created_at))
            })
            .collect();
    let welfare: HashMap<MatchId, DateTime<Utc>> = consent::Entity::find()
        .filter(consent::Column::WelfareState.eq(WelfareState::Pending))
        .filter(consent::Column::MatchId.is_not_null())
        .all(&ctx.db)
        .await?
        .into_iter()
        // Reviewable once given (a staff-recorded decline needs its approval first).
        .filter(|w| w.channel != Channel::Staff || w.approval_id.is_some())
        .filter_map(|w| Some((w.match_id?, w.given_at)))
        .collect();
    let by_request: HashMap<RequestId, &RequestRow> = requests.iter().map(|r| (r.0, r)).collect();
    let pending_at: HashMap<MatchId, DateTime<Utc>> =
        pending.iter().map(|(_, _, m, _, at)| (*m, *at)).collect();
    let mut items = Vec::with_capacity(requests.len());
    let mut with_open_match: HashSet<RequestId> = HashSet::new();
    for (id, sought, state, updated, cooling, closed) in &matches {
        let Some(request_id) = sought_to_request.get(sought) else {
            continue;
        };
        let Some(r) = by_request.get(request_id) else {
            continue;
        };
        if r.1 != RecordState::Active {
            // A closed request is one closed case, whatever its matches were.
            continue;
        }
        let facts = MatchFacts {
            state: *state,
            approval_pending: pending_at.contains_key(id),
            welfare_pending: welfare.contains_key(id),
        };
        let st = stage::match_stage(facts);
        if st != CaseStage::Closed {
            with_open_match.insert(*request_id);
        }
        let at = match st {
            CaseStage::CoolingOff => cooling.unwrap_or(*updated),
            CaseStage::AwaitingApproval => pending_at.get(id).copied().unwrap_or(*updated),
            CaseStage::WelfareReview => welfare.get(id).copied().unwrap_or(*updated),
            CaseStage::Closed => closed.unwrap_or(*updated),
            _ => *updated,
        };
        items.push(Item {
            stage: st,
            request_id: *request_id,
            match_id: Some(*id),
            at,
            filed: r.3,
            assigned_to: r.5,
            locale: r.6.clone(),
            hostile: r.7,
        });
    }
    for r in &requests {
        if r.1 == RecordState::Active && with_open_match.contains(&r.0) {
            continue;
        }
        let st = stage::request_stage(r.1, r.2);
        items.push(Item {
            stage: st,
            request_id: r.0,
            match_id: None,
            at: if st == CaseStage::Closed {
                r.4.unwrap_or(r.3)
            } else {
                r.3
            },
            filed: r.3,
            assigned_to: r.5,
            locale: r.6.clone(),
            hostile: r.7,
        });
    }
    // Oldest first; closed cases newest first (the recent ones matter).
    items.sort_by(|a, b| {
        let (x, y) = if a.stage == CaseStage::Closed {
            (b.at, a.at)
        } else {
            (a.at, b.at)
        };
        x.cmp(&y).then(a.request_id.cmp(&b.request_id))
    });
    Ok(Snapshot { items, pending })
}

/// One case as a page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The stage.
    pub stage: CaseStage,
    /// Its message key.
    pub stage_key: String,
    /// The request.
    pub request_id: RequestId,
    /// The match.
    pub match_id: Option<MatchId>,
    /// Since or until (UTC, minutes).
    pub at: DateTime<Utc>,
    /// Whether `at` is an "until" (cooling off).
    pub until: bool,
    /// Days since the request was filed.
    pub age_days: i64,
    /// The assignee's name.
    pub assignee: Option<String>,
    /// Assigned to the viewer.
    pub mine: bool,
    /// Language code.
    pub locale: String,
    /// Flagged.
    pub hostile: bool,
    /// The sought persons' names, when the viewer may read the case.
    pub names: Option<String>,
}

/// Who looks, for the names and "mine".
#[derive(Debug, Clone, Copy)]
pub struct Viewer {
    /// The staff member.
    pub id: StaffId,
}

async fn staff_names(ctx: &AppContext) -> Result<HashMap<StaffId, String>, AppError> {
    Ok(staff::Entity::find()
        .select_only()
        .columns([staff::Column::Id, staff::Column::DisplayName])
        .into_tuple::<(StaffId, String)>()
        .all(&ctx.db)
        .await?
        .into_iter()
        .collect())
}

/// Builds the rows of `items`, opening the names of the cases the viewer may read.
/// Returns them and the requests whose names were shown (for the audit).
async fn rows(
    ctx: &AppContext,
    viewer: Viewer,
    items: &[&Item],
    names: &HashMap<StaffId, String>,
    now: DateTime<Utc>,
) -> Result<(Vec<Row>, Vec<RequestId>), AppError> {
    let everyone = ctx.config.contact.everyone_sees_everything;
    let readable: Vec<RequestId> = items
        .iter()
        .filter(|i| everyone || i.assigned_to.is_none_or(|a| a == viewer.id))
        .map(|i| i.request_id)
        .collect();
    let mut sought: HashMap<RequestId, Vec<String>> = HashMap::new();
    if !readable.is_empty() {
        for s in sought_person::Entity::find()
            .filter(sought_person::Column::RequestId.is_in(readable.iter().copied()))
            .all(&ctx.db)
            .await?
        {
            let d: SoughtData = c::open(&ctx.crypto, context::SOUGHT, &s.data_enc)?;
            sought
                .entry(s.request_id)
                .or_default()
                .push(d.all_names().join(" / "));
        }
    }
    let mut shown: Vec<RequestId> = Vec::new();
    let out = items
        .iter()
        .map(|i| {
            let names_shown = sought.get(&i.request_id).map(|n| n.join("; "));
            if names_shown.is_some() && !shown.contains(&i.request_id) {
                shown.push(i.request_id);
            }
            Row {
                stage: i.stage,
                stage_key: i.stage.label_key(),
                request_id: i.request_id,
                match_id: i.match_id,
                at: i.at,
                until: i.stage == CaseStage::CoolingOff && i.at > now,
                age_days: (now - i.filed).num_days(),
                assignee: i
                    .assigned_to
                    .map(|a| names.get(&a).cloned().unwrap_or_default()),
                mine: i.assigned_to == Some(viewer.id),
                locale: i.locale.clone(),
                hostile: i.hostile,
                names: names_shown,
            }
        })
        .collect();
    Ok((out, shown))
}

/// One stage on the home page.
#[derive(Debug, Clone, Serialize)]
pub struct StageBlock {
    /// The stage.
    pub stage: CaseStage,
    /// Its message key.
    pub key: String,
    /// Cases at this stage (the team's).
    pub team: usize,
    /// Of which assigned to the viewer.
    pub mine: usize,
    /// The oldest (or, for closed, the newest) few.
    pub rows: Vec<Row>,
}

/// The caseworker home.
#[derive(Debug, Clone, Serialize)]
pub struct Home {
    /// Proposals a colleague made that the viewer may decide.
    pub waiting_for_me: Vec<Waiting>,
    /// Every stage, in a case's order.
    pub stages: Vec<StageBlock>,
    /// Open requests nobody is assigned to.
    pub unassigned: usize,
    /// The oldest of them.
    pub unassigned_rows: Vec<Row>,
    /// Only the viewer's cases are listed.
    pub mine_only: bool,
}

/// The caseworker home of `viewer` (only their cases when `mine_only`); the read is
/// audited with the cases whose names it shows.
///
/// # Errors
/// A database or decryption error.
pub async fn home(
    ctx: &AppContext,
    viewer: Viewer,
    mine_only: bool,
    now: DateTime<Utc>,
) -> Result<Home, AppError> {
    let snap = snapshot(ctx, now).await?;
    let names = staff_names(ctx).await?;
    let mut waiting_for_me: Vec<Waiting> = snap
        .pending
        .iter()
        .filter(|(_, _, _, by, _)| *by != viewer.id)
        .map(|(id, kind, m, by, at)| Waiting {
            id: *id,
            kind: kind.as_str().replace(['.', '_'], "-"),
            match_id: *m,
            proposed_by: names.get(by).cloned().unwrap_or_default(),
            since: *at,
        })
        .collect();
    waiting_for_me.sort_by_key(|w| w.since);
    let mut shown_items: Vec<&Item> = Vec::new();
    let mut blocks = Vec::new();
    for &st in CaseStage::ALL {
        let at_stage = snap.items.iter().filter(|i| i.stage == st);
        let team = at_stage.clone().count();
        let mine = at_stage
            .clone()
            .filter(|i| i.assigned_to == Some(viewer.id))
            .count();
        let listed: Vec<&Item> = at_stage
            .filter(|i| !mine_only || i.assigned_to == Some(viewer.id))
            .take(HOME_PER_STAGE)
            .collect();
        shown_items.extend(listed.iter().copied());
        blocks.push((st, team, mine, listed));
    }
    let open_unassigned: Vec<&Item> = snap
        .items
        .iter()
        .filter(|i| i.stage != CaseStage::Closed && i.assigned_to.is_none())
        .collect();
    let mut seen = HashSet::new();
    let unassigned_list: Vec<&Item> = open_unassigned
        .iter()
        .copied()
        .filter(|i| seen.insert(i.request_id))
        .take(HOME_PER_STAGE * 2)
        .collect();
    let unassigned = open_unassigned
        .iter()
        .map(|i| i.request_id)
        .collect::<HashSet<_>>()
        .len();
    let mut all_shown: Vec<&Item> = shown_items.clone();
    all_shown.extend(unassigned_list.iter().copied());
    let (all_rows, shown) = rows(ctx, viewer, &all_shown, &names, now).await?;
    let mut it = all_rows.into_iter();
    let stages = blocks
        .into_iter()
        .map(|(st, team, mine, listed)| StageBlock {
            stage: st,
            key: st.label_key(),
            team,
            mine,
            rows: it.by_ref().take(listed.len()).collect(),
        })
        .collect();
    let unassigned_rows = it.collect();
    crate::services::audit_log::record(
        ctx,
        NewEvent::staff(
            viewer.id,
            AuditAction::CaseWorkView,
            Subject::AllContact,
            serde_json::json!({ "names_shown": shown }),
        ),
    )
    .await?;
    Ok(Home {
        waiting_for_me,
        stages,
        unassigned,
        unassigned_rows,
        mine_only,
    })
}

/// Whose cases the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignee {
    /// The viewer's.
    Me,
    /// Nobody's (the unassigned queue).
    Nobody,
    /// This caseworker's.
    Staff(StaffId),
}

/// The hostile flag filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flag {
    /// Flagged as suspected hostile.
    Hostile,
    /// Not flagged.
    Clear,
}

/// What the case list is asked for: a case number, or a name in either script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// A request (or match) number.
    Number(i64),
    /// A name.
    Name(String),
}

/// The case list's filters, already checked.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// At this stage.
    pub stage: Option<CaseStage>,
    /// Assigned so.
    pub assignee: Option<Assignee>,
    /// Flagged so.
    pub flag: Option<Flag>,
    /// Filed at least this many days ago.
    pub min_age_days: Option<u32>,
    /// In this language.
    pub locale: Option<Locale>,
    /// A number or a name.
    pub query: Option<Query>,
    /// Page (from 0).
    pub page: usize,
}

/// A page of the case list.
#[derive(Debug, Clone, Serialize)]
pub struct CaseList {
    /// The rows.
    pub rows: Vec<Row>,
    /// Cases matching in all.
    pub total: usize,
    /// This page (from 0).
    pub page: usize,
    /// A next page exists.
    pub has_next: bool,
    /// The name search stopped after [`super::search::MAX_CHECKED`] candidates.
    pub more_unchecked: bool,
}

/// The filtered case list (oldest first); a name query goes through the blind-indexed
/// search. The read is audited with its filters (never the name searched for) and the
/// cases whose names it showed.
///
/// # Errors
/// A database or decryption error.
pub async fn list(
    ctx: &AppContext,
    viewer: Viewer,
    filter: &Filter,
    now: DateTime<Utc>,
) -> Result<CaseList, AppError> {
    let snap = snapshot(ctx, now).await?;
    let names = staff_names(ctx).await?;
    let (found, more_unchecked): (Option<Vec<RequestId>>, bool) = match &filter.query {
        None | Some(Query::Number(_)) => (None, false),
        Some(Query::Name(q)) => {
            let hits = super::search::by_name(ctx, q).await?;
            (Some(hits.ids), hits.more_unchecked)
        }
    };
    let rank: HashMap<RequestId, usize> = found
        .iter()
        .flatten()
        .enumerate()
        .map(|(i, id)| (*id, i))
        .collect();
    let mut matching: Vec<&Item> = snap
        .items
        .iter()
        .filter(|i| filter.stage.is_none_or(|s| i.stage == s))
        .filter(|i| match filter.assignee {
            None => true,
            Some(Assignee::Me) => i.assigned_to == Some(viewer.id),
            Some(Assignee::Nobody) => i.assigned_to.is_none(),
            Some(Assignee::Staff(s)) => i.assigned_to == Some(s),
        })
        .filter(|i| match filter.flag {
            None => true,
            Some(Flag::Hostile) => i.hostile,
            Some(Flag::Clear) => !i.hostile,
        })
        .filter(|i| {
            filter
                .min_age_days
                .is_none_or(|d| (now - i.filed).num_days() >= i64::from(d))
        })
        .filter(|i| filter.locale.is_none_or(|l| i.locale == l.code()))
        .filter(|i| match &filter.query {
            None => true,
            Some(Query::Number(n)) => i.request_id.0 == *n || i.match_id.is_some_and(|m| m.0 == *n),
            Some(Query::Name(_)) => rank.contains_key(&i.request_id),
        })
        .collect();
    if found.is_some() {
        matching.sort_by_key(|i| rank.get(&i.request_id).copied().unwrap_or(usize::MAX));
    }
    let total = matching.len();
    let page_items: Vec<&Item> = matching
        .into_iter()
        .skip(filter.page * LIST_PAGE)
        .take(LIST_PAGE)
        .collect();
    let (rows, shown) = rows(ctx, viewer, &page_items, &names, now).await?;
    crate::services::audit_log::record(
        ctx,
        NewEvent::staff(
            viewer.id,
            AuditAction::CaseSearch,
            Subject::AllContact,
            serde_json::json!({
                "stage": filter.stage,
                "assignee": filter.assignee.map(|a| match a {
                    Assignee::Me => "me".to_owned(),
                    Assignee::Nobody => "none".to_owned(),
                    Assignee::Staff(s) => s.to_string(),
                }),
                "flag": filter.flag.map(|f| f == Flag::Hostile),
                "min_age_days": filter.min_age_days,
                "locale": filter.locale.map(Locale::code),
                "query": filter.query.as_ref().map(|q| match q {
                    Query::Number(n) => format!("number {n}"),
                    Query::Name(_) => "name".to_owned(),
                }),
                "results": total,
                "names_shown": shown,
            }),
        ),
    )
    .await?;
    Ok(CaseList {
        rows,
        total,
        page: filter.page,
        has_next: (filter.page + 1) * LIST_PAGE < total,
        more_unchecked,
    })
}
