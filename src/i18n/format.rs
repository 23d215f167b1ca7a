//! Numbers, dates and times as a reader of each language sees them: Persian pages in
//! Persian digits and the Solar Hijri calendar, English and French in Gregorian; times in
//! the organisation's time zone (a setting, named on every page). ICU4X formats
//! (`icu_decimal`, `icu_datetime`), `jiff` knows the time zones. The handlebars helpers
//! (`{{num n}}`, `{{digits n}}`, `{{date t}}`, `{{datetime t}}`, `{{day d}}`, `{{year y}}`,
//! `{{zone}}`) call the same functions, so templates stay simple.

use super::{Locale, TextArg};
use chrono::{NaiveDate, Utc};
use handlebars::{
    Context, Handlebars, Helper, HelperDef, RenderContext, RenderError, RenderErrorReason,
    ScopedJson,
};
use icu_datetime::DateTimeFormatter;
use icu_datetime::fieldsets::{YMD, YMDT};
use icu_decimal::DecimalFormatter;
use icu_decimal::input::Decimal;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_locale_core::{Locale as IcuLocale, locale};
use serde_json::Value;
use std::sync::LazyLock;

/// A time zone by its IANA name (`Asia/Tehran`, `Europe/Paris`).
#[derive(Debug, Clone)]
pub struct Zone {
    name: String,
    tz: jiff::tz::TimeZone,
}

impl Zone {
    /// The zone named `name`, if the tz database knows it.
    #[must_use]
    pub fn named(name: &str) -> Option<Zone> {
        let tz = jiff::tz::TimeZone::get(name.trim()).ok()?;
        Some(Zone {
            name: name.trim().to_owned(),
            tz,
        })
    }

    /// Coordinated Universal Time.
    #[must_use]
    pub fn utc() -> Zone {
        Zone {
            name: "UTC".into(),
            tz: jiff::tz::TimeZone::UTC,
        }
    }

    /// The IANA name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The wall-clock date and time in this zone at `at`.
    fn civil(&self, at: chrono::DateTime<Utc>) -> Option<jiff::civil::DateTime> {
        let ts = jiff::Timestamp::from_second(at.timestamp()).ok()?;
        Some(self.tz.to_datetime(ts))
    }
}

fn icu_locale(locale: Locale) -> IcuLocale {
    match locale {
        Locale::En => locale!("en-u-ca-gregory"),
        Locale::Fa => locale!("fa-u-ca-persian"),
        Locale::Fr => locale!("fr-u-ca-gregory"),
    }
}

/// One formatter per locale, made on first use from ICU4X's compiled data.
struct PerLocale<T>([Option<T>; 3]);

impl<T> PerLocale<T> {
    fn new(make: impl Fn(IcuLocale) -> Option<T>) -> Self {
        PerLocale(Locale::ALL.map(|l| make(icu_locale(l))))
    }

    fn get(&self, locale: Locale) -> Option<&T> {
        let i = Locale::ALL.iter().position(|l| *l == locale)?;
        self.0[i].as_ref()
    }
}

static GROUPED: LazyLock<PerLocale<DecimalFormatter>> = LazyLock::new(|| {
    PerLocale::new(|l| DecimalFormatter::try_new(l.into(), DecimalFormatterOptions::default()).ok())
});

static UNGROUPED: LazyLock<PerLocale<DecimalFormatter>> = LazyLock::new(|| {
    PerLocale::new(|l| DecimalFormatter::try_new(l.into(), GroupingStrategy::Never.into()).ok())
});

static DATES: LazyLock<PerLocale<DateTimeFormatter<YMD>>> =
    LazyLock::new(|| PerLocale::new(|l| DateTimeFormatter::try_new(l.into(), YMD::long()).ok()));

static DATE_TIMES: LazyLock<PerLocale<DateTimeFormatter<YMDT>>> = LazyLock::new(|| {
    PerLocale::new(|l| {
        DateTimeFormatter::try_new(
            l.into(),
            YMDT::medium().with_time_precision(icu_datetime::options::TimePrecision::Minute),
        )
        .ok()
    })
});

