//! Appointments: services, locations, opening schedules, the slots they generate, and the rules
//! of booking, rescheduling and cancelling.
//!
//! Times: a schedule is written in the location's local time ("Mondays 09:00–12:00 in
//! Asia/Amman"); slots are stored as UTC instants, computed with the zone's rules for each date,
//! so a daylight-saving change moves the UTC time and never the local one. A local time that
//! does not exist (the hour skipped in spring) yields no slot; one that happens twice (autumn)
//! yields one slot, at its first occurrence.
//!
//! Owns: slot generation and the booking rules. Must never: read the clock (callers pass "now").

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{clean_text, Field, Problem, ValidationError};

pub use portal_types::AppointmentStatus;

/// Internal identifier of an appointment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct AppointmentId(pub Uuid);

impl AppointmentId {
    /// A fresh random id.
    pub fn random() -> Self {
        Self(Uuid::new_v4())
    }

    /// The short reference on the confirmation and in the QR code at the gate (`A-` and eight
    /// characters of the id).
    pub fn reference(&self) -> String {
        let simple = self.0.simple().to_string().to_ascii_uppercase();
        format!("A-{}", &simple[..8])
    }

    /// The lowest and highest ids whose reference is `text` (`A-` and eight hex digits, any
    /// case, spaces around ignored); `None` when `text` is not a reference.
    pub fn reference_range(text: &str) -> Option<(Uuid, Uuid)> {
        let text = text.trim();
        let hex = text
            .strip_prefix("A-")
            .or_else(|| text.strip_prefix("a-"))?;
        if hex.len() != 8 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let prefix = u32::from_str_radix(hex, 16).ok()?;
        let low = u128::from(prefix) << 96;
        let high = low | (u128::MAX >> 32);
        Some((Uuid::from_u128(low), Uuid::from_u128(high)))
    }
}

/// One weekly opening: on `weekday`, from `opens` to `closes` local time, slots of the service's
/// duration, each for `capacity` people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeeklyHours {
    /// Day of the week.
    pub weekday: Weekday,
    /// Opening time, local.
    pub opens: NaiveTime,
    /// Closing time, local: the last slot ends at or before it.
    pub closes: NaiveTime,
    /// People per slot.
    pub capacity: i64,
}

/// A day that differs from the weekly schedule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Exception {
    /// Closed all day (holiday).
    Closed(NaiveDate),
    /// Open at other hours that day (replacing the weekly hours).
    Hours {
        /// The date.
        date: NaiveDate,
        /// Opening time.
        opens: NaiveTime,
        /// Closing time.
        closes: NaiveTime,
        /// People per slot.
        capacity: i64,
    },
}

impl Exception {
    /// The date it applies to.
    pub const fn date(&self) -> NaiveDate {
        match self {
            Exception::Closed(date) | Exception::Hours { date, .. } => *date,
        }
    }
}

/// A slot to offer, before it is stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotPlan {
    /// Start, UTC.
    pub starts_at: DateTime<Utc>,
    /// End, UTC.
    pub ends_at: DateTime<Utc>,
    /// People it takes.
    pub capacity: i64,
}

