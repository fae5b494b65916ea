//! Domain types and rules: what a valid registration record is, who staff are, what an audit
//! event records. Values are parsed once at the edge into types that cannot hold invalid data.
//!
//! Owns: validation rules and their error codes. Must never: touch the database, HTTP or the
//! clock (dates that depend on "today" take it as an argument).

pub mod appointments;
pub mod audit;
pub mod clock;
pub mod country;
pub mod credential;
pub mod document;
pub mod household;
pub mod ics;
pub mod invitation;
pub mod office;
pub mod person;
pub mod policy;
pub mod requests;
pub mod session;
pub mod staff;
pub mod tokens;

use std::fmt;

/// Which input a validation error is about; the stable name doubles as CSV column and API field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    /// `registration_number`
    RegistrationNumber,
    /// `case_number`
    CaseNumber,
    /// `office_code`
    OfficeCode,
    /// `office_name`
    OfficeName,
    /// `time_zone`
    TimeZone,
    /// `relationship`
    Relationship,
    /// `given_name`
    GivenName,
    /// `family_name`
    FamilyName,
    /// `given_name_original`
    GivenNameOriginal,
    /// `family_name_original`
    FamilyNameOriginal,
    /// `sex`
    Sex,
    /// `date_of_birth`
    DateOfBirth,
    /// `date_of_birth_estimated`
    DateOfBirthEstimated,
    /// `country_of_origin`
    CountryOfOrigin,
    /// `nationality`
    Nationality,
    /// `languages`
    Languages,
    /// `phone`
    Phone,
    /// `email`
    Email,
    /// `address`
    Address,
    /// `registration_status`
    RegistrationStatus,
    /// `specific_needs`
    SpecificNeeds,
    /// `display_name`
    DisplayName,
    /// `role`
    Role,
    /// `kind`
    Kind,
    /// `status`
    Status,
    /// `rejection_reason`
    RejectionReason,
    /// `field`
    RecordField,
    /// `member`
    Member,
    /// `event_date`
    EventDate,
    /// `reason`
    Reason,
    /// `documents`
    Documents,
    /// `changes`
    Changes,
    /// `decision`
    Decision,
    /// `note`
    Note,
    /// `answer`
    Answer,
    /// `question`
    Question,
    /// `weekday`
    Weekday,
    /// `service`
    Service,
    /// `minutes`
    Duration,
    /// `max_active_per_household`
    Limit,
    /// `preferred`
    Preferred,
}

