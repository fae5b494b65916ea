//! The one place where errors become HTTP responses.
//!
//! Owns: the status code and problem type of every failure of the JSON endpoints.
//! Must never: leak internal error text to clients; internal errors are logged by kind, answered
//! with a generic problem.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use super::problem::Problem;
use portal_domain::ValidationError;
use portal_storage::StoreError;

/// Everything a JSON endpoint can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Input failed validation.
    #[error("invalid input")]
    Validation(Vec<ValidationError>),
    /// The thing asked for does not exist (or the caller may not know it does).
    #[error("not found")]
    NotFound,
    /// The thing exists already.
    #[error("conflict")]
    Conflict(&'static str),
    /// Someone else acted first, or the record changed since the caller looked.
    #[error("stale")]
    Stale(&'static str),
    /// The caller may not do this (signed in, but not allowed).
    #[error("forbidden")]
    Forbidden(&'static str, String),
    /// Not possible in the current state.
    #[error("not possible now")]
    NotNow(String),
    /// Not signed in.
    #[error("not signed in")]
    NotSignedIn,
    /// A booking rule refused the change.
    #[error("booking refused")]
    Booking(portal_domain::appointments::BookingRefused),
    /// The database cannot be reached.
    #[error("service unavailable")]
    Unavailable,
    /// Anything else: a bug or a broken dependency.
    #[error("internal error")]
    Internal,
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound(_) => ApiError::NotFound,
            StoreError::Duplicate(what) => ApiError::Conflict(what),
            StoreError::Stale(what) => ApiError::Stale(what),
            unavailable if unavailable.is_unavailable() => {
                tracing::warn!(error = %unavailable, "database unavailable");
                ApiError::Unavailable
            }
            other => {
                tracing::error!(error = %other, "storage failure");
                ApiError::Internal
            }
        }
    }
}

impl ApiError {
    /// The problem details for this error.
    pub fn problem(&self) -> Problem {
        match self {
            ApiError::Validation(errors) => Problem::new(StatusCode::UNPROCESSABLE_ENTITY, "validation", "The input is not valid")
                .detail(errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
                .with(
                    "errors",
                    errors
                        .iter()
                        .map(|e| serde_json::json!({ "field": e.field.as_str(), "code": e.problem.code(), "message": e.to_string() }))
                        .collect(),
                ),
            ApiError::NotFound => Problem::new(StatusCode::NOT_FOUND, "not-found", "Not found"),
            ApiError::Conflict(what) => {
                Problem::new(StatusCode::CONFLICT, "conflict", "Conflict").detail(format!("{what} already exists"))
            }
            ApiError::Stale(what) => Problem::new(StatusCode::CONFLICT, "stale", "Changed meanwhile")
                .detail(format!("The {what} changed since you opened it. Reload and check before trying again.")),
            ApiError::Forbidden(code, detail) => Problem::new(StatusCode::FORBIDDEN, code, "Not allowed").detail(detail.clone()),
            ApiError::NotNow(detail) => Problem::new(StatusCode::CONFLICT, "not-now", "Not possible now").detail(detail.clone()),
            ApiError::Booking(why) => Problem::new(StatusCode::CONFLICT, super::appointments::refusal_code(*why), "Not possible")
                .detail(why.to_string()),
            ApiError::NotSignedIn => Problem::new(StatusCode::UNAUTHORIZED, "not-signed-in", "Not signed in").detail("Sign in first."),
            ApiError::Unavailable => Problem::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "Service unavailable")
                .detail("The database cannot be reached. Try again shortly."),
            ApiError::Internal => Problem::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "Internal error")
                .detail("Something went wrong on our side. It has been logged."),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.problem().into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_domain::{Field, Problem as FieldProblem};

    #[test]
    fn each_error_maps_to_its_status() {
        let validation = ApiError::Validation(vec![ValidationError::new(
            Field::Phone,
            FieldProblem::Required,
        )]);
        assert_eq!(validation.problem().status, 422);
        assert_eq!(
            validation.problem().extensions["errors"][0]["code"],
            "required"
        );
        assert_eq!(ApiError::NotFound.problem().status, 404);
        assert_eq!(ApiError::Conflict("x").problem().status, 409);
        assert_eq!(ApiError::Unavailable.problem().status, 503);
        assert_eq!(ApiError::Internal.problem().status, 500);
    }

    #[test]
    fn store_errors_never_surface_their_text() {
        let problem = ApiError::from(StoreError::Corrupt("secret row value".into())).problem();
        assert!(!serde_json::to_string(&problem).unwrap().contains("secret"));
    }
}
