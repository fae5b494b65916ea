//! The schedule appointments are booked in: services, locations, weekly hours, closed days,
//! and the bookable slots generated from them. Operators set it up from the command line.
//!
//! A schedule is local time: slots are generated in each location's zone, so across a
//! daylight-saving change the local time of a slot stays and its UTC time moves.
//!
//! Owns: validating and auditing schedule changes, and slot generation. Must never: remove a
//! slot somebody booked.

use chrono::{NaiveDate, NaiveTime};
use portal_domain::appointments::{
    generate_slots as plan_slots, local_to_utc, Exception, Service, WeeklyHours,
};
use portal_domain::audit::{Actor, AuditAction};
use portal_domain::person::Phone;
use portal_domain::{clean_text, Field};
use portal_storage::appointments::{self as store, Location};
use portal_storage::{audit, people, Store, Tx};
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::{CoreError, CoreResult};

/// How far ahead slots are generated, in days, unless configured otherwise.
pub const DEFAULT_HORIZON_DAYS: u32 = 28;

/// Longest location name.
const MAX_LOCATION_NAME: usize = 120;
/// Longest address.
const MAX_ADDRESS: usize = 300;

/// An operator's change of the schedule, audited as the portal itself (`source: cli`).
fn operator_event(
    ctx: &Ctx<'_>,
    action: AuditAction,
    details: serde_json::Value,
) -> portal_domain::audit::AuditEvent {
    ctx.event(Actor::System, action)
        .from_source("cli")
        .with_details(details)
}

/// Adds or changes a bookable service.
pub async fn put_service(tx: &mut Tx, ctx: &Ctx<'_>, service: &Service) -> CoreResult<()> {
    store::put_service(tx, service, ctx.now).await?;
    let event = operator_event(
        ctx,
        AuditAction::ServicePut,
        serde_json::json!({ "service": service.code }),
    );
    audit::append(tx, &event).await?;
    Ok(())
}

/// Adds a location of `office` (in the office's time zone) with its public phone (empty for
/// none) unless one of that name exists; the phone is set either way;
/// returns it.
pub async fn put_location(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    office: &str,
    name: &str,
    address: &str,
    phone: &str,
) -> CoreResult<Location> {
    let office = office.trim().to_ascii_uppercase();
    let zone = people::office(tx, &office)
        .await?
        .and_then(|o| o.time_zone.as_str().parse::<chrono_tz::Tz>().ok())
        .ok_or(CoreError::Missing("the office"))?;
    let name = clean_text(Field::OfficeName, name, MAX_LOCATION_NAME, false)?;
    let address = clean_text(Field::Address, address, MAX_ADDRESS, true)?;
    let phone = match phone.trim() {
        "" => String::new(),
        given => Phone::parse(given)?.as_str().to_owned(),
    };
    let id = store::put_location(tx, &office, &name, &address, zone, ctx.now).await?;
    store::set_location_phone(tx, id, &phone).await?;
    let event = operator_event(
        ctx,
        AuditAction::LocationPut,
        serde_json::json!({ "location": id.to_string(), "office": office }),
    );
    audit::append(tx, &event).await?;
    Ok(Location {
        id,
        office_code: office,
        name,
        address,
        zone,
        phone,
    })
}

/// The location named `name` at `office`.
pub async fn location_named(tx: &mut Tx, office: &str, name: &str) -> CoreResult<Location> {
    let office = office.trim().to_ascii_uppercase();
    store::locations(tx)
        .await?
        .into_iter()
        .find(|l| l.office_code == office && l.name == name.trim())
        .ok_or(CoreError::Missing("a location of that name at that office"))
}

/// Sets the weekly hours of `service` at `location` on each of `days`.
pub async fn put_hours(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    location: &Location,
    service: &str,
    days: &[WeeklyHours],
) -> CoreResult<()> {
    if !store::services(tx).await?.iter().any(|s| s.code == service) {
        return Err(CoreError::Missing("the service"));
    }
    for hours in days {
        store::put_hours(tx, location.id, service, hours).await?;
    }
    let event = operator_event(
        ctx,
        AuditAction::HoursPut,
        serde_json::json!({ "location": location.id.to_string(), "service": service }),
    );
    audit::append(tx, &event).await?;
    Ok(())
}

/// Closes `location` on `date`: its free slots that day go; booked ones stay for staff to
/// move. Returns how many free slots were removed.
pub async fn close_day(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    location: &Location,
    date: NaiveDate,
    note: &str,
) -> CoreResult<u64> {
    store::put_exception(tx, location.id, &Exception::Closed(date), note.trim()).await?;
    let start = local_to_utc(location.zone, date, NaiveTime::MIN);
    let end = local_to_utc(
        location.zone,
        date + chrono::Duration::days(1),
        NaiveTime::MIN,
    );
    let removed = match (start, end) {
        (Some(start), Some(end)) => store::remove_free_slots(tx, location.id, start, end).await?,
        _ => 0,
    };
    let event = operator_event(
        ctx,
        AuditAction::HoursClosed,
        serde_json::json!({ "location": location.id.to_string(), "date": date.to_string() }),
    );
    audit::append(tx, &event).await?;
    Ok(removed)
}

/// Creates the slots of every service at every location for `from..=to` (local dates) that
/// do not exist yet; returns how many were created. Safe to run again and from several
/// instances: each location's slots are written in one transaction.
pub async fn generate_slots(store: &Store, from: NaiveDate, to: NaiveDate) -> CoreResult<u64> {
    let mut db = store.read().await?;
    let services = store::services(&mut db).await?;
    let locations = store::locations(&mut db).await?;
    drop(db);
    let mut created = 0;
    for location in locations {
        let mut tx = store.begin().await?;
        let hours = store::weekly_hours(&mut tx, location.id).await?;
        let exceptions = store::exceptions(&mut tx, location.id).await?;
        for service in &services {
            let weekly: Vec<WeeklyHours> = hours
                .iter()
                .filter(|(code, _)| code == &service.code)
                .map(|(_, h)| h.clone())
                .collect();
            if weekly.is_empty() {
                continue;
            }
            for plan in plan_slots(
                location.zone,
                &weekly,
                &exceptions,
                service.minutes,
                from,
                to,
            ) {
                created += u64::from(
                    store::insert_slot(&mut tx, location.id, &service.code, &plan).await?,
                );
            }
        }
        tx.commit().await?;
    }
    Ok(created)
}

/// The location with this id, if it exists.
pub async fn location(tx: &mut Tx, id: Uuid) -> CoreResult<Option<Location>> {
    Ok(store::locations(tx).await?.into_iter().find(|l| l.id == id))
}
