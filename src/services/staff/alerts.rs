//! Content-free staff notifications, the sending side: once a minute (the server's job),
//! every staff member for whom something waits, who did not opt out and who had no such
//! email in the last hour, gets one email through the outbox whose whole content is
//! "Something is waiting for you in the staff area" and the staff area's address. It
//! names no case, person or action. The opt-out is on the member's own settings page.

use crate::context::AppContext;
use crate::domain::staff::alert;
use crate::entities::staff;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::StaffId;
use crate::mail::{EmailTemplate, outbox};
use chrono::{DateTime, Utc};
use sea_orm::EntityTrait;
use serde::Serialize;

/// "Something is waiting for you in the staff area", with the staff area's address.
#[derive(Debug, Serialize)]
pub struct WaitingEmail {
    /// The staff area.
    pub link: String,
}

impl EmailTemplate for WaitingEmail {
    const NAME: &'static str = "staff_waiting";
}

/// Queues the email for everyone it is due for; returns how many were queued.
///
/// # Errors
/// A database, decryption or template error.
pub async fn send_due(ctx: &AppContext, now: DateTime<Utc>) -> Result<u32, AppError> {
    let due = alert::due(&ctx.db, now).await?;
    let mut sent = 0;
    for row in due {
        let Some(account) = staff::Entity::find_by_id(row.staff_id).one(&ctx.db).await? else {
            continue;
        };
        let txn = ctx.begin_write().await?;
        if !alert::claim(&*txn, row.staff_id, now).await? {
            continue;
        }
        // A disabled account hears nothing (what waited is dropped with the claim).
        if account.active {
            let to = crate::services::staff::accounts::email_of(ctx, &account)?;
            let locale = Locale::parse(&row.locale).unwrap_or_default();
            let email = WaitingEmail {
                link: format!("{}/staff", ctx.config.public_url),
            };
            outbox::enqueue(&*txn, ctx.outbox(), &to, locale, &email).await?;
            sent += 1;
        }
        txn.commit().await?;
    }
    if sent > 0 {
        ctx.outbox_wakeup.notify_one();
    }
    Ok(sent)
}

/// A member's settings: whether they get the email.
///
/// # Errors
/// A database error.
pub async fn wants_email(ctx: &AppContext, who: StaffId) -> Result<bool, AppError> {
    Ok(alert::settings(&ctx.db, who).await?.0)
}

/// Saves a member's choice (and the language of the email: the page's).
///
/// # Errors
/// A database error.
pub async fn set_wants_email(
    ctx: &AppContext,
    who: StaffId,
    wanted: bool,
    locale: Locale,
) -> Result<(), AppError> {
    let txn = ctx.begin_write().await?;
    alert::set(&*txn, who, wanted, locale.code()).await?;
    crate::services::audit_log::append(
        &txn,
        ctx,
        crate::domain::audit::Actor::Staff(who),
        crate::domain::audit::AuditAction::StaffAlertsSet,
        crate::domain::audit::Subject::Staff(who),
        serde_json::json!({ "email": wanted }),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
