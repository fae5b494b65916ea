//! Households (cases): the unit of registration. Every person belongs to exactly one.
//!
//! Owns: household identifiers. Must never: decide membership rules that need storage
//! (those live where the members are written, in one transaction).

use chrono::{DateTime, Utc};
use serde::Serialize;
use uuid::Uuid;

use super::office::OfficeCode;
use super::{Field, Problem, ValidationError};

/// Internal identifier of a household.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
pub struct HouseholdId(pub Uuid);

impl HouseholdId {
    /// A fresh random id.
    pub fn random() -> Self {
        Self(Uuid::new_v4())
    }
}

/// The case number shared by a household: `ABC-26-C00123` (office, year, `C` and five digits).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct CaseNumber(String);

impl CaseNumber {
    /// Parses a case number (case-insensitive).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let text = raw.trim().to_ascii_uppercase();
        if text.is_empty() {
            return Err(ValidationError::new(Field::CaseNumber, Problem::Required));
        }
        let bytes = text.as_bytes();
        let shape_ok = bytes.len() == 13
            && bytes.iter().enumerate().all(|(i, b)| match i {
                0..=2 => b.is_ascii_uppercase(),
                3 | 6 => *b == b'-',
                4 | 5 | 8..=12 => b.is_ascii_digit(),
                7 => *b == b'C',
                _ => false,
            });
        if shape_ok {
            Ok(Self(text))
        } else {
            Err(ValidationError::new(
                Field::CaseNumber,
                Problem::Format("like ABC-26-C00123"),
            ))
        }
    }

    /// The normalised case number.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A stored household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Household {
    /// Internal id.
    pub id: HouseholdId,
    /// Case number.
    pub case_number: CaseNumber,
    /// Office that holds the case.
    pub office_code: OfficeCode,
    /// When the household was registered in the portal.
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_numbers_have_office_year_and_c_serial() {
        assert_eq!(
            CaseNumber::parse("amm-26-c00042").unwrap().as_str(),
            "AMM-26-C00042"
        );
        for bad in [
            "AMM-26-00042",
            "AMM-26-C0042",
            "AM1-26-C00042",
            "AMM-26-X00042",
            "",
        ] {
            assert!(CaseNumber::parse(bad).is_err(), "{bad}");
        }
    }
}
