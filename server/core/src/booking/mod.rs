//! Booking appointments: who may book, move, cancel and mark which appointment, and what each
//! action writes (the booking, the reminder, the person's notification, the audit row), in the
//! caller's transaction.
//!
//! A person acts on their own appointments at their office's locations; clerks and approvers
//! on the appointments of their office's locations. The schedule itself (services, locations,
//! hours, slots) is set up in [`schedule`].
//!
//! Owns: authorization and effects of appointment actions. Must never: tell "not yours" apart
//! from "does not exist".

pub mod agenda;
pub mod schedule;

use chrono::{DateTime, Duration, Utc};
use portal_domain::appointments::{
    may_change, may_mark, reminder_at, AppointmentId, AppointmentStatus, BookingRefused,
};
use portal_domain::audit::AuditAction;
use portal_domain::household::HouseholdId;
use portal_domain::person::PersonId;
use portal_domain::policy::{desk_role, may_view_person};
use portal_domain::staff::Staff;
use portal_domain::{clean_text, Field, Problem, ValidationError};
use portal_storage::appointments::{self as store, Appointment, Location, Slot, TimeRequest};
use portal_storage::notifications::About;
use portal_storage::{audit, people, Conn, Tx};
use uuid::Uuid;

use crate::context::Ctx;
use crate::error::{CoreError, CoreResult};

/// The longest a person looks ahead for a free time, in days.
pub const MAX_SEARCH_DAYS: i64 = 90;

/// Longest reason staff give for a move or a cancellation.
const MAX_REASON_CHARS: usize = 500;

/// A person's appointments, split at now.
#[derive(Clone, Debug, Default)]
pub struct Mine {
    /// Booked and still ahead, earliest first.
    pub upcoming: Vec<Appointment>,
    /// Attended, missed, cancelled or over, latest first.
    pub past: Vec<Appointment>,
}

/// What a booking change tells the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum News {
    Booked,
    Changed,
    Cancelled,
}

impl News {
    const fn kind(self) -> &'static str {
        match self {
            News::Booked => "appointment.booked",
            News::Changed => "appointment.changed",
            News::Cancelled => "appointment.cancelled",
        }
    }
}

fn details(appointment: AppointmentId) -> serde_json::Value {
    serde_json::json!({ "appointment": appointment.0.to_string() })
}

/// Leaves the news for the person (and a pending mail when they have an address).
async fn tell(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    person: PersonId,
    id: AppointmentId,
    news: News,
) -> CoreResult<()> {
    crate::news::leave(tx, ctx, person, About::Appointment(id), news.kind(), None).await
}

/// Active bookings of a service allowed per household (1 for an unknown service).
async fn household_limit(db: &mut Conn, service: &str) -> CoreResult<i64> {
    Ok(store::services(db)
        .await?
        .into_iter()
        .find(|s| s.code == service)
        .map_or(1, |s| s.max_active_per_household))
}

/// Whether the reminder the day before should be mailed.
async fn reminder_wanted(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    person: PersonId,
    starts_at: DateTime<Utc>,
) -> CoreResult<bool> {
    Ok(reminder_at(starts_at) > ctx.now && crate::news::wants_mail(db, person).await?)
}

/// Takes a place in `slot` for `person` of `household` within the household's limit for the
/// service, with its reminder and the person's news. Of simultaneous bookings of the last
/// place, exactly one wins; the others are refused with [`BookingRefused::SlotFull`].
async fn place(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    id: AppointmentId,
    slot: Uuid,
    household: HouseholdId,
    person: PersonId,
) -> CoreResult<Slot> {
    store::lock_household(tx, household).await?;
    let target = store::slot(tx, slot).await?.ok_or(CoreError::NotFound)?;
    if target.starts_at <= ctx.now {
        return Err(BookingRefused::SlotPast.into());
    }
    let limit = household_limit(tx, &target.service_code).await?;
    if store::active_bookings(tx, household, &target.service_code, ctx.now).await? >= limit {
        return Err(BookingRefused::LimitReached.into());
    }
    if !store::take_place(tx, slot).await? {
        return Err(BookingRefused::SlotFull.into());
    }
    store::insert(tx, id, &target, household, person, ctx.now).await?;
    let send = reminder_wanted(tx, ctx, person, target.starts_at).await?;
    store::insert_reminder(tx, id, reminder_at(target.starts_at), send).await?;
    tell(tx, ctx, person, id, News::Booked).await?;
    Ok(target)
}

