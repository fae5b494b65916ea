//! What the staff agenda shows and what the booking pages offer: the services, the locations,
//! the appointments of a day or a week with who comes, the free slots, and the open requests
//! for a time. Every person named on the agenda is an access to their data: each one gets an
//! audit row about them before the agenda is returned.
//!
//! Owns: the agenda read and its audit. Must never: show a location outside the staff member's
//! offices, or name a person without auditing it.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use portal_domain::appointments::{local_to_utc, AppointmentId, AppointmentStatus, Service};
use portal_domain::audit::AuditAction;
use portal_domain::person::{Person, PersonId, RegistrationNumber};
use portal_domain::policy::{desk_role, may_view_person};
use portal_domain::session::Principal;
use portal_domain::staff::Staff;
use portal_domain::tokens::SecretToken;
use portal_storage::appointments::{self as store, Appointment, Location, Slot, TimeRequest};
use portal_storage::invitations::{self, StoredInvitation};
use portal_storage::{audit, people, Conn, Tx};
use uuid::Uuid;

use super::{staff_locations, staff_time_requests};
use crate::context::Ctx;
use crate::credentials::issuer::Issuer;
use crate::credentials::verification::{self, Holder, Verifier};
use crate::error::CoreResult;

/// How far ahead the agenda lists free slots, in days.
const FREE_DAYS: i64 = 28;

/// Free slots listed per service.
const FREE_PER_SERVICE: usize = 20;

/// What the agenda is asked for.
#[derive(Clone, Copy, Debug, Default)]
pub struct AgendaQuery<'a> {
    /// The location (the first one the staff member manages when none or unknown).
    pub location: Option<Uuid>,
    /// The first local day (today at the location when none).
    pub day: Option<NaiveDate>,
    /// A week instead of a day.
    pub week: bool,
    /// Only the appointment with this reference, on whatever day it is, when not empty.
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

/// The longest code read at the desk (a credential QR payload is at most a few kilobytes).
const MAX_SCAN_BYTES: usize = 8 * 1024;

/// What a code read at the desk led to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scanned {
    /// The booking to show: its reference and where and on which local day it is.
    Booking {
        /// The appointment's reference.
        reference: String,
        /// Its location.
        location: Uuid,
        /// Its local day.
        day: NaiveDate,
    },
    /// Someone the staff member may see, with no appointment at their locations.
    NoBooking,
    /// A credential that is not genuine (forged, altered, or another issuer's).
    NotGenuine,
    /// Not an appointment reference, a credential of this portal, an enrollment slip or a
    /// registration number of someone the staff member may see.
    Unknown,
}

/// Whose booking a code read at the desk names: an appointment reference, a credential QR
/// code (its signature must verify), an enrollment slip's link, or a registration number.
/// Reads only; the agenda it leads to audits whom it shows.
pub async fn scan(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    staff: &Staff,
    credentials: (&Issuer, &Verifier),
    code: &str,
) -> CoreResult<Scanned> {
    let code = code.trim();
    if code.is_empty() || code.len() > MAX_SCAN_BYTES {
        return Ok(Scanned::Unknown);
    }
    let locations = staff_locations(db, staff).await?;
    let ours = |a: &Appointment| locations.iter().find(|l| l.id == a.slot.location_id);
    if let Some((low, high)) = AppointmentId::reference_range(code) {
        let found = store::in_id_range(db, low, high).await?;
        return Ok(found
            .iter()
            .find_map(|a| ours(a).map(|place| booking_of(a, place)))
            .unwrap_or(Scanned::Unknown));
    }
    let (household, person) = match holder(db, ctx, credentials, code).await? {
        Some(Holder::Known(household, person)) => (household, person),
        Some(Holder::NotGenuine) => return Ok(Scanned::NotGenuine),
        Some(Holder::NotACredential) | None => return Ok(Scanned::Unknown),
    };
    let office = people::case_office(db, household).await?;
    if !office.is_some_and(|o| may_view_person(staff, &o)) {
        return Ok(Scanned::Unknown);
    }
    let appointments = store::of_household(db, household).await?;
    let theirs: Vec<(&Appointment, &Location)> = appointments
        .iter()
        .filter_map(|a| ours(a).map(|place| (a, place)))
        .collect();
    // The person's own bookings before the household's; a booking still ahead or under way
    // before past ones; the soonest of those, else the latest.
    let mine = |a: &Appointment| person.is_none_or(|p| a.person_id == p);
    let ahead = |a: &Appointment| a.status == AppointmentStatus::Booked && a.slot.ends_at > ctx.now;
    let pick = theirs
        .iter()
        .filter(|(a, _)| mine(a) && ahead(a))
        .min_by_key(|(a, _)| a.slot.starts_at)
        .or_else(|| {
            theirs
                .iter()
                .filter(|(a, _)| ahead(a))
                .min_by_key(|(a, _)| a.slot.starts_at)
        })
        .or_else(|| {
            theirs
                .iter()
                .filter(|(a, _)| mine(a))
                .max_by_key(|(a, _)| a.slot.starts_at)
        })
        .or_else(|| theirs.first());
    Ok(pick.map_or(Scanned::NoBooking, |(a, place)| booking_of(a, place)))
}

