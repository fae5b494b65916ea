//! Appointments in the database: services, locations, hours, slots, bookings, requests for a
//! time and reminders.
//!
//! Capacity is the database's job: a booking takes its place with one conditional `UPDATE`
//! (`booked = booked + 1 WHERE booked < capacity`), and a `CHECK (booked <= capacity)` backs it
//! up, so any number of simultaneous bookings fill a slot exactly. [`lock_household`] lets a use
//! case count a household's bookings one transaction after the other.
//!
//! Owns: `services`, `locations`, `opening_hours`, `schedule_exceptions`, `slots`,
//! `appointments`, `appointment_requests`, `appointment_reminders`. Must never: decide whether
//! a booking is allowed (the booking use cases do).

use chrono::{DateTime, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use sqlx::types::Json;
use uuid::Uuid;

use crate::{query, query_each, Arg, Conn, StoreError, Tx};
use portal_domain::appointments::{
    AppointmentId, AppointmentStatus, Exception, Service, SlotPlan, WeeklyHours,
};
use portal_domain::household::HouseholdId;
use portal_domain::person::PersonId;

/// A place where appointments happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// Id.
    pub id: Uuid,
    /// Office.
    pub office_code: String,
    /// Name.
    pub name: String,
    /// Address.
    pub address: String,
    /// Time zone.
    pub zone: Tz,
    /// The public phone number ('' when none).
    pub phone: String,
}

/// A bookable slot.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    /// Id.
    pub id: Uuid,
    /// Where.
    pub location_id: Uuid,
    /// Which service.
    pub service_code: String,
    /// Start.
    pub starts_at: DateTime<Utc>,
    /// End.
    pub ends_at: DateTime<Utc>,
    /// Places.
    pub capacity: i64,
    /// Places taken.
    pub booked: i64,
}

/// An appointment with what screens show about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Appointment {
    /// Id.
    pub id: AppointmentId,
    /// The slot.
    pub slot: Slot,
    /// Household.
    pub household_id: HouseholdId,
    /// Who comes.
    pub person_id: PersonId,
    /// Status.
    pub status: AppointmentStatus,
    /// iCalendar sequence.
    pub sequence: i64,
    /// Staff's reason for the last move or cancellation.
    pub reason: Option<String>,
    /// Booked at.
    pub created_at: DateTime<Utc>,
}

/// A request for a time when no slot fits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeRequest {
    /// Id.
    pub id: Uuid,
    /// Household.
    pub household_id: HouseholdId,
    /// Who.
    pub person_id: PersonId,
    /// Service.
    pub service_code: String,
    /// Location.
    pub location_id: Uuid,
    /// The person's preferred days and times, as written.
    pub preferred: String,
    /// `open`, `offered`, `withdrawn`.
    pub status: String,
    /// Submitted.
    pub created_at: DateTime<Utc>,
}

fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

fn weekday_number(day: Weekday) -> i64 {
    i64::from(day.num_days_from_monday())
}

fn weekday_of(number: i64) -> Option<Weekday> {
    [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ]
    .get(usize::try_from(number).ok()?)
    .copied()
}

