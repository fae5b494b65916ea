//! Server functions of "My appointments" and the staff agenda. Times are formatted in the
//! location's own zone, on the server, so every phone shows the office's local time.
//!
//! Owns: the data shapes of the appointment pages. Must never: authorize (`portal_core::booking`
//! does) or return more than the page shows.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A service with its names by language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLine {
    /// Code.
    pub code: String,
    /// Names by language tag.
    pub names: Vec<(String, String)>,
    /// Bring documents.
    pub bring_documents: bool,
}

impl ServiceLine {
    /// The name in `tag`, else English.
    pub fn name(&self, tag: &str) -> String {
        self.names
            .iter()
            .find(|(t, _)| t == tag)
            .or_else(|| self.names.iter().find(|(t, _)| t == "en"))
            .map_or_else(|| self.code.clone(), |(_, n)| n.clone())
    }
}

/// A location.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationLine {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
}

/// A free slot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotLine {
    /// Id.
    pub id: String,
    /// Local date and time, `YYYY-MM-DD HH:MM`.
    pub local: String,
}

/// Free slots of one local day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Day {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Slots.
    pub slots: Vec<SlotLine>,
}

/// An appointment in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentLine {
    /// Id.
    pub id: String,
    /// Reference.
    pub reference: String,
    /// The service.
    pub service: ServiceLine,
    /// Status.
    pub status: portal_types::AppointmentStatus,
    /// Local start, `YYYY-MM-DD HH:MM`.
    pub local: String,
    /// Location.
    pub location: LocationLine,
    /// Whether the person may still change it online.
    pub may_change: bool,
    /// Staff's message about the last change.
    pub reason: Option<String>,
}

/// "My appointments".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Appointments {
    /// Coming up.
    pub upcoming: Vec<AppointmentLine>,
    /// Earlier.
    pub past: Vec<AppointmentLine>,
    /// Hours before the slot until which changes are possible.
    pub cutoff_hours: i64,
}

/// What the booking page offers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookingChoices {
    /// Services.
    pub services: Vec<ServiceLine>,
    /// Locations of the person's office.
    pub locations: Vec<LocationLine>,
    /// Free slots of the chosen service and location, by day.
    pub days: Vec<Day>,
}

/// One appointment with its QR code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentDetail {
    /// The line.
    pub line: AppointmentLine,
    /// QR code of the reference, SVG.
    pub qr_svg: String,
}

/// One line of the staff agenda.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaLine {
    /// The appointment.
    pub line: AppointmentLine,
    /// Who comes.
    pub name: String,
    /// Their registration number.
    pub registration_number: String,
    /// Whether it has started (it may be marked attended).
    pub started: bool,
    /// Whether it is over (it may be marked missed).
    pub over: bool,
}

/// A request for a time, for staff.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeRequestLine {
    /// Id.
    pub id: String,
    /// Who.
    pub name: String,
    /// Service.
    pub service: ServiceLine,
    /// Location id.
    pub location: String,
    /// What they wrote.
    pub preferred: String,
    /// Sent, `YYYY-MM-DD`.
    pub sent: String,
}

/// The staff agenda.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agenda {
    /// The staff member's locations.
    pub locations: Vec<LocationLine>,
    /// The location shown.
    pub location: Option<String>,
    /// First local day shown.
    pub date: String,
    /// Appointments.
    pub lines: Vec<AgendaLine>,
    /// Free slots per service at the location (for moving and offering).
    pub free: Vec<(String, Vec<SlotLine>)>,
    /// Open requests for a time.
    pub requests: Vec<TimeRequestLine>,
}

#[cfg(feature = "ssr")]
pub(crate) mod backend {
    use portal_domain::appointments::Service;
    use portal_domain::person::Person;
    use portal_storage::appointments::{Appointment, Location, Slot};

    use super::{AppointmentLine, Day, LocationLine, ServiceLine, SlotLine};

    pub fn service_line(service: &Service) -> ServiceLine {
        ServiceLine {
            code: service.code.clone(),
            names: service.names.clone(),
            bring_documents: service.bring_documents,
        }
    }

    fn service_of(code: &str, services: &[Service]) -> ServiceLine {
        services
            .iter()
            .find(|s| s.code == code)
            .map(service_line)
            .unwrap_or_else(|| ServiceLine {
                code: code.to_owned(),
                names: Vec::new(),
                bring_documents: false,
            })
    }

    pub fn location_line(location: &Location) -> LocationLine {
        LocationLine {
            id: location.id.to_string(),
            name: location.name.clone(),
            address: location.address.clone(),
        }
    }

