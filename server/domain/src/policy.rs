//! Who may read and act on whose records: one place decides; use cases ask it.
//!
//! Owns: record access by office and role, and the role a staff member acts in. Must never:
//! be bypassed by a use case that reads personal data.

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

/// The role a staff member works the desk in (appointments, enrollment, preparing requests):
/// clerk when they hold it, else approver.
pub fn desk_role(staff: &crate::staff::Staff) -> crate::staff::StaffRole {
    use crate::staff::StaffRole;
    if staff.account.roles.contains(&StaffRole::Clerk) {
        StaffRole::Clerk
    } else {
        StaffRole::Approver
    }
}

/// The role a staff member reviews in (requests, records, credentials): approver when they
/// hold it, else clerk.
pub fn reviewing_role(staff: &crate::staff::Staff) -> crate::staff::StaffRole {
    use crate::staff::StaffRole;
    if staff.account.roles.contains(&StaffRole::Approver) {
        StaffRole::Approver
    } else {
        StaffRole::Clerk
    }
}

/// Whether a staff member may review update requests at all (read the queue, open one).
pub fn is_reviewer(staff: &crate::staff::Staff) -> bool {
    use crate::staff::StaffRole;
    staff.active
        && staff
            .account
            .roles
            .iter()
            .any(|r| matches!(r, StaffRole::Clerk | StaffRole::Approver))
}

/// Whose numbers a report shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportScope {
    /// One office's.
    Office(crate::office::OfficeCode),
    /// The whole operation's.
    All,
}

/// The numbers a staff member may read when asking for `asked` (an office, or all): every
/// active staff member reads reports (aggregates only, no person in them); one bound to an
/// office reads that office's only (asking for all gives their own, asking for another is
/// refused with `None`).
pub fn report_scope(
    staff: &crate::staff::Staff,
    asked: Option<&crate::office::OfficeCode>,
) -> Option<ReportScope> {
    if !staff.active {
        return None;
    }
    match (&staff.account.office_code, asked) {
        (Some(own), None) => Some(ReportScope::Office(own.clone())),
        (Some(own), Some(asked)) if own == asked => Some(ReportScope::Office(own.clone())),
        (Some(_), Some(_)) => None,
        (None, Some(asked)) => Some(ReportScope::Office(asked.clone())),
        (None, None) => Some(ReportScope::All),
    }
}

/// Whose staff accounts an admin manages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AdminScope {
    /// The accounts of one office (an admin bound to it).
    Office(crate::office::OfficeCode),
    /// Every account, the API tokens and the issuer's signing keys (an admin bound to no
    /// office).
    All,
}

/// What a staff member may administer: an active admin manages the accounts of their office,
/// or, bound to none, every account and the operation's tokens and keys. Others: nothing.
pub fn admin_scope(staff: &crate::staff::Staff) -> Option<AdminScope> {
    use crate::staff::StaffRole;
    if !staff.active || !staff.account.roles.contains(&StaffRole::Admin) {
        return None;
    }
    Some(match &staff.account.office_code {
        Some(office) => AdminScope::Office(office.clone()),
        None => AdminScope::All,
    })
}

/// Whether an admin may manage (create, suspend, end, invite) an account working at
/// `office`: an operation-wide admin any; an office's admin only their office's, and never an
/// account bound to no office (it reaches every office) or one holding the admin role (an
/// office admin cannot make or unmake their peers).
pub fn may_manage_account(
    admin: &crate::staff::Staff,
    office: Option<&crate::office::OfficeCode>,
    roles: &[crate::staff::StaffRole],
) -> bool {
    use crate::staff::StaffRole;
    match admin_scope(admin) {
        Some(AdminScope::All) => true,
        Some(AdminScope::Office(own)) => office == Some(&own) && !roles.contains(&StaffRole::Admin),
        None => false,
    }
}

/// Whether an admin may see and change what the whole operation shares: API tokens of partner
/// systems and the issuer's signing keys.
pub fn may_run_operation(admin: &crate::staff::Staff) -> bool {
    admin_scope(admin) == Some(AdminScope::All)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::StaffId;
    use uuid::Uuid;

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
    fn staff_of_an_office_read_its_numbers_only() {
        use crate::office::OfficeCode;
        use crate::staff::StaffRole::{Admin, Clerk};
        let (amm, kla) = (
            OfficeCode::parse("AMM").unwrap(),
            OfficeCode::parse("KLA").unwrap(),
        );
        let clerk = staff(&[Clerk], Some("AMM"));
        assert_eq!(
            report_scope(&clerk, None),
            Some(ReportScope::Office(amm.clone()))
        );
        assert_eq!(
            report_scope(&clerk, Some(&amm)),
            Some(ReportScope::Office(amm.clone()))
        );
        assert_eq!(report_scope(&clerk, Some(&kla)), None);
        let admin = staff(&[Admin], None);
        assert_eq!(report_scope(&admin, None), Some(ReportScope::All));
        assert_eq!(
            report_scope(&admin, Some(&kla)),
            Some(ReportScope::Office(kla))
        );
        let mut ended = staff(&[Admin], None);
        ended.active = false;
        assert_eq!(report_scope(&ended, None), None);
    }

    #[test]
    fn admins_manage_accounts_of_their_reach_and_only_unbound_admins_run_the_operation() {
        use crate::office::OfficeCode;
        use crate::staff::StaffRole::{Admin, Approver, Clerk};
        let (amm, kla) = (
            OfficeCode::parse("AMM").unwrap(),
            OfficeCode::parse("KLA").unwrap(),
        );
        let head = staff(&[Admin], None);
        let office_admin = staff(&[Admin], Some("AMM"));
        assert_eq!(admin_scope(&head), Some(AdminScope::All));
        assert_eq!(
            admin_scope(&office_admin),
            Some(AdminScope::Office(amm.clone()))
        );
        assert_eq!(admin_scope(&staff(&[Clerk, Approver], None)), None);
        assert!(may_manage_account(&head, Some(&kla), &[Admin]));
        assert!(may_manage_account(&head, None, &[Clerk]));
        assert!(may_manage_account(&office_admin, Some(&amm), &[Clerk]));
        assert!(!may_manage_account(&office_admin, Some(&kla), &[Clerk]));
        assert!(!may_manage_account(&office_admin, None, &[Clerk]));
        assert!(!may_manage_account(&office_admin, Some(&amm), &[Admin]));
        assert!(!may_manage_account(
            &staff(&[Clerk], None),
            Some(&amm),
            &[Clerk]
        ));
        assert!(may_run_operation(&head));
        assert!(!may_run_operation(&office_admin));
        let mut suspended = staff(&[Admin], None);
        suspended.active = false;
        assert_eq!(admin_scope(&suspended), None);
        assert!(!may_manage_account(&suspended, Some(&amm), &[Clerk]));
        assert!(!may_run_operation(&suspended));
    }
}
