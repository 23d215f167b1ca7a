//! Years and dates typed in either calendar: Solar Hijri (the Iranian calendar, e.g. a
//! birth year 1354) or Gregorian. The rule is explicit and unambiguous because the two
//! ranges the portal accepts never overlap: a year from [`FIRST_SOLAR_YEAR`] up to
//! [`LAST_SOLAR_YEAR`] is Solar Hijri, a year from [`FIRST_GREGORIAN_YEAR`] up to
//! [`LAST_GREGORIAN_YEAR`] is Gregorian; anything else is refused. Conversions are ICU4X's
//! (`icu_calendar`), never a table of our own. What was understood is echoed back with
//! `format::describe_year` and `format::describe_day` ("1354 (Solar Hijri) = 1975/76").

use super::Locale;
use super::numerals::normalise;
use chrono::{Datelike, NaiveDate};
use icu_calendar::Date;
use icu_calendar::cal::{Iso, Persian};

/// Earliest Gregorian year accepted (birth years, last contact, dates).
pub const FIRST_GREGORIAN_YEAR: i32 = 1900;
/// Latest Gregorian year accepted in a date (petition closing dates lie ahead).
pub const LAST_GREGORIAN_YEAR: i32 = 2100;
/// Earliest Solar Hijri year accepted: 1279 began in March 1900.
pub const FIRST_SOLAR_YEAR: i32 = 1279;
/// Latest Solar Hijri year accepted in a date: 1479 begins in March 2100.
pub const LAST_SOLAR_YEAR: i32 = 1479;

/// The calendar a year or date was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Calendar {
    /// The Gregorian calendar.
    Gregorian,
    /// The Solar Hijri (Iranian, «هجری خورشیدی») calendar.
    SolarHijri,
}

/// Why a typed year or date was refused; `code()` is its form-error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateProblem {
    /// Not a number (or not a date written year-month-day).
    NotANumber,
    /// A number outside both calendars' ranges, or a day the calendar does not have.
    OutOfRange,
}

impl DateProblem {
    /// The form-error code (`form-error-<code>`) for a year field.
    #[must_use]
    pub fn year_code(self) -> &'static str {
        match self {
            DateProblem::NotANumber => "invalid-number",
            DateProblem::OutOfRange => "calendar-year-range",
        }
    }

    /// The form-error code (`form-error-<code>`) for a date field.
    #[must_use]
    pub fn day_code(self) -> &'static str {
        match self {
            DateProblem::NotANumber => "date-invalid",
            DateProblem::OutOfRange => "calendar-day-range",
        }
    }
}

/// A year as typed and as the Gregorian year it is stored as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TypedYear {
    /// The number typed.
    pub typed: i32,
    /// The calendar it was read in.
    pub calendar: Calendar,
    /// The Gregorian year stored: the one the typed year begins in (1354 → 1975, since
    /// 1 Farvardin 1354 was 21 March 1975).
    pub gregorian: i32,
}

/// The Gregorian year in which Solar Hijri year `solar` begins (its 1 Farvardin).
#[must_use]
pub fn gregorian_year_of_solar(solar: i32) -> Option<i32> {
    let d = Date::try_new_persian(solar, 1, 1).ok()?;
    Some(d.to_calendar(Iso).year().extended_year())
}

/// The Solar Hijri year `day` falls in.
#[must_use]
pub fn solar_year_of(day: NaiveDate) -> Option<i32> {
    Some(iso(day)?.to_calendar(Persian).year().extended_year())
}

fn iso(day: NaiveDate) -> Option<Date<Iso>> {
    Date::try_new_iso(
        day.year(),
        u8::try_from(day.month()).ok()?,
        u8::try_from(day.day()).ok()?,
    )
    .ok()
}

/// A Solar Hijri date as `(year, month, day)`.
#[must_use]
pub fn to_solar(day: NaiveDate) -> Option<(i32, u8, u8)> {
    let p = iso(day)?.to_calendar(Persian);
    Some((
        p.year().extended_year(),
        p.month().ordinal,
        p.day_of_month().0,
    ))
}

pub(super) fn from_solar(year: i32, month: u8, day: u8) -> Option<NaiveDate> {
    let d = Date::try_new_persian(year, month, day)
        .ok()?
        .to_calendar(Iso);
    NaiveDate::from_ymd_opt(
        d.year().extended_year(),
        u32::from(d.month().ordinal),
        u32::from(d.day_of_month().0),
    )
}

