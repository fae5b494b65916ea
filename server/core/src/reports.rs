//! The operation in numbers, for an office or all of them, over a period of days: people
//! registered, active and holding a passkey; update requests waiting (how long: median and
//! 90th percentile) and decided per week; appointments per day and the share missed;
//! credentials issued, revoked and checked by the verifier. And the same report as CSV, with
//! small cells suppressed, for sharing.
//!
//! Days are those of the office's time zone (UTC for the whole operation). Counts of people
//! are as of now; everything else falls in the period. The verifier's checks are counted for
//! the whole operation only (a check does not say whose credential it was, and is not looked
//! up to find out).
//!
//! Owns: what a report holds and who may read which. Must never: put a person's data in a
//! report, or let staff of one office read another's numbers.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use portal_domain::audit::AuditAction;
use portal_domain::office::OfficeCode;
use portal_domain::policy::{desk_role, report_scope, ReportScope};
use portal_domain::reports::{self as numbers, csv_line, Ages, Daily, Period};
use portal_domain::staff::{Staff, StaffRole};
use portal_domain::{Field, Problem, ValidationError};
use portal_storage::{audit, people, reports as store, Conn, Tx};

use crate::context::{staff_actor, Ctx};
use crate::credentials::counters::OUTCOMES;
use crate::error::{CoreError, CoreResult};

/// What a staff member asks for: a period (the last day is today when not given, the first
/// four weeks before the last) and an office (their own, or all, when none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReportAsk {
    /// First day.
    pub from: Option<NaiveDate>,
    /// Last day.
    pub to: Option<NaiveDate>,
    /// The office.
    pub office: Option<OfficeCode>,
}

/// People: as of now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PeopleNumbers {
    /// Registered, whatever their status.
    pub registered: u64,
    /// Of whom active.
    pub active: u64,
    /// Holding at least one passkey (enrolled in the portal).
    pub enrolled: u64,
    /// Registered during the period, by day.
    pub new: Daily,
}

/// Decisions on update requests in one week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeekOfDecisions {
    /// The week's Monday.
    pub monday: NaiveDate,
    /// Approved.
    pub approved: u64,
    /// Approved in part.
    pub partly_approved: u64,
    /// Rejected.
    pub rejected: u64,
}

impl WeekOfDecisions {
    /// All decisions of the week.
    pub fn total(&self) -> u64 {
        self.approved + self.partly_approved + self.rejected
    }
}

/// Update requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestNumbers {
    /// Waiting now (submitted, under review or waiting for the person), and for how long.
    pub waiting: Ages,
    /// Decided during the period, by week.
    pub decided: Vec<WeekOfDecisions>,
}

/// Appointments starting during the period.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppointmentNumbers {
    /// By day (every status but cancelled).
    pub per_day: Daily,
    /// Attended.
    pub attended: u64,
    /// Missed.
    pub no_show: u64,
    /// Still booked (to come, or not marked yet).
    pub booked: u64,
    /// Cancelled.
    pub cancelled: u64,
}

impl AppointmentNumbers {
    /// The share of marked appointments that were missed, per mille (none when none was
    /// marked).
    pub fn no_show_per_mille(&self) -> Option<u64> {
        numbers::per_mille(self.no_show, self.attended + self.no_show)
    }
}

/// Credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialNumbers {
    /// Issued during the period, by day.
    pub issued: Daily,
    /// Revoked during the period, by day.
    pub revoked: Daily,
    /// Checked by the verifier during the period (UTC days, the whole operation), by
    /// outcome code, every outcome listed.
    pub checked: Vec<(&'static str, u64)>,
}

impl CredentialNumbers {
    /// All checks.
    pub fn checked_total(&self) -> u64 {
        self.checked.iter().map(|(_, n)| n).sum()
    }
}

/// A report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The days.
    pub period: Period,
    /// The office, or none for the whole operation.
    pub office: Option<OfficeCode>,
    /// The time zone of the days.
    pub zone: Tz,
    /// When it was made.
    pub made_at: DateTime<Utc>,
    /// People.
    pub people: PeopleNumbers,
    /// Update requests.
    pub requests: RequestNumbers,
    /// Appointments.
    pub appointments: AppointmentNumbers,
    /// Credentials.
    pub credentials: CredentialNumbers,
}

/// The operation-wide counts for monitoring (no person is named: counts by state only).
pub async fn operational(db: &mut Conn) -> CoreResult<store::Operational> {
    Ok(store::operational(db).await?)
}

/// The offices a staff member may choose between for reports: theirs only when bound to
/// one, else every office.
pub async fn offices(
    db: &mut Conn,
    staff: &Staff,
) -> CoreResult<Vec<portal_domain::office::Office>> {
    if report_scope(staff, None).is_none() {
        return Err(CoreError::NotAllowed);
    }
    let all = people::offices(db).await?;
    Ok(match &staff.account.office_code {
        Some(own) => all.into_iter().filter(|o| &o.code == own).collect(),
        None => all,
    })
}

