//! Deciding a request: approve or reject each change, apply the approved ones to the records,
//! and close the request, all in the caller's transaction.
//!
//! Each record is written only if it is still at the version the request was made against
//! (a compare-and-set on `record_version`): a record that changed since is a conflict shown to
//! the reviewer, never a silent overwrite. A change that makes a credential untrue revokes it
//! in the same transaction. The audit trail gets which fields changed, as salted hashes of the
//! old and new values.
//!
//! Owns: applying decisions. Must never: write a record the reviewer may not decide, or leave
//! a credential valid that the new record contradicts.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use portal_domain::audit::{Actor, AuditAction, SubjectKind};
use portal_domain::credential::affects_credentials;
use portal_domain::person::{Person, PersonId, RegistrationNumber};
use portal_domain::requests::{
    deciding_role, may_decide, new_member, transition, value_hash, Action, Change, Decision,
    MemberProposal, RequestId, RequestStatus,
};
use portal_domain::staff::Staff;
use portal_storage::requests::{self as store, StepActor, StoredRequest};
use portal_storage::{audit, people, staff as staff_store, StoreError, Tx};

use super::{decidable, notify, staff_request, today_at};
use crate::context::{staff_actor, Ctx};
use crate::credentials::status::revoke_untrue;
use crate::error::{CoreError, CoreResult};

/// What a decision did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    /// The request's new status.
    pub status: RequestStatus,
    /// Records changed, with their new versions.
    pub changed: Vec<(PersonId, i64)>,
    /// Members added, with their registration numbers.
    pub added: Vec<(PersonId, RegistrationNumber)>,
}

/// The decision at hand: who decides, in which role, about what.
struct Deciding<'a> {
    ctx: &'a Ctx<'a>,
    staff: &'a Staff,
    actor: Actor,
    request: &'a StoredRequest,
    decision: &'a Decision,
    today: NaiveDate,
}

impl Deciding<'_> {
    fn details(&self, mut details: serde_json::Value) -> serde_json::Value {
        if let Some(map) = details.as_object_mut() {
            map.insert("request".into(), self.request.id.0.to_string().into());
        }
        details
    }

    fn event(
        &self,
        action: AuditAction,
        person: PersonId,
        details: serde_json::Value,
    ) -> portal_domain::audit::AuditEvent {
        self.ctx
            .event(self.actor.clone(), action)
            .about(SubjectKind::Person, person.0.to_string())
            .at_office(portal_domain::audit::office_of(self.staff))
            .with_details(self.details(details))
    }
}

/// A reviewer's decision as the review form sends it.
#[derive(Clone, Debug)]
pub struct DecisionForm<'a> {
    /// Which request.
    pub id: RequestId,
    /// The `row_version` of the request the reviewer saw.
    pub expected_row_version: i64,
    /// Approve (true) or reject (false), per change, in order.
    pub approve: Vec<bool>,
    /// The rejection reason's code, when something is rejected.
    pub reason: Option<&'a str>,
    /// Free text for the person.
    pub note: Option<&'a str>,
}

/// Decides a request: approve or reject each change. Maker-checker applies; the approved
/// changes are applied only if the records did not change since the request.
pub async fn decide(
    tx: &mut Tx,
    ctx: &Ctx<'_>,
    staff: &Staff,
    form: DecisionForm<'_>,
) -> CoreResult<Applied> {
    let DecisionForm {
        id,
        expected_row_version,
        approve,
        reason,
        note,
    } = form;
    let request = staff_request(tx, staff, id).await?;
    let own = staff_store::household_of(tx, staff.id).await?;
    may_decide(staff, own, &decidable(&request))?;
    let decision = Decision::parse(request.changes.len(), approve, reason, note)
        .map_err(CoreError::Invalid)?;
    let outcome = decision.outcome();
    transition(request.status, Action::Decide(outcome))?;
    if request.row_version != expected_row_version {
        return Err(CoreError::Stale("request"));
    }
    store::close_with_decision(tx, id, expected_row_version, &decision, ctx.now).await?;
    let deciding = Deciding {
        ctx,
        staff,
        actor: staff_actor(staff, deciding_role(staff, request.kind)),
        request: &request,
        decision: &decision,
        today: today_at(tx, ctx, &request.office_code).await?,
    };
    let effects = apply(tx, &deciding).await?;
    let household_changed =
        (!effects.untrue.is_empty() || !effects.added.is_empty()).then_some(request.household_id);
    revoke_untrue(
        tx,
        ctx,
        &deciding.actor,
        portal_domain::audit::office_of(staff),
        &effects.untrue,
        household_changed,
    )
    .await?;
    let note = decision.note.as_deref();
    let role = deciding_role(staff, request.kind);
    store::insert_event(
        tx,
        id,
        StepActor::Staff(role.as_str()),
        "decide",
        outcome,
        note,
        ctx.now,
    )
    .await?;
    notify(tx, ctx, &request, "request.decided", outcome).await?;
    let details = serde_json::json!({
        "outcome": outcome.as_str(),
        "reason": decision.reason.map(|r| r.as_str()),
        "changes": effects.audit_changes,
    });
    let event = deciding.event(AuditAction::RequestDecide, request.person_id, details);
    audit::append(tx, &event).await?;
    Ok(Applied {
        status: outcome,
        changed: effects.changed,
        added: effects.added,
    })
}

/// What applying the approved changes did.
#[derive(Default)]
struct Effects {
    /// One entry per change (approved or not) for the audit trail: field and value hashes.
    audit_changes: Vec<serde_json::Value>,
    /// Records written, with their new versions.
    changed: Vec<(PersonId, i64)>,
    /// Members added.
    added: Vec<(PersonId, RegistrationNumber)>,
    /// People whose credentials the change made untrue.
    untrue: Vec<PersonId>,
}

