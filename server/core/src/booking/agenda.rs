//! What the staff agenda shows and what the booking pages offer: the services, the locations,
//! the appointments of a day or a week with who comes, the free slots, and the open requests
//! for a time. Every person named on the agenda is an access to their data: each one gets an
//! audit row about them before the agenda is returned.
//!
//! Owns: the agenda read and its audit. Must never: show a location outside the staff member's
//! offices, or name a person without auditing it.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use portal_domain::appointments::{local_to_utc, Service};
use portal_domain::audit::AuditAction;
use portal_domain::person::{Person, PersonId};
use portal_domain::policy::desk_role;
use portal_domain::staff::Staff;
use portal_storage::appointments::{self as store, Appointment, Location, Slot, TimeRequest};
use portal_storage::{audit, people, Conn, Tx};
use uuid::Uuid;

use super::{staff_locations, staff_time_requests};
use crate::context::Ctx;
use crate::error::CoreResult;

/// How far ahead the agenda lists free slots, in days.
const FREE_DAYS: i64 = 28;

/// Free slots listed per service.
const FREE_PER_SERVICE: usize = 20;

/// The longest reference search text kept.
const MAX_FIND_CHARS: usize = 32;

/// What the agenda is asked for.
#[derive(Clone, Copy, Debug, Default)]
pub struct AgendaQuery<'a> {
    /// The location (the first one the staff member manages when none or unknown).
    pub location: Option<Uuid>,
    /// The first local day (today at the location when none).
    pub day: Option<NaiveDate>,
    /// A week instead of a day.
    pub week: bool,
    /// Only the appointment with this reference (read from a QR code), when not empty.
    pub find: &'a str,
}

/// An appointment with who comes.
#[derive(Clone, Debug)]
pub struct Visit {
    /// The appointment.
    pub appointment: Appointment,
    /// The person, when still on record.
    pub person: Option<Person>,
}

/// An open request for a time with who asks.
#[derive(Clone, Debug)]
pub struct Waiting {
    /// The request.
    pub request: TimeRequest,
    /// The person, when still on record.
    pub person: Option<Person>,
}

/// The agenda of one location.
#[derive(Clone, Debug)]
pub struct Agenda {
    /// All services.
    pub services: Vec<Service>,
    /// The locations the staff member manages.
    pub locations: Vec<Location>,
    /// The location shown (none when the staff member manages none).
    pub place: Option<Location>,
    /// The first local day shown.
    pub day: Option<NaiveDate>,
    /// The appointments, earliest first.
    pub visits: Vec<Visit>,
    /// Free slots per service code, earliest first.
    pub free: Vec<(String, Vec<Slot>)>,
    /// Open requests for a time at the location.
    pub waiting: Vec<Waiting>,
}

/// All bookable services.
pub async fn services(db: &mut Conn) -> CoreResult<Vec<Service>> {
    Ok(store::services(db).await?)
}

/// All locations (names and addresses are public: they are printed on invitations).
pub async fn locations(db: &mut Conn) -> CoreResult<Vec<Location>> {
    Ok(store::locations(db).await?)
}

/// The local day's start and the end of the span, in UTC.
fn span(place: &Location, day: NaiveDate, days: i64) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = local_to_utc(place.zone, day, NaiveTime::MIN)
        .unwrap_or_else(|| day.and_time(NaiveTime::MIN).and_utc());
    let end = local_to_utc(place.zone, day + Duration::days(days), NaiveTime::MIN)
        .unwrap_or(start + Duration::days(days));
    (start, end)
}

/// The agenda a staff member asked for, audited once per person it names.
pub async fn agenda(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff: &Staff,
    query: AgendaQuery<'_>,
) -> CoreResult<Agenda> {
    let locations = staff_locations(tx, staff).await?;
    let services = store::services(tx).await?;
    let place = query
        .location
        .and_then(|id| locations.iter().find(|l| l.id == id))
        .or_else(|| locations.first())
        .cloned();
    let Some(place) = place else {
        return Ok(Agenda {
            services,
            locations,
            place: None,
            day: query.day,
            visits: Vec::new(),
            free: Vec::new(),
            waiting: Vec::new(),
        });
    };
    let day = query
        .day
        .unwrap_or_else(|| ctx.now.with_timezone(&place.zone).date_naive());
    let (start, end) = span(&place, day, if query.week { 7 } else { 1 });
    let find: String = query
        .find
        .trim()
        .chars()
        .take(MAX_FIND_CHARS)
        .collect::<String>()
        .to_ascii_uppercase();
    let mut visits = Vec::new();
    for appointment in store::between(tx, place.id, start, end).await? {
        if find.is_empty() || appointment.id.reference() == find {
            let person = people::by_id(tx, appointment.person_id).await?;
            visits.push(Visit {
                appointment,
                person,
            });
        }
    }
    let mut waiting = Vec::new();
    for request in staff_time_requests(tx, staff).await? {
        if request.location_id == place.id {
            let person = people::by_id(tx, request.person_id).await?;
            waiting.push(Waiting { request, person });
        }
    }
    let mut free = Vec::with_capacity(services.len());
    for service in &services {
        let mut slots = store::free_slots(
            tx,
            place.id,
            &service.code,
            ctx.now,
            ctx.now + Duration::days(FREE_DAYS),
        )
        .await?;
        slots.truncate(FREE_PER_SERVICE);
        free.push((service.code.clone(), slots));
    }
    let named: BTreeSet<PersonId> = visits
        .iter()
        .filter_map(|v| v.person.as_ref().map(|p| p.id))
        .chain(
            waiting
                .iter()
                .filter_map(|w| w.person.as_ref().map(|p| p.id)),
        )
        .collect();
    let details = serde_json::json!({ "location": place.id.to_string(), "day": day.to_string() });
    let events: Vec<_> = named
        .into_iter()
        .map(|person| {
            ctx.staff_event(
                staff,
                desk_role(staff),
                AuditAction::AgendaView,
                person,
                details.clone(),
            )
        })
        .collect();
    audit::append_all(tx, &events).await?;
    Ok(Agenda {
        services,
        locations,
        place: Some(place),
        day: Some(day),
        visits,
        free,
        waiting,
    })
}
