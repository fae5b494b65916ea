//! What operators and admins do: offices, staff accounts, API tokens for partner systems, and
//! checking the audit trail; from the command line (as the system) or from `/staff/admin` (as
//! the admin signed in, within their [`AdminScope`]).
//!
//! Owns: these changes, who may make them, and their audit rows. Must never: print or store an
//! API token in clear (only its SHA-256 is kept; the token is handed back once), or let an
//! admin change their own account.

use chrono::Duration;
use chrono::{DateTime, Utc};
use portal_domain::audit::{Actor, AuditAction, SubjectKind};
use portal_domain::invitation::IssuedInvitation;
use portal_domain::office::Office;
use portal_domain::person::{Email, PersonId};
use portal_domain::policy::{admin_scope, may_manage_account, may_run_operation, AdminScope};
use portal_domain::session::Principal;
use portal_domain::staff::{AccountRefused, NewStaff, Staff, StaffId, StaffRole, StaffState};
use portal_domain::tokens::SecretToken;
use portal_storage::api_tokens::{self, StoredToken};
use portal_storage::audit::{self, ChainReport};
use portal_storage::audit_files::AuditFiles;
use portal_storage::issuer_keys::StoredKey;
use portal_storage::jobs::{self, FailedKind, FailedWork};
use portal_storage::staff::StaffAccount;
use portal_storage::{
    invitations, issuer_keys, passkeys, people, sessions, staff, Conn, Store, Tx,
};
use uuid::Uuid;

use crate::config::Config;
use crate::context::{staff_actor, Ctx};
use crate::credentials::issuer::Issuer;
use crate::error::{CoreError, CoreResult};

/// The scopes an API token may carry.
pub const TOKEN_SCOPES: [&str; 2] = ["issue", "status"];

/// Adds an office unless one with its code exists; returns whether it was added.
pub async fn add_office(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    office: &Office,
    source: &str,
) -> CoreResult<bool> {
    let created = people::insert_office(tx, office, ctx.now).await?;
    if created {
        let event = ctx
            .event(Actor::System, AuditAction::OfficeCreate)
            .about(SubjectKind::Office, office.code.as_str())
            .from_source(source);
        audit::append(tx, &event).await?;
    }
    Ok(created)
}

/// Adds a staff account with its roles (an operator, from `source`); a second account with
/// the same email is a conflict.
pub async fn add_staff(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    account: &NewStaff,
    source: &str,
) -> CoreResult<StaffId> {
    insert_staff(tx, ctx, account, Actor::System, Some(source)).await
}

async fn insert_staff(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    account: &NewStaff,
    actor: Actor,
    source: Option<&str>,
) -> CoreResult<StaffId> {
    let id = StaffId::random();
    staff::insert(tx, id, account, ctx.now).await?;
    let roles: Vec<&str> = account.roles.iter().map(|r| r.as_str()).collect();
    let mut event = ctx
        .event(actor, AuditAction::StaffCreate)
        .about(SubjectKind::Staff, id.0.to_string())
        .with_details(serde_json::json!({
            "roles": roles,
            "office": account.office_code.as_ref().map(|o| o.as_str()),
        }));
    if let Some(source) = source {
        event = event.from_source(source);
    }
    audit::append(tx, &event).await?;
    Ok(id)
}

/// Links a staff account to the person record of the same human (maker-checker then keeps
/// them from deciding their own household's requests).
pub async fn link_staff_to_person(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    id: StaffId,
    person: PersonId,
) -> CoreResult<()> {
    staff::link_person(tx, id, person).await?;
    let event = ctx
        .event(Actor::System, AuditAction::StaffLinkPerson)
        .about(SubjectKind::Staff, id.0.to_string())
        .with_details(serde_json::json!({ "person": person.0.to_string() }));
    audit::append(tx, &event).await?;
    Ok(())
}

/// The staff account with this email (case-insensitive).
pub async fn staff_by_email(db: &mut Conn, email: &Email) -> CoreResult<Option<Staff>> {
    Ok(staff::by_email(db, email).await?)
}

