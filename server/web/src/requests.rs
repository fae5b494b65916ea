//! Update requests over HTTP: the forms of "My requests" and of the review screen post here.
//!
//! | route | who | does |
//! |---|---|---|
//! | `POST /api/me/requests` | person | new request (multipart: `kind`, fields, `documents`) |
//! | `POST /api/me/requests/{id}/cancel` | person | withdraws a pending request |
//! | `POST /api/me/requests/{id}/answer` | person | answers a question (multipart: `answer`, `documents`) |
//! | `GET /api/me/documents/{sha256}` | person | a document of one of their requests |
//! | `POST /api/staff/people/{id}/requests` | clerk | prepares a request for a person |
//! | `POST /api/staff/requests/{id}/decide` | clerk/approver | approve or reject each change |
//! | `POST /api/staff/requests/{id}/ask` | clerk/approver | asks the person for more information |
//! | `POST /api/staff/requests/{id}/recommend` | clerk | recommends a decision on a sensitive request |
//! | `GET /api/staff/requests/{id}/documents/{sha256}` | clerk/approver | a document (audited) |
//!
//! Browsers post plain HTML forms (no JavaScript needed) and get `303 See Other` to the page to
//! show next; on failure they are sent back to the form with error codes (never values) in the
//! query. Clients that send `Accept: application/json` get JSON and RFC 9457 problem details.
//!
//! Owns: parsing these forms. Must never: decide anything itself (the workflow does).

use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use std::collections::BTreeMap;
use uuid::Uuid;

use super::error::ApiError;
use super::session;
use super::ApiState;
use portal_core::workflow::{Upload, Workflow, WorkflowError};
use portal_domain::document::{ContentAddress, MediaType};
use portal_domain::person::PersonId;
use portal_domain::requests::{limits, FormInput, RequestId, RequestKind};
use portal_domain::session::Principal;
use portal_domain::staff::Staff;
use portal_domain::{Field, Problem, ValidationError};
use portal_storage::documents::DocumentError;

/// The routes.
pub fn router(max_document_bytes: u64) -> Router<ApiState> {
    let upload_limit = usize::try_from(max_document_bytes)
        .unwrap_or(usize::MAX)
        .saturating_mul(limits::DOCUMENTS + 1)
        .saturating_add(256 * 1024);
    Router::new()
        .route("/api/me/requests", post(create))
        .route("/api/me/requests/{id}/cancel", post(cancel))
        .route("/api/me/requests/{id}/answer", post(answer))
        .route("/api/me/documents/{sha256}", get(my_document))
        .route("/api/staff/people/{id}/requests", post(prepare))
        .route("/api/staff/requests/{id}/decide", post(decide))
        .route("/api/staff/requests/{id}/ask", post(ask))
        .route("/api/staff/requests/{id}/recommend", post(recommend))
        .route(
            "/api/staff/requests/{id}/documents/{sha256}",
            get(staff_document),
        )
        .layer(DefaultBodyLimit::max(upload_limit))
}

/// Every path of this module, for the authorization tests' completeness check.
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/me/requests"),
    ("POST", "/api/me/requests/{id}/cancel"),
    ("POST", "/api/me/requests/{id}/answer"),
    ("GET", "/api/me/documents/{sha256}"),
    ("POST", "/api/staff/people/{id}/requests"),
    ("POST", "/api/staff/requests/{id}/decide"),
    ("POST", "/api/staff/requests/{id}/ask"),
    ("POST", "/api/staff/requests/{id}/recommend"),
    ("GET", "/api/staff/requests/{id}/documents/{sha256}"),
];

