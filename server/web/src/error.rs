//! The one error type of the web adapter and its mapping to HTTP: every JSON endpoint and
//! every server function answers the same status and problem type for the same cause.
//!
//! Owns: the status code and problem type of every failure. Must never: leak internal error
//! text to clients; internal errors are logged by kind and answered with a generic problem.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use portal_core::{CoreError, Refusal};
use portal_domain::appointments::BookingRefused;
use portal_domain::staff::AccountRefused;
use portal_domain::wallet::WalletRefused;
use portal_domain::ValidationError;
use portal_storage::StoreError;

use super::problem::Problem;

/// Everything a handler can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A use case refused or failed.
    #[error(transparent)]
    Core(#[from] CoreError),
    /// Not signed in.
    #[error("not signed in")]
    NotSignedIn,
    /// Signed in, but this is not for this kind of account (or the account is not active).
    #[error("not for this account")]
    WrongAccount,
    /// The request cannot be read (malformed body, missing field); the text says what to send.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// No valid API token (`Authorization: Bearer …`).
    #[error("no valid API token")]
    InvalidToken,
    /// The API token lacks the scope this needs.
    #[error("the API token lacks the scope {0}")]
    InsufficientScope(&'static str),
    /// Too many attempts from this client; try again after this many seconds.
    #[error("too many requests")]
    TooManyRequests(u64),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        AppError::Core(error.into())
    }
}

impl From<ValidationError> for AppError {
    fn from(error: ValidationError) -> Self {
        AppError::Core(error.into())
    }
}

/// The code a page shows for a refused booking (`?problem=`), and the problem type's code.
pub fn booking_code(why: BookingRefused) -> &'static str {
    match why {
        BookingRefused::SlotFull => "slot-full",
        BookingRefused::SlotPast => "slot-past",
        BookingRefused::LimitReached => "limit-reached",
        BookingRefused::PastCutoff => "past-cutoff",
        BookingRefused::NotBooked => "not-booked",
        BookingRefused::NotStarted => "not-started",
        BookingRefused::NotOver => "not-over",
    }
}

fn validation(errors: &[ValidationError]) -> Problem {
    let listed = errors
        .iter()
        .map(|e| serde_json::json!({ "field": e.field.as_str(), "code": e.problem.code(), "message": e.to_string() }))
        .collect();
    Problem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation",
        "The input is not valid",
    )
    .detail(
        errors
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; "),
    )
    .with("errors", listed)
}

