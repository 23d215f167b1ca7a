//! The staff password policy: length 12–256 characters, no control characters, not on a
//! list of breached passwords, not built from the account's own address or name or the
//! service's name, and not guessable by pattern (repeats, sequences, keyboard rows,
//! dictionary words), as judged by zxcvbn. No composition rules (NIST SP 800-63B).

use std::io::Read;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// Shortest accepted password, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest accepted password, in characters (argon2 accepts more; forms should not).
pub const MAX_PASSWORD_CHARS: usize = 256;
/// The lowest zxcvbn score accepted: 3, "more than 10^8 guesses" (up to 10^10).
const MIN_SCORE: zxcvbn::Score = zxcvbn::Score::Three;
/// How much of a password zxcvbn looks at: its time grows steeply with length (a
/// 128-character password takes 0.8 s in a release build, 64 characters 10 ms), and the
/// start of a long passphrase is as telling as the whole.
const ESTIMATE_CHARS: usize = 64;
/// What must be left of a password, in letters and digits, once the account's and the
/// service's names are taken out of it.
const MIN_OWN_CHARS: usize = 8;

/// The breached-password list, gzip-compressed: every entry of 12 characters or more of
/// SecLists' `10_million_password_list_top_1M.txt` (see `data/README.md`), lower case,
/// sorted, one a line.
static BREACHED_GZ: &[u8] = include_bytes!("../data/common-passwords-12.txt.gz");

static BREACHED_TEXT: LazyLock<String> = LazyLock::new(|| {
    let mut text = String::new();
    // The list is compiled in: it cannot fail to decompress unless the build is broken,
    // and then the unit test below fails.
    if flate2::read::GzDecoder::new(BREACHED_GZ)
        .read_to_string(&mut text)
        .is_err()
    {
        text.clear();
    }
    text
});

static BREACHED: LazyLock<Vec<&'static str>> = LazyLock::new(|| BREACHED_TEXT.lines().collect());

/// Whether `password` (any case) is on the breached-password list.
#[must_use]
pub fn is_breached(password: &str) -> bool {
    BREACHED
        .binary_search(&password.to_lowercase().as_str())
        .is_ok()
}

/// Why a password is refused. None of them repeats the password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    /// Fewer than [`MIN_PASSWORD_CHARS`] characters.
    TooShort,
    /// More than [`MAX_PASSWORD_CHARS`] characters.
    TooLong,
    /// On the breached-password list.
    Common,
    /// Contains control characters.
    ControlCharacters,
    /// Made of the account's address or name, or the service's or organisation's name.
    Personal,
    /// A repeated character, a sequence (`1234`, `abcd`) or a keyboard row (`qwerty`).
    Pattern,
    /// Otherwise easy to guess (common words and small variations).
    Guessable,
}

impl PasswordProblem {
    /// The form-error code (`form-error-<code>` in the translations).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "password-too-short",
            PasswordProblem::TooLong => "too-long",
            PasswordProblem::Common => "password-common",
            PasswordProblem::ControlCharacters => "control-characters",
            PasswordProblem::Personal => "password-personal",
            PasswordProblem::Pattern => "password-pattern",
            PasswordProblem::Guessable => "password-guessable",
        }
    }
}

/// What a password must not be made of: the account's address and name, and the names of
/// the service and the organisation running it.
#[derive(Debug, Clone, Copy, Default)]
pub struct PasswordContext<'a> {
    /// The account's email address.
    pub email: &'a str,
    /// The account's display name.
    pub name: &'a str,
    /// The service's and the organisation's names (and the site's host name).
    pub service: &'a [&'a str],
}

impl PasswordContext<'_> {
    /// The words to keep out of a password, lower case: each input whole and split at
    /// anything not a letter or digit (the address also without its domain).
    fn words(&self) -> Vec<String> {
        let local = self.email.split('@').next().unwrap_or_default();
        let mut words = Vec::new();
        for input in [self.email, local, self.name]
            .into_iter()
            .chain(self.service.iter().copied())
        {
            let input = input.nfkc().collect::<String>().to_lowercase();
            words.push(input.chars().filter(|c| c.is_alphanumeric()).collect());
            words.extend(
                input
                    .split(|c: char| !c.is_alphanumeric())
                    .map(str::to_owned),
            );
        }
        words.retain(|w: &String| w.chars().count() >= 3);
        words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        words.dedup();
        words
    }
}

/// The form a password is hashed in: Unicode NFKC, so the same password typed on two
/// keyboards gives the same hash.
#[must_use]
pub fn normalise_password(password: &str) -> String {
    password.nfkc().collect()
}

