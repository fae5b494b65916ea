//! Validation errors: which input ([`Field`]) and what is wrong with it ([`Problem`]), and the
//! [`code_enum!`](crate::code_enum) macro that declares a closed set of string codes.
//!
//! Owns: the field names and problem codes sent to the browser and written in import reports,
//! and their words. Must never: put the offending value into an error (it may be personal data),
//! or change a code (forms, query strings and stored reports carry them).

use std::fmt;

use portal_i18n::Key;

use crate::label::Keyed;

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
    /// `message`: the text of a complaint or of feedback.
    Message,
    /// `contact`: how the sender of feedback may be reached, if they want an answer.
    Contact,
    /// `helper_name`: a trusted helper, as the person names them.
    HelperName,
    /// `helper_days`: how many days a trusted helper may act.
    HelperDays,
    /// `helper_code`: the one-time code a trusted helper enters.
    HelperCode,
    /// `from`: the first day of a report's period.
    PeriodFrom,
    /// `to`: the last day of a report's period.
    PeriodTo,
    /// `share`: what a person chose to show of a credential.
    Share,
}

impl Field {
    /// Every field, in declaration order.
    pub const ALL: &'static [Field] = &[
        Field::RegistrationNumber,
        Field::CaseNumber,
        Field::OfficeCode,
        Field::OfficeName,
        Field::TimeZone,
        Field::Relationship,
        Field::GivenName,
        Field::FamilyName,
        Field::GivenNameOriginal,
        Field::FamilyNameOriginal,
        Field::Sex,
        Field::DateOfBirth,
        Field::DateOfBirthEstimated,
        Field::CountryOfOrigin,
        Field::Nationality,
        Field::Languages,
        Field::Phone,
        Field::Email,
        Field::Address,
        Field::RegistrationStatus,
        Field::SpecificNeeds,
        Field::DisplayName,
        Field::Role,
        Field::Kind,
        Field::Status,
        Field::RejectionReason,
        Field::RecordField,
        Field::Member,
        Field::EventDate,
        Field::Reason,
        Field::Documents,
        Field::Changes,
        Field::Decision,
        Field::Note,
        Field::Answer,
        Field::Question,
        Field::Weekday,
        Field::Service,
        Field::Duration,
        Field::Limit,
        Field::Preferred,
        Field::Message,
        Field::Contact,
        Field::HelperName,
        Field::HelperDays,
        Field::HelperCode,
        Field::PeriodFrom,
        Field::PeriodTo,
        Field::Share,
    ];

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
            Field::Message => "message",
            Field::Contact => "contact",
            Field::HelperName => "helper_name",
            Field::HelperDays => "helper_days",
            Field::HelperCode => "helper_code",
            Field::PeriodFrom => "from",
            Field::PeriodTo => "to",
            Field::Share => "share",
        }
    }

    /// The field with this exact name (as [`Field::as_str`] writes it), e.g. from a form error
    /// in a query string; `None` for anything else.
    pub fn from_code(code: &str) -> Option<Field> {
        Field::ALL.iter().copied().find(|f| f.as_str() == code)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Keyed for Field {
    /// The words the forms use for the field (the same as the person's record shows where the
    /// field is on it).
    fn key(&self) -> Key {
        match self {
            Field::RegistrationNumber => Key::MeRegistrationNumber,
            Field::CaseNumber => Key::MeHouseholdCase,
            Field::OfficeCode => Key::FieldOfficeCode,
            Field::OfficeName => Key::FieldOfficeName,
            Field::TimeZone => Key::FieldTimeZone,
            Field::Relationship => Key::MeRelationship,
            Field::GivenName => Key::RequestFormGivenName,
            Field::FamilyName => Key::RequestFormFamilyName,
            Field::GivenNameOriginal => Key::RequestFormGivenNameOriginal,
            Field::FamilyNameOriginal => Key::RequestFormFamilyNameOriginal,
            Field::Sex => Key::MeSex,
            Field::DateOfBirth => Key::MeDateOfBirth,
            Field::DateOfBirthEstimated => Key::FieldDateOfBirthEstimated,
            Field::CountryOfOrigin => Key::MeCountryOfOrigin,
            Field::Nationality => Key::MeNationality,
            Field::Languages => Key::MeLanguages,
            Field::Phone => Key::MePhone,
            Field::Email => Key::MeEmail,
            Field::Address => Key::MeAddress,
            Field::RegistrationStatus => Key::MeStatus,
            Field::SpecificNeeds => Key::FieldSpecificNeeds,
            Field::DisplayName => Key::FieldDisplayName,
            Field::Role => Key::FieldRole,
            Field::Kind => Key::FieldKind,
            Field::Status => Key::FieldStatus,
            Field::RejectionReason => Key::StaffReviewReason,
            Field::RecordField | Field::Changes => Key::RequestChanges,
            Field::Member => Key::RequestFormMember,
            Field::EventDate => Key::RequestFormEventDate,
            Field::Reason => Key::RequestFormReason,
            Field::Documents => Key::RequestFormDocuments,
            Field::Decision => Key::FieldDecision,
            Field::Note => Key::StaffReviewNote,
            Field::Answer => Key::RequestAnswer,
            Field::Question => Key::StaffReviewQuestion,
            Field::Weekday => Key::FieldWeekday,
            Field::Service => Key::FieldService,
            Field::Duration => Key::FieldDuration,
            Field::Limit => Key::FieldLimit,
            Field::Preferred => Key::AppointmentsPreferred,
            Field::Message => Key::HelpMessage,
            Field::Contact => Key::HelpContact,
            Field::HelperName => Key::TrustedName,
            Field::HelperDays => Key::TrustedDays,
            Field::HelperCode => Key::TrustedCode,
            Field::PeriodFrom => Key::ReportsFrom,
            Field::PeriodTo => Key::ReportsTo,
            Field::Share => Key::FieldShare,
        }
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
    /// Contains invisible characters that reorder or hide text: bidirectional overrides and
    /// isolates (U+202A–202E, U+2066–2069) or zero-width characters other than the joiners
    /// scripts need (ZWNJ and ZWJ stay legal: Persian and Dari write with ZWNJ).
    HiddenCharacters,
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
    /// More files in a day than one person may send.
    DailyLimit {
        /// Maximum number in 24 hours.
        max: u32,
    },
    /// A file larger than allowed.
    TooLarge {
        /// Maximum size in bytes.
        max_bytes: u64,
    },
    /// A file that is not one of the accepted types (judged by its content).
    UnsupportedType,
    /// A well-formed code that is not on the portal's closed list (a language the portal does
    /// not know): too many to list, unlike [`Problem::NotOneOf`].
    UnknownCode,
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
            Problem::HiddenCharacters => "hidden-characters",
            Problem::Duplicate => "duplicate",
            Problem::Unchanged => "unchanged",
            Problem::NotRecent { .. } => "not-recent",
            Problem::UnknownMember => "unknown-member",
            Problem::TooMany { .. } => "too-many",
            Problem::DailyLimit { .. } => "daily-limit",
            Problem::TooLarge { .. } => "too-large",
            Problem::UnsupportedType => "unsupported-type",
            Problem::UnknownCode => "unknown-code",
        }
    }

    /// The catalogue message for a problem code as [`Problem::code`] writes it (the browser
    /// receives codes, not values); `None` for anything else.
    pub fn key_for_code(code: &str) -> Option<Key> {
        Some(match code {
            "required" => Key::ProblemRequired,
            "too-long" => Key::ProblemTooLong,
            "format" => Key::ProblemFormat,
            "not-one-of" => Key::ProblemNotOneOf,
            "in-future" => Key::ProblemInFuture,
            "too-old" => Key::ProblemTooOld,
            "control-characters" => Key::ProblemControlCharacters,
            "hidden-characters" => Key::ProblemHiddenCharacters,
            "duplicate" => Key::ProblemDuplicate,
            "unchanged" => Key::ProblemUnchanged,
            "not-recent" => Key::ProblemNotRecent,
            "unknown-member" => Key::ProblemUnknownMember,
            "too-many" => Key::ProblemTooMany,
            "daily-limit" => Key::ProblemDailyLimit,
            "too-large" => Key::ProblemTooLarge,
            "unsupported-type" => Key::ProblemUnsupportedType,
            "unknown-code" => Key::ProblemUnknownCode,
            _ => return None,
        })
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
            Problem::HiddenCharacters => {
                f.write_str("must not contain invisible direction or zero-width characters")
            }
            Problem::Duplicate => f.write_str("lists the same value twice"),
            Problem::Unchanged => f.write_str("is the same as the value on record"),
            Problem::NotRecent { days } => write!(f, "must be within the last {days} days"),
            Problem::UnknownMember => f.write_str("must be a current member of the household"),
            Problem::TooMany { max } => write!(f, "must be at most {max}"),
            Problem::DailyLimit { max } => {
                write!(f, "must be at most {max} files in 24 hours")
            }
            Problem::TooLarge { max_bytes } => write!(f, "must be at most {max_bytes} bytes"),
            Problem::UnsupportedType => {
                f.write_str("must be a JPEG, PNG or WebP photo or a PDF document")
            }
            Problem::UnknownCode => f.write_str("must be a code on the portal's list"),
        }
    }
}

