//! Server function of the admin console (`/staff/admin`): the staff accounts an admin manages,
//! and, for an admin bound to no office, the API tokens and signing keys.
//!
//! Owns: the view of the console. Must never: carry a token, a key's private half, or an
//! invitation's link or code.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A passkey of an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyOfAccount {
    /// The name its owner gave it.
    pub name: String,
    /// Added, `YYYY-MM-DD HH:MM` in the admin's office time.
    pub added: String,
    /// Last sign-in with it.
    pub last_used: Option<String>,
}

/// A staff account as the console lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountLine {
    /// Id (for the forms).
    pub id: String,
    /// Name shown to colleagues.
    pub name: String,
    /// Work email.
    pub email: String,
    /// Roles (`clerk`, `approver`, `admin`).
    pub roles: Vec<String>,
    /// The office's name (its code when the admin does not see the office); none: every
    /// office.
    pub office: Option<String>,
    /// `active`, `suspended` or `ended`.
    pub state: String,
    /// Made on, `YYYY-MM-DD HH:MM`.
    pub created: String,
    /// Its passkeys.
    pub passkeys: Vec<KeyOfAccount>,
    /// Its last sign-in.
    pub last_sign_in: Option<String>,
    /// Whether this is the admin's own account (changed by another admin only).
    pub own: bool,
}

/// An API token (never the token).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenLine {
    /// Id.
    pub id: String,
    /// What it is for.
    pub label: String,
    /// `issue`, `status`.
    pub scopes: Vec<String>,
    /// The credential types it may issue.
    pub types: Vec<String>,
    /// Made on.
    pub created: String,
    /// Last used.
    pub last_used: Option<String>,
    /// Revoked on.
    pub revoked: Option<String>,
}

/// A signing key (its public half's id only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SigningKeyLine {
    /// Key id.
    pub kid: String,
    /// Made on.
    pub created: String,
    /// Retired on.
    pub retired: Option<String>,
    /// Whether it signs new credentials.
    pub signs: bool,
}

/// An entry of the failed work list (what and when only: never whom a mail was for).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailedLine {
    /// `run`, `mail` or `sms` (for the form).
    pub kind: String,
    /// Its id (for the form).
    pub id: String,
    /// A run: its job (`quality-check`); a delivery: empty.
    pub job: String,
    /// When it was due, in the admin's office time.
    pub since: Option<String>,
    /// Attempts made.
    pub attempts: i64,
    /// A delivery's reason token (`refused 550`, `timeout`, …), which the page puts in words.
    pub reason: Option<String>,
}

/// An office a new account may work at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeOption {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// The console.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminView {
    /// The office the admin manages (none: every office, the tokens and the keys).
    pub office: Option<String>,
    /// The accounts.
    pub accounts: Vec<AccountLine>,
    /// The offices a new account may work at.
    pub offices: Vec<OfficeOption>,
    /// API tokens (operation-wide admins).
    pub tokens: Option<Vec<TokenLine>>,
    /// Signing keys (operation-wide admins).
    pub keys: Option<Vec<SigningKeyLine>>,
    /// Failed background work (operation-wide admins).
    pub failed: Option<Vec<FailedLine>>,
    /// How many days an invitation stays valid.
    pub invitation_days: i64,
}

/// The console of the signed-in admin; `None` for a staff member who is not one.
#[server(prefix = "/api", endpoint = "staff/admin/console")]
pub async fn admin_console() -> Result<Option<AdminView>, ServerFnError> {
    use crate::server::request::{desk, fail};
    use portal_core::CoreError;

    let desk = desk().await?;
    let lifetime = desk.state.config.invitation_lifetime();
    let mut db = desk.read().await?;
    let console = match portal_core::admin::console(&mut db, &desk.staff).await {
        Ok(console) => console,
        Err(CoreError::NotAllowed) => return Ok(None),
        Err(other) => return Err(fail(other)),
    };
    let zone = match &desk.staff.account.office_code {
        Some(code) => console
            .offices
            .iter()
            .find(|o| &o.code == code)
            .map_or(chrono_tz::UTC, |o| o.zone()),
        None => chrono_tz::UTC,
    };
    Ok(Some(backend::view(
        console,
        &desk.staff,
        zone,
        lifetime.num_days(),
    )))
}

#[cfg(feature = "ssr")]
mod backend {
    use super::*;
    use crate::server::request::local_time;
    use portal_core::admin::Console;
    use portal_domain::policy::AdminScope;
    use portal_domain::staff::Staff;
    use portal_storage::jobs::FailedKind;

    pub fn view(
        console: Console,
        me: &Staff,
        zone: chrono_tz::Tz,
        invitation_days: i64,
    ) -> AdminView {
        let at = |t: chrono::DateTime<chrono::Utc>| local_time(t, zone);
        let active_kid = console.keys.as_ref().and_then(|keys| {
            keys.iter()
                .rev()
                .find(|k| k.retired_at.is_none())
                .map(|k| k.kid.clone())
        });
        let Console {
            scope,
            accounts,
            offices,
            tokens,
            keys,
            failed,
        } = console;
        AdminView {
            office: match scope {
                AdminScope::Office(code) => Some(code.as_str().to_owned()),
                AdminScope::All => None,
            },
            accounts: accounts
                .into_iter()
                .map(|a| AccountLine {
                    id: a.staff.id.0.to_string(),
                    own: a.staff.id == me.id,
                    last_sign_in: a.last_sign_in().map(at),
                    name: a.staff.account.display_name,
                    email: a.staff.account.email.as_str().to_owned(),
                    roles: a
                        .staff
                        .account
                        .roles
                        .iter()
                        .map(|r| r.as_str().to_owned())
                        .collect(),
                    office: a.staff.account.office_code.map(|code| {
                        offices
                            .iter()
                            .find(|o| o.code == code)
                            .map_or_else(|| code.as_str().to_owned(), |o| o.name.clone())
                    }),
                    state: a.state.as_str().to_owned(),
                    created: at(a.created_at),
                    passkeys: a
                        .passkeys
                        .into_iter()
                        .map(|p| KeyOfAccount {
                            name: p.name,
                            added: at(p.created_at),
                            last_used: p.last_used_at.map(at),
                        })
                        .collect(),
                })
                .collect(),
            offices: offices
                .into_iter()
                .map(|o| OfficeOption {
                    code: o.code.as_str().to_owned(),
                    name: o.name,
                })
                .collect(),
            tokens: tokens.map(|tokens| {
                tokens
                    .into_iter()
                    .map(|t| TokenLine {
                        id: t.id.to_string(),
                        label: t.label,
                        scopes: t.scopes,
                        types: t.credential_types,
                        created: at(t.created_at),
                        last_used: t.last_used_at.map(at),
                        revoked: t.revoked_at.map(at),
                    })
                    .collect()
            }),
            keys: keys.map(|keys| {
                keys.into_iter()
                    .map(|k| SigningKeyLine {
                        signs: Some(&k.kid) == active_kid.as_ref(),
                        kid: k.kid,
                        created: at(k.created_at),
                        retired: k.retired_at.map(at),
                    })
                    .collect()
            }),
            failed: failed.map(|failed| {
                failed
                    .into_iter()
                    .map(|f| FailedLine {
                        kind: f.kind.as_str().to_owned(),
                        job: if f.kind == FailedKind::Run {
                            f.what
                        } else {
                            String::new()
                        },
                        reason: f.error.filter(|_| f.kind != FailedKind::Run),
                        id: f.id,
                        since: f.since.map(at),
                        attempts: f.attempts,
                    })
                    .collect()
            }),
            invitation_days,
        }
    }
}
