//! Translations: the supported locales, Fluent lookups over `locales/<lang>/*.ftl` (compiled
//! into the binary), Accept-Language negotiation and the `{{t "key"}}` handlebars helper.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Names are wrapped in <bdi> by the templates instead of Unicode isolate marks,
        // which would leak into e-mail subjects and plain-text bodies.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static EN: LanguageIdentifier = langid!("en");
static FA: LanguageIdentifier = langid!("fa");
static FR: LanguageIdentifier = langid!("fr");

/// A language the portal speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    /// English.
    #[default]
    En,
    /// Persian (right to left).
    Fa,
    /// French.
    Fr,
}

/// Text direction of a locale's script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

impl Locale {
    /// Every supported locale, in the order the language menu lists them.
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Fa, Locale::Fr];

    /// The BCP 47 code (`en`, `fa`, `fr`).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fa => "fa",
            Locale::Fr => "fr",
        }
    }

    /// The language's own name for itself (for the language menu).
    #[must_use]
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fa => "فارسی",
            Locale::Fr => "Français",
        }
    }

    /// Writing direction.
    #[must_use]
    pub fn direction(self) -> Direction {
        match self {
            Locale::Fa => Direction::Rtl,
            Locale::En | Locale::Fr => Direction::Ltr,
        }
    }

    /// `"ltr"` or `"rtl"`, for the `dir` attribute.
    #[must_use]
    pub fn dir(self) -> &'static str {
        match self.direction() {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }

    /// Parses an exact locale code (`en`, `fa`, `fr`, case-insensitive; a region such as
    /// `fr-CA` or `fa_IR` is accepted and dropped). Anything else is `None`.
    #[must_use]
    pub fn parse(code: &str) -> Option<Self> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "fa" | "per" | "fas" => Some(Locale::Fa),
            "fr" => Some(Locale::Fr),
            _ => None,
        }
    }

    /// Picks the best supported locale from an `Accept-Language` header value, by quality;
    /// malformed entries are skipped. `None` when nothing matches.
    #[must_use]
    pub fn negotiate(accept_language: &str) -> Option<Self> {
        let mut best: Option<(f32, usize, Locale)> = None;
        for (pos, part) in accept_language.split(',').take(32).enumerate() {
            let mut pieces = part.split(';');
            let Some(locale) = pieces.next().and_then(Locale::parse) else {
                continue;
            };
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())
                .filter(|q| q.is_finite() && *q > 0.0 && *q <= 1.0);
            let Some(q) = q else { continue };
            // Highest quality wins; on a tie, the earlier entry.
            if best.is_none_or(|(bq, bpos, _)| q > bq || (q == bq && pos < bpos)) {
                best = Some((q, pos, locale));
            }
        }
        best.map(|(_, _, l)| l)
    }

    fn langid(self) -> &'static LanguageIdentifier {
        match self {
            Locale::En => &EN,
            Locale::Fa => &FA,
            Locale::Fr => &FR,
        }
    }

    /// The translation of `key`. A missing key yields the key itself wrapped in `⟦⟧`
    /// (tests assert no page contains that marker).
    #[must_use]
    pub fn t(self, key: &str) -> String {
        LOCALES
            .try_lookup(self.langid(), key)
            .unwrap_or_else(|| format!("⟦{key}⟧"))
    }

    /// The translation of `key`, or `None` when no file of this language defines it.
    #[must_use]
    pub fn try_t(self, key: &str) -> Option<String> {
        LOCALES.try_lookup(self.langid(), key)
    }

    /// The translation of `key` with named arguments.
    #[must_use]
    pub fn t_args(self, key: &str, args: &[(&str, TextArg<'_>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    TextArg::Str(s) => FluentValue::from(s.to_string()),
                    TextArg::Num(n) => FluentValue::from(*n),
                };
                (Cow::Owned((*k).to_owned()), value)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(self.langid(), key, &map)
            .unwrap_or_else(|| format!("⟦{key}⟧"))
    }
}

/// An argument to a translated message.
#[derive(Debug, Clone, Copy)]
pub enum TextArg<'a> {
    /// Text (a name, a title).
    Str(&'a str),
    /// A number (selects plural forms).
    Num(f64),
}

/// The message ids defined in the `.ftl` files of `locale`, read from the files compiled in.
#[must_use]
pub fn keys_in_files(locale: Locale) -> Vec<String> {
    use fluent_syntax::ast::Entry;
    use fluent_templates::fluent_bundle::FluentResource;
    let mut keys = Vec::new();
    for source in sources(locale) {
        let resource = match FluentResource::try_new((*source).to_owned()) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        for entry in resource.entries() {
            match entry {
                Entry::Message(m) => keys.push(m.id.name.to_owned()),
                Entry::Term(t) => keys.push(format!("-{}", t.id.name)),
                _ => {}
            }
        }
    }
    keys.sort();
    keys
}

