//! Statistics pages: the contact side by month (`/staff/stats`, caseworkers and admins)
//! and the petition side's signatures over time and by country (`/staff/stats/petitions`,
//! organisers and admins), each as tables, server-rendered SVG charts and a CSV download.
//! A small count reads "fewer than 5" everywhere, CSV included.

use crate::context::AppContext;
use crate::domain::people::country;
use crate::domain::staff::account::Role;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::ids::PetitionId;
use crate::services::staff::stats::{self, ContactMonth, Count, Median, PetitionStats, STAGES};
use crate::web::charts::{Bar, bar_chart};
use crate::web::guards::staff_auth::CurrentStaff;
use crate::web::page::Page;
use crate::web::pagination::digits;
use rocket::http::{ContentType, Header, Status};
use rocket::request::{FromRequest, Outcome, Request};
use rocket::{Responder, State, get, routes};
use rocket_dyn_templates::Template;
use serde_json::{Value, json};

macro_rules! any_role_guard {
    ($name:ident, [$($role:expr),+], $doc:literal) => {
        #[doc = $doc]
        pub struct $name<'r>(pub &'r CurrentStaff);

        #[rocket::async_trait]
        impl<'r> FromRequest<'r> for $name<'r> {
            type Error = ();

            async fn from_request(req: &'r Request<'_>) -> Outcome<Self, Self::Error> {
                match req.guard::<&CurrentStaff>().await {
                    Outcome::Success(s) if [$($role),+].iter().any(|r| s.has(*r)) => {
                        Outcome::Success($name(s))
                    }
                    Outcome::Success(_) => Outcome::Error((Status::Forbidden, ())),
                    Outcome::Error(e) => Outcome::Error(e),
                    Outcome::Forward(f) => Outcome::Forward(f),
                }
            }
        }
    };
}

any_role_guard!(
    ContactStatsReader,
    [Role::Caseworker, Role::Admin],
    "A caseworker or an administrator."
);
any_role_guard!(
    PetitionStatsReader,
    [Role::Organiser, Role::Admin],
    "An organiser or an administrator."
);

/// A count as shown in `locale`.
fn count(locale: Locale, c: Count) -> String {
    match c {
        Count::Exact(n) => digits(locale, n),
        Count::FewerThan => locale.t("stats-fewer-than-5"),
    }
}

/// A median as shown in `locale`.
fn median(locale: Locale, m: Median) -> String {
    match m {
        Median::Days(d) => digits(locale, format!("{d:.1}")),
        Median::TooFew => locale.t("stats-too-few"),
    }
}

/// A suppressed count is drawn as 1 (no shown count is between 1 and 4, so 1 always means
/// "fewer than 5") and labelled so.
fn bar_value(c: Count) -> u64 {
    match c {
        Count::Exact(n) => n,
        Count::FewerThan => 1,
    }
}

fn chart(locale: Locale, title: &str, empty: &str, bars: &[Bar]) -> String {
    let fewer = locale.t("stats-fewer-than-5");
    bar_chart(title, empty, bars, locale.dir() == "rtl", &|n| {
        if n == 1 {
            fewer.clone()
        } else {
            digits(locale, n)
        }
    })
}

const CONTACT_COLUMNS: [&str; 7] = [
    "requests",
    "registrations",
    "matches",
    "consents",
    "connections",
    "declines",
    "expiries",
];

fn cells(m: &ContactMonth) -> [Count; 7] {
    [
        m.requests,
        m.registrations,
        m.matches,
        m.consents,
        m.connections,
        m.declines,
        m.expiries,
    ]
}

#[get("/staff/stats")]
async fn contact(
    page: Page,
    ctx: &State<AppContext>,
    reader: ContactStatsReader<'_>,
) -> Result<Template, AppError> {
    let locale = page.locale;
    let months = stats::contact(&ctx.db).await?;
    let rows: Vec<Value> = months
        .iter()
        .map(|m| {
            json!({
                "month": digits(locale, &m.month),
                "cells": cells(m).iter().map(|c| count(locale, *c)).collect::<Vec<_>>(),
                "medians": m.medians.iter().map(|d| median(locale, *d)).collect::<Vec<_>>(),
            })
        })
        .collect();
    let bars = |pick: fn(&ContactMonth) -> Count| -> Vec<Bar> {
        months
            .iter()
            .take(12)
            .rev()
            .map(|m| Bar {
                label: digits(locale, &m.month),
                value: bar_value(pick(m)),
            })
            .collect()
    };
    let charts = [
        chart(
            locale,
            &locale.t("stats-chart-requests"),
            &locale.t("stats-chart-empty"),
            &bars(|m| m.requests),
        ),
        chart(
            locale,
            &locale.t("stats-chart-connections"),
            &locale.t("stats-chart-empty"),
            &bars(|m| m.connections),
        ),
    ];
    Ok(page.render(
        "staff/stats/contact",
        "stats-title",
        json!({
            "staff": super::super::nav(reader.0),
            "columns": CONTACT_COLUMNS,
            "stages": STAGES,
            "rows": rows,
            "charts": charts,
        }),
    ))
}

