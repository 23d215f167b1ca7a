//! Persian dates, digits and times (issue #14 item 6): a Solar Hijri birth year is stored
//! as the Gregorian year it begins in and echoed in both calendars; years outside both
//! calendars are refused (422, translated, nothing stored); Persian and Arabic-Indic
//! digits and spaces are read in a receipt code and a second-factor code; a Persian page
//! shows Persian digits and a Solar Hijri date, and every page names the time zone.

use crate::support::TestApp;
use crate::support::factory::contact::{
    active_registration, register_fields, request_fields, with,
};
use crate::support::factory::petitions::{app, confirmed, the_petition};
use crate::support::http::{get, post};
use crate::support::staff::{self, PASSWORD, member};
use peyvand::domain::staff::account::Role;
use peyvand::i18n::numerals::persian_digits;
use rocket::http::Status;
use sea_orm::{EntityTrait, PaginatorTrait};

const SOLAR_MONTHS: [&str; 12] = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
];

#[rocket::async_test]
async fn a_solar_birth_year_is_stored_as_its_gregorian_year_and_shown_in_both() {
    let app = TestApp::new().await;
    let fields = with(
        register_fields("parvin@example.org", "Parvin Ahmadi", "anyone"),
        "birth_year",
        "۱۳۵۴",
    );
    let manage = active_registration(&app, &fields).await;
    let en = get(&app, &format!("{manage}?lang=en")).await;
    assert_eq!(en.status, Status::Ok);
    assert!(
        en.body.contains("1975 (1353/54 Solar Hijri)"),
        "the stored year, 1975, with its Solar Hijri span"
    );
    let fa = get(&app, &format!("{manage}?lang=fa")).await;
    assert!(
        fa.body.contains("۱۳۵۳/۵۴ خورشیدی (۱۹۷۵ میلادی)"),
        "Persian digits, both calendars"
    );
    // The expiry date in the Solar Hijri calendar, in Persian digits.
    assert!(
        SOLAR_MONTHS.iter().any(|m| fa.body.contains(m)),
        "a Solar Hijri month name"
    );
    assert!(
        fa.body.contains("۱۴۰"),
        "a Solar Hijri year in Persian digits"
    );
    assert!(!fa.body.contains("⟦"), "no missing translation");
    // Every page names the zone its times are in.
    assert!(fa.body.contains("Asia/Tehran"));
    assert!(
        en.body
            .contains("Times are shown in the Asia/Tehran time zone.")
    );
}

#[rocket::async_test]
async fn years_out_of_range_in_either_calendar_are_refused_and_nothing_is_stored() {
    let app = TestApp::new().await;
    for (year, lang) in [
        ("1278", "en"),
        ("۱۴۹۰", "fa"),
        ("1899", "fr"),
        ("2999", "en"),
        ("١٢٠٠", "fa"),
    ] {
        let fields = with(
            with(
                request_fields("leila@example.org", "Maryam Karimi"),
                "s1.birth_year",
                year,
            ),
            "s1.last_year",
            "",
        );
        let r = post(&app, &format!("/contact/request?lang={lang}"), &fields).await;
        assert_eq!(r.status, Status::UnprocessableEntity, "{year}");
        let message = match lang {
            "fa" => "هجری خورشیدی، مثلاً ۱۳۵۴",
            "fr" => "hégirien solaire, p. ex. 1354",
            _ => "Solar Hijri, e.g. 1354",
        };
        assert!(
            r.body.contains(message),
            "{year}: the translated range message"
        );
    }
    let stored = peyvand::entities::contact_request::Entity::find()
        .count(&app.ctx.db)
        .await
        .unwrap();
    assert_eq!(stored, 0, "nothing stored");
    // A solar year is accepted by the same form.
    let fields = with(
        request_fields("leila@example.org", "Maryam Karimi"),
        "s1.birth_year",
        "۱۳۵۸",
    );
    let r = post(&app, "/contact/request", &fields).await;
    assert_eq!(r.status, Status::SeeOther, "{}", r.body);
}

#[rocket::async_test]
async fn receipt_codes_are_read_in_persian_and_arabic_indic_digits_with_spaces() {
    let app = app().await;
    let s = confirmed(&app, "Maryam Karimi", "maryam@example.org").await;
    let code = s.receipt.expect("a receipt code");
    let slug = the_petition(&app).await.slug;
    // Persian digits, lower case, spaces instead of dashes; one digit in Arabic-Indic.
    let typed = persian_digits(&code.to_lowercase().replace('-', " ")).replacen('۲', "٢", 1);
    let r = post(
        &app,
        &format!("/petitions/{slug}/receipt"),
        &[("code", &typed)],
    )
    .await;
    assert_eq!(r.status, Status::Ok, "{typed} is read as {code}");
    let junk = post(
        &app,
        &format!("/petitions/{slug}/receipt"),
        &[("code", "۱۲۳")],
    )
    .await;
    assert_eq!(junk.status, Status::UnprocessableEntity);
}

#[rocket::async_test]
async fn a_second_factor_code_in_persian_digits_logs_in() {
    let app = TestApp::new().await;
    let (m, client) = member(&app, "admin@example.org", &[Role::Admin]).await;
    staff::logout(&client).await;
    let code = m.code(1);
    let typed = format!(
        "{} {}",
        persian_digits(&code[..3]),
        code[3..]
            .chars()
            .map(|c| char::from_u32(u32::from(c) - u32::from('0') + u32::from('٠')).unwrap())
            .collect::<String>()
    );
    let r = staff::login(&client, &m.email, PASSWORD, &typed).await;
    assert_eq!(r.status(), Status::SeeOther, "{typed} accepted");
    let (status, _, _) = staff::get(&client, "/staff").await;
    assert_eq!(status, Status::Ok);
}
