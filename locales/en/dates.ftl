# Persian dates, digits and times (#14 item 6)
calendar-gregorian = Gregorian
calendar-solar = Solar Hijri
calendar-year-solar = { $typed } (Solar Hijri) = { $gregorian }
calendar-year-gregorian = { $typed } (Gregorian) = { $solar } (Solar Hijri)
calendar-year-shown = { $gregorian } ({ $solar } Solar Hijri)
calendar-day-both = { $gregorian } (Gregorian) = { $solar } (Solar Hijri)
calendar-year-hint = A year in either calendar: Gregorian (e.g. 1975) or Solar Hijri (e.g. 1354). Years from 1279 to this year are read as Solar Hijri, years from 1900 as Gregorian.
calendar-day-hint = Year-month-day, in either calendar: Gregorian (e.g. 2026-12-07) or Solar Hijri (e.g. 1405-09-16).
calendar-read-as = Read as: { $text }
form-error-calendar-year-range = Enter a year from 1900 to this year (Gregorian, e.g. 1975) or from 1279 to this year (Solar Hijri, e.g. 1354).
form-error-calendar-day-range = There is no such day: the year must be 1900–2100 (Gregorian) or 1279–1479 (Solar Hijri), and the month and day must exist in that calendar.
footer-time-zone = Times are shown in the { $zone } time zone.