/// The UTC instant of a local date and time in `zone`: `None` in a spring-forward gap, the
/// earlier instant when the local time happens twice.
pub fn local_to_utc(zone: Tz, date: NaiveDate, time: NaiveTime) -> Option<DateTime<Utc>> {
    zone.from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// The slots of `from..=to` (local dates) for a service of `minutes` minutes.
pub fn generate_slots(
    zone: Tz,
    weekly: &[WeeklyHours],
    exceptions: &[Exception],
    minutes: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<SlotPlan> {
    let mut slots = Vec::new();
    if minutes <= 0 {
        return slots;
    }
    let step = Duration::minutes(minutes);
    let mut date = from;
    while date <= to {
        let openings: Vec<(NaiveTime, NaiveTime, i64)> =
            match exceptions.iter().find(|e| e.date() == date) {
                Some(Exception::Closed(_)) => Vec::new(),
                Some(Exception::Hours {
                    opens,
                    closes,
                    capacity,
                    ..
                }) => vec![(*opens, *closes, *capacity)],
                None => weekly
                    .iter()
                    .filter(|w| w.weekday == date.weekday())
                    .map(|w| (w.opens, w.closes, w.capacity))
                    .collect(),
            };
        for (opens, closes, capacity) in openings {
            let mut start = opens;
            loop {
                let (end, wrapped) = start.overflowing_add_signed(step);
                if wrapped != 0 || end > closes {
                    break;
                }
                if let (Some(starts_at), Some(ends_at)) = (
                    local_to_utc(zone, date, start),
                    local_to_utc(zone, date, end),
                ) {
                    if ends_at > starts_at && capacity > 0 {
                        slots.push(SlotPlan {
                            starts_at,
                            ends_at,
                            capacity,
                        });
                    }
                }
                start = end;
            }
        }
        date = match date.succ_opt() {
            Some(next) => next,
            None => break,
        };
    }
    slots.sort_by_key(|s| s.starts_at);
    slots.dedup_by_key(|s| s.starts_at);
    slots
}

/// Parses `HH:MM`.
pub fn parse_time(field: Field, raw: &str) -> Result<NaiveTime, ValidationError> {
    NaiveTime::parse_from_str(raw.trim(), "%H:%M")
        .map_err(|_| ValidationError::new(field, Problem::Format("a time like 09:30")))
}

/// Parses a weekday (`mon` … `sun`, any case, or the full English name).
pub fn parse_weekday(raw: &str) -> Result<Weekday, ValidationError> {
    raw.trim().parse::<Weekday>().map_err(|_| {
        ValidationError::new(
            Field::Weekday,
            Problem::NotOneOf("mon, tue, wed, thu, fri, sat, sun"),
        )
    })
}

/// A validated service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    /// Short code (`document-renewal`).
    pub code: String,
    /// Names by language tag (`en`, `fr`, `ar`, `prs`); English is required.
    pub names: Vec<(String, String)>,
    /// Minutes per appointment.
    pub minutes: i64,
    /// Staff roles that handle it.
    pub roles: Vec<String>,
    /// Whether the person must bring documents.
    pub bring_documents: bool,
    /// Active bookings allowed per household.
    pub max_active_per_household: i64,
}

impl Service {
    /// The name in `tag`, else English.
    pub fn name(&self, tag: &str) -> &str {
        self.names
            .iter()
            .find(|(t, _)| t == tag)
            .or_else(|| self.names.iter().find(|(t, _)| t == "en"))
            .map_or(self.code.as_str(), |(_, n)| n.as_str())
    }

    /// Validates a service.
    pub fn parse(
        code: &str,
        names: &[(&str, &str)],
        minutes: i64,
        roles: &[&str],
        bring_documents: bool,
        max_active_per_household: i64,
    ) -> Result<Self, ValidationError> {
        let code = code.trim().to_ascii_lowercase();
        if code.is_empty()
            || code.len() > 40
            || !code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit())
        {
            return Err(ValidationError::new(
                Field::Service,
                Problem::Format("a short code like document-renewal"),
            ));
        }
        let mut parsed = Vec::new();
        for (tag, name) in names {
            if !["en", "fr", "ar", "prs"].contains(tag) {
                return Err(ValidationError::new(
                    Field::Service,
                    Problem::NotOneOf("en, fr, ar, prs"),
                ));
            }
            parsed.push((
                (*tag).to_owned(),
                clean_text(Field::Service, name, 120, false)?,
            ));
        }
        if !parsed.iter().any(|(t, _)| t == "en") {
            return Err(ValidationError::new(Field::Service, Problem::Required));
        }
        if !(5..=480).contains(&minutes) {
            return Err(ValidationError::new(
                Field::Duration,
                Problem::Format("between 5 and 480 minutes"),
            ));
        }
        if !(1..=20).contains(&max_active_per_household) {
            return Err(ValidationError::new(
                Field::Limit,
                Problem::Format("between 1 and 20"),
            ));
        }
        Ok(Self {
            code,
            names: parsed,
            minutes,
            roles: roles.iter().map(|r| (*r).to_owned()).collect(),
            bring_documents,
            max_active_per_household,
        })
    }
}

/// Why a booking change is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BookingRefused {
    /// The slot filled up meanwhile.
    #[error("the slot just filled up; pick another")]
    SlotFull,
    /// The slot has started or passed.
    #[error("the slot is in the past")]
    SlotPast,
    /// The household has as many active bookings of this service as allowed.
    #[error("the household already has the allowed number of bookings for this service")]
    LimitReached,
    /// Too close to the slot to change it online.
    #[error("it is too late to change this appointment online")]
    PastCutoff,
    /// The appointment is not booked any more (attended, missed or cancelled).
    #[error("the appointment is not booked any more")]
    NotBooked,
    /// Marked attended before the appointment's start.
    #[error("the appointment has not started yet")]
    NotStarted,
    /// Marked missed before the appointment's end.
    #[error("the appointment is not over yet")]
    NotOver,
}

/// Whether a booked appointment starting at `starts_at` may still be changed by the person at
/// `now`, with `cutoff` before the slot.
pub fn may_change(
    status: AppointmentStatus,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
    cutoff: Duration,
) -> Result<(), BookingRefused> {
    if status != AppointmentStatus::Booked {
        return Err(BookingRefused::NotBooked);
    }
    if now + cutoff > starts_at {
        return Err(BookingRefused::PastCutoff);
    }
    Ok(())
}