/// Applies the approved changes to the records in memory, adds approved members, then writes
/// each touched record with a compare-and-set on its version.
async fn apply(tx: &mut Tx, deciding: &Deciding<'_>) -> CoreResult<Effects> {
    let request = deciding.request;
    let mut effects = Effects::default();
    let mut current: BTreeMap<PersonId, Person> = BTreeMap::new();
    for (change, approved) in request.changes.iter().zip(&deciding.decision.approve) {
        if let Some(id) = change.person() {
            if let std::collections::btree_map::Entry::Vacant(slot) = current.entry(id) {
                slot.insert(
                    people::by_id(tx, id)
                        .await?
                        .ok_or(StoreError::NotFound("person"))?,
                );
            }
        }
        match change {
            Change::Set {
                person, field, to, ..
            } => {
                let Some(record) = current.get_mut(person) else {
                    continue;
                };
                let old = field.current(&record.record);
                effects.audit_changes.push(serde_json::json!({
                    "person": person.0.to_string(),
                    "field": field.as_str(),
                    "approved": approved,
                    "old": value_hash(*person, *field, old.as_deref()),
                    "new": value_hash(*person, *field, Some(to)),
                }));
                if *approved {
                    field
                        .assign(&mut record.record, to, deciding.today)
                        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                }
            }
            Change::EndMembership { person, cause, .. } => {
                effects.audit_changes.push(serde_json::json!({
                    "person": person.0.to_string(),
                    "field": "registration_status",
                    "approved": approved,
                    "new": cause.status().as_str(),
                }));
                if let (true, Some(record)) = (*approved, current.get_mut(person)) {
                    record.record.registration_status = cause.status();
                }
            }
            Change::AddMember { member } => {
                effects.audit_changes.push(serde_json::json!({
                    "field": "member",
                    "approved": approved,
                    "relationship": member.relationship,
                }));
                if *approved {
                    effects.added.push(add_member(tx, deciding, member).await?);
                }
            }
        }
    }
    write_records(tx, deciding, &current, &mut effects).await?;
    Ok(effects)
}

/// Registers an approved new member with the next registration number of the office.
async fn add_member(
    tx: &mut Tx,
    deciding: &Deciding<'_>,
    member: &MemberProposal,
) -> CoreResult<(PersonId, RegistrationNumber)> {
    let request = deciding.request;
    let prefix = RegistrationNumber::prefix(&request.office_code, deciding.today);
    let last = people::last_registration_number(tx, &prefix).await?;
    let number = RegistrationNumber::next_after(&prefix, last.as_deref())
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let record = new_member(member, number.clone(), deciding.today)
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let id = PersonId::random();
    people::insert(tx, id, request.household_id, &record, deciding.ctx.now)
        .await
        .map_err(|e| match e {
            StoreError::Duplicate(_) => CoreError::Stale("registration number"),
            other => other.into(),
        })?;
    people::insert_version(tx, id, 1, &record, Some(request.id.0), deciding.ctx.now).await?;
    let details = serde_json::json!({ "household": request.household_id.0.to_string() });
    let event = deciding.event(AuditAction::PersonCreate, id, details);
    audit::append(tx, &event).await?;
    Ok((id, number))
}

/// Writes every record an approved change touched, each only if none of the fields its
/// approved changes set moved since the request was made (see [`Change::conflicts_with`]).
async fn write_records(
    tx: &mut Tx,
    deciding: &Deciding<'_>,
    current: &BTreeMap<PersonId, Person>,
    effects: &mut Effects,
) -> CoreResult<()> {
    let request = deciding.request;
    let now = deciding.ctx.now;
    for (id, person) in current {
        let touched = request
            .changes
            .iter()
            .zip(&deciding.decision.approve)
            .any(|(c, a)| *a && c.person() == Some(*id));
        if !touched {
            continue;
        }
        let base = request.base_versions.get(id).copied().unwrap_or(0);
        // The record as stored before this decision, for the history.
        let before = people::by_id(tx, *id)
            .await?
            .ok_or(StoreError::NotFound("person"))?;
        // Per field: a change elsewhere in the record since the request is no conflict.
        let conflict = request
            .changes
            .iter()
            .zip(&deciding.decision.approve)
            .any(|(c, a)| *a && c.person() == Some(*id) && c.conflicts_with(&before, base));
        if conflict {
            return Err(CoreError::Stale("record"));
        }
        if affects_credentials(&before.record, &person.record) {
            effects.untrue.push(*id);
        }
        people::insert_version(tx, *id, before.record_version, &before.record, None, now).await?;
        // Compare-and-set on the version just read: a writer in between is a conflict.
        if !people::update(tx, *id, before.record_version, &person.record, now).await? {
            return Err(CoreError::Stale("record"));
        }
        let version = before.record_version + 1;
        people::insert_version(tx, *id, version, &person.record, Some(request.id.0), now).await?;
        let fields: Vec<&serde_json::Value> = effects
            .audit_changes
            .iter()
            .filter(|c| {
                c["person"] == serde_json::Value::String(id.0.to_string()) && c["approved"] == true
            })
            .collect();
        let details = serde_json::json!({ "version": version, "fields": fields });
        let event = deciding.event(AuditAction::PersonUpdate, *id, details);
        audit::append(tx, &event).await?;
        effects.changed.push((*id, version));
    }
    Ok(())
}
