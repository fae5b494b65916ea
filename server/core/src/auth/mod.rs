//! Authentication: passkeys (WebAuthn), enrollment invitations, server-side sessions.
//!
//! No passwords anywhere. A person proves who they are once, at enrollment, by answering with
//! their registration number and date of birth on an invitation from staff; from then on they
//! sign in with a passkey (discoverable credential, user verification required).
//!
//! Owns: the rules of sessions, invitations and ceremonies. Must never: log or store a secret
//! in clear, or tell a visitor which check of an enrollment failed.

pub mod invitations;
pub mod passkeys;
pub mod slip;
