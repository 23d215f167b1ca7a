//! Staff login throttling: attempts per key (blind indexes of the email, and of the email
//! with the client's network, whether or not the address has an account, so lockouts
//! reveal nothing), counted before each check, with a lock that doubles from one minute to
//! at most an hour once the threshold is reached. A locked key counts nothing more, so
//! knocking on a locked door does not lengthen the lock. A device that completed a full
//! login carries a [`KnownDevice`] (in an encrypted, authenticated cookie) and is throttled
//! on its own key instead of the address's, so a guesser cannot lock the owner out.

use crate::entities::login_throttle;
use crate::ids::StaffId;
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

/// Takes the period of `key` until `until` if no period of it is running at `now`; whether
/// this call took it (an atomic, conditional update, so of two racing callers one wins).
/// Used to do something at most once per period (e.g. one alert per attacked address).
pub async fn claim_period(
    db: &impl ConnectionTrait,
    key: &str,
    until: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<bool, sea_orm::DbErr> {
    let row = login_throttle::ActiveModel {
        key: Set(key.to_owned()),
        failures: Set(0),
        locked_until: Set(None),
        updated_at: Set(now),
    };
    login_throttle::Entity::insert(row)
        .on_conflict_do_nothing()
        .exec(db)
        .await?;
    let taken = login_throttle::Entity::update_many()
        .col_expr(login_throttle::Column::LockedUntil, Expr::value(until))
        .col_expr(login_throttle::Column::UpdatedAt, Expr::value(now))
        .filter(login_throttle::Column::Key.eq(key))
        .filter(
            sea_orm::Condition::any()
                .add(login_throttle::Column::LockedUntil.is_null())
                .add(login_throttle::Column::LockedUntil.lte(now)),
        )
        .exec(db)
        .await?;
    Ok(taken.rows_affected == 1)
}

/// A browser that completed a full login (password and second factor) for one account:
/// what its device cookie holds. The cookie is encrypted and authenticated by the server,
/// so its content cannot be forged or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownDevice {
    /// The account that logged in on it.
    pub staff_id: StaffId,
    /// A random id of the device (its own throttle key is derived from it).
    pub id: String,
    /// When the cookie was issued.
    pub issued: DateTime<Utc>,
}

impl KnownDevice {
    /// A new device id for `staff_id`, issued `now`.
    ///
    /// # Errors
    /// The system's random source failed.
    pub fn new(staff_id: StaffId, now: DateTime<Utc>) -> Result<Self, crate::crypto::CryptoError> {
        Ok(Self {
            staff_id,
            id: crate::crypto::random_token()?,
            issued: now,
        })
    }

    /// The cookie value.
    #[must_use]
    pub fn encode(&self) -> String {
        format!("{}.{}.{}", self.staff_id, self.id, self.issued.timestamp())
    }

    /// Reads a cookie value; `None` if malformed.
    #[must_use]
    pub fn parse(value: &str) -> Option<Self> {
        let mut parts = value.split('.');
        let staff_id = parts.next()?.parse().ok()?;
        let id = parts.next()?;
        let issued = DateTime::from_timestamp(parts.next()?.parse().ok()?, 0)?;
        if parts.next().is_some() || id.is_empty() || id.len() > 64 {
            return None;
        }
        Some(Self {
            staff_id,
            id: id.to_owned(),
            issued,
        })
    }

    /// Whether the device is still recognised at `now` (cookies live `lifetime`).
    #[must_use]
    pub fn is_current(&self, lifetime: Duration, now: DateTime<Utc>) -> bool {
        self.issued <= now + Duration::minutes(5) && now < self.issued + lifetime
    }
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

    #[test]
    fn a_device_cookie_round_trips_and_expires() {
        let now = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let d = KnownDevice::new(StaffId(42), now).unwrap();
        assert_eq!(KnownDevice::parse(&d.encode()), Some(d.clone()));
        assert!(d.is_current(Duration::days(90), now + Duration::days(89)));
        assert!(!d.is_current(Duration::days(90), now + Duration::days(90)));
        for bad in [
            "",
            "42",
            "x.y.z",
            "42..1800000000",
            "42.a.1.2",
            "42.a.notatime",
        ] {
            assert_eq!(KnownDevice::parse(bad), None, "{bad}");
        }
    }
}