/// The staff account with this id.
pub async fn staff_by_id(db: &mut Conn, id: StaffId) -> CoreResult<Option<Staff>> {
    Ok(staff::by_id(db, id).await?)
}

/// How many staff accounts, households and people there are.
pub async fn counts(db: &mut Conn) -> CoreResult<(i64, i64, i64)> {
    let (households, people) = people::registration_counts(db).await?;
    Ok((staff::count(db).await?, households, people))
}

/// A new API token with `scopes` (see [`TOKEN_SCOPES`]); returns its record and the token,
/// which exists nowhere else.
pub async fn create_api_token(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    scopes: &[String],
    credential_types: &[String],
    label: &str,
    source: &str,
) -> CoreResult<(StoredToken, SecretToken)> {
    if scopes.is_empty() || scopes.iter().any(|s| !TOKEN_SCOPES.contains(&s.as_str())) {
        return Err(CoreError::Unreadable(format!(
            "--scope takes one or more of: {}",
            TOKEN_SCOPES.join(", ")
        )));
    }
    let issues = scopes.iter().any(|s| s == "issue");
    if issues && credential_types.is_empty() {
        return Err(CoreError::Unreadable(
            "--types: a token that issues names the credential types it may issue".into(),
        ));
    }
    if !issues && !credential_types.is_empty() {
        return Err(CoreError::Unreadable(
            "--types goes with --scope issue".into(),
        ));
    }
    let credential_types = crate::credentials::external::grantable_types(credential_types)?;
    let secret = SecretToken::generate();
    let token = StoredToken {
        id: Uuid::new_v4(),
        scopes: scopes.to_vec(),
        credential_types,
        label: label.trim().chars().take(100).collect(),
        created_at: ctx.now,
        last_used_at: None,
        revoked_at: None,
    };
    api_tokens::insert(tx, &token, secret.hash().as_str()).await?;
    let event = ctx
        .event(Actor::System, AuditAction::ApiTokenCreate)
        .from_source(source)
        .with_details(serde_json::json!({
            "token": token.id.to_string(),
            "scopes": token.scopes,
            "types": token.credential_types,
        }));
    audit::append(tx, &event).await?;
    Ok((token, secret))
}

/// Every API token, newest first.
pub async fn api_tokens(db: &mut Conn) -> CoreResult<Vec<StoredToken>> {
    Ok(api_tokens::all(db).await?)
}

/// Revokes API token `id` (an operator, from `source`).
pub async fn revoke_api_token(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    id: Uuid,
    source: &str,
) -> CoreResult<()> {
    revoke_token(tx, ctx, id, Actor::System, Some(source)).await
}

async fn revoke_token(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    id: Uuid,
    actor: Actor,
    source: Option<&str>,
) -> CoreResult<()> {
    api_tokens::revoke(tx, id, ctx.now).await?;
    let mut event = ctx
        .event(actor, AuditAction::ApiTokenRevoke)
        .with_details(serde_json::json!({ "token": id.to_string() }));
    if let Some(source) = source {
        event = event.from_source(source);
    }
    audit::append(tx, &event).await?;
    Ok(())
}

/// The partner system behind an API token (`Authorization: Bearer …`), marked as used.
pub async fn use_api_token(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    token: &SecretToken,
) -> CoreResult<Option<StoredToken>> {
    Ok(api_tokens::use_token(db, token.hash().as_str(), ctx.now).await?)
}

/// Walks the whole audit chain against the store's audit key and the signed checkpoints in
/// `files`, and reports the first break, if any.
pub async fn verify_audit(store: &Store, files: &AuditFiles) -> CoreResult<ChainReport> {
    let checkpoints = files
        .checkpoints()
        .map_err(|e| CoreError::File(e.to_string()))?;
    let mut db = store.read().await?;
    Ok(audit::verify_chain(&mut db, store.audit_key(), &checkpoints).await?)
}

