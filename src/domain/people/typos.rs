//! Likely typos in an email address's domain ("did you mean …?"), decided offline: a
//! domain without a dot, a known provider's top-level domain mistyped (`gmail.con`), or a
//! domain one or two edits (a swap counts as one) from a common provider's (`gmial.com`).
//! No network lookups: a domain we do not know is never questioned.

/// Common providers of the portal's users (Iran, the diaspora, everywhere).
const PROVIDERS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.fr",
    "yahoo.co.uk",
    "ymail.com",
    "hotmail.com",
    "hotmail.fr",
    "hotmail.co.uk",
    "outlook.com",
    "outlook.fr",
    "live.com",
    "live.fr",
    "msn.com",
    "icloud.com",
    "me.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "t-online.de",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "sfr.fr",
    "wanadoo.fr",
    "mail.ru",
    "yandex.com",
    "yandex.ru",
    "chmail.ir",
    "yahoo.de",
    "yahoo.ca",
    "mail.com",
    "email.com",
    "gmx.com",
    "gmx.at",
    "hotmail.de",
    "outlook.de",
    "live.de",
    "posteo.de",
];

/// Top-level domains of the providers, with their usual slips.
const TLD_SLIPS: &[(&str, &str)] = &[
    ("con", "com"),
    ("cmo", "com"),
    ("ocm", "com"),
    ("vom", "com"),
    ("xom", "com"),
    ("comm", "com"),
    ("co", "com"),
    ("om", "com"),
    ("cm", "com"),
    ("nte", "net"),
    ("ner", "net"),
    ("fe", "fr"),
];

/// What is likely wrong with an address's domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Suspicion {
    /// The domain has no dot (`gmail`): perhaps this provider was meant.
    NoDot(Option<String>),
    /// Close to a common provider's domain: this one.
    Provider(String),
}

impl Suspicion {
    /// The address with the suggested domain, if there is one.
    #[must_use]
    pub fn suggestion(&self, local: &str) -> Option<String> {
        match self {
            Self::NoDot(Some(d)) | Self::Provider(d) => Some(format!("{local}@{d}")),
            Self::NoDot(None) => None,
        }
    }
}

/// The nearest provider within two edits of `domain` (not `domain` itself).
fn nearest(domain: &str) -> Option<&'static str> {
    PROVIDERS
        .iter()
        .map(|p| (strsim::osa_distance(domain, p), *p))
        .filter(|(d, _)| *d > 0 && *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, p)| p)
}

/// Whether `domain` (lower case, as checked by `email::parse`) looks mistyped, and how.
#[must_use]
pub fn check_domain(domain: &str) -> Option<Suspicion> {
    if PROVIDERS.contains(&domain) {
        return None;
    }
    if !domain.contains('.') {
        let guess = PROVIDERS
            .iter()
            .find(|p| p.split('.').next() == Some(domain))
            .map(|p| (*p).to_owned());
        return Some(Suspicion::NoDot(guess));
    }
    if let Some((name, tld)) = domain.rsplit_once('.')
        && let Some((_, right)) = TLD_SLIPS.iter().find(|(slip, _)| *slip == tld)
    {
        let fixed = format!("{name}.{right}");
        if PROVIDERS.contains(&fixed.as_str()) {
            return Some(Suspicion::Provider(fixed));
        }
    }
    // Short domains are too close to each other to guess between.
    if domain.len() < 7 {
        return None;
    }
    nearest(domain).map(|p| Suspicion::Provider(p.to_owned()))
}

/// The address `local@domain` would likely have been, if its domain looks mistyped.
#[must_use]
pub fn suggest(address: &str) -> Option<Suspicion> {
    let (_, domain) = address.rsplit_once('@')?;
    check_domain(domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggested(address: &str) -> Option<String> {
        let local = address.split('@').next().unwrap();
        suggest(address).and_then(|s| s.suggestion(local))
    }

    #[test]
    fn common_slips_get_a_suggestion() {
        assert_eq!(suggested("m@gmail.con").as_deref(), Some("m@gmail.com"));
        assert_eq!(suggested("m@gmial.com").as_deref(), Some("m@gmail.com"));
        assert_eq!(suggested("m@gmal.com").as_deref(), Some("m@gmail.com"));
        assert_eq!(suggested("m@hotmial.com").as_deref(), Some("m@hotmail.com"));
        assert_eq!(suggested("m@yahooo.com").as_deref(), Some("m@yahoo.com"));
        assert_eq!(suggested("m@outlook.co").as_deref(), Some("m@outlook.com"));
        assert_eq!(suggested("m@gmail").as_deref(), Some("m@gmail.com"));
        assert_eq!(
            suggest("m@localhost"),
            Some(Suspicion::NoDot(None)),
            "no dot, no guess"
        );
    }

    #[test]
    fn right_and_unknown_domains_are_left_alone() {
        for ok in [
            "m@gmail.com",
            "m@example.org",
            "m@uni-koeln.de",
            "m@posteo.de",
            "m@chmail.ir",
            "m@mail.com",
        ] {
            assert_eq!(suggest(ok), None, "{ok}");
        }
    }
}
