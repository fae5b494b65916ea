//! The status of credentials: suspending, lifting a suspension, revoking, and the Bitstring
//! Status Lists that publish it.
//!
//! Every credential has a random position in a revocation and a suspension list (131,072
//! entries, one list per 65,536 credentials so positions say nothing about order). Clerks may
//! suspend at once; approvers lift suspensions and revoke; an approved change that makes a
//! credential untrue revokes it in the decision's own transaction ([`revoke_untrue`]).
//!
//! Owns: status changes, who may make them, their audit rows, and the lists. Must never:
//! change a status without its audit row, or let a caller choose a credential's position.

use std::collections::HashMap;

use portal_credentials::jcs;
use portal_credentials::status::{
    self, BitstringStatusListEntry, StatusList, StatusPurpose, TokenStatusList, MIN_ENTRIES,
};
use portal_domain::audit::{Actor, AuditAction, SubjectKind};
use portal_domain::credential::{
    self as rules, CredentialKind, CredentialNews, CredentialStatus, StatusAction, StatusReason,
};
use portal_domain::household::HouseholdId;
use portal_domain::person::PersonId;
use portal_domain::policy::reviewing_role;
use portal_domain::staff::Staff;
use portal_domain::{Field, Problem, ValidationError};
use portal_storage::credentials::{self as store, StoredCredential};
use portal_storage::notifications::About;
use portal_storage::{audit, Conn, Tx};
use rand_core::{OsRng, RngCore};
use serde_json::Value;
use uuid::Uuid;

use super::issuer::Issuer;
use crate::context::{staff_actor, Ctx};
use crate::error::{CoreError, CoreResult};

/// Entries per status list (the Bitstring Status List minimum, for herd privacy).
pub const LIST_ENTRIES: i64 = MIN_ENTRIES as i64;

/// Reads `revocation` / `suspension`.
pub fn parse_purpose(text: &str) -> Option<StatusPurpose> {
    match text {
        "revocation" => Some(StatusPurpose::Revocation),
        "suspension" => Some(StatusPurpose::Suspension),
        _ => None,
    }
}

/// Draws a random position in the status lists: one list per 65,536 credentials issued so
/// far, so each list stays at most half full and positions say nothing. The caller retries
/// when the position is taken (the database refuses a second credential there).
pub(crate) async fn draw_index(db: &mut Conn) -> CoreResult<i64> {
    let count = store::count(db).await?;
    let lists = count / (LIST_ENTRIES / 2) + 1;
    let space = u64::try_from(lists * LIST_ENTRIES).unwrap_or(1);
    Ok(i64::try_from(OsRng.next_u64() % space).unwrap_or(0))
}

/// The `credentialStatus` entries of the credential at `index`: one bit in the revocation list
/// and the same bit in the suspension list.
pub(crate) fn entries(issuer: &Issuer, index: i64) -> CoreResult<Vec<Value>> {
    let list = index / LIST_ENTRIES;
    let position = usize::try_from(index % LIST_ENTRIES)
        .map_err(|_| CoreError::Unreadable("status index out of range".into()))?;
    Ok([StatusPurpose::Revocation, StatusPurpose::Suspension]
        .into_iter()
        .map(|purpose| {
            BitstringStatusListEntry::new(&issuer.status_list_url(purpose, list), purpose, position)
                .to_value()
        })
        .collect())
}

/// The credential `id` of a person of the staff member's office ("not found" otherwise).
pub async fn of_staff_office(
    db: &mut Conn,
    staff: &Staff,
    id: Uuid,
) -> CoreResult<(StoredCredential, PersonId)> {
    let credential = store::by_id(db, id).await?.ok_or(CoreError::NotFound)?;
    let person = credential.person.ok_or(CoreError::NotFound)?;
    crate::access::viewable(db, staff, person).await?;
    Ok((credential, person))
}