/// Signs the chain's head and appends the checkpoint to `files`, unless the last checkpoint
/// there records the same head already. Returns the row it records when one was written.
pub async fn checkpoint_audit(
    store: &Store,
    files: &AuditFiles,
    now: DateTime<Utc>,
) -> CoreResult<Option<i64>> {
    let last = files
        .checkpoints()
        .map_err(|e| CoreError::File(e.to_string()))?
        .pop();
    let mut db = store.read().await?;
    let checkpoint = audit::checkpoint(&mut db, store.audit_key(), now).await?;
    if last.is_some_and(|l| l.seq == checkpoint.seq && l.hash == checkpoint.hash) {
        return Ok(None);
    }
    files
        .append(&checkpoint)
        .map_err(|e| CoreError::File(e.to_string()))?;
    Ok(Some(checkpoint.seq))
}

/// What the admin console shows an admin: the accounts they manage, the offices they may give
/// an account, and, to an operation-wide admin, the API tokens and signing keys.
#[derive(Clone, Debug)]
pub struct Console {
    /// The admin's reach.
    pub scope: AdminScope,
    /// The accounts within it, active first.
    pub accounts: Vec<StaffAccount>,
    /// The offices a new account may work at.
    pub offices: Vec<Office>,
    /// Every API token, newest first (operation-wide admins only).
    pub tokens: Option<Vec<StoredToken>>,
    /// Every signing key, oldest first (operation-wide admins only).
    pub keys: Option<Vec<StoredKey>>,
    /// Background work that failed for good: the dead-letter list (operation-wide admins
    /// only).
    pub failed: Option<Vec<FailedWork>>,
}

/// The active admin's console; anyone else is refused.
pub async fn console(db: &mut Conn, admin: &Staff) -> CoreResult<Console> {
    let scope = admin_scope(admin).ok_or(CoreError::NotAllowed)?;
    let mut offices = people::offices(db).await?;
    let reach = match &scope {
        AdminScope::All => None,
        AdminScope::Office(code) => {
            offices.retain(|o| &o.code == code);
            Some(code)
        }
    };
    let accounts = staff::accounts(db, reach).await?;
    let operation = may_run_operation(admin);
    Ok(Console {
        scope,
        accounts,
        offices,
        tokens: if operation {
            Some(api_tokens::all(db).await?)
        } else {
            None
        },
        keys: if operation {
            Some(issuer_keys::all(db).await?)
        } else {
            None
        },
        failed: if operation {
            Some(jobs::dead_letters(db).await?)
        } else {
            None
        },
    })
}

/// An operation-wide admin sends an entry of the dead-letter list back to be tried again
/// (attempts counted afresh, due now); audited. An entry that is not on the list (sent back
/// already) is not found.
pub async fn send_back_by(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    admin: &Staff,
    kind: FailedKind,
    id: &str,
) -> CoreResult<()> {
    if !may_run_operation(admin) {
        return Err(CoreError::NotAllowed);
    }
    if !jobs::send_back(tx, kind, id, ctx.now).await? {
        return Err(CoreError::NotFound);
    }
    let event = ctx
        .event(
            staff_actor(admin, StaffRole::Admin),
            AuditAction::WorkSendBack,
        )
        .with_details(serde_json::json!({ "kind": kind.as_str(), "id": id }));
    audit::append(tx, &event).await?;
    Ok(())
}

/// The account `id` when `admin` may manage it and it is not their own; another office's
/// account is "not found" (an office admin cannot tell whether it exists).
async fn managed(tx: &mut Tx, admin: &Staff, id: StaffId) -> CoreResult<(Staff, StaffState)> {
    let target = staff::by_id(tx, id).await?.ok_or(CoreError::NotFound)?;
    if !may_manage_account(
        admin,
        target.account.office_code.as_ref(),
        &target.account.roles,
    ) {
        return Err(match admin_scope(admin) {
            Some(_) => CoreError::NotFound,
            None => CoreError::NotAllowed,
        });
    }
    if target.id == admin.id {
        return Err(AccountRefused::OwnAccount.into());
    }
    let state = staff::state_of(tx, id).await?.ok_or(CoreError::NotFound)?;
    Ok((target, state))
}

