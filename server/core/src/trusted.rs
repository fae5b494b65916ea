//! Trusted helpers: a person grants, the helper accepts with the one-time code while signed in
//! with their own passkey, then switches their session to acting for the person; the person,
//! the helper or the office ends it. What a helper does is recorded as the helper's, for the
//! person (see [`Ctx::person_actor`]).
//!
//! Owns: granting, accepting, acting and ending. Must never: tell apart "no such code" from
//! "used", "expired" or "yours" (one answer for all), let a session act under a delegation that
//! is not live for its own account, or let staff end a delegation of a person they may not see.

use portal_domain::audit::{AuditAction, SubjectKind};
use portal_domain::delegation::{
    Acting, Delegation, DelegationId, EndedBy, Grant, Standing, CODE_LIFETIME, MAX_OPEN,
    MAX_PER_DAY,
};
use portal_domain::person::PersonId;
use portal_domain::session::Principal;
use portal_domain::staff::{Staff, StaffRole};
use portal_domain::tokens::TokenHash;
use portal_domain::{Field, Problem, ValidationError};
use portal_storage::delegations as store;
use portal_storage::{audit, Conn, Tx};
use rand_core::{OsRng, RngCore};
use uuid::Uuid;

use crate::access::viewable;
use crate::context::{person_actor, Ctx};
use crate::error::{CoreError, CoreResult};

/// Letters and digits of a code: no 0/O, 1/I, so it can be read out and typed.
const CODE_ALPHABET: &[u8; 32] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
/// Characters of a code (60 bits).
const CODE_LEN: usize = 12;

/// A new code, shown as `ABCD-EFGH-JKLM`.
fn new_code() -> String {
    let mut bytes = [0_u8; CODE_LEN];
    OsRng.fill_bytes(&mut bytes);
    let letters: Vec<char> = bytes
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(b & 31)]))
        .collect();
    letters
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// The code as typed, cleaned (case, spaces and dashes do not matter); `None` when it cannot
/// be a code.
pub fn normalise_code(raw: &str) -> Option<String> {
    let code: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '-'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (code.len() == CODE_LEN && code.bytes().all(|b| CODE_ALPHABET.contains(&b))).then_some(code)
}

fn code_hash(normalised: &str) -> TokenHash {
    TokenHash::of(format!("delegation-code\n{normalised}").as_bytes())
}

/// A delegation just granted, with the code to give the helper (shown once, never stored).
#[derive(Debug)]
pub struct Granted {
    /// The delegation.
    pub delegation: Delegation,
    /// The code.
    pub code: String,
}

/// The person lets a helper act for them: a delegation waiting for its code.
pub async fn grant(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    person: PersonId,
    grant: Grant,
) -> CoreResult<Granted> {
    let today = store::granted_since(tx, person, ctx.now - chrono::Duration::hours(24)).await?;
    if store::open_count(tx, person, ctx.now).await? >= MAX_OPEN || today >= MAX_PER_DAY {
        return Err(ValidationError::new(
            Field::HelperName,
            Problem::TooMany {
                max: usize::try_from(MAX_OPEN).unwrap_or(usize::MAX),
            },
        )
        .into());
    }
    let code = new_code();
    let delegation = Delegation {
        id: DelegationId(Uuid::new_v4()),
        person,
        helper: None,
        label: grant.label,
        limits: grant.limits,
        code_expires_at: Some(ctx.now + CODE_LIFETIME),
        created_at: ctx.now,
        accepted_at: None,
        expires_at: grant.expires_at,
        ended_at: None,
        ended_by: None,
    };
    let hash = normalise_code(&code)
        .map(|c| code_hash(&c))
        .ok_or(CoreError::NotFound)?;
    store::insert(tx, &delegation, &hash).await?;
    let event = ctx
        .person_event(person, AuditAction::DelegationGrant)
        .with_details(details(&delegation));
    audit::append(tx, &event).await?;
    Ok(Granted { delegation, code })
}

fn details(d: &Delegation) -> serde_json::Value {
    serde_json::json!({
        "delegation": d.id.0.to_string(),
        "may_book": d.limits.may_book,
        "may_request": d.limits.may_request,
        "expires_at": d.expires_at.to_rfc3339(),
    })
}

/// The helper, signed in as themselves, enters the code. Any code that cannot be used (unknown,
/// used, expired, ended, their own) is "not found".
pub async fn accept(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    helper: PersonId,
    raw_code: &str,
) -> CoreResult<Delegation> {
    let code = normalise_code(raw_code).ok_or(CoreError::NotFound)?;
    let delegation = store::by_code(tx, &code_hash(&code))
        .await?
        .filter(|d| d.standing(ctx.now) == Standing::Invited && d.person != helper)
        .ok_or(CoreError::NotFound)?;
    if !store::accept(tx, delegation.id, helper, ctx.now).await? {
        return Err(CoreError::NotFound);
    }
    let event = ctx
        .event(person_actor(helper), AuditAction::DelegationAccept)
        .about(SubjectKind::Person, delegation.person.0.to_string())
        .with_details(details(&delegation));
    audit::append(tx, &event).await?;
    Ok(Delegation {
        helper: Some(helper),
        accepted_at: Some(ctx.now),
        code_expires_at: None,
        ..delegation
    })
}

/// Who ends a delegation.
#[derive(Clone, Copy, Debug)]
pub enum Ender<'a> {
    /// The person who granted it.
    Person(PersonId),
    /// Its helper.
    Helper(PersonId),
    /// A staff member who may see the person.
    Staff(&'a Staff),
}

