//! Long staff tables in pages: [`PageNo`], the typed page number a page's URL carries
//! (1-based), and [`Paged`], one page of rows with the numbers a pager shows. A page past
//! the last is clamped to the last; a page number that is not one (0, negative, not a
//! number) is refused where it is read (`web::pagination`).

use serde::Serialize;

/// A page number from 1. The largest accepted is [`PageNo::MAX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct PageNo(u64);

impl PageNo {
    /// The first page.
    pub const FIRST: PageNo = PageNo(1);
    /// The largest page number anyone may ask for.
    pub const MAX: u64 = 1_000_000;

    /// `n` as a page number, if it is one (1 ..= [`PageNo::MAX`]).
    #[must_use]
    pub fn new(n: u64) -> Option<Self> {
        (1..=Self::MAX).contains(&n).then_some(Self(n))
    }

    /// The number (from 1).
    #[must_use]
    pub fn get(self) -> u64 {
        self.0
    }
}

impl Default for PageNo {
    fn default() -> Self {
        Self::FIRST
    }
}

/// How many pages `total` rows make at `per_page` a page (at least one, even empty).
#[must_use]
pub fn pages(total: u64, per_page: u64) -> u64 {
    total.div_ceil(per_page.max(1)).max(1)
}

/// The page actually shown when `asked` is requested: clamped to the last page.
#[must_use]
pub fn clamp(asked: PageNo, total: u64, per_page: u64) -> PageNo {
    PageNo(asked.0.min(pages(total, per_page)))
}

/// One page of rows.
#[derive(Debug, Clone, Serialize)]
pub struct Paged<T> {
    /// The rows of this page.
    pub items: Vec<T>,
    /// This page's number (from 1, after clamping).
    pub page: u64,
    /// How many pages there are (at least one).
    pub pages: u64,
    /// Rows in all.
    pub total: u64,
    /// Rows a page.
    pub per_page: u64,
}

impl<T> Paged<T> {
    /// The 0-based index of the page to fetch for `asked`, and the clamped page.
    #[must_use]
    pub fn index(asked: PageNo, total: u64, per_page: u64) -> (u64, PageNo) {
        let shown = clamp(asked, total, per_page);
        (shown.0 - 1, shown)
    }

    /// A page of `items` (already fetched) as page `shown` of `total` rows.
    #[must_use]
    pub fn new(items: Vec<T>, shown: PageNo, total: u64, per_page: u64) -> Self {
        Self {
            items,
            page: shown.0,
            pages: pages(total, per_page),
            total,
            per_page,
        }
    }

    /// The same page with its rows changed by `f`.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Paged<U> {
        Paged {
            items: self.items.into_iter().map(f).collect(),
            page: self.page,
            pages: self.pages,
            total: self.total,
            per_page: self.per_page,
        }
    }

    /// Whether there is a page before this one.
    #[must_use]
    pub fn has_prev(&self) -> bool {
        self.page > 1
    }

    /// Whether there is a page after this one.
    #[must_use]
    pub fn has_next(&self) -> bool {
        self.page < self.pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_start_at_one_and_clamp_to_the_last() {
        assert_eq!(PageNo::new(0), None);
        assert_eq!(PageNo::new(PageNo::MAX + 1), None);
        assert_eq!(pages(0, 50), 1);
        assert_eq!(pages(50, 50), 1);
        assert_eq!(pages(51, 50), 2);
        let p7 = PageNo::new(7).unwrap();
        assert_eq!(clamp(p7, 120, 50).get(), 3);
        assert_eq!(clamp(p7, 0, 50).get(), 1);
        assert_eq!(
            Paged::<()>::index(p7, 120, 50),
            (2, PageNo::new(3).unwrap())
        );
        let page = Paged::new(vec![1, 2], PageNo::new(2).unwrap(), 52, 50);
        assert!(page.has_prev() && !page.has_next());
        assert_eq!(page.map(|n| n * 10).items, vec![10, 20]);
    }
}
