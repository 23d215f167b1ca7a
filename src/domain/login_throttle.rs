//! Staff login throttling: attempts per key (blind indexes of the email, and of the email
//! with the client's network, whether or not the address has an account, so lockouts
//! reveal nothing), counted before each check, with a lock that doubles from one minute to
//! at most an hour once the threshold is reached. A locked key counts nothing more, so
//! knocking on a locked door does not lengthen the lock.

use crate::entities::login_throttle;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// Whether attempts for `key` are locked at `now`.
pub async fn is_locked(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    Ok(login_throttle::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .and_then(|row| row.locked_until)
        .is_some_and(|until| now < until))
}

/// The lock after `failures` consecutive failures with `threshold` allowed.
#[must_use]
pub fn lock_for(failures: i32, threshold: i32) -> Option<Duration> {
    if failures < threshold {
        return None;
    }
    let doublings = Ord::min(u32::try_from(failures - threshold).unwrap_or(0), 6);
    Some(Duration::minutes(1_i64 << doublings).min(Duration::hours(1)))
}

/// Counts an attempt for `key` *before* it is checked (an atomic increment, so parallel
/// requests cannot lose counts) and starts the lock when the count reaches `threshold`.
/// A successful attempt then calls [`reset`]. Returns the count.
pub async fn count_attempt(
    db: &impl ConnectionTrait,
    key: &str,
    threshold: i32,
    now: DateTime<Utc>,
) -> Result<i32, sea_orm::DbErr> {
    let row = login_throttle::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(1),
        locked_until: Set(None),
        updated_at: Set(now),
    };
    login_throttle::Entity::insert(row)
        .on_conflict(
            OnConflict::column(login_throttle::Column::Key)
                .value(
                    login_throttle::Column::Failures,
                    Expr::col((login_throttle::Entity, login_throttle::Column::Failures)).add(1),
                )
                .update_column(login_throttle::Column::UpdatedAt)
                .to_owned(),
        )
        .exec(db)
        .await?;
    let failures = login_throttle::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .map_or(1, |r| r.failures);
    if let Some(lock) = lock_for(failures, threshold) {
        login_throttle::Entity::update_many()
            .col_expr(login_throttle::Column::LockedUntil, Expr::value(now + lock))
            .filter(login_throttle::Column::Key.eq(key))
            .exec(db)
            .await?;
    }
    Ok(failures)
}

/// Forgets the failures of `key` (after a successful login).
pub async fn reset(db: &impl ConnectionTrait, key: &str) -> Result<(), sea_orm::DbErr> {
    login_throttle::Entity::delete_by_id(key.to_owned())
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lock_grows_and_is_capped() {
        assert_eq!(lock_for(4, 5), None);
        assert_eq!(lock_for(5, 5), Some(Duration::minutes(1)));
        assert_eq!(lock_for(6, 5), Some(Duration::minutes(2)));
        assert_eq!(lock_for(8, 5), Some(Duration::minutes(8)));
        assert_eq!(lock_for(50, 5), Some(Duration::hours(1)));
    }
}