impl From<WorkflowError> for ApiError {
    fn from(error: WorkflowError) -> Self {
        match error {
            WorkflowError::Invalid(errors) => ApiError::Validation(errors),
            WorkflowError::NotFound | WorkflowError::Documents(DocumentError::Missing) => {
                ApiError::NotFound
            }
            WorkflowError::Refused(why) => ApiError::Forbidden("refused", why.to_string()),
            WorkflowError::NotAllowed => {
                ApiError::Forbidden("forbidden", "Your role does not allow this.".to_owned())
            }
            WorkflowError::NotNow(why) => ApiError::NotNow(why.to_string()),
            WorkflowError::Stale(what) => ApiError::Stale(what),
            WorkflowError::Store(error) => error.into(),
            WorkflowError::Documents(error) => {
                tracing::error!(error = %error, "document store failure");
                ApiError::Internal
            }
        }
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// The query that tells a page what went wrong: error codes only, never input values.
fn failure_query(error: &ApiError) -> String {
    match error {
        ApiError::Validation(errors) => {
            let codes: Vec<String> = errors
                .iter()
                .map(|e| format!("{}.{}", e.field.as_str(), e.problem.code()))
                .collect();
            format!("errors={}", codes.join(","))
        }
        ApiError::Stale(_) => "problem=stale".to_owned(),
        ApiError::NotNow(_) => "problem=not-now".to_owned(),
        ApiError::Forbidden(..) => "problem=refused".to_owned(),
        ApiError::NotFound => "problem=not-found".to_owned(),
        ApiError::Booking(why) => format!("problem={}", super::appointments::refusal_code(*why)),
        _ => "problem=unavailable".to_owned(),
    }
}

/// Answers a form post: JSON for programs, a redirect for browsers.
pub(crate) fn respond(
    headers: &HeaderMap,
    outcome: Result<(StatusCode, serde_json::Value, String), ApiError>,
    back: &str,
) -> Response {
    match (outcome, wants_json(headers)) {
        (Ok((status, body, _)), true) => (status, Json(body)).into_response(),
        (Ok((_, _, next)), false) => Redirect::to(&next).into_response(),
        (Err(error), true) => error.into_response(),
        (Err(ApiError::NotSignedIn), false) => Redirect::to("/signin").into_response(),
        (Err(error @ (ApiError::Unavailable | ApiError::Internal)), false) => error.into_response(),
        (Err(error), false) => {
            let separator = if back.contains('?') { '&' } else { '?' };
            Redirect::to(&format!("{back}{separator}{}", failure_query(&error))).into_response()
        }
    }
}

async fn principal(state: &ApiState, headers: &HeaderMap) -> Result<Principal, ApiError> {
    let current = session::current(
        &state.store,
        headers,
        &state.policy,
        state.clock.now(),
        state.config.is_https(),
    )
    .await?;
    current
        .and_then(|c| c.session.principal)
        .ok_or(ApiError::NotSignedIn)
}

pub(crate) async fn person_of(state: &ApiState, headers: &HeaderMap) -> Result<PersonId, ApiError> {
    match principal(state, headers).await? {
        Principal::Person(id) => Ok(id),
        Principal::Staff(_) => Err(ApiError::Forbidden(
            "forbidden",
            "Only registered people use this.".to_owned(),
        )),
    }
}

pub(crate) async fn staff_of(state: &ApiState, headers: &HeaderMap) -> Result<Staff, ApiError> {
    match principal(state, headers).await? {
        Principal::Staff(id) => state
            .store
            .staff_by_id(id)
            .await?
            .filter(|s| s.active)
            .ok_or(ApiError::Forbidden(
                "forbidden",
                "This account is not active.".to_owned(),
            )),
        Principal::Person(_) => Err(ApiError::Forbidden(
            "forbidden",
            "Only staff use this.".to_owned(),
        )),
    }
}

fn workflow<'a>(state: &'a ApiState, headers: &'a HeaderMap) -> Workflow<'a> {
    Workflow {
        store: &state.store,
        documents: &state.documents,
        now: state.clock.now(),
        max_document_bytes: state.config.document_max_bytes(),
        request_id: headers.get("x-request-id").and_then(|v| v.to_str().ok()),
    }
}

/// A multipart form: its text fields and its files.
struct Posted {
    fields: BTreeMap<String, String>,
    files: Vec<Upload>,
}

async fn read_multipart(mut multipart: Multipart) -> Result<Posted, ApiError> {
    let mut fields = BTreeMap::new();
    let mut files = Vec::new();
    let bad = || {
        ApiError::Validation(vec![ValidationError::new(
            Field::Documents,
            Problem::Format("a form sent as multipart/form-data"),
        )])
    };
    while let Some(field) = multipart.next_field().await.map_err(|_| bad())? {
        let name = field.name().unwrap_or_default().to_owned();
        if field.file_name().is_some() {
            let bytes = field.bytes().await.map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::Validation(vec![ValidationError::new(
                        Field::Documents,
                        Problem::TooMany {
                            max: limits::DOCUMENTS,
                        },
                    )])
                } else {
                    bad()
                }
            })?;
            // Browsers send an empty part when no file was chosen.
            if !bytes.is_empty() {
                files.push(Upload(bytes.to_vec()));
            }
        } else {
            let text = field.text().await.map_err(|_| bad())?;
            if name.len() <= 64 && fields.len() < 64 {
                fields.insert(name, text);
            }
        }
    }
    Ok(Posted { fields, files })
}