/// Whether staff may mark a booked appointment from `starts_at` to `ends_at` as `outcome` at
/// `now`: attended once it has started, missed once it is over, and only while it is booked.
pub fn may_mark(
    status: AppointmentStatus,
    outcome: AppointmentStatus,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), BookingRefused> {
    if status != AppointmentStatus::Booked {
        return Err(BookingRefused::NotBooked);
    }
    match outcome {
        AppointmentStatus::Attended if now < starts_at => Err(BookingRefused::NotStarted),
        AppointmentStatus::NoShow if now < ends_at => Err(BookingRefused::NotOver),
        AppointmentStatus::Attended | AppointmentStatus::NoShow => Ok(()),
        AppointmentStatus::Booked | AppointmentStatus::Cancelled => Err(BookingRefused::NotBooked),
    }
}

/// When the reminder of an appointment is due: a day before it.
pub fn reminder_at(starts_at: DateTime<Utc>) -> DateTime<Utc> {
    starts_at - Duration::hours(24)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn mornings(days: &[Weekday]) -> Vec<WeeklyHours> {
        days.iter()
            .map(|w| WeeklyHours {
                weekday: *w,
                opens: t(9, 0),
                closes: t(12, 0),
                capacity: 3,
            })
            .collect()
    }

    #[test]
    fn weekly_hours_make_slots_of_the_service_length_in_local_time() {
        let zone: Tz = "Asia/Amman".parse().unwrap();
        // 2026-11-30 is a Monday.
        let slots = generate_slots(
            zone,
            &mornings(&[Weekday::Mon]),
            &[],
            30,
            d(2026, 11, 30),
            d(2026, 12, 6),
        );
        assert_eq!(slots.len(), 6);
        assert_eq!(slots[0].starts_at.to_rfc3339(), "2026-11-30T06:00:00+00:00");
        assert_eq!(slots[5].ends_at.to_rfc3339(), "2026-11-30T09:00:00+00:00");
        assert!(slots.iter().all(|s| s.capacity == 3));
        // 50 minutes: three fit before noon, the fourth would end after closing.
        assert_eq!(
            generate_slots(
                zone,
                &mornings(&[Weekday::Mon]),
                &[],
                50,
                d(2026, 11, 30),
                d(2026, 11, 30)
            )
            .len(),
            3
        );
    }

    #[test]
    fn holidays_close_and_exceptions_replace_the_weekly_hours() {
        let zone: Tz = "Asia/Amman".parse().unwrap();
        let weekly = mornings(&[Weekday::Mon, Weekday::Tue]);
        let exceptions = [
            Exception::Closed(d(2026, 11, 30)),
            Exception::Hours {
                date: d(2026, 12, 1),
                opens: t(13, 0),
                closes: t(14, 0),
                capacity: 1,
            },
        ];
        let slots = generate_slots(
            zone,
            &weekly,
            &exceptions,
            30,
            d(2026, 11, 30),
            d(2026, 12, 1),
        );
        assert_eq!(slots.len(), 2);
        assert_eq!(slots[0].starts_at.to_rfc3339(), "2026-12-01T10:00:00+00:00");
        assert_eq!(slots[0].capacity, 1);
    }

    #[test]
    fn a_daylight_saving_change_keeps_local_times_and_moves_utc() {
        // Athens moves from UTC+2 to UTC+3 on Sunday 2027-03-28 at 03:00 local.
        let zone: Tz = "Europe/Athens".parse().unwrap();
        let weekly = mornings(&[Weekday::Sat, Weekday::Mon]);
        let slots = generate_slots(zone, &weekly, &[], 60, d(2027, 3, 27), d(2027, 3, 29));
        let starts: Vec<String> = slots.iter().map(|s| s.starts_at.to_rfc3339()).collect();
        assert_eq!(starts[0], "2027-03-27T07:00:00+00:00", "09:00 at UTC+2");
        assert_eq!(starts[3], "2027-03-29T06:00:00+00:00", "09:00 at UTC+3");
        for s in &slots {
            let local = s.starts_at.with_timezone(&zone);
            assert!(
                [9, 10, 11].contains(&chrono::Timelike::hour(&local)),
                "{local}"
            );
        }
    }

    #[test]
    fn the_skipped_hour_has_no_slot_and_the_repeated_hour_only_one() {
        let zone: Tz = "Europe/Athens".parse().unwrap();
        let night = |weekday| {
            vec![WeeklyHours {
                weekday,
                opens: t(2, 0),
                closes: t(5, 0),
                capacity: 1,
            }]
        };
        // Spring: 03:00–04:00 does not exist on 2027-03-28.
        let spring = generate_slots(
            zone,
            &night(Weekday::Sun),
            &[],
            60,
            d(2027, 3, 28),
            d(2027, 3, 28),
        );
        let local: Vec<u32> = spring
            .iter()
            .map(|s| chrono::Timelike::hour(&s.starts_at.with_timezone(&zone)))
            .collect();
        assert_eq!(
            local,
            [4],
            "02:00 ends in the gap, 03:00 starts in it; only 04:00–05:00 remains"
        );
        // Autumn: 03:00–04:00 happens twice on 2026-10-25; it is offered once.
        let autumn = generate_slots(
            zone,
            &night(Weekday::Sun),
            &[],
            60,
            d(2026, 10, 25),
            d(2026, 10, 25),
        );
        let mut starts: Vec<_> = autumn.iter().map(|s| s.starts_at).collect();
        starts.dedup();
        assert_eq!(starts.len(), autumn.len());
        assert!(autumn.iter().all(|s| s.ends_at > s.starts_at));
    }

    #[test]
    fn changes_close_at_the_cutoff_and_only_for_booked_appointments() {
        let start = Utc.with_ymd_and_hms(2026, 12, 2, 7, 0, 0).unwrap();
        let cutoff = Duration::hours(24);
        let early = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap();
        let late = Utc.with_ymd_and_hms(2026, 12, 1, 8, 0, 0).unwrap();
        assert_eq!(
            may_change(AppointmentStatus::Booked, start, early, cutoff),
            Ok(())
        );
        assert_eq!(
            may_change(AppointmentStatus::Booked, start, late, cutoff),
            Err(BookingRefused::PastCutoff)
        );
        assert_eq!(
            may_change(AppointmentStatus::Attended, start, early, cutoff),
            Err(BookingRefused::NotBooked)
        );
        assert_eq!(
            reminder_at(start),
            Utc.with_ymd_and_hms(2026, 12, 1, 7, 0, 0).unwrap()
        );
    }

    #[test]
    fn attended_from_the_start_and_missed_from_the_end() {
        use AppointmentStatus::{Attended, Booked, Cancelled, NoShow};
        let start = Utc.with_ymd_and_hms(2026, 12, 2, 7, 0, 0).unwrap();
        let end = start + Duration::minutes(30);
        let before = start - Duration::seconds(1);
        let during = start + Duration::minutes(10);
        assert_eq!(
            may_mark(Booked, Attended, start, end, before),
            Err(BookingRefused::NotStarted)
        );
        assert_eq!(may_mark(Booked, Attended, start, end, start), Ok(()));
        assert_eq!(may_mark(Booked, Attended, start, end, during), Ok(()));
        assert_eq!(
            may_mark(Booked, NoShow, start, end, during),
            Err(BookingRefused::NotOver)
        );
        assert_eq!(may_mark(Booked, NoShow, start, end, end), Ok(()));
        assert_eq!(
            may_mark(Attended, NoShow, start, end, end),
            Err(BookingRefused::NotBooked)
        );
        assert_eq!(
            may_mark(Booked, Cancelled, start, end, end),
            Err(BookingRefused::NotBooked)
        );
    }

    #[test]
    fn services_need_an_english_name_a_sane_duration_and_limit() {
        let ok = Service::parse(
            "Document-Renewal",
            &[("en", "Renew a document"), ("ar", "تجديد وثيقة")],
            30,
            &["clerk"],
            true,
            1,
        )
        .unwrap();
        assert_eq!(ok.code, "document-renewal");
        assert_eq!(ok.name("ar"), "تجديد وثيقة");
        assert_eq!(ok.name("fr"), "Renew a document");
        assert!(Service::parse("x", &[("ar", "x")], 30, &[], false, 1).is_err());
        assert!(Service::parse("x", &[("en", "x")], 0, &[], false, 1).is_err());
        assert!(Service::parse("x y", &[("en", "x")], 30, &[], false, 1).is_err());
        assert!(Service::parse("x", &[("de", "x")], 30, &[], false, 1).is_err());
        assert!(Service::parse("x", &[("en", "x")], 30, &[], false, 0).is_err());
    }

    #[test]
    fn references_are_short() {
        let id = AppointmentId(Uuid::parse_str("0a1b2c3d-0000-4000-8000-000000000000").unwrap());
        assert_eq!(id.reference(), "A-0A1B2C3D");
        let (low, high) = AppointmentId::reference_range(" a-0a1b2c3d ").unwrap();
        assert!(low <= id.0 && id.0 <= high);
        assert_eq!(AppointmentId(low).reference(), "A-0A1B2C3D");
        assert_eq!(AppointmentId(high).reference(), "A-0A1B2C3D");
        for wrong in [
            "",
            "A-",
            "A-0A1B2C3",
            "A-0A1B2C3DE",
            "A-0A1B2C3G",
            "0A1B2C3D",
            "A-+A1B2C3D",
        ] {
            assert_eq!(AppointmentId::reference_range(wrong), None, "{wrong}");
        }
    }
}
