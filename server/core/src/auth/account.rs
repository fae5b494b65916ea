//! A signed-in account managing its own passkeys (after proving presence again), and signing
//! out everywhere.
//!
//! Owns: passkey additions and removals. Must never: change a passkey on a session that has
//! not proved presence within the re-authentication window, or remove the last one.

use portal_domain::audit::AuditAction;
use portal_domain::session::Principal;
use portal_storage::passkeys::{self as passkey_store, NewPasskey, StoredPasskey};
use portal_storage::{accounts, audit, people, sessions as session_store, staff, Conn, Tx};
use uuid::Uuid;
use webauthn_rs::prelude::{CreationChallengeResponse, RegisterPublicKeyCredential};

use super::enrollment::Ceremonies;
use super::passkeys::Ceremony;
use super::sessions::Current;
use super::{actor_of, ceremonies, passkey_name, subject_of};
use crate::context::Ctx;
use crate::error::{CoreError, CoreResult, Refusal};

/// The signed-in account of a session that proved presence within the window.
fn fresh(with: &Ceremonies<'_>, ctx: &Ctx<'_>, session: &Current) -> CoreResult<Principal> {
    let principal = session.principal().ok_or(CoreError::NotFound)?;
    if with
        .policy
        .is_recently_authenticated(&session.session, ctx.now)
    {
        Ok(principal)
    } else {
        Err(Refusal::ReauthenticationRequired.into())
    }
}

/// An account's passkeys, oldest first.
pub async fn passkeys(db: &mut Conn, principal: Principal) -> CoreResult<Vec<StoredPasskey>> {
    Ok(passkey_store::of(db, principal).await?)
}

/// The name an account's passkeys are registered under.
async fn user_name(db: &mut Conn, principal: Principal) -> CoreResult<String> {
    match principal {
        Principal::Person(id) => people::by_id(db, id).await?.map(|p| {
            format!(
                "{} {}",
                p.record.given_name.as_str(),
                p.record.family_name.as_str()
            )
        }),
        Principal::Staff(id) => staff::by_id(db, id)
            .await?
            .map(|s| s.account.email.as_str().to_owned()),
    }
    .ok_or(CoreError::NotFound)
}

/// Starts creating another passkey (fresh session only).
pub async fn add_start(
    with: &Ceremonies<'_>,
    ctx: &Ctx<'_>,
    session: &Current,
) -> CoreResult<CreationChallengeResponse> {
    let principal = fresh(with, ctx, session)?;
    let mut tx = with.store.begin().await?;
    let user_handle = accounts::webauthn_user_id(&mut tx, principal).await?;
    let existing = ceremonies::credential_ids(&mut tx, principal).await?;
    let name = user_name(&mut tx, principal).await?;
    let (options, ceremony) =
        with.passkeys
            .start_registration(user_handle, &name, &name, existing)?;
    ceremonies::park(
        &mut tx,
        with.policy,
        &session.hash,
        &ceremony,
        None,
        ctx.now,
    )
    .await?;
    tx.commit().await?;
    Ok(options)
}

/// Stores the new passkey (fresh session only); returns its id.
pub async fn add_finish(
    with: &Ceremonies<'_>,
    ctx: &Ctx<'_>,
    session: &Current,
    credential: &RegisterPublicKeyCredential,
    name: Option<String>,
) -> CoreResult<Uuid> {
    let principal = fresh(with, ctx, session)?;
    let mut db = with.store.read().await?;
    let Some((Ceremony::Registration { user_handle, state }, _)) =
        ceremonies::take(&mut db, &session.hash, ctx.now).await?
    else {
        return Err(Refusal::PasskeyNotAdded.into());
    };
    if accounts::by_webauthn_user_id(&mut db, user_handle).await? != Some(principal) {
        return Err(Refusal::PasskeyNotAdded.into());
    }
    drop(db);
    let passkey = with
        .passkeys
        .finish_registration(credential, &state)
        .map_err(|_| Refusal::PasskeyNotAdded)?;
    let new = NewPasskey {
        id: Uuid::new_v4(),
        credential_id: passkey.cred_id().to_vec(),
        principal,
        name: passkey_name(name),
        credential_json: serde_json::to_string(&passkey)
            .map_err(|e| CoreError::Setup(e.to_string()))?,
    };
    let mut tx = with.store.begin().await?;
    passkey_store::insert(&mut tx, &new, ctx.now).await?;
    let (kind, subject) = subject_of(principal);
    let event = ctx
        .event(actor_of(principal), AuditAction::PasskeyCreate)
        .about(kind, subject)
        .with_details(serde_json::json!({ "passkey": new.id.to_string() }));
    audit::append(&mut tx, &event).await?;
    tx.commit().await?;
    Ok(new.id)
}

/// Removes passkey `id` of the account (fresh session only), never its last one. Two racing
/// removals cannot leave the account with none: the account row is locked first.
pub async fn remove(
    tx: &mut Tx,
    with: &Ceremonies<'_>,
    ctx: &Ctx<'_>,
    session: &Current,
    id: Uuid,
) -> CoreResult<()> {
    let principal = fresh(with, ctx, session)?;
    accounts::lock(tx, principal).await?;
    let owned = passkey_store::of(tx, principal).await?;
    if !owned.iter().any(|p| p.id == id) {
        return Err(CoreError::NotFound);
    }
    if owned.len() <= 1 {
        return Err(Refusal::LastPasskey.into());
    }
    passkey_store::delete(tx, id).await?;
    let (kind, subject) = subject_of(principal);
    let event = ctx
        .event(actor_of(principal), AuditAction::PasskeyRemove)
        .about(kind, subject)
        .with_details(serde_json::json!({ "passkey": id.to_string() }));
    audit::append(tx, &event).await?;
    Ok(())
}

/// Ends every session of the account ("sign out everywhere"); returns how many ended.
pub async fn sign_out_everywhere(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    principal: Principal,
) -> CoreResult<u64> {
    let ended = session_store::delete_all_of(tx, principal).await?;
    let (kind, subject) = subject_of(principal);
    let event = ctx
        .event(actor_of(principal), AuditAction::SignoutEverywhere)
        .about(kind, subject);
    audit::append(tx, &event).await?;
    Ok(ended)
}

/// Who a signed-in account is, as the page header names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    /// A registered person: name and registration number.
    Person {
        /// Given and family name.
        name: String,
        /// Registration number.
        registration_number: String,
    },
    /// An active staff member: the name shown to colleagues.
    Staff {
        /// Display name.
        name: String,
        /// Whether they administer accounts (the dashboard links the admin console).
        admin: bool,
    },
}

/// Who `principal` is; none for an account that is gone or no longer active.
pub async fn who(db: &mut Conn, principal: Principal) -> CoreResult<Option<Who>> {
    Ok(match principal {
        Principal::Person(id) => people::by_id(db, id).await?.map(|person| Who::Person {
            name: format!(
                "{} {}",
                person.record.given_name.as_str(),
                person.record.family_name.as_str()
            ),
            registration_number: person.record.registration_number.as_str().to_owned(),
        }),
        Principal::Staff(id) => {
            staff::by_id(db, id)
                .await?
                .filter(|s| s.active)
                .map(|s| Who::Staff {
                    admin: portal_domain::policy::admin_scope(&s).is_some(),
                    name: s.account.display_name,
                })
        }
    })
}