/// Staff change the status (suspend, unsuspend, revoke) of a credential of their office, with
/// a reason from the list.
pub async fn change(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff: &Staff,
    id: Uuid,
    expected_version: Option<i64>,
    action: StatusAction,
    reason: StatusReason,
) -> CoreResult<StoredCredential> {
    of_staff_office(tx, staff, id).await?;
    if !StatusReason::CHOOSABLE.contains(&reason) {
        return Err(ValidationError::new(
            Field::Reason,
            Problem::NotOneOf("a reason from the list"),
        )
        .into());
    }
    rules::may_change_status(staff, action)?;
    let actor = staff_actor(staff, reviewing_role(staff));
    let office = staff.account.office_code.as_ref().map(|o| o.as_str());
    apply(tx, ctx, id, expected_version, action, reason, actor, office).await
}

/// A partner system (API token) changes the status of a credential it issued through the
/// VC-API (the portal's own credentials are not theirs to manage: "not found").
pub async fn change_as_client(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    token: Uuid,
    id: Uuid,
    action: StatusAction,
    reason: StatusReason,
) -> CoreResult<StoredCredential> {
    match store::by_id(tx, id).await? {
        Some(c) if c.kind == CredentialKind::External => {}
        _ => return Err(CoreError::NotFound),
    }
    let actor = Actor::ApiClient {
        id: token.to_string(),
    };
    apply(tx, ctx, id, None, action, reason, actor, None).await
}

/// Moves credential `id` through the life cycle by `action` and records it.
#[allow(clippy::too_many_arguments)]
async fn apply(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    id: Uuid,
    expected_version: Option<i64>,
    action: StatusAction,
    reason: StatusReason,
    actor: Actor,
    office: Option<&str>,
) -> CoreResult<StoredCredential> {
    let credential = store::by_id(tx, id).await?.ok_or(CoreError::NotFound)?;
    let status = rules::transition(credential.status, action)?;
    let expected = expected_version.unwrap_or(credential.row_version);
    store::set_status(tx, credential.id, expected, status, reason, ctx.now).await?;
    let action = match status {
        CredentialStatus::Active => AuditAction::CredentialUnsuspend,
        CredentialStatus::Suspended => AuditAction::CredentialSuspend,
        CredentialStatus::Revoked => AuditAction::CredentialRevoke,
    };
    let details = serde_json::json!({
        "credential": credential.id.to_string(),
        "kind": credential.kind.as_str(),
        "reason": reason.as_str(),
    });
    let mut event = ctx
        .event(actor, action)
        .at_office(office)
        .with_details(details);
    if let Some(person) = credential.person {
        event = event.about(SubjectKind::Person, person.0.to_string());
    }
    audit::append(tx, &event).await?;
    if let (Some(person), false) = (
        credential.person,
        credential.kind == CredentialKind::External,
    ) {
        let news = CredentialNews::of_status(status).as_str();
        let about = About::Credential(credential.id);
        crate::news::leave(tx, ctx, person, about, news, Some(reason.as_str())).await?;
    }
    store::by_id(tx, credential.id)
        .await?
        .ok_or(CoreError::NotFound)
}

/// Revokes, inside a decision's transaction, the credentials whose content the decision made
/// untrue: the registration credentials of `people` and, when `household` is given, the
/// household's household credentials. One audit row per revoked credential; returns how many.
pub async fn revoke_untrue(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    actor: &Actor,
    office: Option<&str>,
    people: &[PersonId],
    household: Option<HouseholdId>,
) -> CoreResult<usize> {
    let reason = StatusReason::RecordChanged;
    let mut revoked: Vec<(Uuid, Option<Uuid>)> = Vec::new();
    for person in people {
        let ids = store::revoke_registration_of(tx, *person, reason, ctx.now).await?;
        revoked.extend(ids.into_iter().map(|id| (id, Some(person.0))));
    }
    if let Some(household) = household {
        revoked.extend(store::revoke_household_of(tx, household, reason, ctx.now).await?);
    }
    for (id, person) in &revoked {
        let mut event = ctx
            .event(actor.clone(), AuditAction::CredentialRevoke)
            .at_office(office)
            .with_details(
                serde_json::json!({ "credential": id.to_string(), "reason": reason.as_str() }),
            );
        if let Some(p) = person {
            event = event.about(SubjectKind::Person, p.to_string());
        }
        audit::append(tx, &event).await?;
        if let Some(p) = person {
            let about = About::Credential(*id);
            let reason = Some(reason.as_str());
            let news = CredentialNews::Revoked.as_str();
            crate::news::leave(tx, ctx, PersonId(*p), about, news, reason).await?;
        }
    }
    Ok(revoked.len())
}