/// Checks the policy (see the module's description) for a password chosen by the person
/// `who` describes.
pub fn check_password(password: &str, who: &PasswordContext<'_>) -> Result<(), PasswordProblem> {
    let p = normalise_password(password);
    if p.chars().any(char::is_control) {
        return Err(PasswordProblem::ControlCharacters);
    }
    let chars = p.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    if is_breached(&p) {
        return Err(PasswordProblem::Common);
    }
    let words = who.words();
    // The account's or the service's names with only a little around them.
    let mut own: String = p
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    let before = own.chars().count();
    for w in &words {
        own = own.replace(w.as_str(), "");
    }
    if own.chars().count() < before && own.chars().count() < MIN_OWN_CHARS {
        return Err(PasswordProblem::Personal);
    }
    let inputs: Vec<&str> = words.iter().map(String::as_str).collect();
    let head: String = p.chars().take(ESTIMATE_CHARS).collect();
    let estimate = zxcvbn::zxcvbn(&head, &inputs);
    if estimate.score() >= MIN_SCORE {
        return Ok(());
    }
    use zxcvbn::matching::patterns::MatchPattern;
    let matches = estimate.sequence();
    if matches.iter().any(|m| match &m.pattern {
        MatchPattern::Dictionary(d) => inputs.contains(&d.matched_word.as_str()),
        _ => false,
    }) {
        return Err(PasswordProblem::Personal);
    }
    if matches.iter().any(|m| {
        matches!(
            m.pattern,
            MatchPattern::Repeat(_) | MatchPattern::Sequence(_) | MatchPattern::Spatial(_)
        )
    }) {
        return Err(PasswordProblem::Pattern);
    }
    Err(PasswordProblem::Guessable)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHO: PasswordContext<'static> = PasswordContext {
        email: "maryam.rezaei@example.org",
        name: "Maryam Rezaei",
        service: &["Peyvand", "Families Together", "peyvand.example.org"],
    };

    #[test]
    fn the_breached_list_is_large_and_only_long_entries() {
        assert!(BREACHED.len() > 40_000, "{}", BREACHED.len());
        assert!(BREACHED.iter().all(|p| p.chars().count() >= 12));
        assert!(BREACHED.windows(2).all(|w| w[0] < w[1]), "sorted");
        assert!(is_breached("Password1234"));
        assert!(is_breached("123456789012"));
        assert!(!is_breached("correct horse battery staple"));
    }

    #[test]
    fn length_characters_and_the_list() {
        let check = |p: &str| check_password(p, &WHO);
        assert_eq!(check("short"), Err(PasswordProblem::TooShort));
        assert_eq!(check("qwerty123456"), Err(PasswordProblem::Common));
        assert_eq!(check("QWERTY123456"), Err(PasswordProblem::Common));
        assert_eq!(check("password1234"), Err(PasswordProblem::Common));
        assert_eq!(check(&"ab".repeat(129)), Err(PasswordProblem::TooLong));
        assert_eq!(
            check("correct horse\u{0}battery"),
            Err(PasswordProblem::ControlCharacters)
        );
    }

    #[test]
    fn own_names_are_refused() {
        let check = |p: &str| check_password(p, &WHO);
        for p in [
            "maryam.rezaei@example.org",
            "Maryam.Rezaei",
            "Maryam Rezaei",
            "maryamrezaei1!",
            "Peyvand2024!!",
            "peyvand.example.org",
            "Families Together",
        ] {
            assert_eq!(check(p), Err(PasswordProblem::Personal), "{p}");
        }
    }

    #[test]
    fn patterns_are_refused() {
        let check = |p: &str| check_password(p, &WHO);
        for p in [
            "aaaaaaaaaaaaaaaa",
            "qwertyuiopas",
            "1234567890123",
            "abcdefghijklm",
            "zxcvbnmasdfgh",
        ] {
            assert!(
                matches!(
                    check(p),
                    Err(PasswordProblem::Pattern | PasswordProblem::Common)
                ),
                "{p}: {:?}",
                check(p)
            );
        }
        assert!(check("sunshinesunshine").is_err());
    }

    #[test]
    fn long_passwords_are_checked_quickly() {
        // Without a bound, zxcvbn takes about 12 s for this one unoptimised, 1 s optimised.
        let long: String = (0..MAX_PASSWORD_CHARS)
            .map(|i| char::from(b'!' + u8::try_from(i * 37 % 90).unwrap()))
            .collect();
        let start = std::time::Instant::now();
        assert_eq!(check_password(&long, &WHO), Ok(()));
        assert!(
            start.elapsed() < std::time::Duration::from_secs(3),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn good_passphrases_pass() {
        let check = |p: &str| check_password(p, &WHO);
        assert_eq!(check("correct horse battery staple"), Ok(()));
        assert_eq!(check("tulip anchor moss kettle"), Ok(()));
        assert_eq!(
            check("گل‌های سرخ باغ ما"),
            Ok(()),
            "Persian passphrases work"
        );
        assert_eq!(
            check_password("maryam likes green kettles", &PasswordContext::default()),
            Ok(())
        );
    }
}
