//! Reports over HTTP: the numbers of `/staff/reports` as JSON for programs, and as a CSV file
//! (small cells suppressed, the download audited).
//!
//! | route | who | does |
//! |---|---|---|
//! | `GET /api/staff/reports?from&to&office` | active staff (their office only when bound to one) | the report as JSON |
//! | `GET /api/staff/reports.csv?from&to&office` | the same | the report as CSV, audited |
//!
//! `from` and `to` are days (`YYYY-MM-DD`; by default the four weeks ending today), `office`
//! an office code (`ALL` or nothing: the staff member's own office, or the whole operation).
//! A bad value is answered with problem details, or, for a browser, by the reports page with
//! the same query, which says what is wrong in the reader's language.
//!
//! Owns: reading the query and writing the answers. Must never: answer with anything about a
//! person.

use std::collections::BTreeMap;

use axum::extract::{Query, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use portal_core::reports::{self, Report, ReportAsk};
use portal_core::CoreError;
use portal_domain::office::OfficeCode;
use portal_domain::{Field, Problem, ValidationError};

use crate::error::AppError;
use crate::extract::{Call, StaffMember};
use crate::forms::wants_json;
use crate::WebState;

/// The routes.
pub fn router() -> Router<WebState> {
    Router::new()
        .route("/api/staff/reports", get(as_json))
        .route("/api/staff/reports.csv", get(as_csv))
}

/// Every path of this module, for the authorization tests' completeness check.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/staff/reports"),
    ("GET", "/api/staff/reports.csv"),
];

/// Longest value of a query parameter read (a day is 10 characters, an office code fewer).
const MAX_VALUE: usize = 32;

/// What the query asks for: every problem of it listed, none of its values repeated.
pub fn ask(
    from: Option<&str>,
    to: Option<&str>,
    office: Option<&str>,
) -> Result<ReportAsk, CoreError> {
    let mut problems = Vec::new();
    let mut day = |raw: Option<&str>, field: Field| -> Option<NaiveDate> {
        let raw = raw.map(str::trim).filter(|r| !r.is_empty())?;
        let parsed = (raw.len() <= MAX_VALUE)
            .then(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok())
            .flatten();
        if parsed.is_none() {
            problems.push(ValidationError::new(field, Problem::Format("YYYY-MM-DD")));
        }
        parsed
    };
    let from = day(from, Field::PeriodFrom);
    let to = day(to, Field::PeriodTo);
    let office = match office
        .map(str::trim)
        .filter(|o| !o.is_empty() && !o.eq_ignore_ascii_case("all"))
    {
        None => None,
        Some(raw) if raw.len() > MAX_VALUE => {
            problems.push(ValidationError::new(
                Field::OfficeCode,
                Problem::UnknownCode,
            ));
            None
        }
        Some(raw) => match OfficeCode::parse(raw) {
            Ok(code) => Some(code),
            Err(error) => {
                problems.push(error);
                None
            }
        },
    };
    if problems.is_empty() {
        Ok(ReportAsk { from, to, office })
    } else {
        Err(CoreError::Invalid(problems))
    }
}

/// The query's fields, as a handler receives them.
type Asked = Result<Query<BTreeMap<String, String>>, axum::extract::rejection::QueryRejection>;

/// The staff member and the report their query asks for.
async fn made(
    state: &WebState,
    call: &Call,
    staff: Result<StaffMember, AppError>,
    query: Asked,
) -> Result<(portal_domain::staff::Staff, Report), AppError> {
    let StaffMember(staff) = staff?;
    let Query(query) =
        query.map_err(|_| AppError::BadRequest("the query cannot be read".into()))?;
    let ask = ask(
        query.get("from").map(String::as_str),
        query.get("to").map(String::as_str),
        query.get("office").map(String::as_str),
    )?;
    let mut db = state.store.read().await?;
    let report = reports::report(&mut db, &call.ctx(), &staff, &ask).await?;
    Ok((staff, report))
}

