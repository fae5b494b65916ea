//! A registered person: identifiers, names, birth, origin, contact details and status.
//!
//! Owns: the value types of a registration record and their parsing rules.
//! Must never: accept a value it cannot store faithfully, or put a value into an error message.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::country::{Country, Nationality};
use super::household::HouseholdId;
use super::{clean_text, Field, Problem, ValidationError};
pub use portal_types::Language;

pub use portal_types::{RegistrationStatus, Relationship, Sex, SpecificNeed};

/// Internal identifier of a person; never shown to people, never in a credential.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
pub struct PersonId(pub Uuid);

impl PersonId {
    /// A fresh random id.
    pub fn random() -> Self {
        Self(Uuid::new_v4())
    }
}

/// The human-friendly registration number printed on documents: `ABC-26-000123`
/// (office code, two-digit year of registration, six-digit serial).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct RegistrationNumber(String);

/// Checks `AAA-YY-` followed by `rest`, returning the normalised text.
fn office_year_serial(raw: &str, rest: impl Fn(&str) -> bool) -> Option<String> {
    let text = raw.trim().to_ascii_uppercase();
    let mut parts = text.split('-');
    let (office, year, serial) = (parts.next()?, parts.next()?, parts.next()?);
    let ok = parts.next().is_none()
        && office.len() == 3
        && office.bytes().all(|b| b.is_ascii_uppercase())
        && year.len() == 2
        && year.bytes().all(|b| b.is_ascii_digit())
        && rest(serial);
    ok.then_some(text)
}

impl RegistrationNumber {
    /// The prefix of the numbers given at `office` in the year of `today` (`AMM-26-`).
    pub fn prefix(office: &str, today: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        format!("{office}-{:02}-", today.year().rem_euclid(100))
    }

    /// The number after `last`, the highest one given with `prefix` so far (the first of
    /// the year when there is none).
    pub fn next_after(prefix: &str, last: Option<&str>) -> Result<Self, ValidationError> {
        let serial = last
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|s| s.parse::<u32>().ok())
            .unwrap_or(0)
            + 1;
        Self::parse(&format!("{prefix}{serial:06}"))
    }

    /// Parses `abc-26-000123` or `ABC-26-000123` (spaces around are ignored).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        if raw.trim().is_empty() {
            return Err(ValidationError::new(
                Field::RegistrationNumber,
                Problem::Required,
            ));
        }
        office_year_serial(raw, |s| {
            s.len() == 6 && s.bytes().all(|b| b.is_ascii_digit())
        })
        .map(Self)
        .ok_or(ValidationError::new(
            Field::RegistrationNumber,
            Problem::Format("like ABC-26-000123"),
        ))
    }

    /// The normalised number.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The three-letter code of the registering office.
    pub fn office_code(&self) -> &str {
        self.0.get(..3).unwrap_or_default()
    }
}

/// A name in Latin script, as printed on documents and searched by staff.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct LatinName(String);

/// Whether `c` is a letter of the Latin script blocks (Basic Latin to Latin Extended Additional).
fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic() && (c <= '\u{024F}' || ('\u{1E00}'..='\u{1EFF}').contains(&c))
}

impl LatinName {
    /// Maximum length in characters.
    pub const MAX: usize = 100;

