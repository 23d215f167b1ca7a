//! The bundle's `README.txt`: what each file is and how to check it (the `/verify` page and
//! the command), in English, Persian and French, with the organisation's key fingerprint;
//! and the line of the book's colophon that points to `/verify`.

use crate::context::AppContext;
use crate::i18n::{Locale, TextArg};

/// The address of the public bundle check.
#[must_use]
pub fn verify_url(ctx: &AppContext) -> String {
    format!("{}/verify", ctx.config.public_url)
}

/// The read-me of an edition's bundle: the same text in each language, one after the
/// other. A function of the edition and the configuration only, so rebuilding an edition
/// gives the same bytes.
#[must_use]
pub fn text(ctx: &AppContext, slug: &str, edition: u32, organisation: &str) -> String {
    let url = verify_url(ctx);
    let fingerprint = peyvand_export::fingerprint(&ctx.signing_key.verifying_key());
    let edition = edition.to_string();
    let sections: Vec<String> = [Locale::En, Locale::Fa, Locale::Fr]
        .iter()
        .map(|l| {
            l.t_args(
                "bundle-readme",
                &[
                    ("edition", TextArg::Str(&edition)),
                    ("slug", TextArg::Str(slug)),
                    ("organisation", TextArg::Str(organisation)),
                    ("url", TextArg::Str(&url)),
                    ("fingerprint", TextArg::Str(&fingerprint)),
                ],
            )
        })
        .collect();
    let mut out = sections.join("\n\n----------------------------------------\n\n");
    out.push('\n');
    out
}

/// The colophon's paragraph pointing to the public bundle check, in `locale`.
#[must_use]
pub fn colophon(ctx: &AppContext, locale: Locale) -> String {
    locale.t_args(
        "book-verify-online",
        &[("url", TextArg::Str(&verify_url(ctx)))],
    )
}