/// An optional year (empty → `None`) no later than `today`'s year in its calendar:
/// Gregorian from 1900, Solar Hijri from 1279, digits in any script, spaces ignored.
///
/// # Errors
/// [`DateProblem::NotANumber`] for anything but digits, [`DateProblem::OutOfRange`] for a
/// number in neither range (a year in the future included).
pub fn read_year(raw: &str, today: NaiveDate) -> Result<Option<TypedYear>, DateProblem> {
    let text = normalise(raw);
    if text.is_empty() {
        return Ok(None);
    }
    if text.len() > 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateProblem::NotANumber);
    }
    let typed: i32 = text.parse().map_err(|_| DateProblem::NotANumber)?;
    let this_solar = solar_year_of(today).ok_or(DateProblem::OutOfRange)?;
    if (FIRST_GREGORIAN_YEAR..=today.year()).contains(&typed) {
        Ok(Some(TypedYear {
            typed,
            calendar: Calendar::Gregorian,
            gregorian: typed,
        }))
    } else if (FIRST_SOLAR_YEAR..=this_solar).contains(&typed) {
        let gregorian = gregorian_year_of_solar(typed).ok_or(DateProblem::OutOfRange)?;
        Ok(Some(TypedYear {
            typed,
            calendar: Calendar::SolarHijri,
            gregorian,
        }))
    } else {
        Err(DateProblem::OutOfRange)
    }
}

/// A day written year-month-day (separators `-`, `/` or `.`), Gregorian from 1900 to 2100
/// or Solar Hijri from 1279 to 1479, digits in any script: the Gregorian day and the
/// calendar it was written in.
///
/// # Errors
/// [`DateProblem::NotANumber`] for text not of that shape, [`DateProblem::OutOfRange`] for a
/// year in neither range or a day its calendar does not have (1404-12-30, 2026-02-30).
pub fn read_day(raw: &str) -> Result<(NaiveDate, Calendar), DateProblem> {
    let text = normalise(raw).replace(['/', '.'], "-");
    let parts: Vec<&str> = text.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return Err(DateProblem::NotANumber);
    };
    let number = |s: &str, most: usize| {
        (!s.is_empty() && s.len() <= most && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i32>().ok())
            .flatten()
            .ok_or(DateProblem::NotANumber)
    };
    let (y, m, d) = (number(y, 4)?, number(m, 2)?, number(d, 2)?);
    let (Ok(m8), Ok(d8)) = (u8::try_from(m), u8::try_from(d)) else {
        return Err(DateProblem::OutOfRange);
    };
    if (FIRST_GREGORIAN_YEAR..=LAST_GREGORIAN_YEAR).contains(&y) {
        let day = NaiveDate::from_ymd_opt(y, u32::from(m8), u32::from(d8))
            .ok_or(DateProblem::OutOfRange)?;
        Ok((day, Calendar::Gregorian))
    } else if (FIRST_SOLAR_YEAR..=LAST_SOLAR_YEAR).contains(&y) {
        let day = from_solar(y, m8, d8).ok_or(DateProblem::OutOfRange)?;
        Ok((day, Calendar::SolarHijri))
    } else {
        Err(DateProblem::OutOfRange)
    }
}

/// The calendar's name in `locale` ("Solar Hijri", «هجری خورشیدی», "hégirien solaire").
#[must_use]
pub fn calendar_name(locale: Locale, calendar: Calendar) -> String {
    locale.t(match calendar {
        Calendar::Gregorian => "calendar-gregorian",
        Calendar::SolarHijri => "calendar-solar",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    #[test]
    fn a_solar_birth_year_is_stored_as_the_gregorian_year_it_begins_in() {
        let y = read_year("۱۳۵۴", today()).unwrap().unwrap();
        assert_eq!(y.calendar, Calendar::SolarHijri);
        assert_eq!(y.gregorian, 1975);
        assert_eq!(gregorian_year_of_solar(1279), Some(1900));
        let g = read_year(" 1975 ", today()).unwrap().unwrap();
        assert_eq!((g.calendar, g.gregorian), (Calendar::Gregorian, 1975));
    }

    #[test]
    fn years_outside_both_calendars_are_refused() {
        assert_eq!(read_year("", today()), Ok(None));
        for out in ["1278", "1406", "1899", "2027", "0", "999"] {
            assert_eq!(
                read_year(out, today()),
                Err(DateProblem::OutOfRange),
                "{out}"
            );
        }
        assert_eq!(read_year("1405", today()).unwrap().unwrap().gregorian, 2026);
        assert_eq!(read_year("19x5", today()), Err(DateProblem::NotANumber));
        assert_eq!(read_year("-1975", today()), Err(DateProblem::NotANumber));
        assert_eq!(read_year("99999999", today()), Err(DateProblem::NotANumber));
    }

    #[test]
    fn days_in_either_calendar() {
        let want = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert_eq!(read_day("2026-12-07"), Ok((want, Calendar::Gregorian)));
        assert_eq!(read_day("۱۴۰۵/۰۹/۱۶"), Ok((want, Calendar::SolarHijri)));
        assert_eq!(to_solar(want), Some((1405, 9, 16)));
        assert_eq!(read_day("2026-02-30"), Err(DateProblem::OutOfRange));
        assert_eq!(read_day("1405-13-01"), Err(DateProblem::OutOfRange));
        assert_eq!(read_day("1700-01-01"), Err(DateProblem::OutOfRange));
        assert_eq!(read_day("2101-01-01"), Err(DateProblem::OutOfRange));
        assert_eq!(read_day("yesterday"), Err(DateProblem::NotANumber));
        assert_eq!(read_day("2026-1207"), Err(DateProblem::NotANumber));
    }
}