fn refusal(why: &Refusal) -> Problem {
    let forbidden = |code: &str, title: &str, detail: String| {
        Problem::new(StatusCode::FORBIDDEN, code, title).detail(detail)
    };
    match why {
        Refusal::Booking(booking) => {
            Problem::new(StatusCode::CONFLICT, booking_code(*booking), "Not possible").detail(booking.to_string())
        }
        Refusal::Decision(_) | Refusal::Status(_) | Refusal::Issue(_) => forbidden("refused", "Not allowed", why.to_string()),
        Refusal::ReauthenticationRequired => forbidden(
            "reauthentication-required",
            "Confirm it is you",
            "Use your passkey again to confirm this.".into(),
        ),
        Refusal::LastPasskey => Problem::new(StatusCode::CONFLICT, "last-passkey", "This is your only passkey")
            .detail("Add another passkey first, or ask at the registration desk for a new slip."),
        Refusal::Enrollment => Problem::new(StatusCode::BAD_REQUEST, "enrollment-refused", "These details could not be confirmed")
            .detail("Check the code and your details. If it still does not work, ask at the registration desk for a new slip."),
        Refusal::SignIn => Problem::new(StatusCode::UNAUTHORIZED, "signin-refused", "Sign-in did not work")
            .detail("Try again with your passkey. If you lost your phone, ask at the registration desk."),
        Refusal::CeremonyExpired => Problem::new(StatusCode::BAD_REQUEST, "ceremony-expired", "This step has expired")
            .detail("Start again: the page waited too long or was already used."),
        Refusal::Reauthentication => Problem::new(StatusCode::UNAUTHORIZED, "reauthentication-refused", "That did not work")
            .detail("Try again with your passkey."),
        Refusal::PasskeyNotAdded => Problem::new(StatusCode::BAD_REQUEST, "passkey-refused", "The passkey was not added")
            .detail("Start again."),
        Refusal::Account(AccountRefused::OwnAccount) => forbidden(
            "own-account",
            "Not your own account",
            "Another admin suspends, ends or re-invites your account.".into(),
        ),
        Refusal::Account(why @ (AccountRefused::Ended | AccountRefused::Suspended | AccountRefused::Unchanged)) => {
            let code = match why {
                AccountRefused::Ended => "account-ended",
                AccountRefused::Suspended => "account-suspended",
                _ => "account-unchanged",
            };
            Problem::new(StatusCode::CONFLICT, code, "Not possible now").detail(why.to_string())
        }
        // OpenID4VCI and OAuth 2.0 clients read `error` and `error_description` (RFC 6749
        // §5.2, OpenID4VCI §8.3.1): the problem carries both as extension members.
        Refusal::Wallet(wallet) => {
            let status = match wallet {
                WalletRefused::InvalidToken => StatusCode::UNAUTHORIZED,
                _ => StatusCode::BAD_REQUEST,
            };
            Problem::new(status, &wallet.code().replace('_', "-"), "The wallet's request was refused")
                .detail(wallet.to_string())
                .with("error", serde_json::Value::String(wallet.code().to_owned()))
                .with("error_description", serde_json::Value::String(wallet.to_string()))
        }
        // OpenID4VP wallets read the same two members of a refused answer.
        Refusal::Presentation(why) => {
            Problem::new(StatusCode::BAD_REQUEST, why.problem(), "The wallet's answer was refused")
                .detail(why.to_string())
                .with("error", serde_json::Value::String(why.code().to_owned()))
                .with("error_description", serde_json::Value::String(why.to_string()))
        }
    }
}

fn internal() -> Problem {
    Problem::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "Internal error",
    )
    .detail("Something went wrong on our side. It has been logged.")
}

fn unavailable() -> Problem {
    Problem::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "unavailable",
        "Service unavailable",
    )
    .detail("The database cannot be reached. Try again shortly.")
}

fn core(error: &CoreError) -> Problem {
    match error {
        CoreError::Invalid(errors) => validation(errors),
        CoreError::NotFound | CoreError::Missing(_) => {
            Problem::new(StatusCode::NOT_FOUND, "not-found", "Not found")
        }
        CoreError::NotAllowed => Problem::new(StatusCode::FORBIDDEN, "forbidden", "Not allowed")
            .detail("Your role does not allow this."),
        CoreError::Refused(why) => refusal(why),
        CoreError::NotNow(why) => Problem::new(StatusCode::CONFLICT, "not-now", "Not possible now")
            .detail(why.to_string()),
        CoreError::Stale(what) => Problem::new(StatusCode::CONFLICT, "stale", "Changed meanwhile")
            .detail(format!(
                "The {what} changed since you opened it. Reload and check before trying again."
            )),
        CoreError::Conflict(what) => Problem::new(StatusCode::CONFLICT, "conflict", "Conflict")
            .detail(format!("{what} already exists")),
        CoreError::Unreadable(detail) => Problem::new(
            StatusCode::BAD_REQUEST,
            "unreadable",
            "The input cannot be read",
        )
        .detail(detail.clone()),
        CoreError::Import(why) => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "import-refused",
            "Nothing was imported",
        )
        .detail(why.to_string()),
        CoreError::Store(store) if store.is_unavailable() => {
            tracing::warn!(error = %store, "database unavailable");
            unavailable()
        }
        CoreError::IssueRefused { member, reason } => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "issue-refused",
            "The portal does not vouch for this",
        )
        .detail(reason.clone())
        .with("member", serde_json::Value::String((*member).to_owned())),
        CoreError::Busy { retry_after } => Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "Too many checks at once",
        )
        .detail(format!(
            "The server is checking many proofs right now. Try again in {retry_after} seconds."
        )),
        CoreError::NotOffered(why) => Problem::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "not-offered",
            "Not offered by this portal",
        )
        .detail(*why),
        CoreError::Setup(_)
        | CoreError::Store(_)
        | CoreError::File(_)
        | CoreError::Mail(_)
        | CoreError::Credential(_) => {
            tracing::error!(error = %error, "internal failure");
            internal()
        }
    }
}