fn time_text(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn parse_time_text(raw: &str) -> Result<NaiveTime, StoreError> {
    NaiveTime::parse_from_str(raw, "%H:%M").map_err(corrupt)
}

type SlotRow = (Uuid, Uuid, String, DateTime<Utc>, DateTime<Utc>, i64, i64);
type ExceptionRow = (String, Option<String>, Option<String>, Option<i64>);

fn slot_from(row: SlotRow) -> Slot {
    let (id, location_id, service_code, starts_at, ends_at, capacity, booked) = row;
    Slot {
        id,
        location_id,
        service_code,
        starts_at,
        ends_at,
        capacity,
        booked,
    }
}

#[derive(sqlx::FromRow)]
struct AppointmentRow {
    id: Uuid,
    household_id: Uuid,
    person_id: Uuid,
    status: String,
    sequence: i64,
    reason: Option<String>,
    created_at: DateTime<Utc>,
    slot_id: Uuid,
    location_id: Uuid,
    service_code: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    capacity: i64,
    booked: i64,
}

const SELECT_APPOINTMENTS: &str =
    "SELECT a.id, a.household_id, a.person_id, a.status, a.sequence, a.reason, a.created_at, \
     s.id AS slot_id, s.location_id, s.service_code, s.starts_at, s.ends_at, s.capacity, s.booked \
     FROM appointments a JOIN slots s ON s.id = a.slot_id";

fn appointment_from(row: AppointmentRow) -> Result<Appointment, StoreError> {
    Ok(Appointment {
        id: AppointmentId(row.id),
        household_id: HouseholdId(row.household_id),
        person_id: PersonId(row.person_id),
        status: AppointmentStatus::parse(&row.status).map_err(corrupt)?,
        sequence: row.sequence,
        reason: row.reason,
        created_at: row.created_at,
        slot: Slot {
            id: row.slot_id,
            location_id: row.location_id,
            service_code: row.service_code,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            capacity: row.capacity,
            booked: row.booked,
        },
    })
}

const SELECT_SLOTS: &str =
    "SELECT id, location_id, service_code, starts_at, ends_at, capacity, booked FROM slots";

/// Creates or replaces a service.
pub async fn put_service(
    db: &mut Conn,
    service: &Service,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let names: std::collections::BTreeMap<&str, &str> = service
        .names
        .iter()
        .map(|(t, n)| (t.as_str(), n.as_str()))
        .collect();
    db.execute(
        query(
            "INSERT INTO services (code, names, minutes, roles, bring_documents, max_active_per_household, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO UPDATE SET names = excluded.names, \
             minutes = excluded.minutes, roles = excluded.roles, bring_documents = excluded.bring_documents, \
             max_active_per_household = excluded.max_active_per_household",
        )
        .bind(&service.code)
        .arg(Arg::json(&names)?)
        .bind(service.minutes)
        .arg(Arg::json(&service.roles)?)
        .bind(service.bring_documents)
        .bind(service.max_active_per_household)
        .bind(now),
    )
    .await?;
    Ok(())
}

/// Every service, by code.
pub async fn services(db: &mut Conn) -> Result<Vec<Service>, StoreError> {
    type Row = (
        String,
        Json<std::collections::BTreeMap<String, String>>,
        i64,
        Json<Vec<String>>,
        bool,
        i64,
    );
    let rows: Vec<Row> = db
        .fetch_all(query(
            "SELECT code, names, minutes, roles, bring_documents, max_active_per_household FROM services ORDER BY code",
        ))
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(code, names, minutes, roles, bring_documents, max)| Service {
                code,
                names: names.0.into_iter().collect(),
                minutes,
                roles: roles.0,
                bring_documents,
                max_active_per_household: max,
            },
        )
        .collect())
}

/// Adds a location unless one of the same name exists at the office; returns its id.
pub async fn put_location(
    tx: &mut Tx,
    office: &str,
    name: &str,
    address: &str,
    zone: Tz,
    now: DateTime<Utc>,
) -> Result<Uuid, StoreError> {
    tx.execute(
        query(
            "INSERT INTO locations (id, office_code, name, address, time_zone, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (office_code, name) DO NOTHING",
        )
        .bind(Uuid::new_v4())
        .bind(office)
        .bind(name)
        .bind(address)
        .bind(zone.name())
        .bind(now),
    )
    .await
    .map_err(|e| {
        if e.is_foreign_key_violation() {
            StoreError::NotFound("the office")
        } else {
            e
        }
    })?;
    tx.scalar(
        query("SELECT id FROM locations WHERE office_code = $1 AND name = $2")
            .bind(office)
            .bind(name),
    )
    .await
}

