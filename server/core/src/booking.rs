//! Booking appointments: who may book, move, cancel and mark which appointment, with the audit
//! event of each. HTTP handlers and server functions parse input and call this.
//!
//! Owns: authorization of appointment actions (a person acts on their own appointments at their
//! office's locations; clerks and approvers on their office's locations). Must never: tell
//! "not yours" apart from "does not exist".

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

use portal_domain::appointments::{may_change, AppointmentId, AppointmentStatus, BookingRefused};
use portal_domain::audit::{with_office, Actor, AuditEvent, SubjectKind};
use portal_domain::person::PersonId;
use portal_domain::policy::may_view_person;
use portal_domain::staff::Staff;
use portal_domain::{clean_text, Field, ValidationError};
use portal_storage::appointments::{Appointment, BookingError, Location, Slot, TimeRequest};
use portal_storage::{Store, StoreError};

/// Everything a booking action can fail with.
#[derive(Debug, thiserror::Error)]
pub enum BookingFailure {
    /// Invalid input.
    #[error("invalid input")]
    Invalid(Vec<ValidationError>),
    /// No such thing, or not the caller's.
    #[error("not found")]
    NotFound,
    /// A booking rule.
    #[error(transparent)]
    Refused(BookingRefused),
    /// Someone else changed it first.
    #[error("changed meanwhile")]
    Stale,
    /// Storage.
    #[error(transparent)]
    Store(StoreError),
}

impl From<StoreError> for BookingFailure {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound(_) => BookingFailure::NotFound,
            StoreError::Stale(_) => BookingFailure::Stale,
            other => BookingFailure::Store(other),
        }
    }
}

impl From<BookingError> for BookingFailure {
    fn from(error: BookingError) -> Self {
        match error {
            BookingError::Refused(r) => BookingFailure::Refused(r),
            BookingError::Store(e) => e.into(),
        }
    }
}

/// The booking service at one instant.
#[derive(Clone, Copy)]
pub struct Booking<'a> {
    /// The database.
    pub store: &'a Store,
    /// Now.
    pub now: DateTime<Utc>,
    /// How long before the slot a person may still change it.
    pub cutoff: Duration,
    /// The HTTP request id for the audit trail.
    pub request_id: Option<&'a str>,
}

/// A person's appointments, split at now.
#[derive(Clone, Debug, Default)]
pub struct Mine {
    /// Booked and still ahead, earliest first.
    pub upcoming: Vec<Appointment>,
    /// Attended, missed, cancelled or over, latest first.
    pub past: Vec<Appointment>,
}

impl<'a> Booking<'a> {
    fn event(
        &self,
        actor: Actor,
        action: &str,
        person: PersonId,
        appointment: AppointmentId,
    ) -> AuditEvent {
        let event = AuditEvent::new(self.now, actor, action)
            .about(SubjectKind::Person, person.0.to_string())
            .with_details(serde_json::json!({ "appointment": appointment.0.to_string() }));
        match self.request_id {
            Some(id) => event.in_request(id),
            None => event,
        }
    }

    fn staff_event(
        &self,
        staff: &Staff,
        action: &str,
        person: PersonId,
        appointment: AppointmentId,
    ) -> AuditEvent {
        let mut event = self.event(
            Actor::Staff {
                id: staff.id.0.to_string(),
                role: if staff
                    .account
                    .roles
                    .contains(&portal_domain::staff::StaffRole::Clerk)
                {
                    "clerk".to_owned()
                } else {
                    "approver".to_owned()
                },
            },
            action,
            person,
            appointment,
        );
        event.details = with_office(staff, std::mem::take(&mut event.details));
        event
    }

    /// Active bookings of a service allowed per household (1 for an unknown service).
    async fn household_limit(&self, service: &str) -> Result<i64, BookingFailure> {
        Ok(self
            .store
            .services()
            .await?
            .into_iter()
            .find(|s| s.code == service)
            .map_or(1, |s| s.max_active_per_household))
    }

    /// The locations of a person's office.
    pub async fn locations_for_person(
        &self,
        person: PersonId,
    ) -> Result<Vec<Location>, BookingFailure> {
        let office = self
            .store
            .office_of_person(person)
            .await?
            .ok_or(BookingFailure::NotFound)?;
        Ok(self
            .store
            .locations()
            .await?
            .into_iter()
            .filter(|l| l.office_code == office)
            .collect())
    }

