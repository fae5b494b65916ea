//! Codes of a person's registration record: sex, registration status, specific needs and the
//! relationship to the principal applicant.
//!
//! Owns: these codes, their serde form (stored in databases as JSON) and their words.
//! Must never: change a code or a serde name, or show a protection-sensitive need to the person
//! it is about (see [`SpecificNeed::visible_to_person`]).

use portal_i18n::Key;

use crate::label::Keyed;
use crate::validation::Field;

crate::code_enum! {
    /// Sex as recorded at registration.
    Sex, Field::Sex, "female, male, other, unknown" {
        /// Female.
        Female = "female",
        /// Male.
        Male = "male",
        /// Another sex or gender identity recorded by the person's choice.
        Other = "other",
        /// Not recorded.
        Unknown = "unknown",
    }
}

impl Keyed for Sex {
    fn key(&self) -> Key {
        match self {
            Sex::Female => Key::SexFemale,
            Sex::Male => Key::SexMale,
            Sex::Other => Key::SexOther,
            Sex::Unknown => Key::SexUnknown,
        }
    }
}

crate::code_enum! {
    /// Where a registration stands.
    RegistrationStatus, Field::RegistrationStatus, "active, inactive, closed" {
        /// Registered and current: credentials may be issued.
        Active = "active",
        /// Temporarily not current (e.g. not seen at verification); credentials suspended.
        Inactive = "inactive",
        /// The case is closed (resettled, returned, deceased): credentials revoked.
        Closed = "closed",
    }
}

impl Keyed for RegistrationStatus {
    fn key(&self) -> Key {
        match self {
            RegistrationStatus::Active => Key::RegistrationStatusActive,
            RegistrationStatus::Inactive => Key::RegistrationStatusInactive,
            RegistrationStatus::Closed => Key::RegistrationStatusClosed,
        }
    }
}

crate::code_enum! {
    /// Specific needs, coded as in humanitarian registration practice.
    SpecificNeed, Field::SpecificNeeds, "SM, DS, OP, UM, SC, WR, SP, PG, LP, TR" {
        /// Serious medical condition.
        SeriousMedical = "SM",
        /// Disability.
        Disability = "DS",
        /// Older person at risk.
        OlderPersonAtRisk = "OP",
        /// Unaccompanied minor.
        UnaccompaniedMinor = "UM",
        /// Separated child.
        SeparatedChild = "SC",
        /// Woman at risk.
        WomanAtRisk = "WR",
        /// Single parent or caregiver.
        SingleParent = "SP",
        /// Pregnant or lactating.
        Pregnant = "PG",
        /// Specific legal and physical protection needs.
        LegalProtection = "LP",
        /// Survivor of torture or violence.
        TortureSurvivor = "TR",
    }
}

impl SpecificNeed {
    /// Whether the person sees this code on their own record. Protection-sensitive codes are
    /// kept to trained staff: a phone may be seen by others, and a label can put someone at risk.
    pub const fn visible_to_person(self) -> bool {
        !matches!(
            self,
            SpecificNeed::WomanAtRisk
                | SpecificNeed::LegalProtection
                | SpecificNeed::TortureSurvivor
        )
    }
}

impl Keyed for SpecificNeed {
    /// The person's own words for the needs they see; staff wording for the protection-sensitive
    /// ones, which only staff see.
    fn key(&self) -> Key {
        match self {
            SpecificNeed::SeriousMedical => Key::NeedSm,
            SpecificNeed::Disability => Key::NeedDs,
            SpecificNeed::OlderPersonAtRisk => Key::NeedOp,
            SpecificNeed::UnaccompaniedMinor => Key::NeedUm,
            SpecificNeed::SeparatedChild => Key::NeedSc,
            SpecificNeed::WomanAtRisk => Key::NeedWr,
            SpecificNeed::SingleParent => Key::NeedSp,
            SpecificNeed::Pregnant => Key::NeedPg,
            SpecificNeed::LegalProtection => Key::NeedLp,
            SpecificNeed::TortureSurvivor => Key::NeedTr,
        }
    }
}

crate::code_enum! {
    /// How a member relates to the household's principal applicant.
    Relationship, Field::Relationship,
    "principal, spouse, child, parent, sibling, grandchild, grandparent, other_relative, non_relative" {
        /// The principal applicant of the household.
        Principal = "principal",
        /// Spouse or partner.
        Spouse = "spouse",
        /// Son or daughter.
        Child = "child",
        /// Mother or father.
        Parent = "parent",
        /// Brother or sister.
        Sibling = "sibling",
        /// Grandchild.
        Grandchild = "grandchild",
        /// Grandparent.
        Grandparent = "grandparent",
        /// Another relative.
        OtherRelative = "other_relative",
        /// Not related (e.g. a foster child).
        NonRelative = "non_relative",
    }
}

