//! Codes of staff accounts: roles.
//!
//! Owns: the role codes, their serde form (stored in databases as JSON) and their words.
//! Must never: decide access (the domain's policy does, with the record in hand), or change a
//! code or a serde name.

use portal_i18n::Key;

use crate::label::Keyed;
use crate::validation::Field;

crate::code_enum! {
    /// What a staff member may do. Roles add up; none implies another.
    StaffRole, Field::Role, "clerk, approver, admin" {
        /// Enrolls people, prepares corrections, manages appointments.
        Clerk = "clerk",
        /// Approves or rejects changes prepared by others; revokes credentials.
        Approver = "approver",
        /// Manages staff accounts, API tokens and keys; reads reports.
        Admin = "admin",
    }
}

impl Keyed for StaffRole {
    /// Lower-case words in English and French: they are used inside sentences ("by a clerk").
    fn key(&self) -> Key {
        match self {
            StaffRole::Clerk => Key::RoleClerk,
            StaffRole::Approver => Key::RoleApprover,
            StaffRole::Admin => Key::RoleAdmin,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::Label;
    use crate::tests::{assert_code_enum, json};
    use portal_i18n::Locale;

    #[test]
    fn every_code_parses_back_serialises_as_today_and_has_words() {
        assert_code_enum(StaffRole::ALL, StaffRole::parse, StaffRole::as_str);
    }

    #[test]
    fn roles_keep_the_words_people_read_in_the_access_log() {
        assert_eq!(json(&StaffRole::Approver), "\"approver\"");
        assert_eq!(StaffRole::Approver.label(Locale::En), "supervisor");
        assert_eq!(StaffRole::Admin.label(Locale::Ar), "مسؤول النظام");
    }
}