    /// Free slots of a service at one of the person's locations for the next `days` days.
    pub async fn free_slots(
        &self,
        person: PersonId,
        location: Uuid,
        service: &str,
        days: i64,
    ) -> Result<Vec<Slot>, BookingFailure> {
        let locations = self.locations_for_person(person).await?;
        if !locations.iter().any(|l| l.id == location) {
            return Err(BookingFailure::NotFound);
        }
        Ok(self
            .store
            .free_slots(
                location,
                service,
                self.now,
                self.now + Duration::days(days.clamp(1, 90)),
            )
            .await?)
    }

    async fn has_email(&self, person: PersonId) -> Result<bool, BookingFailure> {
        Ok(self
            .store
            .person_by_id(person)
            .await?
            .is_some_and(|p| p.record.email.is_some()))
    }

    /// A person books a slot at one of their office's locations.
    pub async fn book(
        &self,
        person: PersonId,
        slot: Uuid,
    ) -> Result<AppointmentId, BookingFailure> {
        let me = self
            .store
            .person_by_id(person)
            .await?
            .ok_or(BookingFailure::NotFound)?;
        let target = self
            .store
            .slot(slot)
            .await?
            .ok_or(BookingFailure::NotFound)?;
        let locations = self.locations_for_person(person).await?;
        if !locations.iter().any(|l| l.id == target.location_id) {
            return Err(BookingFailure::NotFound);
        }
        let limit = self.household_limit(&target.service_code).await?;
        let id = AppointmentId::random();
        let event = self.event(
            Actor::Person {
                id: person.0.to_string(),
            },
            "appointment.book",
            person,
            id,
        );
        let mail = me.record.email.is_some();
        self.store
            .book(
                id,
                slot,
                me.household_id,
                person,
                limit,
                mail,
                &event,
                self.now,
            )
            .await?;
        Ok(id)
    }

    /// A person's own appointment.
    pub async fn appointment_of_person(
        &self,
        person: PersonId,
        id: AppointmentId,
    ) -> Result<Appointment, BookingFailure> {
        let appointment = self
            .store
            .appointment(id)
            .await?
            .ok_or(BookingFailure::NotFound)?;
        if appointment.person_id != person {
            return Err(BookingFailure::NotFound);
        }
        Ok(appointment)
    }

    /// A person's appointments.
    pub async fn mine(&self, person: PersonId) -> Result<Mine, BookingFailure> {
        let mut mine = Mine::default();
        for a in self.store.appointments_of_person(person).await? {
            if a.status == AppointmentStatus::Booked && a.slot.ends_at > self.now {
                mine.upcoming.push(a);
            } else {
                mine.past.push(a);
            }
        }
        mine.upcoming.reverse();
        Ok(mine)
    }

    /// A person moves their appointment to another slot, before the cutoff.
    pub async fn reschedule(
        &self,
        person: PersonId,
        id: AppointmentId,
        slot: Uuid,
    ) -> Result<(), BookingFailure> {
        let current = self.appointment_of_person(person, id).await?;
        may_change(
            current.status,
            current.slot.starts_at,
            self.now,
            self.cutoff,
        )
        .map_err(BookingFailure::Refused)?;
        let target = self
            .store
            .slot(slot)
            .await?
            .ok_or(BookingFailure::NotFound)?;
        if target.location_id != current.slot.location_id
            && !self
                .locations_for_person(person)
                .await?
                .iter()
                .any(|l| l.id == target.location_id)
        {
            return Err(BookingFailure::NotFound);
        }
        let event = self.event(
            Actor::Person {
                id: person.0.to_string(),
            },
            "appointment.reschedule",
            person,
            id,
        );
        let mail = self.has_email(person).await?;
        self.store
            .move_appointment(id, slot, None, mail, &event, self.now)
            .await?;
        Ok(())
    }

    /// A person cancels their appointment, before the cutoff.
    pub async fn cancel(&self, person: PersonId, id: AppointmentId) -> Result<(), BookingFailure> {
        let current = self.appointment_of_person(person, id).await?;
        may_change(
            current.status,
            current.slot.starts_at,
            self.now,
            self.cutoff,
        )
        .map_err(BookingFailure::Refused)?;
        let event = self.event(
            Actor::Person {
                id: person.0.to_string(),
            },
            "appointment.cancel",
            person,
            id,
        );
        let mail = self.has_email(person).await?;
        self.store
            .cancel_appointment(id, None, mail, &event, self.now)
            .await?;
        Ok(())
    }

