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
//! | `POST /api/staff/appointments/scan` | clerk/approver | finds the booking a `code` names |
//!
//! Like the request forms: browsers get `303 See Other`, programs asking for JSON get JSON or
//! problem details. Owns: parsing these forms. Must never: decide (the booking use cases do).

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use portal_core::booking::agenda::{self, Scanned};
use portal_core::booking::{self, CalendarOrigin};
use portal_domain::appointments::{AppointmentId, AppointmentStatus};
use portal_i18n::Locale;
use uuid::Uuid;

use crate::error::AppError;
use crate::extract::{Call, Me, StaffMember};
use crate::forms::{clean_path, fields, parse_id, respond, Done, Fields};
use crate::WebState;

/// The routes.
pub fn router() -> Router<WebState> {
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
        .route("/api/staff/appointments/scan", post(scan))
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
    ("POST", "/api/staff/appointments/scan"),
];

fn uuid_field(fields: &BTreeMap<String, String>, name: &str) -> Result<Uuid, AppError> {
    parse_id(fields.get(name).map_or("", String::as_str))
}

fn text<'a>(fields: &'a BTreeMap<String, String>, name: &str) -> Option<&'a str> {
    fields.get(name).map(String::as_str)
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

async fn book(
    State(state): State<WebState>,
    call: Call,
    me: Result<Me, AppError>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let service: String = text(&form, "service")
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let location = form
        .get("location")
        .and_then(|l| Uuid::parse_str(l).ok())
        .map(|u| u.to_string())
        .unwrap_or_default();
    let back = format!("/me/appointments/book?service={service}&location={location}");
    let outcome = async {
        let Me(person) = me?;
        let slot = uuid_field(&form, "slot")?;
        let mut tx = state.store.begin().await?;
        let id = booking::book(&mut tx, &call.ctx(), person, slot).await?;
        tx.commit().await?;
        state.wake_mail();
        Ok(Done::new(
            StatusCode::CREATED,
            serde_json::json!({ "id": id.0.to_string(), "reference": id.reference() }),
            format!("/me/appointments/{}?booked=1", id.0),
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}

async fn ask(
    State(state): State<WebState>,
    call: Call,
    me: Result<Me, AppError>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let outcome = async {
        let Me(person) = me?;
        let location = uuid_field(&form, "location")?;
        let service = text(&form, "service").unwrap_or_default();
        let preferred = text(&form, "preferred").unwrap_or_default();
        let mut tx = state.store.begin().await?;
        let id = booking::ask_for_time(&mut tx, &call.ctx(), person, location, service, preferred)
            .await?;
        tx.commit().await?;
        Ok(Done::new(
            StatusCode::CREATED,
            serde_json::json!({ "id": id.to_string() }),
            "/me/appointments?asked=1",
        ))
    }
    .await;
    respond(&headers, outcome, "/me/appointments/book")
}

async fn reschedule(
    State(state): State<WebState>,
    call: Call,
    me: Result<Me, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let back = format!("/me/appointments/{}", clean_path(&id));
    let outcome = async {
        let Me(person) = me?;
        let id = AppointmentId(parse_id(&id)?);
        let slot = uuid_field(&form, "slot")?;
        let mut tx = state.store.begin().await?;
        booking::reschedule(&mut tx, &call.ctx(), state.cutoff(), person, id, slot).await?;
        tx.commit().await?;
        state.wake_mail();
        Ok(Done::new(
            StatusCode::OK,
            serde_json::json!({ "status": "booked" }),
            format!("/me/appointments/{}?moved=1", id.0),
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}

async fn cancel(
    State(state): State<WebState>,
    call: Call,
    me: Result<Me, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let back = format!("/me/appointments/{}", clean_path(&id));
    let outcome = async {
        let Me(person) = me?;
        let id = AppointmentId(parse_id(&id)?);
        let mut tx = state.store.begin().await?;
        booking::cancel(&mut tx, &call.ctx(), state.cutoff(), person, id).await?;
        tx.commit().await?;
        state.wake_mail();
        Ok(Done::new(
            StatusCode::OK,
            serde_json::json!({ "status": "cancelled" }),
            format!("/me/appointments/{}", id.0),
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}

async fn ics(
    State(state): State<WebState>,
    call: Call,
    Me(person): Me,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = AppointmentId(parse_id(&id)?);
    let mut db = state.store.read().await?;
    let appointment = booking::appointment_of_person(&mut db, person, id).await?;
    let text = booking::invitation_for(
        &mut db,
        &CalendarOrigin::of(&state.config),
        &appointment,
        Locale::En,
        call.now,
    )
    .await?;
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

/// What a staff action on the agenda answers: back to the same location and day.
fn agenda_done(
    form: &BTreeMap<String, String>,
    status: StatusCode,
    body: serde_json::Value,
) -> Done {
    Done::new(
        status,
        body,
        format!("/staff/appointments?{}saved=1", return_query(form)),
    )
}

async fn mark(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let outcome = async {
        let StaffMember(staff) = staff?;
        let id = AppointmentId(parse_id(&id)?);
        let status = AppointmentStatus::parse(text(&form, "status").unwrap_or_default())?;
        let mut tx = state.store.begin().await?;
        booking::mark(&mut tx, &call.ctx(), &staff, id, status).await?;
        tx.commit().await?;
        Ok(agenda_done(
            &form,
            StatusCode::OK,
            serde_json::json!({ "status": status.as_str() }),
        ))
    }
    .await;
    let back = format!("/staff/appointments?{}", return_query(&form));
    respond(&headers, outcome, &back)
}

/// A code read at the desk (typed, or from the camera): the agenda of its booking's day with
/// only that booking, or the agenda with why there is none. The code itself is posted, never
/// put in a URL (a slip's link is a secret; a credential names the person).
async fn scan(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let outcome = async {
        let StaffMember(staff) = staff?;
        let issuer = state.issuer().await?;
        let mut db = state.store.read().await?;
        let code = text(&form, "code").unwrap_or_default();
        let found = agenda::scan(
            &mut db,
            &call.ctx(),
            &staff,
            (&issuer, &state.verifier),
            code,
        )
        .await?;
        Ok(match found {
            Scanned::Booking {
                reference,
                location,
                day,
            } => Done::new(
                StatusCode::OK,
                serde_json::json!({
                    "found": "booking",
                    "reference": reference,
                    "location": location.to_string(),
                    "date": day.to_string(),
                }),
                format!("/staff/appointments?location={location}&date={day}&find={reference}"),
            ),
            other => {
                let why = match other {
                    Scanned::NoBooking => "no-booking",
                    Scanned::NotGenuine => "not-genuine",
                    Scanned::Unknown | Scanned::Booking { .. } => "unknown",
                };
                Done::new(
                    StatusCode::OK,
                    serde_json::json!({ "found": why }),
                    format!("/staff/appointments?scanned={why}"),
                )
            }
        })
    }
    .await;
    respond(&headers, outcome, "/staff/appointments")
}

async fn staff_cancel(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let back = format!("/staff/appointments?{}", return_query(&form));
    let outcome = async {
        let StaffMember(staff) = staff?;
        let id = AppointmentId(parse_id(&id)?);
        let mut tx = state.store.begin().await?;
        booking::staff_cancel(&mut tx, &call.ctx(), &staff, id, text(&form, "reason")).await?;
        tx.commit().await?;
        state.wake_mail();
        Ok(agenda_done(
            &form,
            StatusCode::OK,
            serde_json::json!({ "status": "cancelled" }),
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}

async fn staff_move(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let back = format!("/staff/appointments?{}", return_query(&form));
    let outcome = async {
        let StaffMember(staff) = staff?;
        let id = AppointmentId(parse_id(&id)?);
        let slot = uuid_field(&form, "slot")?;
        let mut tx = state.store.begin().await?;
        booking::staff_move(
            &mut tx,
            &call.ctx(),
            &staff,
            id,
            slot,
            text(&form, "reason"),
        )
        .await?;
        tx.commit().await?;
        state.wake_mail();
        Ok(agenda_done(
            &form,
            StatusCode::OK,
            serde_json::json!({ "status": "booked" }),
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}

async fn offer(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    let form = fields(form);
    let back = format!("/staff/appointments?{}", return_query(&form));
    let outcome = async {
        let StaffMember(staff) = staff?;
        let request = parse_id(&id)?;
        let slot = uuid_field(&form, "slot")?;
        let mut tx = state.store.begin().await?;
        let appointment = booking::offer(&mut tx, &call.ctx(), &staff, request, slot).await?;
        tx.commit().await?;
        state.wake_mail();
        let body = serde_json::json!({ "id": appointment.0.to_string(), "reference": appointment.reference() });
        Ok(agenda_done(&form, StatusCode::CREATED, body))
    }
    .await;
    respond(&headers, outcome, &back)
}