/// A path id for a redirect back: the id itself when it is a UUID, else nothing (never the
/// raw text, which could carry anything).
pub(crate) fn clean_path(raw: &str) -> String {
    Uuid::parse_str(raw)
        .map(|u| u.to_string())
        .unwrap_or_default()
}

fn parse_id<T>(raw: &str, wrap: impl Fn(Uuid) -> T) -> Result<T, ApiError> {
    Uuid::parse_str(raw)
        .map(wrap)
        .map_err(|_| ApiError::NotFound)
}

fn kind_of(fields: &BTreeMap<String, String>) -> Result<RequestKind, ApiError> {
    RequestKind::parse(fields.get("kind").map_or("", String::as_str))
        .map_err(|e| ApiError::Validation(vec![e]))
}

fn created(id: RequestId, page: String) -> (StatusCode, serde_json::Value, String) {
    (
        StatusCode::CREATED,
        serde_json::json!({ "id": id.0.to_string(), "reference": id.reference(), "location": page }),
        page,
    )
}

async fn create(State(state): State<ApiState>, headers: HeaderMap, body: Multipart) -> Response {
    let mut back = "/me/requests/new".to_owned();
    let outcome = async {
        let person = person_of(&state, &headers).await?;
        let posted = read_multipart(body).await?;
        if let Some(kind) = posted
            .fields
            .get("kind")
            .and_then(|k| RequestKind::parse(k).ok())
        {
            back = format!("/me/requests/new?kind={}", kind.as_str());
        }
        let kind = kind_of(&posted.fields)?;
        let id = workflow(&state, &headers)
            .submit_by_person(person, kind, &FormInput(posted.fields), &posted.files)
            .await?;
        Ok(created(id, format!("/me/requests/{}?sent=1", id.0)))
    }
    .await;
    respond(&headers, outcome, &back)
}

async fn prepare(
    State(state): State<ApiState>,
    Path(person): Path<String>,
    headers: HeaderMap,
    body: Multipart,
) -> Response {
    let mut back = format!("/staff/people/{}", clean_path(&person));
    let outcome = async {
        let staff = staff_of(&state, &headers).await?;
        let person = parse_id(&person, PersonId)?;
        let posted = read_multipart(body).await?;
        if let Some(kind) = posted
            .fields
            .get("kind")
            .and_then(|k| RequestKind::parse(k).ok())
        {
            back = format!("/staff/people/{}?kind={}", person.0, kind.as_str());
        }
        let kind = kind_of(&posted.fields)?;
        let id = workflow(&state, &headers)
            .submit_by_staff(
                &staff,
                person,
                kind,
                &FormInput(posted.fields),
                &posted.files,
            )
            .await?;
        Ok(created(id, format!("/staff/requests/{}", id.0)))
    }
    .await;
    respond(&headers, outcome, &back)
}