/// A count in the reader's digits with the language's grouping ("۱٬۲۳۴", "1,234",
/// "1 234").
#[must_use]
pub fn number(locale: Locale, n: i64) -> String {
    GROUPED.get(locale).map_or_else(
        || n.to_string(),
        |f| f.format(&Decimal::from(n)).to_string(),
    )
}

/// A number in the reader's digits without grouping (years, edition numbers, codes).
#[must_use]
pub fn digits(locale: Locale, n: i64) -> String {
    UNGROUPED.get(locale).map_or_else(
        || n.to_string(),
        |f| f.format(&Decimal::from(n)).to_string(),
    )
}

/// Text already laid out (an ISO date, a code) with its ASCII digits in the reader's
/// digits.
#[must_use]
pub fn digits_text(locale: Locale, ascii: &str) -> String {
    match locale {
        Locale::Fa => super::numerals::persian_digits(ascii),
        Locale::En | Locale::Fr => ascii.to_owned(),
    }
}

fn icu_date(day: NaiveDate) -> Option<icu_calendar::Date<icu_calendar::Iso>> {
    use chrono::Datelike;
    icu_calendar::Date::try_new_iso(
        day.year(),
        u8::try_from(day.month()).ok()?,
        u8::try_from(day.day()).ok()?,
    )
    .ok()
}

/// A calendar day in the reader's calendar: «۱۶ آذر ۱۴۰۵», "7 December 2026",
/// "7 décembre 2026".
#[must_use]
pub fn day(locale: Locale, day: NaiveDate) -> String {
    match (DATES.get(locale), icu_date(day)) {
        (Some(f), Some(d)) => f.format(&d).to_string(),
        _ => digits_text(locale, &day.format("%Y-%m-%d").to_string()),
    }
}

/// The date of the moment `at` in `zone`, in the reader's calendar.
#[must_use]
pub fn date(locale: Locale, at: chrono::DateTime<Utc>, zone: &Zone) -> String {
    let local = zone.civil(at).and_then(|c| {
        NaiveDate::from_ymd_opt(
            i32::from(c.year()),
            u32::try_from(c.month()).ok()?,
            u32::try_from(c.day()).ok()?,
        )
    });
    day(locale, local.unwrap_or_else(|| at.date_naive()))
}

/// The date and time (to the minute) of `at` in `zone`, in the reader's calendar and
/// digits: «۱۶ آذر ۱۴۰۵، ۱۰:۳۰».
#[must_use]
pub fn date_time(locale: Locale, at: chrono::DateTime<Utc>, zone: &Zone) -> String {
    let formatted = zone.civil(at).and_then(|c| {
        let d = icu_calendar::Date::try_new_iso(
            i32::from(c.year()),
            u8::try_from(c.month()).ok()?,
            u8::try_from(c.day()).ok()?,
        )
        .ok()?;
        let t = icu_datetime::input::Time::try_new(
            u8::try_from(c.hour()).ok()?,
            u8::try_from(c.minute()).ok()?,
            0,
            0,
        )
        .ok()?;
        let f = DATE_TIMES.get(locale)?;
        Some(
            f.format(&icu_datetime::input::DateTime { date: d, time: t })
                .to_string(),
        )
    });
    formatted.unwrap_or_else(|| digits_text(locale, &at.format("%Y-%m-%d %H:%M UTC").to_string()))
}

/// A stored (Gregorian) year in the reader's terms (see [`show_year`]).
#[must_use]
pub fn year(locale: Locale, gregorian: i32) -> String {
    show_year(locale, gregorian)
}

/// The years of the other calendar that `year` (of `calendar`) overlaps, as "1353/54"
/// (ICU4X's conversion of the year's first and last days).
fn other_span(locale: Locale, calendar: super::calendar::Calendar, year: i32) -> String {
    let (a, b) = match calendar {
        super::calendar::Calendar::Gregorian => (
            NaiveDate::from_ymd_opt(year, 1, 1).and_then(super::calendar::solar_year_of),
            NaiveDate::from_ymd_opt(year, 12, 31).and_then(super::calendar::solar_year_of),
        ),
        super::calendar::Calendar::SolarHijri => (
            super::calendar::gregorian_year_of_solar(year),
            icu_calendar::Date::try_new_persian(year, 12, 29)
                .ok()
                .map(|d| d.to_calendar(icu_calendar::cal::Iso).year().extended_year()),
        ),
    };
    match (a, b) {
        (Some(a), Some(b)) if a != b => {
            digits_text(locale, &format!("{a}/{:02}", b.rem_euclid(100)))
        }
        (Some(a), _) => digits(locale, i64::from(a)),
        _ => String::new(),
    }
}