/// How many lists each purpose has: one per [`LIST_ENTRIES`] positions in use.
async fn list_count(db: &mut Conn) -> CoreResult<i64> {
    Ok(store::highest_status_index(db).await?.unwrap_or(0) / LIST_ENTRIES + 1)
}

/// The URL of every status list this issuer publishes (both purposes, and the token that
/// combines them for SD-JWT VCs), for verifiers that keep
/// copies to check credentials without a network.
pub async fn list_urls(db: &mut Conn, issuer: &Issuer) -> CoreResult<Vec<String>> {
    let lists = list_count(db).await?;
    Ok((0..lists)
        .flat_map(|list| {
            [
                issuer.status_list_url(StatusPurpose::Revocation, list),
                issuer.status_list_url(StatusPurpose::Suspension, list),
                issuer.token_status_list_url(list),
            ]
        })
        .collect())
}

/// The bits of every status list of this issuer, as of now.
pub async fn lists(db: &mut Conn) -> CoreResult<HashMap<(StatusPurpose, i64), StatusList>> {
    let mut lists = HashMap::new();
    for list in 0..list_count(db).await? {
        for purpose in [StatusPurpose::Revocation, StatusPurpose::Suspension] {
            lists.insert((purpose, list), StatusList::new(MIN_ENTRIES)?);
        }
    }
    for (index, status) in store::status_bits(db).await? {
        let purpose = match status {
            CredentialStatus::Revoked => StatusPurpose::Revocation,
            CredentialStatus::Suspended => StatusPurpose::Suspension,
            CredentialStatus::Active => continue,
        };
        let position = usize::try_from(index % LIST_ENTRIES).unwrap_or(0);
        if let Some(bits) = lists.get_mut(&(purpose, index / LIST_ENTRIES)) {
            bits.set(position, true)?;
        }
    }
    Ok(lists)
}

/// The two-bit Token Status List of every list number (revocation and suspension combined),
/// for SD-JWT VCs.
pub fn token_lists(
    lists: &HashMap<(StatusPurpose, i64), StatusList>,
) -> CoreResult<HashMap<i64, TokenStatusList>> {
    let mut out = HashMap::new();
    for ((purpose, list), revoked) in lists {
        if *purpose != StatusPurpose::Revocation {
            continue;
        }
        let Some(suspended) = lists.get(&(StatusPurpose::Suspension, *list)) else {
            continue;
        };
        out.insert(*list, TokenStatusList::combine(revoked, suspended)?);
    }
    Ok(out)
}

/// How long a verifier may keep a status list token (seconds): the same minute as the
/// bitstring lists.
pub const TOKEN_TTL_SECONDS: i64 = 60;

/// The signed status list token (`statuslist+jwt`) of list `list`, if it exists.
pub async fn list_token(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    issuer: &Issuer,
    list: i64,
) -> CoreResult<String> {
    let tokens = token_lists(&lists(db).await?)?;
    let token = tokens.get(&list).ok_or(CoreError::NotFound)?;
    let uri = issuer.token_status_list_url(list);
    Ok(portal_credentials::sd_jwt_vc::status_list_token(
        &uri,
        token,
        ctx.now,
        TOKEN_TTL_SECONDS,
        &issuer.signer()?,
    )?)
}

/// The signed `BitstringStatusListCredential` of list `list` for `purpose`, if it exists.
pub async fn list_credential(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    issuer: &Issuer,
    purpose: StatusPurpose,
    list: i64,
) -> CoreResult<Value> {
    let bits = lists(db)
        .await?
        .remove(&(purpose, list))
        .ok_or(CoreError::NotFound)?;
    let url = issuer.status_list_url(purpose, list);
    let unsigned =
        status::status_list_credential(&url, &issuer.did(), purpose, &bits, ctx.now, None)?;
    Ok(jcs::sign(&unsigned, &issuer.signer()?, ctx.now)?)
}