/// Every location, by office and name.
pub async fn locations(db: &mut Conn) -> Result<Vec<Location>, StoreError> {
    let rows: Vec<(Uuid, String, String, String, String, String)> = db
        .fetch_all(query(
            "SELECT id, office_code, name, address, time_zone, phone FROM locations ORDER BY office_code, name",
        ))
        .await?;
    rows.into_iter()
        .map(|(id, office_code, name, address, zone, phone)| {
            Ok(Location {
                id,
                office_code,
                name,
                address,
                zone: zone.parse().map_err(|_| corrupt("time zone"))?,
                phone,
            })
        })
        .collect()
}

/// Sets the public phone number of a location ('' for none).
pub async fn set_location_phone(tx: &mut Tx, id: Uuid, phone: &str) -> Result<(), StoreError> {
    tx.execute(
        query("UPDATE locations SET phone = $1 WHERE id = $2")
            .bind(phone)
            .bind(id),
    )
    .await?;
    Ok(())
}

/// Sets one weekly opening of a service at a location.
pub async fn put_hours(
    db: &mut Conn,
    location: Uuid,
    service: &str,
    hours: &WeeklyHours,
) -> Result<(), StoreError> {
    db.execute(
        query(
            "INSERT INTO opening_hours (location_id, service_code, weekday, opens, closes, capacity) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (location_id, service_code, weekday, opens) \
             DO UPDATE SET closes = excluded.closes, capacity = excluded.capacity",
        )
        .bind(location)
        .bind(service)
        .bind(weekday_number(hours.weekday))
        .bind(time_text(hours.opens))
        .bind(time_text(hours.closes))
        .bind(hours.capacity),
    )
    .await?;
    Ok(())
}

/// Records a holiday or a day with other hours at a location.
pub async fn put_exception(
    db: &mut Conn,
    location: Uuid,
    exception: &Exception,
    note: &str,
) -> Result<(), StoreError> {
    let (opens, closes, capacity) = match exception {
        Exception::Closed(_) => (None, None, None),
        Exception::Hours {
            opens,
            closes,
            capacity,
            ..
        } => (
            Some(time_text(*opens)),
            Some(time_text(*closes)),
            Some(*capacity),
        ),
    };
    db.execute(
        query(
            "INSERT INTO schedule_exceptions (location_id, day, opens, closes, capacity, note) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (location_id, day) DO UPDATE SET \
             opens = excluded.opens, closes = excluded.closes, capacity = excluded.capacity, note = excluded.note",
        )
        .bind(location)
        .bind(exception.date().to_string())
        .bind(opens)
        .bind(closes)
        .bind(capacity)
        .bind(note),
    )
    .await?;
    Ok(())
}

/// The weekly opening hours at a location, with the service each is for.
pub async fn weekly_hours(
    db: &mut Conn,
    location: Uuid,
) -> Result<Vec<(String, WeeklyHours)>, StoreError> {
    let rows: Vec<(String, i64, String, String, i64)> = db
        .fetch_all(
            query("SELECT service_code, weekday, opens, closes, capacity FROM opening_hours WHERE location_id = $1")
                .bind(location),
        )
        .await?;
    rows.into_iter()
        .map(|(service, weekday, opens, closes, capacity)| {
            Ok((
                service,
                WeeklyHours {
                    weekday: weekday_of(weekday).ok_or_else(|| corrupt("weekday"))?,
                    opens: parse_time_text(&opens)?,
                    closes: parse_time_text(&closes)?,
                    capacity,
                },
            ))
        })
        .collect()
}

/// The holidays and days with other hours at a location.
pub async fn exceptions(db: &mut Conn, location: Uuid) -> Result<Vec<Exception>, StoreError> {
    let rows: Vec<ExceptionRow> = db
        .fetch_all(
            query("SELECT day, opens, closes, capacity FROM schedule_exceptions WHERE location_id = $1")
                .bind(location),
        )
        .await?;
    rows.into_iter()
        .map(|(day, opens, closes, capacity)| {
            let date = NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(corrupt)?;
            Ok(match (opens, closes, capacity) {
                (Some(o), Some(c), Some(cap)) => Exception::Hours {
                    date,
                    opens: parse_time_text(&o)?,
                    closes: parse_time_text(&c)?,
                    capacity: cap,
                },
                _ => Exception::Closed(date),
            })
        })
        .collect()
}

