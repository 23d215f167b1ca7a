//! Right after signing (issue #14): what the "check your inbox" page may show — the address
//! the email went to, masked — and "send it again", which takes the same submission once
//! more. Kept in memory only, for half an hour, under a hash of the browser's CSRF token
//! (a per-browser secret already in an encrypted cookie), so the signing answer itself —
//! status, headers, body — stays the same bytes for everyone (rule 4): no new cookie, no
//! token in the redirect. Another instance, or a restart, simply shows the page without
//! the address.

use super::signing::{SignInput, sign};
use crate::context::AppContext;
use crate::crypto::sha256_hex;
use crate::domain::people::email::masked;
use crate::entities::petition;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::PetitionId;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How long "send it again" works after signing.
const KEPT: Duration = Duration::from_secs(30 * 60);
/// Most submissions kept at once (the oldest go first).
const MOST: usize = 10_000;
/// How many times one submission may be sent again.
pub const AGAIN_LIMIT: u32 = 3;

struct Kept {
    petition: PetitionId,
    title: String,
    input: SignInput,
    locale: Locale,
    at: Instant,
    sent_again: u32,
}

/// The last signing submission of each browser, for a while (runtime state).
#[derive(Default)]
pub struct LastSigned {
    kept: Mutex<HashMap<String, Kept>>,
}

impl std::fmt::Debug for LastSigned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LastSigned")
    }
}

fn key(browser: &str) -> String {
    sha256_hex(format!("sign.again:{browser}").as_bytes())
}

/// Keeps `input` for the browser whose CSRF token is `browser` (an empty token keeps
/// nothing).
pub fn remember(
    ctx: &AppContext,
    browser: &str,
    petition: PetitionId,
    title: &str,
    input: &SignInput,
    locale: Locale,
) {
    if browser.is_empty() {
        return;
    }
    let Ok(mut kept) = ctx.runtime::<LastSigned>().kept.lock() else {
        return;
    };
    kept.retain(|_, k| k.at.elapsed() < KEPT);
    if kept.len() >= MOST {
        return;
    }
    kept.insert(
        key(browser),
        Kept {
            petition,
            title: title.to_owned(),
            input: input.clone(),
            locale,
            at: Instant::now(),
            sent_again: 0,
        },
    );
}

/// The masked address this browser last signed `petition` with (`m•••@gmail.com`).
#[must_use]
pub fn sent_to(ctx: &AppContext, browser: &str, petition: PetitionId) -> Option<String> {
    let kept = ctx.runtime::<LastSigned>().kept.lock().ok()?;
    kept.get(&key(browser))
        .filter(|k| k.petition == petition && k.at.elapsed() < KEPT)
        .map(|k| masked(&k.input.email.address))
}

/// "Send it again": takes this browser's last submission on `p` once more (a new
/// confirmation link for a pending signature, the "already signed" note for a confirmed
/// one — one email, as signing always sends). Nothing kept, too many times, or the
/// petition closed: nothing happens. The caller answers the same in every case.
///
/// # Errors
/// Storage faults while taking the submission.
pub async fn send_again(
    ctx: &AppContext,
    browser: &str,
    p: &petition::Model,
    ip: IpAddr,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let again = {
        let Ok(mut kept) = ctx.runtime::<LastSigned>().kept.lock() else {
            return Ok(());
        };
        match kept.get_mut(&key(browser)) {
            Some(k)
                if k.petition == p.id && k.at.elapsed() < KEPT && k.sent_again < AGAIN_LIMIT =>
            {
                k.sent_again += 1;
                Some((k.title.clone(), k.input.clone(), k.locale))
            }
            _ => None,
        }
    };
    if let Some((title, input, locale)) = again {
        // Closed meanwhile: nothing to send.
        let _ = sign(ctx, p, &title, input, ip, locale, now).await?;
    }
    Ok(())
}