impl Keyed for Problem {
    /// The message a person reads for the problem (one per code; the numbers in `TooLong` and
    /// the like are the server's business).
    fn key(&self) -> Key {
        match self {
            Problem::Required => Key::ProblemRequired,
            Problem::TooLong { .. } => Key::ProblemTooLong,
            Problem::Format(_) => Key::ProblemFormat,
            Problem::NotOneOf(_) => Key::ProblemNotOneOf,
            Problem::InFuture => Key::ProblemInFuture,
            Problem::TooOld => Key::ProblemTooOld,
            Problem::ControlCharacters => Key::ProblemControlCharacters,
            Problem::HiddenCharacters => Key::ProblemHiddenCharacters,
            Problem::Duplicate => Key::ProblemDuplicate,
            Problem::Unchanged => Key::ProblemUnchanged,
            Problem::NotRecent { .. } => Key::ProblemNotRecent,
            Problem::UnknownMember => Key::ProblemUnknownMember,
            Problem::TooMany { .. } => Key::ProblemTooMany,
            Problem::DailyLimit { .. } => Key::ProblemDailyLimit,
            Problem::TooLarge { .. } => Key::ProblemTooLarge,
            Problem::UnsupportedType => Key::ProblemUnsupportedType,
            Problem::UnknownCode => Key::ProblemUnknownCode,
        }
    }
}

