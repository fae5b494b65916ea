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
//! Owns: parsing these forms. Must never: decide anything itself (the workflow does).

use std::collections::BTreeMap;

use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use portal_core::requests::{self as workflow, DecisionForm, RequestForm, Submitter, Upload};
use portal_domain::document::{ContentAddress, MediaType};
use portal_domain::person::PersonId;
use portal_domain::requests::{limits, FormInput, RequestId, RequestKind};
use portal_domain::session::Principal;
use portal_domain::{Field, Problem, ValidationError};

use crate::drafts::{self, respond_keeping, Sent};
use crate::error::AppError;
use crate::extract::{Call, Me, SignedIn, StaffMember};
use crate::forms::{clean_path, fields, parse_id, read_multipart, respond, Done, Fields, Posted};
use crate::WebState;

/// The routes.
pub fn router(max_document_bytes: u64) -> Router<WebState> {
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

fn kind_of(fields: &BTreeMap<String, String>) -> Result<RequestKind, AppError> {
    Ok(RequestKind::parse(
        fields.get("kind").map_or("", String::as_str),
    )?)
}

fn created(id: RequestId, page: String) -> Done {
    Done::new(
        StatusCode::CREATED,
        serde_json::json!({ "id": id.0.to_string(), "reference": id.reference(), "location": page }),
        page,
    )
}

fn request_id(raw: &str) -> Result<RequestId, AppError> {
    parse_id(raw).map(RequestId)
}

/// Files sent with a form: the kept ones the person left ticked, then the new ones.
async fn all_files(
    state: &WebState,
    call: &Call,
    headers: &HeaderMap,
    form: &str,
    posted: &mut Posted,
    principal: Principal,
) -> Result<Vec<Upload>, AppError> {
    let mut files =
        drafts::kept_files(state, call, headers, form, &posted.fields, principal).await?;
    files.append(&mut posted.files);
    Ok(files)
}

async fn create(
    State(state): State<WebState>,
    call: Call,
    me: Result<Me, AppError>,
    own: Result<SignedIn, AppError>,
    headers: HeaderMap,
    body: Multipart,
) -> Response {
    let mut back = "/me/requests/new".to_owned();
    let (person, mut posted) = match me {
        Ok(Me(person)) => match read_multipart(body, limits::DOCUMENTS).await {
            Ok(posted) => (person, posted),
            Err(error) => return respond(&headers, Err(error), &back),
        },
        Err(error) => return respond(&headers, Err(error), &back),
    };
    let kind = posted
        .fields
        .get("kind")
        .and_then(|k| RequestKind::parse(k).ok());
    if let Some(kind) = kind {
        back = format!("/me/requests/new?kind={}", kind.as_str());
    }
    let form = format!("request:{}", kind.map_or("", RequestKind::as_str));
    // Drafts belong to the browser's own account (a helper's session keeps its own).
    let principal = own.map_or(Principal::Person(person), |s| s.principal);
    let uploads = match all_files(&state, &call, &headers, &form, &mut posted, principal).await {
        Ok(uploads) => uploads,
        Err(error) => return respond(&headers, Err(error), &back),
    };
    let outcome = async {
        let kind = kind_of(&posted.fields)?;
        let input = FormInput(posted.fields.clone());
        let form = RequestForm {
            person,
            kind,
            input: &input,
            uploads: &uploads,
        };
        let mut tx = state.store.begin().await?;
        let id = workflow::submit(
            &mut tx,
            &call.ctx(),
            &state.documents(),
            Submitter::Person(person),
            form,
        )
        .await?;
        tx.commit().await?;
        Ok(created(id, format!("/me/requests/{}?sent=1", id.0)))
    }
    .await;
    let sent = Sent {
        form: &form,
        fields: &posted.fields,
        uploads: &uploads,
        principal: Some(principal),
    };
    respond_keeping(&state, &call, &headers, sent, outcome, &back).await
}

async fn prepare(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    Path(person): Path<String>,
    headers: HeaderMap,
    body: Multipart,
) -> Response {
    let mut back = format!("/staff/people/{}", clean_path(&person));
    let read = async {
        let StaffMember(staff) = staff?;
        let person = PersonId(parse_id(&person)?);
        let posted = read_multipart(body, limits::DOCUMENTS).await?;
        Ok::<_, AppError>((staff, person, posted))
    };
    let (staff, person, mut posted) = match read.await {
        Ok(read) => read,
        Err(error) => return respond(&headers, Err(error), &back),
    };
    let kind = posted
        .fields
        .get("kind")
        .and_then(|k| RequestKind::parse(k).ok());
    if let Some(kind) = kind {
        back = format!("/staff/people/{}?kind={}", person.0, kind.as_str());
    }
    let form = format!(
        "request:{}:{}",
        person.0,
        kind.map_or("", RequestKind::as_str)
    );
    let principal = Principal::Staff(staff.id);
    let uploads = match all_files(&state, &call, &headers, &form, &mut posted, principal).await {
        Ok(uploads) => uploads,
        Err(error) => return respond(&headers, Err(error), &back),
    };
    let outcome = async {
        let kind = kind_of(&posted.fields)?;
        let input = FormInput(posted.fields.clone());
        let form = RequestForm {
            person,
            kind,
            input: &input,
            uploads: &uploads,
        };
        let mut tx = state.store.begin().await?;
        let id = workflow::submit(
            &mut tx,
            &call.ctx(),
            &state.documents(),
            Submitter::Clerk(&staff),
            form,
        )
        .await?;
        tx.commit().await?;
        Ok(created(id, format!("/staff/requests/{}", id.0)))
    }
    .await;
    let sent = Sent {
        form: &form,
        fields: &posted.fields,
        uploads: &uploads,
        principal: Some(principal),
    };
    respond_keeping(&state, &call, &headers, sent, outcome, &back).await
}

async fn cancel(
    State(state): State<WebState>,
    call: Call,
    me: Result<Me, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let back = format!("/me/requests/{}", clean_path(&id));
    let outcome = async {
        let Me(person) = me?;
        let id = request_id(&id)?;
        let mut tx = state.store.begin().await?;
        workflow::cancel(&mut tx, &call.ctx(), person, id).await?;
        tx.commit().await?;
        Ok(Done::new(
            StatusCode::OK,
            serde_json::json!({ "status": "cancelled" }),
            format!("/me/requests/{}", id.0),
        ))
    }
    .await;
    respond(&headers, outcome, &back)
}

async fn answer(
    State(state): State<WebState>,
    call: Call,
    me: Result<Me, AppError>,
    own: Result<SignedIn, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Multipart,
) -> Response {
    let back = format!("/me/requests/{}", clean_path(&id));
    let read = async {
        let Me(person) = me?;
        let id = request_id(&id)?;
        let posted = read_multipart(body, limits::DOCUMENTS).await?;
        Ok::<_, AppError>((person, id, posted))
    };
    let (person, id, mut posted) = match read.await {
        Ok(read) => read,
        Err(error) => return respond(&headers, Err(error), &back),
    };
    let form = format!("answer:{}", id.0);
    // Drafts belong to the browser's own account (a helper's session keeps its own).
    let principal = own.map_or(Principal::Person(person), |s| s.principal);
    let uploads = match all_files(&state, &call, &headers, &form, &mut posted, principal).await {
        Ok(uploads) => uploads,
        Err(error) => return respond(&headers, Err(error), &back),
    };
    let outcome = async {
        let text = posted.fields.get("answer").map(String::as_str);
        let mut tx = state.store.begin().await?;
        workflow::answer(
            &mut tx,
            &call.ctx(),
            &state.documents(),
            person,
            id,
            text,
            &uploads,
        )
        .await?;
        tx.commit().await?;
        Ok(Done::new(
            StatusCode::OK,
            serde_json::json!({ "status": "submitted" }),
            format!("/me/requests/{}", id.0),
        ))
    }
    .await;
    let sent = Sent {
        form: &form,
        fields: &posted.fields,
        uploads: &uploads,
        principal: Some(principal),
    };
    respond_keeping(&state, &call, &headers, sent, outcome, &back).await
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
    fn parse(rest: BTreeMap<String, String>) -> Result<Self, AppError> {
        let row_version = rest
            .get("row_version")
            .and_then(|v| v.trim().parse::<i64>().ok())
            .ok_or_else(|| {
                ValidationError::new(
                    Field::Decision,
                    Problem::Format("a review form with row_version"),
                )
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

/// A review action's shared steps: the reviewer, the request, the form; then `act`.
async fn review_action(
    state: &WebState,
    call: &Call,
    staff: Result<StaffMember, AppError>,
    id: &str,
    form: Fields,
    action: &'static str,
) -> Result<Done, AppError> {
    let StaffMember(staff) = staff?;
    let id = request_id(id)?;
    let form = ReviewForm::parse(fields(form))?;
    let mut tx = state.store.begin().await?;
    let changes = portal_storage::requests::by_id(&mut tx, id)
        .await?
        .map_or(0, |r| r.changes.len());
    let ctx = call.ctx();
    let status = match action {
        "decide" => {
            let decision = DecisionForm {
                id,
                expected_row_version: form.row_version,
                approve: form.approvals(changes),
                reason: form.text("reason"),
                note: form.text("note"),
            };
            workflow::decide(&mut tx, &ctx, &staff, decision)
                .await?
                .status
                .as_str()
        }
        "ask" => {
            workflow::ask(
                &mut tx,
                &ctx,
                &staff,
                id,
                form.row_version,
                form.text("question"),
            )
            .await?;
            "needs_info"
        }
        _ => {
            workflow::recommend(
                &mut tx,
                &ctx,
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
    tx.commit().await?;
    state.wake_mail();
    Ok(Done::new(
        StatusCode::OK,
        serde_json::json!({ "status": status }),
        format!("/staff/requests/{}?saved={status}", id.0),
    ))
}

async fn review(
    state: WebState,
    call: Call,
    staff: Result<StaffMember, AppError>,
    id: String,
    headers: HeaderMap,
    form: Fields,
    action: &'static str,
) -> Response {
    let back = format!("/staff/requests/{}", clean_path(&id));
    let outcome = review_action(&state, &call, staff, &id, form, action).await;
    respond(&headers, outcome, &back)
}

async fn decide(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    review(state, call, staff, id, headers, form, "decide").await
}

async fn ask(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    review(state, call, staff, id, headers, form, "ask").await
}

async fn recommend(
    State(state): State<WebState>,
    call: Call,
    staff: Result<StaffMember, AppError>,
    Path(id): Path<String>,
    headers: HeaderMap,
    form: Fields,
) -> Response {
    review(state, call, staff, id, headers, form, "recommend").await
}

/// A document, served so that it can never run as part of the portal: its own sandbox, its
/// sniffed type, never cached.
pub fn document_response(media_type: MediaType, bytes: Vec<u8>) -> Response {
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

fn address(sha: &str) -> Result<ContentAddress, AppError> {
    ContentAddress::parse(sha).ok_or_else(|| portal_core::CoreError::NotFound.into())
}

async fn my_document(
    State(state): State<WebState>,
    Me(person): Me,
    Path(sha): Path<String>,
) -> Result<Response, AppError> {
    let address = address(&sha)?;
    let mut db = state.store.read().await?;
    let (media_type, bytes) =
        workflow::document_for_person(&mut db, &state.documents(), person, &address).await?;
    Ok(document_response(media_type, bytes))
}

async fn staff_document(
    State(state): State<WebState>,
    call: Call,
    StaffMember(staff): StaffMember,
    Path((id, sha)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let id = request_id(&id)?;
    let address = address(&sha)?;
    let mut tx = state.store.begin().await?;
    let (media_type, bytes) = workflow::document_for_staff(
        &mut tx,
        &call.ctx(),
        &state.documents(),
        &staff,
        id,
        &address,
    )
    .await?;
    tx.commit().await?;
    Ok(document_response(media_type, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

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