impl Keyed for Relationship {
    fn key(&self) -> Key {
        match self {
            Relationship::Principal => Key::RelationshipPrincipal,
            Relationship::Spouse => Key::RelationshipSpouse,
            Relationship::Child => Key::RelationshipChild,
            Relationship::Parent => Key::RelationshipParent,
            Relationship::Sibling => Key::RelationshipSibling,
            Relationship::Grandchild => Key::RelationshipGrandchild,
            Relationship::Grandparent => Key::RelationshipGrandparent,
            Relationship::OtherRelative => Key::RelationshipOtherRelative,
            Relationship::NonRelative => Key::RelationshipNonRelative,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::{assert_code_enum, json};
    use crate::Problem;

    #[test]
    fn every_code_parses_back_serialises_as_today_and_has_words() {
        assert_code_enum(Sex::ALL, Sex::parse, Sex::as_str);
        assert_code_enum(
            RegistrationStatus::ALL,
            RegistrationStatus::parse,
            RegistrationStatus::as_str,
        );
        assert_code_enum(SpecificNeed::ALL, SpecificNeed::parse, SpecificNeed::as_str);
        assert_code_enum(Relationship::ALL, Relationship::parse, Relationship::as_str);
    }

    #[test]
    fn specific_needs_are_coded_in_capitals_but_stored_by_their_names() {
        // Arrange
        let need = SpecificNeed::SeriousMedical;

        // Act
        let stored = json(&need);
        let read: SpecificNeed = serde_json::from_str("\"torture_survivor\"").unwrap();

        // Assert
        assert_eq!(need.as_str(), "SM");
        assert_eq!(stored, "\"serious_medical\"");
        assert_eq!(read, SpecificNeed::TortureSurvivor);
        assert!(
            serde_json::from_str::<SpecificNeed>("\"SM\"").is_err(),
            "the code is not the serde name"
        );
    }

    #[test]
    fn the_json_of_a_few_codes_is_exactly_what_databases_hold() {
        assert_eq!(json(&Sex::Female), "\"female\"");
        assert_eq!(json(&RegistrationStatus::Inactive), "\"inactive\"");
        assert_eq!(json(&SpecificNeed::LegalProtection), "\"legal_protection\"");
        assert_eq!(
            json(&SpecificNeed::OlderPersonAtRisk),
            "\"older_person_at_risk\""
        );
        assert_eq!(json(&Relationship::OtherRelative), "\"other_relative\"");
        assert_eq!(json(&Relationship::NonRelative), "\"non_relative\"");
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
        assert_eq!(Sex::parse("").unwrap_err().problem, Problem::Required);
        assert_eq!(
            SpecificNeed::parse("serious_medical").unwrap_err().problem,
            Problem::NotOneOf("SM, DS, OP, UM, SC, WR, SP, PG, LP, TR")
        );
    }

    #[test]
    fn protection_sensitive_needs_are_hidden_from_the_persons_own_view() {
        let hidden: Vec<SpecificNeed> = SpecificNeed::ALL
            .iter()
            .copied()
            .filter(|n| !n.visible_to_person())
            .collect();
        assert_eq!(
            hidden,
            [
                SpecificNeed::WomanAtRisk,
                SpecificNeed::LegalProtection,
                SpecificNeed::TortureSurvivor
            ]
        );
    }

    #[test]
    fn declaration_order_is_the_order_of_today() {
        assert_eq!(Sex::ALL, [Sex::Female, Sex::Male, Sex::Other, Sex::Unknown]);
        let needs: Vec<&str> = SpecificNeed::ALL.iter().map(|n| n.as_str()).collect();
        assert_eq!(
            needs,
            ["SM", "DS", "OP", "UM", "SC", "WR", "SP", "PG", "LP", "TR"]
        );
        let relationships: Vec<&str> = Relationship::ALL.iter().map(|r| r.as_str()).collect();
        assert_eq!(
            relationships,
            [
                "principal",
                "spouse",
                "child",
                "parent",
                "sibling",
                "grandchild",
                "grandparent",
                "other_relative",
                "non_relative"
            ]
        );
    }
}