/// Moves a booked appointment to `to` (a slot of the same service), taking the new place
/// before freeing the old one, with its reminder and the person's news.
async fn shift(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    current: &Appointment,
    to: Uuid,
    reason: Option<&str>,
) -> CoreResult<Slot> {
    if current.status != AppointmentStatus::Booked {
        return Err(BookingRefused::NotBooked.into());
    }
    let target = store::slot(tx, to).await?.ok_or(CoreError::NotFound)?;
    if target.service_code != current.slot.service_code || target.id == current.slot.id {
        return Err(CoreError::NotFound);
    }
    if target.starts_at <= ctx.now {
        return Err(BookingRefused::SlotPast.into());
    }
    if !store::take_place(tx, to).await? {
        return Err(BookingRefused::SlotFull.into());
    }
    store::free_place(tx, current.slot.id).await?;
    if !store::move_to(tx, current.id, to, current.sequence, reason, ctx.now).await? {
        return Err(CoreError::Stale("appointment"));
    }
    let send = reminder_wanted(tx, ctx, current.person_id, target.starts_at).await?;
    store::reschedule_reminder(tx, current.id, reminder_at(target.starts_at), send).await?;
    tell(tx, ctx, current.person_id, current.id, News::Changed).await?;
    Ok(target)
}

/// Cancels a booked appointment, freeing its place, with the person's news.
async fn call_off(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    current: &Appointment,
    reason: Option<&str>,
) -> CoreResult<()> {
    if !store::cancel(tx, current.id, reason, ctx.now).await? {
        return Err(BookingRefused::NotBooked.into());
    }
    store::free_place(tx, current.slot.id).await?;
    store::drop_reminder(tx, current.id).await?;
    tell(tx, ctx, current.person_id, current.id, News::Cancelled).await
}

/// The locations of a person's office.
pub async fn locations_for_person(db: &mut Conn, person: PersonId) -> CoreResult<Vec<Location>> {
    let office = people::office_of(db, person)
        .await?
        .ok_or(CoreError::NotFound)?;
    Ok(store::locations(db)
        .await?
        .into_iter()
        .filter(|l| l.office_code == office)
        .collect())
}

async fn ensure_persons_location(
    db: &mut Conn,
    person: PersonId,
    location: Uuid,
) -> CoreResult<()> {
    if locations_for_person(db, person)
        .await?
        .iter()
        .any(|l| l.id == location)
    {
        Ok(())
    } else {
        Err(CoreError::NotFound)
    }
}

/// Free slots of a service at one of the person's locations for the next `days` days.
pub async fn free_slots(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    person: PersonId,
    location: Uuid,
    service: &str,
    days: i64,
) -> CoreResult<Vec<Slot>> {
    ensure_persons_location(db, person, location).await?;
    let until = ctx.now + Duration::days(days.clamp(1, MAX_SEARCH_DAYS));
    Ok(store::free_slots(db, location, service, ctx.now, until).await?)
}

/// A person books a slot at one of their office's locations.
pub async fn book(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    person: PersonId,
    slot: Uuid,
) -> CoreResult<AppointmentId> {
    let me = people::by_id(tx, person)
        .await?
        .ok_or(CoreError::NotFound)?;
    let target = store::slot(tx, slot).await?.ok_or(CoreError::NotFound)?;
    ensure_persons_location(tx, person, target.location_id).await?;
    let id = AppointmentId::random();
    place(tx, ctx, id, slot, me.household_id, person).await?;
    let event = ctx
        .person_event(person, AuditAction::AppointmentBook)
        .with_details(details(id));
    audit::append(tx, &event).await?;
    Ok(id)
}

/// A person's own appointment.
pub async fn appointment_of_person(
    db: &mut Conn,
    person: PersonId,
    id: AppointmentId,
) -> CoreResult<Appointment> {
    store::by_id(db, id)
        .await?
        .filter(|a| a.person_id == person)
        .ok_or(CoreError::NotFound)
}