    fn local(slot: &Slot, location: Option<&Location>) -> String {
        match location {
            Some(l) => slot
                .starts_at
                .with_timezone(&l.zone)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            None => slot.starts_at.format("%Y-%m-%d %H:%M UTC").to_string(),
        }
    }

    pub fn slot_line(slot: &Slot, location: Option<&Location>) -> SlotLine {
        SlotLine {
            id: slot.id.to_string(),
            local: local(slot, location),
        }
    }

    /// Slots grouped by their local day.
    pub fn days(slots: &[Slot], place: &Location) -> Vec<Day> {
        let mut days: Vec<Day> = Vec::new();
        for slot in slots {
            let line = slot_line(slot, Some(place));
            let date = line.local.get(..10).unwrap_or_default().to_owned();
            match days.last_mut() {
                Some(day) if day.date == date => day.slots.push(line),
                _ => days.push(Day {
                    date,
                    slots: vec![line],
                }),
            }
        }
        days
    }

    pub fn line(
        a: &Appointment,
        services: &[Service],
        locations: &[Location],
        may_change: bool,
    ) -> AppointmentLine {
        let location = locations.iter().find(|l| l.id == a.slot.location_id);
        AppointmentLine {
            id: a.id.0.to_string(),
            reference: a.id.reference(),
            service: service_of(&a.slot.service_code, services),
            status: a.status,
            local: local(&a.slot, location),
            location: location.map(location_line).unwrap_or_else(|| LocationLine {
                id: a.slot.location_id.to_string(),
                name: String::new(),
                address: String::new(),
            }),
            may_change,
            reason: a.reason.clone(),
        }
    }

    pub fn time_request_line(
        r: &portal_storage::appointments::TimeRequest,
        person: Option<&Person>,
        services: &[Service],
    ) -> super::TimeRequestLine {
        super::TimeRequestLine {
            id: r.id.to_string(),
            name: person.map(crate::api::people::name_of).unwrap_or_default(),
            service: service_of(&r.service_code, services),
            location: r.location_id.to_string(),
            preferred: r.preferred.clone(),
            sent: r.created_at.date_naive().to_string(),
        }
    }

    /// Whether the person may still change the appointment online at `now`, `cutoff` before
    /// it starts.
    pub fn changeable(
        a: &Appointment,
        now: chrono::DateTime<chrono::Utc>,
        cutoff: chrono::Duration,
    ) -> bool {
        portal_domain::appointments::may_change(a.status, a.slot.starts_at, now, cutoff).is_ok()
    }
}

/// "My appointments".
#[server(prefix = "/api", endpoint = "me/appointments/list")]
pub async fn my_appointments() -> Result<Appointments, ServerFnError> {
    use crate::server::request::{call, fail, me, read, state};
    use portal_core::booking::{self, agenda};

    let me = me()?;
    let call = call()?;
    let cutoff = state()?.cutoff();
    let cutoff_hours = i64::from(state()?.config.appointment_cutoff_hours);
    let mut db = read().await?;
    let mine = booking::mine(&mut db, &call.ctx(), me)
        .await
        .map_err(fail)?;
    let services = agenda::services(&mut db).await.map_err(fail)?;
    let locations = agenda::locations(&mut db).await.map_err(fail)?;
    Ok(Appointments {
        upcoming: mine
            .upcoming
            .iter()
            .map(|a| {
                let changeable = backend::changeable(a, call.now, cutoff);
                backend::line(a, &services, &locations, changeable)
            })
            .collect(),
        past: mine
            .past
            .iter()
            .map(|a| backend::line(a, &services, &locations, false))
            .collect(),
        cutoff_hours,
    })
}

/// Services, the person's locations and, once both are chosen, the free slots by local day.
#[server(prefix = "/api", endpoint = "me/appointments/options")]
pub async fn booking_options(
    service: String,
    location: String,
) -> Result<BookingChoices, ServerFnError> {
    use crate::server::request::{call, fail, me, read, state};
    use portal_core::booking::{self, agenda};

    let me = me()?;
    let call = call()?;
    let horizon_days = i64::from(state()?.config.appointment_horizon_days);
    let mut db = read().await?;
    let services = agenda::services(&mut db).await.map_err(fail)?;
    let locations = booking::locations_for_person(&mut db, me)
        .await
        .map_err(fail)?;
    let only = (locations.len() == 1).then(|| locations.first()).flatten();
    let chosen = locations
        .iter()
        .find(|l| l.id.to_string() == location)
        .or(only);
    let days = match chosen {
        Some(place) if services.iter().any(|s| s.code == service) => {
            let slots =
                booking::free_slots(&mut db, &call.ctx(), me, place.id, &service, horizon_days)
                    .await
                    .map_err(fail)?;
            backend::days(&slots, place)
        }
        _ => Vec::new(),
    };
    Ok(BookingChoices {
        services: services.iter().map(backend::service_line).collect(),
        locations: locations.iter().map(backend::location_line).collect(),
        days,
    })
}

