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

/// Where a staff account is in its life: only an active account signs in; a suspended one can
/// be reinstated; an ended one never signs in again (its row stays for the audit trail).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaffState {
    /// Signs in and works.
    Active,
    /// Cannot sign in for now (leave, an investigation); can be reinstated.
    Suspended,
    /// Left the organisation: cannot sign in, cannot come back (a new account is made).
    Ended,
}

impl StaffState {
    /// The state of an account from its stored flags.
    pub fn of(active: bool, ended: bool) -> Self {
        match (active, ended) {
            (_, true) => Self::Ended,
            (true, false) => Self::Active,
            (false, false) => Self::Suspended,
        }
    }

    /// The code used in forms and the audit trail.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Suspended => "suspended",
            Self::Ended => "ended",
        }
    }

    /// Reads a code.
    pub fn parse(code: &str) -> Result<Self, ValidationError> {
        match code.trim() {
            "active" => Ok(Self::Active),
            "suspended" => Ok(Self::Suspended),
            "ended" => Ok(Self::Ended),
            _ => Err(ValidationError::new(
                Field::Status,
                Problem::NotOneOf("active, suspended, ended"),
            )),
        }
    }

    /// Whether an account in this state may be moved to `to`: suspend and reinstate either
    /// way, end from either; nothing leaves `Ended`, and moving to the same state is refused
    /// (a second click on a stale page must not write a second audit row).
    pub fn change_to(self, to: StaffState) -> Result<(), AccountRefused> {
        match (self, to) {
            (Self::Ended, _) => Err(AccountRefused::Ended),
            (from, to) if from == to => Err(AccountRefused::Unchanged),
            _ => Ok(()),
        }
    }
}

/// Why an admin's change to a staff account was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AccountRefused {
    /// Admins do not suspend, end or re-invite their own account (another admin does).
    #[error("an admin cannot change their own account")]
    OwnAccount,
    /// An ended account stays ended.
    #[error("this account has ended")]
    Ended,
    /// A suspended account is reinstated before it gets a new invitation.
    #[error("reinstate this account first")]
    Suspended,
    /// The account is in that state already.
    #[error("the account is in this state already")]
    Unchanged,
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

    #[test]
    fn an_account_is_suspended_and_reinstated_but_never_leaves_ended() {
        use StaffState::*;
        assert_eq!(StaffState::of(true, false), Active);
        assert_eq!(StaffState::of(false, false), Suspended);
        assert_eq!(StaffState::of(false, true), Ended);
        assert_eq!(Active.change_to(Suspended), Ok(()));
        assert_eq!(Suspended.change_to(Active), Ok(()));
        assert_eq!(Active.change_to(Ended), Ok(()));
        assert_eq!(Suspended.change_to(Ended), Ok(()));
        assert_eq!(Active.change_to(Active), Err(AccountRefused::Unchanged));
        for to in [Active, Suspended, Ended] {
            assert_eq!(Ended.change_to(to), Err(AccountRefused::Ended));
        }
        for state in [Active, Suspended, Ended] {
            assert_eq!(StaffState::parse(state.as_str()), Ok(state));
        }
        assert!(StaffState::parse("deleted").is_err());
    }
}
