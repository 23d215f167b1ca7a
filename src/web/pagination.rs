//! The shared pager of long staff tables: [`PageNo`] read from `?page=` by [`asked`] (a
//! value that is no page number is answered 404; a page past the last shows the last), and [`links`], the
//! pager's data for `templates/staff/pager.html.hbs` (first, previous, next, last, "page
//! N of M"), each link keeping the page's other query parameters.

pub use crate::domain::paging::PageNo;
use crate::domain::paging::Paged;
use crate::i18n::Locale;
use serde_json::{Value, json};

/// The page asked for by a `?page=` parameter: absent is the first page; a value that is
/// no page number (0, negative, not a whole number, past [`PageNo::MAX`]) is `None`, which
/// the page answers with 404.
#[must_use]
pub fn asked(page: Option<&str>) -> Option<PageNo> {
    match page {
        None => Some(PageNo::FIRST),
        Some(raw) => raw.trim().parse::<u64>().ok().and_then(PageNo::new),
    }
}

/// `n` in the digits of `locale` (Persian digits in Persian).
#[must_use]
pub fn digits(locale: Locale, n: impl std::fmt::Display) -> String {
    let text = n.to_string();
    match locale {
        Locale::Fa => crate::domain::contact::form::persian_digits(&text),
        Locale::En | Locale::Fr => text,
    }
}

/// The pager of `paged` for the page at `path` with the other query parameters `query`
/// (`name`, `value`; empty values are left out), its numbers in the digits of `locale`.
#[must_use]
pub fn links<T>(locale: Locale, path: &str, query: &[(&str, String)], paged: &Paged<T>) -> Value {
    let href = |page: u64| {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in query {
            if !v.is_empty() {
                q.append_pair(k, v);
            }
        }
        if page > 1 {
            q.append_pair("page", &page.to_string());
        }
        let q = q.finish();
        if q.is_empty() {
            path.to_owned()
        } else {
            format!("{path}?{q}")
        }
    };
    json!({
        "page": paged.page,
        "pages": paged.pages,
        "total": paged.total,
        "shown_page": digits(locale, paged.page),
        "shown_pages": digits(locale, paged.pages),
        "several": paged.pages > 1,
        "first": paged.has_prev().then(|| href(1)),
        "prev": paged.has_prev().then(|| href(paged.page - 1)),
        "next": paged.has_next().then(|| href(paged.page + 1)),
        "last": paged.has_next().then(|| href(paged.pages)),
    })
}
