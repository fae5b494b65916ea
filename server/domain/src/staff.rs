//! Staff accounts and their roles.
//!
//! Owns: roles and what they mean. Must never: decide access to a specific record (the policy
//! module does, with the record in hand).

use serde::Serialize;
use uuid::Uuid;

use super::office::OfficeCode;
use super::person::Email;
use super::{clean_text, Field, Problem, ValidationError};

pub use portal_types::StaffRole;

/// Internal identifier of a staff member.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
pub struct StaffId(pub Uuid);

impl StaffId {
    /// A fresh random id.
    pub fn random() -> Self {
        Self(Uuid::new_v4())
    }
}

/// A validated new staff account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewStaff {
    /// Work email, unique.
    pub email: Email,
    /// Name shown to colleagues.
    pub display_name: String,
    /// At least one role, each once.
    pub roles: Vec<StaffRole>,
    /// The office the person works at, when bound to one.
    pub office_code: Option<OfficeCode>,
}

impl NewStaff {
    /// Validates a new staff account.
    pub fn parse(
        email: &str,
        display_name: &str,
        roles: &[StaffRole],
        office_code: Option<&str>,
    ) -> Result<Self, ValidationError> {
        let email = Email::parse(email)?;
        let display_name = clean_text(Field::DisplayName, display_name, 100, false)?;
        if roles.is_empty() {
            return Err(ValidationError::new(Field::Role, Problem::Required));
        }
        let mut unique = roles.to_vec();
        unique.sort_unstable();
        unique.dedup();
        if unique.len() != roles.len() {
            return Err(ValidationError::new(Field::Role, Problem::Duplicate));
        }
        let office_code = office_code
            .filter(|c| !c.trim().is_empty())
            .map(OfficeCode::parse)
            .transpose()?;
        Ok(Self {
            email,
            display_name,
            roles: unique,
            office_code,
        })
    }
}

/// A stored staff account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Staff {
    /// Internal id.
    pub id: StaffId,
    /// The account's data.
    pub account: NewStaff,
    /// Disabled accounts cannot sign in.
    pub active: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_need_an_email_a_name_and_distinct_roles() {
        let staff = NewStaff::parse(
            "farida@agency.example.org",
            "Farida",
            &[StaffRole::Clerk],
            Some("amm"),
        )
        .unwrap();
        assert_eq!(staff.office_code.unwrap().as_str(), "AMM");
        assert!(NewStaff::parse("farida", "Farida", &[StaffRole::Clerk], None).is_err());
        assert_eq!(
            NewStaff::parse("f@a.org", "Farida", &[], None)
                .unwrap_err()
                .problem,
            Problem::Required
        );
        assert_eq!(
            NewStaff::parse("f@a.org", "F", &[StaffRole::Admin, StaffRole::Admin], None)
                .unwrap_err()
                .problem,
            Problem::Duplicate
        );
    }
}
