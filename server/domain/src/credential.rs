//! The portal's rules about the credentials it issues: kinds, the status life cycle, who may
//! change a status, when a person may get a new credential, and which record changes make a
//! credential untrue.
//!
//! Owns: those rules, as pure functions. Must never: sign, store or read anything (the
//! `credentials` crate signs, storage stores, `issuance` wires them together).

use super::person::{NewPerson, RegistrationStatus};
use super::staff::{Staff, StaffRole};

pub use portal_types::{
    CredentialKind, CredentialNews, CredentialStatus, StatusAction, StatusReason,
};

/// A status change that the life cycle does not allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StatusRefused {
    /// The change does not apply to the current status (e.g. unsuspending an active one).
    #[error("the credential is {0} and cannot be changed that way")]
    Transition(CredentialStatus),
    /// The staff member's roles do not allow it.
    #[error("your role does not allow this change")]
    Role,
}

/// The status after `action`, from `current`.
pub fn transition(
    current: CredentialStatus,
    action: StatusAction,
) -> Result<CredentialStatus, StatusRefused> {
    use CredentialStatus::*;
    match (current, action) {
        (Active, StatusAction::Suspend) => Ok(Suspended),
        (Suspended, StatusAction::Unsuspend) => Ok(Active),
        (Active | Suspended, StatusAction::Revoke) => Ok(Revoked),
        (status, _) => Err(StatusRefused::Transition(status)),
    }
}

/// Whether `staff` may take `action` (office access is checked by the policy). Clerks may
/// suspend at once (a phone reported stolen at the counter); lifting a suspension or revoking
/// needs an approver.
pub fn may_change_status(staff: &Staff, action: StatusAction) -> Result<(), StatusRefused> {
    let roles = &staff.account.roles;
    let allowed = match action {
        StatusAction::Suspend => {
            roles.contains(&StaffRole::Clerk) || roles.contains(&StaffRole::Approver)
        }
        StatusAction::Unsuspend | StatusAction::Revoke => roles.contains(&StaffRole::Approver),
    };
    if staff.active && allowed {
        Ok(())
    } else {
        Err(StatusRefused::Role)
    }
}

/// The latest credential of one kind, as far as self-service cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Latest {
    /// Its status.
    pub status: CredentialStatus,
    /// Why it has that status, if it changed.
    pub reason: Option<StatusReason>,
    /// Whether it is past its `validUntil`.
    pub expired: bool,
}

/// Why a person cannot get a credential by themselves now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IssueRefused {
    /// Only active registrations get credentials.
    #[error("the registration is not active")]
    RegistrationNotActive,
    /// The current credential is suspended: the office must decide first.
    #[error("the credential is suspended")]
    Suspended,
    /// The last one was revoked for a reason that needs the office.
    #[error("the office must issue the next credential")]
    OfficeMustIssue,
}

/// Decides what a person asking for their credential gets: `Ok(true)` a new one must be issued,
/// `Ok(false)` the current one is still good, or why neither.
pub fn self_service(
    registration: RegistrationStatus,
    latest: Option<Latest>,
) -> Result<bool, IssueRefused> {
    if registration != RegistrationStatus::Active {
        return Err(IssueRefused::RegistrationNotActive);
    }
    match latest {
        None => Ok(true),
        Some(l) if l.expired => Ok(true),
        Some(Latest {
            status: CredentialStatus::Active,
            ..
        }) => Ok(false),
        Some(Latest {
            status: CredentialStatus::Suspended,
            ..
        }) => Err(IssueRefused::Suspended),
        Some(Latest {
            status: CredentialStatus::Revoked,
            reason,
            ..
        }) => {
            if reason.is_some_and(StatusReason::allows_self_service) {
                Ok(true)
            } else {
                Err(IssueRefused::OfficeMustIssue)
            }
        }
    }
}

/// Whether a change from `before` to `after` makes a credential showing the person untrue:
/// names, date of birth, relationship, registration status or number changed. Contact details
/// are not in any credential.
pub fn affects_credentials(before: &NewPerson, after: &NewPerson) -> bool {
    before.registration_number != after.registration_number
        || before.given_name != after.given_name
        || before.family_name != after.family_name
        || before.given_name_original != after.given_name_original
        || before.family_name_original != after.family_name_original
        || before.date_of_birth != after.date_of_birth
        || before.relationship != after.relationship
        || before.registration_status != after.registration_status
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::{NewStaff, StaffId};

    fn staff(roles: &[StaffRole]) -> Staff {
        Staff {
            id: StaffId::random(),
            account: NewStaff::parse("s@agency.org", "S", roles, None).unwrap(),
            active: true,
        }
    }

    #[test]
    fn the_life_cycle_allows_only_forward_moves_and_unsuspend() {
        use CredentialStatus::*;
        assert_eq!(transition(Active, StatusAction::Suspend), Ok(Suspended));
        assert_eq!(transition(Suspended, StatusAction::Unsuspend), Ok(Active));
        assert_eq!(transition(Suspended, StatusAction::Revoke), Ok(Revoked));
        assert_eq!(transition(Active, StatusAction::Revoke), Ok(Revoked));
        assert_eq!(
            transition(Active, StatusAction::Unsuspend),
            Err(StatusRefused::Transition(Active))
        );
        assert_eq!(
            transition(Suspended, StatusAction::Suspend),
            Err(StatusRefused::Transition(Suspended))
        );
        for action in StatusAction::ALL {
            assert_eq!(
                transition(Revoked, *action),
                Err(StatusRefused::Transition(Revoked))
            );
        }
    }

    #[test]
    fn clerks_suspend_approvers_decide_admins_do_neither() {
        let clerk = staff(&[StaffRole::Clerk]);
        let approver = staff(&[StaffRole::Approver]);
        let admin = staff(&[StaffRole::Admin]);
        assert!(may_change_status(&clerk, StatusAction::Suspend).is_ok());
        assert!(may_change_status(&clerk, StatusAction::Revoke).is_err());
        assert!(may_change_status(&clerk, StatusAction::Unsuspend).is_err());
        for action in StatusAction::ALL {
            assert!(may_change_status(&approver, *action).is_ok());
            assert!(may_change_status(&admin, *action).is_err());
        }
        let mut disabled = approver.clone();
        disabled.active = false;
        assert!(may_change_status(&disabled, StatusAction::Suspend).is_err());
    }

    #[test]
    fn self_service_issues_only_when_nothing_valid_and_nothing_blocks() {
        let active = RegistrationStatus::Active;
        let latest = |status, reason, expired| {
            Some(Latest {
                status,
                reason,
                expired,
            })
        };
        assert_eq!(self_service(active, None), Ok(true));
        assert_eq!(
            self_service(active, latest(CredentialStatus::Active, None, false)),
            Ok(false)
        );
        assert_eq!(
            self_service(active, latest(CredentialStatus::Active, None, true)),
            Ok(true)
        );
        assert_eq!(
            self_service(
                active,
                latest(
                    CredentialStatus::Suspended,
                    Some(StatusReason::UnderReview),
                    false
                )
            ),
            Err(IssueRefused::Suspended)
        );
        for reason in StatusReason::ALL {
            let got = self_service(
                active,
                latest(CredentialStatus::Revoked, Some(*reason), false),
            );
            assert_eq!(got.is_ok(), reason.allows_self_service(), "{reason}");
        }
        assert_eq!(
            self_service(RegistrationStatus::Closed, None),
            Err(IssueRefused::RegistrationNotActive)
        );
        assert!(!StatusReason::CHOOSABLE.contains(&StatusReason::RecordChanged));
    }
}
