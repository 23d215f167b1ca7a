//! Staff login throttling: consecutive failures per email (by blind index, whether or not
//! the address has an account, so lockouts reveal nothing), with a lock that doubles from
//! one minute to at most an hour once the threshold is passed.

use crate::entities::login_throttle;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

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
    let doublings = u32::try_from(failures - threshold).unwrap_or(0).min(6);
    Some(Duration::minutes(1_i64 << doublings).min(Duration::hours(1)))
}

/// Records a failure for `key`; returns the failures so far.
pub async fn record_failure(
    db: &impl ConnectionTrait,
    key: &str,
    threshold: i32,
    now: DateTime<Utc>,
) -> Result<i32, sea_orm::DbErr> {
    let failures = login_throttle::Entity::find_by_id(key.to_owned())
        .one(db)
        .await?
        .map_or(0, |r| r.failures)
        .saturating_add(1);
    let row = login_throttle::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(failures),
        locked_until: Set(lock_for(failures, threshold).map(|d| now + d)),
        updated_at: Set(now),
    };
    login_throttle::Entity::insert(row)
        .on_conflict(
            OnConflict::column(login_throttle::Column::Key)
                .update_columns([
                    login_throttle::Column::Failures,
                    login_throttle::Column::LockedUntil,
                    login_throttle::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec(db)
        .await?;
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
