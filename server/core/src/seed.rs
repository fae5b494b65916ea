//! Demo data: a small but realistic operation for trying the portal and for end-to-end tests.
//!
//! Three offices (Amman, Kampala, Athens), 22 households with 67 people whose names are written
//! in Latin and in Arabic, Dari, Pashto, Tigrinya and Cyrillic scripts, and three staff members
//! (clerk, approver, admin). Idempotent: running it again adds nothing.
//!
//! Owns: the demo data set (`seed/demo-people.csv`, imported through the normal import path).
//! Must never: run against a production database by accident; it is an explicit command.

pub mod crowd;

use crate::admin;
use crate::booking::schedule::{generate_slots, DEFAULT_HORIZON_DAYS};
use crate::context::Ctx;
use crate::error::{CoreError, CoreResult};
use crate::import::{import_people, ImportOutcome};
use portal_domain::audit::Actor;
use portal_domain::office::Office;
use portal_domain::staff::{NewStaff, StaffRole};
use portal_storage::{appointments, Store, Tx};

/// The demo people, as a CSV export of the kind `portal import` reads.
pub const DEMO_PEOPLE_CSV: &[u8] = include_bytes!("seed/demo-people.csv");

/// The demo offices: code, name, IANA time zone.
pub const DEMO_OFFICES: [(&str, &str, &str); 3] = [
    ("AMM", "Amman registration centre", "Asia/Amman"),
    ("KLA", "Kampala field office", "Africa/Kampala"),
    ("ATH", "Athens registration office", "Europe/Athens"),
];

/// The demo staff: email, display name, roles, office.
pub const DEMO_STAFF: [(&str, &str, &[StaffRole], &str); 3] = [
    (
        "farida@agency.example.org",
        "Farida Nasser",
        &[StaffRole::Clerk],
        "AMM",
    ),
    (
        "jonas@agency.example.org",
        "Jonas Berg",
        &[StaffRole::Approver, StaffRole::Clerk],
        "AMM",
    ),
    (
        "priya@agency.example.org",
        "Priya Raman",
        &[StaffRole::Admin],
        "AMM",
    ),
];

/// The demo services: code, names (en, fr, ar, prs), minutes, bring documents, bookings per
/// household.
pub const DEMO_SERVICES: [(&str, [&str; 4], i64, bool, i64); 4] = [
    (
        "document-renewal",
        [
            "Renew a document",
            "Renouveler un document",
            "تجديد وثيقة",
            "تمدید سند",
        ],
        30,
        true,
        1,
    ),
    (
        "credential-collection",
        [
            "Collect a proof of registration",
            "Retirer une preuve d'enregistrement",
            "استلام إثبات التسجيل",
            "دریافت ثبوت ثبت نام",
        ],
        15,
        true,
        1,
    ),
    (
        "newborn-registration",
        [
            "Register a newborn",
            "Enregistrer un nouveau-né",
            "تسجيل مولود جديد",
            "ثبت نوزاد",
        ],
        45,
        true,
        2,
    ),
    (
        "protection-consultation",
        [
            "Talk to a protection officer",
            "Parler à un agent de protection",
            "التحدث مع موظف الحماية",
            "گفتگو با مسئول حفاظت",
        ],
        30,
        false,
        1,
    ),
];

/// The demo locations: office, name, address.
pub const DEMO_LOCATIONS: [(&str, &str, &str, &str); 3] = [
    (
        "AMM",
        "Amman registration centre",
        "Khalda, Wadi Al Seer street 14, Amman",
        "+96265000100",
    ),
    (
        "KLA",
        "Kampala field office",
        "Plot 18, Old Kampala road, Kampala",
        "+256414000200",
    ),
    (
        "ATH",
        "Athens registration office",
        "Leoforos Kifisias 123, Athens",
        "+302100000300",
    ),
];

