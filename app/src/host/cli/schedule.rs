//! `portal appointments …`: services, locations, weekly hours, closed days and slots.

use clap::Subcommand;
use portal_core::booking::schedule;
use portal_core::Ctx;
use portal_domain::appointments::{parse_time, parse_weekday, Service, WeeklyHours};
use portal_domain::staff::StaffRole;
use portal_domain::Field;
use portal_storage::Store;

use super::Failure;

/// `portal appointments …`
#[derive(Debug, Subcommand)]
pub enum AppointmentsCommand {
    /// Add or change a service.
    Service {
        /// Short code, e.g. document-renewal.
        #[arg(long)]
        code: String,
        /// Name in a language, as LANG=TEXT (en is required; also fr, ar, prs). Repeat.
        #[arg(long = "name", required = true)]
        names: Vec<String>,
        /// Minutes per appointment.
        #[arg(long)]
        minutes: i64,
        /// The person must bring documents.
        #[arg(long)]
        bring_documents: bool,
        /// Active bookings allowed per household.
        #[arg(long, default_value_t = 1)]
        per_household: i64,
        /// Staff role that handles it (repeat).
        #[arg(long = "role", default_value = "clerk")]
        roles: Vec<String>,
    },
    /// Add a location to an office (in the office's time zone).
    Location {
        /// Office code.
        #[arg(long)]
        office: String,
        /// Name.
        #[arg(long)]
        name: String,
        /// Address shown to people.
        #[arg(long)]
        address: String,
        /// Public phone number shown on the help page (international form, e.g. +96265000100).
        #[arg(long, default_value = "")]
        phone: String,
    },
    /// Set weekly opening hours of a service at a location.
    Hours {
        /// Office code of the location.
        #[arg(long)]
        office: String,
        /// Location name.
        #[arg(long)]
        location: String,
        /// Service code.
        #[arg(long)]
        service: String,
        /// Day of the week (mon … sun); repeat for several.
        #[arg(long = "day", required = true)]
        days: Vec<String>,
        /// Opening time, local, HH:MM.
        #[arg(long)]
        opens: String,
        /// Closing time, local, HH:MM.
        #[arg(long)]
        closes: String,
        /// People per slot.
        #[arg(long, default_value_t = 1)]
        capacity: i64,
    },
    /// Close a location on a date (holiday).
    Closed {
        /// Office code of the location.
        #[arg(long)]
        office: String,
        /// Location name.
        #[arg(long)]
        location: String,
        /// The date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// Why (shown to staff).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Generate bookable slots from the opening hours (the server also does this itself).
    Generate {
        /// Days ahead.
        #[arg(long, default_value_t = 28)]
        days: i64,
    },
}

/// The service a `Service` command describes.
fn service_of(
    code: &str,
    names: &[String],
    minutes: i64,
    bring_documents: bool,
    per_household: i64,
    roles: &[String],
) -> Result<Service, Failure> {
    let pairs = names
        .iter()
        .map(|n| {
            n.split_once('=')
                .ok_or_else(|| Failure::input(format!("--name {n}: expected LANG=TEXT")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let roles: Vec<&str> = roles.iter().map(String::as_str).collect();
    for role in &roles {
        StaffRole::parse(role)?;
    }
    Ok(Service::parse(
        code,
        &pairs,
        minutes,
        &roles,
        bring_documents,
        per_household,
    )?)
}

/// Weekly hours on each of `days` from `opens` to `closes`.
fn hours_of(
    days: &[String],
    opens: &str,
    closes: &str,
    capacity: i64,
) -> Result<Vec<WeeklyHours>, Failure> {
    let opens = parse_time(Field::Service, opens)?;
    let closes = parse_time(Field::Service, closes)?;
    if closes <= opens || capacity < 1 {
        return Err(Failure::input(
            "closing must be after opening, and capacity at least 1",
        ));
    }
    days.iter()
        .map(|day| {
            Ok(WeeklyHours {
                weekday: parse_weekday(day)?,
                opens,
                closes,
                capacity,
            })
        })
        .collect()
}

/// The location an operator named, or a reason that repeats the names given.
async fn location_named(
    tx: &mut portal_storage::Tx,
    office: &str,
    name: &str,
) -> Result<portal_storage::appointments::Location, Failure> {
    schedule::location_named(tx, office, name)
        .await
        .map_err(|error| match error {
            portal_core::CoreError::Missing(_) => Failure::input(format!(
                "no location named {} at office {}",
                name.trim(),
                office.trim().to_ascii_uppercase()
            )),
            other => other.into(),
        })
}

/// Runs an `appointments` command; each change is one transaction with its audit row.
pub async fn run(
    store: &Store,
    ctx: &Ctx<'_>,
    command: AppointmentsCommand,
) -> Result<(), Failure> {
    match command {
        AppointmentsCommand::Service {
            code,
            names,
            minutes,
            bring_documents,
            per_household,
            roles,
        } => {
            let service = service_of(
                &code,
                &names,
                minutes,
                bring_documents,
                per_household,
                &roles,
            )?;
            let mut tx = store.begin().await?;
            schedule::put_service(&mut tx, ctx, &service).await?;
            tx.commit().await?;
            println!("Service {} saved.", service.code);
        }
        AppointmentsCommand::Location {
            office,
            name,
            address,
            phone,
        } => {
            let mut tx = store.begin().await?;
            let place =
                schedule::put_location(&mut tx, ctx, &office, &name, &address, &phone).await?;
            tx.commit().await?;
            let zone = place.zone.name();
            println!(
                "Location {} at {} saved ({zone}).",
                place.name, place.office_code
            );
        }
        AppointmentsCommand::Hours {
            office,
            location,
            service,
            days,
            opens,
            closes,
            capacity,
        } => {
            let hours = hours_of(&days, &opens, &closes, capacity)?;
            let mut tx = store.begin().await?;
            let place = location_named(&mut tx, &office, &location).await?;
            schedule::put_hours(&mut tx, ctx, &place, &service, &hours).await?;
            tx.commit().await?;
            println!("Opening hours of {service} at {} saved.", place.name);
        }
        AppointmentsCommand::Closed {
            office,
            location,
            date,
            note,
        } => {
            let date = chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d")
                .map_err(|_| Failure::input("--date: expected YYYY-MM-DD"))?;
            let mut tx = store.begin().await?;
            let place = location_named(&mut tx, &office, &location).await?;
            let removed = schedule::close_day(&mut tx, ctx, &place, date, &note).await?;
            tx.commit().await?;
            println!("{removed} free slots of that day removed.");
            println!("{} is closed on {date}. Slots already booked that day are not cancelled; see the agenda.", place.name);
        }
        AppointmentsCommand::Generate { days } => {
            if !(1..=365).contains(&days) {
                return Err(Failure::input("--days: expected 1 to 365"));
            }
            let today = ctx.now.date_naive();
            let until = today + chrono::Duration::days(days);
            let created = schedule::generate_slots(store, today, until).await?;
            println!("{created} slots created.");
        }
    }
    Ok(())
}