    /// A person asks for a time when no slot fits.
    pub async fn ask_for_time(
        &self,
        person: PersonId,
        location: Uuid,
        service: &str,
        preferred: &str,
    ) -> Result<Uuid, BookingFailure> {
        let me = self
            .store
            .person_by_id(person)
            .await?
            .ok_or(BookingFailure::NotFound)?;
        if !self
            .locations_for_person(person)
            .await?
            .iter()
            .any(|l| l.id == location)
        {
            return Err(BookingFailure::NotFound);
        }
        if !self
            .store
            .services()
            .await?
            .iter()
            .any(|s| s.code == service)
        {
            return Err(BookingFailure::Invalid(vec![ValidationError::new(
                Field::Service,
                portal_domain::Problem::NotOneOf("a service of the portal"),
            )]));
        }
        let preferred = clean_text(Field::Preferred, preferred, 500, true)
            .map_err(|e| BookingFailure::Invalid(vec![e]))?;
        let request = TimeRequest {
            id: Uuid::new_v4(),
            household_id: me.household_id,
            person_id: person,
            service_code: service.to_owned(),
            location_id: location,
            preferred,
            status: "open".into(),
            created_at: self.now,
        };
        let event = AuditEvent::new(
            self.now,
            Actor::Person {
                id: person.0.to_string(),
            },
            "appointment.ask_time",
        )
        .about(SubjectKind::Person, person.0.to_string())
        .with_details(serde_json::json!({ "time_request": request.id.to_string() }));
        self.store.add_time_request(&request, &event).await?;
        Ok(request.id)
    }

    fn staff_location_ok(staff: &Staff, location: &Location) -> bool {
        may_view_person(staff, &location.office_code)
    }

    /// The locations a staff member manages.
    pub async fn staff_locations(&self, staff: &Staff) -> Result<Vec<Location>, BookingFailure> {
        Ok(self
            .store
            .locations()
            .await?
            .into_iter()
            .filter(|l| Self::staff_location_ok(staff, l))
            .collect())
    }