fn booking_of(appointment: &Appointment, place: &Location) -> Scanned {
    Scanned::Booking {
        reference: appointment.id.reference(),
        location: place.id,
        day: appointment
            .slot
            .starts_at
            .with_timezone(&place.zone)
            .date_naive(),
    }
}

/// The household (and person) a code other than an appointment reference names; `None` when
/// it names nobody.
async fn holder(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    (issuer, verifier): (&Issuer, &Verifier),
    code: &str,
) -> CoreResult<Option<Holder>> {
    if let Some(token) = code.rsplit_once("/enroll/").map(|(_, t)| t) {
        let token = token.split(['?', '#', '/']).next().unwrap_or_default();
        let Some(token) = SecretToken::parse(token) else {
            return Ok(None);
        };
        return match invitations::by_hash(db, &token.hash()).await? {
            Some(StoredInvitation {
                principal: Principal::Person(person),
                ..
            }) => person_holder(db, person).await,
            _ => Ok(None),
        };
    }
    if let Ok(number) = RegistrationNumber::parse(code) {
        return match people::by_registration_number(db, &number).await? {
            Some(person) => Ok(Some(Holder::Known(person.household_id, Some(person.id)))),
            None => Ok(None),
        };
    }
    Ok(Some(
        verification::holder_of(db, ctx, issuer, verifier, code).await?,
    ))
}

async fn person_holder(db: &mut Conn, person: PersonId) -> CoreResult<Option<Holder>> {
    Ok(people::by_id(db, person)
        .await?
        .map(|p| Holder::Known(p.household_id, Some(p.id))))
}

/// A household's appointments at the staff member's locations, for the case view (whose
/// opening is the audited access).
#[derive(Clone, Debug)]
pub struct CaseAppointments {
    /// The appointments, latest first.
    pub appointments: Vec<Appointment>,
    /// The household's members (who comes to each).
    pub members: Vec<Person>,
    /// The staff member's locations.
    pub locations: Vec<Location>,
    /// All services.
    pub services: Vec<Service>,
}

/// The appointments of a person's household at the staff member's locations, with the
/// members they name (one read for the household, not one per appointment).
pub async fn of_case(
    db: &mut Conn,
    staff: &Staff,
    person: PersonId,
) -> CoreResult<CaseAppointments> {
    let (person, _) = crate::access::viewable(db, staff, person).await?;
    let locations = staff_locations(db, staff).await?;
    let appointments = store::of_household(db, person.household_id)
        .await?
        .into_iter()
        .filter(|a| locations.iter().any(|l| l.id == a.slot.location_id))
        .collect();
    Ok(CaseAppointments {
        appointments,
        members: people::household_members(db, person.household_id).await?,
        locations,
        services: store::services(db).await?,
    })
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
    let find = query.find.trim();
    let found = match AppointmentId::reference_range(find) {
        Some((low, high)) if !find.is_empty() => store::in_id_range(tx, low, high)
            .await?
            .into_iter()
            .find(|a| locations.iter().any(|l| l.id == a.slot.location_id)),
        _ => None,
    };
    let place = found
        .as_ref()
        .map(|a| a.slot.location_id)
        .or(query.location)
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
    let mut visits = Vec::new();
    let day = if find.is_empty() {
        let day = query
            .day
            .unwrap_or_else(|| ctx.now.with_timezone(&place.zone).date_naive());
        let (start, end) = span(&place, day, if query.week { 7 } else { 1 });
        visits = store::between(tx, place.id, start, end).await?;
        day
    } else {
        // A reference finds its booking on whatever day it is.
        let day = found.as_ref().map_or_else(
            || ctx.now.with_timezone(&place.zone).date_naive(),
            |a| a.slot.starts_at.with_timezone(&place.zone).date_naive(),
        );
        visits.extend(found);
        day
    };
    let mut named = Vec::with_capacity(visits.len());
    for appointment in visits {
        let person = people::by_id(tx, appointment.person_id).await?;
        named.push(Visit {
            appointment,
            person,
        });
    }
    let visits = named;
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