/// A CSV download.
#[derive(Responder)]
struct Csv(Vec<u8>, ContentType, Header<'static>);

fn csv(bytes: Vec<u8>, name: &str) -> Csv {
    Csv(
        bytes,
        ContentType::new("text", "csv").with_params(("charset", "utf-8")),
        Header::new(
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ),
    )
}

fn write_csv(records: Vec<Vec<String>>) -> Result<Vec<u8>, AppError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    for r in records {
        out.write_record(&r)
            .map_err(|e| AppError::Internal(format!("statistics CSV: {e}")))?;
    }
    out.into_inner()
        .map_err(|e| AppError::Internal(format!("statistics CSV: {e}")))
}

#[get("/staff/stats/contact.csv")]
async fn contact_csv(
    page: Page,
    ctx: &State<AppContext>,
    _reader: ContactStatsReader<'_>,
) -> Result<Csv, AppError> {
    let locale = page.locale;
    let months = stats::contact(&ctx.db).await?;
    let mut header = vec![locale.t("stats-col-month")];
    header.extend(
        CONTACT_COLUMNS
            .iter()
            .map(|c| locale.t(&format!("stats-col-{c}"))),
    );
    header.extend(
        STAGES
            .iter()
            .map(|s| locale.t(&format!("stats-col-median-{s}"))),
    );
    let mut records = vec![header];
    for m in &months {
        let mut r = vec![m.month.clone()];
        r.extend(cells(m).iter().map(|c| match c {
            Count::Exact(n) => n.to_string(),
            Count::FewerThan => locale.t("stats-fewer-than-5"),
        }));
        r.extend(m.medians.iter().map(|d| match d {
            Median::Days(d) => format!("{d:.1}"),
            Median::TooFew => locale.t("stats-too-few"),
        }));
        records.push(r);
    }
    Ok(csv(write_csv(records)?, "contact-statistics.csv"))
}

fn petition_rows(locale: Locale, s: &PetitionStats) -> (Vec<Value>, Vec<Value>) {
    let months = s
        .by_month
        .iter()
        .map(|(m, c)| json!({ "month": digits(locale, m), "count": count(locale, *c) }))
        .collect();
    let countries = s
        .by_country
        .iter()
        .map(|(code, c)| {
            json!({
                "country": country::name(code, locale.code()).unwrap_or(code),
                "count": count(locale, *c),
            })
        })
        .collect();
    (months, countries)
}

#[get("/staff/stats/petitions?<petition>")]
async fn petitions(
    page: Page,
    ctx: &State<AppContext>,
    reader: PetitionStatsReader<'_>,
    petition: Option<PetitionId>,
) -> Result<Template, AppError> {
    let locale = page.locale;
    let choices = stats::petition_choices(&ctx.db).await?;
    if petition.is_some_and(|p| !choices.iter().any(|(id, _)| *id == p)) {
        return Err(AppError::NotFound);
    }
    let s = stats::petitions(&ctx.db, petition).await?;
    let (months, countries) = petition_rows(locale, &s);
    let month_bars: Vec<Bar> = s
        .by_month
        .iter()
        .take(12)
        .rev()
        .map(|(m, c)| Bar {
            label: digits(locale, m),
            value: bar_value(*c),
        })
        .collect();
    let country_bars: Vec<Bar> = s
        .by_country
        .iter()
        .take(15)
        .map(|(code, c)| Bar {
            label: country::name(code, locale.code())
                .unwrap_or(code)
                .to_owned(),
            value: bar_value(*c),
        })
        .collect();
    let options: Vec<Value> = choices
        .iter()
        .map(|(id, slug)| json!({ "id": id, "slug": slug, "selected": Some(*id) == petition }))
        .collect();
    let csv_href = match petition {
        Some(p) => format!(
            "/staff/stats/petitions.csv?petition={p}&lang={}",
            locale.code()
        ),
        None => format!("/staff/stats/petitions.csv?lang={}", locale.code()),
    };
    Ok(page.render(
        "staff/stats/petitions",
        "stats-petitions-title",
        json!({
            "staff": super::super::nav(reader.0),
            "petitions": options,
            "total": count(locale, s.total),
            "months": months,
            "countries": countries,
            "month_chart": chart(locale, &locale.t("stats-chart-signatures-month"), &locale.t("stats-chart-empty"), &month_bars),
            "country_chart": chart(locale, &locale.t("stats-chart-signatures-country"), &locale.t("stats-chart-empty"), &country_bars),
            "csv_href": csv_href,
        }),
    ))
}

#[get("/staff/stats/petitions.csv?<petition>")]
async fn petitions_csv(
    page: Page,
    ctx: &State<AppContext>,
    _reader: PetitionStatsReader<'_>,
    petition: Option<PetitionId>,
) -> Result<Csv, AppError> {
    let locale = page.locale;
    let s = stats::petitions(&ctx.db, petition).await?;
    let raw = |c: Count| match c {
        Count::Exact(n) => n.to_string(),
        Count::FewerThan => locale.t("stats-fewer-than-5"),
    };
    let mut records = vec![vec![
        locale.t("stats-csv-what"),
        locale.t("stats-csv-key"),
        locale.t("stats-csv-signatures"),
    ]];
    for (m, c) in &s.by_month {
        records.push(vec![locale.t("stats-csv-month"), m.clone(), raw(*c)]);
    }
    for (code, c) in &s.by_country {
        records.push(vec![locale.t("stats-csv-country"), code.clone(), raw(*c)]);
    }
    Ok(csv(write_csv(records)?, "signature-statistics.csv"))
}

/// The statistics routes.
#[must_use]
pub fn routes() -> Vec<rocket::Route> {
    routes![contact, contact_csv, petitions, petitions_csv]
}
