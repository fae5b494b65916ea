//! Appointments over HTTP: the forms of "My appointments" and of the staff agenda post here.
//!
//! | route | who | does |
//! |---|---|---|
//! | `POST /api/me/appointments` | person | books a slot (`slot`) |
//! | `POST /api/me/appointments/{id}/reschedule` | person | moves it to another slot (`slot`) |
//! | `POST /api/me/appointments/{id}/cancel` | person | cancels it |
//! | `POST /api/me/appointments/ask` | person | asks for a time (`service`, `location`, `preferred`) |
//! | `GET /api/me/appointments/{id}/calendar.ics` | person | the invitation as a file |
//! | `POST /api/staff/appointments/{id}/mark` | clerk/approver | attended or no-show (`status`) |
//! | `POST /api/staff/appointments/{id}/cancel` | clerk/approver | cancels with a `reason` |
//! | `POST /api/staff/appointments/{id}/move` | clerk/approver | moves to `slot` with a `reason` |
//! | `POST /api/staff/time-requests/{id}/offer` | clerk/approver | books `slot` for the person |
//!
//! Like the request forms: browsers get `303 See Other`, programs asking for JSON get JSON or
//! problem details. Owns: parsing these forms. Must never: decide (the booking service does).

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use uuid::Uuid;

use super::error::ApiError;
use super::requests::{clean_path, person_of, respond, staff_of};
use super::ApiState;
use portal_core::booking::{Booking, BookingFailure};
use portal_domain::appointments::{AppointmentId, AppointmentStatus, BookingRefused};

/// The routes.
pub fn router() -> Router<ApiState> {
    Router::new()
        .route("/api/me/appointments", post(book))
        .route("/api/me/appointments/ask", post(ask))
        .route("/api/me/appointments/{id}/reschedule", post(reschedule))
        .route("/api/me/appointments/{id}/cancel", post(cancel))
        .route("/api/me/appointments/{id}/calendar.ics", get(ics))
        .route("/api/staff/appointments/{id}/mark", post(mark))
        .route("/api/staff/appointments/{id}/cancel", post(staff_cancel))
        .route("/api/staff/appointments/{id}/move", post(staff_move))
        .route("/api/staff/time-requests/{id}/offer", post(offer))
}

/// Every path of this module, for the authorization tests' completeness check.
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/me/appointments"),
    ("POST", "/api/me/appointments/ask"),
    ("POST", "/api/me/appointments/{id}/reschedule"),
    ("POST", "/api/me/appointments/{id}/cancel"),
    ("GET", "/api/me/appointments/{id}/calendar.ics"),
    ("POST", "/api/staff/appointments/{id}/mark"),
    ("POST", "/api/staff/appointments/{id}/cancel"),
    ("POST", "/api/staff/appointments/{id}/move"),
    ("POST", "/api/staff/time-requests/{id}/offer"),
];

impl From<BookingFailure> for ApiError {
    fn from(error: BookingFailure) -> Self {
        match error {
            BookingFailure::Invalid(errors) => ApiError::Validation(errors),
            BookingFailure::NotFound => ApiError::NotFound,
            BookingFailure::Refused(why) => ApiError::Booking(why),
            BookingFailure::Stale => ApiError::Stale("appointment"),
            BookingFailure::Store(error) => error.into(),
        }
    }
}

/// The code a page shows for a refused booking (`?problem=`).
pub fn refusal_code(why: BookingRefused) -> &'static str {
    match why {
        BookingRefused::SlotFull => "slot-full",
        BookingRefused::SlotPast => "slot-past",
        BookingRefused::LimitReached => "limit-reached",
        BookingRefused::PastCutoff => "past-cutoff",
        BookingRefused::NotBooked => "not-booked",
    }
}

fn booking<'a>(state: &'a ApiState, headers: &'a HeaderMap) -> Booking<'a> {
    Booking {
        store: &state.store,
        now: state.clock.now(),
        cutoff: chrono::Duration::hours(i64::from(state.config.appointment_cutoff_hours)),
        request_id: headers.get("x-request-id").and_then(|v| v.to_str().ok()),
    }
}

type Fields = Result<Form<BTreeMap<String, String>>, axum::extract::rejection::FormRejection>;

fn fields(form: Fields) -> BTreeMap<String, String> {
    form.map(|Form(f)| f).unwrap_or_default()
}

fn uuid_field(fields: &BTreeMap<String, String>, name: &str) -> Result<Uuid, ApiError> {
    fields
        .get(name)
        .and_then(|v| Uuid::parse_str(v.trim()).ok())
        .ok_or(ApiError::NotFound)
}

fn path_id(raw: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw).map_err(|_| ApiError::NotFound)
}

fn done(
    page: String,
    body: serde_json::Value,
    status: StatusCode,
) -> (StatusCode, serde_json::Value, String) {
    (status, body, page)
}

