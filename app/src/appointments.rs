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
    /// Status code.
    pub status: String,
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
mod backend {
    use leptos::prelude::*;
    use portal_core::booking::{Booking, BookingFailure};
    use portal_domain::appointments::Service;
    use portal_storage::appointments::{Appointment, Location, Slot};

    use super::{AppointmentLine, LocationLine, ServiceLine, SlotLine};
    use crate::server::request::refuse;
    use crate::server::state::AppState;

    pub fn fail(error: BookingFailure) -> ServerFnError {
        match error {
            BookingFailure::NotFound => refuse(http::StatusCode::NOT_FOUND, "not-found"),
            BookingFailure::Invalid(_) => refuse(http::StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            BookingFailure::Refused(_) | BookingFailure::Stale => {
                refuse(http::StatusCode::CONFLICT, "conflict")
            }
            BookingFailure::Store(error) => {
                tracing::warn!(error = %error, "storage failure in a server function");
                refuse(http::StatusCode::SERVICE_UNAVAILABLE, "unavailable")
            }
        }
    }

    pub fn booking(state: &AppState) -> Booking<'_> {
        Booking {
            store: &state.store,
            now: state.clock.now(),
            cutoff: chrono::Duration::hours(i64::from(state.config.appointment_cutoff_hours)),
            request_id: None,
        }
    }

    pub fn service_line(service: &Service) -> ServiceLine {
        ServiceLine {
            code: service.code.clone(),
            names: service.names.clone(),
            bring_documents: service.bring_documents,
        }
    }

    pub fn location_line(location: &Location) -> LocationLine {
        LocationLine {
            id: location.id.to_string(),
            name: location.name.clone(),
            address: location.address.clone(),
        }
    }

