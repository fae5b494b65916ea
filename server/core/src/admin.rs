//! What operators and admins do: offices, staff accounts, API tokens for partner systems, and
//! checking the audit trail.
//!
//! Owns: these changes and their audit rows. Must never: print or store an API token in
//! clear (only its SHA-256 is kept; the token is handed back once).

use chrono::{DateTime, Utc};
use portal_domain::audit::{Actor, AuditAction, SubjectKind};
use portal_domain::office::Office;
use portal_domain::person::{Email, PersonId};
use portal_domain::staff::{NewStaff, Staff, StaffId};
use portal_domain::tokens::SecretToken;
use portal_storage::api_tokens::{self, StoredToken};
use portal_storage::audit::{self, ChainReport};
use portal_storage::audit_files::AuditFiles;
use portal_storage::{people, staff, Conn, Store, Tx};
use uuid::Uuid;

use crate::context::Ctx;
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

/// Adds a staff account with its roles; a second account with the same email is a conflict.
pub async fn add_staff(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    account: &NewStaff,
    source: &str,
) -> CoreResult<StaffId> {
    let id = StaffId::random();
    staff::insert(tx, id, account, ctx.now).await?;
    let roles: Vec<&str> = account.roles.iter().map(|r| r.as_str()).collect();
    let event = ctx
        .event(Actor::System, AuditAction::StaffCreate)
        .about(SubjectKind::Staff, id.0.to_string())
        .from_source(source)
        .with_details(serde_json::json!({ "roles": roles }));
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

/// Revokes API token `id`.
pub async fn revoke_api_token(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    id: Uuid,
    source: &str,
) -> CoreResult<()> {
    api_tokens::revoke(tx, id, ctx.now).await?;
    let event = ctx
        .event(Actor::System, AuditAction::ApiTokenRevoke)
        .from_source(source)
        .with_details(serde_json::json!({ "token": id.to_string() }));
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