/// What seeding did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Offices created now.
    pub offices_created: usize,
    /// Staff accounts created now.
    pub staff_created: usize,
    /// People created now.
    pub people_created: usize,
    /// Households created now.
    pub households_created: usize,
    /// Bookable slots created now.
    pub slots_created: u64,
}

/// Creates whatever part of the demo data is missing; returns what it created.
pub async fn seed_demo(store: &Store, ctx: &Ctx<'_>) -> CoreResult<SeedReport> {
    let mut report = SeedReport::default();
    let mut tx = store.begin().await?;
    for (code, name, zone) in DEMO_OFFICES {
        let office =
            Office::parse(code, name, zone).map_err(|e| CoreError::Setup(e.to_string()))?;
        if admin::add_office(&mut tx, ctx, &office, SOURCE).await? {
            report.offices_created += 1;
        }
    }
    for (email, name, roles, office) in DEMO_STAFF {
        let account = NewStaff::parse(email, name, roles, Some(office))
            .map_err(|e| CoreError::Setup(e.to_string()))?;
        if admin::staff_by_email(&mut tx, &account.email)
            .await?
            .is_none()
        {
            admin::add_staff(&mut tx, ctx, &account, SOURCE).await?;
            report.staff_created += 1;
        }
    }
    if let ImportOutcome::Imported {
        households, people, ..
    } = import_people(&mut tx, ctx, DEMO_PEOPLE_CSV, Actor::System, SOURCE).await?
    {
        report.people_created = people;
        report.households_created = households;
    }
    seed_schedule(&mut tx, ctx).await?;
    tx.commit().await?;
    let today = ctx.now.date_naive();
    let horizon = chrono::Duration::days(i64::from(DEFAULT_HORIZON_DAYS));
    report.slots_created = generate_slots(store, today, today + horizon).await?;
    Ok(report)
}

/// The audit source of demo data.
const SOURCE: &str = "seed-demo";

/// The demo services, locations, weekly hours and a holiday.
async fn seed_schedule(tx: &mut Tx, ctx: &Ctx<'_>) -> CoreResult<()> {
    use chrono::{NaiveTime, Weekday};
    use portal_domain::appointments::{Exception, Service, WeeklyHours};
    let invalid = |e: portal_domain::ValidationError| CoreError::Setup(e.to_string());
    let now = ctx.now;
    for (code, [en, fr, ar, prs], minutes, documents, limit) in DEMO_SERVICES {
        let service = Service::parse(
            code,
            &[("en", en), ("fr", fr), ("ar", ar), ("prs", prs)],
            minutes,
            &["clerk"],
            documents,
            limit,
        )
        .map_err(invalid)?;
        appointments::put_service(tx, &service, now).await?;
    }
    let time = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN);
    for (office, name, address, phone) in DEMO_LOCATIONS {
        let zone = DEMO_OFFICES
            .iter()
            .find(|(code, ..)| *code == office)
            .and_then(|(_, _, zone)| zone.parse::<chrono_tz::Tz>().ok())
            .ok_or_else(|| CoreError::Setup(format!("no zone for {office}")))?;
        let location = appointments::put_location(tx, office, name, address, zone, now).await?;
        appointments::set_location_phone(tx, location, phone).await?;
        // Jordan's weekend is Friday and Saturday; Uganda's and Greece's Saturday and Sunday.
        let days: &[Weekday] = if office == "AMM" {
            &[
                Weekday::Sun,
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
            ]
        } else {
            &[
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ]
        };
        for (code, ..) in DEMO_SERVICES {
            for day in days {
                appointments::put_hours(
                    tx,
                    location,
                    code,
                    &WeeklyHours {
                        weekday: *day,
                        opens: time(8, 30),
                        closes: time(12, 30),
                        capacity: 3,
                    },
                )
                .await?;
            }
        }
        if let Some(new_year) = chrono::NaiveDate::from_ymd_opt(2027, 1, 1) {
            appointments::put_exception(
                tx,
                location,
                &Exception::Closed(new_year),
                "New Year's Day",
            )
            .await?;
        }
    }
    Ok(())
}