/// Creates the planned slot unless it exists; returns whether it was created.
pub async fn insert_slot(
    tx: &mut Tx,
    location: Uuid,
    service: &str,
    plan: &SlotPlan,
) -> Result<bool, StoreError> {
    let created = tx
        .execute(
            query(
                "INSERT INTO slots (id, location_id, service_code, starts_at, ends_at, capacity, booked) \
                 VALUES ($1, $2, $3, $4, $5, $6, 0) ON CONFLICT (location_id, service_code, starts_at) DO NOTHING",
            )
            .bind(Uuid::new_v4())
            .bind(location)
            .bind(service)
            .bind(plan.starts_at)
            .bind(plan.ends_at)
            .bind(plan.capacity),
        )
        .await?;
    Ok(created == 1)
}

/// Removes the slots of a location between two instants that nobody ever booked (a day that
/// became a holiday); returns how many. Slots with bookings stay for staff to handle.
pub async fn remove_free_slots(
    db: &mut Conn,
    location: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<u64, StoreError> {
    db.execute(
        query(
            "DELETE FROM slots WHERE location_id = $1 AND starts_at >= $2 AND starts_at < $3 AND booked = 0 \
             AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.slot_id = slots.id)",
        )
        .bind(location)
        .bind(from)
        .bind(to),
    )
    .await
}

/// Slots of a service at a location between two instants with a free place, earliest first.
pub async fn free_slots(
    db: &mut Conn,
    location: Uuid,
    service: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Slot>, StoreError> {
    let rows: Vec<SlotRow> = db
        .fetch_all(
            query(format!(
                "{SELECT_SLOTS} WHERE location_id = $1 AND service_code = $2 AND starts_at > $3 \
                 AND starts_at < $4 AND booked < capacity ORDER BY starts_at"
            ))
            .bind(location)
            .bind(service)
            .bind(from)
            .bind(to),
        )
        .await?;
    Ok(rows.into_iter().map(slot_from).collect())
}

/// One slot.
pub async fn slot(db: &mut Conn, id: Uuid) -> Result<Option<Slot>, StoreError> {
    let row: Option<SlotRow> = db
        .fetch_optional(query(format!("{SELECT_SLOTS} WHERE id = $1")).bind(id))
        .await?;
    Ok(row.map(slot_from))
}

/// Takes the household's row lock (PostgreSQL; SQLite's write lock is already held), so two
/// bookings of one household are counted one after the other.
pub async fn lock_household(tx: &mut Tx, household: HouseholdId) -> Result<(), StoreError> {
    tx.execute(
        query("UPDATE households SET case_number = case_number WHERE id = $1").bind(household.0),
    )
    .await?;
    Ok(())
}

/// The household's booked appointments of a service that are still to come.
pub async fn active_bookings(
    tx: &mut Tx,
    household: HouseholdId,
    service: &str,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    tx.scalar(
        query(
            "SELECT COUNT(*) FROM appointments a JOIN slots s ON s.id = a.slot_id \
             WHERE a.household_id = $1 AND a.service_code = $2 AND a.status = 'booked' AND s.starts_at > $3",
        )
        .bind(household.0)
        .bind(service)
        .bind(now),
    )
    .await
}

/// Takes a place in a slot; false when it is full.
pub async fn take_place(tx: &mut Tx, slot: Uuid) -> Result<bool, StoreError> {
    let taken = tx
        .execute(
            query("UPDATE slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity")
                .bind(slot),
        )
        .await?;
    Ok(taken == 1)
}

/// Gives a place of a slot back.
pub async fn free_place(tx: &mut Tx, slot: Uuid) -> Result<(), StoreError> {
    tx.execute(
        query("UPDATE slots SET booked = booked - 1 WHERE id = $1 AND booked > 0").bind(slot),
    )
    .await?;
    Ok(())
}

/// Stores a booked appointment (its place is taken by [`take_place`]).
pub async fn insert(
    tx: &mut Tx,
    id: AppointmentId,
    slot: &Slot,
    household: HouseholdId,
    person: PersonId,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    tx.execute(
        query(
            "INSERT INTO appointments (id, slot_id, household_id, person_id, service_code, status, sequence, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'booked', 0, $6, $6)",
        )
        .bind(id.0)
        .bind(slot.id)
        .bind(household.0)
        .bind(person.0)
        .bind(&slot.service_code)
        .bind(now),
    )
    .await?;
    Ok(())
}

/// Moves a booked appointment to slot `to`, raising its sequence, if it is still booked at
/// `sequence`; false otherwise.
pub async fn move_to(
    tx: &mut Tx,
    id: AppointmentId,
    to: Uuid,
    sequence: i64,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let moved = tx
        .execute(
            query(
                "UPDATE appointments SET slot_id = $1, sequence = sequence + 1, reason = $2, updated_at = $3 \
                 WHERE id = $4 AND status = 'booked' AND sequence = $5",
            )
            .bind(to)
            .bind(reason)
            .bind(now)
            .bind(id.0)
            .bind(sequence),
        )
        .await?;
    Ok(moved == 1)
}

/// Cancels a booked appointment, raising its sequence; false when it was not booked.
pub async fn cancel(
    tx: &mut Tx,
    id: AppointmentId,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let changed = tx
        .execute(
            query(
                "UPDATE appointments SET status = 'cancelled', sequence = sequence + 1, reason = $1, \
                 updated_at = $2 WHERE id = $3 AND status = 'booked'",
            )
            .bind(reason)
            .bind(now)
            .bind(id.0),
        )
        .await?;
    Ok(changed == 1)
}

/// Sets a booked appointment's status (attended, missed); false when it was not booked.
pub async fn mark(
    tx: &mut Tx,
    id: AppointmentId,
    status: AppointmentStatus,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let changed = tx
        .execute(
            query("UPDATE appointments SET status = $1, updated_at = $2 WHERE id = $3 AND status = 'booked'")
                .bind(status.as_str())
                .bind(now)
                .bind(id.0),
        )
        .await?;
    Ok(changed == 1)
}

/// One appointment.
pub async fn by_id(db: &mut Conn, id: AppointmentId) -> Result<Option<Appointment>, StoreError> {
    let row: Option<AppointmentRow> = db
        .fetch_optional(query(format!("{SELECT_APPOINTMENTS} WHERE a.id = $1")).bind(id.0))
        .await?;
    row.map(appointment_from).transpose()
}

/// A person's appointments, latest slot first.
pub async fn of_person(db: &mut Conn, person: PersonId) -> Result<Vec<Appointment>, StoreError> {
    let rows: Vec<AppointmentRow> = db
        .fetch_all(
            query(format!(
                "{SELECT_APPOINTMENTS} WHERE a.person_id = $1 ORDER BY s.starts_at DESC LIMIT 200"
            ))
            .bind(person.0),
        )
        .await?;
    rows.into_iter().map(appointment_from).collect()
}

/// The appointments whose id lies between `low` and `high` (the ids a short reference names;
/// almost always one), latest slot first.
pub async fn in_id_range(
    db: &mut Conn,
    low: Uuid,
    high: Uuid,
) -> Result<Vec<Appointment>, StoreError> {
    let rows: Vec<AppointmentRow> = db
        .fetch_all(
            query(format!(
                "{SELECT_APPOINTMENTS} WHERE a.id >= $1 AND a.id <= $2 ORDER BY s.starts_at DESC LIMIT 20"
            ))
            .bind(low)
            .bind(high),
        )
        .await?;
    rows.into_iter().map(appointment_from).collect()
}

/// A household's appointments, latest slot first.
pub async fn of_household(
    db: &mut Conn,
    household: HouseholdId,
) -> Result<Vec<Appointment>, StoreError> {
    let rows: Vec<AppointmentRow> = db
        .fetch_all(
            query(format!(
                "{SELECT_APPOINTMENTS} WHERE a.household_id = $1 ORDER BY s.starts_at DESC LIMIT 200"
            ))
            .bind(household.0),
        )
        .await?;
    rows.into_iter().map(appointment_from).collect()
}

/// Appointments at a location between two instants, earliest first.
pub async fn between(
    db: &mut Conn,
    location: Uuid,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<Appointment>, StoreError> {
    let rows: Vec<AppointmentRow> = db
        .fetch_all(
            query(format!(
                "{SELECT_APPOINTMENTS} WHERE s.location_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3 \
                 ORDER BY s.starts_at, a.created_at"
            ))
            .bind(location)
            .bind(from)
            .bind(to),
        )
        .await?;
    rows.into_iter().map(appointment_from).collect()
}

/// Stores the reminder of an appointment: due at `due`, to send (`pending`) or not.
pub async fn insert_reminder(
    tx: &mut Tx,
    id: AppointmentId,
    due: DateTime<Utc>,
    send: bool,
) -> Result<(), StoreError> {
    tx.execute(
        query(
            "INSERT INTO appointment_reminders (appointment_id, due_at, state) VALUES ($1, $2, $3)",
        )
        .bind(id.0)
        .bind(due)
        .bind(if send { "pending" } else { "dropped" }),
    )
    .await?;
    Ok(())
}

/// Sets the reminder of a moved appointment anew.
pub async fn reschedule_reminder(
    tx: &mut Tx,
    id: AppointmentId,
    due: DateTime<Utc>,
    send: bool,
) -> Result<(), StoreError> {
    tx.execute(
        query(
            "UPDATE appointment_reminders SET due_at = $1, state = $2, lease_until = NULL \
             WHERE appointment_id = $3",
        )
        .bind(due)
        .bind(if send { "pending" } else { "dropped" })
        .bind(id.0),
    )
    .await?;
    Ok(())
}

/// Drops the reminder of an appointment that will not happen (unless it was sent already).
pub async fn drop_reminder(tx: &mut Tx, id: AppointmentId) -> Result<(), StoreError> {
    tx.execute(
        query(
            "UPDATE appointment_reminders SET state = 'dropped' WHERE appointment_id = $1 \
             AND state IN ('pending', 'sending')",
        )
        .bind(id.0),
    )
    .await?;
    Ok(())
}

/// Records a request for a time.
pub async fn insert_time_request(tx: &mut Tx, request: &TimeRequest) -> Result<(), StoreError> {
    tx.execute(
        query(
            "INSERT INTO appointment_requests (id, household_id, person_id, service_code, location_id, \
             preferred, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $7)",
        )
        .bind(request.id)
        .bind(request.household_id.0)
        .bind(request.person_id.0)
        .bind(&request.service_code)
        .bind(request.location_id)
        .bind(&request.preferred)
        .bind(request.created_at),
    )
    .await?;
    Ok(())
}

/// Requests for a time (of one person, or everyone's), open ones first.
pub async fn time_requests(
    db: &mut Conn,
    person: Option<PersonId>,
) -> Result<Vec<TimeRequest>, StoreError> {
    type Row = (
        Uuid,
        Uuid,
        Uuid,
        String,
        Uuid,
        String,
        String,
        DateTime<Utc>,
    );
    let rows: Vec<Row> = db
        .fetch_all(
            query_each(
                "SELECT id, household_id, person_id, service_code, location_id, preferred, status, created_at \
                 FROM appointment_requests WHERE ($1 IS NULL OR person_id = $1) \
                 ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, created_at LIMIT 200",
                "SELECT id, household_id, person_id, service_code, location_id, preferred, status, created_at \
                 FROM appointment_requests WHERE ($1::uuid IS NULL OR person_id = $1) \
                 ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, created_at LIMIT 200",
            )
            .bind(person.map(|p| p.0)),
        )
        .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, household, person, service_code, location_id, preferred, status, created_at)| {
                TimeRequest {
                    id,
                    household_id: HouseholdId(household),
                    person_id: PersonId(person),
                    service_code,
                    location_id,
                    preferred,
                    status,
                    created_at,
                }
            },
        )
        .collect())
}