/// A failure: problem details for programs; a browser goes to the page with the same query,
/// which shows what is wrong in the reader's language.
fn failed(headers: &HeaderMap, error: AppError, raw: Option<&str>) -> Response {
    let browser = !wants_json(headers)
        && headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"));
    match (browser, &error) {
        (true, AppError::NotSignedIn) => Redirect::to("/signin").into_response(),
        (true, AppError::Core(CoreError::Invalid(_) | CoreError::NotAllowed)) => {
            let query = raw
                .filter(|q| q.len() <= 256 && q.bytes().all(|b| b.is_ascii_graphic()))
                .unwrap_or("");
            let page = if query.is_empty() {
                "/staff/reports".to_owned()
            } else {
                format!("/staff/reports?{query}")
            };
            Redirect::to(&page).into_response()
        }
        _ => error.into_response(),
    }
}

async fn as_json(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    query: Asked,
) -> Response {
    match made(&state, &call, staff, query).await {
        Ok((_, report)) => (StatusCode::OK, Json(json(&report))).into_response(),
        Err(error) => failed(&headers, error, raw.as_deref()),
    }
}

async fn as_csv(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    query: Asked,
) -> Response {
    let outcome = async {
        let (staff, report) = made(&state, &call, staff, query).await?;
        let mut tx = state.store.begin().await?;
        reports::exported(&mut tx, &call.ctx(), &staff, &report).await?;
        tx.commit().await?;
        Ok::<_, AppError>(report)
    }
    .await;
    match outcome {
        Ok(report) => {
            let name = format!(
                "attachment; filename=\"portal-report-{}-{}-{}.csv\"",
                report.office.as_ref().map_or("ALL", OfficeCode::as_str),
                report.period.from(),
                report.period.to()
            );
            let mut response = reports::csv(&report).into_response();
            let headers = response.headers_mut();
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/csv; charset=utf-8"),
            );
            if let Ok(value) = HeaderValue::from_str(&name) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            response
        }
        Err(error) => failed(&headers, error, raw.as_deref()),
    }
}

/// The report as JSON: the same numbers as the page, unsuppressed (staff see them anyway).
pub fn json(report: &Report) -> serde_json::Value {
    use serde_json::json;
    let daily = |d: &portal_domain::reports::Daily| -> Vec<serde_json::Value> {
        d.days
            .iter()
            .map(|(day, n)| json!({ "day": day.to_string(), "count": n }))
            .collect()
    };
    let waiting = &report.requests.waiting;
    let a = &report.appointments;
    let c = &report.credentials;
    json!({
        "from": report.period.from().to_string(),
        "to": report.period.to().to_string(),
        "office": report.office.as_ref().map(OfficeCode::as_str),
        "timeZone": report.zone.name(),
        "people": {
            "registered": report.people.registered,
            "active": report.people.active,
            "enrolled": report.people.enrolled,
            "registeredPerDay": daily(&report.people.new),
        },
        "requests": {
            "waiting": waiting.count,
            "waitingMedianHours": waiting.median_hours,
            "waitingP90Hours": waiting.p90_hours,
            "decidedPerWeek": report.requests.decided.iter().map(|w| json!({
                "week": w.monday.to_string(),
                "approved": w.approved,
                "partlyApproved": w.partly_approved,
                "rejected": w.rejected,
            })).collect::<Vec<_>>(),
        },
        "appointments": {
            "perDay": daily(&a.per_day),
            "attended": a.attended,
            "noShow": a.no_show,
            "booked": a.booked,
            "cancelled": a.cancelled,
            "noShowPerMille": a.no_show_per_mille(),
        },
        "credentials": {
            "issuedPerDay": daily(&c.issued),
            "revokedPerDay": daily(&c.revoked),
            "issued": c.issued.total(),
            "revoked": c.revoked.total(),
            "checked": c.checked.iter().map(|(o, n)| (o.to_string(), json!(n))).collect::<serde_json::Map<_, _>>(),
        },
    })
}
