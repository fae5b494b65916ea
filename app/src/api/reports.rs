//! Server function of `/staff/reports`: the report the query asks for, as plain numbers and
//! ISO days for the page to write out in the reader's language.
//!
//! Owns: the view of a report. Must never: carry anything about a person.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One bar of a chart: an ISO day (or a week's Monday) and its count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bar {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// The count.
    pub count: i64,
}

/// Decisions of one week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekLine {
    /// The week's Monday, `YYYY-MM-DD`.
    pub monday: String,
    /// Approved.
    pub approved: i64,
    /// Approved in part.
    pub partly_approved: i64,
    /// Rejected.
    pub rejected: i64,
}

/// An office to choose.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeChoice {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// A report as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportView {
    /// First day.
    pub from: String,
    /// Last day.
    pub to: String,
    /// The office's code (none: all offices).
    pub office: Option<String>,
    /// The office's name.
    pub office_name: Option<String>,
    /// The days' time zone (`Asia/Amman`, `UTC`).
    pub zone: String,
    /// The offices the staff member may choose (one when bound to an office).
    pub offices: Vec<OfficeChoice>,
    /// Whether "all offices" may be chosen.
    pub may_see_all: bool,
    /// People registered.
    pub registered: i64,
    /// Of whom active.
    pub active: i64,
    /// Holding a passkey.
    pub enrolled: i64,
    /// Registered per day.
    pub registered_per_day: Vec<Bar>,
    /// Requests waiting.
    pub waiting: i64,
    /// Median wait, tenths of a day.
    pub waiting_median_tenths: Option<i64>,
    /// 90th percentile of the wait, tenths of a day.
    pub waiting_p90_tenths: Option<i64>,
    /// Decisions per week.
    pub decided: Vec<WeekLine>,
    /// Appointments per day (not cancelled).
    pub appointments_per_day: Vec<Bar>,
    /// Attended.
    pub attended: i64,
    /// Missed.
    pub no_show: i64,
    /// Not marked yet.
    pub still_booked: i64,
    /// Cancelled.
    pub cancelled: i64,
    /// Missed, of those marked, per mille.
    pub no_show_per_mille: Option<i64>,
    /// Credentials issued per day.
    pub issued_per_day: Vec<Bar>,
    /// Credentials revoked per day.
    pub revoked_per_day: Vec<Bar>,
    /// Checks by the verifier, by outcome code.
    pub checked: Vec<(String, i64)>,
    /// The CSV download's address.
    pub csv: String,
}

/// What is wrong with the query, in words the page has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportProblem {
    /// A day is not a day, or the last is before the first, or they span more than a year.
    Period,
    /// The office does not exist, or is not the staff member's.
    Office,
}

/// The report for the query's `from`, `to` and `office` (each may be empty).
#[server(prefix = "/api", endpoint = "staff/reports/view")]
pub async fn staff_report(
    from: String,
    to: String,
    office: String,
) -> Result<Result<ReportView, ReportProblem>, ServerFnError> {
    use crate::server::request::{desk, fail};
    use portal_core::CoreError;
    use portal_domain::Field;

    let desk = desk().await?;
    let staff = &desk.staff;
    let problem = |error: CoreError| -> Result<ReportProblem, ServerFnError> {
        match error {
            CoreError::Invalid(errors) if errors.iter().all(|e| e.field == Field::OfficeCode) => {
                Ok(ReportProblem::Office)
            }
            CoreError::Invalid(_) => Ok(ReportProblem::Period),
            CoreError::NotAllowed if staff.active => Ok(ReportProblem::Office),
            other => Err(fail(other)),
        }
    };
    let ask = match portal_web::reports::ask(Some(&from), Some(&to), Some(&office)) {
        Ok(ask) => ask,
        Err(error) => return problem(error).map(Err),
    };
    let mut db = desk.read().await?;
    let offices = portal_core::reports::offices(&mut db, staff)
        .await
        .map_err(fail)?;
    let report = match portal_core::reports::report(&mut db, &desk.call.ctx(), staff, &ask).await {
        Ok(report) => report,
        Err(error) => return problem(error).map(Err),
    };
    Ok(Ok(backend::view(
        &report,
        &offices,
        staff.account.office_code.is_none(),
    )))
}

#[cfg(feature = "ssr")]
mod backend {
    use portal_core::reports::Report;
    use portal_domain::office::Office;
    use portal_domain::reports::Daily;

    use super::{Bar, OfficeChoice, ReportView, WeekLine};

    fn n(count: u64) -> i64 {
        i64::try_from(count).unwrap_or(i64::MAX)
    }

    fn bars(daily: &Daily) -> Vec<Bar> {
        daily
            .days
            .iter()
            .map(|(day, count)| Bar {
                day: day.to_string(),
                count: n(*count),
            })
            .collect()
    }

    /// Hours as tenths of a day, rounded.
    fn tenths(hours: Option<i64>) -> Option<i64> {
        hours.map(|h| (h * 10 + 12) / 24)
    }

    pub fn view(report: &Report, offices: &[Office], may_see_all: bool) -> ReportView {
        let office = report.office.as_ref().map(|o| o.as_str().to_owned());
        let office_name = office.as_ref().and_then(|code| {
            offices
                .iter()
                .find(|o| o.code.as_str() == code)
                .map(|o| o.name.clone())
        });
        let (from, to) = (
            report.period.from().to_string(),
            report.period.to().to_string(),
        );
        let csv = format!(
            "/api/staff/reports.csv?from={from}&to={to}&office={}",
            office.as_deref().unwrap_or("ALL")
        );
        let a = &report.appointments;
        ReportView {
            from,
            to,
            office,
            office_name,
            zone: report.zone.name().to_owned(),
            offices: offices
                .iter()
                .map(|o| OfficeChoice {
                    code: o.code.as_str().to_owned(),
                    name: o.name.clone(),
                })
                .collect(),
            may_see_all,
            registered: n(report.people.registered),
            active: n(report.people.active),
            enrolled: n(report.people.enrolled),
            registered_per_day: bars(&report.people.new),
            waiting: n(report.requests.waiting.count),
            waiting_median_tenths: tenths(report.requests.waiting.median_hours),
            waiting_p90_tenths: tenths(report.requests.waiting.p90_hours),
            decided: report
                .requests
                .decided
                .iter()
                .map(|w| WeekLine {
                    monday: w.monday.to_string(),
                    approved: n(w.approved),
                    partly_approved: n(w.partly_approved),
                    rejected: n(w.rejected),
                })
                .collect(),
            appointments_per_day: bars(&a.per_day),
            attended: n(a.attended),
            no_show: n(a.no_show),
            still_booked: n(a.booked),
            cancelled: n(a.cancelled),
            no_show_per_mille: a.no_show_per_mille().map(n),
            issued_per_day: bars(&report.credentials.issued),
            revoked_per_day: bars(&report.credentials.revoked),
            checked: report
                .credentials
                .checked
                .iter()
                .map(|(outcome, count)| ((*outcome).to_owned(), n(*count)))
                .collect(),
            csv,
        }
    }
}
