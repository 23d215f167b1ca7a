//! The `?notice=` a redirect asks the next page to show: a page's table of the values it
//! understands, each shown as the message `<prefix><value>`; any other value is ignored.

/// The notices one page understands.
#[derive(Debug, Clone, Copy)]
pub struct Notices {
    /// The message-key prefix (`"signing-notice-"`).
    prefix: &'static str,
    /// The values understood.
    values: &'static [&'static str],
}

impl Notices {
    /// A table: message keys `<prefix><value>` for each of `values`.
    #[must_use]
    pub const fn new(prefix: &'static str, values: &'static [&'static str]) -> Self {
        Self { prefix, values }
    }

    /// The message key for a `?notice=` value, if this page understands it.
    #[must_use]
    pub fn message(&self, notice: Option<&str>) -> Option<String> {
        notice
            .filter(|n| self.values.contains(n))
            .map(|n| format!("{}{n}", self.prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::Notices;

    #[test]
    fn only_known_values_are_shown() {
        const T: Notices = Notices::new("x-notice-", &["saved"]);
        assert_eq!(T.message(Some("saved")).as_deref(), Some("x-notice-saved"));
        assert_eq!(T.message(Some("other")), None);
        assert_eq!(T.message(None), None);
    }
}
