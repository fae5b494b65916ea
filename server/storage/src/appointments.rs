//! Appointments in the database: services, locations, hours, slots and bookings.
//!
//! Capacity is the database's job: a booking takes its place with one conditional `UPDATE`
//! (`booked = booked + 1 WHERE booked < capacity`), and a `CHECK (booked <= capacity)` backs it
//! up, so any number of simultaneous bookings fill a slot exactly. The per-household limit is
//! counted after taking the household's row lock, in the same transaction.
//!
//! Owns: `services`, `locations`, `opening_hours`, `schedule_exceptions`, `slots`,
//! `appointments`, `appointment_requests`, `appointment_reminders`. Must never: change a booking
//! without its audit row and the person's notification, in the same transaction.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;
use sqlx::types::Json;
use uuid::Uuid;

use super::audit::append_audit;
use super::{dispatch, BeginWrite, Store, StoreError};
use portal_domain::appointments::{
    generate_slots, reminder_at, AppointmentId, AppointmentStatus, BookingRefused, Exception,
    Service, WeeklyHours,
};
use portal_domain::audit::AuditEvent;
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

/// What a booking change leaves for the person: a notification (and mail) of this kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Told {
    /// `appointment.booked`
    Booked,
    /// `appointment.changed`
    Changed,
    /// `appointment.cancelled`
    Cancelled,
}

impl Told {
    const fn kind(self) -> &'static str {
        match self {
            Told::Booked => "appointment.booked",
            Told::Changed => "appointment.changed",
            Told::Cancelled => "appointment.cancelled",
        }
    }
}