/// What a typed year was read as, in `locale`: "1354 (Solar Hijri) = 1975/76",
/// "1975 (Gregorian) = 1353/54 (Solar Hijri)".
#[must_use]
pub fn describe_year(locale: Locale, year: super::calendar::TypedYear) -> String {
    let typed = digits(locale, i64::from(year.typed));
    match year.calendar {
        super::calendar::Calendar::SolarHijri => locale.t_args(
            "calendar-year-solar",
            &[
                ("typed", TextArg::Str(&typed)),
                (
                    "gregorian",
                    TextArg::Str(&other_span(
                        locale,
                        super::calendar::Calendar::SolarHijri,
                        year.typed,
                    )),
                ),
            ],
        ),
        super::calendar::Calendar::Gregorian => locale.t_args(
            "calendar-year-gregorian",
            &[
                ("typed", TextArg::Str(&typed)),
                (
                    "solar",
                    TextArg::Str(&other_span(
                        locale,
                        super::calendar::Calendar::Gregorian,
                        year.gregorian,
                    )),
                ),
            ],
        ),
    }
}

/// A stored (Gregorian) year shown to a reader of `locale`: in Persian the Solar Hijri
/// years it overlaps first, then the Gregorian year ("۱۳۵۳/۵۴ (۱۹۷۵)"); elsewhere the
/// Gregorian year with the Solar Hijri span ("1975 (1353/54 SH)").
#[must_use]
pub fn show_year(locale: Locale, gregorian: i32) -> String {
    let g = digits(locale, i64::from(gregorian));
    let span = other_span(locale, super::calendar::Calendar::Gregorian, gregorian);
    locale.t_args(
        "calendar-year-shown",
        &[
            ("gregorian", TextArg::Str(&g)),
            ("solar", TextArg::Str(&span)),
        ],
    )
}

/// What a typed day was read as, in `locale`: the day in both calendars, named.
#[must_use]
pub fn describe_day(locale: Locale, day: NaiveDate) -> String {
    let (sy, sm, sd) = super::calendar::to_solar(day).unwrap_or((0, 0, 0));
    let solar = digits_text(locale, &format!("{sy:04}-{sm:02}-{sd:02}"));
    let gregorian = digits_text(locale, &day.format("%Y-%m-%d").to_string());
    locale.t_args(
        "calendar-day-both",
        &[
            ("gregorian", TextArg::Str(&gregorian)),
            ("solar", TextArg::Str(&solar)),
        ],
    )
}

/// Which formatting helper.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Number,
    Digits,
    Date,
    DateTime,
    Day,
    Year,
    Zone,
}

/// The formatting helpers, each knowing the organisation's time zone. Register them with
/// [`register`].
#[derive(Debug, Clone)]
pub struct FormatHelper {
    kind: Kind,
    zone: Zone,
}

/// Registers `num`, `digits`, `date`, `datetime`, `day`, `year` and `zone` on `hb`, with
/// times shown in `zone`.
pub fn register(hb: &mut Handlebars<'_>, zone: &Zone) {
    for (name, kind) in [
        ("num", Kind::Number),
        ("digits", Kind::Digits),
        ("date", Kind::Date),
        ("datetime", Kind::DateTime),
        ("day", Kind::Day),
        ("year", Kind::Year),
        ("zone", Kind::Zone),
    ] {
        hb.register_helper(
            name,
            Box::new(FormatHelper {
                kind,
                zone: zone.clone(),
            }),
        );
    }
}

fn fail(what: &str) -> RenderError {
    RenderErrorReason::Other(format!("format helper: {what}")).into()
}