/// Marks a request for a time as answered with an appointment; false when it was not open.
pub async fn close_time_request(
    tx: &mut Tx,
    id: Uuid,
    appointment: AppointmentId,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let closed = tx
        .execute(
            query(
                "UPDATE appointment_requests SET status = 'offered', appointment_id = $1, updated_at = $2 \
                 WHERE id = $3 AND status = 'open'",
            )
            .bind(appointment.0)
            .bind(now)
            .bind(id),
        )
        .await?;
    Ok(closed == 1)
}

/// Claims up to `limit` due reminders for `lease`; each is claimed by exactly one caller.
pub async fn claim_due_reminders(
    db: &mut Conn,
    now: DateTime<Utc>,
    lease: chrono::Duration,
    limit: i64,
) -> Result<Vec<AppointmentId>, StoreError> {
    let candidates: Vec<Uuid> = db
        .scalars(
            query(
                "SELECT appointment_id FROM appointment_reminders WHERE due_at <= $1 \
                 AND (state = 'pending' OR (state = 'sending' AND lease_until < $1)) ORDER BY due_at LIMIT $2",
            )
            .bind(now)
            .bind(limit),
        )
        .await?;
    let mut claimed = Vec::new();
    for id in candidates {
        let won = db
            .execute(
                query(
                    "UPDATE appointment_reminders SET state = 'sending', lease_until = $1, attempts = attempts + 1 \
                     WHERE appointment_id = $2 AND due_at <= $3 \
                     AND (state = 'pending' OR (state = 'sending' AND lease_until < $3))",
                )
                .bind(now + lease)
                .bind(id)
                .bind(now),
            )
            .await?
            == 1;
        if won {
            claimed.push(AppointmentId(id));
        }
    }
    Ok(claimed)
}