    /// Appointments at a staff member's location between two instants.
    pub async fn staff_agenda(
        &self,
        staff: &Staff,
        location: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Appointment>, BookingFailure> {
        if !self
            .staff_locations(staff)
            .await?
            .iter()
            .any(|l| l.id == location)
        {
            return Err(BookingFailure::NotFound);
        }
        Ok(self.store.appointments_between(location, from, to).await?)
    }

    /// An appointment at one of the staff member's locations.
    pub async fn staff_appointment(
        &self,
        staff: &Staff,
        id: AppointmentId,
    ) -> Result<Appointment, BookingFailure> {
        let appointment = self
            .store
            .appointment(id)
            .await?
            .ok_or(BookingFailure::NotFound)?;
        if !self
            .staff_locations(staff)
            .await?
            .iter()
            .any(|l| l.id == appointment.slot.location_id)
        {
            return Err(BookingFailure::NotFound);
        }
        Ok(appointment)
    }

    /// Staff mark an appointment attended or missed.
    pub async fn mark(
        &self,
        staff: &Staff,
        id: AppointmentId,
        status: AppointmentStatus,
    ) -> Result<(), BookingFailure> {
        let appointment = self.staff_appointment(staff, id).await?;
        if !matches!(
            status,
            AppointmentStatus::Attended | AppointmentStatus::NoShow
        ) {
            return Err(BookingFailure::Refused(BookingRefused::NotBooked));
        }
        let event = self.staff_event(
            staff,
            &format!("appointment.{}", status.as_str()),
            appointment.person_id,
            id,
        );
        self.store
            .mark_appointment(id, status, &event, self.now)
            .await?;
        Ok(())
    }

    fn reason(reason: Option<&str>) -> Result<String, BookingFailure> {
        clean_text(Field::Reason, reason.unwrap_or_default(), 500, true)
            .map_err(|e| BookingFailure::Invalid(vec![e]))
    }

    /// Staff cancel an appointment with a reason the person is told.
    pub async fn staff_cancel(
        &self,
        staff: &Staff,
        id: AppointmentId,
        reason: Option<&str>,
    ) -> Result<(), BookingFailure> {
        let appointment = self.staff_appointment(staff, id).await?;
        let reason = Self::reason(reason)?;
        let event = self.staff_event(staff, "appointment.cancel", appointment.person_id, id);
        let mail = self.has_email(appointment.person_id).await?;
        self.store
            .cancel_appointment(id, Some(&reason), mail, &event, self.now)
            .await?;
        Ok(())
    }

    /// Staff move an appointment to another slot with a reason the person is told.
    pub async fn staff_move(
        &self,
        staff: &Staff,
        id: AppointmentId,
        slot: Uuid,
        reason: Option<&str>,
    ) -> Result<(), BookingFailure> {
        let appointment = self.staff_appointment(staff, id).await?;
        let reason = Self::reason(reason)?;
        let target = self
            .store
            .slot(slot)
            .await?
            .ok_or(BookingFailure::NotFound)?;
        if !self
            .staff_locations(staff)
            .await?
            .iter()
            .any(|l| l.id == target.location_id)
        {
            return Err(BookingFailure::NotFound);
        }
        let event = self.staff_event(staff, "appointment.move", appointment.person_id, id);
        let mail = self.has_email(appointment.person_id).await?;
        self.store
            .move_appointment(id, slot, Some(&reason), mail, &event, self.now)
            .await?;
        Ok(())
    }

    /// Open requests for a time at the staff member's locations.
    pub async fn staff_time_requests(
        &self,
        staff: &Staff,
    ) -> Result<Vec<TimeRequest>, BookingFailure> {
        let locations = self.staff_locations(staff).await?;
        Ok(self
            .store
            .time_requests(None)
            .await?
            .into_iter()
            .filter(|r| r.status == "open" && locations.iter().any(|l| l.id == r.location_id))
            .collect())
    }

    /// Staff answer a request for a time with a slot: the person is booked and told.
    pub async fn offer(
        &self,
        staff: &Staff,
        request: Uuid,
        slot: Uuid,
    ) -> Result<AppointmentId, BookingFailure> {
        let open = self
            .staff_time_requests(staff)
            .await?
            .into_iter()
            .find(|r| r.id == request)
            .ok_or(BookingFailure::NotFound)?;
        let target = self
            .store
            .slot(slot)
            .await?
            .ok_or(BookingFailure::NotFound)?;
        if target.location_id != open.location_id || target.service_code != open.service_code {
            return Err(BookingFailure::NotFound);
        }
        let id = AppointmentId::random();
        let event = self.staff_event(staff, "appointment.offer", open.person_id, id);
        let mail = self.has_email(open.person_id).await?;
        let limit = self.household_limit(&open.service_code).await?;
        self.store
            .book(
                id,
                slot,
                open.household_id,
                open.person_id,
                limit,
                mail,
                &event,
                self.now,
            )
            .await?;
        self.store.close_time_request(request, id, self.now).await?;
        Ok(id)
    }
}

/// The `.ics` text of an appointment, for the HTTP download and for mails.
pub async fn invitation_for(
    store: &portal_storage::Store,
    config: &crate::config::Config,
    appointment: &portal_storage::appointments::Appointment,
    language: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<String, portal_storage::StoreError> {
    let services = store.services().await?;
    let locations = store.locations().await?;
    let service = services
        .iter()
        .find(|s| s.code == appointment.slot.service_code);
    let location = locations
        .iter()
        .find(|l| l.id == appointment.slot.location_id)
        .ok_or(portal_storage::StoreError::NotFound("location"))?;
    let host = config
        .public_url
        .host_str()
        .unwrap_or("localhost")
        .to_owned();
    let uid = format!("{}@{host}", appointment.id.0);
    let organizer = config
        .mail_from
        .rsplit_once('<')
        .map_or(config.mail_from.as_str(), |(_, rest)| {
            rest.trim_end_matches('>')
        })
        .to_owned();
    let summary = service.map_or(appointment.slot.service_code.as_str(), |s| s.name(language));
    let place = format!("{}, {}", location.name, location.address);
    let locale = portal_i18n::Locale::from_tag(language).unwrap_or_default();
    let description = format!(
        "{}: {}",
        locale.text(portal_i18n::Key::AppointmentsReference),
        appointment.id.reference()
    );
    Ok(portal_domain::ics::calendar(
        &portal_domain::ics::Invitation {
            uid: &uid,
            sequence: appointment.sequence,
            starts_at: appointment.slot.starts_at,
            ends_at: appointment.slot.ends_at,
            zone: location.zone,
            summary,
            location: &place,
            description: &description,
            organizer: &organizer,
            stamp: now,
            active: appointment.status != AppointmentStatus::Cancelled,
        },
    ))
}