/// Why a booking write failed.
#[derive(Debug, thiserror::Error)]
pub enum BookingError {
    /// A booking rule.
    #[error(transparent)]
    Refused(#[from] BookingRefused),
    /// Storage.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for BookingError {
    fn from(error: sqlx::Error) -> Self {
        BookingError::Store(StoreError::Database(error))
    }
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

/// Leaves a notification about an appointment in the open transaction.
macro_rules! tell {
    ($tx:expr, $person:expr, $appointment:expr, $told:expr, $mail:expr, $now:expr) => {{
        sqlx::query(
            "INSERT INTO notifications (id, person_id, appointment_id, kind, created_at, mail_state, mail_next_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $5)",
        )
        .bind(Uuid::new_v4())
        .bind($person.0)
        .bind($appointment.0)
        .bind($told.kind())
        .bind($now)
        .bind(if $mail { "pending" } else { "no_address" })
        .execute(&mut *$tx)
        .await?;
    }};
}

impl Store {
    /// Creates or replaces a service.
    pub async fn put_service(
        &self,
        service: &Service,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let names: std::collections::BTreeMap<&str, &str> = service
            .names
            .iter()
            .map(|(t, n)| (t.as_str(), n.as_str()))
            .collect();
        dispatch!(self, pool => {
            sqlx::query(
                "INSERT INTO services (code, names, minutes, roles, bring_documents, max_active_per_household, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (code) DO UPDATE SET names = excluded.names, \
                 minutes = excluded.minutes, roles = excluded.roles, bring_documents = excluded.bring_documents, \
                 max_active_per_household = excluded.max_active_per_household",
            )
            .bind(&service.code)
            .bind(Json(&names))
            .bind(service.minutes)
            .bind(Json(&service.roles))
            .bind(service.bring_documents)
            .bind(service.max_active_per_household)
            .bind(now)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Every service, by code.
    pub async fn services(&self) -> Result<Vec<Service>, StoreError> {
        type Row = (
            String,
            Json<std::collections::BTreeMap<String, String>>,
            i64,
            Json<Vec<String>>,
            bool,
            i64,
        );
        let rows: Vec<Row> = dispatch!(self, pool => {
            sqlx::query_as("SELECT code, names, minutes, roles, bring_documents, max_active_per_household FROM services ORDER BY code")
                .fetch_all(pool)
                .await?
        });
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
        &self,
        office: &str,
        name: &str,
        address: &str,
        zone: Tz,
        now: DateTime<Utc>,
    ) -> Result<Uuid, StoreError> {
        let id = Uuid::new_v4();
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO locations (id, office_code, name, address, time_zone, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (office_code, name) DO NOTHING",
            )
            .bind(id)
            .bind(office)
            .bind(name)
            .bind(address)
            .bind(zone.name())
            .bind(now)
            .execute(&mut *tx)
            .await
            .map_err(|e| match e.as_database_error() {
                Some(db) if db.is_foreign_key_violation() => StoreError::NotFound("the office"),
                _ => StoreError::Database(e),
            })?;
            let id: Uuid = sqlx::query_scalar("SELECT id FROM locations WHERE office_code = $1 AND name = $2")
                .bind(office)
                .bind(name)
                .fetch_one(&mut *tx)
                .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Every location, by office and name.
    pub async fn locations(&self) -> Result<Vec<Location>, StoreError> {
        let rows: Vec<(Uuid, String, String, String, String)> = dispatch!(self, pool => {
            sqlx::query_as("SELECT id, office_code, name, address, time_zone FROM locations ORDER BY office_code, name")
                .fetch_all(pool)
                .await?
        });
        rows.into_iter()
            .map(|(id, office_code, name, address, zone)| {
                Ok(Location {
                    id,
                    office_code,
                    name,
                    address,
                    zone: zone.parse().map_err(|_| corrupt("time zone"))?,
                })
            })
            .collect()
    }

    /// Sets one weekly opening of a service at a location.
    pub async fn put_hours(
        &self,
        location: Uuid,
        service: &str,
        hours: &WeeklyHours,
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            sqlx::query(
                "INSERT INTO opening_hours (location_id, service_code, weekday, opens, closes, capacity) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (location_id, service_code, weekday, opens) DO UPDATE SET closes = excluded.closes, capacity = excluded.capacity",
            )
            .bind(location)
            .bind(service)
            .bind(weekday_number(hours.weekday))
            .bind(time_text(hours.opens))
            .bind(time_text(hours.closes))
            .bind(hours.capacity)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Records a holiday or a day with other hours at a location.
    pub async fn put_exception(
        &self,
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
        dispatch!(self, pool => {
            sqlx::query(
                "INSERT INTO schedule_exceptions (location_id, day, opens, closes, capacity, note) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (location_id, day) DO UPDATE SET opens = excluded.opens, closes = excluded.closes, capacity = excluded.capacity, note = excluded.note",
            )
            .bind(location)
            .bind(exception.date().to_string())
            .bind(opens)
            .bind(closes)
            .bind(capacity)
            .bind(note)
            .execute(pool)
            .await?;
        });
        Ok(())
    }

    /// Creates the slots of every service at every location for `from..=to` (local dates) that
    /// do not exist yet; returns how many were created. Safe to run again and from several
    /// instances.
    pub async fn generate_slots(&self, from: NaiveDate, to: NaiveDate) -> Result<u64, StoreError> {
        let services = self.services().await?;
        let mut created = 0;
        for location in self.locations().await? {
            let hours: Vec<(String, i64, String, String, i64)> = dispatch!(self, pool => {
                sqlx::query_as("SELECT service_code, weekday, opens, closes, capacity FROM opening_hours WHERE location_id = $1")
                    .bind(location.id)
                    .fetch_all(pool)
                    .await?
            });
            let exceptions: Vec<ExceptionRow> = dispatch!(self, pool => {
                sqlx::query_as("SELECT day, opens, closes, capacity FROM schedule_exceptions WHERE location_id = $1")
                    .bind(location.id)
                    .fetch_all(pool)
                    .await?
            });
            let exceptions = exceptions
                .into_iter()
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
                .collect::<Result<Vec<_>, StoreError>>()?;
            for service in &services {
                let weekly = hours
                    .iter()
                    .filter(|(code, ..)| code == &service.code)
                    .map(|(_, weekday, opens, closes, capacity)| {
                        Ok(WeeklyHours {
                            weekday: weekday_of(*weekday).ok_or_else(|| corrupt("weekday"))?,
                            opens: parse_time_text(opens)?,
                            closes: parse_time_text(closes)?,
                            capacity: *capacity,
                        })
                    })
                    .collect::<Result<Vec<_>, StoreError>>()?;
                if weekly.is_empty() {
                    continue;
                }
                let plans = generate_slots(
                    location.zone,
                    &weekly,
                    &exceptions,
                    service.minutes,
                    from,
                    to,
                );
                dispatch!(self, pool => {
                    let mut tx = pool.begin_write().await?;
                    for plan in &plans {
                        created += sqlx::query(
                            "INSERT INTO slots (id, location_id, service_code, starts_at, ends_at, capacity, booked) \
                             VALUES ($1, $2, $3, $4, $5, $6, 0) ON CONFLICT (location_id, service_code, starts_at) DO NOTHING",
                        )
                        .bind(Uuid::new_v4())
                        .bind(location.id)
                        .bind(&service.code)
                        .bind(plan.starts_at)
                        .bind(plan.ends_at)
                        .bind(plan.capacity)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    }
                    tx.commit().await?;
                });
            }
        }
        Ok(created)
    }

    /// Removes the slots of a location between two instants that nobody ever booked (a day
    /// that became a holiday); returns how many. Slots with bookings stay for staff to handle.
    pub async fn remove_free_slots(
        &self,
        location: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<u64, StoreError> {
        Ok(dispatch!(self, pool => {
            sqlx::query(
                "DELETE FROM slots WHERE location_id = $1 AND starts_at >= $2 AND starts_at < $3 AND booked = 0 \
                 AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.slot_id = slots.id)",
            )
            .bind(location)
            .bind(from)
            .bind(to)
            .execute(pool)
            .await?
            .rows_affected()
        }))
    }

    /// Slots of a service at a location between two instants with a free place, earliest first.
    pub async fn free_slots(
        &self,
        location: Uuid,
        service: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Slot>, StoreError> {
        let rows: Vec<SlotRow> = dispatch!(self, pool => {
            sqlx::query_as(
                "SELECT id, location_id, service_code, starts_at, ends_at, capacity, booked FROM slots \
                 WHERE location_id = $1 AND service_code = $2 AND starts_at > $3 AND starts_at < $4 AND booked < capacity \
                 ORDER BY starts_at",
            )
            .bind(location)
            .bind(service)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(slot_from).collect())
    }

    /// One slot.
    pub async fn slot(&self, id: Uuid) -> Result<Option<Slot>, StoreError> {
        let row: Option<SlotRow> = dispatch!(self, pool => {
            sqlx::query_as("SELECT id, location_id, service_code, starts_at, ends_at, capacity, booked FROM slots WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(slot_from))
    }

    /// Books a place in `slot` for `person` of `household`, within the household's limit for the
    /// service, telling the person. Of simultaneous bookings of the last place, exactly one wins;
    /// the others get [`BookingRefused::SlotFull`].
    #[allow(clippy::too_many_arguments)]
    pub async fn book(
        &self,
        id: AppointmentId,
        slot: Uuid,
        household: HouseholdId,
        person: PersonId,
        limit: i64,
        mail: bool,
        event: &AuditEvent,
        now: DateTime<Utc>,
    ) -> Result<Slot, BookingError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            // Takes the household's row lock (PostgreSQL; SQLite's write lock is already held),
            // so two bookings of one household are counted one after the other.
            sqlx::query("UPDATE households SET case_number = case_number WHERE id = $1")
                .bind(household.0)
                .execute(&mut *tx)
                .await?;
            let target: Option<SlotRow> = sqlx::query_as(
                "SELECT id, location_id, service_code, starts_at, ends_at, capacity, booked FROM slots WHERE id = $1",
            )
            .bind(slot)
            .fetch_optional(&mut *tx)
            .await?;
            let target = slot_from(target.ok_or(StoreError::NotFound("slot"))?);
            if target.starts_at <= now {
                return Err(BookingRefused::SlotPast.into());
            }
            let active: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM appointments a JOIN slots s ON s.id = a.slot_id \
                 WHERE a.household_id = $1 AND a.service_code = $2 AND a.status = 'booked' AND s.starts_at > $3",
            )
            .bind(household.0)
            .bind(&target.service_code)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?;
            if active >= limit {
                return Err(BookingRefused::LimitReached.into());
            }
            let taken = sqlx::query("UPDATE slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity")
                .bind(slot)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if taken != 1 {
                return Err(BookingRefused::SlotFull.into());
            }
            sqlx::query(
                "INSERT INTO appointments (id, slot_id, household_id, person_id, service_code, status, sequence, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, 'booked', 0, $6, $6)",
            )
            .bind(id.0)
            .bind(slot)
            .bind(household.0)
            .bind(person.0)
            .bind(&target.service_code)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            let due = reminder_at(target.starts_at);
            sqlx::query("INSERT INTO appointment_reminders (appointment_id, due_at, state) VALUES ($1, $2, $3)")
                .bind(id.0)
                .bind(due)
                .bind(if due > now && mail { "pending" } else { "dropped" })
                .execute(&mut *tx)
                .await?;
            tell!(tx, person, id, Told::Booked, mail, now);
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(target)
        })
    }

    /// Moves a booked appointment to another slot of the same service (the new place is taken
    /// first; the old one is freed), raising its sequence and telling the person.
    pub async fn move_appointment(
        &self,
        id: AppointmentId,
        to: Uuid,
        reason: Option<&str>,
        mail: bool,
        event: &AuditEvent,
        now: DateTime<Utc>,
    ) -> Result<Slot, BookingError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let row: Option<AppointmentRow> = sqlx::query_as(&format!("{SELECT_APPOINTMENTS} WHERE a.id = $1"))
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await?;
            let current = appointment_from(row.ok_or(StoreError::NotFound("appointment"))?)?;
            if current.status != AppointmentStatus::Booked {
                return Err(BookingRefused::NotBooked.into());
            }
            let target: Option<SlotRow> = sqlx::query_as(
                "SELECT id, location_id, service_code, starts_at, ends_at, capacity, booked FROM slots WHERE id = $1",
            )
            .bind(to)
            .fetch_optional(&mut *tx)
            .await?;
            let target = slot_from(target.ok_or(StoreError::NotFound("slot"))?);
            if target.service_code != current.slot.service_code || target.id == current.slot.id {
                return Err(StoreError::NotFound("slot").into());
            }
            if target.starts_at <= now {
                return Err(BookingRefused::SlotPast.into());
            }
            let taken = sqlx::query("UPDATE slots SET booked = booked + 1 WHERE id = $1 AND booked < capacity")
                .bind(to)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if taken != 1 {
                return Err(BookingRefused::SlotFull.into());
            }
            sqlx::query("UPDATE slots SET booked = booked - 1 WHERE id = $1 AND booked > 0")
                .bind(current.slot.id)
                .execute(&mut *tx)
                .await?;
            let moved = sqlx::query(
                "UPDATE appointments SET slot_id = $1, sequence = sequence + 1, reason = $2, updated_at = $3 \
                 WHERE id = $4 AND status = 'booked' AND sequence = $5",
            )
            .bind(to)
            .bind(reason)
            .bind(now)
            .bind(id.0)
            .bind(current.sequence)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if moved != 1 {
                return Err(StoreError::Stale("appointment").into());
            }
            let due = reminder_at(target.starts_at);
            sqlx::query("UPDATE appointment_reminders SET due_at = $1, state = $2, lease_until = NULL WHERE appointment_id = $3")
                .bind(due)
                .bind(if due > now && mail { "pending" } else { "dropped" })
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            tell!(tx, current.person_id, id, Told::Changed, mail, now);
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(target)
        })
    }

    /// Cancels a booked appointment, freeing its place, raising its sequence, telling the person.
    pub async fn cancel_appointment(
        &self,
        id: AppointmentId,
        reason: Option<&str>,
        mail: bool,
        event: &AuditEvent,
        now: DateTime<Utc>,
    ) -> Result<(), BookingError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let row: Option<AppointmentRow> = sqlx::query_as(&format!("{SELECT_APPOINTMENTS} WHERE a.id = $1"))
                .bind(id.0)
                .fetch_optional(&mut *tx)
                .await?;
            let current = appointment_from(row.ok_or(StoreError::NotFound("appointment"))?)?;
            let changed = sqlx::query(
                "UPDATE appointments SET status = 'cancelled', sequence = sequence + 1, reason = $1, updated_at = $2 \
                 WHERE id = $3 AND status = 'booked'",
            )
            .bind(reason)
            .bind(now)
            .bind(id.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if changed != 1 {
                return Err(BookingRefused::NotBooked.into());
            }
            sqlx::query("UPDATE slots SET booked = booked - 1 WHERE id = $1 AND booked > 0")
                .bind(current.slot.id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE appointment_reminders SET state = 'dropped' WHERE appointment_id = $1 AND state <> 'sent'")
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            tell!(tx, current.person_id, id, Told::Cancelled, mail, now);
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Marks a booked appointment attended or missed.
    pub async fn mark_appointment(
        &self,
        id: AppointmentId,
        status: AppointmentStatus,
        event: &AuditEvent,
        now: DateTime<Utc>,
    ) -> Result<(), BookingError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            let changed = sqlx::query("UPDATE appointments SET status = $1, updated_at = $2 WHERE id = $3 AND status = 'booked'")
                .bind(status.as_str())
                .bind(now)
                .bind(id.0)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed != 1 {
                return Err(BookingRefused::NotBooked.into());
            }
            sqlx::query("UPDATE appointment_reminders SET state = 'dropped' WHERE appointment_id = $1 AND state = 'pending'")
                .bind(id.0)
                .execute(&mut *tx)
                .await?;
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }

    /// One appointment.
    pub async fn appointment(&self, id: AppointmentId) -> Result<Option<Appointment>, StoreError> {
        let row: Option<AppointmentRow> = dispatch!(self, pool => {
            sqlx::query_as(&format!("{SELECT_APPOINTMENTS} WHERE a.id = $1")).bind(id.0).fetch_optional(pool).await?
        });
        row.map(appointment_from).transpose()
    }

    /// A person's appointments, latest slot first.
    pub async fn appointments_of_person(
        &self,
        person: PersonId,
    ) -> Result<Vec<Appointment>, StoreError> {
        let rows: Vec<AppointmentRow> = dispatch!(self, pool => {
            sqlx::query_as(&format!("{SELECT_APPOINTMENTS} WHERE a.person_id = $1 ORDER BY s.starts_at DESC LIMIT 200"))
                .bind(person.0)
                .fetch_all(pool)
                .await?
        });
        rows.into_iter().map(appointment_from).collect()
    }

    /// Appointments at a location between two instants (not cancelled first), earliest first.
    pub async fn appointments_between(
        &self,
        location: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Appointment>, StoreError> {
        let rows: Vec<AppointmentRow> = dispatch!(self, pool => {
            sqlx::query_as(&format!(
                "{SELECT_APPOINTMENTS} WHERE s.location_id = $1 AND s.starts_at >= $2 AND s.starts_at < $3 ORDER BY s.starts_at, a.created_at"
            ))
            .bind(location)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(appointment_from).collect()
    }

    /// Records a request for a time.
    pub async fn add_time_request(
        &self,
        request: &TimeRequest,
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            let mut tx = pool.begin_write().await?;
            sqlx::query(
                "INSERT INTO appointment_requests (id, household_id, person_id, service_code, location_id, preferred, status, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $7)",
            )
            .bind(request.id)
            .bind(request.household_id.0)
            .bind(request.person_id.0)
            .bind(&request.service_code)
            .bind(request.location_id)
            .bind(&request.preferred)
            .bind(request.created_at)
            .execute(&mut *tx)
            .await?;
            append_audit!(tx, event);
            tx.commit().await?;
            Ok(())
        })
    }

    /// Requests for a time, open ones first, at the given locations.
    pub async fn time_requests(
        &self,
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
        let rows: Vec<Row> = dispatch!(self, pool => {
            sqlx::query_as(
                "SELECT id, household_id, person_id, service_code, location_id, preferred, status, created_at FROM appointment_requests \
                 WHERE ($1 IS NULL OR person_id = $1) ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, created_at LIMIT 200",
            )
            .bind(person.map(|p| p.0))
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(
                |(
                    id,
                    household,
                    person,
                    service_code,
                    location_id,
                    preferred,
                    status,
                    created_at,
                )| TimeRequest {
                    id,
                    household_id: HouseholdId(household),
                    person_id: PersonId(person),
                    service_code,
                    location_id,
                    preferred,
                    status,
                    created_at,
                },
            )
            .collect())
    }

    /// Marks a request for a time as answered with an appointment.
    pub async fn close_time_request(
        &self,
        id: Uuid,
        appointment: AppointmentId,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        Ok(dispatch!(self, pool => {
            sqlx::query("UPDATE appointment_requests SET status = 'offered', appointment_id = $1, updated_at = $2 WHERE id = $3 AND status = 'open'")
                .bind(appointment.0)
                .bind(now)
                .bind(id)
                .execute(pool)
                .await?
                .rows_affected()
        }) == 1)
    }

    /// Claims up to `limit` due reminders for `lease`; each is claimed by exactly one caller.
    pub async fn claim_due_reminders(
        &self,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: i64,
    ) -> Result<Vec<AppointmentId>, StoreError> {
        let candidates: Vec<Uuid> = dispatch!(self, pool => {
            sqlx::query_scalar(
                "SELECT appointment_id FROM appointment_reminders WHERE due_at <= $1 \
                 AND (state = 'pending' OR (state = 'sending' AND lease_until < $1)) ORDER BY due_at LIMIT $2",
            )
            .bind(now)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        let mut claimed = Vec::new();
        for id in candidates {
            let won = dispatch!(self, pool => {
                sqlx::query(
                    "UPDATE appointment_reminders SET state = 'sending', lease_until = $1, attempts = attempts + 1 \
                     WHERE appointment_id = $2 AND due_at <= $3 AND (state = 'pending' OR (state = 'sending' AND lease_until < $3))",
                )
                .bind(now + lease)
                .bind(id)
                .bind(now)
                .execute(pool)
                .await?
                .rows_affected()
            }) == 1;
            if won {
                claimed.push(AppointmentId(id));
            }
        }
        Ok(claimed)
    }

    /// Puts a claimed reminder whose mail failed back for a later attempt: at `retry_at(attempts)`,
    /// or drops it after `max_attempts`. Returns whether it was dropped.
    pub async fn retry_reminder(
        &self,
        id: AppointmentId,
        max_attempts: i64,
        retry_at: impl Fn(i64) -> DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let attempts: Option<i64> = dispatch!(self, pool => {
            sqlx::query_scalar("SELECT attempts FROM appointment_reminders WHERE appointment_id = $1 AND state = 'sending'")
                .bind(id.0)
                .fetch_optional(pool)
                .await?
        });
        let Some(attempts) = attempts else {
            return Ok(false);
        };
        let give_up = attempts >= max_attempts;
        dispatch!(self, pool => {
            sqlx::query(
                "UPDATE appointment_reminders SET state = $1, due_at = $2, lease_until = NULL \
                 WHERE appointment_id = $3 AND state = 'sending'",
            )
            .bind(if give_up { "dropped" } else { "pending" })
            .bind(retry_at(attempts))
            .bind(id.0)
            .execute(pool)
            .await?;
        });
        Ok(give_up)
    }

    /// Records that a claimed reminder was sent (`sent`) or will not be (`dropped`), or puts it
    /// back for a retry (`pending`).
    pub async fn finish_reminder(
        &self,
        id: AppointmentId,
        state: &'static str,
    ) -> Result<(), StoreError> {
        dispatch!(self, pool => {
            sqlx::query("UPDATE appointment_reminders SET state = $1, lease_until = NULL WHERE appointment_id = $2 AND state = 'sending'")
                .bind(state)
                .bind(id.0)
                .execute(pool)
                .await?;
        });
        Ok(())
    }
}