impl AppError {
    /// The problem details for this error.
    pub fn problem(&self) -> Problem {
        match self {
            AppError::Core(error) => core(error),
            AppError::NotSignedIn => {
                Problem::new(StatusCode::UNAUTHORIZED, "not-signed-in", "Not signed in")
                    .detail("Sign in first.")
            }
            AppError::WrongAccount => {
                Problem::new(StatusCode::FORBIDDEN, "forbidden", "Not for this account")
            }
            AppError::BadRequest(detail) => Problem::new(
                StatusCode::BAD_REQUEST,
                "bad-request",
                "The request cannot be read",
            )
            .detail(detail.clone()),
            AppError::InvalidToken => Problem::new(
                StatusCode::UNAUTHORIZED,
                "invalid-token",
                "A valid API token is required",
            )
            .detail("Send Authorization: Bearer <token> with a token an administrator created."),
            AppError::InsufficientScope(scope) => Problem::new(
                StatusCode::FORBIDDEN,
                "insufficient-scope",
                "This token may not do that",
            )
            .detail(format!("The token needs the scope {scope}.")),
            AppError::TooManyRequests(seconds) => Problem::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-requests",
                "Too many attempts",
            )
            .detail(format!("Wait {seconds} seconds, then try again.")),
        }
    }

    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.problem().status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The problem type's short code (`not-found`, `stale`, `slot-full`, …), for pages that
    /// show a message by code.
    pub fn code(&self) -> String {
        self.problem()
            .kind
            .trim_start_matches("/problems/")
            .to_owned()
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = self.problem().into_response();
        match self {
            AppError::InvalidToken => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            AppError::Core(CoreError::Refused(Refusal::Wallet(WalletRefused::InvalidToken))) => {
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer error=\"invalid_token\""),
                );
            }
            AppError::TooManyRequests(seconds)
            | AppError::Core(CoreError::Busy {
                retry_after: seconds,
            }) => {
                if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                    response.headers_mut().insert(header::RETRY_AFTER, value);
                }
            }
            _ => {}
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_domain::{Field, Problem as FieldProblem};

    #[test]
    fn each_cause_maps_to_one_status() {
        let validation = AppError::from(ValidationError::new(Field::Phone, FieldProblem::Required));
        assert_eq!(validation.problem().status, 422);
        assert_eq!(
            validation.problem().extensions["errors"][0]["code"],
            "required"
        );
        assert_eq!(
            AppError::Core(CoreError::NotFound).status(),
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            AppError::Core(CoreError::Conflict("x")).status(),
            StatusCode::CONFLICT
        );
        assert_eq!(AppError::Core(CoreError::Stale("request")).code(), "stale");
        assert_eq!(
            AppError::Core(CoreError::Refused(Refusal::Booking(
                BookingRefused::SlotFull
            )))
            .code(),
            "slot-full"
        );
        assert_eq!(
            AppError::Core(CoreError::Setup("x".into())).status(),
            StatusCode::INTERNAL_SERVER_ERROR
        );
        assert_eq!(AppError::NotSignedIn.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(
            AppError::TooManyRequests(3).into_response().headers()[header::RETRY_AFTER],
            "3"
        );
    }

    #[test]
    fn internal_errors_never_surface_their_text() {
        let problem = AppError::from(StoreError::Corrupt("secret row value".into())).problem();
        assert!(!serde_json::to_string(&problem).unwrap().contains("secret"));
    }
}