    /// Parses a Latin-script name: letters, spaces, hyphens, apostrophes and dots.
    pub fn parse(field: Field, raw: &str) -> Result<Self, ValidationError> {
        let text = clean_text(field, raw, Self::MAX, false)?;
        let allowed = |c: char| is_latin_letter(c) || matches!(c, ' ' | '-' | '\'' | '’' | '.');
        if !text.chars().all(allowed) || !text.chars().any(is_latin_letter) {
            return Err(ValidationError::new(
                field,
                Problem::Format("written in Latin letters"),
            ));
        }
        Ok(Self(text.split_whitespace().collect::<Vec<_>>().join(" ")))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A name in the person's own script (Arabic, Tigrinya, Cyrillic, …).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct OriginalName(String);

impl OriginalName {
    /// Parses a name in any script; it must contain at least one letter.
    pub fn parse(field: Field, raw: &str) -> Result<Self, ValidationError> {
        let text = clean_text(field, raw, LatinName::MAX, false)?;
        if !text.chars().any(char::is_alphabetic) {
            return Err(ValidationError::new(
                field,
                Problem::Format("a name with letters"),
            ));
        }
        Ok(Self(text))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A date of birth, possibly estimated (common when documents were lost).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DateOfBirth {
    /// The date; for estimates, usually 1 January of the estimated year.
    pub date: NaiveDate,
    /// Whether the date is an estimate.
    pub estimated: bool,
}

impl DateOfBirth {
    /// Parses `YYYY-MM-DD`; it must not be after `today` nor before 1900.
    pub fn parse(raw: &str, estimated: bool, today: NaiveDate) -> Result<Self, ValidationError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(ValidationError::new(Field::DateOfBirth, Problem::Required));
        }
        let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| {
            ValidationError::new(
                Field::DateOfBirth,
                Problem::Format("a date like 1990-04-25"),
            )
        })?;
        if date > today {
            return Err(ValidationError::new(Field::DateOfBirth, Problem::InFuture));
        }
        if date < NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN) {
            return Err(ValidationError::new(Field::DateOfBirth, Problem::TooOld));
        }
        Ok(Self { date, estimated })
    }
}

/// Parses a yes/no flag as written in CSV exports.
pub fn parse_flag(field: Field, raw: &str) -> Result<bool, ValidationError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "" | "false" | "no" | "n" | "0" => Ok(false),
        "true" | "yes" | "y" | "1" => Ok(true),
        _ => Err(ValidationError::new(field, Problem::NotOneOf("yes, no"))),
    }
}

