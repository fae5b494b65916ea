//! Plain HTML forms and programs share the same endpoints: browsers post forms (no JavaScript
//! needed) and get `303 See Other` to the page to show next, or back to the form with error
//! codes (never values) in the query; clients sending `Accept: application/json` get JSON and
//! RFC 9457 problem details.
//!
//! Owns: answering a form post either way, and reading form bodies within limits. Must
//! never: put a submitted value into a redirect.

use std::collections::BTreeMap;

use axum::extract::Multipart;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use portal_core::requests::Upload;
use portal_core::{CoreError, Refusal};
use portal_domain::{Field, Problem, ValidationError};
use uuid::Uuid;

use crate::error::AppError;

/// Most text fields a form may have, and the longest field name.
const MAX_FIELDS: usize = 64;
const MAX_FIELD_NAME: usize = 64;

/// What a successful form post answers: the status and JSON for programs, the page for
/// browsers.
pub struct Done {
    /// Status for programs.
    pub status: StatusCode,
    /// Body for programs.
    pub body: serde_json::Value,
    /// The page a browser goes to next.
    pub next: String,
}

impl Done {
    /// A success with `status`, `body` for programs and `next` for browsers.
    pub fn new(status: StatusCode, body: serde_json::Value, next: impl Into<String>) -> Done {
        Done {
            status,
            body,
            next: next.into(),
        }
    }
}

/// Whether the client asked for JSON.
pub fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// The query that tells a page what went wrong: error codes only, never input values.
fn failure_query(error: &AppError) -> String {
    match error {
        AppError::Core(CoreError::Invalid(errors)) => {
            let codes: Vec<String> = errors
                .iter()
                .map(|e| format!("{}.{}", e.field.as_str(), e.problem.code()))
                .collect();
            format!("errors={}", codes.join(","))
        }
        AppError::Core(CoreError::Refused(Refusal::Booking(_) | Refusal::Account(_))) => {
            format!("problem={}", error.code())
        }
        AppError::Core(CoreError::Stale(_)) => "problem=stale".to_owned(),
        AppError::Core(CoreError::Conflict(_)) => "problem=conflict".to_owned(),
        AppError::Core(CoreError::Busy { .. }) => "problem=busy".to_owned(),
        AppError::Core(CoreError::NotNow(_)) => "problem=not-now".to_owned(),
        AppError::Core(CoreError::NotFound | CoreError::Missing(_)) => {
            "problem=not-found".to_owned()
        }
        AppError::Core(CoreError::NotAllowed | CoreError::Refused(_)) | AppError::WrongAccount => {
            "problem=refused".to_owned()
        }
        _ => "problem=unavailable".to_owned(),
    }
}

/// Answers a form post: JSON for programs, a redirect for browsers (back to `back` with the
/// problem's codes on failure).
pub fn respond(headers: &HeaderMap, outcome: Result<Done, AppError>, back: &str) -> Response {
    match (outcome, wants_json(headers)) {
        (Ok(done), true) => (done.status, Json(done.body)).into_response(),
        (Ok(done), false) => Redirect::to(&done.next).into_response(),
        (Err(error), true) => error.into_response(),
        (Err(AppError::NotSignedIn), false) => Redirect::to("/signin").into_response(),
        // A full budget is the page's to say, in the reader's language; other server errors
        // get the error page.
        (Err(error), false)
            if error.status().is_server_error()
                && !matches!(error, AppError::Core(CoreError::Busy { .. })) =>
        {
            error.into_response()
        }
        (Err(error), false) => {
            Redirect::to(&with_query(back, &failure_query(&error))).into_response()
        }
    }
}

/// `back` with `query` added to its query string, before any `#fragment`.
fn with_query(back: &str, query: &str) -> String {
    let (path, fragment) = back
        .split_once('#')
        .map_or((back, None), |(p, f)| (p, Some(f)));
    let separator = if path.contains('?') { '&' } else { '?' };
    match fragment {
        Some(fragment) => format!("{path}{separator}{query}#{fragment}"),
        None => format!("{path}{separator}{query}"),
    }
}