/// A person's appointments.
pub async fn mine(db: &mut Conn, ctx: &Ctx<'_>, person: PersonId) -> CoreResult<Mine> {
    let mut mine = Mine::default();
    for a in store::of_person(db, person).await? {
        if a.status == AppointmentStatus::Booked && a.slot.ends_at > ctx.now {
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
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    cutoff: Duration,
    person: PersonId,
    id: AppointmentId,
    slot: Uuid,
) -> CoreResult<()> {
    let current = appointment_of_person(tx, person, id).await?;
    may_change(current.status, current.slot.starts_at, ctx.now, cutoff)?;
    let target = store::slot(tx, slot).await?.ok_or(CoreError::NotFound)?;
    if target.location_id != current.slot.location_id {
        ensure_persons_location(tx, person, target.location_id).await?;
    }
    shift(tx, ctx, &current, slot, None).await?;
    let event = ctx
        .person_event(person, AuditAction::AppointmentReschedule)
        .with_details(details(id));
    audit::append(tx, &event).await?;
    Ok(())
}

/// A person cancels their appointment, before the cutoff.
pub async fn cancel(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    cutoff: Duration,
    person: PersonId,
    id: AppointmentId,
) -> CoreResult<()> {
    let current = appointment_of_person(tx, person, id).await?;
    may_change(current.status, current.slot.starts_at, ctx.now, cutoff)?;
    call_off(tx, ctx, &current, None).await?;
    let event = ctx
        .person_event(person, AuditAction::AppointmentCancel)
        .with_details(details(id));
    audit::append(tx, &event).await?;
    Ok(())
}

/// A person asks for a time when no slot fits.
pub async fn ask_for_time(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    person: PersonId,
    location: Uuid,
    service: &str,
    preferred: &str,
) -> CoreResult<Uuid> {
    let me = people::by_id(tx, person)
        .await?
        .ok_or(CoreError::NotFound)?;
    ensure_persons_location(tx, person, location).await?;
    if !store::services(tx).await?.iter().any(|s| s.code == service) {
        return Err(ValidationError::new(
            Field::Service,
            Problem::NotOneOf("a service of the portal"),
        )
        .into());
    }
    let preferred = clean_text(Field::Preferred, preferred, MAX_REASON_CHARS, true)?;
    let request = TimeRequest {
        id: Uuid::new_v4(),
        household_id: me.household_id,
        person_id: person,
        service_code: service.to_owned(),
        location_id: location,
        preferred,
        status: "open".into(),
        created_at: ctx.now,
    };
    store::insert_time_request(tx, &request).await?;
    let event = ctx
        .person_event(person, AuditAction::AppointmentAskTime)
        .with_details(serde_json::json!({ "time_request": request.id.to_string() }));
    audit::append(tx, &event).await?;
    Ok(request.id)
}

/// The locations a staff member manages.
pub async fn staff_locations(db: &mut Conn, staff: &Staff) -> CoreResult<Vec<Location>> {
    Ok(store::locations(db)
        .await?
        .into_iter()
        .filter(|l| may_view_person(staff, &l.office_code))
        .collect())
}

async fn ensure_staff_location(db: &mut Conn, staff: &Staff, location: Uuid) -> CoreResult<()> {
    if staff_locations(db, staff)
        .await?
        .iter()
        .any(|l| l.id == location)
    {
        Ok(())
    } else {
        Err(CoreError::NotFound)
    }
}

/// Appointments at a staff member's location between two instants.
pub async fn staff_agenda(
    db: &mut Conn,
    staff: &Staff,
    location: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> CoreResult<Vec<Appointment>> {
    ensure_staff_location(db, staff, location).await?;
    Ok(store::between(db, location, from, to).await?)
}

/// An appointment at one of the staff member's locations.
pub async fn staff_appointment(
    db: &mut Conn,
    staff: &Staff,
    id: AppointmentId,
) -> CoreResult<Appointment> {
    let appointment = store::by_id(db, id).await?.ok_or(CoreError::NotFound)?;
    ensure_staff_location(db, staff, appointment.slot.location_id).await?;
    Ok(appointment)
}

/// Staff mark an appointment attended or missed.
pub async fn mark(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff: &Staff,
    id: AppointmentId,
    status: AppointmentStatus,
) -> CoreResult<()> {
    let appointment = staff_appointment(tx, staff, id).await?;
    may_mark(
        appointment.status,
        status,
        appointment.slot.starts_at,
        appointment.slot.ends_at,
        ctx.now,
    )?;
    let action = match status {
        AppointmentStatus::Attended => AuditAction::AppointmentAttended,
        AppointmentStatus::NoShow => AuditAction::AppointmentNoShow,
        AppointmentStatus::Booked | AppointmentStatus::Cancelled => {
            return Err(BookingRefused::NotBooked.into())
        }
    };
    if !store::mark(tx, id, status, ctx.now).await? {
        return Err(BookingRefused::NotBooked.into());
    }
    store::drop_reminder(tx, id).await?;
    let event = ctx.staff_event(
        staff,
        desk_role(staff),
        action,
        appointment.person_id,
        details(id),
    );
    audit::append(tx, &event).await?;
    Ok(())
}

fn staff_reason(reason: Option<&str>) -> CoreResult<String> {
    Ok(clean_text(
        Field::Reason,
        reason.unwrap_or_default(),
        MAX_REASON_CHARS,
        true,
    )?)
}

/// Staff cancel an appointment with a reason the person is told.
pub async fn staff_cancel(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff: &Staff,
    id: AppointmentId,
    reason: Option<&str>,
) -> CoreResult<()> {
    let appointment = staff_appointment(tx, staff, id).await?;
    let reason = staff_reason(reason)?;
    call_off(tx, ctx, &appointment, Some(&reason)).await?;
    let event = ctx.staff_event(
        staff,
        desk_role(staff),
        AuditAction::AppointmentCancel,
        appointment.person_id,
        details(id),
    );
    audit::append(tx, &event).await?;
    Ok(())
}

/// Staff move an appointment to another slot with a reason the person is told.
pub async fn staff_move(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff: &Staff,
    id: AppointmentId,
    slot: Uuid,
    reason: Option<&str>,
) -> CoreResult<()> {
    let appointment = staff_appointment(tx, staff, id).await?;
    let reason = staff_reason(reason)?;
    let target = store::slot(tx, slot).await?.ok_or(CoreError::NotFound)?;
    ensure_staff_location(tx, staff, target.location_id).await?;
    shift(tx, ctx, &appointment, slot, Some(&reason)).await?;
    let event = ctx.staff_event(
        staff,
        desk_role(staff),
        AuditAction::AppointmentMove,
        appointment.person_id,
        details(id),
    );
    audit::append(tx, &event).await?;
    Ok(())
}

/// Open requests for a time at the staff member's locations.
pub async fn staff_time_requests(db: &mut Conn, staff: &Staff) -> CoreResult<Vec<TimeRequest>> {
    let locations = staff_locations(db, staff).await?;
    Ok(store::time_requests(db, None)
        .await?
        .into_iter()
        .filter(|r| r.status == "open" && locations.iter().any(|l| l.id == r.location_id))
        .collect())
}

/// A person's own requests for a time.
pub async fn time_requests_of(db: &mut Conn, person: PersonId) -> CoreResult<Vec<TimeRequest>> {
    Ok(store::time_requests(db, Some(person)).await?)
}

/// Staff answer a request for a time with a slot: the person is booked and told.
pub async fn offer(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff: &Staff,
    request: Uuid,
    slot: Uuid,
) -> CoreResult<AppointmentId> {
    let open = staff_time_requests(tx, staff)
        .await?
        .into_iter()
        .find(|r| r.id == request)
        .ok_or(CoreError::NotFound)?;
    let target = store::slot(tx, slot).await?.ok_or(CoreError::NotFound)?;
    if target.location_id != open.location_id || target.service_code != open.service_code {
        return Err(CoreError::NotFound);
    }
    let id = AppointmentId::random();
    place(tx, ctx, id, slot, open.household_id, open.person_id).await?;
    store::close_time_request(tx, request, id, ctx.now).await?;
    let event = ctx.staff_event(
        staff,
        desk_role(staff),
        AuditAction::AppointmentOffer,
        open.person_id,
        details(id),
    );
    audit::append(tx, &event).await?;
    Ok(id)
}

/// Whose calendar invitation it is and where it is sent from.
#[derive(Clone, Debug)]
pub struct CalendarOrigin {
    /// The portal's host, for the invitation's `UID` (`{id}@{host}`).
    pub host: String,
    /// The organizer's address.
    pub organizer: String,
}

impl CalendarOrigin {
    /// The origin the configuration names: the public URL's host, the address mail comes
    /// from.
    pub fn of(config: &crate::config::Config) -> CalendarOrigin {
        let from = &config.mail_from;
        CalendarOrigin {
            host: config
                .public_url
                .host_str()
                .unwrap_or("localhost")
                .to_owned(),
            organizer: from
                .rsplit_once('<')
                .map_or(from.as_str(), |(_, rest)| rest.trim_end_matches('>'))
                .to_owned(),
        }
    }
}

/// The `.ics` text of an appointment, for the HTTP download and for mails.
pub async fn invitation_for(
    db: &mut Conn,
    origin: &CalendarOrigin,
    appointment: &Appointment,
    locale: portal_i18n::Locale,
    now: DateTime<Utc>,
) -> CoreResult<String> {
    let services = store::services(db).await?;
    let location = store::locations(db)
        .await?
        .into_iter()
        .find(|l| l.id == appointment.slot.location_id)
        .ok_or(CoreError::Missing("location"))?;
    let service = services
        .iter()
        .find(|s| s.code == appointment.slot.service_code);
    let uid = format!("{}@{}", appointment.id.0, origin.host);
    let summary = service.map_or(appointment.slot.service_code.as_str(), |s| {
        s.name(locale.tag())
    });
    let place = format!("{}, {}", location.name, location.address);
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
            organizer: &origin.organizer,
            stamp: now,
            active: appointment.status != AppointmentStatus::Cancelled,
        },
    ))
}
