//! Authentication: enrollment invitations, passkeys (WebAuthn) and server-side sessions.
//!
//! No passwords anywhere. A person proves who they are once, at enrollment, by answering with
//! their registration number and date of birth on an invitation from staff; from then on they
//! sign in with a passkey (discoverable credential, user verification required).
//!
//! | module | owns |
//! |---|---|
//! | [`invitations`] | issuing enrollment invitations and mailing them |
//! | [`enrollment`] | checking an invitation's answers and creating the first passkey |
//! | [`signin`] | signing in, and re-authenticating before sensitive changes |
//! | [`account`] | an account's own passkeys, and signing out everywhere |
//! | [`sessions`] | session lookup, anonymous sessions for ceremonies, signing out |
//! | [`ceremonies`] | WebAuthn ceremony state parked on a session, taken once |
//! | [`passkeys`] | the WebAuthn relying party (webauthn-rs) |
//! | [`slip`] | the enrollment slip's QR code |
//!
//! Must never: log or store a secret in clear, or tell a visitor which check of an enrollment
//! failed.

pub mod account;
pub mod ceremonies;
pub mod enrollment;
pub mod invitations;
pub mod passkeys;
pub mod sessions;
pub mod signin;
pub mod slip;

use portal_domain::audit::{Actor, SubjectKind};
use portal_domain::session::Principal;

/// The audit subject naming an account.
pub fn subject_of(principal: Principal) -> (SubjectKind, String) {
    match principal {
        Principal::Person(id) => (SubjectKind::Person, id.0.to_string()),
        Principal::Staff(id) => (SubjectKind::Staff, id.0.to_string()),
    }
}

/// An account acting on itself.
pub fn actor_of(principal: Principal) -> Actor {
    match principal {
        Principal::Person(id) => Actor::Person {
            id: id.0.to_string(),
        },
        Principal::Staff(id) => Actor::Staff {
            id: id.0.to_string(),
            role: "staff".into(),
        },
    }
}

/// The page an account lands on after signing in.
pub fn home_of(principal: Principal) -> &'static str {
    match principal {
        Principal::Person(_) => "/me",
        Principal::Staff(_) => "/staff",
    }
}

/// Most characters of a passkey's name.
const PASSKEY_NAME_CHARS: usize = 60;

/// A passkey's name as the owner typed it, tidied; "Passkey" when empty or unprintable.
pub fn passkey_name(given: Option<String>) -> String {
    given
        .map(|n| {
            n.trim()
                .chars()
                .take(PASSKEY_NAME_CHARS)
                .collect::<String>()
        })
        .filter(|n| !n.is_empty() && !n.chars().any(char::is_control))
        .unwrap_or_else(|| "Passkey".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passkey_names_are_tidied() {
        assert_eq!(passkey_name(Some("  My phone ".into())), "My phone");
        assert_eq!(passkey_name(Some("x\u{7}".into())), "Passkey");
        assert_eq!(passkey_name(None), "Passkey");
        assert_eq!(passkey_name(Some("a".repeat(99))).len(), 60);
    }
}
