//! Offices: where people register, are served and book appointments.
//!
//! Owns: office codes, names and time zones. Must never: convert times itself (appointments do
//! that with the zone named here).

use serde::Serialize;

use super::{clean_text, Field, Problem, ValidationError};

/// Three capital letters, also the prefix of every registration number the office issues.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct OfficeCode(String);

impl OfficeCode {
    /// Parses an office code (case-insensitive).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let code = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err(ValidationError::new(Field::OfficeCode, Problem::Required));
        }
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(code))
        } else {
            Err(ValidationError::new(
                Field::OfficeCode,
                Problem::Format("three letters like AMM"),
            ))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An IANA time zone name known to the tz database (`Asia/Amman`, `Africa/Kampala`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct TimeZoneName(String);

impl TimeZoneName {
    /// Parses a zone name; it must exist in the bundled tz database.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(ValidationError::new(Field::TimeZone, Problem::Required));
        }
        name.parse::<chrono_tz::Tz>()
            .map(|tz| Self(tz.name().to_owned()))
            .map_err(|_| {
                ValidationError::new(
                    Field::TimeZone,
                    Problem::Format("an IANA zone like Asia/Amman"),
                )
            })
    }

    /// The zone name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An office of the agency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Office {
    /// Code.
    pub code: OfficeCode,
    /// Display name.
    pub name: String,
    /// Local time zone.
    pub time_zone: TimeZoneName,
}

impl Office {
    /// Validates an office from raw parts.
    pub fn parse(code: &str, name: &str, time_zone: &str) -> Result<Self, ValidationError> {
        Ok(Self {
            code: OfficeCode::parse(code)?,
            name: clean_text(Field::OfficeName, name, 120, false)?,
            time_zone: TimeZoneName::parse(time_zone)?,
        })
    }

    /// The office's clock (its zone was checked when it was parsed; UTC would only stand in
    /// for a name the bundled tz database no longer knows).
    pub fn zone(&self) -> chrono_tz::Tz {
        self.time_zone.as_str().parse().unwrap_or(chrono_tz::UTC)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offices_need_a_code_a_name_and_a_real_zone() {
        let office = Office::parse("amm", " Amman ", "Asia/Amman").unwrap();
        assert_eq!(office.code.as_str(), "AMM");
        assert_eq!(office.name, "Amman");
        assert!(Office::parse("AMM", "Amman", "Asia/Ammann").is_err());
        assert_eq!(office.zone(), chrono_tz::Asia::Amman);
        assert!(Office::parse("AM", "Amman", "Asia/Amman").is_err());
        assert!(Office::parse("AMM", "", "Asia/Amman").is_err());
    }
}