/// Ends a delegation now. "Not found" for one the caller has no part in; ending one that has
/// ended already changes nothing.
pub async fn end(tx: &mut Tx, ctx: &Ctx<'_>, by: Ender<'_>, id: DelegationId) -> CoreResult<()> {
    let delegation = store::by_id(tx, id).await?.ok_or(CoreError::NotFound)?;
    let (ended_by, event) = match by {
        Ender::Person(p) if p == delegation.person => (
            EndedBy::Person,
            ctx.person_event(p, AuditAction::DelegationEnd),
        ),
        Ender::Helper(h) if delegation.helper == Some(h) => (
            EndedBy::Helper,
            ctx.event(person_actor(h), AuditAction::DelegationEnd)
                .about(SubjectKind::Person, delegation.person.0.to_string()),
        ),
        Ender::Staff(staff) => {
            viewable(tx, staff, delegation.person).await?;
            (
                EndedBy::Staff,
                ctx.staff_event(
                    staff,
                    StaffRole::Clerk,
                    AuditAction::DelegationEnd,
                    delegation.person,
                    serde_json::json!({}),
                ),
            )
        }
        _ => return Err(CoreError::NotFound),
    };
    if store::end(tx, id, ended_by, ctx.now).await? {
        audit::append(tx, &event.with_details(details(&delegation))).await?;
    }
    Ok(())
}

/// A person's delegations: those they granted and those they accepted as a helper (with the
/// name of the person they help).
#[derive(Clone, Debug, Default)]
pub struct Mine {
    /// Granted, newest first.
    pub granted: Vec<Delegation>,
    /// Accepted as a helper, newest first, with the helped person's name.
    pub helping: Vec<(Delegation, String)>,
}

/// Everything about trusted helpers for `person`.
pub async fn mine(db: &mut Conn, person: PersonId) -> CoreResult<Mine> {
    let granted = store::granted_by(db, person).await?;
    let mut helping = Vec::new();
    for d in store::helping(db, person).await? {
        let name = name_of(db, d.person).await?;
        helping.push((d, name));
    }
    Ok(Mine { granted, helping })
}

/// A person's name as the portal writes it (given and family name).
pub async fn name_of(db: &mut Conn, person: PersonId) -> CoreResult<String> {
    let person = portal_storage::people::by_id(db, person)
        .await?
        .ok_or(CoreError::NotFound)?;
    Ok(format!(
        "{} {}",
        person.record.given_name.as_str(),
        person.record.family_name.as_str()
    ))
}

/// The helper's session `session` starts acting under delegation `id`.
pub async fn act(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    session: &TokenHash,
    helper: PersonId,
    id: DelegationId,
) -> CoreResult<Acting> {
    let delegation = store::by_id(tx, id)
        .await?
        .filter(|d| d.lets(helper, ctx.now))
        .ok_or(CoreError::NotFound)?;
    store::set_acting(tx, session, Some(id)).await?;
    let event = ctx
        .event(person_actor(helper), AuditAction::DelegationAct)
        .about(SubjectKind::Person, delegation.person.0.to_string())
        .with_details(details(&delegation));
    audit::append(tx, &event).await?;
    Ok(Acting {
        delegation: id,
        person: delegation.person,
        helper,
        limits: delegation.limits,
    })
}

/// The session stops acting for anyone.
pub async fn stop(db: &mut Conn, session: &TokenHash) -> CoreResult<()> {
    store::set_acting(db, session, None).await?;
    Ok(())
}

/// What the session `session` of `principal` acts under at this instant: the delegation must
/// still let that account act; one that no longer does is cleared from the session.
pub async fn acting(
    db: &mut Conn,
    ctx: &Ctx<'_>,
    session: &TokenHash,
    principal: Option<Principal>,
    id: DelegationId,
) -> CoreResult<Option<Acting>> {
    let Some(Principal::Person(helper)) = principal else {
        store::set_acting(db, session, None).await?;
        return Ok(None);
    };
    match store::by_id(db, id).await? {
        Some(d) if d.lets(helper, ctx.now) => Ok(Some(Acting {
            delegation: id,
            person: d.person,
            helper,
            limits: d.limits,
        })),
        _ => {
            store::set_acting(db, session, None).await?;
            Ok(None)
        }
    }
}

/// A helper opened a page of the person's data: one audit row per page.
pub async fn viewed(tx: &mut Tx, ctx: &Ctx<'_>, acting: Acting, page: &str) -> CoreResult<()> {
    let event = ctx
        .helped(Some(acting))
        .person_event(acting.person, AuditAction::HelperView)
        .with_details(serde_json::json!({ "page": page }));
    audit::append(tx, &event).await?;
    Ok(())
}

/// The delegations of a person a staff member may see, both ways: who helps them (granted)
/// and whom they help, with the other person's id.
pub async fn for_staff(db: &mut Conn, staff: &Staff, person: PersonId) -> CoreResult<Mine> {
    viewable(db, staff, person).await?;
    mine(db, person).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_out_and_typed_any_way_are_the_same_code() {
        let code = new_code();
        assert_eq!(code.len(), 14);
        let plain = normalise_code(&code).unwrap();
        assert_eq!(
            normalise_code(&code.to_lowercase().replace('-', " ")),
            Some(plain.clone())
        );
        assert_eq!(
            code_hash(&plain),
            code_hash(&normalise_code(&code).unwrap())
        );
        assert_ne!(new_code(), code, "random");
        for bad in [
            "",
            "ABCD-EFGH-JKL",
            "ABCD-EFGH-JKLO",
            "ABCD-EFGH-JKLM-N",
            "ABCD EFGH JK1M",
        ] {
            assert_eq!(normalise_code(bad), None, "{bad}");
        }
    }
}