/// One of the person's appointments, with the QR code for the gate.
#[server(prefix = "/api", endpoint = "me/appointments/one")]
pub async fn my_appointment(id: String) -> Result<AppointmentDetail, ServerFnError> {
    use crate::server::request::{call, fail, me, parse_id, read, state};
    use portal_core::booking::{self, agenda};
    use portal_domain::appointments::AppointmentId;

    let me = me()?;
    let id = AppointmentId(parse_id(&id)?);
    let now = call()?.now;
    let cutoff = state()?.cutoff();
    let mut db = read().await?;
    let appointment = booking::appointment_of_person(&mut db, me, id)
        .await
        .map_err(fail)?;
    let services = agenda::services(&mut db).await.map_err(fail)?;
    let locations = agenda::locations(&mut db).await.map_err(fail)?;
    let qr_svg = portal_core::auth::slip::qr_svg(&appointment.id.reference()).map_err(fail)?;
    Ok(AppointmentDetail {
        line: backend::line(
            &appointment,
            &services,
            &locations,
            backend::changeable(&appointment, now, cutoff),
        ),
        qr_svg,
    })
}

/// The household's appointments at the staff member's locations, latest first (case view).
#[server(prefix = "/api", endpoint = "staff/people/appointments")]
pub async fn case_appointments(id: String) -> Result<Vec<AgendaLine>, ServerFnError> {
    use crate::server::request::{desk, fail, parse_id};
    use portal_domain::person::PersonId;

    let person = PersonId(parse_id(&id)?);
    let desk = desk().await?;
    let now = desk.call.now;
    let mut db = desk.read().await?;
    let case = portal_core::booking::agenda::of_case(&mut db, &desk.staff, person)
        .await
        .map_err(fail)?;
    Ok(case
        .appointments
        .iter()
        .map(|a| {
            let who = case.members.iter().find(|m| m.id == a.person_id);
            AgendaLine {
                line: backend::line(a, &case.services, &case.locations, false),
                name: who.map(crate::api::people::name_of).unwrap_or_default(),
                registration_number: who
                    .map(|p| p.record.registration_number.as_str().to_owned())
                    .unwrap_or_default(),
                started: now >= a.slot.starts_at,
                over: now >= a.slot.ends_at,
            }
        })
        .collect())
}

/// The staff agenda of a location: a day or a week from `date` (local), the free slots and the
/// open requests for a time. `find` is a reference read from a QR code. Audited per person.
#[server(prefix = "/api", endpoint = "staff/appointments/agenda")]
pub async fn staff_agenda(
    location: String,
    date: String,
    week: bool,
    find: String,
) -> Result<Agenda, ServerFnError> {
    use crate::server::request::{commit, desk, fail};
    use portal_core::booking::agenda::{self, AgendaQuery};

    let desk = desk().await?;
    let (staff, call) = (&desk.staff, &desk.call);
    let query = AgendaQuery {
        location: uuid::Uuid::parse_str(location.trim()).ok(),
        day: chrono::NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok(),
        week,
        find: &find,
    };
    let mut tx = desk.begin().await?;
    let found = agenda::agenda(&mut tx, &call.ctx(), staff, query)
        .await
        .map_err(fail)?;
    commit(tx).await?;
    let place = found.place.as_ref();
    let services = &found.services;
    Ok(Agenda {
        locations: found.locations.iter().map(backend::location_line).collect(),
        location: place.map(|p| p.id.to_string()),
        date: found.day.map_or(date, |d| d.to_string()),
        lines: found
            .visits
            .iter()
            .map(|v| AgendaLine {
                line: backend::line(&v.appointment, services, &found.locations, false),
                name: v
                    .person
                    .as_ref()
                    .map(crate::api::people::name_of)
                    .unwrap_or_default(),
                registration_number: v
                    .person
                    .as_ref()
                    .map(|p| p.record.registration_number.as_str().to_owned())
                    .unwrap_or_default(),
                started: call.now >= v.appointment.slot.starts_at,
                over: call.now >= v.appointment.slot.ends_at,
            })
            .collect(),
        free: found
            .free
            .iter()
            .map(|(code, slots)| {
                let lines = slots.iter().map(|s| backend::slot_line(s, place)).collect();
                (code.clone(), lines)
            })
            .collect(),
        requests: found
            .waiting
            .iter()
            .map(|w| backend::time_request_line(&w.request, w.person.as_ref(), services))
            .collect(),
    })
}