/// Puts a claimed reminder whose mail failed back for a later attempt at `retry_at(attempts)`,
/// or drops it after `max_attempts`. Returns whether it was dropped.
pub async fn retry_reminder(
    db: &mut Conn,
    id: AppointmentId,
    max_attempts: i64,
    retry_at: impl Fn(i64) -> DateTime<Utc>,
) -> Result<bool, StoreError> {
    let attempts: Option<i64> = db
        .scalar_optional(
            query("SELECT attempts FROM appointment_reminders WHERE appointment_id = $1 AND state = 'sending'")
                .bind(id.0),
        )
        .await?;
    let Some(attempts) = attempts else {
        return Ok(false);
    };
    let give_up = attempts >= max_attempts;
    db.execute(
        query(
            "UPDATE appointment_reminders SET state = $1, due_at = $2, lease_until = NULL \
             WHERE appointment_id = $3 AND state = 'sending'",
        )
        .bind(if give_up { "dropped" } else { "pending" })
        .bind(retry_at(attempts))
        .bind(id.0),
    )
    .await?;
    Ok(give_up)
}

/// Records that a claimed reminder was sent (`sent`) or will not be (`dropped`).
pub async fn finish_reminder(
    db: &mut Conn,
    id: AppointmentId,
    state: &'static str,
) -> Result<(), StoreError> {
    db.execute(
        query(
            "UPDATE appointment_reminders SET state = $1, lease_until = NULL WHERE appointment_id = $2 \
             AND state = 'sending'",
        )
        .bind(state)
        .bind(id.0),
    )
    .await?;
    Ok(())
}