/// Parse errors in a locale's files (empty when they all parse).
#[must_use]
pub fn parse_errors(locale: Locale) -> Vec<String> {
    use fluent_templates::fluent_bundle::FluentResource;
    sources(locale)
        .iter()
        .filter_map(|s| FluentResource::try_new((*s).to_owned()).err())
        .map(|(_, errs)| format!("{errs:?}"))
        .collect()
}

fn sources(locale: Locale) -> &'static [&'static str] {
    match locale {
        Locale::En => &[
            include_str!("../../locales/en/main.ftl"),
            include_str!("../../locales/en/staff.ftl"),
            include_str!("../../locales/en/petitions.ftl"),
            include_str!("../../locales/en/controls.ftl"),
            include_str!("../../locales/en/editions.ftl"),
            include_str!("../../locales/en/staff_contact.ftl"),
            include_str!("../../locales/en/contact.ftl"),
            include_str!("../../locales/en/consent.ftl"),
            include_str!("../../locales/en/paper.ftl"),
            include_str!("../../locales/en/workspace.ftl"),
            include_str!("../../locales/en/audit.ftl"),
            include_str!("../../locales/en/dates.ftl"),
            include_str!("../../locales/en/about.ftl"),
            include_str!("../../locales/en/progress.ftl"),
            include_str!("../../locales/en/scans.ftl"),
        ],
        Locale::Fa => &[
            include_str!("../../locales/fa/main.ftl"),
            include_str!("../../locales/fa/staff.ftl"),
            include_str!("../../locales/fa/petitions.ftl"),
            include_str!("../../locales/fa/controls.ftl"),
            include_str!("../../locales/fa/editions.ftl"),
            include_str!("../../locales/fa/staff_contact.ftl"),
            include_str!("../../locales/fa/contact.ftl"),
            include_str!("../../locales/fa/consent.ftl"),
            include_str!("../../locales/fa/paper.ftl"),
            include_str!("../../locales/fa/workspace.ftl"),
            include_str!("../../locales/fa/audit.ftl"),
            include_str!("../../locales/fa/dates.ftl"),
            include_str!("../../locales/fa/about.ftl"),
            include_str!("../../locales/fa/progress.ftl"),
            include_str!("../../locales/fa/scans.ftl"),
        ],
        Locale::Fr => &[
            include_str!("../../locales/fr/main.ftl"),
            include_str!("../../locales/fr/staff.ftl"),
            include_str!("../../locales/fr/petitions.ftl"),
            include_str!("../../locales/fr/controls.ftl"),
            include_str!("../../locales/fr/editions.ftl"),
            include_str!("../../locales/fr/staff_contact.ftl"),
            include_str!("../../locales/fr/contact.ftl"),
            include_str!("../../locales/fr/consent.ftl"),
            include_str!("../../locales/fr/paper.ftl"),
            include_str!("../../locales/fr/workspace.ftl"),
            include_str!("../../locales/fr/audit.ftl"),
            include_str!("../../locales/fr/dates.ftl"),
            include_str!("../../locales/fr/about.ftl"),
            include_str!("../../locales/fr/progress.ftl"),
            include_str!("../../locales/fr/scans.ftl"),
        ],
    }
}

pub mod calendar;
pub mod format;
pub mod helper;
pub mod numerals;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_exists_in_every_locale() {
        let en = keys_in_files(Locale::En);
        assert!(en.len() > 20);
        for l in Locale::ALL {
            assert!(parse_errors(l).is_empty(), "{l:?}: {:?}", parse_errors(l));
            let keys = keys_in_files(l);
            let missing: Vec<_> = en.iter().filter(|k| !keys.contains(k)).collect();
            let extra: Vec<_> = keys.iter().filter(|k| !en.contains(k)).collect();
            assert!(missing.is_empty(), "{l:?} lacks {missing:?}");
            assert!(extra.is_empty(), "{l:?} has keys English lacks: {extra:?}");
        }
    }

    #[test]
    fn lookups_use_the_right_language() {
        assert_eq!(Locale::En.t("lang-name"), "English");
        assert_eq!(Locale::Fa.t("lang-name"), "فارسی");
        assert_eq!(Locale::Fr.t("lang-name"), "Français");
        assert_eq!(Locale::En.t("no-such-key"), "⟦no-such-key⟧");
    }

    #[test]
    fn negotiation_follows_quality_and_ignores_junk() {
        assert_eq!(
            Locale::negotiate("fa-IR,fa;q=0.9,en;q=0.8"),
            Some(Locale::Fa)
        );
        assert_eq!(
            Locale::negotiate("de-DE, fr;q=0.5, en;q=0.7"),
            Some(Locale::En)
        );
        assert_eq!(Locale::negotiate("de, it"), None);
        assert_eq!(Locale::negotiate("en;q=abc, fr;q=0.1"), Some(Locale::Fr));
        assert_eq!(Locale::negotiate("fr;q=0, en;q=2"), None);
        assert_eq!(Locale::negotiate(""), None);
        assert_eq!(Locale::parse("FA_ir"), Some(Locale::Fa));
        assert_eq!(Locale::parse("xx"), None);
        assert_eq!(Locale::Fa.dir(), "rtl");
    }
}
