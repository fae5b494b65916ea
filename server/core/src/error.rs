//! The one error type of the use cases. The web adapter maps each variant to an HTTP status
//! in one place; the command line maps them to exit codes.
//!
//! Owns: what can go wrong in a use case, in terms a caller can act on. Must never: carry a
//! personal data value (validation errors name the field and the rule, not the input).

use portal_domain::appointments::BookingRefused;
use portal_domain::credential::{IssueRefused, StatusRefused};
use portal_domain::requests::{DecisionRefused, TransitionError};
use portal_domain::staff::AccountRefused;
use portal_domain::wallet::{PresentationRefused, WalletRefused};
use portal_domain::ValidationError;
use portal_storage::documents::DocumentError;
use portal_storage::keys::KeyFileError;
use portal_storage::StoreError;

/// Why a rule of the domain refused an action the caller may otherwise take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Maker-checker and the other rules of deciding a request.
    #[error(transparent)]
    Decision(#[from] DecisionRefused),
    /// A booking rule.
    #[error(transparent)]
    Booking(#[from] BookingRefused),
    /// A credential's life cycle or the staff member's role.
    #[error(transparent)]
    Status(#[from] StatusRefused),
    /// The enrollment answers or the new passkey could not be confirmed (never which check
    /// failed).
    #[error("the enrollment details could not be confirmed")]
    Enrollment,
    /// The passkey sign-in did not verify.
    #[error("the sign-in did not verify")]
    SignIn,
    /// The ceremony this step belongs to expired or was used already.
    #[error("this step has expired")]
    CeremonyExpired,
    /// A re-authentication did not verify, or used another account's passkey.
    #[error("the re-authentication did not verify")]
    Reauthentication,
    /// A new passkey was not accepted.
    #[error("the passkey was not added")]
    PasskeyNotAdded,
    /// The account's last passkey cannot be removed (the person would be locked out).
    #[error("the last passkey of an account cannot be removed")]
    LastPasskey,
    /// The action needs a passkey use within the last minutes.
    #[error("confirm with your passkey first")]
    ReauthenticationRequired,
    /// A person cannot get this credential by themselves now.
    #[error(transparent)]
    Issue(#[from] IssueRefused),
    /// An admin's change to a staff account.
    #[error(transparent)]
    Account(#[from] AccountRefused),
    /// A wallet app's OpenID4VCI request.
    #[error(transparent)]
    Wallet(#[from] WalletRefused),
    /// A wallet's answer to a presentation request (OpenID4VP).
    #[error(transparent)]
    Presentation(#[from] PresentationRefused),
}

/// Everything a use case can fail with.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The input is not valid; every problem is listed.
    #[error("invalid input")]
    Invalid(Vec<ValidationError>),
    /// No such thing, or not one the caller may see (the two are never told apart).
    #[error("not found")]
    NotFound,
    /// A thing an operator named does not exist (for the command line's messages).
    #[error("{0} was not found")]
    Missing(&'static str),
    /// The caller's role does not allow this action at all.
    #[error("not allowed")]
    NotAllowed,
    /// A rule of the domain refused it.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// Not possible in the current state.
    #[error(transparent)]
    NotNow(#[from] TransitionError),
    /// Someone else acted first, or the data changed since the caller looked.
    #[error("{0} changed meanwhile")]
    Stale(&'static str),
    /// The thing exists already.
    #[error("{0} already exists")]
    Conflict(&'static str),
    /// An input that cannot be read at all (a photo without a QR code, a file too big).
    #[error("{0}")]
    Unreadable(String),
    /// The portal cannot do this as configured (mail, issuer keys); the message says how to
    /// fix it and never contains a secret.
    #[error("{0}")]
    Setup(String),
    /// A file to import was refused as a whole (nothing was imported).
    #[error(transparent)]
    Import(#[from] ImportError),
    /// Storage failed.
    #[error(transparent)]
    Store(StoreError),
    /// A file of the data directory could not be read or written (never the path of a
    /// client's choosing).
    #[error("file storage failed: {0}")]
    File(String),
    /// A mail could not be sent.
    #[error(transparent)]
    Mail(#[from] portal_mail::MailError),
    /// The credentials library refused something.
    #[error(transparent)]
    Credential(#[from] portal_credentials::CredentialError),
    /// The portal will not sign what a partner sent: `member` names the part of the
    /// credential, `reason` says why (only the portal's own records vouch for it).
    #[error("{member}: {reason}")]
    IssueRefused {
        /// The credential's member at fault (`type`, `credentialStatus`, …).
        member: &'static str,
        /// Why, in a sentence.
        reason: String,
    },
    /// Too much work is running for anonymous clients; try again after this many seconds.
    #[error("busy, try again in {retry_after} s")]
    Busy {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// This deployment cannot offer it at all (passkeys at an IP address); the sentence says
    /// why, for whoever runs the portal.
    #[error("{0}")]
    NotOffered(&'static str),
}

impl From<StoreError> for CoreError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound(what) => CoreError::Missing(what),
            StoreError::Stale(what) => CoreError::Stale(what),
            StoreError::Duplicate(what) => CoreError::Conflict(what),
            other => CoreError::Store(other),
        }
    }
}

impl From<DocumentError> for CoreError {
    fn from(error: DocumentError) -> Self {
        match error {
            DocumentError::Missing => CoreError::NotFound,
            other => CoreError::File(other.to_string()),
        }
    }
}

impl From<KeyFileError> for CoreError {
    fn from(error: KeyFileError) -> Self {
        CoreError::Setup(error.to_string())
    }
}

impl From<ValidationError> for CoreError {
    fn from(error: ValidationError) -> Self {
        CoreError::Invalid(vec![error])
    }
}

impl From<DecisionRefused> for CoreError {
    fn from(why: DecisionRefused) -> Self {
        CoreError::Refused(why.into())
    }
}

impl From<BookingRefused> for CoreError {
    fn from(why: BookingRefused) -> Self {
        CoreError::Refused(why.into())
    }
}

impl From<AccountRefused> for CoreError {
    fn from(why: AccountRefused) -> Self {
        CoreError::Refused(Refusal::Account(why))
    }
}

impl From<IssueRefused> for CoreError {
    fn from(why: IssueRefused) -> Self {
        CoreError::Refused(why.into())
    }
}

impl From<WalletRefused> for CoreError {
    fn from(why: WalletRefused) -> Self {
        CoreError::Refused(why.into())
    }
}

impl From<PresentationRefused> for CoreError {
    fn from(why: PresentationRefused) -> Self {
        CoreError::Refused(why.into())
    }
}

impl From<StatusRefused> for CoreError {
    fn from(why: StatusRefused) -> Self {
        CoreError::Refused(why.into())
    }
}

/// The result of a use case.
pub type CoreResult<T> = Result<T, CoreError>;

/// The errors of one data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Line in the file (the header is line 1).
    pub line: u64,
    /// Every problem found on the row.
    pub problems: Vec<String>,
}

/// Why a file was not imported (nothing was).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// Not readable as CSV.
    #[error("the file is not valid CSV (line {line}): {reason}")]
    Csv {
        /// Line of the problem.
        line: u64,
        /// What the parser said.
        reason: String,
    },
    /// The header lacks columns or has unknown ones.
    #[error("the header is not valid: {0}")]
    Header(String),
    /// No data rows.
    #[error("the file has no data rows")]
    Empty,
    /// Too many rows.
    #[error("the file has more than {max} rows; split it")]
    TooLarge {
        /// The most rows a file may have.
        max: usize,
    },
    /// Some rows are invalid; nothing was imported.
    #[error("{} row(s) have errors; nothing was imported", .0.len())]
    Rows(Vec<RowError>),
}