async fn book(State(state): State<ApiState>, headers: HeaderMap, form: Fields) -> Response {
    let form = fields(form);
    let back = format!(
        "/me/appointments/book?service={}&location={}",
        form.get("service")
            .map(|s| s
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>())
            .unwrap_or_default(),
        form.get("location")
            .and_then(|l| Uuid::parse_str(l).ok())
            .map(|u| u.to_string())
            .unwrap_or_default(),
    );
    let outcome = async {
        let person = person_of(&state, &headers).await?;
        let slot = uuid_field(&form, "slot")?;
        let id = booking(&state, &headers).book(person, slot).await?;
        state.mail_wake.notify_one();
        Ok(done(
            format!("/me/appointments/{}?booked=1", id.0),
            serde_json::json!({ "id": id.0.to_string(), "reference": id.reference() }),
            StatusCode::CREATED,
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}

async fn ask(State(state): State<ApiState>, headers: HeaderMap, form: Fields) -> Response {
    let form = fields(form);
    let outcome = async {
        let person = person_of(&state, &headers).await?;
        let location = uuid_field(&form, "location")?;
        let service = form.get("service").cloned().unwrap_or_default();
        let preferred = form.get("preferred").cloned().unwrap_or_default();
        let id = booking(&state, &headers)
            .ask_for_time(person, location, &service, &preferred)
            .await?;
        Ok(done(
            "/me/appointments?asked=1".to_owned(),
            serde_json::json!({ "id": id.to_string() }),
            StatusCode::CREATED,
        ))
    }
    .await;
    respond(&headers, outcome, "/me/appointments/book")
}

async fn reschedule(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let back = format!("/me/appointments/{}", clean_path(&id));
    let outcome = async {
        let person = person_of(&state, &headers).await?;
        let id = AppointmentId(path_id(&id)?);
        let slot = uuid_field(&form, "slot")?;
        booking(&state, &headers)
            .reschedule(person, id, slot)
            .await?;
        state.mail_wake.notify_one();
        Ok(done(
            format!("/me/appointments/{}?moved=1", id.0),
            serde_json::json!({ "status": "booked" }),
            StatusCode::OK,
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}

async fn cancel(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let back = format!("/me/appointments/{}", clean_path(&id));
    let outcome = async {
        let person = person_of(&state, &headers).await?;
        let id = AppointmentId(path_id(&id)?);
        booking(&state, &headers).cancel(person, id).await?;
        state.mail_wake.notify_one();
        Ok(done(
            format!("/me/appointments/{}", id.0),
            serde_json::json!({ "status": "cancelled" }),
            StatusCode::OK,
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}

async fn ics(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let person = person_of(&state, &headers).await?;
    let id = AppointmentId(path_id(&id)?);
    let appointment = booking(&state, &headers)
        .appointment_of_person(person, id)
        .await?;
    let text = invitation_text(&state, &appointment, "en").await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static("attachment; filename=\"appointment.ics\""),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
        ],
        text,
    )
        .into_response())
}

/// The `.ics` text of an appointment as it stands (a cancellation when cancelled).
pub async fn invitation_text(
    state: &ApiState,
    appointment: &portal_storage::appointments::Appointment,
    language: &str,
) -> Result<String, ApiError> {
    portal_core::booking::invitation_for(
        &state.store,
        &state.config,
        appointment,
        language,
        state.clock.now(),
    )
    .await
    .map_err(ApiError::from)
}

async fn mark(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let back = "/staff/appointments".to_owned();
    let outcome = async {
        let staff = staff_of(&state, &headers).await?;
        let id = AppointmentId(path_id(&id)?);
        let status = AppointmentStatus::parse(form.get("status").map_or("", String::as_str))
            .map_err(|e| ApiError::Validation(vec![e]))?;
        booking(&state, &headers).mark(&staff, id, status).await?;
        Ok(done(
            format!("/staff/appointments?{}saved=1", return_query(&form)),
            serde_json::json!({ "status": status.as_str() }),
            StatusCode::OK,
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}

/// Keeps the agenda's location and date after a staff action.
fn return_query(form: &BTreeMap<String, String>) -> String {
    let location = form
        .get("return_location")
        .and_then(|l| Uuid::parse_str(l).ok());
    let date = form
        .get("return_date")
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let mut query = String::new();
    if let Some(location) = location {
        query.push_str(&format!("location={location}&"));
    }
    if let Some(date) = date {
        query.push_str(&format!("date={date}&"));
    }
    query
}

async fn staff_cancel(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let back = format!("/staff/appointments?{}", return_query(&form));
    let outcome = async {
        let staff = staff_of(&state, &headers).await?;
        let id = AppointmentId(path_id(&id)?);
        booking(&state, &headers)
            .staff_cancel(&staff, id, form.get("reason").map(String::as_str))
            .await?;
        state.mail_wake.notify_one();
        Ok(done(
            format!("/staff/appointments?{}saved=1", return_query(&form)),
            serde_json::json!({ "status": "cancelled" }),
            StatusCode::OK,
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}

async fn staff_move(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let back = format!("/staff/appointments?{}", return_query(&form));
    let outcome = async {
        let staff = staff_of(&state, &headers).await?;
        let id = AppointmentId(path_id(&id)?);
        let slot = uuid_field(&form, "slot")?;
        booking(&state, &headers)
            .staff_move(&staff, id, slot, form.get("reason").map(String::as_str))
            .await?;
        state.mail_wake.notify_one();
        Ok(done(
            format!("/staff/appointments?{}saved=1", return_query(&form)),
            serde_json::json!({ "status": "booked" }),
            StatusCode::OK,
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}

async fn offer(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let back = format!("/staff/appointments?{}", return_query(&form));
    let outcome = async {
        let staff = staff_of(&state, &headers).await?;
        let request = path_id(&id)?;
        let slot = uuid_field(&form, "slot")?;
        let appointment = booking(&state, &headers).offer(&staff, request, slot).await?;
        state.mail_wake.notify_one();
        Ok(done(
            format!("/staff/appointments?{}saved=1", return_query(&form)),
            serde_json::json!({ "id": appointment.0.to_string(), "reference": appointment.reference() }),
            StatusCode::CREATED,
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}