    pub fn local(slot: &Slot, location: Option<&Location>) -> String {
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

    pub fn line(
        a: &Appointment,
        services: &[Service],
        locations: &[Location],
        may_change: bool,
    ) -> AppointmentLine {
        let location = locations.iter().find(|l| l.id == a.slot.location_id);
        let service = services
            .iter()
            .find(|s| s.code == a.slot.service_code)
            .map(service_line)
            .unwrap_or_else(|| ServiceLine {
                code: a.slot.service_code.clone(),
                names: Vec::new(),
                bring_documents: false,
            });
        AppointmentLine {
            id: a.id.0.to_string(),
            reference: a.id.reference(),
            service,
            status: a.status.as_str().to_owned(),
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

    pub fn parse_uuid(raw: &str) -> Result<uuid::Uuid, ServerFnError> {
        uuid::Uuid::parse_str(raw).map_err(|_| refuse(http::StatusCode::NOT_FOUND, "not-found"))
    }

    pub fn unavailable<E: std::fmt::Display>(error: E) -> ServerFnError {
        tracing::warn!(error = %error, "storage failure in a server function");
        refuse(http::StatusCode::SERVICE_UNAVAILABLE, "unavailable")
    }
}

/// "My appointments".
#[server(prefix = "/api", endpoint = "me/appointments/list")]
pub async fn my_appointments() -> Result<Appointments, ServerFnError> {
    use portal_domain::appointments::may_change;
    let (state, me) = crate::requests::signed_in_person().await?;
    let booking = backend::booking(&state);
    let mine = booking.mine(me).await.map_err(backend::fail)?;
    let services = state.store.services().await.map_err(backend::unavailable)?;
    let locations = state
        .store
        .locations()
        .await
        .map_err(backend::unavailable)?;
    let changeable = |a: &portal_storage::appointments::Appointment| {
        may_change(a.status, a.slot.starts_at, booking.now, booking.cutoff).is_ok()
    };
    Ok(Appointments {
        upcoming: mine
            .upcoming
            .iter()
            .map(|a| backend::line(a, &services, &locations, changeable(a)))
            .collect(),
        past: mine
            .past
            .iter()
            .map(|a| backend::line(a, &services, &locations, false))
            .collect(),
        cutoff_hours: i64::from(state.config.appointment_cutoff_hours),
    })
}

/// Services, the person's locations and, once both are chosen, the free slots by local day.
#[server(prefix = "/api", endpoint = "me/appointments/options")]
pub async fn booking_options(
    service: String,
    location: String,
) -> Result<BookingChoices, ServerFnError> {
    let (state, me) = crate::requests::signed_in_person().await?;
    let booking = backend::booking(&state);
    let services = state.store.services().await.map_err(backend::unavailable)?;
    let locations = booking
        .locations_for_person(me)
        .await
        .map_err(backend::fail)?;
    let chosen =
        locations
            .iter()
            .find(|l| l.id.to_string() == location)
            .or(if locations.len() == 1 {
                locations.first()
            } else {
                None
            });
    let mut days: Vec<Day> = Vec::new();
    if let (Some(place), true) = (chosen, services.iter().any(|s| s.code == service)) {
        let slots = booking
            .free_slots(me, place.id, &service, 28)
            .await
            .map_err(backend::fail)?;
        for slot in &slots {
            let line = backend::slot_line(slot, Some(place));
            let date = line.local.get(..10).unwrap_or_default().to_owned();
            match days.last_mut() {
                Some(day) if day.date == date => day.slots.push(line),
                _ => days.push(Day {
                    date,
                    slots: vec![line],
                }),
            }
        }
    }
    Ok(BookingChoices {
        services: services.iter().map(backend::service_line).collect(),
        locations: locations.iter().map(backend::location_line).collect(),
        days,
    })
}

/// One of the person's appointments, with the QR code for the gate.
#[server(prefix = "/api", endpoint = "me/appointments/one")]
pub async fn my_appointment(id: String) -> Result<AppointmentDetail, ServerFnError> {
    use portal_domain::appointments::{may_change, AppointmentId};
    let (state, me) = crate::requests::signed_in_person().await?;
    let booking = backend::booking(&state);
    let id = AppointmentId(backend::parse_uuid(&id)?);
    let appointment = booking
        .appointment_of_person(me, id)
        .await
        .map_err(backend::fail)?;
    let services = state.store.services().await.map_err(backend::unavailable)?;
    let locations = state
        .store
        .locations()
        .await
        .map_err(backend::unavailable)?;
    let changeable = may_change(
        appointment.status,
        appointment.slot.starts_at,
        booking.now,
        booking.cutoff,
    )
    .is_ok();
    let qr_svg = portal_core::auth::slip::qr_svg(&appointment.id.reference()).map_err(|_| {
        crate::server::request::refuse(http::StatusCode::INTERNAL_SERVER_ERROR, "qr")
    })?;
    Ok(AppointmentDetail {
        line: backend::line(&appointment, &services, &locations, changeable),
        qr_svg,
    })
}

/// The staff agenda of a location: a day or a week from `date` (local), the free slots and the
/// open requests for a time. `find` is a reference read from a QR code.
#[server(prefix = "/api", endpoint = "staff/appointments/agenda")]
pub async fn staff_agenda(
    location: String,
    date: String,
    week: bool,
    find: String,
) -> Result<Agenda, ServerFnError> {
    let (state, staff) = crate::staff_people::staff_member().await?;
    let booking = backend::booking(&state);
    let locations = booking
        .staff_locations(&staff)
        .await
        .map_err(backend::fail)?;
    let services = state.store.services().await.map_err(backend::unavailable)?;
    let chosen = locations
        .iter()
        .find(|l| l.id.to_string() == location)
        .or_else(|| locations.first());
    let Some(place) = chosen else {
        return Ok(Agenda {
            locations: Vec::new(),
            location: None,
            date,
            lines: Vec::new(),
            free: Vec::new(),
            requests: Vec::new(),
        });
    };
    let today = booking.now.with_timezone(&place.zone).date_naive();
    let day = chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").unwrap_or(today);
    let start = portal_domain::appointments::local_to_utc(place.zone, day, chrono::NaiveTime::MIN)
        .unwrap_or(booking.now);
    let span = if week { 7 } else { 1 };
    let end = portal_domain::appointments::local_to_utc(
        place.zone,
        day + chrono::Duration::days(span),
        chrono::NaiveTime::MIN,
    )
    .unwrap_or(start + chrono::Duration::days(span));
    let appointments = booking
        .staff_agenda(&staff, place.id, start, end)
        .await
        .map_err(backend::fail)?;
    let find = find.trim().to_ascii_uppercase();
    let mut lines = Vec::new();
    for a in appointments {
        if !find.is_empty() && a.id.reference() != find {
            continue;
        }
        let person = state
            .store
            .person_by_id(a.person_id)
            .await
            .map_err(backend::unavailable)?;
        let (name, number) = person.map_or_else(Default::default, |p| {
            (
                format!(
                    "{} {}",
                    p.record.given_name.as_str(),
                    p.record.family_name.as_str()
                ),
                p.record.registration_number.as_str().to_owned(),
            )
        });
        lines.push(AgendaLine {
            line: backend::line(&a, &services, &locations, false),
            name,
            registration_number: number,
        });
    }
    let mut free = Vec::new();
    for service in &services {
        let slots = state
            .store
            .free_slots(
                place.id,
                &service.code,
                booking.now,
                booking.now + chrono::Duration::days(28),
            )
            .await
            .map_err(backend::unavailable)?;
        free.push((
            service.code.clone(),
            slots
                .iter()
                .take(20)
                .map(|s| backend::slot_line(s, Some(place)))
                .collect(),
        ));
    }
    let mut requests = Vec::new();
    for r in booking
        .staff_time_requests(&staff)
        .await
        .map_err(backend::fail)?
    {
        if r.location_id != place.id {
            continue;
        }
        let name = state
            .store
            .person_by_id(r.person_id)
            .await
            .map_err(backend::unavailable)?
            .map(|p| {
                format!(
                    "{} {}",
                    p.record.given_name.as_str(),
                    p.record.family_name.as_str()
                )
            })
            .unwrap_or_default();
        let service = services
            .iter()
            .find(|s| s.code == r.service_code)
            .map(backend::service_line)
            .unwrap_or_else(|| ServiceLine {
                code: r.service_code.clone(),
                names: Vec::new(),
                bring_documents: false,
            });
        requests.push(TimeRequestLine {
            id: r.id.to_string(),
            name,
            service,
            location: r.location_id.to_string(),
            preferred: r.preferred,
            sent: r.created_at.date_naive().to_string(),
        });
    }
    // Reading the agenda shows names of people: audited like opening a case.
    let event = portal_domain::audit::AuditEvent::new(
        booking.now,
        portal_domain::audit::Actor::Staff {
            id: staff.id.0.to_string(),
            role: crate::staff_people::reading_role_of(&staff).to_owned(),
        },
        "agenda.view",
    )
    .with_details(serde_json::json!({ "location": place.id.to_string(), "from": start.to_rfc3339(), "days": span, "people": lines.len() }));
    state
        .store
        .append_audit(&event)
        .await
        .map_err(backend::unavailable)?;
    Ok(Agenda {
        locations: locations.iter().map(backend::location_line).collect(),
        location: Some(place.id.to_string()),
        date: day.to_string(),
        lines,
        free,
        requests,
    })
}