impl Field {
    /// The snake_case name used in CSV headers, JSON and error reports.
    pub const fn as_str(self) -> &'static str {
        match self {
            Field::RegistrationNumber => "registration_number",
            Field::CaseNumber => "case_number",
            Field::OfficeCode => "office_code",
            Field::OfficeName => "office_name",
            Field::TimeZone => "time_zone",
            Field::Relationship => "relationship",
            Field::GivenName => "given_name",
            Field::FamilyName => "family_name",
            Field::GivenNameOriginal => "given_name_original",
            Field::FamilyNameOriginal => "family_name_original",
            Field::Sex => "sex",
            Field::DateOfBirth => "date_of_birth",
            Field::DateOfBirthEstimated => "date_of_birth_estimated",
            Field::CountryOfOrigin => "country_of_origin",
            Field::Nationality => "nationality",
            Field::Languages => "languages",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Address => "address",
            Field::RegistrationStatus => "registration_status",
            Field::SpecificNeeds => "specific_needs",
            Field::DisplayName => "display_name",
            Field::Role => "role",
            Field::Kind => "kind",
            Field::Status => "status",
            Field::RejectionReason => "rejection_reason",
            Field::RecordField => "field",
            Field::Member => "member",
            Field::EventDate => "event_date",
            Field::Reason => "reason",
            Field::Documents => "documents",
            Field::Changes => "changes",
            Field::Decision => "decision",
            Field::Note => "note",
            Field::Answer => "answer",
            Field::Question => "question",
            Field::Weekday => "weekday",
            Field::Service => "service",
            Field::Duration => "minutes",
            Field::Limit => "max_active_per_household",
            Field::Preferred => "preferred",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong with a value. Messages never repeat the value itself (it may be personal data).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Nothing was given.
    Required,
    /// Longer than allowed.
    TooLong {
        /// Maximum number of characters.
        max: usize,
    },
    /// Not of the expected form; the text says which form.
    Format(&'static str),
    /// Not one of the allowed values; the text lists them.
    NotOneOf(&'static str),
    /// A date after today.
    InFuture,
    /// A date implausibly far in the past.
    TooOld,
    /// Contains control characters.
    ControlCharacters,
    /// Listed twice.
    Duplicate,
    /// The same as the value on record.
    Unchanged,
    /// A date longer ago than allowed.
    NotRecent {
        /// Maximum age in days.
        days: i64,
    },
    /// Not a current member of the household.
    UnknownMember,
    /// More items than allowed.
    TooMany {
        /// Maximum number.
        max: usize,
    },
    /// A file larger than allowed.
    TooLarge {
        /// Maximum size in bytes.
        max_bytes: u64,
    },
    /// A file that is not one of the accepted types (judged by its content).
    UnsupportedType,
}

impl Problem {
    /// A stable machine-readable code, used as translation key suffix and in API responses.
    pub const fn code(&self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::TooLong { .. } => "too-long",
            Problem::Format(_) => "format",
            Problem::NotOneOf(_) => "not-one-of",
            Problem::InFuture => "in-future",
            Problem::TooOld => "too-old",
            Problem::ControlCharacters => "control-characters",
            Problem::Duplicate => "duplicate",
            Problem::Unchanged => "unchanged",
            Problem::NotRecent { .. } => "not-recent",
            Problem::UnknownMember => "unknown-member",
            Problem::TooMany { .. } => "too-many",
            Problem::TooLarge { .. } => "too-large",
            Problem::UnsupportedType => "unsupported-type",
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Required => f.write_str("is required"),
            Problem::TooLong { max } => write!(f, "must be at most {max} characters"),
            Problem::Format(expected) => write!(f, "must be {expected}"),
            Problem::NotOneOf(allowed) => write!(f, "must be one of {allowed}"),
            Problem::InFuture => f.write_str("must not be in the future"),
            Problem::TooOld => f.write_str("must be after 1900-01-01"),
            Problem::ControlCharacters => f.write_str("must not contain control characters"),
            Problem::Duplicate => f.write_str("lists the same value twice"),
            Problem::Unchanged => f.write_str("is the same as the value on record"),
            Problem::NotRecent { days } => write!(f, "must be within the last {days} days"),
            Problem::UnknownMember => f.write_str("must be a current member of the household"),
            Problem::TooMany { max } => write!(f, "must be at most {max}"),
            Problem::TooLarge { max_bytes } => write!(f, "must be at most {max_bytes} bytes"),
            Problem::UnsupportedType => {
                f.write_str("must be a JPEG, PNG or WebP photo or a PDF document")
            }
        }
    }
}

/// One invalid input: which field, and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field} {problem}")]
pub struct ValidationError {
    /// The field.
    pub field: Field,
    /// The problem.
    pub problem: Problem,
}

impl ValidationError {
    /// Shorthand constructor.
    pub const fn new(field: Field, problem: Problem) -> Self {
        Self { field, problem }
    }
}

/// Trims `raw` and checks it is non-empty, short enough and free of control characters.
pub fn clean_text(
    field: Field,
    raw: &str,
    max: usize,
    allow_newlines: bool,
) -> Result<String, ValidationError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(ValidationError::new(field, Problem::Required));
    }
    if text.chars().count() > max {
        return Err(ValidationError::new(field, Problem::TooLong { max }));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !(allow_newlines && c == '\n'))
    {
        return Err(ValidationError::new(field, Problem::ControlCharacters));
    }
    Ok(text.to_owned())
}

/// Declares a closed set of string codes as an enum with `as_str`, `parse` and `ALL`.
macro_rules! code_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $field:expr, $allowed:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored code.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// Parses a code, ignoring case and surrounding spaces.
            pub fn parse(raw: &str) -> Result<Self, $crate::ValidationError> {
                let raw = raw.trim();
                if raw.is_empty() {
                    return Err($crate::ValidationError::new($field, $crate::Problem::Required));
                }
                $(
                    if raw.eq_ignore_ascii_case($code) {
                        return Ok($name::$variant);
                    }
                )+
                Err($crate::ValidationError::new($field, $crate::Problem::NotOneOf($allowed)))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use code_enum;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_trims_and_refuses_empty_long_and_control_text() {
        assert_eq!(
            clean_text(Field::Address, "  Camp 4  ", 10, false).unwrap(),
            "Camp 4"
        );
        assert_eq!(
            clean_text(Field::Address, "   ", 10, false)
                .unwrap_err()
                .problem,
            Problem::Required
        );
        assert_eq!(
            clean_text(Field::Address, "abcdefghijk", 10, false)
                .unwrap_err()
                .problem,
            Problem::TooLong { max: 10 }
        );
        assert_eq!(
            clean_text(Field::Address, "a\u{7}b", 10, false)
                .unwrap_err()
                .problem,
            Problem::ControlCharacters
        );
        assert!(clean_text(Field::Address, "line 1\nline 2", 20, true).is_ok());
    }

    #[test]
    fn errors_never_echo_the_value() {
        let err = ValidationError::new(
            Field::Phone,
            Problem::Format("an international number like +962791234567"),
        );
        assert_eq!(
            err.to_string(),
            "phone must be an international number like +962791234567"
        );
    }
}