/// A url-encoded form's fields, or the reason it could not be read.
pub type Fields =
    Result<axum::Form<BTreeMap<String, String>>, axum::extract::rejection::FormRejection>;

/// The fields of a url-encoded form; a body that cannot be read counts as an empty form (each
/// use case then says which field is missing).
pub fn fields(form: Fields) -> BTreeMap<String, String> {
    form.map(|axum::Form(f)| f).unwrap_or_default()
}

/// Whether a checkbox was ticked: browsers send it only then.
pub fn ticked(form: &BTreeMap<String, String>, name: &str) -> bool {
    form.get(name).is_some_and(|v| !v.is_empty())
}

/// A path id for a redirect back: the id itself when it is a UUID, else nothing (never the
/// raw text, which could carry anything).
pub fn clean_path(raw: &str) -> String {
    Uuid::parse_str(raw)
        .map(|u| u.to_string())
        .unwrap_or_default()
}

/// A UUID from a path or form field; anything else names nothing ("not found").
pub fn parse_id(raw: &str) -> Result<Uuid, AppError> {
    Uuid::parse_str(raw.trim()).map_err(|_| CoreError::NotFound.into())
}

/// A multipart form: its text fields and its files.
pub struct Posted {
    /// Text fields by name.
    pub fields: BTreeMap<String, String>,
    /// Files, in order (empty parts dropped).
    pub files: Vec<Upload>,
}

/// Reads a multipart form; a body over the route's limit is "too many documents".
pub async fn read_multipart(
    mut multipart: Multipart,
    max_files: usize,
) -> Result<Posted, AppError> {
    let mut fields = BTreeMap::new();
    let mut files = Vec::new();
    let bad = || {
        AppError::from(ValidationError::new(
            Field::Documents,
            Problem::Format("a form sent as multipart/form-data"),
        ))
    };
    while let Some(field) = multipart.next_field().await.map_err(|_| bad())? {
        let name = field.name().unwrap_or_default().to_owned();
        if field.file_name().is_some() {
            let bytes = field.bytes().await.map_err(|e| {
                if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    AppError::from(ValidationError::new(
                        Field::Documents,
                        Problem::TooMany { max: max_files },
                    ))
                } else {
                    bad()
                }
            })?;
            // Browsers send an empty part when no file was chosen.
            if !bytes.is_empty() {
                // No more files are read (or held in memory) than a request may carry.
                if files.len() >= max_files {
                    return Err(AppError::from(ValidationError::new(
                        Field::Documents,
                        Problem::TooMany { max: max_files },
                    )));
                }
                files.push(Upload(bytes.to_vec()));
            }
        } else {
            let text = field.text().await.map_err(|_| bad())?;
            if name.len() <= MAX_FIELD_NAME && fields.len() < MAX_FIELDS {
                fields.insert(name, text);
            }
        }
    }
    Ok(Posted { fields, files })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_goes_before_the_fragment() {
        assert_eq!(with_query("/help", "errors=x"), "/help?errors=x");
        assert_eq!(with_query("/a?kind=b", "errors=x"), "/a?kind=b&errors=x");
        assert_eq!(
            with_query("/me/trusted#grant", "errors=x"),
            "/me/trusted?errors=x#grant"
        );
        assert_eq!(with_query("/a?k=1#f", "p=2"), "/a?k=1&p=2#f");
    }

    #[test]
    fn failures_reach_the_page_as_codes_only() {
        let error = AppError::Core(CoreError::Invalid(vec![
            ValidationError::new(Field::Phone, Problem::Format("x")),
            ValidationError::new(Field::Documents, Problem::Required),
        ]));
        assert_eq!(
            failure_query(&error),
            "errors=phone.format,documents.required"
        );
        assert_eq!(
            failure_query(&AppError::Core(CoreError::Stale("record"))),
            "problem=stale"
        );
        assert_eq!(
            failure_query(&AppError::Core(CoreError::Refused(Refusal::Booking(
                portal_domain::appointments::BookingRefused::SlotFull
            )))),
            "problem=slot-full"
        );
    }
}