/// Parses a `;`-separated list of codes with `parse`, refusing duplicates; empty means none.
pub fn parse_list<T: PartialEq>(
    field: Field,
    raw: &str,
    parse: impl Fn(&str) -> Result<T, ValidationError>,
) -> Result<Vec<T>, ValidationError> {
    let mut items = Vec::new();
    for part in raw
        .split([';', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let item = parse(part)?;
        if items.contains(&item) {
            return Err(ValidationError::new(field, Problem::Duplicate));
        }
        items.push(item);
    }
    Ok(items)
}

/// A phone number in E.164 form (`+962791234567`); spaces, dots, dashes and brackets in the
/// input are dropped, a leading `00` becomes `+`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Phone(String);

impl Phone {
    /// Parses and normalises a phone number.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let compact: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        if compact.is_empty() {
            return Err(ValidationError::new(Field::Phone, Problem::Required));
        }
        let digits = compact
            .strip_prefix('+')
            .or_else(|| compact.strip_prefix("00"))
            .unwrap_or_default();
        let valid = (8..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
        if valid {
            Ok(Self(format!("+{digits}")))
        } else {
            Err(ValidationError::new(
                Field::Phone,
                Problem::Format("an international number like +962791234567"),
            ))
        }
    }

    /// The number in E.164 form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An email address: one `@`, a dotted domain, no spaces; the domain is lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Email(String);

impl Email {
    /// Maximum length (RFC 5321 path limit).
    pub const MAX: usize = 254;

    /// Parses an email address.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let text = clean_text(Field::Email, raw, Self::MAX, false)?;
        let bad = || {
            ValidationError::new(
                Field::Email,
                Problem::Format("an address like name@example.org"),
            )
        };
        let (local, domain) = text.rsplit_once('@').ok_or_else(bad)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.contains('@')
            && !local
                .chars()
                .any(|c| c.is_whitespace() || c == '<' || c == '>' || c == '"');
        if domain_ok && local_ok {
            Ok(Self(format!("{local}@{}", domain.to_lowercase())))
        } else {
            Err(bad())
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A postal or descriptive address (camp, block, shelter), up to 300 characters, may span lines.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Address(String);

impl Address {
    /// Maximum length in characters.
    pub const MAX: usize = 300;

    /// Parses an address.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        clean_text(Field::Address, &raw.replace("\r\n", "\n"), Self::MAX, true).map(Self)
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A validated record of a person, ready to be stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewPerson {
    /// The registration number.
    pub registration_number: RegistrationNumber,
    /// Relationship to the principal applicant.
    pub relationship: Relationship,
    /// Given name(s), Latin script.
    pub given_name: LatinName,
    /// Family name, Latin script.
    pub family_name: LatinName,
    /// Given name(s) in the person's script.
    pub given_name_original: Option<OriginalName>,
    /// Family name in the person's script.
    pub family_name_original: Option<OriginalName>,
    /// Sex.
    pub sex: Sex,
    /// Date of birth.
    pub date_of_birth: DateOfBirth,
    /// Country of origin.
    pub country_of_origin: Country,
    /// Nationality.
    pub nationality: Nationality,
    /// Languages spoken, most used first.
    pub languages: Vec<Language>,
    /// Phone.
    pub phone: Option<Phone>,
    /// Email.
    pub email: Option<Email>,
    /// Address.
    pub address: Option<Address>,
    /// Registration status.
    pub registration_status: RegistrationStatus,
    /// Specific needs.
    pub specific_needs: Vec<SpecificNeed>,
}

/// A stored person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Internal id.
    pub id: PersonId,
    /// Household the person belongs to.
    pub household_id: HouseholdId,
    /// The record's data.
    pub record: NewPerson,
    /// Incremented by every applied change; guards against lost updates.
    pub record_version: i64,
    /// Content address (SHA-256) of the photo in the document store, if any.
    pub photo_sha256: Option<String>,
    /// When the record was created.
    pub created_at: DateTime<Utc>,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    #[test]
    fn new_members_are_numbered_after_the_last_number_of_the_office_and_year() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap();
        let prefix = RegistrationNumber::prefix("AMM", today);
        assert_eq!(prefix, "AMM-26-");
        assert_eq!(
            RegistrationNumber::next_after(&prefix, None)
                .unwrap()
                .as_str(),
            "AMM-26-000001"
        );
        assert_eq!(
            RegistrationNumber::next_after(&prefix, Some("AMM-26-000041"))
                .unwrap()
                .as_str(),
            "AMM-26-000042"
        );
    }

    #[test]
    fn registration_numbers_normalise_case_and_refuse_other_shapes() {
        let number = RegistrationNumber::parse(" abc-26-000123 ").unwrap();
        assert_eq!(number.as_str(), "ABC-26-000123");
        assert_eq!(number.office_code(), "ABC");
        for bad in [
            "ABC-26-00012",
            "AB-26-000123",
            "ABC-2026-000123",
            "ABC-26-000123-1",
            "ABC 26 000123",
            "ÄBC-26-000123",
        ] {
            assert!(RegistrationNumber::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            RegistrationNumber::parse("").unwrap_err().problem,
            Problem::Required
        );
    }

    #[test]
    fn latin_names_accept_diacritics_and_refuse_other_scripts() {
        assert_eq!(
            LatinName::parse(Field::GivenName, "  Nour   al-Hüda ")
                .unwrap()
                .as_str(),
            "Nour al-Hüda"
        );
        assert!(LatinName::parse(Field::GivenName, "N'Golo").is_ok());
        assert!(LatinName::parse(Field::GivenName, "Đặng").is_ok());
        assert!(LatinName::parse(Field::GivenName, "أمينة").is_err());
        assert!(LatinName::parse(Field::GivenName, "--").is_err());
        assert!(LatinName::parse(Field::GivenName, &"a".repeat(101)).is_err());
    }

    #[test]
    fn original_names_take_any_script_with_letters() {
        assert!(OriginalName::parse(Field::GivenNameOriginal, "أمينة").is_ok());
        assert!(OriginalName::parse(Field::GivenNameOriginal, "ሰላም").is_ok());
        assert!(OriginalName::parse(Field::GivenNameOriginal, "123").is_err());
    }

    #[test]
    fn dates_of_birth_must_be_real_past_dates() {
        let dob = DateOfBirth::parse("1990-02-28", true, today()).unwrap();
        assert!(dob.estimated);
        assert_eq!(
            DateOfBirth::parse("2026-12-01", false, today())
                .unwrap_err()
                .problem,
            Problem::InFuture
        );
        assert_eq!(
            DateOfBirth::parse("1899-12-31", false, today())
                .unwrap_err()
                .problem,
            Problem::TooOld
        );
        assert!(DateOfBirth::parse("1990-02-30", false, today()).is_err());
        assert!(DateOfBirth::parse("28/02/1990", false, today()).is_err());
        assert!(
            DateOfBirth::parse("2026-11-30", false, today()).is_ok(),
            "born today"
        );
    }

    #[test]
    fn phones_normalise_to_e164() {
        assert_eq!(
            Phone::parse("+962 79 123-4567").unwrap().as_str(),
            "+962791234567"
        );
        assert_eq!(
            Phone::parse("00962791234567").unwrap().as_str(),
            "+962791234567"
        );
        for bad in [
            "0791234567",
            "+12",
            "+9627912345678901",
            "+96279abc4567",
            "+0962791234567",
        ] {
            assert!(Phone::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_need_a_local_part_and_a_dotted_domain() {
        assert_eq!(
            Email::parse("Amina@Example.ORG").unwrap().as_str(),
            "Amina@example.org"
        );
        for bad in [
            "amina",
            "@example.org",
            "amina@example",
            "amina@.org",
            "a b@example.org",
            "amina@exa..mple.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn lists_refuse_duplicates_and_bad_items() {
        let langs = parse_list(Field::Languages, "ara; PRS ,eng", Language::parse).unwrap();
        assert_eq!(
            langs.iter().map(|code| code.as_str()).collect::<Vec<_>>(),
            ["ara", "prs", "eng"]
        );
        assert_eq!(
            parse_list(Field::Languages, "ara;ara", Language::parse)
                .unwrap_err()
                .problem,
            Problem::Duplicate
        );
        assert!(parse_list(Field::Languages, "arabic", Language::parse).is_err());
        assert!(parse_list(Field::Languages, "", Language::parse)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn codes_parse_case_insensitively_and_list_what_is_allowed() {
        assert_eq!(Sex::parse("Female").unwrap(), Sex::Female);
        assert_eq!(
            Relationship::parse("other_relative").unwrap(),
            Relationship::OtherRelative
        );
        assert_eq!(
            SpecificNeed::parse("sm").unwrap(),
            SpecificNeed::SeriousMedical
        );
        let err = RegistrationStatus::parse("pending").unwrap_err();
        assert_eq!(
            err.to_string(),
            "registration_status must be one of active, inactive, closed"
        );
    }

    #[test]
    fn protection_sensitive_needs_are_hidden_from_the_persons_own_view() {
        assert!(SpecificNeed::SeriousMedical.visible_to_person());
        assert!(!SpecificNeed::TortureSurvivor.visible_to_person());
        assert!(!SpecificNeed::WomanAtRisk.visible_to_person());
    }

    #[test]
    fn flags_accept_common_spellings() {
        assert!(parse_flag(Field::DateOfBirthEstimated, "Yes").unwrap());
        assert!(!parse_flag(Field::DateOfBirthEstimated, "").unwrap());
        assert!(parse_flag(Field::DateOfBirthEstimated, "maybe").is_err());
    }
}
