//! Who may open which part of the portal. One place decides; handlers ask it.
//!
//! Owns: the mapping from site areas to the accounts allowed in them. Must never: be bypassed
//! by a page or an endpoint that shows personal data.

use super::session::Principal;

/// A part of the site behind sign-in. Pages and their JSON endpoints share the prefix rule, so
/// a new route under `/me`, `/api/me`, `/staff` or `/api/staff` is guarded before it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Area {
    /// `/me` and below: a registered person's own pages.
    Person,
    /// `/staff` and below: staff pages.
    Staff,
}

/// The area a path belongs to, if it is behind sign-in.
pub fn area_of(path: &str) -> Option<Area> {
    let within = |prefix: &str| {
        path == prefix
            || path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    if within("/me") || within("/api/me") {
        Some(Area::Person)
    } else if within("/staff") || within("/api/staff") {
        Some(Area::Staff)
    } else {
        None
    }
}

/// Whether `principal` may enter `area`.
pub fn may_enter(principal: Option<Principal>, area: Area) -> bool {
    matches!(
        (principal, area),
        (Some(Principal::Person(_)), Area::Person) | (Some(Principal::Staff(_)), Area::Staff)
    )
}

/// Whether a staff member may open the record of a person registered at `person_office`:
/// clerks and approvers of that office, or of every office when they are bound to none.
/// Admins manage accounts and keys; they do not read records (least privilege).
pub fn may_view_person(staff: &crate::staff::Staff, person_office: &str) -> bool {
    use crate::staff::StaffRole;
    let reads_records = staff
        .account
        .roles
        .iter()
        .any(|r| matches!(r, StaffRole::Clerk | StaffRole::Approver));
    let office_ok = staff
        .account
        .office_code
        .as_ref()
        .is_none_or(|office| office.as_str() == person_office);
    staff.active && reads_records && office_ok
}

/// Whether a staff member may issue enrollment invitations for people they may view.
pub fn may_invite(staff: &crate::staff::Staff, person_office: &str) -> bool {
    use crate::staff::StaffRole;
    may_view_person(staff, person_office) && staff.account.roles.contains(&StaffRole::Clerk)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::person::PersonId;
    use crate::staff::StaffId;
    use uuid::Uuid;

    #[test]
    fn areas_follow_the_site_map() {
        assert_eq!(area_of("/me"), Some(Area::Person));
        assert_eq!(area_of("/me/requests/new"), Some(Area::Person));
        assert_eq!(area_of("/staff/people/123"), Some(Area::Staff));
        assert_eq!(area_of("/api/me/requests"), Some(Area::Person));
        assert_eq!(area_of("/api/staff/requests/1/decide"), Some(Area::Staff));
        assert_eq!(area_of("/api/mediation"), None);
        assert_eq!(area_of("/api/account"), None);
        assert_eq!(area_of("/media"), None);
        assert_eq!(area_of("/staffing"), None);
        assert_eq!(area_of("/"), None);
        assert_eq!(area_of("/signin"), None);
    }

    fn staff(roles: &[crate::staff::StaffRole], office: Option<&str>) -> crate::staff::Staff {
        crate::staff::Staff {
            id: StaffId(Uuid::nil()),
            account: crate::staff::NewStaff::parse("s@agency.example.org", "S", roles, office)
                .unwrap(),
            active: true,
        }
    }

    #[test]
    fn clerks_and_approvers_read_records_of_their_own_office_admins_do_not() {
        use crate::staff::StaffRole::{Admin, Approver, Clerk};
        assert!(may_view_person(&staff(&[Clerk], Some("AMM")), "AMM"));
        assert!(!may_view_person(&staff(&[Clerk], Some("AMM")), "KLA"));
        assert!(may_view_person(&staff(&[Approver], None), "KLA"));
        assert!(!may_view_person(&staff(&[Admin], None), "AMM"));
        assert!(may_invite(&staff(&[Clerk], Some("AMM")), "AMM"));
        assert!(
            !may_invite(&staff(&[Approver], Some("AMM")), "AMM"),
            "approvers check, clerks enroll"
        );
        let mut inactive = staff(&[Clerk], None);
        inactive.active = false;
        assert!(!may_view_person(&inactive, "AMM"));
    }

    #[test]
    fn people_and_staff_each_enter_only_their_own_area() {
        let person = Some(Principal::Person(PersonId(Uuid::nil())));
        let staff = Some(Principal::Staff(StaffId(Uuid::nil())));
        assert!(may_enter(person, Area::Person));
        assert!(!may_enter(person, Area::Staff));
        assert!(may_enter(staff, Area::Staff));
        assert!(!may_enter(staff, Area::Person));
        assert!(!may_enter(None, Area::Person));
        assert!(!may_enter(None, Area::Staff));
    }
}
