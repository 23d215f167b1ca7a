//! Content-free staff notifications, the table side: marking that something waits for a
//! staff member (a case assigned to them, a proposal they may decide, a requester who
//! wrote on their case), and their opt-out. The email itself ("Something is waiting for
//! you in the staff area") is sent by `services::staff::alerts`, at most once an hour per
//! person, so a busy day makes one email, not one per event.

use crate::domain::staff::account::{Role, roles_of};
use crate::entities::{staff, staff_alert};
use crate::ids::StaffId;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// At most one email per person in this period.
pub const PERIOD: Duration = Duration::hours(1);

/// Notes that something waits for each of `who` (from `now`, unless something already
/// waited). Opted-out members are skipped when the email goes out, not here, so turning
/// the email back on does not bring back old news.
pub async fn mark_waiting(
    db: &impl ConnectionTrait,
    who: &[StaffId],
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    for id in who {
        let existing = staff_alert::Entity::find_by_id(*id).one(db).await?;
        match existing {
            None => {
                staff_alert::ActiveModel {
                    staff_id: Set(*id),
                    opted_out: Set(false),
                    locale: Set("en".into()),
                    waiting_since: Set(Some(now)),
                    last_sent_at: Set(None),
                }
                .insert(db)
                .await?;
            }
            Some(row) if row.opted_out || row.waiting_since.is_some() => {}
            Some(_) => {
                staff_alert::Entity::update_many()
                    .col_expr(staff_alert::Column::WaitingSince, Expr::value(Some(now)))
                    .filter(staff_alert::Column::StaffId.eq(*id))
                    .filter(staff_alert::Column::WaitingSince.is_null())
                    .exec(db)
                    .await?;
            }
        }
    }
    Ok(())
}

/// Notes that something waits for every active member holding `role`, except `except`
/// (the proposer of a four-eyes proposal, the person it is about).
pub async fn mark_role_waiting(
    db: &impl ConnectionTrait,
    role: Role,
    except: &[StaffId],
    now: DateTime<Utc>,
) -> Result<(), sea_orm::DbErr> {
    let who: Vec<StaffId> = staff::Entity::find()
        .filter(staff::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .filter(|s| roles_of(s).contains(&role) && !except.contains(&s.id))
        .map(|s| s.id)
        .collect();
    mark_waiting(db, &who, now).await
}

/// A member's notification settings: whether they get the email, and in which language.
pub async fn settings(
    db: &impl ConnectionTrait,
    who: StaffId,
) -> Result<(bool, String), sea_orm::DbErr> {
    Ok(staff_alert::Entity::find_by_id(who)
        .one(db)
        .await?
        .map_or((true, "en".to_owned()), |r| (!r.opted_out, r.locale)))
}

/// Turns the email on or off for `who`, in `locale`. Turning it off also forgets what was
/// waiting.
pub async fn set(
    db: &impl ConnectionTrait,
    who: StaffId,
    wanted: bool,
    locale: &str,
) -> Result<(), sea_orm::DbErr> {
    match staff_alert::Entity::find_by_id(who).one(db).await? {
        None => {
            staff_alert::ActiveModel {
                staff_id: Set(who),
                opted_out: Set(!wanted),
                locale: Set(locale.to_owned()),
                waiting_since: Set(None),
                last_sent_at: Set(None),
            }
            .insert(db)
            .await?;
        }
        Some(row) => {
            let mut am: staff_alert::ActiveModel = row.into();
            am.opted_out = Set(!wanted);
            am.locale = Set(locale.to_owned());
            if !wanted {
                am.waiting_since = Set(None);
            }
            am.update(db).await?;
        }
    }
    Ok(())
}

/// The members the email is due for at `now`: something waits, they did not opt out, and
/// their last email is at least [`PERIOD`] old.
pub async fn due(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Vec<staff_alert::Model>, sea_orm::DbErr> {
    let rows = staff_alert::Entity::find()
        .filter(staff_alert::Column::WaitingSince.is_not_null())
        .filter(staff_alert::Column::OptedOut.eq(false))
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter(|r| r.last_sent_at.is_none_or(|t| now - t >= PERIOD))
        .collect())
}

/// Records that the email went out to `who` at `now` (only if it was still due: of two
/// instances sending at once, one wins). Returns whether this call claimed it.
pub async fn claim(
    db: &impl ConnectionTrait,
    who: StaffId,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let n = staff_alert::Entity::update_many()
        .col_expr(staff_alert::Column::LastSentAt, Expr::value(Some(now)))
        .col_expr(
            staff_alert::Column::WaitingSince,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(staff_alert::Column::StaffId.eq(who))
        .filter(staff_alert::Column::WaitingSince.is_not_null())
        .filter(staff_alert::Column::OptedOut.eq(false))
        .filter(
            sea_orm::Condition::any()
                .add(staff_alert::Column::LastSentAt.is_null())
                .add(staff_alert::Column::LastSentAt.lte(now - PERIOD)),
        )
        .exec(db)
        .await?
        .rows_affected;
    Ok(n == 1)
}