fn integer(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn moment(v: &Value) -> Option<chrono::DateTime<Utc>> {
    match v {
        Value::String(s) => chrono::DateTime::parse_from_rfc3339(s.trim())
            .ok()
            .map(|t| t.with_timezone(&Utc)),
        Value::Number(n) => chrono::DateTime::from_timestamp(n.as_i64()?, 0),
        _ => None,
    }
}

impl HelperDef for FormatHelper {
    fn call_inner<'reg: 'rc, 'rc>(
        &self,
        h: &Helper<'rc>,
        _: &'reg Handlebars<'reg>,
        ctx: &'rc Context,
        _: &mut RenderContext<'reg, 'rc>,
    ) -> Result<ScopedJson<'rc>, RenderError> {
        let locale = ctx
            .data()
            .get("lang")
            .and_then(Value::as_str)
            .and_then(Locale::parse)
            .ok_or_else(|| fail("the context has no valid `lang`"))?;
        if let Kind::Zone = self.kind {
            return Ok(ScopedJson::Derived(Value::String(
                self.zone.name().to_owned(),
            )));
        }
        let value = h
            .param(0)
            .map(|p| p.value())
            .ok_or_else(|| fail("no value"))?;
        // An absent optional value shows as nothing, not as an error.
        if value.is_null() {
            return Ok(ScopedJson::Derived(Value::String(String::new())));
        }
        let text = match self.kind {
            Kind::Number => number(locale, integer(value).ok_or_else(|| fail("not a number"))?),
            Kind::Digits => digits(locale, integer(value).ok_or_else(|| fail("not a number"))?),
            Kind::Year => year(
                locale,
                integer(value)
                    .and_then(|y| i32::try_from(y).ok())
                    .ok_or_else(|| fail("not a year"))?,
            ),
            Kind::Date => date(
                locale,
                moment(value).ok_or_else(|| fail("not a time"))?,
                &self.zone,
            ),
            Kind::DateTime => date_time(
                locale,
                moment(value).ok_or_else(|| fail("not a time"))?,
                &self.zone,
            ),
            Kind::Day => day(
                locale,
                value
                    .as_str()
                    .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
                    .ok_or_else(|| fail("not a day"))?,
            ),
            Kind::Zone => String::new(),
        };
        Ok(ScopedJson::Derived(Value::String(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn what_was_typed_is_echoed_in_both_calendars() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let y = super::super::calendar::read_year("۱۳۵۴", today)
            .unwrap()
            .unwrap();
        let g = super::super::calendar::read_year("1975", today)
            .unwrap()
            .unwrap();
        assert_eq!(describe_year(Locale::En, y), "1354 (Solar Hijri) = 1975/76");
        assert_eq!(
            describe_year(Locale::En, g),
            "1975 (Gregorian) = 1353/54 (Solar Hijri)"
        );
        assert_eq!(
            describe_day(Locale::En, today),
            "2026-12-07 (Gregorian) = 1405-09-16 (Solar Hijri)"
        );
        assert_eq!(show_year(Locale::Fa, 1975), "۱۳۵۳/۵۴ خورشیدی (۱۹۷۵ میلادی)");
    }

    #[test]
    fn persian_digits_and_grouping() {
        assert_eq!(number(Locale::Fa, 1234), "۱٬۲۳۴");
        assert_eq!(number(Locale::En, 1234), "1,234");
        assert_eq!(digits(Locale::Fa, 1405), "۱۴۰۵");
        assert_eq!(digits(Locale::En, 1405), "1405");
    }

    #[test]
    fn persian_dates_are_solar_hijri_in_the_zone() {
        let tehran = Zone::named("Asia/Tehran").unwrap();
        // 21:00 UTC on 6 December is 00:30 on 7 December in Tehran (UTC+3:30).
        let at = Utc.with_ymd_and_hms(2026, 12, 6, 21, 0, 0).unwrap();
        let fa = date(Locale::Fa, at, &tehran);
        assert!(
            fa.contains("۱۶") && fa.contains("آذر") && fa.contains("۱۴۰۵"),
            "{fa}"
        );
        assert_eq!(date(Locale::En, at, &tehran), "December 7, 2026");
        assert_eq!(date(Locale::En, at, &Zone::utc()), "December 6, 2026");
        let fa_time = date_time(Locale::Fa, at, &tehran);
        assert!(
            fa_time.contains("۰:۳۰") || fa_time.contains("۰۰:۳۰"),
            "{fa_time}"
        );
        assert!(Zone::named("Mars/Olympus").is_none());
    }
}