/// An admin creates a staff account within their reach and its first enrollment invitation
/// (valid for `lifetime`), both audited as the admin; the caller mails the invitation after
/// the commit.
pub async fn create_staff(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    admin: &Staff,
    account: &NewStaff,
    lifetime: Duration,
) -> CoreResult<(StaffId, IssuedInvitation)> {
    if admin_scope(admin).is_none() {
        return Err(CoreError::NotAllowed);
    }
    if !may_manage_account(admin, account.office_code.as_ref(), &account.roles) {
        return Err(CoreError::NotAllowed);
    }
    let actor = staff_actor(admin, StaffRole::Admin);
    let id = insert_staff(tx, ctx, account, actor.clone(), None).await?;
    let invitation =
        crate::auth::invitations::issue(tx, ctx, Principal::Staff(id), lifetime, false, actor)
            .await?;
    Ok((id, invitation))
}

/// An admin suspends, reinstates or ends account `id`. Suspending or ending signs the account
/// out everywhere and withdraws its unused invitations at the same moment; ending also removes
/// its passkeys. A second click on a stale page is refused, not written twice.
pub async fn change_staff(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    admin: &Staff,
    id: StaffId,
    to: StaffState,
) -> CoreResult<()> {
    let (_, from) = managed(tx, admin, id).await?;
    from.change_to(to)?;
    staff::set_state(tx, id, from, to, ctx.now).await?;
    let principal = Principal::Staff(id);
    let (mut signed_out, mut passkeys_removed) = (0, 0);
    if to != StaffState::Active {
        signed_out = sessions::delete_all_of(tx, principal).await?;
        invitations::withdraw_for_staff(tx, id, ctx.now).await?;
    }
    if to == StaffState::Ended {
        passkeys_removed = passkeys::delete_all_of(tx, principal).await?;
    }
    let action = match to {
        StaffState::Active => AuditAction::StaffReinstate,
        StaffState::Suspended => AuditAction::StaffSuspend,
        StaffState::Ended => AuditAction::StaffEnd,
    };
    let event = ctx
        .event(staff_actor(admin, StaffRole::Admin), action)
        .about(SubjectKind::Staff, id.0.to_string())
        .with_details(serde_json::json!({
            "from": from.as_str(),
            "sessions_ended": signed_out,
            "passkeys_removed": passkeys_removed,
        }));
    audit::append(tx, &event).await?;
    Ok(())
}

/// An admin sends active account `id` a new enrollment invitation (its earlier unused ones are
/// withdrawn); with `lost_phone`, its passkeys and sessions end at the same moment.
pub async fn invite_staff(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    admin: &Staff,
    id: StaffId,
    lifetime: Duration,
    lost_phone: bool,
) -> CoreResult<IssuedInvitation> {
    let (_, state) = managed(tx, admin, id).await?;
    match state {
        StaffState::Active => {}
        StaffState::Suspended => return Err(AccountRefused::Suspended.into()),
        StaffState::Ended => return Err(AccountRefused::Ended.into()),
    }
    invitations::withdraw_for_staff(tx, id, ctx.now).await?;
    crate::auth::invitations::issue(
        tx,
        ctx,
        Principal::Staff(id),
        lifetime,
        lost_phone,
        staff_actor(admin, StaffRole::Admin),
    )
    .await
}

/// An operation-wide admin revokes API token `id`.
pub async fn revoke_token_by(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    admin: &Staff,
    id: Uuid,
) -> CoreResult<()> {
    if !may_run_operation(admin) {
        return Err(CoreError::NotAllowed);
    }
    revoke_token(tx, ctx, id, staff_actor(admin, StaffRole::Admin), None).await
}

/// An operation-wide admin makes a new signing key that signs new credentials from now on
/// (older keys keep verifying); returns its id.
pub async fn rotate_key_by(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    config: &Config,
    admin: &Staff,
) -> CoreResult<String> {
    if !may_run_operation(admin) {
        return Err(CoreError::NotAllowed);
    }
    Issuer::rotate(tx, ctx, config, staff_actor(admin, StaffRole::Admin)).await
}