/// The first instant of `day` in `zone`.
fn start_of(day: NaiveDate, zone: Tz) -> DateTime<Utc> {
    let midnight = day.and_time(NaiveTime::MIN);
    zone.from_local_datetime(&midnight)
        .earliest()
        // A day that starts in a gap (a clock moved forward at midnight): its first hour.
        .or_else(|| {
            zone.from_local_datetime(&(midnight + chrono::Duration::hours(1)))
                .earliest()
        })
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
}

/// The report a staff member asked for, as of `ctx.now`. Staff of one office asking for
/// another are refused (`NotAllowed`); an office that does not exist is invalid.
pub async fn report(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    staff: &Staff,
    ask: &ReportAsk,
) -> CoreResult<Report> {
    let scope = report_scope(staff, ask.office.as_ref()).ok_or(CoreError::NotAllowed)?;
    let (office, zone) = match &scope {
        ReportScope::All => (None, chrono_tz::UTC),
        ReportScope::Office(code) => {
            let office = people::office(db, code.as_str()).await?.ok_or_else(|| {
                CoreError::Invalid(vec![ValidationError::new(
                    Field::OfficeCode,
                    Problem::UnknownCode,
                )])
            })?;
            (Some(office.code.clone()), office.zone())
        }
    };
    let today = ctx.now.with_timezone(&zone).date_naive();
    let last = ask.to.unwrap_or(today);
    let period = match ask.from {
        Some(first) => Period::new(first, last).map_err(|e| CoreError::Invalid(vec![e]))?,
        None => Period::ending(last),
    };
    let code = office.as_ref().map(OfficeCode::as_str);
    let from = start_of(period.from(), zone);
    let until = period
        .to()
        .succ_opt()
        .map_or(DateTime::<Utc>::MAX_UTC, |next| start_of(next, zone));
    let local_day = |t: &DateTime<Utc>| t.with_timezone(&zone).date_naive();

    let (registered, active) = store::people(db, code).await?;
    let enrolled = store::enrolled(db, code).await?;
    let new = store::registered_at(db, code, from, until).await?;
    let people = PeopleNumbers {
        registered: count(registered),
        active: count(active),
        enrolled: count(enrolled),
        new: Daily::count(&period, new.iter().map(local_day)),
    };

    let waiting: Vec<i64> = store::pending_since(db, code)
        .await?
        .iter()
        .map(|since| (ctx.now - *since).num_hours().max(0))
        .collect();
    let mut decided: Vec<WeekOfDecisions> = Daily::count(&period, std::iter::empty())
        .weekly()
        .into_iter()
        .map(|(monday, _)| WeekOfDecisions {
            monday,
            approved: 0,
            partly_approved: 0,
            rejected: 0,
        })
        .collect();
    for (at, status) in store::decisions(db, code, from, until).await? {
        let monday = numbers::week_of(local_day(&at));
        if let Some(week) = decided.iter_mut().find(|w| w.monday == monday) {
            match status.as_str() {
                "approved" => week.approved += 1,
                "partly_approved" => week.partly_approved += 1,
                _ => week.rejected += 1,
            }
        }
    }
    let requests = RequestNumbers {
        waiting: Ages::of(&waiting),
        decided,
    };

    let booked = store::appointments(db, code, from, until).await?;
    let status_count =
        |wanted: &str| count_usize(booked.iter().filter(|(_, s)| s == wanted).count());
    let appointments = AppointmentNumbers {
        per_day: Daily::count(
            &period,
            booked
                .iter()
                .filter(|(_, status)| status != "cancelled")
                .map(|(at, _)| local_day(at)),
        ),
        attended: status_count("attended"),
        no_show: status_count("no_show"),
        booked: status_count("booked"),
        cancelled: status_count("cancelled"),
    };

    let issued = store::issued_at(db, code, from, until).await?;
    let revoked = store::revoked_at(db, code, from, until).await?;
    let mut checked: Vec<(&'static str, u64)> = OUTCOMES.iter().map(|o| (o.as_str(), 0)).collect();
    for (_, outcome, n) in store::verifications(db, period.from(), period.to()).await? {
        if let Some(slot) = checked.iter_mut().find(|(code, _)| *code == outcome) {
            slot.1 += u64::try_from(n).unwrap_or(0);
        }
    }
    let credentials = CredentialNumbers {
        issued: Daily::count(&period, issued.iter().map(local_day)),
        revoked: Daily::count(&period, revoked.iter().map(local_day)),
        checked,
    };

    Ok(Report {
        period,
        office,
        zone,
        made_at: ctx.now,
        people,
        requests,
        appointments,
        credentials,
    })
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

fn count_usize(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Hours as days with one decimal ("2.5").
fn days_of(hours: Option<i64>) -> Option<String> {
    hours.map(|h| format!("{:.1}", h as f64 / 24.0))
}

/// The report as CSV (RFC 4180): one line per number, `measure,office,from,to,value`. Counts
/// of 1 to 4 read `<5`; a rate or age made from fewer than 5 is left empty. Numbers as of now
/// have no `from` and `to` is today.
pub fn csv(report: &Report) -> String {
    let office = report
        .office
        .as_ref()
        .map_or("ALL", OfficeCode::as_str)
        .to_owned();
    let today = report
        .made_at
        .with_timezone(&report.zone)
        .date_naive()
        .to_string();
    let (from, to) = (
        report.period.from().to_string(),
        report.period.to().to_string(),
    );
    let mut out = csv_line(&["measure", "office", "from", "to", "value"]);
    let mut line = |measure: &str, office: &str, from: &str, to: &str, value: String| {
        out.push_str(&csv_line(&[measure, office, from, to, value.as_str()]));
    };
    let people = &report.people;
    line(
        "people_registered",
        &office,
        "",
        &today,
        numbers::export_count(people.registered),
    );
    line(
        "people_active",
        &office,
        "",
        &today,
        numbers::export_count(people.active),
    );
    line(
        "people_enrolled",
        &office,
        "",
        &today,
        numbers::export_count(people.enrolled),
    );
    line(
        "people_registered_in_period",
        &office,
        &from,
        &to,
        numbers::export_count(people.new.total()),
    );
    for (day, n) in &people.new.days {
        let day = day.to_string();
        line(
            "people_registered_on_day",
            &office,
            &day,
            &day,
            numbers::export_count(*n),
        );
    }
    let waiting = &report.requests.waiting;
    line(
        "requests_waiting",
        &office,
        "",
        &today,
        numbers::export_count(waiting.count),
    );
    line(
        "requests_waiting_median_days",
        &office,
        "",
        &today,
        numbers::export_derived(waiting.count, days_of(waiting.median_hours)),
    );
    line(
        "requests_waiting_p90_days",
        &office,
        "",
        &today,
        numbers::export_derived(waiting.count, days_of(waiting.p90_hours)),
    );
    for week in &report.requests.decided {
        let monday = week.monday.to_string();
        let sunday = (week.monday + chrono::Duration::days(6)).to_string();
        line(
            "requests_approved_in_week",
            &office,
            &monday,
            &sunday,
            numbers::export_count(week.approved),
        );
        line(
            "requests_partly_approved_in_week",
            &office,
            &monday,
            &sunday,
            numbers::export_count(week.partly_approved),
        );
        line(
            "requests_rejected_in_week",
            &office,
            &monday,
            &sunday,
            numbers::export_count(week.rejected),
        );
    }
    let a = &report.appointments;
    line(
        "appointments",
        &office,
        &from,
        &to,
        numbers::export_count(a.per_day.total()),
    );
    line(
        "appointments_attended",
        &office,
        &from,
        &to,
        numbers::export_count(a.attended),
    );
    line(
        "appointments_no_show",
        &office,
        &from,
        &to,
        numbers::export_count(a.no_show),
    );
    line(
        "appointments_cancelled",
        &office,
        &from,
        &to,
        numbers::export_count(a.cancelled),
    );
    line(
        "appointments_no_show_percent",
        &office,
        &from,
        &to,
        numbers::export_derived(
            a.attended + a.no_show,
            a.no_show_per_mille()
                .map(|m| format!("{}.{}", m / 10, m % 10)),
        ),
    );
    for (day, n) in &a.per_day.days {
        let day = day.to_string();
        line(
            "appointments_on_day",
            &office,
            &day,
            &day,
            numbers::export_count(*n),
        );
    }
    let c = &report.credentials;
    line(
        "credentials_issued",
        &office,
        &from,
        &to,
        numbers::export_count(c.issued.total()),
    );
    line(
        "credentials_revoked",
        &office,
        &from,
        &to,
        numbers::export_count(c.revoked.total()),
    );
    for (day, n) in &c.issued.days {
        let day = day.to_string();
        line(
            "credentials_issued_on_day",
            &office,
            &day,
            &day,
            numbers::export_count(*n),
        );
    }
    for (day, n) in &c.revoked.days {
        let day = day.to_string();
        line(
            "credentials_revoked_on_day",
            &office,
            &day,
            &day,
            numbers::export_count(*n),
        );
    }
    for (outcome, n) in &c.checked {
        line(
            &format!("credentials_checked_{}", outcome.replace('-', "_")),
            "ALL",
            &from,
            &to,
            numbers::export_count(*n),
        );
    }
    out
}

/// Records that `staff` exported `report` (its period and office; a report holds no person).
pub async fn exported(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff: &Staff,
    report: &Report,
) -> CoreResult<()> {
    let office = report.office.as_ref().map(|o| o.as_str().to_owned());
    // The role they read reports in: at the desk when they work it, else as admin.
    let desk = staff
        .account
        .roles
        .iter()
        .any(|r| matches!(r, StaffRole::Clerk | StaffRole::Approver));
    let role = if desk {
        desk_role(staff)
    } else {
        StaffRole::Admin
    };
    let event = ctx
        .event(staff_actor(staff, role), AuditAction::ReportExport)
        .at_office(office.clone())
        .with_details(serde_json::json!({
            "from": report.period.from().to_string(),
            "to": report.period.to().to_string(),
            "office": office,
        }));
    audit::append(tx, &event).await?;
    Ok(())
}
