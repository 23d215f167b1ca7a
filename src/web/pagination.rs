//! The shared pager of long staff tables: [`PageNo`] read from `?page=` (a value that is
//! no page number is refused at routing; the handler answers 404), and [`links`], the
//! pager's data for `templates/staff/pager.html.hbs` (first, previous, next, last, "page
//! N of M"), each link keeping the page's other query parameters.

pub use crate::domain::paging::PageNo;
use crate::domain::paging::Paged;
use crate::i18n::Locale;
use rocket::form::{self, FromFormField, ValueField};
use serde_json::{Value, json};

#[rocket::async_trait]
impl<'v> FromFormField<'v> for PageNo {
    fn from_value(field: ValueField<'v>) -> form::Result<'v, Self> {
        let n = u64::from_value(field)?;
        PageNo::new(n).ok_or_else(|| form::Error::validation("not a page number").into())
    }
}

/// The page asked for by a `?page=` parameter read as `form::Result<Option<PageNo>>`:
/// absent is the first page, a value that is no page number is `None` (answer 404).
#[must_use]
pub fn asked(page: &form::Result<'_, Option<PageNo>>) -> Option<PageNo> {
    match page {
        Ok(p) => Some(p.unwrap_or_default()),
        Err(_) => None,
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