/// One invalid input: which field, and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// `{field} {problem}`, e.g. `phone must be an international number like +962791234567`.
impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.field, self.problem)
    }
}

impl std::error::Error for ValidationError {}

/// Declares a closed set of string codes as an enum with `as_str`, `parse` and `ALL`, plus
/// `Display` (the code) and serde (the variant name in snake_case, which is not always the
/// code: `SeriousMedical = "SM"` serialises as `"serious_medical"`).
///
/// `parse` ignores case and surrounding spaces; empty input is `Problem::Required`, anything
/// else off the list `Problem::NotOneOf(allowed)`, both about the given field. The calling crate
/// needs `serde` (with `derive`) among its dependencies.
///
/// ```
/// use portal_types::{code_enum, Field};
///
/// code_enum! {
///     /// A colour.
///     Colour, Field::Kind, "red, green" {
///         /// Red.
///         Red = "red",
///         /// Green.
///         Green = "green",
///     }
/// }
///
/// assert_eq!(Colour::parse(" RED "), Ok(Colour::Red));
/// assert_eq!(Colour::Green.as_str(), "green");
/// ```
#[macro_export]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::tests::assert_labelled;

    crate::code_enum! {
        /// A code enum declared the way another crate declares one.
        Shade, Field::Kind, "light, dark_grey" {
            /// Light.
            Light = "light",
            /// Dark grey, coded differently from its name.
            DarkGrey = "DG",
        }
    }

    #[test]
    fn code_enum_parses_codes_ignoring_case_and_spaces() {
        // Arrange
        let inputs = [" light ", "LIGHT", "dg", "Dg"];

        // Act
        let parsed: Vec<Shade> = inputs.iter().map(|s| Shade::parse(s).unwrap()).collect();

        // Assert
        assert_eq!(
            parsed,
            [Shade::Light, Shade::Light, Shade::DarkGrey, Shade::DarkGrey]
        );
    }

    #[test]
    fn code_enum_refuses_empty_and_unknown_codes_about_its_field() {
        // Arrange / Act
        let empty = Shade::parse("  ").unwrap_err();
        let unknown = Shade::parse("dark_grey").unwrap_err();

        // Assert
        assert_eq!(empty, ValidationError::new(Field::Kind, Problem::Required));
        assert_eq!(
            unknown,
            ValidationError::new(Field::Kind, Problem::NotOneOf("light, dark_grey"))
        );
    }

    #[test]
    fn code_enum_serialises_the_variant_name_not_the_code() {
        // Arrange
        let value = Shade::DarkGrey;

        // Act
        let json = serde_json::to_string(&value).unwrap();

        // Assert
        assert_eq!(json, "\"dark_grey\"");
        assert_eq!(value.to_string(), "DG");
        assert_eq!(Shade::ALL, [Shade::Light, Shade::DarkGrey]);
    }

    #[test]
    fn every_field_has_a_unique_code_that_reads_back() {
        // Arrange
        let mut codes: Vec<&str> = Field::ALL.iter().map(|f| f.as_str()).collect();

        // Act
        let read_back: Vec<Option<Field>> = codes.iter().map(|c| Field::from_code(c)).collect();
        codes.sort_unstable();
        codes.dedup();

        // Assert
        assert_eq!(codes.len(), Field::ALL.len(), "no code twice");
        for (field, back) in Field::ALL.iter().zip(read_back) {
            assert_eq!(back, Some(*field));
        }
        assert_eq!(Field::from_code("Phone"), None, "codes are exact");
        assert_eq!(Field::Duration.to_string(), "minutes");
        assert_eq!(Field::RecordField.as_str(), "field");
    }

    #[test]
    fn every_field_has_words_in_every_locale() {
        for field in Field::ALL {
            assert_labelled(field, field.as_str());
        }
    }

    fn one_of_each_problem() -> Vec<Problem> {
        vec![
            Problem::Required,
            Problem::TooLong { max: 100 },
            Problem::Format("a date like 1990-04-25"),
            Problem::NotOneOf("female, male, other, unknown"),
            Problem::InFuture,
            Problem::TooOld,
            Problem::ControlCharacters,
            Problem::HiddenCharacters,
            Problem::Duplicate,
            Problem::Unchanged,
            Problem::NotRecent { days: 365 },
            Problem::UnknownMember,
            Problem::TooMany { max: 5 },
            Problem::DailyLimit { max: 20 },
            Problem::TooLarge {
                max_bytes: 5_000_000,
            },
            Problem::UnsupportedType,
            Problem::UnknownCode,
        ]
    }

    #[test]
    fn every_problem_has_a_unique_code_with_words_in_every_locale() {
        // Arrange
        let problems = one_of_each_problem();
        let mut codes: Vec<&str> = problems.iter().map(Problem::code).collect();

        // Act / Assert
        for problem in &problems {
            assert_labelled(problem, problem.code());
            assert_eq!(Problem::key_for_code(problem.code()), Some(problem.key()));
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), problems.len(), "no code twice");
        assert_eq!(Problem::key_for_code("stale"), None);
    }

    #[test]
    fn problem_codes_and_texts_are_those_of_the_domain() {
        assert_eq!(Problem::TooLong { max: 3 }.code(), "too-long");
        assert_eq!(Problem::UnsupportedType.code(), "unsupported-type");
        assert_eq!(Problem::UnknownCode.code(), "unknown-code");
        assert_eq!(
            Problem::TooLong { max: 3 }.to_string(),
            "must be at most 3 characters"
        );
        assert_eq!(
            Problem::NotRecent { days: 30 }.to_string(),
            "must be within the last 30 days"
        );
        assert_eq!(Problem::TooOld.to_string(), "must be after 1900-01-01");
    }

    #[test]
    fn errors_say_field_then_problem_and_never_echo_the_value() {
        // Arrange
        let err = ValidationError::new(
            Field::Phone,
            Problem::Format("an international number like +962791234567"),
        );

        // Act
        let text = err.to_string();

        // Assert
        assert_eq!(
            text,
            "phone must be an international number like +962791234567"
        );
        let as_error: &dyn std::error::Error = &err;
        assert!(as_error.source().is_none());
    }
}