async fn cancel(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let back = format!("/me/requests/{}", clean_path(&id));
    let outcome = async {
        let person = person_of(&state, &headers).await?;
        let id = parse_id(&id, RequestId)?;
        workflow(&state, &headers).cancel(person, id).await?;
        Ok((
            StatusCode::OK,
            serde_json::json!({ "status": "cancelled" }),
            format!("/me/requests/{}", id.0),
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}

async fn answer(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Multipart,
) -> Response {
    let back = format!("/me/requests/{}", clean_path(&id));
    let outcome = async {
        let person = person_of(&state, &headers).await?;
        let id = parse_id(&id, RequestId)?;
        let posted = read_multipart(body).await?;
        workflow(&state, &headers)
            .answer(
                person,
                id,
                posted.fields.get("answer").map(String::as_str),
                &posted.files,
            )
            .await?;
        Ok((
            StatusCode::OK,
            serde_json::json!({ "status": "submitted" }),
            format!("/me/requests/{}", id.0),
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}

/// A staff form on the review screen: `row_version` (the request's version the reviewer saw),
/// `approve_0` … (checkboxes), `reason`, `note`, `question`.
#[derive(Debug)]
pub struct ReviewForm {
    /// The request's `row_version` the reviewer saw.
    pub row_version: i64,
    /// Everything else.
    pub rest: BTreeMap<String, String>,
}

impl ReviewForm {
    fn parse(rest: BTreeMap<String, String>) -> Result<Self, ApiError> {
        let row_version = rest
            .get("row_version")
            .and_then(|v| v.trim().parse::<i64>().ok())
            .ok_or_else(|| {
                ApiError::Validation(vec![ValidationError::new(
                    Field::Decision,
                    Problem::Format("a review form with row_version"),
                )])
            })?;
        Ok(Self { row_version, rest })
    }

    fn approvals(&self, changes: usize) -> Vec<bool> {
        (0..changes)
            .map(|i| {
                self.rest
                    .get(&format!("approve_{i}"))
                    .is_some_and(|v| matches!(v.as_str(), "on" | "true" | "1" | "yes"))
            })
            .collect()
    }

    fn text(&self, name: &str) -> Option<&str> {
        self.rest.get(name).map(String::as_str)
    }
}

async fn review_action(
    state: &ApiState,
    headers: &HeaderMap,
    id: &str,
    form: Result<Form<BTreeMap<String, String>>, axum::extract::rejection::FormRejection>,
    action: &'static str,
) -> Response {
    let back = format!("/staff/requests/{}", clean_path(id));
    let outcome = async {
        let staff = staff_of(state, headers).await?;
        let id = parse_id(id, RequestId)?;
        let form = ReviewForm::parse(form.map(|Form(f)| f).unwrap_or_default())?;
        let flow = workflow(state, headers);
        let changes = state
            .store
            .request_by_id(id)
            .await?
            .map_or(0, |r| r.changes.len());
        let status = match action {
            "decide" => {
                let applied = flow
                    .decide(
                        &staff,
                        id,
                        form.row_version,
                        form.approvals(changes),
                        form.text("reason"),
                        form.text("note"),
                    )
                    .await?;
                state.mail_wake.notify_one();
                applied.status.as_str()
            }
            "ask" => {
                flow.ask(&staff, id, form.row_version, form.text("question"))
                    .await?;
                state.mail_wake.notify_one();
                "needs_info"
            }
            _ => {
                flow.recommend(
                    &staff,
                    id,
                    form.row_version,
                    form.approvals(changes),
                    form.text("note"),
                )
                .await?;
                "under_review"
            }
        };
        Ok((
            StatusCode::OK,
            serde_json::json!({ "status": status }),
            format!("/staff/requests/{}?saved={status}", id.0),
        ))
    }
    .await;
    respond(headers, outcome, &back)
}

async fn decide(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Result<Form<BTreeMap<String, String>>, axum::extract::rejection::FormRejection>,
) -> Response {
    review_action(&state, &headers, &id, form, "decide").await
}

async fn ask(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Result<Form<BTreeMap<String, String>>, axum::extract::rejection::FormRejection>,
) -> Response {
    review_action(&state, &headers, &id, form, "ask").await
}

async fn recommend(
    State(state): State<ApiState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Result<Form<BTreeMap<String, String>>, axum::extract::rejection::FormRejection>,
) -> Response {
    review_action(&state, &headers, &id, form, "recommend").await
}

/// A document, served so that it can never run as part of the portal: its own sandbox, its
/// sniffed type, never cached.
fn document_response(media_type: MediaType, bytes: Vec<u8>) -> Response {
    let disposition = match media_type {
        MediaType::Pdf => "attachment; filename=\"document.pdf\"",
        _ => "inline",
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(media_type.mime()),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_static(disposition),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; img-src 'self'; sandbox"),
            ),
        ],
        bytes,
    )
        .into_response()
}

async fn my_document(
    State(state): State<ApiState>,
    Path(sha): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let person = person_of(&state, &headers).await?;
    let address = ContentAddress::parse(&sha).ok_or(ApiError::NotFound)?;
    let (media_type, bytes) = workflow(&state, &headers)
        .document_for_person(person, &address)
        .await?;
    Ok(document_response(media_type, bytes))
}

async fn staff_document(
    State(state): State<ApiState>,
    Path((id, sha)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let staff = staff_of(&state, &headers).await?;
    let id = parse_id(&id, RequestId)?;
    let address = ContentAddress::parse(&sha).ok_or(ApiError::NotFound)?;
    let (media_type, bytes) = workflow(&state, &headers)
        .document_for_staff(&staff, id, &address)
        .await?;
    Ok(document_response(media_type, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_reach_the_page_as_codes_only() {
        let error = ApiError::Validation(vec![
            ValidationError::new(Field::Phone, Problem::Format("x")),
            ValidationError::new(Field::Documents, Problem::Required),
        ]);
        assert_eq!(
            failure_query(&error),
            "errors=phone.format,documents.required"
        );
        assert_eq!(failure_query(&ApiError::Stale("record")), "problem=stale");
    }

    #[test]
    fn review_forms_read_checkboxes_by_position() {
        let form = ReviewForm {
            row_version: 3,
            rest: [("approve_1".to_owned(), "on".to_owned())]
                .into_iter()
                .collect(),
        };
        assert_eq!(form.approvals(3), [false, true, false]);
    }
}
